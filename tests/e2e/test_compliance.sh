# Channel indicators in the queue follow the clock: a JP debtor's phone and
# SMS close at 21:00 local with no keypress; v shows the full verdict. A
# paused account, opened from the inbox, says PAUSED in its header and can
# be neither texted nor called.
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
cat >"$TMP/paused.csv" <<'CSV'
ref,name,currency,balance,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date,status
PAUSE-1,Paula Paused,USD,100.00,America/New_York,+12125550177,paula@example.com,true,true,demo,2026-10-01,paused
CSV
"$DUN" import accounts "$TMP/paused.csv" >/dev/null || not_ok "a paused account imported"
sql "INSERT INTO dun.inbound (account_id, channel, sender, body, received_at)
     SELECT id, 'sms', '+12125550177', 'call me', '2026-11-20T09:00:00-05:00' FROM dun.accounts WHERE ref = 'PAUSE-1'" >/dev/null

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
contains "$TMP/v" "+81******5678" "a list shows the number masked: its last four digits"
contains "$TMP/v" "t***@example.jp" "and the address: the mailbox's first letter"
check "never whole" sh -c "! grep -qE '\+819012345678|taro@' '$TMP/v'"
keys q
check "q goes back to the queue" wait_for "PSEL"
keys q; wait_dead >/dev/null
stop_tmux

# A paused account is not in the queue, but the inbox opens it: nothing goes
# out (with messages configured, so that only its status can stop them).
company_conf
start_dun 120 30 DUN_NOW=2026-11-20T12:00:00-05:00 DUN_TUI_SENDER=false XDG_CONFIG_HOME="'$TMP/config'" -- --agent demo
check "the queue opens" wait_for "US-1"
check "the paused account is not in the queue" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q PAUSE-1"
keys i
check "its reply is in the inbox" wait_for "PAUSE-1"
keys Enter
check "Enter opens it" wait_for "Account PAUSE-1"
check "the header says it is paused" wait_for "PAUSED"
check "its number is not allowed" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -F '+12125550177' | grep -q not_active"
keys 2
check "a call outcome is refused" wait_for "refused: not_active: the account is paused: no contact while it is not active"
keys s
check "s is refused" wait_for "sms not allowed: the account is paused: no contact while it is not active"
keys e
check "e is refused too" wait_for "email not allowed: the account is paused"
keys S
check "compose is refused" wait_for "sms not allowed: the account is paused"
equal "$(sql "SELECT count(*) FROM dun.outbox")|$(sql "SELECT count(*) FROM dun.contacts")" "0|0" \
    "nothing is queued or recorded for the paused account"
keys q; wait_for "Inbox" >/dev/null; keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux

# At 80x24 a refusal longer than the status line is read whole: it takes
# the rows above the status line, wrapped, for as long as it shows.
start_dun 80 24 DUN_NOW=2026-11-20T12:00:00-05:00 DUN_TUI_SENDER=false XDG_CONFIG_HOME="'$TMP/config'" -- --agent demo
check "the queue opens at 80x24" wait_for "US-1"
keys i
wait_for "PAUSE-1" >/dev/null
keys Enter
check "the paused account opens at 80x24" wait_for "Account PAUSE-1"
keys 2
check "a refusal longer than the line is shown whole, wrapped" \
    sh -c "for i in \$(seq 50); do tmux -S '$SOCK' capture-pane -p -t t | tr '\n' ' ' | tr -s ' ' |
           grep -qF 'refused: not_active: the account is paused: no contact while it is not active' && exit 0
           sleep 0.1; done; exit 1"
check "and the status line still shows the clock" wait_for "db ok"
sleep 6
check "it goes when its time is up, like any message" \
    sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'no contact while'"
keys q; wait_for "Inbox" >/dev/null; keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
