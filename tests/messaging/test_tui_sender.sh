# The demo TUI sends by itself (tui_sender, no dun serve) through the spool:
# s and e, the countdown, then the history turns SPOOLED on its own (the
# sender's notifications reach the screen of the same process), and the
# files are in the spool directory.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_tui_sender
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
TUI-1,Tess Local,USD,40.00,en,America/New_York,+12125551001,tess@example.com,true,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
start_dun 150 40 DUN_NOW="$(now_iso)" DUN_TUI_SENDER=true DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool -- --agent demo
remember_pid "$(tm display -p '#{pid}')"
check "the queue opens" wait_for "TUI-1"
check "TUI-1 opens" open_account TUI-1
keys s
check "s shows the countdown" wait_for "Sending in"
check "the history shows it spooled, without a key pressed" wait_for "sms SPOOLED - not delivered" 10
keys e
check "e shows the countdown" wait_for "Sending in"
check "the email too" wait_for "email SPOOLED - not delivered" 10
check "the SMS is in the spool" sh -c "ls '$DUN_SPOOL_DIR'/*.sms >/dev/null 2>&1"
check "and the email" sh -c "ls '$DUN_SPOOL_DIR'/*.eml >/dev/null 2>&1"
equal "$(sql "SELECT string_agg(state, ' ' ORDER BY id) FROM dun.outbox")" "sent sent" "both are sent, for the outbox"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
msg_finish
