/* `dun demo-data --accounts N [--seed S] [--if-empty] [--replace]`:
 * fill the database with a reproducible demo book (core/db/demo.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db/db.h"
#include "core/db/demo.h"
#include "tui/cli.h"

const struct cli_usage usage_demo_data = {
    "demo-data --accounts N [--seed S] [--if-empty] [--replace]",
    "Build a demo book of N accounts, the same for the same seed and DUN_NOW.",
    "  --seed S     any whole number (default 1)\n"
    "  --if-empty   do nothing when the database has accounts\n"
    "  --replace    delete the earlier demo data first\n"};

/* A whole unsigned decimal number, nothing else. */
static bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* 1234567 -> "1,234,567" */
static const char *grouped(long v, char *buf, size_t n)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v < 0 ? -v : v);
    size_t len = strlen(digits), k = 0;
    if (v < 0 && k + 1 < n)
        buf[k++] = '-';
    for (size_t i = 0; i < len && k + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

/* The value of --name V or --name=V at argv[*i]; NULL when argv[*i] is not it. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        return NULL; /* the caller names the missing value */
    return argv[++*i];
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_demo_data(struct cli *cli, int argc, char **argv)
{
    struct demo_options o = {.seed = 1, .now = cli->now};
    bool have_accounts = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        uint64_t n;
        if (strcmp(argv[i], "--if-empty") == 0)
            o.if_empty = true;
        else if (strcmp(argv[i], "--replace") == 0)
            o.replace = true;
        else if ((v = option_value(argc, argv, &i, "--accounts")) != NULL) {
            if (!parse_u64(v, &n) || n < 1 || n > (uint64_t)DEMO_MAX_ACCOUNTS) {
                cli_error("demo-data: --accounts takes a number from 1 to %ld, not \"%s\"", DEMO_MAX_ACCOUNTS, v);
                return 2;
            }
            o.accounts = (long)n;
            have_accounts = true;
        } else if ((v = option_value(argc, argv, &i, "--seed")) != NULL) {
            if (!parse_u64(v, &n)) {
                cli_error("demo-data: --seed takes a whole number from 0 to %" PRIu64 ", not \"%s\"",
                          UINT64_MAX, v);
                return 2;
            }
            o.seed = n;
        } else {
            return cli_bad_argument(&usage_demo_data, argc, argv, i); /* names a missing value too */
        }
    }
    if (!have_accounts)
        return cli_usage_errorf(&usage_demo_data, "say how many accounts with --accounts N");

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct demo_stats st;
    char err[1024];
    enum demo_status s = demo_generate(db, &o, &st, err, sizeof err);
    db_close(&db);

    char a[32], b[32], c[32], d[32], e[32], f[32], g[32], h[32], m[32], t[32];
    switch (s) {
    case DEMO_NOT_EMPTY:
        cli_printf("demo data: the database already has %s accounts; leaving it as it is\n",
               grouped(st.existing, a, sizeof a));
        return 0;
    case DEMO_EXISTS:
        cli_error("demo-data: the database already has %s demo accounts (%s000001...); "
                  "add --replace to delete and regenerate them",
                  grouped(st.existing, a, sizeof a), DEMO_REF_PREFIX);
        return 2;
    case DEMO_FAILED:
        /* libpq's text starts with its severity; the sentence is what matters. */
        cli_error("demo-data: %s (nothing was changed)",
                  strncmp(err, "ERROR:  ", 8) == 0 ? err + 8 : err);
        return 2;
    case DEMO_DONE:
        break;
    }
    if (st.zone_fallback)
        cli_error("warning: time zone data was not found; demo times use standard offsets");

    char agents[512];
    size_t k = 0;
    agents[0] = '\0';
    for (size_t i = 0; i < st.nagents && k < sizeof agents; i++) {
        int w;
        if (st.agents[i].accounts > 0)
            w = snprintf(agents + k, sizeof agents - k, "%s%s (%s)", i ? ", " : "", st.agents[i].login,
                         grouped(st.agents[i].accounts, a, sizeof a));
        else
            w = snprintf(agents + k, sizeof agents - k, "%s%s", i ? ", " : "", st.agents[i].login);
        if (w < 0)
            break;
        k += (size_t)w;
    }
    if (st.unassigned > 0 && k < sizeof agents)
        snprintf(agents + k, sizeof agents - k, ", %s unassigned", grouped(st.unassigned, a, sizeof a));
    char replaced[64] = "";
    if (st.replaced > 0)
        snprintf(replaced, sizeof replaced, " (replacing %s)", grouped(st.replaced, h, sizeof h));
    cli_printf("demo data: %s accounts%s, %s phones, %s emails, %s contacts, %s promises, %s payments, "
           "%s notes, %s messages, %s thanks for agents %s; seed %" PRIu64 " in %.1f s\n",
           grouped(st.accounts, a, sizeof a), replaced, grouped(st.phones, b, sizeof b),
           grouped(st.emails, c, sizeof c), grouped(st.contacts, d, sizeof d),
           grouped(st.promises, e, sizeof e), grouped(st.payments, f, sizeof f),
           grouped(st.notes, g, sizeof g), grouped(st.messages, m, sizeof m), grouped(st.thanks, t, sizeof t),
           agents, o.seed, seconds_since(&t0));
    return 0;
}
