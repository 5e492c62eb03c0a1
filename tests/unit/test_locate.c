/* Unit tests for core/locate: candidate zones from phone numbers and postal
 * addresses, and the jurisdiction candidate zones imply. Cases are checked by
 * hand against the NANPA assignments (area code -> state) and the states'
 * official time zones. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/locate.h"
#include "core/zone.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The set as "A|B", for comparing with a table. */
static const char *joined(const struct locate_zones *z, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < z->n; i++)
        k += (size_t)snprintf(out + k, n - k, "%s%s", i ? "|" : "", z->zone[i]);
    return out;
}

static void test_phones(void **state)
{
    (void)state;
    static const struct {
        const char *number, *zones; /* "" when it says nothing */
    } cases[] = {
        {"+12125550147", "America/New_York"},                /* Manhattan */
        {"+13125550100", "America/Chicago"},                 /* Chicago */
        {"+13035550100", "America/Denver"},                  /* Denver */
        {"+14155550100", "America/Los_Angeles"},             /* San Francisco */
        {"+18085550100", "Pacific/Honolulu"},
        {"+16025550100", "America/Phoenix|America/Denver"},  /* Arizona: the Navajo Nation keeps DST */
        {"+15125550100", "America/Chicago|America/Denver"},  /* Austin: Texas spans two zones */
        {"+19155550100", "America/Chicago|America/Denver"},  /* El Paso: by the state, not the city */
        {"+18135550100", "America/New_York|America/Chicago"}, /* Tampa: Florida's panhandle is Central */
        {"+13135550100", "America/Detroit|America/Menominee"}, /* Detroit */
        {"+13175550100", "America/Indiana/Indianapolis|America/Chicago"},
        {"+19075550100", "America/Anchorage|America/Adak"},
        {"+12085550100", "America/Boise|America/Los_Angeles"},
        {"+17875550100", "America/Puerto_Rico"},
        {"+13405550100", "America/Puerto_Rico"},             /* US Virgin Islands */
        {"+16715550100", "Pacific/Guam"},
        {"+16845550100", "Pacific/Pago_Pago"},
        {"+14165550100", ""},                                /* Toronto */
        {"+16045550100", ""},                                /* Vancouver */
        {"+12425550100", ""},                                /* the Bahamas */
        {"+18765550100", ""},                                /* Jamaica */
        {"+18005550100", ""},                                /* toll-free */
        {"+18885550100", ""},
        {"+15005550100", ""},                                /* personal communications */
        {"+19005550100", ""},
        {"+12995550100", ""},                                /* unassigned */
        {"+819012345678", "Asia/Tokyo"},
        {"+81312345678", "Asia/Tokyo"},
        {"+821012345678", "Asia/Seoul"},
        {"+886912345678", "Asia/Taipei"},
        {"+85291234567", "Asia/Hong_Kong"},
        {"+6591234567", "Asia/Singapore"},
        {"+447911123456", "Europe/London"},
        {"+353851234567", "Europe/Dublin"},
        {"+4915112345678", "Europe/Berlin"},
        {"+33612345678", "Europe/Paris"},
        {"+393123456789", "Europe/Rome"},
        {"+35512345678", ""},                                /* Albania: "35" is no code, 353 and 358 do not match */
        {"+79161234567", ""},                                /* Russia: many zones */
        {"+61412345678", ""},                                /* Australia */
        {"+5215512345678", ""},                              /* Mexico */
        {"+5511912345678", ""},                              /* Brazil */
        {"+34612345678", ""},                                /* Spain: the Canaries */
        {"+12", ""},
        {"12125550147", ""},
        {"", ""},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct locate_zones z = {0};
        char got[256];
        bool says = locate_phone(&z, cases[i].number);
        if (strcmp(joined(&z, got, sizeof got), cases[i].zones) != 0 || says != (cases[i].zones[0] != '\0'))
            fail_msg("%s: \"%s\" (%d), want \"%s\"", cases[i].number, got, says, cases[i].zones);
    }
    struct locate_zones z = {0};
    assert_false(locate_phone(&z, NULL));
    assert_int_equal(z.n, 0);
}

static void test_addresses(void **state)
{
    (void)state;
    static const struct {
        const char *address, *zones;
    } cases[] = {
        {"1 Main St, New York, NY 10001", "America/New_York"},
        {"100 Congress Ave, Austin TX 78701-1234", "America/Chicago|America/Denver"},
        {"100 Congress Ave\nAustin, TX, 78701", "America/Chicago|America/Denver"},
        {"PO Box 5, Juneau, AK 99801", "America/Anchorage|America/Adak"},
        {"1 Calle Sol, San Juan, PR 00901", "America/Puerto_Rico"},
        {"Washington, DC 20500", "America/New_York"},
        {"東京都千代田区千代田1-1", "Asia/Tokyo"},
        {"大阪府大阪市北区梅田1-1", "Asia/Tokyo"},
        {"北海道札幌市中央区北1条西2丁目", "Asia/Tokyo"},
        {"福岡県福岡市博多区1-1", "Asia/Tokyo"},
        {"〒100-0001 日本", "Asia/Tokyo"},
        {"1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, JAPAN", "Asia/Tokyo"},
        {"Austin TX", ""},                            /* no ZIP code */
        {"Austin, Texas 78701", ""},                  /* a state's name, not its code */
        {"Suite NY10001", ""},                        /* no space before the ZIP code */
        {"ANY 10001", ""},                            /* NY inside a word */
        {"XX 12345", ""},                             /* not a state */
        {"PSC 1234, APO AE 09012", ""},               /* military mail says nowhere */
        {"Dallas TX 787011", ""},                     /* six digits are no ZIP code */
        {"Dallas TX 75201x", ""},
        {"Japanese Garden, 611 SW Kingston Ave, Portland, OR 97205", "America/Los_Angeles|America/Boise"},
        {"Nippon Street 1, London", ""},
        {"", ""},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct locate_zones z = {0};
        char got[256];
        bool says = locate_address(&z, cases[i].address);
        if (strcmp(joined(&z, got, sizeof got), cases[i].zones) != 0 || says != (cases[i].zones[0] != '\0'))
            fail_msg("%s: \"%s\" (%d), want \"%s\"", cases[i].address, got, says, cases[i].zones);
    }
    struct locate_zones z = {0};
    assert_false(locate_address(&z, NULL));
}

/* Every source adds to one set: each zone once, in the order first indicated. */
static void test_union(void **state)
{
    (void)state;
    struct locate_zones z = {0};
    char got[256];
    assert_true(locate_phone(&z, "+819012345678"));
    assert_true(locate_phone(&z, "+12125550100"));
    assert_string_equal(joined(&z, got, sizeof got), "Asia/Tokyo|America/New_York");

    memset(&z, 0, sizeof z);
    assert_true(locate_phone(&z, "+12125550100"));
    assert_false(locate_phone(&z, "+18005550100"));
    assert_true(locate_address(&z, "1 Main St, New York, NY 10001"));
    assert_string_equal(joined(&z, got, sizeof got), "America/New_York");

    memset(&z, 0, sizeof z);
    assert_true(locate_phone(&z, "+18135550100"));
    assert_true(locate_address(&z, "Austin TX 78701 (work: Dallas TX 75201)"));
    assert_string_equal(joined(&z, got, sizeof got), "America/New_York|America/Chicago|America/Denver");
}

static const char *jurisdiction_of(const char *list)
{
    static char buf[256];
    const char *zones[8];
    int n = 0;
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *tok = strtok_r(buf, "|", &save); tok && n < 8; tok = strtok_r(NULL, "|", &save))
        zones[n++] = tok;
    const char *j = locate_jurisdiction(zones, n);
    return j ? j : "none";
}

static void test_jurisdiction(void **state)
{
    (void)state;
    static const struct {
        const char *zones, *want;
    } cases[] = {
        {"America/New_York", "US"},
        {"America/Chicago|America/Denver", "US"},
        {"America/New_York|America/Los_Angeles|Pacific/Honolulu|America/Anchorage", "US"},
        {"America/Indiana/Knox", "US"},
        {"America/North_Dakota/Beulah", "US"},
        {"America/Puerto_Rico", "US"},
        {"Pacific/Guam", "US"},
        {"US/Eastern", "US"},
        {"America/Indianapolis", "US"},
        {"Asia/Tokyo", "JP"},
        {"Japan", "JP"},
        {"Asia/Tokyo|Japan", "JP"},
        {"Asia/Tokyo|America/New_York", "none"},
        {"America/New_York|Europe/London", "none"},
        {"UTC", "none"},
        {"Europe/London", "none"},
        {"America/Toronto", "none"},
        {"America/Mexico_City", "none"},
        {"America/Anguilla", "none"},
        {"EST5EDT", "none"},
        {"Asia/Seoul", "none"},
        {"", "none"},
    };
    for (size_t i = 0; i < N(cases); i++)
        if (strcmp(jurisdiction_of(cases[i].zones), cases[i].want) != 0)
            fail_msg("%s: %s, want %s", cases[i].zones, jurisdiction_of(cases[i].zones), cases[i].want);
    assert_null(locate_jurisdiction(NULL, 0));
}

/* Over every area code and every country code: what the tables infer is a
 * zone the system knows, and every +1 inference is a US zone. */
static void test_tables(void **state)
{
    (void)state;
    struct zone_cache *cache = zone_cache_new();
    char err[160], number[32];
    int known = 0;
    for (int npa = 200; npa <= 999; npa++) {
        struct locate_zones z = {0};
        snprintf(number, sizeof number, "+1%d5550100", npa);
        if (!locate_phone(&z, number))
            continue;
        known++;
        for (int i = 0; i < z.n; i++) {
            if (!zone_cache_get(cache, z.zone[i], err, sizeof err))
                fail_msg("%s: %s", number, err);
            if (!locate_zone_is_us(z.zone[i]))
                fail_msg("%s: %s is not a US zone", number, z.zone[i]);
        }
    }
    assert_true(known > 300); /* the US has over 300 geographic area codes */
    for (int cc = 2; cc <= 999; cc++) {
        struct locate_zones z = {0};
        snprintf(number, sizeof number, "+%d123456789", cc);
        if (locate_phone(&z, number) && !zone_cache_get(cache, z.zone[0], err, sizeof err))
            fail_msg("%s: %s", number, err);
    }
    zone_cache_free(&cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phones),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_union),
        cmocka_unit_test(test_jurisdiction),
        cmocka_unit_test(test_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
