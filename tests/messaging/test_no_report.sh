# Sent SMS whose delivery report never comes (issue 10, item 4). Kannel's
# reports go nowhere here, so a message stays "sent". After the horizon
# (delivery_report_hours, 48 by default) dun serve labels it no_report and
# the agent's history says "no delivery report"; a late report still makes
# it delivered. Email (no delivery reports) stays sent. A horizon that is
# not a whole number of hours from 1 to 720 stops dun serve with a message.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_no_report
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
NR-1,Nora Report,USD,70.00,en,America/New_York,+12125550301,,true,false,demo,2026-10-01
NR-2,Neil Report,USD,71.00,en,America/New_York,+12125550302,,true,false,demo,2026-10-01
NR-MAIL,Nell Mail,USD,72.00,en,America/New_York,,nell@example.com,false,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
state() { sql "SELECT state FROM dun.outbox WHERE account_id = $(acc "$1")"; }
send() { env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send "$1" --channel "$2" >/dev/null; }
serve_at() { CLOCK_BASE=$((CLOCK0 + $1 * 3600)); shift; stop_serve; start_serve DUN_PUBLIC_URL=http://127.0.0.1:9 "$@"; }
CLOCK0=$CLOCK_BASE

check "an SMS to NR-1 is queued" send NR-1 sms
check "an email to NR-MAIL is queued" send NR-MAIL email
check "dun serve starts (delivery reports go nowhere)" start_serve DUN_PUBLIC_URL=http://127.0.0.1:9
wait_sql 10 "SELECT string_agg(state, ' ' ORDER BY id) FROM dun.outbox" "sent sent" "both are sent, and no report comes"

check "47 hours later dun serve starts" serve_at 47
sleep 1.5
equal "$(state NR-1)" sent "within the 48-hour horizon the SMS is still sent"
check "49 hours later dun serve starts" serve_at 49
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc NR-1)" no_report "past the horizon it is no_report"
equal "$(state NR-MAIL)" sent "an email (no delivery reports) stays sent"
equal "$(sql "SELECT detail FROM dun.outbox_events WHERE state = 'no_report'")" "no delivery report within 48 h" \
    "the event says why"
equal "$(sql "SELECT c.outcome FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc NR-1)")" \
    sent "its contact row stays sent (it counts as sent)"

start_tui
check "NR-1 opens" open_account NR-1
check "the history says no delivery report" wait_for "sms SENT - no delivery report to +12125550301"
keys q; wait_for "PSEL" >/dev/null; keys q; wait_dead >/dev/null

code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -G "http://127.0.0.1:$SERVE_PORT/dlr" \
    --data-urlencode "id=$(sql "SELECT id FROM dun.outbox WHERE account_id = $(acc NR-1)")" \
    --data-urlencode "key=$(sql "SELECT report_key FROM dun.outbox WHERE account_id = $(acc NR-1)")" \
    --data-urlencode type=1)
equal "$code|$(state NR-1)" "200|delivered" "a late delivery report still makes it delivered"

# --- a shorter horizon, and a wrong one -------------------------------------------------
check "an SMS to NR-2 is queued" send NR-2 sms
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc NR-2)" sent "NR-2's SMS is sent"
check "3 hours later dun serve starts with delivery_report_hours 2" serve_at 52 DUN_DELIVERY_REPORT_HOURS=2
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc NR-2)" no_report "past a 2-hour horizon it is no_report"
stop_serve
printf 'company = Dun Test Finance\ndelivery_report_hours = 1.5\n' >"$XDG_CONFIG_HOME/dun/dun.conf"
expect_rc 2 "dun serve refuses delivery_report_hours = 1.5" timeout 5 env DUN_NOW="$(now_iso)" "$DUN" serve
contains "$TMP/err" "delivery_report_hours = 1.5: use a whole number of hours from 1 to 720" "and says what it takes"
for bad in 0 721 abc; do
    expect_rc 2 "dun serve refuses DUN_DELIVERY_REPORT_HOURS=$bad" timeout 5 env DUN_DELIVERY_REPORT_HOURS=$bad DUN_NOW="$(now_iso)" "$DUN" serve
done
msg_finish
