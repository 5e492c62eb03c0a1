/* Loading what the compliance engine needs, and the one enforcing path that
 * records a contact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/db/account_store.h"
#include "core/db/db.h"
#include "core/db/debtor_sql.h"
#include "core/db/store.h"
#include "core/fmt.h"
#include "core/zone.h"

static unsigned channel_mask(const char *pg_array)
{
    unsigned mask = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", pg_array);
    for (char *tok = strtok(buf, "{},"); tok; tok = strtok(NULL, "{},")) {
        enum channel c;
        if (channel_parse(tok, &c))
            mask |= CH_BIT(c);
    }
    return mask;
}

static bool b(const PGresult *r, int row, int col) { return PQgetvalue(r, row, col)[0] == 't'; }
static int i32(const PGresult *r, int row, int col) { return atoi(PQgetvalue(r, row, col)); }

/* The policies, then the weights as rows of the same shape: a weight's row
 * has its factor first, its weight last and nothing between. */
static const char policies_sql[] =
    "SELECT code, extract(epoch FROM quiet_start)::int / 60, extract(epoch FROM quiet_end)::int / 60,"
    "       quiet_channels, preferred_window, phone_daily_cap, calls_in_7_days, after_conversation,"
    "       extract(epoch FROM sms_interval)::int, extract(epoch FROM email_interval)::int,"
    "       extract(epoch FROM letter_interval)::int, workplace_needs_consent, employer_prohibition,"
    "       employer_email_blocked, cease_channels, attorney_channels, dispute_channels,"
    "       bankruptcy_channels, deceased_channels, sms_needs_consent, email_needs_consent,"
    "       electronic_opt_out_notice, NULL::float8"
    "  FROM dun.policies"
    " UNION ALL "
    "SELECT factor, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    "       NULL, NULL, NULL, NULL, NULL, NULL, weight"
    "  FROM dun.priority_weights"
    " ORDER BY 1";
enum { WEIGHT_COLUMN = 22 };

static void fill_policy(const PGresult *r, int i, struct policy *p)
{
    snprintf(p->code, sizeof p->code, "%s", PQgetvalue(r, i, 0));
    p->quiet_start = i32(r, i, 1);
    p->quiet_end = i32(r, i, 2);
    p->quiet_channels = channel_mask(PQgetvalue(r, i, 3));
    p->preferred_window = b(r, i, 4);
    p->phone_daily_cap = i32(r, i, 5);
    p->calls_in_7_days = i32(r, i, 6);
    p->after_conversation = b(r, i, 7);
    p->sms_interval = i32(r, i, 8);
    p->email_interval = i32(r, i, 9);
    p->letter_interval = i32(r, i, 10);
    p->workplace_needs_consent = b(r, i, 11);
    p->employer_prohibition = b(r, i, 12);
    p->employer_email_blocked = b(r, i, 13);
    p->cease_channels = channel_mask(PQgetvalue(r, i, 14));
    p->attorney_channels = channel_mask(PQgetvalue(r, i, 15));
    p->dispute_channels = channel_mask(PQgetvalue(r, i, 16));
    p->bankruptcy_channels = channel_mask(PQgetvalue(r, i, 17));
    p->deceased_channels = channel_mask(PQgetvalue(r, i, 18));
    p->sms_needs_consent = b(r, i, 19);
    p->email_needs_consent = b(r, i, 20);
    p->electronic_opt_out_notice = b(r, i, 21);
}

bool store_policies_load(struct db *db, struct policy **out, size_t *n, struct priority_weights *weights, char *err,
                         size_t errlen)
{
    PGresult *r = db_query(db, policies_sql, 0, NULL, err, errlen);
    *out = NULL;
    *n = 0;
    if (!r)
        return false;
    int rows = PQntuples(r);
    *out = calloc(rows > 0 ? (size_t)rows : 1, sizeof **out);
    if (!*out) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    if (weights)
        priority_weights_default(weights);
    for (int i = 0; i < rows; i++) {
        if (PQgetisnull(r, i, WEIGHT_COLUMN))
            fill_policy(r, i, &(*out)[(*n)++]);
        else if (weights)
            priority_weights_set(weights, PQgetvalue(r, i, 0), strtod(PQgetvalue(r, i, WEIGHT_COLUMN), NULL));
    }
    PQclear(r);
    return true;
}

const struct policy *policy_find(const struct policy *p, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].code, code) == 0)
            return &p[i];
    return NULL;
}

dun_time compliance_history_since(const struct policy *p, size_t n, dun_time now)
{
    dun_time back = 8 * 86400; /* 7-in-7 and the conversation rule look back 7 local days */
    for (size_t i = 0; i < n; i++) {
        int longest = p[i].sms_interval;
        if (p[i].email_interval > longest)
            longest = p[i].email_interval;
        if (p[i].letter_interval > longest)
            longest = p[i].letter_interval;
        if (longest + 86400 > back)
            back = longest + 86400;
    }
    return now - back;
}

/* --- debtors -------------------------------------------------------------- */

/* The accounts a debtor_query names, by one of three conditions (separate
 * statements, so that each is planned on its own index). */
#define ACCOUNTS_SELECT "SELECT " DEBTOR_COLUMNS " FROM dun.accounts a" DEBTOR_POLICY_JOIN " WHERE "
#define BY_AGENT STORE_WORKLIST " AND a.status = 'active'"
#define BY_IDS "a.id = ANY ($1::bigint[])"
#define BY_REF "a.ref = $1"

enum by { AGENT, IDS, REF };
static const char *const accounts_sql[] = {
    [AGENT] = ACCOUNTS_SELECT BY_AGENT " ORDER BY a.id",
    [IDS] = ACCOUNTS_SELECT BY_IDS " ORDER BY a.id",
    [REF] = ACCOUNTS_SELECT BY_REF " ORDER BY a.id",
};
static const char *const lock_sql[] = {
    [AGENT] = "SELECT a.id FROM dun.accounts a WHERE " BY_AGENT " ORDER BY a.id FOR UPDATE",
    [IDS] = "SELECT a.id FROM dun.accounts a WHERE " BY_IDS " ORDER BY a.id FOR UPDATE",
    [REF] = "SELECT a.id FROM dun.accounts a WHERE " BY_REF " ORDER BY a.id FOR UPDATE",
};

/* The accounts' contact points and recent history in one statement ($1
 * the accounts, $2 and $3 the history's span): one round trip for what
 * every path that judges contact loads. Columns: account, what ('phone',
 * 'email' or 'event'), kind or channel, number/address or outcome, bad or
 * outbound, on the do-not-call list or consent given, the event's instant
 * (NULL for a point). Points in the order of kind and target, events in
 * time order. */
static const char points_events_sql[] =
    "SELECT p.account_id, 'phone', p.kind, p.number, p.bad,"
    "       EXISTS (SELECT 1 FROM dun.dnc d WHERE d.number = p.number), NULL::bigint"
    "  FROM dun.phones p WHERE p.account_id = ANY($1::bigint[])"
    " UNION ALL "
    "SELECT e.account_id, 'email', e.kind, e.address, e.bad, false, NULL"
    "  FROM dun.emails e WHERE e.account_id = ANY($1::bigint[])"
    " UNION ALL "
    "SELECT account_id, 'event', channel, outcome, direction = 'out', consent_given, extract(epoch FROM at)::bigint"
    "  FROM dun.contacts"
    " WHERE account_id = ANY($1::bigint[]) AND at >= to_timestamp($2) AND at <= to_timestamp($3)"
    "   AND channel <> 'visit'"
    " ORDER BY 1, 2, 7, 3, 4";

/* Every stored zone ("A B C", as array_to_string gives them) into the
 * record, with room for binding them; false when out of memory. */
static bool keep_zone_names(struct debtor_record *rec, const char *list)
{
    size_t len = strlen(list);
    rec->zone_names = malloc(len + 1);
    if (!rec->zone_names)
        return false;
    char *out = rec->zone_names;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, " ");
        if (n > 0) {
            memcpy(out, p, n);
            out[n] = '\0';
            out += n + 1;
            rec->nzone_names++;
        }
        p += n + (p[n] == ' ');
    }
    rec->zones = calloc(rec->nzone_names > 0 ? (size_t)rec->nzone_names : 1, sizeof *rec->zones);
    return rec->zones != NULL;
}

/* Row i's facts from column c on (DEBTOR_COLUMNS' order). */
static bool fill_account(const PGresult *r, int i, int c, struct debtor_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->account_id = strtoll(PQgetvalue(r, i, c), NULL, 10);
    fmt_copy_str(rec->ref, sizeof rec->ref, PQgetvalue(r, i, c + 1));
    fmt_copy_str(rec->policy_code, sizeof rec->policy_code, PQgetvalue(r, i, c + 2));
    if (!keep_zone_names(rec, PQgetvalue(r, i, c + 3)))
        return false;
    struct debtor *d = &rec->debtor;
    d->has_window = b(r, i, c + 4);
    d->window_start = i32(r, i, c + 5);
    d->window_end = i32(r, i, c + 6);
    d->cease = b(r, i, c + 7);
    d->attorney = b(r, i, c + 8);
    d->dispute = b(r, i, c + 9);
    d->bankruptcy = b(r, i, c + 10);
    d->deceased = b(r, i, c + 11);
    d->employer_prohibits_contact = b(r, i, c + 12);
    d->workplace_contact_consent = b(r, i, c + 13);
    d->sms_consent = b(r, i, c + 14);
    d->email_consent = b(r, i, c + 15);
    d->sms_opt_out = b(r, i, c + 16);
    d->email_opt_out = b(r, i, c + 17);
    fmt_copy_str(d->status, sizeof d->status, PQgetvalue(r, i, c + 19));
    d->has_balance = true;
    d->balance_minor = strtoll(PQgetvalue(r, i, c + 20), NULL, 10);
    fmt_copy_str(d->currency, sizeof d->currency, PQgetvalue(r, i, c + 21));
    return true;
}

static enum point_kind kind_of(const char *channel, const char *kind)
{
    if (strcmp(channel, "email") == 0)
        return strcmp(kind, "work") == 0 ? PK_WORK_EMAIL : PK_PERSONAL_EMAIL;
    return strcmp(kind, "mobile") == 0 ? PK_MOBILE : strcmp(kind, "work") == 0 ? PK_WORK : PK_HOME;
}

/* Append to a record's growable array (capacity doubles; count in *n). */
static void *grow(void *arr, size_t n, size_t size)
{
    if (n & (n - 1)) /* not a power of two: room is left */
        return arr;
    return realloc(arr, (n ? n * 2 : 1) * size);
}

static bool add_point(struct debtor_record *rec, const struct contact_point *pt)
{
    struct contact_point *p = grow(rec->points, rec->debtor.npoints, sizeof *p);
    if (!p)
        return false;
    rec->points = p;
    p[rec->debtor.npoints++] = *pt;
    return true;
}

/* Row i as a contact point of its record. */
static bool take_point(const PGresult *r, int i, struct debtor_record *rec)
{
    struct contact_point pt = {0};
    pt.channel = strcmp(PQgetvalue(r, i, 1), "email") == 0 ? CH_EMAIL : CH_PHONE;
    pt.kind = kind_of(PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
    fmt_copy_str(pt.target, sizeof pt.target, PQgetvalue(r, i, 3));
    pt.bad = b(r, i, 4);
    pt.dnc = b(r, i, 5);
    return add_point(rec, &pt);
}

/* Row i as a contact event of its record. */
static bool take_event(const PGresult *r, int i, struct debtor_record *rec)
{
    struct contact_event *e = grow(rec->events, rec->debtor.nevents, sizeof *e);
    if (!e)
        return false;
    rec->events = e;
    e = &e[rec->debtor.nevents++];
    memset(e, 0, sizeof *e);
    e->at = strtoll(PQgetvalue(r, i, 6), NULL, 10);
    channel_parse(PQgetvalue(r, i, 2), &e->channel);
    fmt_copy_str(e->outcome, sizeof e->outcome, PQgetvalue(r, i, 3));
    e->outbound = b(r, i, 4);
    e->consent_given = b(r, i, 5);
    return true;
}

static int64_t record_id(const void *items, size_t i) { return ((const struct debtor_record *)items)[i].account_id; }

bool debtor_sink_take(struct debtor_sink *k, const PGresult *r, int i, int col)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 64;
        struct debtor_record *recs = realloc(k->recs, cap * sizeof *recs); /* nothing points into a record yet */
        if (!recs)
            return !(k->out_of_memory = true);
        k->recs = recs;
        k->cap = cap;
    }
    struct debtor_record *rec = &k->recs[k->n++];
    bool filled = fill_account(r, i, col, rec); /* zeroes it first: freeing it is safe either way */
    const char *addr = PQgetvalue(r, i, col + 18);
    if (filled && *addr) {
        struct contact_point pt = {.channel = CH_LETTER, .kind = PK_ADDRESS};
        fmt_copy_str(pt.target, sizeof pt.target, addr);
        filled = add_point(rec, &pt);
    }
    k->out_of_memory = !filled;
    return filled;
}

static bool take_account(const PGresult *r, int i, void *ctx) { return debtor_sink_take(ctx, r, i, 0); }

static int by_account(const void *x, const void *y)
{
    int64_t a = ((const struct debtor_record *)x)->account_id, b2 = ((const struct debtor_record *)y)->account_id;
    return (a > b2) - (a < b2);
}

/* Points and history in one statement for every account: sliced by
 * accounts, PostgreSQL scans the whole of phones and contacts once per
 * slice (measured: 0.7 s more at a 33k-row queue). The rows come whole:
 * a few small columns each, where libpq's single-row mode costs more CPU
 * (a result per row) than the memory it saves. */
static bool load_points_events(struct db *db, const struct debtor_query *q, struct debtor_record *recs, size_t n,
                               char *err, size_t errlen)
{
    char since[FMT_INT_MAX], now[FMT_INT_MAX];
    char *ids = db_id_array_of(recs, n, record_id);
    if (!ids) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    fmt_put_int64(since, q->since);
    fmt_put_int64(now, q->now);
    const char *p[] = {ids, since, now};
    PGresult *r = db_query(db, points_events_sql, 3, p, err, errlen);
    free(ids);
    if (!r)
        return false;
    bool ok = true;
    for (int i = 0; i < PQntuples(r) && ok; i++) {
        struct debtor_record *rec = debtor_records_find(recs, n, strtoll(PQgetvalue(r, i, 0), NULL, 10));
        if (rec)
            ok = strcmp(PQgetvalue(r, i, 1), "event") == 0 ? take_event(r, i, rec) : take_point(r, i, rec);
    }
    PQclear(r);
    if (!ok)
        snprintf(err, errlen, "out of memory");
    return ok;
}

bool debtor_sink_finish(struct db *db, bool ok, const struct debtor_query *q, struct debtor_sink *k,
                        struct debtor_record **out, size_t *n, char *err, size_t errlen)
{
    /* never NULL on success: callers index it when n is 0 too */
    *out = k->recs ? k->recs : calloc(1, sizeof **out);
    *n = k->n;
    bool out_of_memory = k->out_of_memory;
    memset(k, 0, sizeof *k);
    if (out_of_memory || (ok && !*out)) {
        snprintf(err, errlen, "out of memory");
        ok = false;
    }
    if (ok)
        qsort(*out, *n, sizeof **out, by_account);
    ok = ok && (*n == 0 || load_points_events(db, q, *out, *n, err, errlen));
    if (!ok)
        debtor_records_free(out, n);
    return ok;
}

bool store_debtors_load(struct db *db, const struct debtor_query *q, struct debtor_record **out,
                        size_t *n, char *err, size_t errlen)
{
    enum by by = q->agent_id > 0 ? AGENT : q->naccount_ids > 0 ? IDS : REF;
    char agent[FMT_INT_MAX];
    char *wanted = by == IDS ? db_id_array(q->account_ids, q->naccount_ids) : NULL;
    fmt_put_int64(agent, q->agent_id);
    const char *p[] = {by == AGENT ? agent : by == IDS ? wanted : q->ref ? q->ref : ""};
    *out = NULL;
    *n = 0;
    if (by == IDS && !wanted) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    if (q->for_update) {
        PGresult *lock = db_query(db, lock_sql[by], 1, p, err, errlen);
        if (!lock) {
            free(wanted);
            return false;
        }
        PQclear(lock);
    }
    struct debtor_sink sink = {0};
    bool ok = db_query_each(db, accounts_sql[by], 1, p, take_account, &sink, err, errlen);
    free(wanted);
    return debtor_sink_finish(db, ok, q, &sink, out, n, err, errlen);
}

void debtor_records_bind(struct debtor_record *r, size_t n, struct zone_cache *zones)
{
    char err[160];
    for (size_t i = 0; i < n; i++) {
        struct debtor *d = &r[i].debtor;
        d->nzones = 0;
        d->unknown_zone = NULL;
        const char *name = r[i].zone_names;
        for (int z = 0; z < r[i].nzone_names; z++, name += strlen(name) + 1) {
            const struct zone *zone = zone_cache_get(zones, name, err, sizeof err);
            if (zone)
                r[i].zones[d->nzones++] = zone;
            else if (!d->unknown_zone)
                d->unknown_zone = name;
        }
        d->zones = r[i].zones;
        d->points = r[i].points;
        d->events = r[i].events;
    }
}

struct debtor_record *debtor_records_find(struct debtor_record *r, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r[mid].account_id < id)
            lo = mid + 1;
        else if (r[mid].account_id > id)
            hi = mid;
        else
            return &r[mid];
    }
    return NULL;
}

void debtor_records_free(struct debtor_record **r, size_t *n)
{
    for (size_t i = 0; *r && i < *n; i++) {
        free((*r)[i].zone_names);
        free((*r)[i].zones);
        free((*r)[i].points);
        free((*r)[i].events);
    }
    free(*r);
    *r = NULL;
    *n = 0;
}

/* --- the enforcing path ------------------------------------------------------- */

static const struct contact_point *find_point(const struct debtor_record *rec, enum channel ch,
                                              const char *target)
{
    enum channel want = ch == CH_SMS ? CH_PHONE : ch;
    for (size_t i = 0; i < rec->debtor.npoints; i++)
        if (rec->points[i].channel == want && strcasecmp(rec->points[i].target, target) == 0)
            return &rec->points[i];
    return NULL;
}

static bool insert_contact(struct db *db, const struct debtor_record *rec, const struct contact_record *c,
                           int64_t *contact_id, char *err, size_t errlen)
{
    char id[32], at[32], agent[32];
    snprintf(id, sizeof id, "%lld", (long long)rec->account_id);
    snprintf(at, sizeof at, "%lld", (long long)c->at);
    snprintf(agent, sizeof agent, "%lld", (long long)c->agent_id);
    const char *p[] = {id, channel_name(c->channel), c->outbound ? "out" : "in", at, c->outcome,
                       c->agent_id > 0 ? agent : NULL, c->target ? c->target : "",
                       c->consent_given ? "t" : "f", c->note ? c->note : "", c->upset ? "t" : "f"};
    PGresult *r = db_query(db,
                   "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id,"
                   " target, consent_given, note, upset)"
                   " VALUES ($1, $2, $3, to_timestamp($4), $5, $6, $7, $8, $9, $10) RETURNING id",
                   10, p, err, errlen);
    if (!r)
        return false;
    if (contact_id)
        *contact_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    /* A colleague's screen on the account follows, once this commits. */
    return db_notify(db, "contact", rec->account_id, err, errlen);
}

/* What the message is for sets some reasons aside: the answer to a STOP,
 * thanks for a payment. */
static void waive_for_purpose(const struct contact_record *c, bool confirmation, struct verdict *v)
{
    if (confirmation)
        verdict_waive_for_confirmation(v);
    if (c->thanks)
        verdict_waive_for_thanks(v);
}

void store_contact_verdict(const struct policy *pol, const struct debtor_record *rec, struct contact_record *c,
                           bool confirmation, struct verdict *v)
{
    const struct contact_point *pt = find_point(rec, c->channel, c->target ? c->target : "");
    compliance_check(pol, &rec->debtor, c->channel, pt, c->at, v);
    waive_for_purpose(c, confirmation, v);
    if (c->outbound && !v->allowed && v->has_next && c->wait_for_window) {
        /* next_allowed is where every time rule has cleared: check there. */
        struct verdict later;
        compliance_check(pol, &rec->debtor, c->channel, pt, v->next_allowed, &later);
        waive_for_purpose(c, confirmation, &later);
        if (later.allowed) {
            c->at = v->next_allowed;
            *v = later;
        }
    }
}

/* The account's facts, locked, and the verdict for c: false on a store
 * error. The caller frees recs and pols. */
static bool verdict_in_tx(struct db *db, struct contact_record *c, struct zone_cache *zones, bool confirmation,
                          struct verdict *v, struct debtor_record **recs, size_t *nrecs, struct policy **pols,
                          size_t *npols, char *err, size_t errlen)
{
    memset(v, 0, sizeof *v);
    if (!store_policies_load(db, pols, npols, NULL, err, errlen))
        return false;
    /* Everything on record counts, including entries after `at`: the lock
     * serialises writers, and a backdated entry must respect the caps too. */
    struct debtor_query q = {.ref = c->ref, .for_update = true, .now = c->at + 400LL * 86400,
                             .since = compliance_history_since(*pols, *npols, c->at)};
    if (!store_debtors_load(db, &q, recs, nrecs, err, errlen))
        return false;
    if (*nrecs != 1) {
        snprintf(err, errlen, "no account with ref \"%s\"", c->ref);
        return false;
    }
    debtor_records_bind(*recs, *nrecs, zones);
    /* No policy: refused, no_policy. */
    store_contact_verdict(policy_find(*pols, *npols, (*recs)[0].policy_code), &(*recs)[0], c, confirmation, v);
    return true;
}

int store_verdict_in_tx(struct db *db, const struct contact_record *c, struct zone_cache *zones, struct verdict *v,
                        char *err, size_t errlen)
{
    struct contact_record then = *c;
    struct policy *pols = NULL;
    size_t npols = 0, nrecs = 0;
    struct debtor_record *recs = NULL;
    int result = verdict_in_tx(db, &then, zones, false, v, &recs, &nrecs, &pols, &npols, err, errlen)
        ? v->allowed : -1;
    debtor_records_free(&recs, &nrecs);
    free(pols);
    return result;
}

int store_contact_in_tx(struct db *db, struct contact_record *c, struct zone_cache *zones,
                        bool confirmation, struct verdict *v, int64_t *account_id, int64_t *contact_id,
                        char *err, size_t errlen)
{
    struct policy *pols = NULL;
    size_t npols = 0, nrecs = 0;
    struct debtor_record *recs = NULL;
    int result = -1;
    if (!verdict_in_tx(db, c, zones, confirmation, v, &recs, &nrecs, &pols, &npols, err, errlen))
        goto out;
    if (account_id)
        *account_id = recs[0].account_id;
    if (c->outbound && !v->allowed) {
        result = 0;
        goto out;
    }
    result = insert_contact(db, &recs[0], c, contact_id, err, errlen) ? 1 : -1;
    /* A call on the account, either way, is the callback worked. */
    if (result == 1 && c->channel == CH_PHONE &&
        store_callbacks_complete_in_tx(db, recs[0].account_id, c->at, "contact", c->agent_id, err, errlen) < 0)
        result = -1;
    if (result == 1 && !store_outcome_follows_in_tx(db, recs[0].account_id, c, err, errlen))
        result = -1;
out:
    debtor_records_free(&recs, &nrecs);
    free(pols);
    return result;
}

int store_log_contact(struct db *db, const struct contact_record *c, struct zone_cache *zones,
                      struct verdict *v, char *err, size_t errlen)
{
    struct contact_record now = *c;
    now.wait_for_window = false; /* a logged contact happened at its time */
    char e2[128];
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    int r = store_contact_in_tx(db, &now, zones, false, v, NULL, NULL, err, errlen);
    if (r == 1 && !db_exec(db, "COMMIT", 0, NULL, err, errlen))
        r = -1;
    if (r != 1)
        db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
    return r;
}
