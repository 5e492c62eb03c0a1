# Compose (S) never sends a template that says something false about the
# account: a first notice ("we have not yet received your payment") to an
# account due in 4 days shows why beside the template field and Ctrl-D
# sends nothing; the template that fits (pre_due) goes.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_compose
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'America/New_York')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,due_date
DUE-1,Dana Due,USD,80.00,en,America/New_York,+12125551202,true,demo,2026-11-24
PAST-1,Pat Past,USD,80.00,en,America/New_York,+12125551203,true,demo,2026-11-18
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
company_conf
outbox() { sql "SELECT coalesce(string_agg(template || ':' || state, ' ' ORDER BY id), '') FROM dun.outbox"; }

start_dun 140 40 DUN_NOW=2026-11-20T10:00:00-05:00 DUN_UNDO_SECONDS=8 DUN_TUI_SENDER=false \
    XDG_CONFIG_HOME="'$XDG_CONFIG_HOME'" -- --agent demo
check "the queue opens" wait_for "DUE-1"
check "DUE-1 opens" open_account DUE-1
check "it is due in 4 days" wait_for "due in 4 days"
keys S
check "S opens compose with the template that fits: pre_due_sms" wait_for "pre_due_sms"
typed "first_notice_sms"
check "a first notice says why not, beside the template" \
    wait_for "first_notice_sms tells of an overdue payment, but nothing on DUE-1 is overdue"
keys C-d
sleep 0.5
check "Ctrl-D sends nothing: the form stays" wait_for "Compose"
equal "$(outbox)" "" "nothing is queued"
keys C-u; typed "pre_due_sms"
check "the template that fits has no complaint" wait_gone "tells of an overdue payment"
keys C-d
check "it goes" wait_for "Sending in"
equal "$(outbox)" "pre_due_sms:queued" "the pre-due reminder is queued"
keys u; wait_gone "Sending in" >/dev/null
keys q; wait_for "PSEL" >/dev/null

# One key (s) follows the same rule: a due date that has passed with nothing
# recorded overdue fits no template that would be true; nothing goes.
check "PAST-1 opens" open_account PAST-1
keys s
check "s says why nothing fits instead of sending a false reminder" wait_for "not sent: pre_due_sms tells of a payment coming up"
equal "$(sql "SELECT count(*) FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id WHERE a.ref = 'PAST-1'")" 0 \
    "nothing is queued for PAST-1"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
