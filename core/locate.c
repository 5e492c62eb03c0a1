#include "core/locate.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define EASTERN "America/New_York"
#define CENTRAL "America/Chicago"
#define MOUNTAIN "America/Denver"
#define ARIZONA "America/Phoenix"
#define PACIFIC "America/Los_Angeles"
#define ALASKA "America/Anchorage"
#define ALEUTIAN "America/Adak"
#define HAWAII "Pacific/Honolulu"
#define DETROIT "America/Detroit"
#define MENOMINEE "America/Menominee"
#define INDIANA "America/Indiana/Indianapolis"
#define BOISE "America/Boise"
#define TOKYO "Asia/Tokyo"

/* Countries whose whole territory keeps one zone (a country spanning
 * several, such as Russia, Canada, Mexico, Brazil, Australia, Indonesia,
 * Spain with the Canaries or Portugal with the Azores, is left out). The
 * country calling codes form a prefix code, so at most one entry matches. */
static const struct {
    const char *code;
    const char *zone;
} countries[] = {
    {"30", "Europe/Athens"},     {"31", "Europe/Amsterdam"}, {"32", "Europe/Brussels"},
    {"33", "Europe/Paris"},      {"36", "Europe/Budapest"},  {"39", "Europe/Rome"},
    {"40", "Europe/Bucharest"},  {"41", "Europe/Zurich"},    {"43", "Europe/Vienna"},
    {"44", "Europe/London"},     {"45", "Europe/Copenhagen"}, {"46", "Europe/Stockholm"},
    {"47", "Europe/Oslo"},       {"48", "Europe/Warsaw"},    {"49", "Europe/Berlin"},
    {"353", "Europe/Dublin"},    {"358", "Europe/Helsinki"}, {"420", "Europe/Prague"},
    {"63", "Asia/Manila"},       {"65", "Asia/Singapore"},   {"66", "Asia/Bangkok"},
    {"81", TOKYO},               {"82", "Asia/Seoul"},       {"84", "Asia/Ho_Chi_Minh"},
    {"852", "Asia/Hong_Kong"},   {"853", "Asia/Macau"},      {"886", "Asia/Taipei"},
    {"91", "Asia/Kolkata"},
};

/* The US states and territories by USPS code: their official zones (two
 * where the state spans a zone line) and the NANP area codes assigned to
 * them, checked against libphonenumber's geocoding data. An area code not
 * listed (Canada, the Caribbean, non-geographic, new or unknown) says
 * nothing. */
struct state {
    char usps[3];
    const char *zones[2]; /* the second NULL for one zone */
    const short *area_codes; /* ends with 0 */
};

#define CODES(...) ((const short[]){__VA_ARGS__, 0})
static const struct state states[] = {
    {"AL", {CENTRAL}, CODES(205, 251, 256, 334, 659, 938)},
    {"AK", {ALASKA, ALEUTIAN}, CODES(907)},
    {"AZ", {ARIZONA, MOUNTAIN}, CODES(480, 520, 602, 623, 928)}, /* the Navajo Nation keeps DST */
    {"AR", {CENTRAL}, CODES(327, 479, 501, 870)},
    {"CA", {PACIFIC}, CODES(209, 213, 279, 310, 323, 341, 350, 369, 408, 415, 424, 442, 510, 530, 559, 562, 619,
                             626, 628, 650, 657, 661, 669, 707, 714, 738, 747, 760, 805, 818, 820, 831, 840, 858,
                             909, 916, 925, 949, 951)},
    {"CO", {MOUNTAIN}, CODES(303, 719, 720, 748, 970, 983)},
    {"CT", {EASTERN}, CODES(203, 475, 860, 959)},
    {"DE", {EASTERN}, CODES(302)},
    {"DC", {EASTERN}, CODES(202, 771)},
    {"FL", {EASTERN, CENTRAL}, CODES(239, 305, 321, 324, 352, 386, 407, 448, 561, 645, 656, 689, 727, 728, 754,
                                     772, 786, 813, 850, 863, 904, 941, 954)},
    {"GA", {EASTERN}, CODES(229, 404, 470, 478, 678, 706, 762, 770, 912, 943)},
    {"HI", {HAWAII}, CODES(808)},
    {"ID", {BOISE, PACIFIC}, CODES(208, 986)},
    {"IL", {CENTRAL}, CODES(217, 224, 309, 312, 331, 447, 464, 618, 630, 708, 730, 773, 779, 815, 847, 872)},
    {"IN", {INDIANA, CENTRAL}, CODES(219, 260, 317, 463, 574, 765, 812, 930)},
    {"IA", {CENTRAL}, CODES(319, 515, 563, 641, 712)},
    {"KS", {CENTRAL, MOUNTAIN}, CODES(316, 620, 785, 913)},
    {"KY", {EASTERN, CENTRAL}, CODES(270, 364, 502, 606, 859)},
    {"LA", {CENTRAL}, CODES(225, 318, 337, 504, 985)},
    {"ME", {EASTERN}, CODES(207)},
    {"MD", {EASTERN}, CODES(227, 240, 301, 410, 443, 667)},
    {"MA", {EASTERN}, CODES(339, 351, 413, 508, 617, 774, 781, 857, 978)},
    {"MI", {DETROIT, MENOMINEE}, CODES(231, 248, 269, 313, 517, 586, 616, 734, 810, 906, 947, 989)},
    {"MN", {CENTRAL}, CODES(218, 320, 507, 612, 651, 763, 952)},
    {"MS", {CENTRAL}, CODES(228, 601, 662, 769)},
    {"MO", {CENTRAL}, CODES(235, 314, 417, 557, 573, 636, 660, 816, 975)},
    {"MT", {MOUNTAIN}, CODES(406)},
    {"NE", {CENTRAL, MOUNTAIN}, CODES(308, 402, 531)},
    {"NV", {PACIFIC, MOUNTAIN}, CODES(702, 725, 775)},
    {"NH", {EASTERN}, CODES(603)},
    {"NJ", {EASTERN}, CODES(201, 551, 609, 640, 732, 848, 856, 862, 908, 973)},
    {"NM", {MOUNTAIN}, CODES(505, 575)},
    {"NY", {EASTERN}, CODES(212, 315, 329, 332, 347, 363, 516, 518, 585, 607, 631, 646, 680, 716, 718, 838, 845,
                             914, 917, 929, 934)},
    {"NC", {EASTERN}, CODES(252, 336, 472, 704, 743, 828, 910, 919, 980, 984)},
    {"ND", {CENTRAL, MOUNTAIN}, CODES(701)},
    {"OH", {EASTERN}, CODES(216, 220, 234, 283, 326, 330, 380, 419, 440, 513, 567, 614, 740, 937)},
    {"OK", {CENTRAL}, CODES(405, 539, 572, 580, 918)},
    {"OR", {PACIFIC, BOISE}, CODES(458, 503, 541, 971)},
    {"PA", {EASTERN}, CODES(215, 223, 267, 272, 412, 445, 484, 570, 582, 610, 717, 724, 814, 835, 878)},
    {"RI", {EASTERN}, CODES(401)},
    {"SC", {EASTERN}, CODES(803, 821, 839, 843, 854, 864)},
    {"SD", {CENTRAL, MOUNTAIN}, CODES(605)},
    {"TN", {EASTERN, CENTRAL}, CODES(423, 615, 629, 731, 865, 901, 931)},
    {"TX", {CENTRAL, MOUNTAIN}, CODES(210, 214, 254, 281, 325, 346, 361, 409, 430, 432, 469, 512, 682, 713, 726,
                                      737, 806, 817, 830, 832, 903, 915, 936, 940, 945, 956, 972, 979)},
    {"UT", {MOUNTAIN}, CODES(385, 435, 801)},
    {"VT", {EASTERN}, CODES(802)},
    {"VA", {EASTERN}, CODES(276, 434, 540, 571, 686, 703, 757, 804, 826, 948)},
    {"WA", {PACIFIC}, CODES(206, 253, 360, 425, 509, 564)},
    {"WV", {EASTERN}, CODES(304, 681)},
    {"WI", {CENTRAL}, CODES(262, 274, 353, 414, 534, 608, 715, 920)},
    {"WY", {MOUNTAIN}, CODES(307)},
    {"PR", {"America/Puerto_Rico"}, CODES(787, 939)},
    {"VI", {"America/Puerto_Rico"}, CODES(340)}, /* tzdata's zone for the US Virgin Islands too */
    {"GU", {"Pacific/Guam"}, CODES(671)},
    {"MP", {"Pacific/Guam"}, CODES(670)},          /* and for the Northern Mariana Islands */
    {"AS", {"Pacific/Pago_Pago"}, CODES(684)},
};

/* Every zone that is in the United States (a state, DC or an inhabited
 * territory), and the aliases naming the same places. Zones that name no
 * place (EST5EDT, ...) are not in it. The same list is in migration 012
 * (dun.zones_jurisdiction); tests/store/test_locate.sh checks they agree. */
static const char *const us_zones[] = {
    "America/New_York", "America/Detroit", "America/Kentucky/Louisville", "America/Kentucky/Monticello",
    "America/Indiana/Indianapolis", "America/Indiana/Vincennes", "America/Indiana/Winamac",
    "America/Indiana/Marengo", "America/Indiana/Petersburg", "America/Indiana/Vevay", "America/Chicago",
    "America/Indiana/Tell_City", "America/Indiana/Knox", "America/Menominee", "America/North_Dakota/Center",
    "America/North_Dakota/New_Salem", "America/North_Dakota/Beulah", "America/Denver", "America/Boise",
    "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "America/Juneau", "America/Sitka",
    "America/Metlakatla", "America/Yakutat", "America/Nome", "America/Adak", "Pacific/Honolulu",
    "America/Puerto_Rico", "America/St_Thomas", "America/Virgin", "Pacific/Guam", "Pacific/Saipan",
    "Pacific/Pago_Pago", "Pacific/Samoa", "US/Eastern", "US/Central", "US/Mountain", "US/Pacific", "US/Alaska",
    "US/Aleutian", "US/Arizona", "US/East-Indiana", "US/Indiana-Starke", "US/Michigan", "US/Hawaii", "US/Samoa",
    "America/Fort_Wayne", "America/Indianapolis", "America/Knox_IN", "America/Louisville", "America/Shiprock",
    "America/Atka", "Navajo", "Pacific/Johnston",
};

/* What marks a Japanese address: a prefecture (都道府県), or 日本. */
static const char *const japan_marks[] = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県", "日本",
};

/* The tables name fewer than LOCATE_MAX zones, so a set never fills. */
static void add(struct locate_zones *z, const char *zone)
{
    for (int i = 0; i < z->n; i++)
        if (strcmp(z->zone[i], zone) == 0)
            return;
    if (z->n < LOCATE_MAX)
        z->zone[z->n++] = zone;
}

static void add_state(struct locate_zones *z, const struct state *s)
{
    for (size_t i = 0; i < N(s->zones) && s->zones[i]; i++)
        add(z, s->zones[i]);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha(char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
static bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

static const struct state *state_by_area_code(int npa)
{
    for (size_t i = 0; i < N(states); i++)
        for (const short *c = states[i].area_codes; *c; c++)
            if (*c == npa)
                return &states[i];
    return NULL;
}

static const struct state *state_by_usps(const char *two)
{
    for (size_t i = 0; i < N(states); i++)
        if (states[i].usps[0] == two[0] && states[i].usps[1] == two[1])
            return &states[i];
    return NULL;
}

bool locate_phone(struct locate_zones *z, const char *e164)
{
    if (!e164 || e164[0] != '+')
        return false;
    const char *d = e164 + 1;
    if (d[0] == '1') {
        if (!is_digit(d[1]) || !is_digit(d[2]) || !is_digit(d[3]))
            return false;
        const struct state *s = state_by_area_code((d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0'));
        if (s)
            add_state(z, s);
        return s != NULL;
    }
    for (size_t i = 0; i < N(countries); i++)
        if (strncmp(d, countries[i].code, strlen(countries[i].code)) == 0) {
            add(z, countries[i].zone);
            return true;
        }
    return false;
}

/* The length of a ZIP code at p ("10001" or "78701-1234") standing alone, or 0. */
static size_t zip_at(const char *p)
{
    for (int i = 0; i < 5; i++)
        if (!is_digit(p[i]))
            return 0;
    size_t n = 5;
    if (p[5] == '-' && is_digit(p[6]) && is_digit(p[7]) && is_digit(p[8]) && is_digit(p[9]))
        n = 10;
    return is_alnum(p[n]) ? 0 : n;
}

/* Every "XX 12345" in the address: a state code standing alone, spaces or a
 * comma, a ZIP code. */
static bool us_states_in(struct locate_zones *z, const char *a)
{
    bool found = false;
    for (const char *p = a; p[0] && p[1]; p++) {
        if (!is_upper(p[0]) || !is_upper(p[1]) || (p > a && is_alnum(p[-1])))
            continue;
        const char *q = p + 2;
        while (*q == ' ' || *q == ',')
            q++;
        const struct state *s = q > p + 2 && zip_at(q) ? state_by_usps(p) : NULL;
        if (s) {
            add_state(z, s);
            found = true;
        }
    }
    return found;
}

/* "Japan" as a word, in any case. */
static bool names_japan(const char *a)
{
    for (const char *p = a; *p; p++)
        if (strncasecmp(p, "japan", 5) == 0 && (p == a || !is_alpha(p[-1])) && !is_alpha(p[5]))
            return true;
    return false;
}

static bool japanese(const char *a)
{
    for (size_t i = 0; i < N(japan_marks); i++)
        if (strstr(a, japan_marks[i]))
            return true;
    return names_japan(a);
}

bool locate_address(struct locate_zones *z, const char *address)
{
    if (!address)
        return false;
    bool found = us_states_in(z, address);
    if (japanese(address)) {
        add(z, TOKYO);
        found = true;
    }
    return found;
}

bool locate_zone_is_us(const char *zone)
{
    for (size_t i = 0; i < N(us_zones); i++)
        if (strcmp(us_zones[i], zone) == 0)
            return true;
    return false;
}

static bool is_tokyo(const char *zone)
{
    return strcmp(zone, TOKYO) == 0 || strcmp(zone, "Japan") == 0;
}

const char *locate_jurisdiction(const char *const *zones, int n)
{
    bool us = n > 0, jp = n > 0;
    for (int i = 0; i < n; i++) {
        us = us && locate_zone_is_us(zones[i]);
        jp = jp && is_tokyo(zones[i]);
    }
    return us ? "US" : jp ? "JP" : NULL;
}
