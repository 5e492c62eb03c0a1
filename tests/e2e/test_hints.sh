# The script hints panel under tmux, on a configured database (dun.conf with
# a company but no company_phone): no {{field}} ever shows; the last payment
# date and the promise's method are filled; the sections that fit the moment
# come first and the panel pages when it is full; a pre-due account gets no
# line about a missed payment. With a third party on the line (t) nothing
# names the creditor, the company or the debt; an account an attorney
# represents shows only the attorney lines; a first contact after unanswered
# calls does not say "first call"; the embedded demo's callback number is
# the debtor's language's, in the hints and in messages alike.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_hints
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
mkdir -p "$TMP/cfg/dun"
printf 'company = Dun Test Finance\ncompany_ja = ダン債権回収\n' >"$TMP/cfg/dun/dun.conf"
chmod 600 "$TMP/cfg/dun/dun.conf"
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date,due_date
JP-PAID,山田 太郎,JPY,40000,ja,Asia/Tokyo,+819012345678,true,demo,2026-10-01,2026-12-01
US-PRM,Jane Roe,USD,1200.00,en,America/New_York,+12125550100,true,demo,2026-10-01,2026-12-01
JP-PRE,高橋 次郎,JPY,30000,ja,Asia/Tokyo,+819011112222,true,demo,,2026-12-02
US-PRE,John Doe,USD,300.00,en,America/New_York,+12125550101,true,demo,,2026-12-02
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
# JP-PAID paid on the 17th (Tokyo); US-PRM on the 16th in New York, which is
# already the 17th in Tokyo: the date is the debtor's. US-PRM has an open
# promise by bank transfer.
sql "INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, method, payment_id)
     SELECT id, 10000, 'JPY', '2026-11-17T09:58:00+09:00', 'direct_debit', 'P-1' FROM dun.accounts WHERE ref = 'JP-PAID';
     INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, method, payment_id)
     SELECT id, 5000, 'USD', '2026-11-16T22:00:00-05:00', 'card', 'P-2' FROM dun.accounts WHERE ref = 'US-PRM';
     INSERT INTO dun.promises (account_id, amount_minor, currency, promised_date, method, status, created_at)
     SELECT id, 20000, 'USD', '2026-11-27', 'bank_transfer', 'pending', '2026-11-18' FROM dun.accounts WHERE ref = 'US-PRM'" >/dev/null
NOW=2026-11-20T10:00:00+09:00

no_placeholder() { ! grep -q '{{' "$1"; }
# panel SCREEN COLS: the hints panel of a captured screen (its 46 columns on
# the right), one hint or context name a line: wrapped lines are joined.
panel() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, unicodedata
col = int(sys.argv[2]) - 46
out = []
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    w = 0
    for i, ch in enumerate(line):
        if w >= col:
            line = line[i:]
            break
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    else:
        line = ""
    if line.startswith("  ") and out:
        more = line.strip() # English wraps after a space, which the capture drops
        out[-1] += (" " if out[-1][-1].isascii() and more[0].isascii() else "") + more
    elif line.strip():
        out.append(line.rstrip())
print("\n".join(out))
PY
}
no_line() { ! grep -qF -- "$2" "$1"; }

# A terminal tall enough for every hint: nothing is left as {{...}}.
start_dun 150 80 DUN_NOW=$NOW XDG_CONFIG_HOME=$TMP/cfg -- --agent demo
check "the queue opens" wait_for "JP-PAID"
check "the account with a recent payment opens" open_account JP-PAID
sleep 0.3; screen >"$TMP/paid"; panel "$TMP/paid" 150 >"$TMP/paid.hints"
check "no {{field}} on the account screen without company_phone" no_placeholder "$TMP/paid"
contains "$TMP/paid.hints" "- 2026年11月17日のお支払いを確かに確認" "the last payment date is filled, as dates are in messages"
contains "$TMP/paid.hints" "いつでも［折り返し先の電話番号］まで" "an unconfigured callback number is a cue in Japanese"
contains "$TMP/paid.hints" "お支払い方法は［お支払い方法］で" "a method dun cannot know is a cue in Japanese"
keys q
check "the English account with an open promise opens" open_account US-PRM
sleep 0.3; screen >"$TMP/prm"; panel "$TMP/prm" 150 >"$TMP/prm.hints"
check "no {{field}} on the English account" no_placeholder "$TMP/prm"
contains "$TMP/prm.hints" "received your payment on Nov 16, 2026" "the last payment date is the debtor's calendar day"
contains "$TMP/prm.hints" "Is bank_transfer still the easiest way" "the open promise's method is filled"
contains "$TMP/prm.hints" "reach us on [your callback number]" "an unconfigured callback number is a cue in English"
keys q

# Pre-due accounts: nothing about a payment that was due, or missed.
for ref in JP-PRE US-PRE; do
    check "the pre-due account $ref opens" open_account $ref
    sleep 0.3; screen >"$TMP/pre"; panel "$TMP/pre" 150 >"$TMP/pre.hints"
    contains "$TMP/pre" "pre_due" "$ref shows the pre-due hints"
    check "$ref: no {{field}}" no_placeholder "$TMP/pre"
    check "$ref: no 'でございました' (was due)" no_line "$TMP/pre.hints" "でございました"
    check "$ref: no 'was due'" no_line "$TMP/pre.hints" "was due"
    check "$ref: no confirm (missed payment) section" sh -c "! grep -qx confirm '$TMP/pre.hints'"
    check "$ref: no broken-promise or first-contact (arrears) lines" sh -c "! grep -qE '^(broken_promise|first_contact)' '$TMP/pre.hints'"
    keys q
done
keys q
wait_dead >/dev/null

# 130x40: the thanks for the payment are on the first page; the last line
# says more follows and which key shows it; the key pages to the thanks
# section and wraps back to the start.
start_dun 130 40 DUN_NOW=$NOW XDG_CONFIG_HOME=$TMP/cfg -- --agent demo
check "the queue opens at 130x40" wait_for "JP-PAID"
check "the account opens at 130x40" open_account JP-PAID
sleep 0.3; screen >"$TMP/p1"
contains "$TMP/p1" "payment_received" "the payment-received section is on the first page"
contains "$TMP/p1" "先日はお支払いいただき" "with its thanks"
check "the panel's last line says more follows and names the key" \
    sh -c "sed -n 38p '$TMP/p1' | grep -qF 'more below: H for the next page'"
check "no {{field}} on the first page" no_placeholder "$TMP/p1"
found=""; i=0
while [ $i -lt 6 ]; do
    i=$((i + 1)); keys H; sleep 0.4; screen >"$TMP/page$i"
    check "page $i: no {{field}}" no_placeholder "$TMP/page$i"
    grep -qE ' thanks *$' "$TMP/page$i" && { found=$i; break; }
done
check "H pages to the thanks section" test -n "$found"
contains "$TMP/page${found:-1}" "本日はお忙しい中お時間をいただき" "with its lines"
if sed -n 38p "$TMP/page${found:-1}" | grep -qF 'more below'; then
    keys H; sleep 0.4 # the thanks section was not the last page
fi
check "the last page says H goes back to the start" \
    sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 38p | grep -qF 'end of hints: H for the first page'"
keys H; sleep 0.4; screen >"$TMP/again"
contains "$TMP/again" "先日はお支払いいただき" "H on the last page wraps back to the first"
keys q; keys q
wait_dead >/dev/null

# Without a company in dun.conf the company is the creditor, as on the demo:
# "this is Demo Agent from Riverside Medical Group" must never reach a third
# party. Both accounts have had unanswered calls by another agent and no
# conversation: a first contact, but not a first call.
cat >"$TMP/acc2.csv" <<'CSV'
ref,name,currency,balance,creditor,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date,due_date,attorney
US-MED,Mary Major,USD,850.00,Riverside Medical Group,en,America/New_York,+12125550102,true,demo,2026-10-01,2026-12-01,false
JP-MED,佐々木 花子,JPY,60000,さくら総合病院,ja,Asia/Tokyo,+819012341111,true,demo,2026-10-01,2026-12-01,false
JP-ATT,田中 一郎,JPY,70000,Pioneer Loans,ja,Asia/Tokyo,+819012342222,true,demo,2026-10-01,2026-12-01,true
US-ATT,Alan Smithee,USD,500.00,Pioneer Loans,en,America/New_York,+12125550103,true,demo,2026-10-01,2026-12-01,true
CSV
"$DUN" import accounts "$TMP/acc2.csv" >/dev/null || not_ok "the third-party and attorney accounts imported"
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('other', 'Other Agent', 'Asia/Tokyo');
     INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, agent_id)
     SELECT a.id, 'phone', 'out', t, 'no_answer', p.number, g.id
       FROM dun.accounts a JOIN dun.phones p ON p.account_id = a.id, dun.agents g,
            unnest(ARRAY['2026-11-17T11:00:00+09:00', '2026-11-18T11:00:00+09:00',
                         '2026-11-19T11:00:00+09:00']::timestamptz[]) t
      WHERE a.ref IN ('US-MED', 'JP-MED') AND g.login = 'other'" >/dev/null
mkdir -p "$TMP/nocfg"
sections() { grep -xE '[a-z_]+' "$1" | tr '\n' ' ' | sed 's/ $//'; }
start_dun 150 80 DUN_NOW=$NOW XDG_CONFIG_HOME=$TMP/nocfg -- --agent demo
check "the queue opens without a company configured" wait_for "JP-PAID"
while IFS='|' read -r ref creditor amount first_call picked_up; do
    check "$ref opens" open_account $ref
    sleep 0.3; screen >"$TMP/fc"; panel "$TMP/fc" 150 >"$TMP/fc.hints"
    contains "$TMP/fc.hints" "first_contact" "$ref: unanswered calls by others, no conversation: a first contact"
    check "$ref: the first-contact lines do not call it the first call" no_line "$TMP/fc.hints" "$first_call"
    contains "$TMP/fc.hints" "$picked_up" "$ref: they thank for picking up"
    keys t
    check "$ref: t logs a third party" wait_for "do not disclose the debt"
    sleep 0.3; screen >"$TMP/tp"; panel "$TMP/tp" 150 >"$TMP/tp.hints"
    contains "$TMP/tp.hints" "third_party" "$ref: the third-party lines show"
    check "$ref: no line names the creditor (here the company too) to the third party" \
        no_line "$TMP/tp.hints" "$creditor"
    check "$ref: no line gives the amount" no_line "$TMP/tp.hints" "$amount"
    equal "$(sections "$TMP/tp.hints")" "third_party thanks" "$ref: only the third-party and closing lines"
    check "$ref: no {{field}} with a third party" no_placeholder "$TMP/tp"
    keys q
done <<'REFS'
US-MED|Riverside|850|first call|Thank you for picking up.
JP-MED|さくら総合病院|60,000|初めてのお電話|お電話に出ていただき、ありがとうございます。
REFS
# An attorney represents the debtor: only the lines that say so.
for ref in JP-ATT US-ATT; do
    check "$ref opens" open_account $ref
    sleep 0.3; screen >"$TMP/att"; panel "$TMP/att" 150 >"$TMP/att.hints"
    equal "$(sections "$TMP/att.hints")" "attorney" "$ref: an attorney's client gets the attorney lines only"
    keys q
done
contains "$TMP/att.hints" "An attorney represents this debtor: do not contact or ask them to pay" \
    "US-ATT: the attorney note"
contains "$TMP/att.hints" "We'll be in touch through your attorney." "US-ATT: what to say if they call in"
check "JP-ATT opens again" open_account JP-ATT
sleep 0.3; screen >"$TMP/att"; panel "$TMP/att" 150 >"$TMP/att.hints"
contains "$TMP/att.hints" "弁護士等が受任しています。ご本人への連絡・請求は行わず" "JP-ATT: the attorney note"
contains "$TMP/att.hints" "担当の先生を通してご連絡させていただきます" "JP-ATT: what to say if they call in"
keys q; keys q
wait_dead >/dev/null

# The embedded demo cluster (no PG*, no dun.conf): the callback number is
# the demo's for the debtor's language, in the hints, SMS and email alike.
chmod 755 "$TMP" # as root the cluster runs as postgres, which must reach it
mkdir -p "$TMP/democfg"
emb() {
    env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER -u PGPASSWORD -u PGSERVICE -u DUN_DATABASE_URL \
        XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/democfg" DUN_NOW=$NOW "$DUN" "$@"
}
start_demo_dun() { # start_dun on the embedded cluster: PG* empty for dun
    h=$PGHOST p=$PGPORT d=$PGDATABASE u=$PGUSER w=$PGPASSWORD
    PGHOST= PGPORT= PGDATABASE= PGUSER= PGPASSWORD=
    start_dun "$@"
    PGHOST=$h PGPORT=$p PGDATABASE=$d PGUSER=$u PGPASSWORD=$w
}
expect_rc 0 "the embedded demo cluster starts with demo data" emb demo-data --if-empty --accounts 20 --seed 1
cat >"$TMP/demo.csv" <<'CSV'
ref,name,currency,balance,creditor,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
JP-PAID,山田 太郎,JPY,40000,さくらカード,ja,Asia/Tokyo,+819012345678,taro@example.jp,true,true,demo,2026-10-01
US-PRM,Jane Roe,USD,1200.00,Pioneer Loans,en,America/New_York,+12125550100,jane@example.com,true,true,demo,2026-10-01
CSV
expect_rc 0 "accounts import into the demo" emb import accounts "$TMP/demo.csv"
for ch in sms email; do
    expect_rc 0 "demo: dun send $ch to the US account" emb --agent demo send US-PRM --channel $ch --wait --json
    contains "$TMP/out" "1-800-555-0100" "demo: the US $ch gives the US callback number"
    check "demo: and not the Japanese one" no_line "$TMP/out" "0120-000-000"
    expect_rc 0 "demo: dun send $ch to the Japanese account" emb --agent demo send JP-PAID --channel $ch --wait --json
    contains "$TMP/out" "0120-000-000" "demo: the Japanese $ch gives the Japanese callback number"
done
start_demo_dun 150 80 DUN_NOW=$NOW XDG_DATA_HOME=$TMP/data XDG_CONFIG_HOME=$TMP/democfg DUN_TUI_SENDER=false -- --agent demo
check "the demo queue opens" wait_for "db ok" 20
check "the demo's US account opens" open_account US-PRM
sleep 0.3; screen >"$TMP/demo"; panel "$TMP/demo" 150 >"$TMP/demo.hints"
contains "$TMP/demo.hints" "reach us on 1-800-555-0100" "demo: the hints give the same US number"
keys q
check "the demo's Japanese account opens" open_account JP-PAID
sleep 0.3; screen >"$TMP/demo"; panel "$TMP/demo" 150 >"$TMP/demo.hints"
contains "$TMP/demo.hints" "いつでも0120-000-000まで" "demo: the hints give the Japanese number to a Japanese account"
keys q; keys q
wait_dead >/dev/null
emb db stop >/dev/null 2>&1
stop_tmux
finish
