# Channel indicators in the queue follow the clock: a JP debtor's phone and
# SMS close at 21:00 local with no keypress; v shows the full verdict.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_compliance
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date,address
JP-1,山田 太郎,JPY,50000,Asia/Tokyo,+819012345678,taro@example.jp,true,false,demo,2026-10-01,東京都千代田区1-1
US-1,John Smith,USD,100.00,America/New_York,+12125550100,,true,true,demo,2026-10-01,
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"

row() { screen | grep -F "$1"; }
start_dun 120 20 DUN_NOW=2026-11-20T20:59:55+09:00 -- --agent demo
check "the queue opens" wait_for "JP-1"
check "before 21:00 a JP debtor may be called and texted (P, S), email needs consent (e), a letter may go (L)" \
    sh -c "screen() { tmux -S '$SOCK' capture-pane -p -t t; }; screen | grep -F 'JP-1' | grep -q ' PSeL '"
check "at 21:00 phone and SMS close by themselves" wait_for "pseL" 15
check "the US debtor (06:59 in New York) is blocked too" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -F 'US-1' | grep -q ' ps'"

keys g; wait_for "| 1/" >/dev/null
screen | grep -n "JP-1" | head -1 | cut -d: -f1 >"$TMP/line"
jp_line=$(cat "$TMP/line"); i=3
while [ "$i" -lt "$jp_line" ]; do keys j; i=$((i + 1)); done
keys v
check "v opens the verdict screen" wait_for "Contact verdicts | JP-1"
screen >"$TMP/v"
contains "$TMP/v" "quiet_hours" "it names the rule"
contains "$TMP/v" "opens Sat 11-21 08:00 JST" "and when it opens, in the debtor's time"
contains "$TMP/v" "no_consent" "email without consent says so"
contains "$TMP/v" "ALLOWED" "the letter is allowed"
keys q
check "q goes back to the queue" wait_for "PSEL"
keys q; wait_dead >/dev/null
stop_tmux
finish
