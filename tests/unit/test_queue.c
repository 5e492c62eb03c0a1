/* Unit tests for core/queue: days past due in the debtor's own calendar,
 * the documented order and ranks, the display text of every cell, and
 * format_age. Zones come from the system tzdata. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/queue.h"
#include "core/utf8.h"
#include "core/zone.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

static int setup(void **state)
{
    struct zone_cache *zones = zone_cache_new();
    if (!zones)
        return -1;
    *state = zones;
    return 0;
}

static int teardown(void **state)
{
    struct zone_cache *zones = *state;
    zone_cache_free(&zones);
    return 0;
}

static dun_time at(const char *iso)
{
    dun_time t = 0;
    if (!iso8601_parse(iso, &t))
        fail_msg("bad instant in test: %s", iso);
    return t;
}

static int64_t day(const char *ymd)
{
    int64_t d = 0;
    if (!date_parse(ymd, &d))
        fail_msg("bad date in test: %s", ymd);
    return d;
}

static struct queue_row row(const char *ref, const char *zone)
{
    struct queue_row r;
    memset(&r, 0, sizeof r);
    snprintf(r.ref, sizeof r.ref, "%s", ref);
    snprintf(r.name, sizeof r.name, "Debtor %s", ref);
    snprintf(r.currency, sizeof r.currency, "JPY");
    snprintf(r.time_zone, sizeof r.time_zone, "%s", zone);
    return r;
}

static struct queue_row overdue(const char *zone, const char *oldest)
{
    struct queue_row r = row("R", zone);
    r.has_oldest_unpaid = true;
    r.oldest_unpaid = day(oldest);
    return r;
}

static int dpd_at(struct zone_cache *zones, struct queue_row r, const char *now)
{
    r.days_past_due = 12345;
    queue_compute(&r, 1, at(now), zones);
    return r.days_past_due;
}

/* ---- days past due ------------------------------------------------------ */

/* Midnight in the debtor's zone, not the agent's or UTC's, turns the day. */
static void test_dpd_in_debtor_calendar(void **state)
{
    struct zone_cache *zones = *state;
    static const struct { const char *zone, *oldest, *now; int dpd; } cases[] = {
        {"Asia/Tokyo", "2026-11-21", "2026-11-21T23:30:00+09:00", 0},
        {"Asia/Tokyo", "2026-11-21", "2026-11-21T23:59:59+09:00", 0},
        {"Asia/Tokyo", "2026-11-21", "2026-11-22T00:00:00+09:00", 1},
        {"Asia/Tokyo", "2026-11-21", "2026-11-22T00:30:00+09:00", 1},
        /* The same instants for a debtor in Honolulu (UTC-10): still the 21st there. */
        {"Pacific/Honolulu", "2026-11-21", "2026-11-21T23:30:00+09:00", 0},
        {"Pacific/Honolulu", "2026-11-21", "2026-11-22T00:30:00+09:00", 0},
        {"Pacific/Honolulu", "2026-11-21", "2026-11-22T18:59:59+09:00", 0},
        {"Pacific/Honolulu", "2026-11-21", "2026-11-22T19:00:00+09:00", 1},
        /* Early in the Tokyo day it is still the day before in Honolulu. */
        {"Pacific/Honolulu", "2026-11-21", "2026-11-22T00:30:00+09:00", 0},
        {"Pacific/Kiritimati", "2026-11-21", "2026-11-21T10:00:00Z", 1}, // UTC+14
        {"America/New_York", "2026-11-01", "2026-11-02T04:59:59Z", 0},   // EST, day after DST ends
        {"America/New_York", "2026-11-01", "2026-11-02T05:00:00Z", 1},
        {"UTC", "2026-11-21", "2026-11-21T23:59:59Z", 0},
        {"UTC", "2026-11-21", "2026-11-22T00:00:00Z", 1},
        {"Asia/Tokyo", "2025-11-22", "2026-11-22T12:00:00+09:00", 365},
        {"Asia/Tokyo", "2024-02-29", "2024-03-01T00:00:00+09:00", 1},
        {"Asia/Tokyo", "2026-11-30", "2026-11-22T12:00:00+09:00", -8},   // not yet overdue
    };
    for (size_t i = 0; i < N(cases); i++) {
        int dpd = dpd_at(zones, overdue(cases[i].zone, cases[i].oldest), cases[i].now);
        if (dpd != cases[i].dpd)
            fail_msg("%s, oldest %s, at %s: %d days, want %d", cases[i].zone, cases[i].oldest,
                     cases[i].now, dpd, cases[i].dpd);
    }

    /* Computed together in one call, the two debtors differ at the same instant. */
    struct queue_row rows[2] = {overdue("Asia/Tokyo", "2026-11-21"),
                                overdue("Pacific/Honolulu", "2026-11-21")};
    queue_compute(rows, 2, at("2026-11-22T00:30:00+09:00"), zones);
    assert_int_equal(rows[0].days_past_due, 1);
    assert_int_equal(rows[1].days_past_due, 0);
}

static void test_dpd_from_due_date(void **state)
{
    struct zone_cache *zones = *state;
    const char *now = "2026-11-22T12:00:00+09:00";

    struct queue_row r = row("R", "Asia/Tokyo");
    r.has_due = true;
    r.due_date = day("2026-11-25");
    assert_int_equal(dpd_at(zones, r, now), -3); // not yet due: negative days until it
    r.due_date = day("2026-11-23");
    assert_int_equal(dpd_at(zones, r, now), -1);
    r.due_date = day("2026-11-22"); // due today
    assert_int_equal(dpd_at(zones, r, now), 0);
    r.due_date = day("2026-11-01"); // past, but nothing unpaid is recorded
    assert_int_equal(dpd_at(zones, r, now), 0);

    /* The next due date is also judged in the debtor's calendar. */
    r = row("R", "Pacific/Honolulu");
    r.has_due = true;
    r.due_date = day("2026-11-22");
    assert_int_equal(dpd_at(zones, r, "2026-11-22T12:00:00+09:00"), -1); // 21st in Honolulu

    /* The oldest unpaid date wins over the next due date. */
    r = overdue("Asia/Tokyo", "2026-10-01");
    r.has_due = true;
    r.due_date = day("2026-12-01");
    assert_int_equal(dpd_at(zones, r, now), 52);

    /* Neither date: 0. */
    assert_int_equal(dpd_at(zones, row("R", "Asia/Tokyo"), now), 0);
}

/* A row whose zone is unknown or empty is counted in UTC. */
static void test_dpd_unknown_zone_uses_utc(void **state)
{
    struct zone_cache *zones = *state;
    static const char *zones_bad[] = {"Mars/Olympus", "", "../etc/passwd"};
    for (size_t i = 0; i < N(zones_bad); i++) {
        struct queue_row r = overdue(zones_bad[i], "2026-11-21");
        assert_int_equal(dpd_at(zones, r, "2026-11-21T23:59:59Z"), 0);
        assert_int_equal(dpd_at(zones, r, "2026-11-22T00:00:00Z"), 1);
    }
}

/* ---- order -------------------------------------------------------------- */

static void test_sort_order_and_ranks(void **state)
{
    (void)state;
    static const struct { const char *ref; int dpd; int64_t balance; } in[] = {
        {"C-3", 10, 5000},  {"A-1", 30, 100},   {"B-2", 10, 5000},  {"D-4", 10, 9000},
        {"E-5", 0, 1},      {"F-6", -3, 99999}, {"G-7", 30, 100},   {"H-8", -1, 0},
        {"I-9", 0, 1},      {"J-10", 400, -500}, {"K-11", 10, -100},
    };
    static const char *want[] = {"J-10", "A-1", "G-7", "D-4", "B-2", "C-3",
                                 "K-11", "E-5", "I-9", "H-8", "F-6"};
    struct queue_row rows[N(in)];
    for (size_t i = 0; i < N(in); i++) {
        rows[i] = row(in[i].ref, "Asia/Tokyo");
        rows[i].days_past_due = in[i].dpd;
        rows[i].balance_minor = in[i].balance;
        rows[i].rank = -1;
    }
    queue_sort(rows, N(rows));
    for (size_t i = 0; i < N(rows); i++) {
        if (strcmp(rows[i].ref, want[i]) != 0)
            fail_msg("position %zu: %s, want %s", i + 1, rows[i].ref, want[i]);
        assert_int_equal(rows[i].rank, (int)i + 1);
    }
    /* Sorting a sorted queue changes nothing. */
    queue_sort(rows, N(rows));
    for (size_t i = 0; i < N(rows); i++)
        assert_string_equal(rows[i].ref, want[i]);

    /* The ref order is byte order ("A-10" before "A-9"). */
    struct queue_row two[2] = {row("A-9", "UTC"), row("A-10", "UTC")};
    queue_sort(two, 2);
    assert_string_equal(two[0].ref, "A-10");
    assert_int_equal(two[1].rank, 2);

    struct queue_row one = row("only", "UTC");
    queue_sort(&one, 1);
    assert_int_equal(one.rank, 1);
}

/* An agent with an empty queue: store_queue_load() gives rows == NULL and
 * n == 0, and the screen and `dun queue` pass that straight to queue_sort.
 * qsort(NULL, 0, ...) is undefined behaviour (glibc declares the pointer
 * nonnull); under UBSan this aborts, so this test runs last. */
static void test_sort_empty_queue(void **state)
{
    struct zone_cache *zones = *state;
    struct queue_row *rows = NULL;
    queue_compute(rows, 0, 0, zones);
    queue_sort(rows, 0);
}

/* Compute then sort: the debtor whose day has turned ranks first. */
static void test_compute_then_sort(void **state)
{
    struct zone_cache *zones = *state;
    struct queue_row rows[3] = {overdue("Pacific/Honolulu", "2026-11-21"),
                                overdue("Asia/Tokyo", "2026-11-21"),
                                overdue("America/New_York", "2026-11-21")};
    snprintf(rows[0].ref, sizeof rows[0].ref, "HNL");
    snprintf(rows[1].ref, sizeof rows[1].ref, "TYO");
    snprintf(rows[2].ref, sizeof rows[2].ref, "NYC");
    queue_compute(rows, 3, at("2026-11-22T00:30:00+09:00"), zones);
    queue_sort(rows, 3);
    assert_string_equal(rows[0].ref, "TYO");
    assert_int_equal(rows[0].days_past_due, 1);
    assert_string_equal(rows[1].ref, "HNL");
    assert_string_equal(rows[2].ref, "NYC");
}

/* ---- cells -------------------------------------------------------------- */

static void cell(const struct queue_row *r, enum queue_cell c, const char *now,
                 struct zone_cache *zones, bool ascii, const char *want)
{
    char out[128];
    memset(out, 'x', sizeof out);
    queue_cell_text(r, c, at(now), zones, ascii, 0, out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("cell %s of %s: \"%s\", want \"%s\"", queue_cell_title(c), r->ref, out, want);
}

static void test_cell_basic(void **state)
{
    struct zone_cache *zones = *state;
    const char *now = "2026-11-22T05:05:00Z";
    struct queue_row r = row("JP-1", "Asia/Tokyo");
    snprintf(r.name, sizeof r.name, "山田 太郎");
    r.rank = 7;
    r.days_past_due = 45;
    cell(&r, QC_RANK, now, zones, false, "7");
    cell(&r, QC_REF, now, zones, false, "JP-1");
    cell(&r, QC_NAME, now, zones, false, "山田 太郎");
    cell(&r, QC_DPD, now, zones, false, "45");
    r.days_past_due = -3;
    cell(&r, QC_DPD, now, zones, false, "-3");

    char out[8] = "xxxxxxx";
    queue_cell_text(&r, QC_COUNT, at(now), zones, false, 0, out, sizeof out);
    assert_string_equal(out, "");
}

static void test_cell_balance(void **state)
{
    struct zone_cache *zones = *state;
    const char *now = "2026-11-22T05:05:00Z";
    static const struct { const char *cur; int64_t minor; bool ascii; const char *want; } cases[] = {
        {"JPY", 12000, false, "¥12,000"},
        {"JPY", 12000, true, "JPY 12,000"},
        {"USD", 123456, false, "$1,234.56"},
        {"USD", -500, false, "-$5.00"},   // a credit
        {"USD", 5, false, "$0.05"},
        {"KWD", 1234567, false, "KD 1,234.567"},
        {"JPY", 0, false, "¥0"},
        {"XXX", 12000, false, "12000 XXX"}, // a currency dun does not know: raw minor units
        {"", 5, false, "5 "},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct queue_row r = row("B", "Asia/Tokyo");
        snprintf(r.currency, sizeof r.currency, "%s", cases[i].cur);
        r.balance_minor = cases[i].minor;
        cell(&r, QC_BALANCE, now, zones, cases[i].ascii, cases[i].want);
    }
}

static void test_cell_promise(void **state)
{
    struct zone_cache *zones = *state;
    const char *now = "2026-11-22T05:05:00Z";
    struct queue_row r = row("P", "Asia/Tokyo");
    cell(&r, QC_PROMISE, now, zones, false, "-");
    static const struct { const char *status, *date, *want; } cases[] = {
        {"pending", "2026-11-25", "pending 11-25"},
        {"kept", "2026-11-01", "kept 11-01"},
        {"partial", "2026-12-31", "partial 12-31"},
        {"broken", "2027-01-05", "broken 01-05"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        r.has_promise = true;
        snprintf(r.promise_status, sizeof r.promise_status, "%s", cases[i].status);
        r.promise_date = day(cases[i].date);
        cell(&r, QC_PROMISE, now, zones, false, cases[i].want);
    }
}

static void test_cell_last_contact(void **state)
{
    struct zone_cache *zones = *state;
    const char *now = "2026-11-22T05:05:00Z";
    dun_time t = at(now);
    struct queue_row r = row("L", "Asia/Tokyo");
    cell(&r, QC_LAST, now, zones, false, "never");
    static const struct { const char *channel; int64_t ago; const char *want; } cases[] = {
        {"phone", 2 * 86400, "phone 2d ago"},
        {"phone", 2 * 86400 + 86399, "phone 2d ago"},
        {"sms", 5 * 60 + 59, "sms 5m ago"},
        {"email", 3 * 7 * 86400, "email 3w ago"},
        {"phone", 0, "phone 0m ago"},
        {"phone", 3 * 3600, "phone 3h ago"},
        {"phone", -600, "phone 0m ago"}, // a clock ahead of ours is not "in the future"
    };
    for (size_t i = 0; i < N(cases); i++) {
        r.has_last_contact = true;
        r.last_contact_at = t - cases[i].ago;
        snprintf(r.last_channel, sizeof r.last_channel, "%s", cases[i].channel);
        cell(&r, QC_LAST, now, zones, false, cases[i].want);
    }
}

static void test_cell_local_time(void **state)
{
    struct zone_cache *zones = *state;
    static const struct { const char *zone, *now, *want; } cases[] = {
        {"Asia/Tokyo", "2026-11-22T05:05:00Z", "Sun 14:05"},
        {"America/New_York", "2026-11-22T05:05:00Z", "Sun 00:05"},
        {"Pacific/Honolulu", "2026-11-22T05:05:00Z", "Sat 19:05"},
        {"Asia/Kolkata", "2026-11-22T05:05:00Z", "Sun 10:35"},
        {"UTC", "2026-11-22T05:05:00Z", "Sun 05:05"},
        {"Mars/Olympus", "2026-11-22T05:05:00Z", "no zone"},      // unknown: said, never UTC as theirs
        {"", "2026-11-22T05:05:00Z", "no zone"},
        {"Asia/Tokyo", "2026-11-22T14:59:00Z", "Sun 23:59"},
        {"Asia/Tokyo", "2026-11-22T15:00:00Z", "Mon 00:00"},
        {"America/New_York", "2026-03-08T06:59:00Z", "Sun 01:59"}, // before spring forward
        {"America/New_York", "2026-03-08T07:00:00Z", "Sun 03:00"}, // after
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct queue_row r = row("Z", cases[i].zone);
        cell(&r, QC_LOCAL, cases[i].now, zones, false, cases[i].want);
    }
}

static void test_cell_truncates(void **state)
{
    struct zone_cache *zones = *state;
    struct queue_row r = row("JP-12345", "Asia/Tokyo");
    r.balance_minor = 1234567;
    char out[5];
    queue_cell_text(&r, QC_REF, at("2026-11-22T05:05:00Z"), zones, false, 0, out, sizeof out);
    assert_string_equal(out, "JP-1");
    queue_cell_text(&r, QC_LOCAL, at("2026-11-22T05:05:00Z"), zones, false, 0, out, sizeof out);
    assert_string_equal(out, "Sun ");
    queue_cell_text(&r, QC_BALANCE, at("2026-11-22T05:05:00Z"), zones, true, 0, out, sizeof out);
    assert_string_equal(out, "JPY ");
}

/* Titles and widths, and that the typical cell texts fit their columns. */
static void test_cell_layout(void **state)
{
    struct zone_cache *zones = *state;
    for (int c = 0; c < QC_COUNT; c++) {
        assert_non_null(queue_cell_title((enum queue_cell)c));
        assert_true(strlen(queue_cell_title((enum queue_cell)c)) > 0);
        assert_true(queue_cell_width((enum queue_cell)c) >=
                    utf8_width(queue_cell_title((enum queue_cell)c)));
    }
    assert_string_equal(queue_cell_title(QC_BALANCE), "BALANCE");
    assert_true(queue_cell_right_aligned(QC_RANK));
    assert_true(queue_cell_right_aligned(QC_BALANCE));
    assert_true(queue_cell_right_aligned(QC_DPD));
    assert_false(queue_cell_right_aligned(QC_NAME));
    assert_false(queue_cell_right_aligned(QC_REF));

    const char *now = "2026-11-22T05:05:00Z";
    struct queue_row r = row("JP-1", "Asia/Tokyo");
    r.rank = 9999;
    r.days_past_due = 999;
    r.balance_minor = 99999999;
    r.has_promise = true;
    snprintf(r.promise_status, sizeof r.promise_status, "partial");
    r.promise_date = day("2026-12-31");
    r.has_last_contact = true;
    r.last_contact_at = at(now) - 13 * 86400;
    snprintf(r.last_channel, sizeof r.last_channel, "phone");
    static const enum queue_cell fit[] = {QC_RANK, QC_BALANCE, QC_DPD, QC_PROMISE, QC_LAST, QC_LOCAL};
    for (size_t i = 0; i < N(fit); i++) {
        char out[64];
        queue_cell_text(&r, fit[i], at(now), zones, false, 0, out, sizeof out);
        if (utf8_width(out) > queue_cell_width(fit[i]))
            fail_msg("%s: \"%s\" is wider than %d", queue_cell_title(fit[i]), out,
                     queue_cell_width(fit[i]));
    }
}

/* ---- format_age --------------------------------------------------------- */

/* A row whose account has no policy is blocked on every channel it has a
 * point for (lower case in PSEL), not shown as having no point, and sinks. */
static void test_no_policy_blocks(void **state)
{
    struct zone_cache *zones = *state;
    char err[160];
    struct contact_point pts[] = {
        {.channel = CH_PHONE, .kind = PK_MOBILE, .target = "+12125550100"},
        {.channel = CH_EMAIL, .kind = PK_PERSONAL_EMAIL, .target = "j@example.com"},
    };
    const struct zone *zs[] = {zone_cache_get(zones, "America/New_York", err, sizeof err)};
    assert_non_null(zs[0]);
    struct debtor d = {.zones = zs, .nzones = 1, .points = pts, .npoints = N(pts), .sms_consent = true,
                       .email_consent = true};
    struct policy us;
    policy_default_us(&us);
    struct priority_weights w;
    priority_weights_default(&w);
    struct queue_row r = row("NY-1", "America/New_York");
    r.debtor = &d;
    r.policy = &us;
    queue_evaluate(&r, 1, &w, at("2026-11-20T12:00:00-05:00"), zones);
    assert_int_equal(r.ind[CH_PHONE], IND_ALLOWED);
    assert_true(r.score.part[PF_CONTACTABLE_NOW] > 0);

    r.policy = NULL;
    queue_evaluate(&r, 1, &w, at("2026-11-20T12:00:00-05:00"), zones);
    assert_int_equal(r.ind[CH_PHONE], IND_BLOCKED);
    assert_int_equal(r.ind[CH_SMS], IND_BLOCKED);
    assert_int_equal(r.ind[CH_EMAIL], IND_BLOCKED);
    assert_int_equal(r.ind[CH_LETTER], IND_NONE);
    assert_true(r.score.part[PF_CONTACTABLE_NOW] == 0);
    assert_false(r.has_next_open);
    char cell[32];
    queue_cell_text(&r, QC_CHANNELS, at("2026-11-20T12:00:00-05:00"), zones, true, 0, cell, sizeof cell);
    assert_string_equal(cell, "pse.");
}

static void test_format_age(void **state)
{
    (void)state;
    static const struct { int64_t s; const char *want; } cases[] = {
        {0, "0m"},           {59, "0m"},          {60, "1m"},          {119, "1m"},
        {3599, "59m"},       {3600, "1h"},        {7199, "1h"},        {86399, "23h"},
        {86400, "1d"},       {172800, "2d"},      {14 * 86400 - 1, "13d"},
        {14 * 86400, "2w"},  {21 * 86400 - 1, "2w"}, {21 * 86400, "3w"},
        {52 * 7 * 86400, "52w"}, {-1, "0m"},      {-86400, "0m"},      {INT64_MIN, "0m"},
        {INT64_MAX, "15250284452471w"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[32];
        format_age(cases[i].s, out, sizeof out);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("format_age(%lld) = \"%s\", want \"%s\"", (long long)cases[i].s, out,
                     cases[i].want);
    }
    char small[3];
    format_age(3599, small, sizeof small);
    assert_string_equal(small, "59");
}

/* queue_place after one row's score changes gives queue_sort's order, for
 * every row moved to every score (up, down, ties broken by ref). */
static void test_place_matches_sort(void **state)
{
    (void)state;
    enum { R = 9 };
    static const int scores[] = {-5, 0, 10, 10, 20, 35, 35, 50, 99, 120};
    for (size_t moved = 0; moved < R; moved++)
        for (size_t s = 0; s < N(scores); s++) {
            struct queue_row rows[R], want[R];
            memset(rows, 0, sizeof rows);
            for (size_t i = 0; i < R; i++) {
                snprintf(rows[i].ref, sizeof rows[i].ref, "R%zu", i);
                rows[i].score.total = (int)(i * 13 % 50);
            }
            queue_sort(rows, R);
            rows[moved].score.total = scores[s];
            memcpy(want, rows, sizeof rows);
            queue_sort(want, R);
            size_t at = queue_place(rows, R, moved);
            assert_string_equal(rows[at].ref, want[at].ref);
            for (size_t i = 0; i < R; i++) {
                assert_string_equal(rows[i].ref, want[i].ref);
                assert_int_equal(rows[i].rank, (int)i + 1);
            }
        }
}

/* ---- edges: the row does not change between them --------------------- */

static unsigned lcg(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 8) & 0xffffff;
}

/* A random account: zones, policy, window, calls and texts of the last
 * days, a callback, a promise. Events and points live in the caller's
 * arrays. */
static void random_row(struct queue_row *r, struct debtor *d, struct contact_event *ev, size_t *nev,
                       const struct zone *const *zs, const struct policy *pol, dun_time now, unsigned *seed)
{
    static const struct contact_point pts[] = {
        {.channel = CH_PHONE, .kind = PK_MOBILE, .target = "+819012345678"},
        {.channel = CH_PHONE, .kind = PK_WORK, .target = "+81312345678"},
        {.channel = CH_EMAIL, .kind = PK_PERSONAL_EMAIL, .target = "d@example.com"},
    };
    char ref[16];
    snprintf(ref, sizeof ref, "R%06u", lcg(seed) % 1000000);
    *r = row(ref, zone_name(zs[0]));
    memset(d, 0, sizeof *d);
    d->zones = zs;
    d->nzones = 1 + (int)(lcg(seed) % 2);
    d->points = pts;
    d->npoints = N(pts);
    d->sms_consent = lcg(seed) % 2;
    d->email_consent = lcg(seed) % 2;
    if ((d->has_window = lcg(seed) % 3 == 0)) {
        d->window_start = (int)(lcg(seed) % 1440);
        d->window_end = (int)(lcg(seed) % 1440);
    }
    *nev = lcg(seed) % 6;
    for (size_t k = 0; k < *nev; k++) {
        ev[k] = (struct contact_event){.at = now - (dun_time)(lcg(seed) % (9 * 86400)),
                                       .channel = lcg(seed) % 2 ? CH_PHONE : CH_SMS, .outbound = true};
        snprintf(ev[k].outcome, sizeof ev[k].outcome, "%s", lcg(seed) % 3 ? "no_answer" : "conversation");
        if (ev[k].channel == CH_SMS)
            snprintf(ev[k].outcome, sizeof ev[k].outcome, "sent");
    }
    d->events = ev;
    d->nevents = *nev;
    r->debtor = d;
    r->policy = pol;
    r->balance_minor = 1000 + lcg(seed) % 900000;
    r->has_oldest_unpaid = lcg(seed) % 4 != 0;
    r->oldest_unpaid = floor_div(now, 86400) - (int64_t)(lcg(seed) % 120);
    r->prior_delinquencies = (int)(lcg(seed) % 7);
    if ((r->has_last_contact = *nev > 0))
        r->last_contact_at = ev[0].at;
    if ((r->has_callback = lcg(seed) % 4 == 0))
        r->callback_at = now - 4 * 3600 + (dun_time)(lcg(seed) % (8 * 3600));
    if ((r->has_promise = lcg(seed) % 3 == 0)) {
        snprintf(r->promise_status, sizeof r->promise_status, "%s", lcg(seed) % 2 ? "pending" : "broken");
        r->promise_date = floor_div(now, 86400) - 4 + (int64_t)(lcg(seed) % 6);
    }
    r->reply_unread = lcg(seed) % 5 == 0;
}

static bool same_evaluation(const struct queue_row *a, const struct queue_row *b)
{
    for (int c = 0; c < CH_COUNT; c++)
        if (a->ind[c] != b->ind[c])
            return false;
    return a->score.total == b->score.total && a->days_past_due == b->days_past_due;
}

/* At any moment before its edge a row evaluates as it did at now: the
 * per-minute pass may skip it. Random accounts under both policies, at
 * moments spread over two days, probed just after now, in the middle and
 * just before the edge. */
static void test_edge_holds_until_reached(void **state)
{
    struct zone_cache *zones = *state;
    char err[160];
    const struct zone *tokyo[] = {zone_cache_get(zones, "Asia/Tokyo", err, sizeof err),
                                  zone_cache_get(zones, "America/New_York", err, sizeof err)};
    const struct zone *ny[] = {tokyo[1], tokyo[0]};
    struct policy jp, us;
    policy_default_jp(&jp);
    policy_default_us(&us);
    struct priority_weights w;
    priority_weights_default(&w);
    unsigned seed = 7;
    for (int i = 0; i < 3000; i++) {
        dun_time now = at("2026-11-20T00:00:00Z") + (dun_time)(lcg(&seed) % (2 * 86400));
        struct queue_row r, later;
        struct debtor d;
        struct contact_event ev[8];
        size_t nev;
        bool japan = i % 2 == 0;
        random_row(&r, &d, ev, &nev, japan ? tokyo : ny, japan ? &jp : &us, now, &seed);
        queue_compute(&r, 1, now, zones);
        queue_evaluate(&r, 1, &w, now, zones);
        assert_true(r.edge > now);
        assert_true(r.edge <= now + 86400);
        dun_time probes[] = {now + 1, now + (r.edge - now) / 2, r.edge - 1};
        for (size_t k = 0; k < N(probes); k++) {
            later = r;
            queue_compute(&later, 1, probes[k], zones);
            queue_evaluate(&later, 1, &w, probes[k], zones);
            if (!same_evaluation(&r, &later))
                fail_msg("row %d (%s policy) changed at %lld, before its edge %lld (evaluated at %lld)", i,
                         japan ? "JP" : "US", (long long)probes[k], (long long)r.edge, (long long)now);
        }
    }
}

/* The per-minute pass gives the order a full evaluation gives, touching
 * only the rows whose edge came. */
static void test_reevaluate_due_matches_full(void **state)
{
    struct zone_cache *zones = *state;
    char err[160];
    const struct zone *zs[] = {zone_cache_get(zones, "Asia/Tokyo", err, sizeof err),
                               zone_cache_get(zones, "Asia/Tokyo", err, sizeof err)};
    struct policy jp;
    policy_default_jp(&jp);
    struct priority_weights w;
    priority_weights_default(&w);
    enum { R = 400 };
    static struct queue_row rows[R], want[R];
    static struct debtor ds[R];
    static struct contact_event evs[R][8];
    unsigned seed = 11;
    dun_time now = at("2026-11-20T10:30:00+09:00");
    for (int i = 0; i < R; i++) {
        size_t nev;
        random_row(&rows[i], &ds[i], evs[i], &nev, zs, &jp, now, &seed);
    }
    queue_compute(rows, R, now, zones);
    queue_evaluate(rows, R, &w, now, zones);
    queue_sort(rows, R);
    for (dun_time t = now + 60; t < now + 2 * 86400; t += 60 * 37) {
        size_t due = 0;
        for (int i = 0; i < R; i++)
            due += rows[i].edge <= t;
        size_t done = queue_reevaluate_due(rows, R, &w, t, zones);
        assert_true(done == due || done == R);
        memcpy(want, rows, sizeof rows);
        queue_compute(want, R, t, zones);
        queue_evaluate(want, R, &w, t, zones);
        queue_sort(want, R);
        for (int i = 0; i < R; i++) {
            if (strcmp(rows[i].ref, want[i].ref) != 0 || !same_evaluation(&rows[i], &want[i]))
                fail_msg("at +%lld s row %d: %s, a full evaluation has %s", (long long)(t - now), i, rows[i].ref,
                         want[i].ref);
            assert_int_equal(rows[i].rank, i + 1);
        }
    }
}

/* An account with no email address and no consent to email shows a dot
 * for email, not a blocked 'e': no point is the reason that binds, whatever
 * else would block. The same for a number reported wrong. */
static void test_no_point_is_a_dot(void **state)
{
    struct zone_cache *zones = *state;
    char err[160];
    struct contact_point pts[] = {
        {.channel = CH_PHONE, .kind = PK_MOBILE, .target = "+819012345678"},
        {.channel = CH_PHONE, .kind = PK_HOME, .target = "+81312345678", .bad = true},
    };
    const struct zone *zs[] = {zone_cache_get(zones, "Asia/Tokyo", err, sizeof err)};
    struct debtor d = {.zones = zs, .nzones = 1, .points = pts, .npoints = 1};
    struct policy jp;
    policy_default_jp(&jp);
    struct priority_weights w;
    priority_weights_default(&w);
    struct queue_row r = row("JP-1", "Asia/Tokyo");
    r.debtor = &d;
    r.policy = &jp;
    dun_time now = at("2026-11-20T10:00:00+09:00");
    queue_evaluate(&r, 1, &w, now, zones);
    assert_int_equal(r.ind[CH_PHONE], IND_ALLOWED);
    assert_int_equal(r.ind[CH_SMS], IND_BLOCKED); /* a mobile number, no consent */
    assert_int_equal(r.ind[CH_EMAIL], IND_NONE);
    assert_int_equal(r.ind[CH_LETTER], IND_NONE);
    char cell[32];
    queue_cell_text(&r, QC_CHANNELS, now, zones, true, 0, cell, sizeof cell);
    assert_string_equal(cell, "Ps..");
    d.cease = true; /* a cease on top: still no point to email */
    queue_evaluate(&r, 1, &w, now, zones);
    assert_int_equal(r.ind[CH_EMAIL], IND_NONE);
    assert_int_equal(r.ind[CH_PHONE], IND_BLOCKED);
}

/* A colleague's login reads whole in LAST CONTACT before the words around
 * it do: "in use by", "in use:", "busy:", then the login alone. */
static void test_in_use_fits(void **state)
{
    struct zone_cache *zones = *state;
    struct queue_row r = row("R-1", "Asia/Tokyo");
    snprintf(r.in_use_by, sizeof r.in_use_by, "demo-lead");
    dun_time now = at("2026-11-20T10:00:00+09:00");
    static const struct { int width; const char *want; } cases[] = {
        {0, "in use by demo-lead"}, {19, "in use by demo-lead"}, {17, "in use: demo-lead"},
        {16, "busy: demo-lead"},    {15, "busy: demo-lead"},     {14, "demo-lead"}, {9, "demo-lead"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[64];
        queue_cell_text(&r, QC_LAST, now, zones, false, cases[i].width, out, sizeof out);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("width %d: \"%s\", want \"%s\"", cases[i].width, out, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dpd_in_debtor_calendar),
        cmocka_unit_test(test_dpd_from_due_date),
        cmocka_unit_test(test_dpd_unknown_zone_uses_utc),
        cmocka_unit_test(test_sort_order_and_ranks),
        cmocka_unit_test(test_compute_then_sort),
        cmocka_unit_test(test_place_matches_sort),
        cmocka_unit_test(test_in_use_fits),
        cmocka_unit_test(test_no_point_is_a_dot),
        cmocka_unit_test(test_edge_holds_until_reached),
        cmocka_unit_test(test_reevaluate_due_matches_full),
        cmocka_unit_test(test_cell_basic),
        cmocka_unit_test(test_cell_balance),
        cmocka_unit_test(test_cell_promise),
        cmocka_unit_test(test_cell_last_contact),
        cmocka_unit_test(test_cell_local_time),
        cmocka_unit_test(test_cell_truncates),
        cmocka_unit_test(test_cell_layout),
        cmocka_unit_test(test_format_age),
        cmocka_unit_test(test_no_policy_blocks),
        cmocka_unit_test(test_sort_empty_queue), // last: UBSan aborts here
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
