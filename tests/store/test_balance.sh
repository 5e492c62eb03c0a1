# Nothing to collect (issue 10, item 5): an account whose balance is zero or
# negative gets no collection message or call (no_balance: contact-check,
# log-contact, dun send, the queue), and `dun send` never renders "your
# payment of -$5.00"; thanks for a payment still go. Dates outside
# 1900-01-01..2199-12-31 are refused at import, with FILE:LINE, in every date
# column of every import.
. tests/lib.sh
fresh_db balance
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'America/New_York')" >/dev/null
export DUN_SPOOL_DIR="$TMP/spool" DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool
company_conf
export DUN_NOW=2026-11-27T11:00:00-05:00
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date,address
OWES-1,Olive Owes,USD,120.00,en,America/New_York,+12125550201,olive@example.com,true,true,demo,2026-10-01,1 Main St
CREDIT-1,Carl Credit,USD,-5.00,en,America/New_York,+12125550202,carl@example.com,true,true,demo,2026-10-01,2 Main St
ZERO-1,Zed Zero,USD,0.00,en,America/New_York,+12125550203,zed@example.com,true,true,demo,2026-10-01,3 Main St
THANKS-1,Tess Thanks,USD,0.00,en,America/New_York,+12125550204,tess@example.com,true,true,demo,,4 Main St
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
queued() { sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc "$1")"; }
send() { "$DUN" --agent demo send "$@"; }

# --- dun send: no collection message at zero or in credit ---------------------------------
expect_rc 3 "dun send: a first notice to an account in credit is refused" send CREDIT-1 --channel sms --json
contains "$TMP/err" "the balance is -\$5.00 (in credit): nothing to collect" "saying the balance"
check "nothing says \"your payment of -\$5.00\"" sh -c "! grep -rqs -- '-\$5.00' '$TMP/out' '$TMP/spool'"
expect_rc 3 "an email too" send CREDIT-1 --channel email
expect_rc 3 "dun send: a first notice at a zero balance is refused" send ZERO-1 --channel sms
contains "$TMP/err" "the balance is \$0.00: nothing to collect" "saying the balance"
expect_rc 3 "naming the template does not get past it" send ZERO-1 --channel sms --template first_notice_sms
equal "$(queued CREDIT-1) $(queued ZERO-1)" "0 0" "nothing is queued"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE body LIKE '%-\$5.00%' OR body LIKE '%\$0.00%'")" 0 \
    "no message in the outbox names a credit or a zero as owed"
expect_rc 0 "an account that owes still gets its first notice" send OWES-1 --channel sms

# --- thanks for a payment go at a zero balance --------------------------------------------------
sql "INSERT INTO dun.payments (account_id, payment_id, amount_minor, currency, paid_at)
     SELECT id, 'P-THANKS', 5000, 'USD', '2026-11-25T10:00:00-05:00' FROM dun.accounts WHERE ref = 'THANKS-1'" >/dev/null
expect_rc 0 "thanks for a payment go to an account at zero" send THANKS-1 --channel sms --template payment_thanks_sms
expect_rc 0 "and are what dun send recommends for it" send THANKS-1 --channel email
contains "$TMP/out" "(payment_thanks_email)" "payment_thanks_email"
equal "$(queued THANKS-1)" 2 "both are queued"
sql "UPDATE dun.outbox SET state = 'cancelled' WHERE account_id = $(acc THANKS-1)" >/dev/null
expect_rc 3 "but no first notice" send THANKS-1 --channel sms --template first_notice_sms

# --- the engine: contact-check and log-contact ---------------------------------------------
every_blocked() { # every verdict of a contact-check --json is blocked, CODE first
    /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); v=d['verdicts']
print('%d %s' % (len(v), all(not x['allowed'] and x['reasons'][0]['code'] == sys.argv[2] for x in v)))" "$1" "$2"
}
"$DUN" contact-check CREDIT-1 --json >"$TMP/credit.json"
equal "$(every_blocked "$TMP/credit.json" no_balance)" "4 True" \
    "contact-check: phone, SMS, email and letter are all blocked, no_balance first"
contains "$TMP/credit.json" '"next_allowed": null' "and time does not open it"
"$DUN" contact-check ZERO-1 >"$TMP/zero.txt"
contains "$TMP/zero.txt" "no_balance" "the text output names no_balance"
check "and shows no channel ALLOWED" sh -c "! grep -q ALLOWED '$TMP/zero.txt'"
expect_rc 3 "log-contact: a call to an account in credit is refused" \
    "$DUN" log-contact CREDIT-1 --channel phone --target +12125550202 --outcome no_answer
contains "$TMP/err" "no_balance: the balance is -\$5.00 (in credit): nothing to collect" "with the reason"
expect_rc 3 "a letter logged on an account at zero is refused" \
    "$DUN" log-contact ZERO-1 --channel letter --target "3 Main St" --outcome sent
expect_rc 0 "the debtor's own call is recorded" \
    "$DUN" log-contact ZERO-1 --in --channel phone --target +12125550203 --outcome conversation

# --- the queue sinks it -------------------------------------------------------------------
"$DUN" queue --agent demo --json >"$TMP/queue.json"
order() { # "REF:pseb ..." in queue order; a = allowed, b = blocked, n = no point
    /usr/bin/python3 -c "import json,sys; print(' '.join(r['ref'] + ':' + ''.join(r['channels'][c][0] for c in ('phone','sms','email','letter')) for r in json.load(open(sys.argv[1]))))" "$1"
}
order "$TMP/queue.json" >"$TMP/order"
equal "$(cut -d' ' -f1 "$TMP/order")" "OWES-1:aaaa" "the queue: the account that owes comes first, every channel allowed"
contains "$TMP/order" "CREDIT-1:bbbb" "the account in credit sinks, every channel blocked"
contains "$TMP/order" "ZERO-1:bbbb" "so does the one at zero"

# --- dates outside 1900-01-01..2199-12-31 are refused at import, with FILE:LINE ----------------
cat >"$TMP/dates.csv" <<'CSV'
ref,name,currency,balance,time_zone,due_date,oldest_unpaid_due_date
D-1,Year One,USD,10.00,America/New_York,0001-01-01,
D-2,Year Zero,USD,10.00,America/New_York,2026-12-01,0000-01-01
D-3,Far Future,USD,10.00,America/New_York,2200-01-01,
D-4,Old But Fine,USD,10.00,America/New_York,1900-01-01,
D-5,Last Day,USD,10.00,America/New_York,2199-12-31,1899-12-31
CSV
f="$TMP/dates.csv"
expect_rc 1 "accounts: dates outside the range are rejected, not a database error" "$DUN" import accounts "$f"
contains "$TMP/err" "$f:2: due_date: \"0001-01-01\" is outside the dates dun accepts (1900-01-01 to 2199-12-31)" "year 1"
contains "$TMP/err" "$f:3: oldest_unpaid_due_date: \"0000-01-01\" is outside the dates dun accepts" "year 0"
contains "$TMP/err" "$f:4: due_date: \"2200-01-01\" is outside the dates dun accepts" "year 2200"
contains "$TMP/err" "$f:6: oldest_unpaid_due_date: \"1899-12-31\" is outside the dates dun accepts" "1899-12-31"
contains "$TMP/err" "4 of 5 rows have problems; nothing imported" "1900-01-01 and 2199-12-31 are inside"
check "no database error" sh -c "! grep -q 'import failed' '$TMP/err'"

printf 'account_ref,channel,direction,at,outcome\nOWES-1,phone,out,0000-01-01T00:00:00Z,no_answer\nOWES-1,phone,out,0001-01-01T09:00:00+09:00,busy\nOWES-1,phone,out,2200-01-01T00:00:00Z,busy\n' >"$TMP/hist.csv"
expect_rc 1 "contacts: times outside the range are rejected" "$DUN" import contacts "$TMP/hist.csv"
contains "$TMP/err" "$TMP/hist.csv:2: at: \"0000-01-01T00:00:00Z\" is outside the dates dun accepts" "year 0"
contains "$TMP/err" "$TMP/hist.csv:3: at:" "year 1"
contains "$TMP/err" "$TMP/hist.csv:4: at:" "year 2200"

printf 'account_ref,amount,currency,paid_at,payment_id\nOWES-1,1.00,USD,0000-01-01T00:00:00Z,P-Y0\nOWES-1,1.00,USD,0001-06-01T00:00:00Z,P-Y1\n' >"$TMP/pay.csv"
expect_rc 1 "payments: times outside the range are rejected" "$DUN" import payments "$TMP/pay.csv"
contains "$TMP/err" "$TMP/pay.csv:2: paid_at: \"0000-01-01T00:00:00Z\" is outside the dates dun accepts" "year 0"
contains "$TMP/err" "$TMP/pay.csv:3: paid_at:" "year 1"
equal "$(sql "SELECT count(*) FROM dun.accounts WHERE ref LIKE 'D-%'") $(sql "SELECT count(*) FROM dun.payments WHERE payment_id LIKE 'P-Y%'")" "0 0" \
    "nothing was imported"
finish
