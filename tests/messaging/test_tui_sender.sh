# The demo TUI sends by itself (tui_sender, no dun serve) through the spool:
# s and e, the countdown, then the history turns SPOOLED on its own (the
# sender's notifications reach the screen of the same process), and the
# files are in the spool directory. Then compose (S): the recommended
# template, an edit, the preview with its counts, Ctrl-D.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_tui_sender
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
TUI-1,Tess Local,USD,40.00,en,America/New_York,+12125551001,tess@example.com,true,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
# Under the agent's own role the TUI sends nothing for the floor, and says so.
start_dun 150 40 DUN_NOW="$(now_iso)" DUN_TUI_SENDER=true DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool -- --agent demo
remember_pid "$(tm display -p '#{pid}')"
check "an agent's TUI with tui_sender on says it sends nothing" wait_for "this TUI runs as an agent's role, which sends nothing"
keys q
wait_dead >/dev/null
# A TUI run by the system sends (the embedded demo's TUI opens a system
# connection for it by itself: tests/store/test_embedded.sh).
AS_SYSTEM=1 start_dun 150 40 DUN_NOW="$(now_iso)" DUN_TUI_SENDER=true DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool -- --agent demo
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

# --- compose: S, a template, an edit, the preview with counts, Ctrl-D ---------------
keys S
check "S opens the compose screen" wait_for "Compose"
check "with the recommended SMS template" wait_for "first_notice_sms"
check "and a preview with its counts" wait_for "Preview (GSM-7,"
check "the preview is rendered (the debtor's name)" wait_for "Hello Tess Local"
typed "x"
check "typing replaces the suggested template, and a name that does not exist lists the ones that do" wait_for "templates: "
keys BSpace; typed "first_notice_sms"
check "corrected, the preview is back" wait_for "Hello Tess Local"
keys Tab Tab; typed " PS: thank you."
check "an edit shows in the preview" wait_for "PS: thank you."
keys C-d
check "Ctrl-D sends it with the countdown" wait_for "Sending in"
check "spooled" wait_for "released: the message is on its way" 10
spooled_edit() { grep -l 'PS: thank you.' "$DUN_SPOOL_DIR"/*.sms >/dev/null 2>&1; }
check "the spooled SMS carries the edit" poll 10 spooled_edit
equal "$(sql "SELECT count(*) FROM dun.outbox")" 3 "one message per send: s, e, and the composed one"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
msg_finish
