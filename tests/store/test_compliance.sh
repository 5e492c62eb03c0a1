# Compliance in the store: policies as data, contact history import,
# contact-check (text and JSON), and log-contact enforcing the same engine
# inside the writing transaction, even with agents racing for the last call.
# An account that is not active (paused, closed, paid) is contacted by no
# channel; under JP an attorney's notice stops every channel (migration 016
# widens the seeded policy, never an operator's own choice); log-contact
# refuses a time in the future and an outbound contact without --target.
. tests/lib.sh
fresh_db compliance
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('sato', 'Sato', 'Asia/Tokyo'), ('jsmith', 'J Smith', 'America/New_York')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,phone_work,email,email_work,sms_consent,email_consent,assigned_agent,jurisdiction,address
JP-1,山田 太郎,JPY,12000,ja,Asia/Tokyo,+819012345678,+81312345678,taro@example.jp,,true,true,sato,,東京都千代田区1-1
US-1,John Smith,USD,100.00,en,America/New_York,+12125550100,,john@example.com,john@corp.example,true,true,jsmith,,
US-2,Two Zones,USD,100.00,en,America/New_York|America/Los_Angeles,+12125550101,,,,true,false,jsmith,US,
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts for the compliance tests"
equal "$(sql "SELECT policy_code FROM dun.account_policy p JOIN dun.accounts a ON a.id = p.account_id WHERE ref = 'JP-1'")" JP "a Tokyo debtor falls under JP"
equal "$(sql "SELECT policy_code FROM dun.account_policy p JOIN dun.accounts a ON a.id = p.account_id WHERE ref = 'US-1'")" US "a New York debtor falls under US"

# Boundaries through the command, both policies.
cc() { "$DUN" contact-check "$1" --at "$2" --json; }
allowed() { # allowed REF AT CHANNEL TARGET -> true/false
    cc "$1" "$2" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(str([v for v in d['verdicts'] if v['channel']=='$3' and v['target']=='$4'][0]['allowed']).lower())"
}
equal "$(allowed JP-1 2026-11-20T20:59:59+09:00 phone +819012345678)" true "JP 20:59:59 call allowed"
equal "$(allowed JP-1 2026-11-20T21:00:00+09:00 phone +819012345678)" false "JP 21:00:00 call blocked"
equal "$(allowed JP-1 2026-11-21T07:59:59+09:00 phone +819012345678)" false "JP 07:59:59 call blocked"
equal "$(allowed JP-1 2026-11-21T08:00:00+09:00 phone +819012345678)" true "JP 08:00:00 call allowed"
equal "$(allowed JP-1 2026-11-21T12:00:00+09:00 phone +81312345678)" false "JP workplace number without consent blocked"
equal "$(allowed US-1 2026-11-20T20:59:59-05:00 phone +12125550100)" true "US 20:59:59 allowed"
equal "$(allowed US-1 2026-11-20T21:00:00-05:00 phone +12125550100)" false "US 21:00:00 blocked"
equal "$(allowed US-1 2026-11-20T12:00:00-05:00 email john@corp.example)" false "US employer email blocked"
equal "$(allowed US-2 2026-11-20T08:30:00-05:00 phone +12125550101)" false "two zones: 08:30 New York is 05:30 Los Angeles"
equal "$(allowed US-2 2026-11-20T11:00:00-05:00 phone +12125550101)" true "two zones: 11:00 New York is 08:00 Los Angeles"
cc JP-1 2026-11-20T21:00:00+09:00 >"$TMP/cc.json"
contains "$TMP/cc.json" '"next_allowed": "2026-11-21T08:00:00+09:00"' "next_allowed in the debtor's local time with offset"
contains "$TMP/cc.json" '"code": "quiet_hours"' "the reason code is in the JSON"
contains "$TMP/cc.json" '"policy": "JP"' "the policy is in the JSON"
contains "$TMP/cc.json" '"channel": "letter", "target": "東京都千代田区1-1", "allowed": true' "a letter to the address is allowed at night"
"$DUN" --agent sato contact-check JP-1 --at 2026-11-20T21:00:00+09:00 >"$TMP/cc.txt"
contains "$TMP/cc.txt" "next allowed: Sat 2026-11-21 08:00 JST" "text output gives the debtor's local time"
contains "$TMP/cc.txt" "your time:" "and the agent's"
expect_rc 2 "contact-check of an unknown ref exits 2" "$DUN" contact-check NOPE
expect_rc 2 "a bad --at is refused" "$DUN" contact-check JP-1 --at tomorrow

# Policies are data: a change takes effect at the next check.
sql "UPDATE dun.policies SET quiet_start = '22:00' WHERE code = 'JP'" >/dev/null
equal "$(allowed JP-1 2026-11-20T21:30:00+09:00 phone +819012345678)" true "quiet hours moved in SQL take effect at once"
sql "UPDATE dun.policies SET quiet_start = '21:00' WHERE code = 'JP'" >/dev/null
sql "INSERT INTO dun.creditor_policies VALUES ('', 'US')" >/dev/null
equal "$(sql "SELECT policy_code FROM dun.account_policy p JOIN dun.accounts a ON a.id = p.account_id WHERE ref = 'JP-1'")" US "a creditor's policy applies when the account names none"
sql "DELETE FROM dun.creditor_policies" >/dev/null

# Contact history import: the same rules as accounts, and it counts toward caps.
cat >"$TMP/hist.csv" <<'CSV'
account_ref,channel,direction,at,outcome,target,consent_given
JP-1,phone,out,2026-11-20T09:00:00+09:00,no_answer,+81 90 1234 5678,false
JP-1,phone,out,2026-11-20T11:00:00+09:00,busy,+819012345678,false
JP-1,phone,out,2026-11-20T13:00:00+09:00,voicemail,+819012345678,
CSV
expect_rc 0 "a contact history imports" "$DUN" import contacts "$TMP/hist.csv"
contains "$TMP/out" "imported 3 contact(s)" "three contacts imported"
expect_rc 0 "the same history again" "$DUN" import contacts "$TMP/hist.csv"
contains "$TMP/out" "imported 0 contact(s)" "is not recorded twice"
equal "$(allowed JP-1 2026-11-20T15:00:00+09:00 phone +819012345678)" false "imported attempts count: the 4th call of the day is blocked"
cc JP-1 2026-11-20T15:00:00+09:00 >"$TMP/cap.json"
contains "$TMP/cap.json" '"code": "daily_cap"' "with the daily_cap reason"
printf 'account_ref,channel,direction,at,outcome,target\nNOPE,phone,out,2026-11-20T09:00:00+09:00,busy,+819012345678\nJP-1,fax,out,2026-11-20T09:00:00+09:00,busy,\nJP-1,phone,sideways,2026-11-20 09:00,maybe,123\n' >"$TMP/badhist.csv"
expect_rc 1 "a bad history file is rejected" "$DUN" import contacts "$TMP/badhist.csv"
contains "$TMP/err" "badhist.csv:2: account_ref: no account with ref \"NOPE\"" "unknown ref, with its line"
contains "$TMP/err" "badhist.csv:3: channel: \"fax\" is not a channel" "unknown channel"
contains "$TMP/err" "badhist.csv:4: direction:" "bad direction"
contains "$TMP/err" "badhist.csv:4: at:" "time without an offset"
contains "$TMP/err" "badhist.csv:4: outcome:" "unknown outcome"
contains "$TMP/err" "badhist.csv:4: target:" "phone target not E.164"

# log-contact enforces: refused with exit 3 and the reasons. The log is read
# on 2026-11-28: every --at below is in its past.
export DUN_NOW=2026-11-28T12:00:00+09:00
expect_rc 3 "a 4th call today is refused" "$DUN" log-contact JP-1 --channel phone --target +819012345678 --outcome no_answer --at 2026-11-20T16:00:00+09:00
contains "$TMP/err" "daily_cap" "the refusal names the rule"
# When it opens reads as on the workstation: the debtor's clock, with the
# day because it is not today (the 28th), never UTC; the agent's clock
# beside it when it reads differently.
contains "$TMP/err" "  next allowed: Sat 11-21 08:00 JST" "and when it opens, on the debtor's clock"
check "not in UTC" sh -c "! grep -q 'next allowed: 2026' '$TMP/err'"
equal "$(grep -c "yours" "$TMP/err")" 0 "no agent acts: the debtor's time alone"
sql "UPDATE dun.agents SET time_zone = 'America/New_York' WHERE login = 'sato'" >/dev/null
expect_rc 3 "sato, working from New York, is refused the same call" \
    "$DUN" --agent sato log-contact JP-1 --channel phone --target +819012345678 --outcome no_answer --at 2026-11-20T16:00:00+09:00
contains "$TMP/err" "  next allowed: Sat 11-21 08:00 JST (yours: Fri 11-20 18:00 EST)" "with sato's own clock beside it"
sql "UPDATE dun.agents SET time_zone = 'Asia/Tokyo' WHERE login = 'sato'" >/dev/null
expect_rc 3 "sato in Tokyo again" \
    "$DUN" --agent sato log-contact JP-1 --channel phone --target +819012345678 --outcome no_answer --at 2026-11-20T16:00:00+09:00
contains "$TMP/err" "  next allowed: Sat 11-21 08:00 JST" "the same clock: said once"
equal "$(grep -c "yours" "$TMP/err")" 0 "with no second clock"
expect_rc 3 "a call at 21:00 is refused" "$DUN" log-contact US-1 --channel phone --target +12125550100 --outcome no_answer --at 2026-11-20T21:00:00-05:00
expect_rc 0 "an inbound call is always recorded" "$DUN" log-contact JP-1 --in --channel phone --target +819012345678 --outcome conversation --at 2026-11-20T22:00:00+09:00
expect_rc 0 "an allowed call is recorded" "$DUN" --agent jsmith log-contact US-1 --channel phone --target +12125550100 --outcome conversation --at 2026-11-20T10:00:00-05:00
equal "$(sql "SELECT count(*) FROM dun.contacts c JOIN dun.agents a ON a.id = c.agent_id WHERE a.login = 'jsmith'")" 1 "with the agent who made it"
expect_rc 3 "no call within 7 days after a US conversation" "$DUN" log-contact US-1 --channel phone --target +12125550100 --outcome no_answer --at 2026-11-26T10:00:00-05:00
contains "$TMP/err" "after_conversation" "the refusal says after_conversation"
expect_rc 0 "day 8 after the conversation is allowed" "$DUN" log-contact US-1 --channel phone --target +12125550100 --outcome no_answer --at 2026-11-27T10:00:00-05:00
expect_rc 2 "an unknown outcome is a usage error" "$DUN" log-contact US-1 --channel phone --target +12125550100 --outcome maybe

# The race: JP-1 has 2 calls on 2026-11-21; five agents try the 3rd at once.
for h in 09 10; do
    "$DUN" log-contact JP-1 --channel phone --target +819012345678 --outcome no_answer --at 2026-11-21T$h:00:00+09:00 >/dev/null
done
for i in 1 2 3 4 5; do
    ( "$DUN" log-contact JP-1 --channel phone --target +819012345678 --outcome busy --at 2026-11-21T11:00:0$i+09:00 >/dev/null 2>&1; echo $? >"$TMP/race.$i" ) &
done
wait
wins=$(cat "$TMP"/race.* | grep -c '^0$'); refused=$(cat "$TMP"/race.* | grep -c '^3$')
equal "$wins $refused" "1 4" "five racing for the last call of the day: exactly one succeeds, four are refused"
equal "$(sql "SELECT count(*) FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id WHERE a.ref = 'JP-1' AND c.direction = 'out' AND (c.at AT TIME ZONE 'Asia/Tokyo')::date = '2026-11-21'")" 3 \
    "and the log holds exactly three calls that day"
# --- an account that is not active: no channel, by any path ------------------------------
cat >"$TMP/status.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,status,address,oldest_unpaid_due_date
PAUSED-1,止 一郎,JPY,20000,ja,Asia/Tokyo,+819012349001,p1@example.jp,true,true,sato,paused,東京都港区1-1,2026-10-01
CLOSED-1,Carl Closed,USD,10.00,en,America/New_York,+12125559002,c1@example.com,true,true,jsmith,closed,1 Main St,2026-10-01
PAID-1,Pat Paid,USD,0.00,en,America/New_York,+12125559003,,true,false,jsmith,paid,,
CSV
"$DUN" import accounts "$TMP/status.csv" >/dev/null || not_ok "paused, closed and paid accounts imported"
# every_blocked FILE CODE: every verdict of a contact-check --json is blocked, CODE first
every_blocked() {
    /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); v=d['verdicts']
print('%d %s' % (len(v), all(not x['allowed'] and x['reasons'][0]['code'] == sys.argv[2] for x in v)))" "$1" "$2"
}
cc PAUSED-1 2026-11-20T12:00:00+09:00 >"$TMP/paused.json"
equal "$(every_blocked "$TMP/paused.json" not_active)" "4 True" \
    "contact-check: a paused account's phone, SMS, email and letter are all blocked, not_active first"
contains "$TMP/paused.json" '"text": "the account is paused: no contact while it is not active"' "with the sentence"
contains "$TMP/paused.json" '"next_allowed": null' "and only a change of status opens it"
"$DUN" contact-check PAUSED-1 --at 2026-11-20T12:00:00+09:00 >"$TMP/paused.txt"
check "the text output has no ALLOWED channel" sh -c "! grep -q ALLOWED '$TMP/paused.txt'"
contains "$TMP/paused.txt" "not_active" "and names not_active"
cc CLOSED-1 2026-11-20T12:00:00-05:00 >"$TMP/closed.json"
equal "$(every_blocked "$TMP/closed.json" not_active)" "4 True" "a closed account: every channel blocked"
contains "$TMP/closed.json" "the account is closed: no contact while it is not active" "saying it is closed"
cc PAID-1 2026-11-20T12:00:00-05:00 >"$TMP/paid.json"
contains "$TMP/paid.json" "the account is paid: no contact while it is not active" "a paid account says it is paid"
expect_rc 3 "log-contact: a call to a paused account is refused" \
    "$DUN" log-contact PAUSED-1 --channel phone --target +819012349001 --outcome no_answer --at 2026-11-20T12:00:00+09:00
contains "$TMP/err" "not_active: the account is paused: no contact while it is not active" "with the reason"
expect_rc 3 "an SMS logged on a closed account is refused" \
    "$DUN" log-contact CLOSED-1 --channel sms --target +12125559002 --outcome sent --at 2026-11-20T12:00:00-05:00
expect_rc 3 "a letter logged on a paused account is refused" \
    "$DUN" log-contact PAUSED-1 --channel letter --target 東京都港区1-1 --outcome sent --at 2026-11-20T12:00:00+09:00
equal "$(sql "SELECT count(*) FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id WHERE a.status <> 'active'")" 0 \
    "nothing is recorded on them"
expect_rc 0 "the debtor's own call to a paused account is recorded" \
    "$DUN" log-contact PAUSED-1 --in --channel phone --target +819012349001 --outcome conversation --at 2026-11-20T12:05:00+09:00
equal "$(sql "SELECT direction || ' ' || outcome FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id WHERE a.ref = 'PAUSED-1'")" \
    "in conversation" "an inbound contact is always recorded"
sql "UPDATE dun.accounts SET status = 'active' WHERE ref = 'PAUSED-1'" >/dev/null
cc PAUSED-1 2026-11-20T12:00:00+09:00 >"$TMP/resumed.json"
check "active again, the phone is allowed" grep -q '"channel": "phone", "target": "+819012349001", "allowed": true' "$TMP/resumed.json"

# --- JP: after an attorney's notice (受任通知) no channel carries a demand -----------------
cat >"$TMP/att.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,attorney,address,oldest_unpaid_due_date
ATT-1,弁護 太郎,JPY,40000,ja,Asia/Tokyo,+819012349011,att@example.jp,true,true,sato,true,東京都港区2-2,2026-10-01
CSV
"$DUN" import accounts "$TMP/att.csv" >/dev/null || not_ok "an account represented by an attorney imported"
cc ATT-1 2026-11-20T12:00:00+09:00 >"$TMP/att.json"
equal "$(every_blocked "$TMP/att.json" attorney)" "4 True" \
    "a JP debtor with an attorney: phone, SMS, email and letter are all blocked (attorney)"
equal "$(sql "SELECT attorney_channels FROM dun.policies WHERE code = 'JP'")" "{phone,sms,email,letter}" \
    "the JP policy's attorney_channels are all four channels"
# Migration 016 widens only the seeded {phone}: an operator's own choice stays.
sql "UPDATE dun.policies SET attorney_channels = '{phone,letter}' WHERE code = 'JP';
     DELETE FROM dun.schema_migrations WHERE version = 16" >/dev/null
"$DUN" migrate >/dev/null
equal "$(sql "SELECT attorney_channels FROM dun.policies WHERE code = 'JP'")" "{phone,letter}" \
    "migration 016 leaves an operator's own attorney_channels alone"
sql "UPDATE dun.policies SET attorney_channels = '{phone}' WHERE code = 'JP';
     DELETE FROM dun.schema_migrations WHERE version = 16" >/dev/null
"$DUN" migrate >/dev/null
equal "$(sql "SELECT attorney_channels FROM dun.policies WHERE code = 'JP'")" "{phone,sms,email,letter}" \
    "and widens the seeded {phone} to every channel"

# --- log-contact: when it happened, and to whom ---------------------------------------------
n0=$(sql "SELECT count(*) FROM dun.contacts")
expect_rc 2 "log-contact --at a week ahead is refused" \
    "$DUN" log-contact ATT-1 --in --channel phone --target +819012349011 --outcome conversation --at 2026-12-05T12:00:00+09:00
contains "$TMP/err" "--at 2026-12-05T12:00:00+09:00 is in the future" "it says the time is in the future"
expect_rc 2 "two minutes ahead is refused too" \
    "$DUN" log-contact ATT-1 --in --channel phone --target +819012349011 --outcome conversation --at 2026-11-28T12:02:00+09:00
equal "$(sql "SELECT count(*) FROM dun.contacts")" "$n0" "nothing is recorded"
expect_rc 0 "30 seconds ahead (another machine's clock) is taken" \
    "$DUN" log-contact ATT-1 --in --channel phone --target +819012349011 --outcome conversation --at 2026-11-28T12:00:30+09:00
expect_rc 2 "an outbound contact without --target is a usage error" \
    "$DUN" log-contact PAUSED-1 --channel phone --outcome no_answer --at 2026-11-21T12:00:00+09:00
contains "$TMP/err" "--target" "naming --target"
check "not a refusal by the policy" sh -c "! grep -q 'refused: phone' '$TMP/err'"

# --- an outcome that changes the account, from the command line as from the workstation ---
printf 'ref,name,currency,balance,time_zone,phone_mobile,phone_home,assigned_agent\nOUT-1,Out Come,JPY,5000,Asia/Tokyo,+819012340011,+81312340011,sato\n' >"$TMP/out.csv"
"$DUN" import accounts "$TMP/out.csv" >/dev/null
expect_rc 0 "log-contact --outcome wrong_number" "$DUN" --agent sato log-contact OUT-1 --channel phone \
    --target +819012340011 --outcome wrong_number --at 2026-11-27T10:00:00+09:00
equal "$(sql "SELECT bad FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = 'OUT-1' AND number = '+819012340011'")" t \
    "marks that number bad, as w does on the account screen"
equal "$(allowed OUT-1 2026-11-27T11:00:00+09:00 phone +819012340011)" false "so it is not called again"
equal "$(allowed OUT-1 2026-11-27T11:00:00+09:00 phone +81312340011)" true "the other number still may be"
expect_rc 0 "log-contact --outcome dispute" "$DUN" --agent sato log-contact OUT-1 --channel phone \
    --target +81312340011 --outcome dispute --at 2026-11-27T11:00:00+09:00
equal "$(sql "SELECT dispute FROM dun.accounts WHERE ref = 'OUT-1'")" t "raises the dispute, as d does"
equal "$(allowed OUT-1 2026-11-27T12:00:00+09:00 phone +81312340011)" false "and contact is paused"
equal "$(sql "SELECT string_agg(f.flag || ': ' || f.value, ', ' ORDER BY f.id) FROM dun.flag_changes f JOIN dun.accounts a ON a.id = f.account_id WHERE a.ref = 'OUT-1'")" \
    "phone: wrong number +819012340011, dispute: raised" "both on the history as flag changes"
finish
