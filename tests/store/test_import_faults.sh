# Imports under faults (issue 10, items 11-13): identical contact rows in one
# file are stored once and counted; a sum of payments beyond 64 bits and a
# field of 130 MB are rejected with FILE:LINE: column like every other
# problem; a directory, a FIFO, a device and a file over 200 MB are refused
# at once with a clear message; a row of nothing but commas is a row, and
# its empty required columns say so.
. tests/lib.sh
fresh_db faults
"$DUN" migrate >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,time_zone,phone_mobile
F-1,Fay Faults,JPY,1000,Asia/Tokyo,+819012345678
F-2,Flo Faults,JPY,1000,Asia/Tokyo,+819012345679
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"

# --- 11. identical rows in one contacts file are stored once ------------------------------
cat >"$TMP/hist.csv" <<'CSV'
account_ref,channel,direction,at,outcome,target
F-1,phone,out,2026-11-20T09:00:00+09:00,no_answer,+819012345678
F-1,phone,out,2026-11-20T09:00:00+09:00,no_answer,+81 90 1234 5678
F-1,phone,out,2026-11-20T00:00:00Z,no_answer,+819012345678
F-1,phone,out,2026-11-20T11:00:00+09:00,busy,+819012345678
CSV
expect_rc 0 "a contacts file with a row repeated imports" "$DUN" import contacts "$TMP/hist.csv"
equal "$(sql "SELECT count(*) FROM dun.contacts")" 2 "the repeated rows are stored once (the same time written three ways)"
contains "$TMP/out" "imported 2 contact(s), 0 already stored, 2 repeated in the file" "the summary counts them"
expect_rc 0 "the same file again" "$DUN" import contacts "$TMP/hist.csv"
contains "$TMP/out" "imported 0 contact(s), 2 already stored, 2 repeated in the file" "stores nothing more, and says why"
equal "$(sql "SELECT count(*) FROM dun.contacts")" 2 "still two"
"$DUN" contact-check F-1 --at 2026-11-20T12:00:00+09:00 --json >"$TMP/cc.json"
check "so the cap counts two calls, not four: the 3rd call of the day is allowed" \
    /usr/bin/python3 -c "import json,sys; d=json.load(open('$TMP/cc.json')); sys.exit(0 if [v for v in d['verdicts'] if v['channel']=='phone'][0]['allowed'] else 1)"

# --- 12. a sum of payments that does not fit in 64 bits ---------------------------------------
cat >"$TMP/pay.csv" <<'CSV'
account_ref,amount,currency,paid_at,payment_id
F-1,"5,000,000,000,000,000,000",JPY,2026-11-20T10:00:00+09:00,P-BIG-1
F-1,"5,000,000,000,000,000,000",JPY,2026-11-20T11:00:00+09:00,P-BIG-2
F-2,100,JPY,2026-11-20T11:00:00+09:00,P-SMALL-1
CSV
f="$TMP/pay.csv"
expect_rc 1 "payments whose sum overflows 64 bits are rejected, not a database error" "$DUN" import payments "$f"
contains "$TMP/err" "$f:3: amount: the payments to \"F-1\" up to this line total 10000000000000000000 minor units: more than dun can hold" \
    "the line that overflows, with its column"
check "no database error" sh -c "! grep -q 'import failed' '$TMP/err'"
contains "$TMP/err" "1 of 3 rows have problems; nothing imported" "only that line is bad"
expect_rc 1 "--partial imports the rest" "$DUN" import payments "$f" --partial
equal "$(sql "SELECT string_agg(payment_id, ' ' ORDER BY payment_id) FROM dun.payments")" "P-BIG-1 P-SMALL-1" "the line before it and the other account's"
equal "$(sql "SELECT balance_minor FROM dun.accounts WHERE ref = 'F-1'")" "-4999999999999999000" "the balance took the one that fits"
printf 'account_ref,amount,currency,paid_at,payment_id\nF-1,"5,000,000,000,000,000,000",JPY,2026-11-21T10:00:00+09:00,P-BIG-3\n' >"$TMP/pay2.csv"
expect_rc 1 "a payment that would take the balance below what dun holds is rejected" "$DUN" import payments "$TMP/pay2.csv"
contains "$TMP/err" "$TMP/pay2.csv:2: amount: the payments to \"F-1\" up to this line would leave a balance of -9999999999999999000 minor units: less than dun can hold" \
    "saying so, with its line"

# --- 12. a 130 MB field ------------------------------------------------------------------------
{ printf 'ref,name,currency,balance,time_zone\nF-3,'; head -c $((130 * 1024 * 1024)) /dev/zero | tr '\0' 'a'; printf ',JPY,100,Asia/Tokyo\nF-4,Fine,JPY,100,Asia/Tokyo\n'; } >"$TMP/huge.csv"
expect_rc 1 "a 130 MB field is rejected with its line and column" "$DUN" import accounts "$TMP/huge.csv"
contains "$TMP/err" "$TMP/huge.csv:2: name: longer than 65,536 bytes (the most a field may hold)" "FILE:LINE: column"
contains "$TMP/err" "1 of 2 rows have problems" "the next line is read as usual"
rm -f "$TMP/huge.csv"

# --- 13. files that are not regular files, or too large ---------------------------------------
# A memory limit, so that a dun that reads /dev/zero fails fast rather than
# taking the machine's memory; not under ASan, whose shadow memory needs more.
mem='ulimit -v 1000000;'
[ -n "${ASAN_OPTIONS:-}" ] && mem=
mkdir "$TMP/dir.csv"
expect_rc 2 "a directory is refused" "$DUN" import accounts "$TMP/dir.csv"
contains "$TMP/err" "cannot read $TMP/dir.csv: it is a directory, not a file" "saying it is a directory"
mkfifo "$TMP/fifo.csv"
expect_rc 2 "a FIFO is refused at once, not waited on" timeout 10 "$DUN" import accounts "$TMP/fifo.csv"
contains "$TMP/err" "cannot read $TMP/fifo.csv: it is a FIFO (named pipe), not a regular file" "saying it is a FIFO"
expect_rc 2 "/dev/zero is refused at once, not read until memory runs out" \
    sh -c "$mem exec timeout 10 '$DUN' import accounts /dev/zero"
contains "$TMP/err" "cannot read /dev/zero: it is a character device, not a regular file" "saying it is a device"
truncate -s $((200 * 1024 * 1024 + 1)) "$TMP/big.csv"
expect_rc 2 "a file over 200 MB is refused before it is read" sh -c "$mem exec '$DUN' import accounts '$TMP/big.csv'"
contains "$TMP/err" "cannot read $TMP/big.csv: it is larger than 200 MB (209,715,200 bytes), the most dun reads: split it" "saying the limit"
rm -f "$TMP/big.csv"

# --- 13. a row of nothing but commas ----------------------------------------------------------
printf 'ref,name,currency,balance,time_zone\nF-5,Five,JPY,100,Asia/Tokyo\n,,,,\n,,\n\nF-6,Six,JPY,100,Asia/Tokyo\n' >"$TMP/commas.csv"
f="$TMP/commas.csv"
expect_rc 1 "rows of nothing but commas are rows, not skipped" "$DUN" import accounts "$f"
contains "$TMP/err" "$f:3: ref: required, but empty" "the required columns say what is missing"
contains "$TMP/err" "$f:3: balance: required, but empty" "every one of them"
contains "$TMP/err" "$f:4: has 3 fields; the header has 5" "a short one is a short row"
contains "$TMP/err" "2 of 4 rows have problems" "a blank line is still skipped"
finish
