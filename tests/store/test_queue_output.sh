# dun queue's output (issue 14, item 4): written as it is formatted, row by
# row, without printf. Wanted:
#  - a queue that cannot be written (a full disk, a closed pipe's reader
#    gone) fails loudly: a sentence and exit 2, never exit 0 with half a file;
#  - the values come out as the store holds them: money in every currency's
#    decimals (JPY none, KWD three, credits negative), names with quotes,
#    backslashes and UTF-8 as JSON strings, dates and instants in ISO 8601.
. tests/lib.sh
fresh_db queue_output
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, role) VALUES ('sato', 'Sato', 'agent')" >/dev/null
HDR="ref,name,currency,balance,time_zone,phone_mobile,address,assigned_agent,jurisdiction"
cat >"$TMP/book.csv" <<EOF
$HDR
OUT-1,山田 太郎,JPY,"12,000",Asia/Tokyo,+819012345601,,sato,JP
OUT-2,"Ann ""Q"" O'Neil \\ Jr",KWD,-1234.567,Asia/Kuwait,+96550000002,,sato,US
OUT-3,Bob Credit,USD,-0.01,America/New_York,+12125550303,,sato,US
OUT-4,Zoë Zero,EUR,0.00,Europe/Paris,+33612345604,,sato,US
OUT-5,Big Balance,USD,92233720368547758.07,America/Chicago,+13125550305,,sato,US
EOF
expect_rc 0 "the book is imported" "$DUN" import accounts "$TMP/book.csv"
export DUN_NOW=2026-11-22T10:00:00+09:00

# --- a queue that cannot be written says so ----------------------------------
to_full() { "$@" >/dev/full; }
expect_rc 2 "the queue as JSON onto a full disk fails" to_full "$DUN" --agent sato queue --json
contains "$TMP/err" "dun: cannot write the queue: No space left on device" "saying why"
expect_rc 2 "the queue as a table onto a full disk fails" to_full "$DUN" --agent sato queue
contains "$TMP/err" "dun: cannot write the queue: No space left on device" "saying why, too"

# --- the values as the store holds them ----------------------------------------
expect_rc 0 "the queue as JSON" "$DUN" --agent sato queue --json --explain
cp "$TMP/out" "$TMP/queue.json"
sql "SELECT ref, debtor_name, balance_minor, currency FROM dun.accounts ORDER BY ref" >"$TMP/store.txt"
check "every row's fields are the store's, money in its currency's decimals" /usr/bin/python3 - \
    "$TMP/queue.json" "$TMP/store.txt" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
store = {}
for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
    ref, name, minor, cur = line.split("|")
    store[ref] = (name, int(minor), cur)
digits = {"JPY": 0, "KWD": 3, "USD": 2, "EUR": 2}
def plain(minor, d):
    sign, m = ("-" if minor < 0 else ""), abs(minor)
    return sign + (str(m) if d == 0 else "%d.%0*d" % (m // 10**d, d, m % 10**d))
ok = len(rows) == len(store) == 5 and [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
for r in rows:
    name, minor, cur = store[r["ref"]]
    want = plain(minor, digits[cur])
    if (r["name"], r["balance_minor"], r["currency"], r["balance"]) != (name, minor, cur, want):
        print("    |", r["ref"], r["name"], r["balance_minor"], r["balance"], "wanted", name, minor, want)
        ok = False
    if not isinstance(r["score"], float) or set(r["factors"]) == set() or r["local_time"][:10] not in ("2026-11-21", "2026-11-22"):
        print("    |", r["ref"], "score", r["score"], "local time", r["local_time"])
        ok = False
sys.exit(0 if ok else 1)
PY
contains "$TMP/queue.json" '"balance": "-1234.567"' "KWD has three decimals, a credit its sign"
contains "$TMP/queue.json" '"balance": "12000"' "JPY has none"
contains "$TMP/queue.json" '"balance": "-0.01"' "a cent's credit"
contains "$TMP/queue.json" '"balance": "92233720368547758.07"' "the largest balance whole"
contains "$TMP/queue.json" '"name": "Ann \"Q\" O'"'"'Neil \\ Jr"' "quotes and a backslash escaped the JSON way"
contains "$TMP/queue.json" '"local_time": "2026-11-22T10:00:00+09:00"' "the debtor's local time in ISO 8601"
expect_rc 0 "the queue as a table" "$DUN" --agent sato queue
contains "$TMP/out" "-KD 1,234.567" "the table shows KWD's three decimals"
contains "$TMP/out" "¥12,000" "and yen with none"
contains "$TMP/out" "Sun 10:00" "and the debtor's local time"
finish
