/* Unit tests for core/config: "key = value" lines, comments, quotes, bad
 * lines reported as file:line and skipped, and where the file lives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct warnings {
    int n;
    char msg[8][600];
};

static void collect(void *ctx, const char *message)
{
    struct warnings *w = ctx;
    if (w->n < 8)
        snprintf(w->msg[w->n], sizeof w->msg[0], "%s", message);
    w->n++;
}

/* Parse text and check every key/value pair (value NULL = absent). */
struct kv {
    const char *key, *value;
};

static void check_values(const struct config *c, const struct kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = config_get(c, kv[i].key);
        if (!kv[i].value) {
            if (got)
                fail_msg("%s = \"%s\", want absent", kv[i].key, got);
        } else if (!got || strcmp(got, kv[i].value) != 0) {
            fail_msg("%s = %s%s%s, want \"%s\"", kv[i].key, got ? "\"" : "", got ? got : "absent",
                     got ? "\"" : "", kv[i].value);
        }
    }
}

static void test_key_value(void **state)
{
    (void)state;
    struct warnings w = {0};
    struct config *c = config_parse("dun.conf",
                                    "database = postgres://localhost/dun\n"
                                    "agent=sato\n"
                                    "  spaced   =   three words here  \n"
                                    "\ttabbed\t=\tv\t\n"
                                    "url = postgres://h/db?sslmode=require&x=1\n"
                                    "empty =\n"
                                    "utf8 = 山田 太郎\n"
                                    "last = no newline",
                                    collect, &w);
    assert_non_null(c);
    assert_int_equal(w.n, 0);
    static const struct kv want[] = {
        {"database", "postgres://localhost/dun"},
        {"agent", "sato"},
        {"spaced", "three words here"},
        {"tabbed", "v"},
        {"url", "postgres://h/db?sslmode=require&x=1"}, // only the first '=' splits
        {"empty", ""},
        {"utf8", "山田 太郎"},
        {"last", "no newline"},
        {"missing", NULL},
        {"Agent", NULL}, // keys are case-sensitive
        {"", NULL},
    };
    check_values(c, want, N(want));
    config_free(&c);
    assert_null(c);
}

static void test_comments_and_blank_lines(void **state)
{
    (void)state;
    struct warnings w = {0};
    struct config *c = config_parse("dun.conf",
                                    "# dun configuration\n"
                                    "\n"
                                    "   \n"
                                    "\t\n"
                                    "   # indented comment = not a key\n"
                                    "#key = commented out\n"
                                    "key = value\n"
                                    "\n",
                                    collect, &w);
    assert_int_equal(w.n, 0);
    static const struct kv want[] = {{"key", "value"}, {"#key", NULL}, {"# indented comment", NULL}};
    check_values(c, want, N(want));
    config_free(&c);
}

static void test_quotes(void **state)
{
    (void)state;
    struct warnings w = {0};
    struct config *c = config_parse("dun.conf",
                                    "spaces = \"  kept  \"\n"
                                    "hash = \"a # b\"\n"
                                    "empty = \"\"\n"
                                    "one = \"\n"
                                    "open = \"unterminated\n"
                                    "inner = say \"hi\"\n"
                                    "both = \"a\" \"b\"\n"
                                    "single = 'x'\n",
                                    collect, &w);
    assert_int_equal(w.n, 0);
    static const struct kv want[] = {
        {"spaces", "  kept  "},     {"hash", "a # b"},       {"empty", ""},
        {"one", "\""},              {"open", "\"unterminated"}, {"inner", "say \"hi\""},
        {"both", "a\" \"b"},        {"single", "'x'"},
    };
    check_values(c, want, N(want));
    config_free(&c);
}

/* A comment after a value is not part of it: it would reach a debtor in
 * company = ... (the tester's company_ja = QA商事 # 社名). */
static void test_comment_after_value(void **state)
{
    (void)state;
    struct warnings w = {0};
    struct config *c = config_parse("dun.conf",
                                    "company = Dun Test Finance   # the trading name\n"
                                    "company_ja = QA商事 # 社名\n"
                                    "phone = \"0120 #1\" # free dial\n"
                                    "said = \"a\" # say \"hi\"\n"
                                    "tight = Shop#1\n"
                                    "tab = v\t# c\n"
                                    "only = # nothing\n",
                                    collect, &w);
    assert_int_equal(w.n, 0);
    static const struct kv want[] = {
        {"company", "Dun Test Finance"}, {"company_ja", "QA商事"}, {"phone", "0120 #1"}, {"said", "a"},
        {"tight", "Shop#1"},             {"tab", "v"},              {"only", ""},
    };
    check_values(c, want, N(want));
    config_free(&c);
}

/* yes/no settings: every usual spelling, and nothing else read as off
 * (smtp_starttls = yes turned STARTTLS off when only "true" counted). */
static void test_flag(void **state)
{
    (void)state;
    const char *on[] = {"true", "yes", "on", "1", "TRUE", "Yes"}, *off[] = {"false", "no", "off", "0", "False", "NO"};
    for (size_t i = 0; i < N(on); i++) {
        bool b = false;
        assert_true(config_flag(on[i], &b));
        assert_true(b);
        b = true;
        assert_true(config_flag(off[i], &b));
        assert_false(b);
    }
    const char *bad[] = {"", "maybe", "y", "n", "2", "true ", "enable"};
    for (size_t i = 0; i < N(bad); i++) {
        bool b = true;
        assert_false(config_flag(bad[i], &b));
        assert_true(b);
    }
}

static void test_bad_lines_reported_rest_loads(void **state)
{
    (void)state;
    struct warnings w = {0};
    struct config *c = config_parse("/etc/dun/dun.conf",
                                    "a = 1\n"
                                    "this line has no equals sign\n"
                                    "b = 2\n"
                                    "\n"
                                    "# comment\n"
                                    "also bad\n"
                                    "c = 3\n",
                                    collect, &w);
    assert_non_null(c);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.msg[0], "/etc/dun/dun.conf:2: expected \"key = value\"");
    assert_string_equal(w.msg[1], "/etc/dun/dun.conf:6: expected \"key = value\"");
    static const struct kv want[] = {{"a", "1"}, {"b", "2"}, {"c", "3"}};
    check_values(c, want, N(want));
    config_free(&c);

    /* No callback: bad lines are skipped silently. */
    c = config_parse("x.conf", "bad\nk = v\n", NULL, NULL);
    assert_non_null(c);
    assert_string_equal(config_get(c, "k"), "v");
    config_free(&c);
}

/* A line without a key ("= value") is as malformed as one without '=':
 * it must be reported, not stored under the empty key. */
static void test_empty_key_reported(void **state)
{
    (void)state;
    struct warnings w = {0};
    struct config *c = config_parse("dun.conf", "a = 1\n= orphan\n  =\n", collect, &w);
    bool stored = config_get(c, "") != NULL;
    config_free(&c);
    if (stored || w.n != 2)
        fail_msg("a line without a key was %s and %d line(s) reported, want 2",
                 stored ? "stored under the empty key" : "skipped", w.n);
    assert_string_equal(w.msg[0], "dun.conf:2: expected \"key = value\"");
    assert_string_equal(w.msg[1], "dun.conf:3: expected \"key = value\"");
}

static void test_later_key_wins(void **state)
{
    (void)state;
    struct config *c = config_parse("dun.conf", "a = 1\nb = x\na = 2\na = \"3\"\n", NULL, NULL);
    static const struct kv want[] = {{"a", "3"}, {"b", "x"}};
    check_values(c, want, N(want));
    config_free(&c);
}

static void test_crlf_and_line_numbers(void **state)
{
    (void)state;
    struct warnings w = {0};
    struct config *c = config_parse("win.conf", "a = 1\r\nb = \"q\"\r\n\r\nbad\r\nc = 3\r\n", collect,
                                    &w);
    static const struct kv want[] = {{"a", "1"}, {"b", "q"}, {"c", "3"}};
    check_values(c, want, N(want));
    assert_int_equal(w.n, 1);
    assert_string_equal(w.msg[0], "win.conf:4: expected \"key = value\"");
    config_free(&c);
}

static void test_many_keys_and_edges(void **state)
{
    (void)state;
    char text[8192] = "";
    for (int i = 0; i < 200; i++) {
        char line[40];
        snprintf(line, sizeof line, "key%d = value %d\n", i, i);
        strcat(text, line);
    }
    struct config *c = config_parse("big.conf", text, NULL, NULL);
    for (int i = 0; i < 200; i++) {
        char key[16], want[24];
        snprintf(key, sizeof key, "key%d", i);
        snprintf(want, sizeof want, "value %d", i);
        assert_string_equal(config_get(c, key), want);
    }
    config_free(&c);

    c = config_parse("empty.conf", "", NULL, NULL);
    assert_non_null(c);
    assert_null(config_get(c, "a"));
    config_free(&c);
    c = config_parse("null.conf", NULL, NULL, NULL);
    assert_non_null(c);
    config_free(&c);
    config_free(&c); // already NULL
    assert_null(config_get(NULL, "a"));

    /* A file name long enough to truncate the message keeps it terminated. */
    char longname[700];
    memset(longname, 'f', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    struct warnings w = {0};
    c = config_parse(longname, "bad\n", collect, &w);
    assert_int_equal(w.n, 1);
    assert_true(strlen(w.msg[0]) > 0 && strlen(w.msg[0]) < 600);
    config_free(&c);
}

/* ---- config_path -------------------------------------------------------- */

struct saved_env {
    char *xdg, *home;
};

static int save_env(void **state)
{
    struct saved_env *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    if (getenv("XDG_CONFIG_HOME"))
        s->xdg = strdup(getenv("XDG_CONFIG_HOME"));
    if (getenv("HOME"))
        s->home = strdup(getenv("HOME"));
    *state = s;
    return 0;
}

static int restore_env(void **state)
{
    struct saved_env *s = *state;
    if (s->xdg)
        setenv("XDG_CONFIG_HOME", s->xdg, 1);
    else
        unsetenv("XDG_CONFIG_HOME");
    if (s->home)
        setenv("HOME", s->home, 1);
    else
        unsetenv("HOME");
    free(s->xdg);
    free(s->home);
    free(s);
    return 0;
}

/* A setting's number: plain digits, a fraction only where one is allowed;
 * everything a strtol or atof would half-read is refused whole. */
static void test_number(void **state)
{
    (void)state;
    double n = -1;
    assert_true(config_number("0", false, &n));
    assert_true(n == 0);
    assert_true(config_number("5000", false, &n));
    assert_true(n == 5000);
    assert_true(config_number("007", false, &n));
    assert_true(n == 7);
    assert_true(config_number("0.5", true, &n));
    assert_true(n == 0.5);
    assert_true(config_number(".5", true, &n)); /* as an operator writes it */
    assert_true(n == 0.5);
    assert_true(config_number("250", true, &n));
    assert_true(n == 250);
    assert_true(config_number("999999999999999", false, &n));
    assert_true(n == 999999999999999.0);
    n = 42;
    const char *bad[] = {"", "abc", "1w", "-5", "+5", " 5", "5 ", "1.5", "1e3", "0x10", "inf", "nan",
                         "1000000000000000", "5.", ".5", "1..5", "1.2.3", "１２"};
    for (size_t i = 0; i < N(bad); i++) {
        assert_false(config_number(bad[i], false, &n));
        assert_true(n == 42);
    }
    const char *bad_decimal[] = {"", "fast", "-1", "5.", ".", "1.2.3", "1e3", "0,5", "1.5x"};
    for (size_t i = 0; i < N(bad_decimal); i++)
        assert_false(config_number(bad_decimal[i], true, &n));
    assert_true(n == 42);
}

static void test_config_path(void **state)
{
    (void)state;
    char out[256];

    setenv("XDG_CONFIG_HOME", "/tmp/xdg", 1);
    setenv("HOME", "/home/sato", 1);
    assert_true(config_path("dun.conf", out, sizeof out));
    assert_string_equal(out, "/tmp/xdg/dun/dun.conf");

    setenv("XDG_CONFIG_HOME", "", 1); // empty counts as unset
    assert_true(config_path("dun.conf", out, sizeof out));
    assert_string_equal(out, "/home/sato/.config/dun/dun.conf");

    unsetenv("XDG_CONFIG_HOME");
    assert_true(config_path("keys", out, sizeof out));
    assert_string_equal(out, "/home/sato/.config/dun/keys");

    unsetenv("HOME");
    memset(out, 0, sizeof out);
    assert_false(config_path("dun.conf", out, sizeof out));
    setenv("HOME", "", 1);
    assert_false(config_path("dun.conf", out, sizeof out));

    setenv("XDG_CONFIG_HOME", "/tmp/xdg", 1); // XDG alone is enough
    assert_true(config_path("dun.conf", out, sizeof out));
    assert_string_equal(out, "/tmp/xdg/dun/dun.conf");

    /* Too small for the path: false, not a truncated path. */
    char small[12];
    assert_false(config_path("dun.conf", small, sizeof small));
    char exact[22]; // "/tmp/xdg/dun/dun.conf" is 21 bytes
    assert_true(config_path("dun.conf", exact, sizeof exact));
    assert_false(config_path("dun.conf", exact, sizeof exact - 1));
}

/* A password in the database setting, in either form libpq takes. */
static void test_conninfo_password(void **state)
{
    (void)state;
    assert_true(conninfo_has_password("host=db port=5432 password=s3cret dbname=dun"));
    assert_true(conninfo_has_password("host=db password = 's3 cret' user=x"));
    assert_true(conninfo_has_password("password='it\\'s'"));
    assert_true(conninfo_has_password("postgresql://dun:s3cret@db:5432/dun"));
    assert_true(conninfo_has_password("postgres://dun:s3cret@db/dun"));
    assert_true(conninfo_has_password("postgresql://db/dun?user=dun&password=s3cret"));
    assert_true(conninfo_has_password("postgresql://db/dun?password=s3cret"));
    assert_false(conninfo_has_password("host=db dbname=dun user=dun"));
    assert_true(conninfo_has_password("host=db password= user=dun"));        /* libpq reads "user=dun" */
    assert_false(conninfo_has_password("host=db password='' user=dun"));
    assert_false(conninfo_has_password("application_name='password=x'"));     /* a value, not a key */
    assert_false(conninfo_has_password("postgresql://dun@db/dun"));
    assert_false(conninfo_has_password("postgresql://db/dun?passfile=/x"));
    assert_false(conninfo_has_password("postgresql://db:5432/dun"));          /* a port, not a password */
    assert_false(conninfo_has_password(""));
}

static void test_secret_named(void **state)
{
    (void)state;
    char what[100];
    struct config *c = config_parse("f", "company = X\nsmtp_password = p\n", NULL, NULL);
    assert_true(config_secret(c, what, sizeof what));
    assert_string_equal(what, "smtp_password");
    config_free(&c);
    c = config_parse("f", "serve_token = 0123456789abcdef\n", NULL, NULL);
    assert_true(config_secret(c, what, sizeof what));
    assert_string_equal(what, "serve_token");
    config_free(&c);
    c = config_parse("f", "database = host=db password=x\n", NULL, NULL);
    assert_true(config_secret(c, what, sizeof what));
    assert_string_equal(what, "the password in database");
    config_free(&c);
    c = config_parse("f", "database = host=db\nkannel_password =\ncompany = X\n", NULL, NULL);
    assert_false(config_secret(c, what, sizeof what)); /* an empty password is no secret */
    config_free(&c);
}

/* config_load: no file is no error (err left alone: callers test it); a
 * secret in a file others can read is refused with the file and the fix. */
static void test_load(void **state)
{
    (void)state;
    char dir[] = "/tmp/dun-test-config-XXXXXX", path[200], err[400] = "";
    bool missing = false;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/dun.conf", dir);
    assert_null(config_load(path, NULL, NULL, &missing, err, sizeof err));
    assert_true(missing);
    assert_string_equal(err, "");

    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("company = X\nsmtp_password = hunter2\n", f);
    fclose(f);
    assert_int_equal(chmod(path, 0644), 0);
    assert_null(config_load(path, NULL, NULL, &missing, err, sizeof err));
    assert_false(missing);
    char want[400];
    snprintf(want, sizeof want, "%s holds a secret (smtp_password) but others can read it (mode 0644): chmod 600 %s",
             path, path);
    assert_string_equal(err, want);
    assert_null(strstr(err, "hunter2"));
    assert_int_equal(chmod(path, 0620), 0);
    assert_null(config_load(path, NULL, NULL, &missing, err, sizeof err));
    assert_non_null(strstr(err, "others can change it (mode 0620)"));

    assert_int_equal(chmod(path, 0600), 0);
    err[0] = '\0';
    struct config *c = config_load(path, NULL, NULL, &missing, err, sizeof err);
    assert_non_null(c);
    assert_string_equal(config_get(c, "smtp_password"), "hunter2");
    assert_string_equal(err, "");
    config_free(&c);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_value),
        cmocka_unit_test(test_comments_and_blank_lines),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_comment_after_value),
        cmocka_unit_test(test_flag),
        cmocka_unit_test(test_bad_lines_reported_rest_loads),
        cmocka_unit_test(test_empty_key_reported),
        cmocka_unit_test(test_later_key_wins),
        cmocka_unit_test(test_crlf_and_line_numbers),
        cmocka_unit_test(test_many_keys_and_edges),
        cmocka_unit_test(test_conninfo_password),
        cmocka_unit_test(test_secret_named),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_number),
        cmocka_unit_test_setup_teardown(test_config_path, save_env, restore_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
