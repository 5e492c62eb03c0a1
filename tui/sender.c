/* The sender: outbox -> courier -> outbox. See sender.h. */
#include "tui/sender.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/channels/courier.h"
#include "core/channels/provider.h"
#include "core/db/db.h"
#include "core/db/outbox.h"
#include "tui/cli.h"
#include "tui/messaging.h"
#include "tui/mono.h"

enum { LANES = 2, MAX_PARALLEL = 16 };

/* One provider's traffic. Courier tags are outbox id * LANES + lane index,
 * so a finished message finds its lane. */
struct lane {
    enum channel ch;
    struct provider *provider;
    double rate;                 ///< messages per second; 0: as fast as it answers
    int parallel;                ///< messages in flight at once (a batch for a provider with no connection)
    double next_slot;            ///< monotonic time the next message may start
    dun_time paused_until;       ///< 0: not paused
    bool on_record;              ///< a pause may be in dun.provider_status
    struct outbox_item *waiting; ///< claimed, waiting for their slot (2 * parallel of them: a batch ahead)
    int64_t *starting;           ///< room for the ids of those starting together (2 * parallel)
    int nwaiting;
    double claimed_at;           ///< monotonic time of the claim that filled waiting
    bool stalled;                ///< a batch ahead waited too long: none until a transfer finishes
    bool more;                   ///< the last claim was full: more may be due
};

struct result {
    int64_t tag;
    struct send_outcome out;
};

struct sender {
    struct db *db;
    struct messaging *m;
    struct zone_cache *zones;
    struct courier *courier;
    struct lane lanes[LANES];
    struct result *results; ///< finished, not yet recorded
    int nresults, capresults;
    int64_t *held;          ///< every message claimed and not yet recorded
    int nheld, capheld;
    int64_t *maybe;         ///< claimed as the connection broke: perhaps in sending, never started
    int nmaybe, capmaybe;
    bool blocked;           ///< the last pump failed: wait for the tick, do not spin
    bool stopping;          ///< start nothing new
    int pause_seconds;
    dun_time next_sweep;    ///< when to look for sent SMS past the delivery-report horizon
    char alert[400];
};

static int setting_int(struct messaging *m, const char *key, const char *env, int dflt, int lo, int hi)
{
    const char *v = messaging_get(m, key, env, NULL);
    int n = v ? atoi(v) : dflt;
    return n < lo ? lo : n > hi ? hi : n;
}

static bool lane_init(struct sender *s, int i, enum channel ch, struct provider *p, const char *prefix)
{
    char key[32], env[40];
    struct lane *l = &s->lanes[i];
    l->ch = ch;
    l->provider = p;
    snprintf(key, sizeof key, "%s_rate", prefix);
    snprintf(env, sizeof env, "DUN_%s_RATE", ch == CH_SMS ? "SMS" : "EMAIL");
    l->rate = atof(messaging_get(s->m, key, env, "0"));
    if (!(l->rate >= 0)) /* also NaN */
        l->rate = 0;
    if (l->rate > 10000)
        l->rate = 10000;
    snprintf(key, sizeof key, "%s_connections", prefix);
    snprintf(env, sizeof env, "DUN_%s_CONNECTIONS", ch == CH_SMS ? "SMS" : "EMAIL");
    l->parallel = provider_batch(p) > 0 ? provider_batch(p) : setting_int(s->m, key, env, 4, 1, MAX_PARALLEL);
    l->on_record = true; /* a pause a previous sender left: the first success ends it */
    l->waiting = calloc(2 * (size_t)l->parallel, sizeof *l->waiting);
    l->starting = calloc(2 * (size_t)l->parallel, sizeof *l->starting);
    return l->waiting && l->starting;
}

struct sender *sender_new(struct db *db, struct messaging *m, struct zone_cache *zones, char *err, size_t errlen)
{
    struct sender *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->db = db;
    s->m = m;
    s->zones = zones;
    s->pause_seconds = setting_int(m, "provider_pause_seconds", "DUN_PROVIDER_PAUSE_SECONDS", 300, 1, 86400);
    s->courier = courier_new(err, errlen);
    if (!s->courier || !lane_init(s, 0, CH_SMS, m->sms, "sms") || !lane_init(s, 1, CH_EMAIL, m->email, "email")) {
        if (s->courier)
            snprintf(err, errlen, "out of memory");
        sender_free(&s);
        return NULL;
    }
    return s;
}

void sender_free(struct sender **sp)
{
    struct sender *s = sp ? *sp : NULL;
    if (!s)
        return;
    courier_free(&s->courier);
    for (int i = 0; i < LANES; i++) {
        free(s->lanes[i].waiting);
        free(s->lanes[i].starting);
    }
    free(s->results);
    free(s->held);
    free(s->maybe);
    free(s);
    *sp = NULL;
}

/* Grow an array of `size`-byte items to hold one more. */
static bool grow(void **items, int n, int *cap, size_t size)
{
    if (n < *cap)
        return true;
    int c = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, (size_t)c * size);
    if (!p)
        return false;
    *items = p;
    *cap = c;
    return true;
}

static bool hold_id(struct sender *s, int64_t id)
{
    if (!grow((void **)&s->held, s->nheld, &s->capheld, sizeof *s->held))
        return false;
    s->held[s->nheld++] = id;
    return true;
}

static bool remember(struct sender *s, int64_t tag, const struct send_outcome *o)
{
    if (!grow((void **)&s->results, s->nresults, &s->capresults, sizeof *s->results))
        return false;
    s->results[s->nresults].tag = tag;
    s->results[s->nresults++].out = *o;
    return true;
}

static void drop_id(struct sender *s, int64_t id)
{
    for (int i = 0; i < s->nheld; i++)
        if (s->held[i] == id) {
            s->held[i] = s->held[--s->nheld];
            return;
        }
}

bool sender_restart(struct sender *s, dun_time now, struct outbox_recovery *rec, char *err, size_t errlen)
{
    if (!outbox_sender_start(s->db, now, s->held, (size_t)s->nheld, rec, err, errlen))
        return false;
    /* Claims whose COMMIT went unanswered: never handed to a provider, so
     * back to the queue if they were committed at all. */
    while (s->nmaybe > 0) {
        int64_t id = s->maybe[s->nmaybe - 1];
        if (!outbox_hold(s->db, id, now, "claimed as the database connection broke; never sent", now, err, errlen))
            return false;
        drop_id(s, id);
        s->nmaybe--;
    }
    return true;
}

/* --- recording ----------------------------------------------------------------- */

/* True when this starts a pause (other messages in flight may bring the same
 * refusal back while it lasts). */
static bool pause_lane(struct sender *s, struct lane *l, const char *why, dun_time now)
{
    if (l->paused_until > now)
        return false;
    l->paused_until = now + s->pause_seconds;
    snprintf(s->alert, sizeof s->alert, "%s via %s paused for %d s: %s (fix the credentials in dun.conf)",
             channel_name(l->ch), provider_name(l->provider), s->pause_seconds, why);
    return true;
}

/* Give a lane's waiting messages back to the queue, due again at `until`. */
static bool hold_waiting(struct sender *s, struct lane *l, dun_time until, const char *why, dun_time now, char *err,
                         size_t errlen)
{
    while (l->nwaiting > 0) {
        int64_t id = l->waiting[0].id;
        if (!outbox_hold(s->db, id, until, why, now, err, errlen))
            return false;
        drop_id(s, id);
        memmove(l->waiting, l->waiting + 1, (size_t)--l->nwaiting * sizeof *l->waiting);
    }
    return true;
}

/* A provider refused dun's credentials: the message and the lane's waiting
 * ones go back to the queue, and the lane pauses. */
static bool record_refusal(struct sender *s, const struct result *r, dun_time now, char *err, size_t errlen)
{
    struct lane *l = &s->lanes[r->tag % LANES];
    int64_t id = r->tag / LANES;
    bool starts = pause_lane(s, l, r->out.error, now);
    char why[320];
    snprintf(why, sizeof why, "held: %s", r->out.error);
    /* Due again at once: this sender waits out its pause, while one
     * restarted with mended credentials sends them straight away. */
    bool ok = outbox_hold(s->db, id, now, why, now, err, errlen) && hold_waiting(s, l, now, why, now, err, errlen);
    if (ok && (starts || !l->on_record))
        ok = l->on_record = outbox_provider_paused(s->db, l->ch, provider_name(l->provider), l->paused_until,
                                                   r->out.error, now, err, errlen);
    if (ok)
        drop_id(s, id);
    return ok;
}

/* Providers' answers about k messages, recorded together. */
static bool record_answers(struct sender *s, const struct result *rs, int k, dun_time now, char *err, size_t errlen)
{
    struct outbox_answer *a = calloc((size_t)k, sizeof *a);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < k; i++)
        a[i] = (struct outbox_answer){.id = rs[i].tag / LANES,
                                      .provider = provider_name(s->lanes[rs[i].tag % LANES].provider),
                                      .out = &rs[i].out};
    bool ok = outbox_record_answers(s->db, a, (size_t)k, now, err, errlen);
    free(a);
    for (int i = 0; ok && i < k; i++) {
        struct lane *l = &s->lanes[rs[i].tag % LANES];
        drop_id(s, rs[i].tag / LANES);
        /* A send that started before the refusal may still succeed: the
         * pause stands until it is over. Ending it is tried again on the
         * next success if it cannot be written now. */
        if (l->on_record && rs[i].out.result == SEND_OK && l->paused_until <= now) {
            char e2[256];
            l->on_record = !outbox_provider_ok(s->db, l->ch, e2, sizeof e2);
            if (l->on_record)
                snprintf(s->alert, sizeof s->alert, "could not record that %s works again: %s",
                         provider_name(l->provider), e2);
        }
    }
    return ok;
}

/* How many results from i on are recorded together: a run of answers, or
 * one refusal of dun's credentials. */
static int run_length(const struct sender *s, int i)
{
    if (s->results[i].out.result == SEND_ACCESS_DENIED)
        return 1;
    int k = 1;
    while (i + k < s->nresults && s->results[i + k].out.result != SEND_ACCESS_DENIED)
        k++;
    return k;
}

static bool record(struct sender *s, int i, int k, dun_time now, char *err, size_t errlen)
{
    return s->results[i].out.result == SEND_ACCESS_DENIED ? record_refusal(s, &s->results[i], now, err, errlen)
                                                          : record_answers(s, &s->results[i], k, now, err, errlen);
}

/* --- claiming and starting ------------------------------------------------------ */

/* A lane with connections and no rate claims a batch ahead of its free
 * connections (claim), unless the last one waited too long. */
static bool claims_ahead(const struct lane *l)
{
    return l->rate == 0 && provider_batch(l->provider) == 0 && !l->stalled;
}

/* How many of the lane's waiting messages may start now. */
static int startable(struct sender *s, struct lane *l, double t)
{
    if (s->stopping || l->nwaiting == 0)
        return 0;
    int room = l->parallel - courier_busy(s->courier, l->provider);
    if (l->rate > 0) /* one per slot */
        room = room > 0 && t >= l->next_slot ? 1 : 0;
    return room < l->nwaiting ? (room > 0 ? room : 0) : l->nwaiting;
}

/* Hand what may start to the courier, after recording that it is handed: a
 * sender killed from then on leaves it unknown (it may arrive), one killed
 * before leaves it failed (it never left). False when that record cannot be
 * written: nothing starts. */
static bool start_waiting(struct sender *s, struct lane *l, dun_time now, char *err, size_t errlen)
{
    double t = mono_seconds();
    /* Its claim checked it for this long only (outbox_claim): checked again. */
    if (l->nwaiting > 0 && t - l->claimed_at > OUTBOX_CLAIM_HOLD_SECONDS) {
        l->stalled = true;
        return hold_waiting(s, l, now, "waited over a second for a free connection: checked again before it goes",
                            now, err, errlen);
    }
    int k = startable(s, l, t);
    for (int i = 0; i < k; i++)
        l->starting[i] = l->waiting[i].id;
    if (k == 0 || !outbox_handed(s->db, l->starting, (size_t)k, provider_name(l->provider), now, err, errlen))
        return k == 0;
    char unsub[700];
    int started = 0;
    for (; started < k; started++) {
        struct outbox_item *it = &l->waiting[started];
        snprintf(unsub, sizeof unsub, "<%s/unsubscribe?key=%s>",
                 messaging_get(s->m, "public_url", "DUN_PUBLIC_URL", "http://127.0.0.1:8088"), it->unsubscribe_key);
        struct message msg = {.id = it->id, .channel = it->channel, .to = it->target, .subject = it->subject,
                              .body = it->body, .list_unsubscribe = it->channel == CH_EMAIL ? unsub : NULL,
                              .report_key = it->report_key};
        /* Out of memory: it stays waiting (marked handed, so a kill now
         * errs on the side of "may have arrived") and is tried next pump. */
        if (!courier_submit(s->courier, l->provider, &msg, it->id * LANES + (l - s->lanes)))
            break;
        if (l->rate > 0)
            l->next_slot = (l->next_slot > t ? l->next_slot : t) + 1.0 / l->rate;
    }
    l->nwaiting -= started;
    memmove(l->waiting, l->waiting + started, (size_t)l->nwaiting * sizeof *l->waiting);
    return true;
}

static int claim(struct sender *s, struct lane *l, dun_time now, char *err, size_t errlen)
{
    if (l->nwaiting > 0) /* its batch still waits: more stays as its claim found */
        return 0;
    l->more = false;
    if (l->paused_until > now)
        return 0;
    int room = l->parallel - courier_busy(s->courier, l->provider);
    double t = mono_seconds();
    if (l->rate > 0) { /* the first starts now, the last within OUTBOX_CLAIM_HOLD_SECONDS */
        int most = (int)(l->rate * OUTBOX_CLAIM_HOLD_SECONDS);
        if (t < l->next_slot)
            return 0;
        most = most > 1 ? most : 1;
        room = room < most ? room : most;
    } else if (claims_ahead(l)) {
        /* A batch ahead, started as connections free up: its transfers
         * overlap the recording of the ones before. */
        room += l->parallel;
    }
    if (room <= 0)
        return 0;
    int filled = 0;
    int n = outbox_claim(s->db, now, s->zones, l->ch, l->waiting, room, &filled, err, errlen);
    l->more = n == room;
    if (n < 0) { /* they may be committed in sending: spared, and given back on reconnect */
        for (int i = 0; i < filled; i++)
            if (hold_id(s, l->waiting[i].id) &&
                grow((void **)&s->maybe, s->nmaybe, &s->capmaybe, sizeof *s->maybe))
                s->maybe[s->nmaybe++] = l->waiting[i].id;
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (!hold_id(s, l->waiting[i].id)) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    l->nwaiting = n;
    l->claimed_at = t;
    return n;
}

static int pump(struct sender *s, dun_time now, bool claim_due, char *err, size_t errlen);

/* Finished transfers into results, whatever the database's state, so the
 * courier never holds them (it would ask for a zero wait). */
static void collect(struct sender *s)
{
    int64_t tag;
    struct send_outcome o;
    while (courier_done(s->courier, &tag, &o)) {
        s->lanes[tag % LANES].stalled = false; /* transfers move again */
        if (!remember(s, tag, &o))
            cli_error("out of memory: message %lld stays \"sending\"", (long long)(tag / LANES));
    }
}

int sender_pump(struct sender *s, dun_time now, bool claim_due, char *err, size_t errlen)
{
    int n = pump(s, now, claim_due, err, errlen);
    s->blocked = n < 0;
    return n;
}

static int pump(struct sender *s, dun_time now, bool claim_due, char *err, size_t errlen)
{
    collect(s);
    /* What waits starts first, on the connections that just freed: its
     * transfers overlap the recording and the claim below. */
    for (int i = 0; i < LANES; i++)
        if (!start_waiting(s, &s->lanes[i], now, err, errlen))
            return -1;
    int recorded = 0;
    while (recorded < s->nresults) {
        int k = run_length(s, recorded);
        if (!record(s, recorded, k, now, err, errlen)) {
            if (!db_alive(s->db))
                break; /* kept, recorded once the connection is back */
            /* The database is there but refuses one of them: record the
             * first alone, and go on without it if it is the one, rather
             * than stop every message behind it. It stays in sending, and
             * the next sender start resolves it (unknown: it was handed to
             * the provider). */
            k = 1;
            if (!record(s, recorded, 1, now, err, errlen)) {
                if (!db_alive(s->db))
                    break;
                snprintf(s->alert, sizeof s->alert, "could not record message %lld: %s",
                         (long long)(s->results[recorded].tag / LANES), err);
                drop_id(s, s->results[recorded].tag / LANES);
            }
        }
        recorded += k;
    }
    if (recorded > 0) {
        memmove(s->results, s->results + recorded, (size_t)(s->nresults - recorded) * sizeof *s->results);
        s->nresults -= recorded;
    }
    if (s->nresults > 0)
        return -1;
    for (int i = 0; i < LANES; i++) {
        struct lane *l = &s->lanes[i];
        /* The batch ahead is claimed in the same round as the start it
         * follows, so it waits before the next connection frees up. */
        bool due = claim_due || (l->more && claims_ahead(l));
        if ((due && claim(s, l, now, err, errlen) < 0) || !start_waiting(s, l, now, err, errlen))
            return -1;
    }
    if (claim_due && now >= s->next_sweep) { /* once a minute is plenty for a horizon in hours */
        int swept = 0;
        if (!outbox_sweep_no_report(s->db, s->m->delivery_report_hours * 3600, now, &swept, err, errlen)) {
            if (!db_alive(s->db))
                return -1;
            snprintf(s->alert, sizeof s->alert, "could not label sent SMS without a delivery report: %s", err);
        }
        s->next_sweep = swept == OUTBOX_SWEEP_MAX ? now : now + 60; /* a backlog goes batch by batch */
    }
    return recorded;
}

bool sender_active(const struct sender *s)
{
    if (s->nresults > 0 || s->nheld > 0)
        return true;
    for (int i = 0; i < LANES; i++)
        if (s->lanes[i].nwaiting > 0 || s->lanes[i].more)
            return true;
    return false;
}

bool sender_wants_claim(const struct sender *s)
{
    if (s->blocked || s->stopping)
        return false;
    for (int i = 0; i < LANES; i++) {
        const struct lane *l = &s->lanes[i];
        if (l->more && l->nwaiting == 0 && (claims_ahead(l) || courier_busy(s->courier, l->provider) < l->parallel))
            return true;
    }
    return false;
}

int sender_pollfds(struct sender *s, struct pollfd *fds, int max, int *timeout_ms)
{
    int n = courier_pollfds(s->courier, fds, max, timeout_ms);
    if (sender_wants_claim(s))
        *timeout_ms = 0;
    double t = mono_seconds();
    for (int i = 0; i < LANES && !s->blocked && !s->stopping; i++) {
        struct lane *l = &s->lanes[i];
        if (l->nwaiting == 0)
            continue;
        /* Every connection busy: one finishing wakes the poll, else the
         * hold running out; otherwise the next slot. */
        double until = courier_busy(s->courier, l->provider) >= l->parallel ? l->claimed_at + OUTBOX_CLAIM_HOLD_SECONDS
                       : l->next_slot;
        int ms = until > t ? (int)((until - t) * 1000.0) + 1 : 0;
        if (*timeout_ms < 0 || ms < *timeout_ms)
            *timeout_ms = ms;
    }
    return n;
}

void sender_work(struct sender *s, const struct pollfd *fds, int nfds)
{
    courier_work(s->courier, fds, nfds);
    collect(s);
}

bool sender_alert(struct sender *s, char *out, size_t n)
{
    if (!s->alert[0])
        return false;
    snprintf(out, n, "%s", s->alert);
    s->alert[0] = '\0';
    return true;
}

void sender_stop(struct sender *s, dun_time now, int wait_ms)
{
    char err[256];
    s->stopping = true;
    for (int i = 0; i < LANES; i++)
        if (!hold_waiting(s, &s->lanes[i], now, "the sender stopped before sending it", now, err, sizeof err))
            cli_error("%s", err);
    double end = mono_seconds() + wait_ms / 1000.0;
    while (courier_running(s->courier) > 0 && mono_seconds() < end) {
        struct pollfd fds[SENDER_MAX_SOCKETS];
        int timeout;
        int n = courier_pollfds(s->courier, fds, SENDER_MAX_SOCKETS, &timeout);
        if (timeout < 0 || timeout > 200)
            timeout = 200;
        if (poll(fds, (nfds_t)n, timeout) < 0)
            n = 0;
        courier_work(s->courier, fds, n);
    }
    if (sender_pump(s, now, false, err, sizeof err) < 0)
        cli_error("could not record every outcome: %s", err);
}
