/* Demo data generator (see demo.h).
 *
 * Rows are written as COPY text into per-table buffers, a batch of accounts
 * at a time, and streamed with db_copy_in. Account ids are reserved from the
 * accounts sequence up front so the children can name their parent without a
 * round trip. Each account draws from its own PRNG stream, derived from the
 * seed and its index, so the data does not depend on batch sizes.
 */
#include "core/db/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/zone.h"

#define SECS_PER_DAY 86400
#define BATCH 8192 // accounts per COPY round
#define MAX_PHONES 3
#define MAX_EMAILS 2
#define MAX_CONTACTS 16
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG: xoshiro256** seeded through splitmix64 ------------------------ */

struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed;
    uint64_t mix = splitmix64(&x) ^ (stream * 0xd1342543de82ef95ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&mix);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/** Uniform in [0, n); n > 0. The modulo bias is below 2^-40 for our n. */
static int64_t rnd(struct rng *r, int64_t n) { return (int64_t)(rng_next(r) % (uint64_t)n); }
/** Uniform in [lo, hi]. */
static int64_t rnd_range(struct rng *r, int64_t lo, int64_t hi) { return lo + rnd(r, hi - lo + 1); }
/** True with probability permille / 1000. */
static bool chance(struct rng *r, int permille) { return rnd(r, 1000) < permille; }
#define PICK(r, arr) ((arr)[rnd((r), (int64_t)NELEM(arr))])

/* ---- COPY text buffers ---------------------------------------------------- */

struct sb {
    char *p;
    size_t len, cap;
    bool oom;
};

static bool sb_reserve(struct sb *b, size_t more)
{
    if (b->oom)
        return false;
    if (b->len + more <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < b->len + more)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static void sb_raw(struct sb *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void sb_ch(struct sb *b, char c)
{
    if (sb_reserve(b, 1))
        b->p[b->len++] = c;
}

/* A text field: COPY's text format needs backslash, tab, newline and CR escaped. */
static void sb_text(struct sb *b, const char *s)
{
    if (!sb_reserve(b, 2 * strlen(s)))
        return;
    for (; *s; s++) {
        char c = *s;
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
            b->p[b->len++] = '\\';
            c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
        }
        b->p[b->len++] = c;
    }
}

static void sb_null(struct sb *b) { sb_raw(b, "\\N", 2); }
static void sb_tab(struct sb *b) { sb_ch(b, '\t'); }
static void sb_end(struct sb *b) { sb_ch(b, '\n'); }
static void sb_bool(struct sb *b, bool v) { sb_ch(b, v ? 't' : 'f'); }

static void sb_int(struct sb *b, int64_t v)
{
    char tmp[24];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[n++] = '-';
    if (!sb_reserve(b, (size_t)n))
        return;
    while (n)
        b->p[b->len++] = tmp[--n];
}

static void sb_digits(struct sb *b, int v, int width)
{
    char tmp[8];
    for (int i = width - 1; i >= 0; i--, v /= 10)
        tmp[i] = (char)('0' + v % 10);
    sb_raw(b, tmp, (size_t)width);
}

static void sb_date(struct sb *b, int64_t days)
{
    int y, m, d;
    date_to_civil(days, &y, &m, &d);
    sb_digits(b, y, 4);
    sb_ch(b, '-');
    sb_digits(b, m, 2);
    sb_ch(b, '-');
    sb_digits(b, d, 2);
}

/* An instant as UTC ISO 8601 ("2026-11-21T03:15:42Z"). */
static void sb_time(struct sb *b, dun_time t)
{
    int64_t day = floor_div(t, SECS_PER_DAY), sod = floor_mod(t, SECS_PER_DAY);
    sb_date(b, day);
    sb_ch(b, 'T');
    sb_digits(b, (int)(sod / 3600), 2);
    sb_ch(b, ':');
    sb_digits(b, (int)(sod / 60 % 60), 2);
    sb_ch(b, ':');
    sb_digits(b, (int)(sod % 60), 2);
    sb_ch(b, 'Z');
}

static void sb_hhmm(struct sb *b, int minutes)
{
    sb_digits(b, minutes / 60, 2);
    sb_ch(b, ':');
    sb_digits(b, minutes % 60, 2);
}

static void sb_id(struct sb *b, int64_t id)
{
    if (id > 0)
        sb_int(b, id);
    else
        sb_null(b);
}

/* ---- the vocabulary ------------------------------------------------------- */

struct jname {
    const char *kanji, *romaji;
};

static const struct jname ja_surnames[] = {
    {"佐藤", "sato"}, {"鈴木", "suzuki"}, {"高橋", "takahashi"}, {"田中", "tanaka"},
    {"伊藤", "ito"}, {"渡辺", "watanabe"}, {"山本", "yamamoto"}, {"中村", "nakamura"},
    {"小林", "kobayashi"}, {"加藤", "kato"}, {"吉田", "yoshida"}, {"山田", "yamada"},
    {"佐々木", "sasaki"}, {"山口", "yamaguchi"}, {"松本", "matsumoto"}, {"井上", "inoue"},
    {"木村", "kimura"}, {"林", "hayashi"}, {"斎藤", "saito"}, {"清水", "shimizu"},
    {"山崎", "yamazaki"}, {"森", "mori"}, {"池田", "ikeda"}, {"橋本", "hashimoto"},
    {"阿部", "abe"}, {"石川", "ishikawa"}, {"山下", "yamashita"}, {"中島", "nakajima"},
    {"石井", "ishii"}, {"小川", "ogawa"}, {"前田", "maeda"}, {"岡田", "okada"},
    {"長谷川", "hasegawa"}, {"藤田", "fujita"}, {"後藤", "goto"}, {"近藤", "kondo"},
    {"村上", "murakami"}, {"遠藤", "endo"}, {"青木", "aoki"}, {"坂本", "sakamoto"},
    {"斉藤", "saito"}, {"福田", "fukuda"}, {"太田", "ota"}, {"西村", "nishimura"},
    {"藤井", "fujii"}, {"金子", "kaneko"}, {"岡本", "okamoto"}, {"藤原", "fujiwara"},
    {"中野", "nakano"}, {"三浦", "miura"}, {"原田", "harada"}, {"中川", "nakagawa"},
    {"松田", "matsuda"}, {"竹内", "takeuchi"}, {"小野", "ono"}, {"田村", "tamura"},
    {"中山", "nakayama"}, {"和田", "wada"}, {"石田", "ishida"}, {"森田", "morita"},
    {"上田", "ueda"}, {"原", "hara"}, {"内田", "uchida"}, {"柴田", "shibata"},
    {"酒井", "sakai"}, {"宮崎", "miyazaki"}, {"横山", "yokoyama"}, {"高木", "takagi"},
    {"安藤", "ando"}, {"宮本", "miyamoto"}, {"大野", "ohno"}, {"小島", "kojima"},
    {"工藤", "kudo"}, {"谷口", "taniguchi"}, {"今井", "imai"}, {"高田", "takada"},
    {"増田", "masuda"}, {"丸山", "maruyama"}, {"杉山", "sugiyama"}, {"村田", "murata"},
    {"大塚", "otsuka"}, {"新井", "arai"}, {"小山", "koyama"}, {"平野", "hirano"},
    {"藤本", "fujimoto"}, {"河野", "kono"}, {"上野", "ueno"}, {"野口", "noguchi"},
    {"武田", "takeda"}, {"松井", "matsui"}, {"千葉", "chiba"}, {"岩崎", "iwasaki"},
    {"菅原", "sugawara"}, {"木下", "kinoshita"}, {"久保", "kubo"}, {"佐野", "sano"},
    {"野村", "nomura"}, {"松尾", "matsuo"},
};

static const struct jname ja_given_m[] = {
    {"太郎", "taro"}, {"一郎", "ichiro"}, {"健", "ken"}, {"翔太", "shota"},
    {"大輔", "daisuke"}, {"拓也", "takuya"}, {"健太", "kenta"}, {"誠", "makoto"},
    {"浩", "hiroshi"}, {"直樹", "naoki"}, {"和也", "kazuya"}, {"達也", "tatsuya"},
    {"隆", "takashi"}, {"学", "manabu"}, {"蓮", "ren"}, {"大翔", "hiroto"},
    {"悠真", "yuma"}, {"陽翔", "haruto"}, {"湊", "minato"}, {"亮", "ryo"},
    {"剛", "tsuyoshi"}, {"修", "osamu"}, {"茂", "shigeru"}, {"清", "kiyoshi"},
    {"正人", "masato"}, {"秀樹", "hideki"}, {"雄一", "yuichi"}, {"慎吾", "shingo"},
    {"翼", "tsubasa"}, {"大樹", "daiki"},
};

static const struct jname ja_given_f[] = {
    {"花子", "hanako"}, {"美咲", "misaki"}, {"陽子", "yoko"}, {"恵子", "keiko"},
    {"由美", "yumi"}, {"直子", "naoko"}, {"真由美", "mayumi"}, {"裕子", "yuko"},
    {"久美子", "kumiko"}, {"智子", "tomoko"}, {"愛", "ai"}, {"彩", "aya"},
    {"さくら", "sakura"}, {"葵", "aoi"}, {"結衣", "yui"}, {"陽菜", "hina"},
    {"美穂", "miho"}, {"麻衣", "mai"}, {"千尋", "chihiro"}, {"明美", "akemi"},
    {"幸子", "sachiko"}, {"洋子", "yoko"}, {"和子", "kazuko"}, {"典子", "noriko"},
    {"優子", "yuko"}, {"美香", "mika"}, {"香織", "kaori"}, {"奈々", "nana"},
    {"愛子", "aiko"}, {"遥", "haruka"},
};

static const char *const en_first_m[] = {
    "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph",
    "Thomas", "Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark",
    "Donald", "Steven", "Andrew", "Paul", "Joshua", "Kenneth", "Kevin", "Brian",
    "George", "Timothy", "Ronald", "Jason", "Edward", "Jeffrey", "Ryan", "Jacob",
    "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott",
    "Brandon", "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick", "Frank",
    "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Jose", "Adam", "Nathan",
    "Henry", "Zachary", "Douglas", "Peter", "Kyle", "Noah", "Ethan", "Jeremy",
    "Christian", "Walter", "Keith", "Austin", "Roger", "Terry", "Sean", "Carl",
    "Dylan", "Harold", "Jordan", "Jesse", "Bryan", "Lawrence", "Arthur", "Gabriel",
    "Bruce", "Logan", "Alan", "Juan", "Elijah", "Wayne", "Randy", "Mason", "Vincent",
    "Liam", "Roy", "Bobby", "Caleb", "Bradley", "Russell", "Lucas", "Luis", "Carlos",
};

static const char *const en_first_f[] = {
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan",
    "Jessica", "Sarah", "Karen", "Lisa", "Nancy", "Betty", "Sandra", "Margaret",
    "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa",
    "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Dorothy", "Amy",
    "Kathleen", "Angela", "Shirley", "Emma", "Brenda", "Pamela", "Nicole", "Anna",
    "Samantha", "Katherine", "Christine", "Debra", "Rachel", "Carolyn", "Janet",
    "Maria", "Olivia", "Heather", "Helen", "Catherine", "Diane", "Julie", "Victoria",
    "Joyce", "Lauren", "Kelly", "Christina", "Ruth", "Joan", "Virginia", "Judith",
    "Evelyn", "Hannah", "Andrea", "Megan", "Cheryl", "Jacqueline", "Madison",
    "Teresa", "Abigail", "Sophia", "Martha", "Sara", "Gloria", "Janice", "Kathryn",
    "Ann", "Isabella", "Judy", "Charlotte", "Julia", "Grace", "Amber", "Alice",
    "Denise", "Frances", "Danielle", "Marilyn", "Natalie", "Beverly", "Diana",
    "Brittany", "Theresa", "Kayla", "Alexis", "Lori", "Tiffany", "Rosa", "Leilani",
};

static const char *const en_last[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
    "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
    "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker",
    "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy",
    "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey",
    "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson",
    "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz",
    "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long",
    "Ross", "Foster", "Jimenez", "O'Brien", "McCarthy", "Kealoha", "Tanaka",
};

static const char *const ja_creditors[] = {
    "さくらカード", "ひかり信販", "みなとローン", "つばめクレジット",
    "あおば銀行カードローン", "はやて携帯", "こだま電力", "やまびこ通販",
};
static const char *const en_creditors[] = {
    "Sakura Card", "Liberty Auto Finance", "Summit Bank Card", "Bluebird Wireless",
    "Riverside Medical Group", "Maple Street Bank", "Northwind Energy",
    "Pioneer Student Loans",
};

/* Only reserved names (.example, RFC 2606): demo mail must never reach anyone. */
static const char *const ja_mail_domains[] = {
    "docomo.example", "ezweb.example", "softbank.example", "gmail.example",
    "yahoo.example", "icloud.example",
};
static const char *const en_mail_domains[] = {
    "gmail.example", "yahoo.example", "outlook.example", "icloud.example",
    "aol.example", "comcast.example",
};
static const char *const ja_work_domains[] = {
    "sakura-shoji.example", "hikari-denki.example", "tokai-butsuryu.example",
    "minato-kensetsu.example", "aoba-foods.example",
};
static const char *const en_work_domains[] = {
    "granite-works.example", "bluebird-logistics.example", "summit-health.example",
    "lakeside-schools.example", "redwood-retail.example",
};

static const char *const ja_methods[] = {"bank_transfer", "convenience_store", "direct_debit"};
static const char *const en_methods[] = {"card", "ach", "check"};

/* Time zones and the real area codes of each (US numbers use the 555-01XX
 * lines reserved for fiction, so no demo message reaches a real phone). */
enum { Z_TOKYO, Z_NEW_YORK, Z_CHICAGO, Z_DENVER, Z_LOS_ANGELES, Z_HONOLULU, Z_COUNT };

struct dzone {
    const char *name;
    int std_offset;        ///< fallback when tzdata is missing
    const struct zone *z;  ///< owned by the cache, or NULL
    int64_t today;         ///< local date at now
    const short *areas;
    size_t nareas;
};

static const short area_ny[] = {212, 718, 917, 646, 347, 516, 631, 914, 201, 973, 215, 267, 412,
                                617, 781, 202, 301, 410, 703, 804, 704, 919, 404, 678, 305, 786,
                                407, 813, 904, 216, 614, 313, 248, 502};
static const short area_chi[] = {312, 773, 630, 847, 214, 469, 713, 281, 512, 210, 615, 901,
                                 612, 651, 414, 608, 314, 816, 504, 205, 405, 918, 316, 402};
static const short area_den[] = {303, 720, 719, 801, 385, 505, 406, 307, 208};
static const short area_la[] = {213, 310, 323, 415, 510, 408, 619, 858, 916, 206, 425, 503, 702, 775, 909};
static const short area_hnl[] = {808};

/* Segments by days past due. */
static const char *segment_for(int dpd)
{
    return dpd <= 0 ? "pre-due" : dpd <= 30 ? "early" : dpd <= 90 ? "mid" : "late";
}

/* ---- teams and agents ----------------------------------------------------- */

static const char *const team_names[] = {"Tokyo Recoveries", "US East"};

struct agent_def {
    const char *login, *display, *role;
    int team;
    int64_t target;
    const char *currency, *zone;
};

enum { A_DEMO, A_LEAD, A_SATO, A_SUZUKI, A_TANAKA, A_JSMITH, A_MGARCIA, A_DLEE, A_COUNT };

_Static_assert(A_COUNT <= DEMO_MAX_AGENTS, "demo_stats.agents is too small");

static const struct agent_def agent_defs[A_COUNT] = {
    {"demo", "Demo Agent", "agent", 0, 3000000, "JPY", "Asia/Tokyo"},
    {"demo-lead", "Demo Lead", "supervisor", 0, 20000000, "JPY", "Asia/Tokyo"},
    {"sato", "佐藤 健", "agent", 0, 2500000, "JPY", "Asia/Tokyo"},
    {"suzuki", "鈴木 美咲", "agent", 0, 2500000, "JPY", "Asia/Tokyo"},
    {"tanaka", "田中 大輔", "agent", 0, 2000000, "JPY", "Asia/Tokyo"},
    {"jsmith", "John Smith", "agent", 1, 2500000, "USD", "America/New_York"},
    {"mgarcia", "Maria Garcia", "agent", 1, 2500000, "USD", "America/New_York"},
    {"dlee", "David Lee", "agent", 1, 2000000, "USD", "America/Chicago"},
};

/* Who works which book: the demo agent takes both languages. */
static const int ja_pool[] = {A_SATO, A_SUZUKI, A_TANAKA};
static const int en_pool[] = {A_JSMITH, A_MGARCIA, A_DLEE};
static const int history_pool[2][4] = {{A_DEMO, A_SATO, A_SUZUKI, A_TANAKA},
                                       {A_DEMO, A_JSMITH, A_MGARCIA, A_DLEE}};

/* ---- notes ---------------------------------------------------------------- */

enum outcome {
    O_NOT_CONNECTED, O_NO_ANSWER, O_BUSY, O_VOICEMAIL, O_CONVERSATION, O_THIRD_PARTY,
    O_WRONG_NUMBER, O_REFUSED, O_DISPUTE, O_CALLBACK, O_SENT, O_DELIVERED, O_FAILED,
};
static const char *const outcome_names[] = {
    "not_connected", "no_answer", "busy", "voicemail", "conversation", "third_party",
    "wrong_number", "refused", "dispute", "callback_requested", "sent", "delivered", "failed",
};

static const char *const ja_conv_notes[] = {
    "本人と通話。給料日（25日）に支払うとのこと。",
    "本人と通話。分割払いを希望。",
    "本人と通話。今月は厳しいが来月には払えるとのこと。",
    "本人と通話。入金予定日を確認。",
    "本人と通話。口座振替の残高不足だったとのこと。",
};
static const char *const en_conv_notes[] = {
    "Spoke with debtor; will pay on payday.",
    "Debtor asked for a payment plan.",
    "Debtor says money is tight this month, can pay next month.",
    "Confirmed the payment date with the debtor.",
    "Autopay bounced; debtor will call the bank.",
};
static const char *const ja_inbound_notes[] = {
    "本人から入電。支払方法の問い合わせ。",
    "本人から入電。残高の確認。",
};
static const char *const en_inbound_notes[] = {
    "Debtor called in about payment options.",
    "Debtor called to confirm the balance.",
};
static const char *const ja_account_notes[] = {
    "勤務先は新宿。昼休みなら電話に出られるとのこと。",
    "夜間の連絡を希望。",
    "転職したばかりで収入が不安定。",
    "家族には知られたくないとの要望あり。",
    "前回の約束は守られている。",
    "引越し予定あり。新住所を確認すること。",
};
static const char *const en_account_notes[] = {
    "Works night shifts; best reached late morning.",
    "Recently changed jobs; income irregular.",
    "Prefers text messages over calls.",
    "Kept the last two promises.",
    "Moving next month; confirm the new address.",
    "Asked that we not discuss the debt with family members.",
};

struct flag_notes {
    const char *ja, *en;
};
static const struct flag_notes note_attorney = {"代理人弁護士より受任通知あり。本人への連絡は禁止。",
                                                "Represented by an attorney; contact counsel only."};
static const struct flag_notes note_cease = {"本人より連絡停止の申出あり。",
                                             "Cease-communication request received in writing."};
static const struct flag_notes note_dispute = {"請求内容に異議あり。調査中。",
                                               "Balance disputed; validation sent, awaiting response."};
static const struct flag_notes note_bankruptcy = {"破産手続開始の通知あり。",
                                                  "Bankruptcy filing notice received."};
static const struct flag_notes note_employer = {"勤務先への連絡は禁止。",
                                                "Employer prohibits contact at work."};

/* ---- the generator -------------------------------------------------------- */

enum { T_ACCOUNTS, T_PHONES, T_EMAILS, T_CONTACTS, T_PROMISES, T_PAYMENTS, T_NOTES, T_OUTBOX, T_THANKS, T_COUNT };

static const char *const copy_sql[T_COUNT] = {
    "COPY dun.accounts (id, ref, creditor, debtor_name, language, time_zones, balance_minor,"
    " currency, due_date, oldest_unpaid_due_date, status, segment, assigned_agent_id,"
    " prior_delinquencies, sms_consent, email_consent, sms_opt_out, email_opt_out, cease,"
    " attorney, dispute, bankruptcy, deceased, employer_prohibits_contact,"
    " workplace_contact_consent, preferred_window_start, preferred_window_end, created_at,"
    " updated_at, postal_address) FROM STDIN",
    "COPY dun.phones (account_id, number, kind, consent, bad, source, created_at) FROM STDIN",
    "COPY dun.emails (account_id, address, kind, consent, bad, source, created_at) FROM STDIN",
    "COPY dun.contacts (account_id, channel, direction, at, outcome, agent_id, target,"
    " consent_given, note, created_at) FROM STDIN",
    "COPY dun.promises (account_id, agent_id, amount_minor, currency, promised_date, method,"
    " status, created_at, settled_at) FROM STDIN",
    "COPY dun.payments (account_id, amount_minor, currency, paid_at, method, payment_id,"
    " created_at) FROM STDIN",
    "COPY dun.notes (account_id, agent_id, body, created_at) FROM STDIN",
    "COPY dun.outbox (account_id, agent_id, channel, target, body, state, provider, release_at,"
    " next_attempt_at, attempts, created_at, updated_at, sent_at, final_at) FROM STDIN",
    "COPY dun.thanks (giver_id, receiver_id, body, account_id, created_at) FROM STDIN",
};

struct gen {
    const struct demo_options *opt;
    struct demo_stats *st;
    int64_t agent_id[A_COUNT];
    struct dzone zones[Z_COUNT];
    struct sb out[T_COUNT];
    long payment_seq;
    int64_t agent_account[A_COUNT]; ///< an account of each agent's (the first), for the thanks
};

struct phone {
    char number[20];
    const char *kind;
    bool consent, bad, mobile;
};

struct email {
    char address[96];
    const char *kind;
    bool consent, bad;
};

struct contact {
    dun_time at;
    const char *channel, *direction, *target, *note;
    enum outcome outcome;
    int agent; ///< index into agent_defs, or -1
    bool consent_given;
};

static int64_t local_date(const struct dzone *dz, dun_time t)
{
    if (dz->z)
        return zone_local(dz->z, t).date;
    return floor_div(t + dz->std_offset, SECS_PER_DAY);
}

static dun_time local_instant(const struct dzone *dz, int64_t date, int minute)
{
    if (dz->z)
        return zone_instant(dz->z, date, minute);
    return date * SECS_PER_DAY + (dun_time)minute * 60 - dz->std_offset;
}

/* An instant on a local day between two local times, strictly before now
 * (stepping back a day when today's pick would be in the future). */
static dun_time pick_time(struct gen *g, struct rng *r, const struct dzone *dz, int64_t day,
                          int from_min, int to_min)
{
    int minute = (int)rnd_range(r, from_min, to_min - 1);
    int sec = (int)rnd(r, 60);
    dun_time t = local_instant(dz, day, minute) + sec;
    while (t >= g->opt->now)
        t -= SECS_PER_DAY;
    return t;
}

static void lower_ascii(char *dst, size_t n, const char *src)
{
    size_t k = 0;
    for (; *src && k + 1 < n; src++) {
        char c = *src;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            dst[k++] = c;
    }
    dst[k] = '\0';
}

/* First day >= today that is a monthly debit day of the schedule starting at first. */
static int64_t next_debit(int64_t first, int64_t today)
{
    int y, m, d;
    date_to_civil(first, &y, &m, &d);
    for (int k = 0; k < 24; k++) {
        int yy = y + (m - 1 + k) / 12, mm = (m - 1 + k) % 12 + 1;
        int dim = date_days_in_month(yy, mm);
        int64_t day = date_from_civil(yy, mm, d < dim ? d : dim);
        if (day >= today)
            return day;
    }
    return today;
}

/* A promise or payment amount: an instalment rounded the way people pay. */
static int64_t instalment(struct rng *r, int64_t balance, bool jpy)
{
    static const int64_t jpy_steps[] = {5000, 10000, 10000, 20000, 30000, 50000};
    static const int64_t usd_steps[] = {5000, 10000, 15000, 20000, 25000, 50000};
    int64_t a;
    if (chance(r, 250))
        a = balance / (rnd_range(r, 2, 4)); // a half, a third, a quarter
    else
        a = jpy ? PICK(r, jpy_steps) : PICK(r, usd_steps);
    int64_t unit = jpy ? 1000 : 100;
    a = a / unit * unit;
    if (a <= 0 || a > balance)
        a = balance;
    return a;
}

static void add_payment(struct gen *g, int64_t account_id, int64_t amount, const char *cur,
                        dun_time at, const char *method)
{
    struct sb *b = &g->out[T_PAYMENTS];
    char pid[32];
    snprintf(pid, sizeof pid, "DEMO-PAY-%07ld", ++g->payment_seq);
    sb_int(b, account_id), sb_tab(b);
    sb_int(b, amount), sb_tab(b);
    sb_text(b, cur), sb_tab(b);
    sb_time(b, at), sb_tab(b);
    sb_text(b, method), sb_tab(b);
    sb_text(b, pid), sb_tab(b);
    sb_time(b, at), sb_end(b);
    g->st->payments++;
}

static void add_note(struct gen *g, int64_t account_id, int agent, const char *body, dun_time at)
{
    struct sb *b = &g->out[T_NOTES];
    sb_int(b, account_id), sb_tab(b);
    sb_id(b, agent >= 0 ? g->agent_id[agent] : 0), sb_tab(b);
    sb_text(b, body), sb_tab(b);
    sb_time(b, at), sb_end(b);
    g->st->notes++;
}

static void make_us_number(struct rng *r, const struct dzone *dz, char *out, size_t n)
{
    int area = dz->areas[rnd(r, (int64_t)dz->nareas)];
    snprintf(out, n, "+1%03d55501%02d", area, (int)rnd(r, 100));
}

static void make_ja_number(struct rng *r, bool mobile, char *out, size_t n)
{
    static const int mobile_prefix[] = {90, 80, 70};
    static const int land_prefix[] = {3, 3, 3, 6, 45, 52}; // Tokyo mostly, Osaka, Yokohama, Nagoya
    if (mobile)
        snprintf(out, n, "+81%d%04d%04d", PICK(r, mobile_prefix), (int)rnd_range(r, 1000, 9999),
                 (int)rnd(r, 10000));
    else {
        int p = PICK(r, land_prefix);
        snprintf(out, n, "+81%d%0*d%04d", p, p < 10 ? 4 : 3,
                 (int)rnd_range(r, p < 10 ? 1000 : 100, p < 10 ? 9999 : 999), (int)rnd(r, 10000));
    }
}

/* A postal address for most debtors, from its own random stream so the
 * other columns stay as they were for a seed. An American address is in a
 * state of the debtor's (first) zone, so the address and the zone agree. */
static void postal_address(struct gen *g, struct sb *b, long idx, bool ja, int zone)
{
    static const char *const wards[] = {"東京都千代田区丸の内", "東京都新宿区西新宿", "大阪府大阪市北区梅田",
                                        "神奈川県横浜市中区山下町", "愛知県名古屋市中区栄", "福岡県福岡市博多区博多駅前"};
    static const char *const streets[] = {"Maple St", "Oak Ave", "Pine Rd", "Cedar Ln", "Elm St", "Main St"};
    static const char *const cities[Z_COUNT] = {
        [Z_NEW_YORK] = "Albany, NY 12207",   [Z_CHICAGO] = "Springfield, IL 62701",
        [Z_DENVER] = "Denver, CO 80202",     [Z_LOS_ANGELES] = "Sacramento, CA 95814",
        [Z_HONOLULU] = "Honolulu, HI 96813",
    };
    struct rng rr;
    rng_seed(&rr, g->opt->seed ^ 0x5ADD2E55u, (uint64_t)idx + 1);
    if (rnd(&rr, 10) == 0) { /* about one in ten has no address on file */
        sb_null(b);
        return;
    }
    char addr[160];
    if (ja)
        snprintf(addr, sizeof addr, "%s%d-%d-%d", wards[rnd(&rr, NELEM(wards))], (int)rnd_range(&rr, 1, 9),
                 (int)rnd_range(&rr, 1, 20), (int)rnd_range(&rr, 1, 30));
    else
        snprintf(addr, sizeof addr, "%d %s, %s", (int)rnd_range(&rr, 10, 9999), streets[rnd(&rr, NELEM(streets))],
                 cities[zone > Z_TOKYO && zone < Z_COUNT ? zone : Z_NEW_YORK]);
    sb_text(b, addr);
}

/* ---- today: the team's working day so far --------------------------------- */

/* What an account's day needs to know about it (gen_account fills it). */
struct today {
    int64_t id, balance;
    long idx;
    int agent;
    bool ja;
    const char *cur, *creditor, *phone, *sms_to; ///< phone: a good number; sms_to: NULL without SMS consent
    const char *const *methods;
    const struct dzone *dz[2]; ///< the debtor's zone(s); dz[1] may be NULL
};

static const struct dzone *zone_named(const struct gen *g, const char *name)
{
    for (int i = 0; i < Z_COUNT; i++)
        if (strcmp(g->zones[i].name, name) == 0)
            return &g->zones[i];
    return &g->zones[Z_TOKYO];
}

/* Seconds since local midnight of t in dz. */
static int64_t local_second(const struct dzone *dz, dun_time t)
{
    return t - local_instant(dz, local_date(dz, t), 0);
}

/* The agent's day so far: 09:00 to now (at most 20:00) in their own zone,
 * as an instant and a length in seconds; 0 before 09:01. */
static int64_t shift_so_far(const struct gen *g, int agent, dun_time *start)
{
    const struct dzone *z = zone_named(g, agent_defs[agent].zone);
    *start = local_instant(z, z->today, 540);
    int64_t len = g->opt->now - *start;
    if (len < 60)
        return 0;
    return len < 11 * 3600 ? len : 11 * 3600;
}

/* An instant in the agent's day so far when the debtor may be called
 * (08:00 to 21:00 in each of their zones); false when none was found. */
static bool pick_today(const struct gen *g, struct rng *r, const struct today *t, dun_time *at)
{
    dun_time start;
    int64_t len = shift_so_far(g, t->agent, &start);
    for (int tries = 0; len > 0 && tries < 4; tries++) {
        dun_time x = start + rnd(r, len);
        bool awake = true;
        for (int k = 0; k < 2; k++)
            if (t->dz[k]) {
                int64_t s = local_second(t->dz[k], x);
                awake &= s >= 8 * 3600 && s < 21 * 3600;
            }
        if (awake && x < g->opt->now) {
            *at = x;
            return true;
        }
    }
    return false;
}

static void add_contact(struct gen *g, int64_t account_id, const char *channel, const char *direction,
                        dun_time at, enum outcome o, int agent, const char *target, const char *note)
{
    struct sb *b = &g->out[T_CONTACTS];
    sb_int(b, account_id), sb_tab(b);
    sb_text(b, channel), sb_tab(b);
    sb_text(b, direction), sb_tab(b);
    sb_time(b, at), sb_tab(b);
    sb_text(b, outcome_names[o]), sb_tab(b);
    sb_id(b, agent >= 0 ? g->agent_id[agent] : 0), sb_tab(b);
    sb_text(b, target), sb_tab(b);
    sb_bool(b, false), sb_tab(b);
    sb_text(b, note), sb_tab(b);
    sb_time(b, at), sb_end(b);
    g->st->contacts++;
}

/* A promise made today, due in two days to two weeks (in the debtor's zone). */
static void add_promise_today(struct gen *g, struct rng *r, const struct today *t, dun_time at)
{
    struct sb *b = &g->out[T_PROMISES];
    sb_int(b, t->id), sb_tab(b);
    sb_id(b, g->agent_id[t->agent]), sb_tab(b);
    sb_int(b, instalment(r, t->balance, t->ja)), sb_tab(b);
    sb_text(b, t->cur), sb_tab(b);
    sb_date(b, local_date(t->dz[0], at) + rnd_range(r, 2, 14)), sb_tab(b);
    sb_text(b, t->methods[rnd(r, 3)]), sb_tab(b);
    sb_text(b, "pending"), sb_tab(b);
    sb_time(b, at), sb_tab(b);
    sb_null(b), sb_end(b);
    g->st->promises++;
}

/* A reminder the agent sent today: the contact and the outbox row, delivered. */
static void add_sms_today(struct gen *g, const struct today *t, dun_time at)
{
    char body[200];
    snprintf(body, sizeof body, t->ja ? "%sです。お支払いのご確認をお願いいたします。ご不明な点はお電話ください。"
                                      : "%s: a reminder that a payment is due. Reply or call us with any questions.",
             t->creditor);
    add_contact(g, t->id, "sms", "out", at, O_DELIVERED, t->agent, t->sms_to, t->ja ? "督促SMS" : "Payment reminder text");
    dun_time done = at + 4 < g->opt->now ? at + 4 : at;
    struct sb *b = &g->out[T_OUTBOX];
    sb_int(b, t->id), sb_tab(b);
    sb_int(b, g->agent_id[t->agent]), sb_tab(b);
    sb_text(b, "sms"), sb_tab(b);
    sb_text(b, t->sms_to), sb_tab(b);
    sb_text(b, body), sb_tab(b);
    sb_text(b, "delivered"), sb_tab(b);
    sb_text(b, "demo"), sb_tab(b);
    sb_time(b, at), sb_tab(b);
    sb_time(b, at), sb_tab(b);
    sb_int(b, 1), sb_tab(b);
    sb_time(b, at), sb_tab(b);
    sb_time(b, done), sb_tab(b);
    sb_time(b, at), sb_tab(b);
    sb_time(b, done), sb_end(b);
    g->st->messages++;
}

/* One call of today's, with an outcome drawn as the history's are. */
static void call_today(struct gen *g, struct rng *r, const struct today *t, dun_time at)
{
    int64_t q = rnd(r, 1000);
    enum outcome o = q < 350 ? O_NO_ANSWER : q < 550 ? O_VOICEMAIL : q < 600 ? O_BUSY
                   : q < 670 ? O_NOT_CONNECTED : q < 900 ? O_CONVERSATION
                   : q < 930 ? O_THIRD_PARTY : q < 950 ? O_REFUSED : O_CALLBACK;
    const char *note = o == O_CONVERSATION ? (t->ja ? PICK(r, ja_conv_notes) : PICK(r, en_conv_notes))
                     : o == O_THIRD_PARTY ? (t->ja ? "家族が応答。本人は不在。" : "Spouse answered; debtor not home.")
                     : o == O_REFUSED ? (t->ja ? "支払いを拒否。" : "Refused to pay.")
                     : o == O_CALLBACK ? (t->ja ? "夕方の折り返しを希望。" : "Asked us to call back after 6 pm.")
                     : "";
    add_contact(g, t->id, "phone", "out", at, o, t->agent, t->phone, note);
    if (o == O_CONVERSATION && chance(r, 550))
        add_promise_today(g, r, t, at);
}

/* Today's work on one account of its agent's: calls, perhaps a promise, a
 * reminder, a payment. A stream of its own, so that a seed's other rows stay
 * as they were before the demo had a today. */
static void gen_today(struct gen *g, const struct today *t)
{
    struct rng rr, *r = &rr;
    rng_seed(r, g->opt->seed ^ 0x70DA7D1Eu, (uint64_t)t->idx + 1);
    dun_time at;
    int calls = chance(r, 550) ? (chance(r, 250) ? 2 : 1) : 0;
    for (int k = 0; k < calls; k++)
        if (pick_today(g, r, t, &at))
            call_today(g, r, t, at);
    if (t->sms_to && chance(r, 250) && pick_today(g, r, t, &at))
        add_sms_today(g, t, at);
    if (chance(r, 70) && pick_today(g, r, t, &at))
        add_payment(g, t->id, instalment(r, t->balance, t->ja), t->cur, at, t->methods[rnd(r, 3)]);
}

static void gen_account(struct gen *g, long idx, int64_t id)
{
    struct rng rr, *r = &rr;
    rng_seed(r, g->opt->seed, (uint64_t)idx + 1);
    const dun_time now = g->opt->now;
    struct demo_stats *st = g->st;

    bool ja = chance(r, 500);
    if (idx == 0)
        ja = true;
    else if (idx == 1)
        ja = false;

    /* Where the debtor is. */
    int zi[2] = {Z_TOKYO, -1};
    if (!ja) {
        int64_t p = rnd(r, 1000);
        zi[0] = p < 420 ? Z_NEW_YORK : p < 680 ? Z_CHICAGO : p < 770 ? Z_DENVER
              : p < 960 ? Z_LOS_ANGELES : Z_HONOLULU;
        if (zi[0] != Z_HONOLULU && chance(r, 60)) { // not sure which side of a zone line
            static const int pairs[][2] = {{Z_NEW_YORK, Z_CHICAGO}, {Z_CHICAGO, Z_DENVER},
                                           {Z_DENVER, Z_LOS_ANGELES}};
            int k = (int)rnd(r, 3);
            zi[0] = pairs[k][0];
            zi[1] = pairs[k][1];
        }
    }
    const struct dzone *dz = &g->zones[zi[0]];
    const int64_t today = dz->today;

    /* Who. */
    char name[96], first_rom[24], last_rom[24];
    bool female = chance(r, 480);
    if (ja) {
        const struct jname *s = &PICK(r, ja_surnames);
        const struct jname *gv = female ? &PICK(r, ja_given_f) : &PICK(r, ja_given_m);
        snprintf(name, sizeof name, "%s %s", s->kanji, gv->kanji);
        snprintf(first_rom, sizeof first_rom, "%s", gv->romaji);
        snprintf(last_rom, sizeof last_rom, "%s", s->romaji);
    } else {
        const char *f = female ? PICK(r, en_first_f) : PICK(r, en_first_m);
        const char *l = PICK(r, en_last);
        if (chance(r, 150))
            snprintf(name, sizeof name, "%s %c. %s", f, (char)('A' + rnd(r, 26)), l);
        else
            snprintf(name, sizeof name, "%s %s", f, l);
        lower_ascii(first_rom, sizeof first_rom, f);
        lower_ascii(last_rom, sizeof last_rom, l);
    }
    const char *creditor = ja ? PICK(r, ja_creditors) : PICK(r, en_creditors);
    const char *cur = ja ? "JPY" : "USD";
    const char *const *methods = ja ? ja_methods : en_methods;

    /* How much: most balances are small, a few are large. */
    static const int64_t jpy_bands[] = {5000, 20000, 60000, 150000, 400000, 800000};
    static const int64_t usd_bands[] = {5000, 20000, 60000, 150000, 400000, 900000};
    static const int band_weight[] = {250, 550, 800, 950, 1000}; // cumulative permille
    const int64_t *bands = ja ? jpy_bands : usd_bands;
    int64_t bw = rnd(r, 1000);
    int band = 0;
    while (bw >= band_weight[band])
        band++;
    int64_t balance = rnd_range(r, bands[band], bands[band + 1]);

    /* How late. */
    int dpd;
    int64_t p = rnd(r, 1000);
    if (idx == 0)
        dpd = 180;
    else if (idx == 1)
        dpd = -5;
    else if (p < 120)
        dpd = (int)rnd_range(r, -5, 0);
    else if (p < 480)
        dpd = (int)rnd_range(r, 1, 30);
    else if (p < 780)
        dpd = (int)rnd_range(r, 31, 90);
    else
        dpd = (int)rnd_range(r, 91, 180);
    int64_t oldest = 0, due;
    bool has_oldest = dpd >= 0;
    if (has_oldest) {
        oldest = today - dpd;
        due = next_debit(oldest, today);
    } else {
        due = today - dpd;
    }

    /* The file. */
    int prior = (int)(chance(r, 550) ? 0 : rnd_range(r, 1, chance(r, 700) ? 2 : 5));
    bool sms_consent = chance(r, 850), email_consent = chance(r, 800);
    bool sms_opt_out = chance(r, 30), email_opt_out = chance(r, 25);
    bool cease = chance(r, 8), attorney = chance(r, 12), dispute = chance(r, 20);
    bool bankruptcy = chance(r, 6), deceased = chance(r, 2);
    bool employer_prohibits = chance(r, 30);
    bool has_work = chance(r, 220);
    bool workplace_consent = has_work && !employer_prohibits && chance(r, 300);
    const char *status = (bankruptcy || deceased || chance(r, 10)) ? "paused" : "active";
    int win_start = -1, win_end = -1;
    if (chance(r, 200)) {
        static const int ja_win[][2] = {{720, 780}, {1140, 1260}, {1080, 1200}, {600, 720}};
        static const int en_win[][2] = {{1020, 1200}, {540, 720}, {720, 840}, {1080, 1260}};
        int k = (int)rnd(r, 4);
        win_start = ja ? ja_win[k][0] : en_win[k][0];
        win_end = ja ? ja_win[k][1] : en_win[k][1];
    }

    /* Whose. */
    int agent;
    const int *history = history_pool[ja ? 0 : 1];
    if (chance(r, 340))
        agent = A_DEMO;
    else if (chance(r, 25))
        agent = -1;
    else
        agent = ja ? PICK(r, ja_pool) : PICK(r, en_pool);
    if (agent >= 0)
        st->agents[agent].accounts++;
    else
        st->unassigned++;

    dun_time created = now - (dun_time)(((dpd > 0 ? dpd : 0) + rnd_range(r, 20, 420)) * SECS_PER_DAY) -
                       rnd(r, SECS_PER_DAY);
    dun_time updated = now - rnd(r, 7 * SECS_PER_DAY);
    if (updated < created)
        updated = created;

    struct sb *b = &g->out[T_ACCOUNTS];
    char ref[32];
    snprintf(ref, sizeof ref, DEMO_REF_PREFIX "%06ld", idx + 1);
    sb_int(b, id), sb_tab(b);
    sb_text(b, ref), sb_tab(b);
    sb_text(b, creditor), sb_tab(b);
    sb_text(b, name), sb_tab(b);
    sb_text(b, ja ? "ja" : "en"), sb_tab(b);
    sb_ch(b, '{');
    sb_text(b, g->zones[zi[0]].name);
    if (zi[1] >= 0)
        sb_ch(b, ','), sb_text(b, g->zones[zi[1]].name);
    sb_ch(b, '}'), sb_tab(b);
    sb_int(b, balance), sb_tab(b);
    sb_text(b, cur), sb_tab(b);
    sb_date(b, due), sb_tab(b);
    if (has_oldest)
        sb_date(b, oldest);
    else
        sb_null(b);
    sb_tab(b);
    sb_text(b, status), sb_tab(b);
    sb_text(b, segment_for(dpd)), sb_tab(b);
    sb_id(b, agent >= 0 ? g->agent_id[agent] : 0), sb_tab(b);
    sb_int(b, prior), sb_tab(b);
    bool flags[] = {sms_consent, email_consent, sms_opt_out, email_opt_out, cease, attorney,
                    dispute, bankruptcy, deceased, employer_prohibits, workplace_consent};
    for (size_t i = 0; i < NELEM(flags); i++)
        sb_bool(b, flags[i]), sb_tab(b);
    if (win_start >= 0)
        sb_hhmm(b, win_start), sb_tab(b), sb_hhmm(b, win_end), sb_tab(b);
    else
        sb_null(b), sb_tab(b), sb_null(b), sb_tab(b);
    sb_time(b, created), sb_tab(b);
    sb_time(b, updated), sb_tab(b);
    postal_address(g, b, idx, ja, zi[0]);
    sb_end(b);
    st->accounts++;

    /* Phones. */
    struct phone phones[MAX_PHONES];
    int nph = 0;
    bool want[3] = {chance(r, ja ? 920 : 870), chance(r, ja ? 350 : 300), has_work};
    if (!want[0] && !want[1])
        want[0] = true;
    static const char *const kinds[] = {"mobile", "home", "work"};
    for (int k = 0; k < 3; k++) {
        if (!want[k])
            continue;
        struct phone *ph = &phones[nph];
        for (int tries = 0; tries < 8; tries++) {
            if (ja)
                make_ja_number(r, k == 0, ph->number, sizeof ph->number);
            else
                make_us_number(r, dz, ph->number, sizeof ph->number);
            bool dup = false;
            for (int j = 0; j < nph; j++)
                dup |= strcmp(phones[j].number, ph->number) == 0;
            if (!dup)
                break;
            ph->number[0] = '\0';
        }
        if (!ph->number[0])
            continue;
        ph->kind = kinds[k];
        ph->mobile = k == 0;
        ph->consent = k == 2 ? workplace_consent : chance(r, k == 0 ? 880 : 930);
        ph->bad = chance(r, 30);
        nph++;
    }
    for (int k = 0; k < nph; k++) {
        bool by_agent = chance(r, 50);
        b = &g->out[T_PHONES];
        sb_int(b, id), sb_tab(b);
        sb_text(b, phones[k].number), sb_tab(b);
        sb_text(b, phones[k].kind), sb_tab(b);
        sb_bool(b, phones[k].consent), sb_tab(b);
        sb_bool(b, phones[k].bad), sb_tab(b);
        sb_text(b, by_agent ? "agent" : "import"), sb_tab(b);
        sb_time(b, by_agent ? created + rnd(r, now - created) : created), sb_end(b);
        st->phones++;
    }

    /* Emails. */
    struct email emails[MAX_EMAILS];
    int nem = 0;
    if (chance(r, ja ? 700 : 780)) {
        struct email *e = &emails[nem++];
        const char *dom = ja ? PICK(r, ja_mail_domains) : PICK(r, en_mail_domains);
        switch (rnd(r, 4)) {
        case 0: snprintf(e->address, sizeof e->address, "%s.%s@%s", first_rom, last_rom, dom); break;
        case 1: snprintf(e->address, sizeof e->address, "%s_%s%02d@%s", last_rom, first_rom, (int)rnd(r, 100), dom); break;
        case 2: snprintf(e->address, sizeof e->address, "%c%s@%s", first_rom[0], last_rom, dom); break;
        default: snprintf(e->address, sizeof e->address, "%s%s%d@%s", first_rom, last_rom, (int)rnd_range(r, 60, 99) + 1900, dom); break;
        }
        e->kind = "personal";
        e->consent = email_consent;
        e->bad = chance(r, 20);
    }
    if (has_work && chance(r, 600)) {
        struct email *e = &emails[nem++];
        snprintf(e->address, sizeof e->address, "%s.%s@%s", first_rom, last_rom,
                 ja ? PICK(r, ja_work_domains) : PICK(r, en_work_domains));
        e->kind = "work";
        e->consent = workplace_consent && email_consent;
        e->bad = false;
    }
    for (int k = 0; k < nem; k++) {
        b = &g->out[T_EMAILS];
        sb_int(b, id), sb_tab(b);
        sb_text(b, emails[k].address), sb_tab(b);
        sb_text(b, emails[k].kind), sb_tab(b);
        sb_bool(b, emails[k].consent), sb_tab(b);
        sb_bool(b, emails[k].bad), sb_tab(b);
        sb_text(b, "import"), sb_tab(b);
        sb_time(b, created), sb_end(b);
        st->emails++;
    }

    /* Contact history over the last 60 days (since the account went late). */
    struct contact cs[MAX_CONTACTS];
    int nc = 0;
    int span = dpd > 0 ? (dpd < 60 ? dpd : 60) : 0;
    int want_contacts = 0;
    if (span > 0)
        want_contacts = 1 + span / 10 + (int)rnd(r, span / 10 + 1);
    else if (chance(r, 300))
        want_contacts = 1; // a reminder before the due date
    if (cease || attorney || bankruptcy || deceased)
        want_contacts = (want_contacts + 1) / 2;
    if (want_contacts > MAX_CONTACTS)
        want_contacts = MAX_CONTACTS;
    bool can_sms = sms_consent && !sms_opt_out && nph > 0 && phones[0].mobile && !phones[0].bad;
    bool can_email = email_consent && !email_opt_out && nem > 0 && !emails[0].bad;
    for (int k = 0; k < want_contacts; k++) {
        struct contact *c = &cs[nc];
        memset(c, 0, sizeof *c);
        int64_t day = span > 0 ? today - rnd_range(r, 0, span - 1) : today - rnd_range(r, 1, 3);
        if (date_weekday(day) == 0) // Sunday: collectors rest
            day += day < today ? 1 : -1;
        c->agent = agent >= 0 && chance(r, 800) ? agent : history[rnd(r, 4)];
        int64_t ch = rnd(r, 1000);
        if (span == 0)
            ch = 700; // reminders are messages
        if (ch >= 650 && ch < 880 && !can_sms)
            ch = can_email ? 900 : 0;
        if (ch >= 880 && !can_email)
            ch = can_sms ? 700 : 0;
        if (dpd > 60 && chance(r, 40))
            ch = -1; // a letter
        if (nph == 0 && ch >= 0 && ch < 650)
            ch = -1;
        if (ch < 0) {
            c->channel = "letter";
            c->direction = "out";
            c->outcome = O_SENT;
            c->target = "";
            c->note = ja ? "督促状を送付。" : "Demand letter mailed.";
            c->agent = chance(r, 500) ? c->agent : -1;
            c->at = pick_time(g, r, dz, day, 600, 960);
        } else if (ch < 650) {
            const struct phone *ph = &phones[rnd(r, nph)];
            c->channel = "phone";
            c->target = ph->number;
            bool inbound = !ph->bad && chance(r, 90);
            c->direction = inbound ? "in" : "out";
            if (inbound) {
                c->outcome = dispute && chance(r, 300) ? O_DISPUTE : O_CONVERSATION;
                c->note = ja ? PICK(r, ja_inbound_notes) : PICK(r, en_inbound_notes);
                c->at = pick_time(g, r, dz, day, 540, 1260);
            } else {
                if (ph->bad) {
                    c->outcome = O_WRONG_NUMBER;
                } else {
                    int64_t q = rnd(r, 1000);
                    c->outcome = q < 350 ? O_NO_ANSWER : q < 550 ? O_VOICEMAIL : q < 600 ? O_BUSY
                               : q < 670 ? O_NOT_CONNECTED : q < 870 ? O_CONVERSATION
                               : q < 910 ? O_THIRD_PARTY : q < 940 ? O_REFUSED
                               : q < 980 ? O_CALLBACK : O_DISPUTE;
                    if (c->outcome == O_DISPUTE && !dispute)
                        c->outcome = O_CONVERSATION;
                }
                if (win_start >= 0 && chance(r, 600))
                    c->at = pick_time(g, r, dz, day, win_start, win_end);
                else
                    c->at = pick_time(g, r, dz, day, zi[1] >= 0 ? 600 : 540, 1200);
                switch (c->outcome) {
                case O_CONVERSATION:
                    c->note = ja ? PICK(r, ja_conv_notes) : PICK(r, en_conv_notes);
                    c->consent_given = chance(r, 60);
                    break;
                case O_VOICEMAIL:
                    c->note = chance(r, 500) ? "" : ja ? "留守電にメッセージを残した。" : "Left a voicemail with the callback number.";
                    break;
                case O_THIRD_PARTY:
                    c->note = ja ? "家族が応答。本人は不在。" : "Spouse answered; debtor not home.";
                    break;
                case O_WRONG_NUMBER:
                    c->note = ja ? "別人が応答。番号違い。" : "Wrong number; the person does not know the debtor.";
                    break;
                case O_REFUSED:
                    c->note = ja ? "支払いを拒否。" : "Refused to pay.";
                    break;
                case O_CALLBACK:
                    c->note = ja ? "夕方の折り返しを希望。" : "Asked us to call back after 6 pm.";
                    break;
                case O_DISPUTE:
                    c->note = ja ? "請求額に異議。明細の送付を希望。" : "Disputes the balance; asked for validation.";
                    break;
                default:
                    c->note = "";
                }
            }
        } else if (ch < 880) {
            c->channel = "sms";
            c->target = phones[0].number;
            bool inbound = chance(r, 80);
            c->direction = inbound ? "in" : "out";
            c->outcome = inbound ? O_DELIVERED : chance(r, 40) ? O_FAILED : chance(r, 100) ? O_SENT : O_DELIVERED;
            c->note = inbound ? (ja ? "本人より返信：「今週中に払います」" : "Reply: \"will pay this week\"")
                              : (ja ? "督促SMS" : "Payment reminder text");
            if (!inbound && chance(r, 500))
                c->agent = -1; // sent by a campaign
            c->at = pick_time(g, r, dz, day, 540, 1140);
        } else {
            c->channel = "email";
            c->target = emails[0].address;
            bool inbound = chance(r, 60);
            c->direction = inbound ? "in" : "out";
            c->outcome = inbound ? O_DELIVERED : chance(r, 30) ? O_FAILED : chance(r, 150) ? O_SENT : O_DELIVERED;
            c->note = inbound ? (ja ? "本人よりメール。支払方法の確認。" : "Debtor emailed asking how to pay.")
                              : (ja ? "督促メール" : "Payment reminder email");
            if (!inbound && chance(r, 500))
                c->agent = -1;
            c->at = pick_time(g, r, dz, day, inbound ? 420 : 480, inbound ? 1380 : 1200);
        }
        nc++;
    }
    /* In time order (insertion sort: at most MAX_CONTACTS). */
    for (int i = 1; i < nc; i++) {
        struct contact tmp = cs[i];
        int j = i - 1;
        for (; j >= 0 && cs[j].at > tmp.at; j--)
            cs[j + 1] = cs[j];
        cs[j + 1] = tmp;
    }

    /* Promises made in conversations, then what became of them. */
    int64_t last_promised = INT64_MIN;
    bool paid = false, sms_out = false, email_out = false;
    for (int i = 0; i < nc; i++) {
        struct contact *c = &cs[i];
        /* A reply needs a message to answer: the first message goes out. */
        bool is_sms = strcmp(c->channel, "sms") == 0, is_email = strcmp(c->channel, "email") == 0;
        if ((is_sms && !sms_out) || (is_email && !email_out)) {
            if (strcmp(c->direction, "in") == 0) {
                c->direction = "out";
                c->outcome = O_DELIVERED;
                c->note = is_sms ? (ja ? "督促SMS" : "Payment reminder text")
                                 : (ja ? "督促メール" : "Payment reminder email");
            }
        }
        sms_out |= is_sms;
        email_out |= is_email;
        b = &g->out[T_CONTACTS];
        sb_int(b, id), sb_tab(b);
        sb_text(b, c->channel), sb_tab(b);
        sb_text(b, c->direction), sb_tab(b);
        sb_time(b, c->at), sb_tab(b);
        sb_text(b, outcome_names[c->outcome]), sb_tab(b);
        sb_id(b, c->agent >= 0 ? g->agent_id[c->agent] : 0), sb_tab(b);
        sb_text(b, c->target), sb_tab(b);
        sb_bool(b, c->consent_given), sb_tab(b);
        sb_text(b, c->note), sb_tab(b);
        sb_time(b, c->at), sb_end(b);
        st->contacts++;

        int64_t cday = local_date(dz, c->at);
        if (c->outcome != O_CONVERSATION || strcmp(c->channel, "phone") != 0 || cday <= last_promised ||
            !chance(r, 550))
            continue;
        int64_t promised = cday + rnd_range(r, 2, 14);
        last_promised = promised;
        bool pending = promised >= today;
        int64_t amount = pending && chance(r, 300) ? balance : instalment(r, balance, ja);
        const char *method = methods[rnd(r, 3)];
        const char *pstatus = "pending";
        dun_time settled = 0;
        if (!pending) {
            int64_t q = rnd(r, 1000);
            if (q < 500 || q >= 850) {
                bool partial = q >= 850;
                int64_t pay = amount;
                if (partial) {
                    int64_t unit = ja ? 1000 : 100;
                    pay = amount * rnd_range(r, 30, 70) / 100 / unit * unit;
                    if (pay <= 0)
                        pay = amount / 2 > 0 ? amount / 2 : amount;
                }
                int64_t pday = promised - (chance(r, 250) ? 1 : 0);
                dun_time at = pick_time(g, r, dz, pday, 540, 1260);
                add_payment(g, id, pay, cur, at, method);
                paid = true;
                pstatus = partial ? "partial" : "kept";
                settled = at;
            } else {
                pstatus = "broken";
                settled = local_instant(dz, promised + 1, 540);
                if (settled >= now)
                    settled = now - 60;
            }
        }
        b = &g->out[T_PROMISES];
        sb_int(b, id), sb_tab(b);
        sb_id(b, c->agent >= 0 ? g->agent_id[c->agent] : 0), sb_tab(b);
        sb_int(b, amount), sb_tab(b);
        sb_text(b, cur), sb_tab(b);
        sb_date(b, promised), sb_tab(b);
        sb_text(b, method), sb_tab(b);
        sb_text(b, pstatus), sb_tab(b);
        sb_time(b, c->at), sb_tab(b);
        if (settled)
            sb_time(b, settled);
        else
            sb_null(b);
        sb_end(b);
        st->promises++;
    }
    /* Some pay a little without having promised anything. */
    if (!paid && dpd > 30 && chance(r, 120)) {
        int64_t back = rnd_range(r, 1, dpd < 60 ? dpd : 60);
        int64_t unit = ja ? 1000 : 100;
        int64_t pay = balance / rnd_range(r, 5, 10) / unit * unit;
        if (pay > 0)
            add_payment(g, id, pay, cur, pick_time(g, r, dz, today - back, 540, 1260), methods[rnd(r, 3)]);
    }

    /* Notes: the flags explain themselves, and agents jot down what they learn. */
    const struct flag_notes *fl[] = {
        attorney ? &note_attorney : NULL, cease ? &note_cease : NULL, dispute ? &note_dispute : NULL,
        bankruptcy ? &note_bankruptcy : NULL, employer_prohibits ? &note_employer : NULL,
    };
    int note_agent = agent >= 0 ? agent : A_LEAD;
    dun_time window = now - created < 60 * SECS_PER_DAY ? now - created : 60 * SECS_PER_DAY;
    for (size_t k = 0; k < NELEM(fl); k++)
        if (fl[k])
            add_note(g, id, note_agent, ja ? fl[k]->ja : fl[k]->en, now - 1 - rnd(r, window));
    if (chance(r, 300))
        add_note(g, id, note_agent, ja ? PICK(r, ja_account_notes) : PICK(r, en_account_notes),
                 now - 1 - rnd(r, window));

    /* Today so far, for an active late account its agent may call. */
    if (agent >= 0 && !g->agent_account[agent])
        g->agent_account[agent] = id;
    const char *good = NULL;
    for (int k = nph - 1; k >= 0; k--)
        if (!phones[k].bad && phones[k].consent && strcmp(phones[k].kind, "work") != 0)
            good = phones[k].number;
    if (agent < 0 || dpd <= 0 || !good || strcmp(status, "active") != 0 || cease || attorney || bankruptcy ||
        deceased)
        return;
    struct today t = {.id = id, .balance = balance, .idx = idx, .agent = agent, .ja = ja, .cur = cur,
                      .creditor = creditor, .phone = good, .sms_to = can_sms ? phones[0].number : NULL,
                      .methods = methods, .dz = {dz, zi[1] >= 0 ? &g->zones[zi[1]] : NULL}};
    gen_today(g, &t);
}

/* ---- thanks between the demo agents ----------------------------------------- */

static const struct {
    int giver, receiver;
    const char *body;
} thanks_defs[] = {
    {A_SATO, A_SUZUKI, "朝の引き継ぎメモ、助かりました。異議のあったお客様の経緯がすぐに分かりました。"},
    {A_SUZUKI, A_TANAKA, "分割払いの説明の仕方を教えてくれてありがとう。今日さっそく約束が取れました。"},
    {A_TANAKA, A_DEMO, "昼休みの間、折り返しの電話を代わりに受けてくれてありがとうございます。"},
    {A_LEAD, A_SATO, "難しい異議の電話、落ち着いて対応してくれてありがとう。記録も丁寧でした。"},
    {A_DEMO, A_SUZUKI, "Thanks for covering my callbacks at lunch: both debtors confirmed their dates."},
    {A_LEAD, A_DEMO, "Thank you for the clear handover notes on the English book this morning."},
    {A_JSMITH, A_MGARCIA, "Thanks for walking me through the ACH reversal; the payment plan is back on track."},
    {A_MGARCIA, A_DLEE, "Thanks for taking the Spanish-speaking caller this morning. She set up a payment."},
    {A_DLEE, A_JSMITH, "Your note about the Honolulu time zone saved me a too-early call. Thank you!"},
};

/* The thanks, said during the giver's day so far (yesterday afternoon when
 * it has not begun), each about an account of the receiver's. */
static void gen_thanks(struct gen *g)
{
    struct rng rr, *r = &rr;
    rng_seed(r, g->opt->seed ^ 0x7A4C5u, 1);
    for (size_t i = 0; i < NELEM(thanks_defs); i++) {
        int giver = thanks_defs[i].giver;
        dun_time start;
        int64_t len = shift_so_far(g, giver, &start);
        dun_time at = len > 0 ? start + rnd(r, len)
                              : pick_time(g, r, zone_named(g, agent_defs[giver].zone),
                                          zone_named(g, agent_defs[giver].zone)->today - 1, 780, 1080);
        struct sb *b = &g->out[T_THANKS];
        sb_int(b, g->agent_id[giver]), sb_tab(b);
        sb_int(b, g->agent_id[thanks_defs[i].receiver]), sb_tab(b);
        sb_text(b, thanks_defs[i].body), sb_tab(b);
        sb_id(b, g->agent_account[thanks_defs[i].receiver]), sb_tab(b);
        sb_time(b, at), sb_end(b);
        g->st->thanks++;
    }
}

/* The demo's thanks as a text[] literal (the bodies hold no quote, comma or brace). */
static void thanks_bodies(struct sb *b)
{
    sb_ch(b, '{');
    for (size_t i = 0; i < NELEM(thanks_defs); i++) {
        if (i)
            sb_ch(b, ',');
        sb_ch(b, '"');
        sb_raw(b, thanks_defs[i].body, strlen(thanks_defs[i].body));
        sb_ch(b, '"');
    }
    sb_ch(b, '}');
    sb_ch(b, '\0');
}

/* Everyone has read the demo's thanks: nobody starts to a pile of them. */
static bool thanks_seen(struct db *db, struct gen *g, char *err, size_t errlen)
{
    char ids[A_COUNT * 24 + 2];
    size_t k = 0;
    for (size_t i = 0; i < A_COUNT; i++)
        k += (size_t)snprintf(ids + k, sizeof ids - k, "%c%lld", i ? ',' : '{', (long long)g->agent_id[i]);
    snprintf(ids + k, sizeof ids - k, "}");
    const char *p[] = {ids};
    return db_exec(db,
                   "INSERT INTO dun.thanks_seen (agent_id, last_seen_id)"
                   " SELECT a, (SELECT coalesce(max(id), 0) FROM dun.thanks) FROM unnest($1::bigint[]) a"
                   " ON CONFLICT (agent_id) DO UPDATE SET last_seen_id = EXCLUDED.last_seen_id"
                   " WHERE dun.thanks_seen.last_seen_id < EXCLUDED.last_seen_id",
                   1, p, err, errlen);
}

/* ---- the database side ---------------------------------------------------- */

static bool exec0(struct db *db, const char *sql, char *err, size_t errlen)
{
    return db_exec(db, sql, 0, NULL, err, errlen);
}

/* One integer from a one-row query. */
static bool query_long(struct db *db, const char *sql, int n, const char *const *params, long *out,
                       char *err, size_t errlen)
{
    PGresult *res = db_query(db, sql, n, params, err, errlen);
    if (!res)
        return false;
    bool ok = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0);
    if (ok)
        *out = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    else
        snprintf(err, errlen, "unexpected answer to: %.60s", sql);
    PQclear(res);
    return ok;
}

/* Try a statement inside a savepoint; a failure (a reference we do not know
 * about, say) just leaves things as they were. False only when the
 * connection itself is in trouble. */
static bool try_in_savepoint(struct db *db, const char *sql, int n, const char *const *params,
                             char *err, size_t errlen)
{
    char ignored[256];
    if (!exec0(db, "SAVEPOINT demo_try", err, errlen))
        return false;
    if (db_exec(db, sql, n, params, ignored, sizeof ignored))
        return exec0(db, "RELEASE SAVEPOINT demo_try", err, errlen);
    return exec0(db, "ROLLBACK TO SAVEPOINT demo_try", err, errlen) &&
           exec0(db, "RELEASE SAVEPOINT demo_try", err, errlen);
}

/* The demo's own thanks (its words, about a demo account); what people said
 * while trying the demo stays, its account link set to NULL. */
static bool delete_demo_thanks(struct db *db, char *err, size_t errlen)
{
    struct sb b = {0};
    thanks_bodies(&b);
    if (b.oom) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const char *p[] = {b.p};
    bool ok = db_exec(db,
                      "DELETE FROM dun.thanks t USING dun.accounts a WHERE t.account_id = a.id"
                      " AND a.ref ~ '" DEMO_REF_PATTERN "' AND t.body = ANY($1::text[])",
                      1, p, err, errlen);
    free(b.p);
    return ok;
}

static bool delete_demo(struct db *db, struct demo_stats *st, char *err, size_t errlen)
{
    /* The contact log refuses deletes unless a purge is declared, for this
     * transaction only. Children go first, in bulk, so the cascade from
     * dun.accounts finds nothing left to do row by row. */
    static const char *const children[] = {
        /* assignments refer to the outbox, the outbox to contacts; inbound would outlive its account */
        "DELETE FROM dun.reminder_assignments c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.outbox c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.inbound c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.contacts c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.promises c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.payments c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.notes c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.phones c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
        "DELETE FROM dun.emails c USING dun.accounts a WHERE c.account_id = a.id AND a.ref ~ '" DEMO_REF_PATTERN "'",
    };
    if (!exec0(db, "SET LOCAL dun.allow_purge = 'on'", err, errlen) || !delete_demo_thanks(db, err, errlen))
        return false;
    for (size_t i = 0; i < NELEM(children); i++)
        if (!exec0(db, children[i], err, errlen))
            return false;
    PGresult *res = db_query(db, "DELETE FROM dun.accounts WHERE ref ~ '" DEMO_REF_PATTERN "'", 0, NULL,
                             err, errlen);
    if (!res)
        return false;
    st->replaced = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    if (!exec0(db, "SET LOCAL dun.allow_purge = 'off'", err, errlen))
        return false;

    /* Demo agents and teams nobody else refers to any more. An agent that
     * merely shares a login (someone's real "sato") has another name: kept. */
    for (size_t i = 0; i < A_COUNT; i++) {
        const char *p[] = {agent_defs[i].login, agent_defs[i].display};
        if (!try_in_savepoint(db,
                              "DELETE FROM dun.agents g WHERE login = $1 AND display_name = $2"
                              " AND NOT EXISTS (SELECT 1 FROM dun.accounts WHERE assigned_agent_id = g.id)"
                              " AND NOT EXISTS (SELECT 1 FROM dun.contacts WHERE agent_id = g.id)"
                              " AND NOT EXISTS (SELECT 1 FROM dun.promises WHERE agent_id = g.id)"
                              " AND NOT EXISTS (SELECT 1 FROM dun.notes WHERE agent_id = g.id)",
                              2, p, err, errlen))
            return false;
    }
    for (size_t i = 0; i < NELEM(team_names); i++) {
        const char *p[] = {team_names[i]};
        if (!try_in_savepoint(db,
                              "DELETE FROM dun.teams t WHERE name = $1"
                              " AND NOT EXISTS (SELECT 1 FROM dun.agents WHERE team_id = t.id)",
                              1, p, err, errlen))
            return false;
    }
    return true;
}

/* Teams and agents by name and login: existing rows are kept as they are. */
static bool upsert_people(struct db *db, struct gen *g, char *err, size_t errlen)
{
    int64_t team_id[NELEM(team_names)];
    for (size_t i = 0; i < NELEM(team_names); i++) {
        const char *p[] = {team_names[i]};
        if (!db_exec(db, "INSERT INTO dun.teams (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", 1, p,
                     err, errlen))
            return false;
        long id;
        if (!query_long(db, "SELECT id FROM dun.teams WHERE name = $1", 1, p, &id, err, errlen))
            return false;
        team_id[i] = id;
    }
    for (size_t i = 0; i < A_COUNT; i++) {
        const struct agent_def *a = &agent_defs[i];
        char team[24], target[24];
        snprintf(team, sizeof team, "%lld", (long long)team_id[a->team]);
        snprintf(target, sizeof target, "%lld", (long long)a->target);
        const char *p[] = {a->login, a->display, a->role, team, target, a->currency, a->zone};
        if (!db_exec(db,
                     "INSERT INTO dun.agents (login, display_name, role, team_id, monthly_target_minor,"
                     " target_currency, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                     " ON CONFLICT (login) DO NOTHING",
                     7, p, err, errlen))
            return false;
        long id;
        if (!query_long(db, "SELECT id FROM dun.agents WHERE login = $1", 1, p, &id, err, errlen))
            return false;
        /* Its login role, so the demo opens as the agent under row-level security. */
        if (!db_exec(db, "SELECT dun.agent_role_ensure(login, role) FROM dun.agents WHERE login = $1", 1, p, err,
                     errlen))
            return false;
        g->agent_id[i] = id;
        g->st->agents[i].login = a->login;
    }
    g->st->nagents = A_COUNT;
    return true;
}

/* Ids for every new account, taken from the table's own sequence. */
static int64_t *reserve_ids(struct db *db, long n, char *err, size_t errlen)
{
    char count[24];
    snprintf(count, sizeof count, "%ld", n);
    const char *p[] = {count};
    PGresult *res = db_query(db,
                             "SELECT nextval(pg_get_serial_sequence('dun.accounts', 'id'))"
                             " FROM generate_series(1, $1::int)",
                             1, p, err, errlen);
    if (!res)
        return NULL;
    int64_t *ids = NULL;
    if (PQntuples(res) != n)
        snprintf(err, errlen, "reserving account ids: got %d of %ld", PQntuples(res), n);
    else if (!(ids = malloc((size_t)n * sizeof *ids)))
        snprintf(err, errlen, "out of memory");
    else
        for (long i = 0; i < n; i++)
            ids[i] = strtoll(PQgetvalue(res, (int)i, 0), NULL, 10);
    PQclear(res);
    return ids;
}

static bool flush(struct db *db, struct gen *g, char *err, size_t errlen)
{
    for (int t = 0; t < T_COUNT; t++) {
        struct sb *b = &g->out[t];
        if (b->oom) {
            snprintf(err, errlen, "out of memory building demo rows");
            return false;
        }
        if (b->len && !db_copy_in(db, copy_sql[t], b->p, b->len, err, errlen))
            return false;
        b->len = 0;
    }
    return true;
}

static bool load_zones(struct gen *g, struct zone_cache *cache)
{
    static const struct {
        const char *name;
        int off;
        const short *areas;
        size_t n;
    } defs[Z_COUNT] = {
        {"Asia/Tokyo", 9 * 3600, NULL, 0},
        {"America/New_York", -5 * 3600, area_ny, NELEM(area_ny)},
        {"America/Chicago", -6 * 3600, area_chi, NELEM(area_chi)},
        {"America/Denver", -7 * 3600, area_den, NELEM(area_den)},
        {"America/Los_Angeles", -8 * 3600, area_la, NELEM(area_la)},
        {"Pacific/Honolulu", -10 * 3600, area_hnl, NELEM(area_hnl)},
    };
    bool all = true;
    for (int i = 0; i < Z_COUNT; i++) {
        struct dzone *dz = &g->zones[i];
        char ignored[256];
        dz->name = defs[i].name;
        dz->std_offset = defs[i].off;
        dz->areas = defs[i].areas;
        dz->nareas = defs[i].n;
        dz->z = cache ? zone_cache_get(cache, dz->name, ignored, sizeof ignored) : NULL;
        all &= dz->z != NULL;
        dz->today = local_date(dz, g->opt->now);
    }
    return all;
}

static enum demo_status run(struct db *db, struct gen *g, char *err, size_t errlen)
{
    const struct demo_options *o = g->opt;
    struct demo_stats *st = g->st;
    /* One writer at a time: concurrent inserts wait, readers carry on. */
    if (!exec0(db, "SET LOCAL lock_timeout = '15s'", err, errlen) ||
        !exec0(db, "LOCK TABLE dun.accounts IN EXCLUSIVE MODE", err, errlen) ||
        !exec0(db, "SET LOCAL lock_timeout = 0", err, errlen))
        return DEMO_FAILED;
    if (o->if_empty) {
        long n;
        if (!query_long(db, "SELECT count(*) FROM dun.accounts", 0, NULL, &n, err, errlen))
            return DEMO_FAILED;
        if (n > 0) {
            st->existing = n;
            return DEMO_NOT_EMPTY;
        }
    }
    long demo;
    if (!query_long(db, "SELECT count(*) FROM dun.accounts WHERE ref ~ '" DEMO_REF_PATTERN "'", 0, NULL,
                    &demo, err, errlen))
        return DEMO_FAILED;
    if (demo > 0 && !o->replace) {
        st->existing = demo;
        return DEMO_EXISTS;
    }
    if (demo > 0 && !delete_demo(db, st, err, errlen))
        return DEMO_FAILED;
    if (!upsert_people(db, g, err, errlen))
        return DEMO_FAILED;
    int64_t *ids = reserve_ids(db, o->accounts, err, errlen);
    if (!ids)
        return DEMO_FAILED;
    bool ok = true;
    for (long i = 0; ok && i < o->accounts; i++) {
        gen_account(g, i, ids[i]);
        if ((i + 1) % BATCH == 0 || i + 1 == o->accounts)
            ok = flush(db, g, err, errlen);
    }
    free(ids);
    if (ok)
        gen_thanks(g);
    long reminders = 0, paid = 0;
    ok = ok && flush(db, g, err, errlen) && thanks_seen(db, g, err, errlen) &&
         demo_reminders(db, o->now, &reminders, &paid, err, errlen);
    st->messages += reminders;
    st->payments += paid;
    return ok ? DEMO_DONE : DEMO_FAILED;
}

enum demo_status demo_generate(struct db *db, const struct demo_options *opt,
                               struct demo_stats *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    if (opt->accounts < 1 || opt->accounts > DEMO_MAX_ACCOUNTS) {
        snprintf(err, errlen, "the number of demo accounts must be between 1 and %ld", DEMO_MAX_ACCOUNTS);
        return DEMO_FAILED;
    }
    struct gen g = {.opt = opt, .st = st};
    struct zone_cache *cache = zone_cache_new();
    st->zone_fallback = !load_zones(&g, cache);

    enum demo_status s = DEMO_FAILED;
    if (exec0(db, "BEGIN", err, errlen)) {
        s = run(db, &g, err, errlen);
        if (s == DEMO_DONE) {
            if (!exec0(db, "COMMIT", err, errlen))
                s = DEMO_FAILED;
        } else {
            char ignored[256];
            exec0(db, "ROLLBACK", ignored, sizeof ignored);
        }
    }
    for (int t = 0; t < T_COUNT; t++)
        free(g.out[t].p);
    zone_cache_free(&cache);
    if (s != DEMO_DONE && s != DEMO_FAILED)
        return s;
    if (s == DEMO_FAILED) {
        /* Nothing landed: the counters must not say otherwise. */
        long existing = st->existing;
        bool fb = st->zone_fallback;
        memset(st, 0, sizeof *st);
        st->existing = existing;
        st->zone_fallback = fb;
        return s;
    }
    /* Fresh statistics for the first queries on a large book, every table
     * it filled: under row-level security each row's policy check is a probe
     * planned from them (the agent's queue on a 1M book right after it was
     * made ran for minutes; after ANALYZE, 38 s). Best effort. */
    if (opt->accounts >= 10000) {
        char ignored[256];
        exec0(db, "ANALYZE dun.accounts, dun.phones, dun.emails, dun.contacts, dun.promises, dun.plans, dun.payments,"
                  " dun.notes, dun.callbacks, dun.outbox, dun.thanks",
              ignored, sizeof ignored);
    }
    return s;
}
