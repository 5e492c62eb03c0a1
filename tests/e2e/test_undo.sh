# One-key messages send the right thing and can be taken back from anywhere:
# the recommendation comes from the account's state (an open promise gets its
# confirmation after an undo and after leaving the account, never a first
# notice); the undo window survives leaving the account and u works on the
# queue, which shows the message about to leave; the waiting message is
# shown whole, wrapped, so an email is read before it goes. A message
# taken back never reached anyone: the queue does not show it as the last
# contact and the score does not count it. A message identical to one still
# waiting (queued by a script) is refused with the one waiting named.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_undo
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'America/New_York')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date
MSG-1,Mary Undo,USD,400.00,en,America/New_York,+12125550111,mary@example.com,true,true,demo,2026-10-01
MSG-2,Paula Partial,USD,350.00,en,America/New_York,+12125550112,,true,false,demo,2026-10-01
MSG-3,Owen Older,USD,200.00,en,America/New_York,+12125550113,,true,false,demo,2026-11-10
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
company_conf
# MSG-2 paid part of what is overdue this morning; MSG-3 paid before its
# overdue amount fell due.
sql "INSERT INTO dun.payments (account_id, payment_id, amount_minor, currency, paid_at)
     SELECT id, 'P-' || ref, 5000, 'USD', CASE ref WHEN 'MSG-2' THEN timestamptz '2026-11-20T09:00:00-05:00'
                                                   ELSE timestamptz '2026-11-05T12:00:00-05:00' END
     FROM dun.accounts WHERE ref IN ('MSG-2', 'MSG-3')" >/dev/null
outbox() { sql "SELECT coalesce(string_agg(template || ':' || state, ' ' ORDER BY id), '') FROM dun.outbox"; }

start_dun 120 40 DUN_NOW=2026-11-20T10:00:00-05:00 DUN_UNDO_SECONDS=8 DUN_TUI_SENDER=false \
    XDG_CONFIG_HOME="'$XDG_CONFIG_HOME'" -- --agent demo
check "the queue opens" wait_for "MSG-1"
check "MSG-1 opens" open_account MSG-1
keys p; wait_for "Promise to pay" >/dev/null
typed "40"; keys Tab; typed "tomorrow"; keys C-d
check "the promise is recorded with its amount and date" wait_for "promise recorded: \$40.00 on Sat 2026-11-21"

keys s
check "s starts the countdown" wait_for "Sending in"
check "s after a promise sends its confirmation" wait_for "This confirms your arrangement"
keys u
check "u takes it back" wait_for "cancelled: the message will not be sent"
check "the countdown is gone" wait_gone "Sending in"
keys s
check "s again" wait_for "Sending in"
check "after the undo, s still sends the promise confirmation" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -A3 'Sending in' | grep -q 'This confirms your arrangement'"
keys e
check "e queues the email too: two wait" wait_for "1 more waiting"
tmux -S "$SOCK" resize-window -t t -x 60 -y 15
check "at 60 columns the countdown's line is read whole, wrapped" \
    sh -c "for i in \$(seq 50); do tmux -S '$SOCK' capture-pane -p -t t | tr '\n' ' ' | tr -s ' ' |
           grep -qF '(u takes it back; 1 more waiting)' && exit 0
           sleep 0.1; done; exit 1"
tmux -S "$SOCK" resize-window -t t -x 120 -y 40
keys u; wait_for "1 more waiting" >/dev/null && wait_gone "1 more waiting" >/dev/null
check "not a first notice" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'we have not yet received'"
keys u; wait_gone "Sending in" >/dev/null
keys q; wait_for "PSEL" >/dev/null
check "the queue does not show a message taken back as the last contact" \
    sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -F MSG-1 | grep -q never"
check "no 'sms 0m'" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -F MSG-1 | grep -q 'sms 0m'"
DUN_NOW=2026-11-20T10:05:00-05:00 "$DUN" queue --agent demo --json --explain >"$TMP/q.json"
contains "$TMP/q.json" '"last_contact_at": null' "dun queue: no last contact either"
contains "$TMP/q.json" '"days_since_contact": 30.00' "and days_since_contact scores as never contacted"
check "MSG-1 opens again" open_account MSG-1
keys s
check "s once more" wait_for "Sending in"
check "after leaving the account, s still sends the promise confirmation" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -A3 'Sending in' | grep -q 'This confirms your arrangement'"

# Leave during the countdown: the queue shows it, and u there cancels it.
keys q
check "the queue shows the message about to leave" wait_for "Sending in"
check "with its account" wait_for "SMS to MSG-1 Mary Undo"
keys u
check "u on the queue cancels it" wait_for "cancelled: the message will not be sent"
equal "$(outbox)" "promise_confirmation_sms:cancelled promise_confirmation_sms:cancelled promise_confirmation_email:cancelled promise_confirmation_sms:cancelled" \
    "every message taken back is cancelled, none left to go"

# The whole email is on the screen while it waits.
check "MSG-1 opens for an email" open_account MSG-1
keys e
check "e starts the countdown" wait_for "Sending in"
check "e shows the subject" wait_for "confirming your payment arrangement"
check "and the body wrapped, down to its last lines" wait_for "If your plans change, please contact us before that date"
keys M
check "M reads it whole in its own screen" wait_for "Waiting to be sent: email to MSG-1"
check "down to its signature" wait_for "Dun Test Finance"
keys q
check "q goes back, the countdown still running" wait_for "Sending in"
keys u; wait_gone "Sending in" >/dev/null

# Two at once: u takes back the last, u again the one before.
keys s; wait_for "Sending in" >/dev/null
keys e
check "a second message waits beside the first" wait_for "1 more waiting"
keys u
check "u takes back the last one (the email)" wait_for "cancelled: the message will not be sent (email to MSG-1"
keys u
check "u again takes back the one before (the SMS)" wait_for "cancelled: the message will not be sent (SMS to MSG-1"
check "nothing waits any more" wait_gone "Sending in"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE state <> 'cancelled'")" 0 "every message taken back is cancelled"

# A script queued the same SMS (with its own undo window) while the account
# was closed here (open, it is this screen's: the script would be refused,
# tests/e2e/test_lock.sh): s on it now is refused.
keys q; wait_for "PSEL" >/dev/null
DUN_NOW=2026-11-20T10:10:00-05:00 "$DUN" --agent demo send MSG-1 --channel sms --undo 300 >/dev/null || not_ok "dun send queues the SMS"
waiting=$(sql "SELECT id FROM dun.outbox WHERE state = 'queued'")
check "MSG-1 opens again" open_account MSG-1
keys s
check "s is refused: the same message is already waiting" \
    wait_for "not queued: an identical message is already waiting (message $waiting)"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE state = 'queued'")" 1 "one message waits, not two"

# u just after the countdown ended says it came too late, not that no
# message was ever waiting.
keys e
check "an email waits" wait_for "Sending in"
check "its undo window ends" wait_gone "Sending in"
keys u
check "u just after says it is too late, naming the message" \
    wait_for "too late to take back: email to MSG-1 Mary Undo left its undo window"
keys q; wait_for "PSEL" >/dev/null

# A payment this morning toward what is overdue gets the thank-you, not
# "we have not yet received your payment"; a payment from before the overdue
# amount fell due does not answer for it: the first notice.
check "MSG-2 opens" open_account MSG-2
keys s
check "s on an account that paid part of its overdue amount today starts the countdown" wait_for "Sending in"
check "and sends the thank-you" wait_for "We have received your payment"
check "not the overdue notice" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'we have not yet received'"
keys u; wait_gone "Sending in" >/dev/null
keys q; wait_for "PSEL" >/dev/null
check "MSG-3 opens" open_account MSG-3
keys s
check "s on an account whose payment came before its overdue amount fell due" wait_for "Sending in"
check "sends the overdue notice" wait_for "we have not yet received your payment"
keys u; wait_gone "Sending in" >/dev/null
keys q; wait_for "PSEL" >/dev/null

# The templates are kept for the session, and a change to them reaches the
# next account opened (NOTIFY reference:0).
sql "UPDATE dun.templates SET body = replace(body, 'we have not yet received', 'our books do not yet show')
      WHERE name = 'first_notice_sms' AND language = 'en'" >/dev/null
check "MSG-3 opens again" open_account MSG-3
keys s
check "s after a template was edited meanwhile" wait_for "Sending in"
check "sends the edited text" wait_for "our books do not yet show"
keys u; wait_gone "Sending in" >/dev/null
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
