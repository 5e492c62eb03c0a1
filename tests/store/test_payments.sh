# Payment import and promise settlement: good rows (JPY and USD, balances
# reduced exactly), bad rows (line-numbered, all or nothing), --partial,
# idempotence on payment_id, concurrent imports, settlement through the
# import and through `dun settle`.
. tests/lib.sh
fresh_db payments
"$DUN" migrate >/dev/null

cat >"$TMP/accounts.csv" <<'CSV'
ref,name,currency,balance,language,time_zone
JP-1,山田 太郎,JPY,"100,000",ja,Asia/Tokyo
US-1,"Smith, John",USD,2000.00,en,America/New_York
RACE-1,Race Account,JPY,"1,000,000",ja,Asia/Tokyo
S-KEPT,Kept Promise,JPY,"50,000",ja,Asia/Tokyo
S-PART,Partial Promise,JPY,"50,000",ja,Asia/Tokyo
S-BRK,Broken Promise,JPY,"50,000",ja,Asia/Tokyo
P-KEPT,Plan Kept,JPY,"50,000",ja,Asia/Tokyo
P-BRK,Plan Broken,JPY,"50,000",ja,Asia/Tokyo
CSV
expect_rc 0 "accounts import" "$DUN" import accounts "$TMP/accounts.csv"
bal() { sql "SELECT balance_minor FROM dun.accounts WHERE ref = '$1'"; }
npay() { sql "SELECT count(*) FROM dun.payments"; }

export DUN_NOW=2026-11-20T12:00:00+09:00

# --- a good file --------------------------------------------------------------
cat >"$TMP/good.csv" <<'CSV'
account_ref,amount,currency,paid_at,method,payment_id
JP-1,"12,000",JPY,2026-11-10T10:00:00+09:00,bank,PAY-1
US-1,1234.56,USD,2026-11-10T09:30:00-05:00,card,PAY-2
JP-1,¥3000,JPY,2026-11-11T01:00:00Z,,PAY-3
CSV
expect_rc 0 "a good payments file imports" "$DUN" import payments "$TMP/good.csv"
contains "$TMP/out" "$TMP/good.csv: imported 3 payment(s), 0 already imported" "reports imported and already imported"
contains "$TMP/out" "settled: 0 kept, 0 partial, 0 broken" "reports settlement changes"
equal "$(bal JP-1)" "85000" "JPY balance reduced by 12,000 + 3,000 exactly"
equal "$(bal US-1)" "76544" "USD balance reduced by 1234.56 exactly"
equal "$(sql "SELECT amount_minor || ' ' || currency || ' ' || method || ' ' || extract(epoch FROM paid_at)::bigint FROM dun.payments WHERE payment_id = 'PAY-2'")" \
    "123456 USD card $(date -u -d 2026-11-10T14:30:00Z +%s)" "USD payment stored in cents at its instant"
equal "$(sql "SELECT method FROM dun.payments WHERE payment_id = 'PAY-3'")" "" "empty method stored as empty text"

# --- the same file again: nothing new, balances unchanged ---------------------
expect_rc 0 "the same file again exits 0" "$DUN" import payments "$TMP/good.csv"
contains "$TMP/out" "imported 0 payment(s), 3 already imported" "second run imports 0, 3 already imported"
equal "$(bal JP-1) $(bal US-1) $(npay)" "85000 76544 3" "second run leaves balances and payments unchanged"

# --- bad rows -------------------------------------------------------------------
long=$(printf 'X%.0s' $(seq 1 129))
f="$TMP/bad.csv"
{
printf 'account_ref,amount,currency,paid_at,method,payment_id\n'
printf 'JP-1,500,JPY,2026-11-12T10:00:00+09:00,bank,PAY-10\n'      # 2 good
printf 'US-1,12.345,USD,2026-11-12T10:00:00-05:00,,PAY-11\n'      # 3 too many decimals
printf 'JP-1,0,JPY,2026-11-12T10:00:00+09:00,,PAY-12\n'           # 4 zero
printf 'JP-1,-5,JPY,2026-11-12T10:00:00+09:00,,PAY-13\n'          # 5 negative
printf 'JP-1,500,XXX,2026-11-12T10:00:00+09:00,,PAY-14\n'         # 6 unknown currency
printf 'JP-1,5.00,USD,2026-11-12T10:00:00+09:00,,PAY-15\n'        # 7 not the account currency
printf 'JP-1,500,JPY,2026-11-12 10:00:00,,PAY-16\n'               # 8 no offset
printf 'JP-1,500,JPY,2026-11-12T10:00:00+09:00,,\n'               # 9 empty payment_id
printf 'JP-1,500,JPY,2026-11-12T10:00:00+09:00,,%s\n' "$long"     # 10 payment_id too long
printf 'JP-1,700,JPY,2026-11-12T11:00:00+09:00,,PAY-10\n'         # 11 payment_id twice in the file
printf 'NOPE,500,JPY,2026-11-12T10:00:00+09:00,,PAY-17\n'         # 12 unknown account
printf 'JP-1,"12,001",JPY,2026-11-10T10:00:00+09:00,bank,PAY-1\n' # 13 PAY-1 with another amount
printf 'JP-1,1.5,JPY,2026-11-12T10:00:00+09:00,,PAY-18\n'         # 14 yen with decimals
} >"$f"
expect_rc 1 "a file with bad rows exits 1" "$DUN" import payments "$f"
contains "$TMP/err" "$f:3: amount: USD has 2 decimal places" "too many decimals for USD, with its line"
contains "$TMP/err" "$f:4: amount: \"0\" is not a payment: the amount must be more than zero" "zero amount"
contains "$TMP/err" "$f:5: amount: the amount must not be negative" "negative amount"
contains "$TMP/err" "$f:6: currency: \"XXX\" is not a currency dun knows" "unknown currency"
contains "$TMP/err" "$f:7: currency: USD is not the currency of account \"JP-1\" (JPY)" "currency differs from the account's"
contains "$TMP/err" "$f:8: paid_at: \"2026-11-12 10:00:00\" is not an ISO 8601 time with an offset" "paid_at without an offset"
contains "$TMP/err" "$f:9: payment_id: required, but empty" "empty payment_id"
contains "$TMP/err" "$f:10: payment_id: longer than 128 characters" "payment_id over 128 characters"
contains "$TMP/err" "$f:11: payment_id: \"PAY-10\" is already on line 2" "payment_id twice in one file: the later line"
contains "$TMP/err" "$f:12: account_ref: no account with ref \"NOPE\"" "unknown account"
contains "$TMP/err" "$f:13: payment_id: payment_id \"PAY-1\" was already imported with different details (account JP-1, 12000 JPY, paid at 2026-11-10T01:00:00Z)" \
    "a payment_id reused with another amount"
contains "$TMP/err" "$f:14: amount: JPY has no minor unit" "yen with decimals"
contains "$TMP/err" "13 rows have problems; nothing imported" "says nothing was imported"
if grep -q ":2:" "$TMP/err"; then not_ok "the good line is not reported"; else ok "the good line is not reported"; fi
equal "$(bal JP-1) $(npay)" "85000 3" "all or nothing: no payment written, balance unchanged"

expect_rc 1 "--partial imports the good row and exits 1" "$DUN" import payments "$f" --partial
contains "$TMP/out" "imported 1 payment(s), 0 already imported, rejected 12 row(s)" "--partial reports the counts"
equal "$(bal JP-1) $(npay)" "84500 4" "--partial: only the good row landed and reduced the balance"
equal "$(sql "SELECT amount_minor FROM dun.payments WHERE payment_id = 'PAY-10'")" "500" "the first PAY-10 stands"
equal "$(sql "SELECT amount_minor FROM dun.payments WHERE payment_id = 'PAY-1'")" "12000" "PAY-1 keeps its stored amount"

# The details that make a payment the same: account, amount, currency, time.
printf 'account_ref,amount,currency,paid_at,payment_id\nJP-1,"12,000",JPY,2026-11-10T01:00:00Z,PAY-1\n' >"$TMP/same.csv"
expect_rc 0 "the same payment written another way is skipped" "$DUN" import payments "$TMP/same.csv"
contains "$TMP/out" "imported 0 payment(s), 1 already imported" "counted as already imported"
printf 'account_ref,amount,currency,paid_at,payment_id\nUS-1,"12,000",JPY,2026-11-10T01:00:00Z,PAY-1\n' >"$TMP/other.csv"
expect_rc 1 "a payment_id reused for another account is an error" "$DUN" import payments "$TMP/other.csv"
contains "$TMP/err" "$TMP/other.csv:2: payment_id: payment_id \"PAY-1\" was already imported with different details" "names the payment_id"

# Header problems stop everything.
printf 'account_ref,amount,currency,paid_at\nJP-1,1,JPY,2026-11-10T01:00:00Z\n' >"$TMP/hdr.csv"
expect_rc 1 "a missing payment_id column is an error" "$DUN" import payments "$TMP/hdr.csv" --partial
contains "$TMP/err" "$TMP/hdr.csv:1: payment_id: required column missing from the header" "names the missing column"
expect_rc 2 "a missing file exits 2" "$DUN" import payments "$TMP/nope.csv"

# --- two imports of overlapping files at once -------------------------------------
race_file() { # FILE FIRST LAST: payments R-FIRST..R-LAST of i yen each
    { echo "account_ref,amount,currency,paid_at,payment_id"
      seq "$2" "$3" | awk '{ printf "RACE-1,%d,JPY,2026-11-15T10:00:00+09:00,R-%d\n", $1, $1 }'; } >"$1"
}
race_file "$TMP/ra.csv" 1 200
race_file "$TMP/rb.csv" 101 300
race_file "$TMP/rc.csv" 1 300
"$DUN" import payments "$TMP/ra.csv" >"$TMP/ra.out" 2>&1 & pa=$!
"$DUN" import payments "$TMP/rb.csv" >"$TMP/rb.out" 2>&1 & pb=$!
"$DUN" import payments "$TMP/rc.csv" >"$TMP/rc.out" 2>&1 & pc=$!
wait $pa; ra=$?; wait $pb; rb=$?; wait $pc; rc=$?
equal "$ra $rb $rc" "0 0 0" "three concurrent imports all succeed"
equal "$(sql "SELECT count(*) FROM dun.payments WHERE payment_id LIKE 'R-%'")" "300" "every payment stored once"
equal "$(bal RACE-1)" "$((1000000 - 300 * 301 / 2))" "every payment applied to the balance exactly once"
imported=$(cat "$TMP/ra.out" "$TMP/rb.out" "$TMP/rc.out" | sed -n 's/.*imported \([0-9]*\) payment(s), \([0-9]*\) already.*/\1 \2/p' |
           awk '{ i += $1; a += $2 } END { print i, a }')
equal "$imported" "300 400" "the imports together report 300 imported and 400 already imported"

# --- settlement through the import ------------------------------------------------
promise() { # REF AMOUNT DUE CREATED [STATUS]
    sql "INSERT INTO dun.promises (account_id, amount_minor, currency, promised_date, created_at, status)
         SELECT id, $2, currency, '$3', '$4', '${5:-pending}' FROM dun.accounts WHERE ref = '$1' RETURNING id"
}
pk=$(promise S-KEPT 10000 2026-11-25 2026-11-15T10:00:00+09:00)
pc=$(promise S-KEPT 7000 2026-11-22 2026-11-14T10:00:00+09:00 cancelled)
pp=$(promise S-PART 10000 2026-11-25 2026-11-15T10:00:00+09:00)
pb=$(promise S-BRK 5000 2026-11-25 2026-11-15T10:00:00+09:00)
plan() { # REF: a two-instalment plan of 3000 yen, due 11-25 and 12-25
    p=$(sql "INSERT INTO dun.plans (account_id, total_minor, currency, instalments, frequency, first_date, created_at)
             SELECT id, 6000, currency, 2, 'monthly', '2026-11-25', '2026-11-15T10:00:00+09:00'
               FROM dun.accounts WHERE ref = '$1' RETURNING id")
    sql "INSERT INTO dun.promises (account_id, amount_minor, currency, promised_date, created_at, plan_id, instalment)
         SELECT id, 3000, currency, d::date, '2026-11-15T10:00:00+09:00', $p, n
           FROM dun.accounts, (VALUES (1, '2026-11-25'), (2, '2026-12-25')) v(n, d) WHERE ref = '$1'" >/dev/null
    echo "$p"
}
plk=$(plan P-KEPT)
plb=$(plan P-BRK)
st() { sql "SELECT status || ' ' || paid_minor || ' ' || coalesce(extract(epoch FROM settled_at)::bigint::text, '-') FROM dun.promises WHERE id = $1"; }
t_import=$(date -u -d 2026-11-20T03:00:00Z +%s)

cat >"$TMP/settle.csv" <<'CSV'
account_ref,amount,currency,paid_at,payment_id
S-KEPT,"10,000",JPY,2026-11-18T10:00:00+09:00,SET-1
S-PART,"4,000",JPY,2026-11-18T10:00:00+09:00,SET-2
P-KEPT,"6,000",JPY,2026-11-19T10:00:00+09:00,SET-3
CSV
expect_rc 0 "payments covering promises import" "$DUN" import payments "$TMP/settle.csv"
contains "$TMP/out" "settled: 3 kept, 0 partial, 0 broken" "the import reports the promises it settled"
equal "$(st "$pk")" "kept 10000 $t_import" "a promise covered by a payment is kept, settled at the import's now"
equal "$(st "$pc")" "cancelled 0 -" "a cancelled promise stays cancelled"
equal "$(st "$pp")" "pending 4000 -" "a partial payment before the due date leaves the promise pending"
equal "$(st "$pb")" "pending 0 -" "the promise of an account the import did not touch is left alone"
equal "$(sql "SELECT status FROM dun.plans WHERE id = $plk")" "kept" "a plan whose instalments are all kept is kept"
equal "$(sql "SELECT string_agg(status, ' ' ORDER BY instalment) FROM dun.promises WHERE plan_id = $plk")" "kept kept" \
    "money left after one instalment flows to the next"
equal "$(bal S-KEPT) $(bal S-PART)" "40000 46000" "settled accounts' balances reduced"

# --- dun settle ---------------------------------------------------------------------
expect_rc 0 "dun settle before due + grace" "$DUN" settle --at 2026-11-26T23:30:00+09:00
contains "$TMP/out" "settled: 0 kept, 0 partial, 0 broken" "nothing is broken during the grace day"
equal "$(st "$pb")" "pending 0 -" "nothing paid, within grace: pending"
equal "$(sql "SELECT status FROM dun.plans WHERE id = $plb")" "active" "the other plan is active while within grace"

t_settle=$(date -u -d 2026-11-26T15:30:00Z +%s)
expect_rc 0 "dun settle after due + grace (local date in Tokyo)" "$DUN" settle --at 2026-11-27T00:30:00+09:00
contains "$TMP/out" "settled: 0 kept, 1 partial, 2 broken" "reports the changes"
equal "$(st "$pp")" "partial 4000 $t_settle" "a partial payment past due + grace: partial"
equal "$(st "$pb")" "broken 0 $t_settle" "nothing paid past due + grace: broken"
equal "$(sql "SELECT status FROM dun.plans WHERE id = $plb")" "broken" "a plan with a broken instalment is broken"
equal "$(st "$pk")" "kept 10000 $t_import" "the kept promise keeps its settled_at"

expect_rc 0 "dun settle again" "$DUN" settle --at 2026-11-27T00:30:00+09:00
contains "$TMP/out" "settled: 0 kept, 0 partial, 0 broken" "a second run reports no changes"
equal "$(st "$pb")" "broken 0 $t_settle" "a second run leaves settled_at alone"
DUN_NOW=2026-11-28T09:00:00+09:00 expect_rc 0 "dun settle at DUN_NOW" "$DUN" settle
contains "$TMP/out" "settled: 0 kept, 0 partial, 0 broken" "dun settle at the clock: still no changes"
expect_rc 2 "dun settle --at without an offset exits 2" "$DUN" settle --at 2026-11-28T09:00:00
expect_rc 2 "dun settle with an unknown option exits 2" "$DUN" settle --now
finish
