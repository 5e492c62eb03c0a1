# Account import: good rows, bad rows (line-numbered, all or nothing),
# --partial, the same file twice, column order, contact points.
. tests/lib.sh
fresh_db import
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name) VALUES ('sato', 'Sato'), ('jsmith', 'J Smith')" >/dev/null

cat >"$TMP/good.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,due_date,oldest_unpaid_due_date,assigned_agent,phone_mobile,phone_work,email,sms_consent,preferred_contact_window
JP-1,山田 太郎,JPY,"12,000",ja,Asia/Tokyo,2026-12-01,2026-10-01,sato,+81 90-1234-5678,+81312345678,taro@example.jp,true,09:00-18:00
US-1,"Smith, John",USD,1234.56,en,America/New_York|America/Chicago,2026-12-05,,jsmith,+1 (212) 555-0100,,john@example.com,false,
US-2,Jane Roe,USD,50,en,Pacific/Honolulu,2026-11-30,2026-09-15,jsmith,,,,,
CSV
expect_rc 0 "a good file imports" "$DUN" import accounts "$TMP/good.csv"
contains "$TMP/out" "imported 3 account(s)" "reports the count"
equal "$(sql "SELECT balance_minor || ' ' || currency FROM dun.accounts WHERE ref = 'JP-1'")" "12000 JPY" "JPY 12,000 is 12000 minor units"
equal "$(sql "SELECT balance_minor FROM dun.accounts WHERE ref = 'US-1'")" "123456" "USD 1234.56 is 123456 cents"
equal "$(sql "SELECT balance_minor FROM dun.accounts WHERE ref = 'US-2'")" "5000" "USD 50 is 5000 cents"
equal "$(sql "SELECT debtor_name FROM dun.accounts WHERE ref = 'JP-1'")" "山田 太郎" "Japanese name intact"
equal "$(sql "SELECT debtor_name FROM dun.accounts WHERE ref = 'US-1'")" "Smith, John" "quoted comma intact"
equal "$(sql "SELECT array_to_string(time_zones, '|') FROM dun.accounts WHERE ref = 'US-1'")" "America/New_York|America/Chicago" "two candidate zones"
equal "$(sql "SELECT number FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = 'JP-1' AND kind = 'mobile'")" "+819012345678" "phone normalized to E.164"
equal "$(sql "SELECT count(*) FROM dun.phones")" "3" "three phones"
equal "$(sql "SELECT preferred_window_start || '-' || preferred_window_end FROM dun.accounts WHERE ref = 'JP-1'")" "09:00:00-18:00:00" "preferred window"
equal "$(sql "SELECT a.login FROM dun.accounts x JOIN dun.agents a ON a.id = x.assigned_agent_id WHERE ref = 'US-2'")" "jsmith" "assigned agent"

dump() { sql "SELECT ref, debtor_name, balance_minor, currency, time_zones, due_date, oldest_unpaid_due_date, assigned_agent_id, sms_consent, preferred_window_start FROM dun.accounts ORDER BY ref" ; sql "SELECT account_id, number, kind FROM dun.phones ORDER BY 1, 2"; sql "SELECT account_id, address, kind FROM dun.emails ORDER BY 1, 2"; }
dump >"$TMP/state1"
expect_rc 0 "the same file again imports" "$DUN" import accounts "$TMP/good.csv"
dump >"$TMP/state2"
check "importing the same file twice leaves the same state" cmp -s "$TMP/state1" "$TMP/state2"

# Column order is free; a narrower file updates only its columns.
printf 'balance,currency,ref,name\n13000,JPY,JP-1,山田 太郎\n' >"$TMP/narrow.csv"
expect_rc 0 "columns in another order import" "$DUN" import accounts "$TMP/narrow.csv"
equal "$(sql "SELECT balance_minor || ' ' || array_to_string(time_zones, '|') || ' ' || sms_consent FROM dun.accounts WHERE ref = 'JP-1'")" "13000 Asia/Tokyo true" \
    "a narrower file keeps the columns it does not have"

# Bad rows: every problem reported as FILE:LINE: column: problem; nothing imported.
printf 'ref,name,currency,balance,time_zone,due_date,phone_mobile,email,sms_consent,assigned_agent\n' >"$TMP/bad.csv"
printf 'B-1,Good Row,USD,10.00,America/Denver,2026-12-01,+13035550100,a@b.co,true,jsmith\n' >>"$TMP/bad.csv"
printf 'B-2,Too Many Decimals,USD,12.345,America/Denver,2026-12-01,,,,\n' >>"$TMP/bad.csv"
printf 'B-3,Bad Date,JPY,100,Asia/Tokyo,2026-02-30,,,,\n' >>"$TMP/bad.csv"
printf 'B-4,Bad Zone,JPY,100,Mars/Olympus,2026-12-01,,,,\n' >>"$TMP/bad.csv"
printf 'B-5,Bad Phone,JPY,100,Asia/Tokyo,2026-12-01,090-1234-5678,,,\n' >>"$TMP/bad.csv"
printf 'B-6,Bad \377 Byte,JPY,100,Asia/Tokyo,2026-12-01,,,,\n' >>"$TMP/bad.csv"
printf 'B-7,Yen Decimals,JPY,1.5,Asia/Tokyo,2026-12-01,,,maybe,nobody\n' >>"$TMP/bad.csv"
printf 'B-8,Short Row,JPY\n' >>"$TMP/bad.csv"
printf '"B-9,Unclosed,JPY,100,Asia/Tokyo,2026-12-01,,,,\n' >>"$TMP/bad.csv"
before=$(sql "SELECT count(*) FROM dun.accounts")
expect_rc 1 "a file with bad rows exits 1" "$DUN" import accounts "$TMP/bad.csv"
f="$TMP/bad.csv"
contains "$TMP/err" "$f:3: balance: USD has 2 decimal places" "too many decimals, with its line"
contains "$TMP/err" "$f:4: due_date: \"2026-02-30\" is not a date" "invalid date"
contains "$TMP/err" "$f:5: time_zone: unknown time zone \"Mars/Olympus\"" "unknown zone"
contains "$TMP/err" "$f:6: phone_mobile:" "non-E.164 phone"
contains "$TMP/err" "$f:7: contains bytes that are not UTF-8" "non-UTF-8 byte"
contains "$TMP/err" "$f:8: balance: JPY has no minor unit" "JPY with decimals"
contains "$TMP/err" "$f:8: sms_consent: \"maybe\" is not true or false" "a second problem on the same row"
contains "$TMP/err" "$f:8: assigned_agent: no agent with login \"nobody\"" "unknown agent"
contains "$TMP/err" "$f:9: has 3 fields; the header has 10" "short row"
contains "$TMP/err" "$f:10: a quoted field is not closed" "unclosed quote"
contains "$TMP/err" "nothing imported" "says nothing was imported"
equal "$(sql "SELECT count(*) FROM dun.accounts")" "$before" "all or nothing: no row written"

expect_rc 1 "--partial imports the good rows and still exits 1" "$DUN" import accounts "$TMP/bad.csv" --partial
contains "$TMP/out" "imported 1 account(s), rejected 8 row(s)" "--partial reports both counts"
equal "$(sql "SELECT count(*) FROM dun.accounts WHERE ref LIKE 'B-%'")" "1" "only the good row landed"

# Header problems stop everything, even with --partial.
printf 'ref,name,currency,balance,shoe_size\nH-1,X,JPY,1,42\n' >"$TMP/hdr.csv"
expect_rc 1 "an unknown column is an error" "$DUN" import accounts "$TMP/hdr.csv" --partial
contains "$TMP/err" "$TMP/hdr.csv:1: shoe_size: unknown column" "names the unknown column on line 1"
printf 'ref,name,balance\nH-2,X,1\n' >"$TMP/hdr2.csv"
expect_rc 1 "a missing required column is an error" "$DUN" import accounts "$TMP/hdr2.csv"
contains "$TMP/err" "currency: required column missing" "names the missing column"
: >"$TMP/empty.csv"
expect_rc 1 "an empty file is an error" "$DUN" import accounts "$TMP/empty.csv"
printf 'ref,name,currency,balance,time_zone\nD-1,A,JPY,1,Asia/Tokyo\nD-1,B,JPY,2,Asia/Tokyo\n' >"$TMP/dup.csv"
expect_rc 1 "a ref twice in one file is an error" "$DUN" import accounts "$TMP/dup.csv"
contains "$TMP/err" "$TMP/dup.csv:3: ref: \"D-1\" is already on line 2" "names the first line"
expect_rc 2 "a missing file exits 2" "$DUN" import accounts "$TMP/nope.csv"
expect_rc 2 "an unknown import kind exits 2" "$DUN" import widgets "$TMP/good.csv"

# CRLF line endings and a byte order mark (spreadsheet exports).
printf '\357\273\277ref,name,currency,balance,time_zone,address\r\nW-1,One,USD,1.00,America/Denver,"1 Main St\r\nDenver, CO 80202"\r\nW-2,Two,USD,2,America/Denver,\r\n' >"$TMP/crlf.csv"
expect_rc 0 "CRLF and a BOM import" "$DUN" import accounts "$TMP/crlf.csv"
equal "$(sql "SELECT balance_minor FROM dun.accounts WHERE ref = 'W-2'")" "200" "row after a multi-line field"
finish
