# dun send refuses what must not go, with exit 3, a sentence and nothing
# queued: a message identical to one still waiting (run twice by a script),
# a template that would say something false about the account (a first
# notice to an account not yet due, thanks without a payment, ...), and any
# message to an account that is not active. What fits goes.
. tests/lib.sh
fresh_db send
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null

# dun send renders with these and queues; nothing delivers here.
export DUN_SPOOL_DIR="$TMP/spool" DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool
company_conf
# 11:00 on Fri 2026-11-27 in New York.
export DUN_NOW=2026-11-27T11:00:00-05:00
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,due_date,oldest_unpaid_due_date,status
LATE-1,Larry Late,USD,120.00,en,America/New_York,+12125551101,larry@example.com,true,true,demo,2026-12-01,2026-10-01,active
DUE-1,Dana Due,USD,80.00,en,America/New_York,+12125551102,dana@example.com,true,true,demo,2026-12-01,,active
PAST-1,Pam Past,USD,60.00,en,America/New_York,+12125551103,,true,false,demo,2026-11-20,,active
HOLD-1,Hal Hold,USD,90.00,en,America/New_York,+12125551104,hal@example.com,true,true,demo,2026-12-01,2026-10-01,paused
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
queued() { sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc "$1")"; }
send() { "$DUN" --agent demo send "$@"; }

# --- the same message twice ---------------------------------------------------------------
expect_rc 0 "a first notice with a 300 s undo window is queued" send LATE-1 --channel sms --undo 300
id=$(sql "SELECT id FROM dun.outbox WHERE account_id = $(acc LATE-1)")
expect_rc 3 "the same command again is refused while the first waits" send LATE-1 --channel sms --undo 300
contains "$TMP/err" "refused: an identical message is already waiting (message $id): nothing queued" \
    "it names the message waiting"
equal "$(queued LATE-1)" 1 "one message is queued, not two"
equal "$(sql "SELECT count(*) FROM dun.contacts WHERE account_id = $(acc LATE-1)")" 1 "and one contact recorded"
expect_rc 0 "a different message to the same account goes (the email)" send LATE-1 --channel email --undo 300
sql "UPDATE dun.outbox SET state = 'cancelled' WHERE id = $id" >/dev/null
expect_rc 0 "once the first is no longer waiting, the same text may go again" send LATE-1 --channel sms --undo 300
equal "$(queued LATE-1)" 3 "three messages in all"

# --- a template that says something false about the account ----------------------------------
n=$(queued DUE-1)
expect_rc 3 "a first notice to an account due in 4 days is refused" send DUE-1 --channel sms --template first_notice_sms
contains "$TMP/err" "refused: first_notice_sms tells of an overdue payment, but nothing on DUE-1 is overdue" \
    "saying what it would claim and what is true"
expect_rc 3 "thanks for a payment nobody made is refused" send DUE-1 --channel sms --template payment_thanks_sms
contains "$TMP/err" "payment_thanks_sms thanks for a payment, but DUE-1 has no payment in the last 30 days" "why"
expect_rc 3 "a promise confirmation without a promise is refused" send DUE-1 --channel sms --template promise_confirmation_sms
contains "$TMP/err" "promise_confirmation_sms confirms a promise, but DUE-1 has no open promise" "why"
expect_rc 3 "a broken-promise message without a broken promise is refused" send DUE-1 --channel email --template broken_promise_email
contains "$TMP/err" "broken_promise_email is about a broken promise, but DUE-1's last promise is not broken" "why"
expect_rc 3 "the opt-out confirmation is refused by hand" send DUE-1 --channel sms --template opt_out_confirmation_sms
contains "$TMP/err" "opt_out_confirmation_sms only answers the debtor's STOP" "why"
expect_rc 3 "a pre-due reminder to an overdue account is refused" send LATE-1 --channel email --template pre_due_email
contains "$TMP/err" "pre_due_email tells of a payment coming up, but LATE-1 is overdue since 2026-10-01" "why"
expect_rc 3 "a pre-due reminder once the due date has passed is refused" send PAST-1 --channel sms --template pre_due_sms
contains "$TMP/err" "pre_due_sms tells of a payment coming up, but PAST-1's due date 2026-11-20 has passed" "why"
equal "$(queued DUE-1) $(queued PAST-1)" "$n 0" "nothing is queued for them"
expect_rc 0 "the pre-due reminder fits the account due in 4 days" send DUE-1 --channel sms --template pre_due_sms
expect_rc 0 "and is what dun send recommends for it" send DUE-1 --channel email
contains "$TMP/out" "(pre_due_email)" "pre_due_email"
sql "INSERT INTO dun.payments (account_id, payment_id, amount_minor, currency, paid_at)
     SELECT id, 'P-1', 2000, 'USD', '2026-11-25T10:00:00-05:00' FROM dun.accounts WHERE ref = 'DUE-1'" >/dev/null
expect_rc 0 "after a payment, its thanks go" send DUE-1 --channel sms --template payment_thanks_sms
sql "INSERT INTO dun.promises (account_id, amount_minor, currency, promised_date, status, created_at)
     SELECT id, 5000, 'USD', '2026-11-25', 'broken', '2026-11-20' FROM dun.accounts WHERE ref = 'LATE-1'" >/dev/null
expect_rc 0 "after a broken promise, its message goes" send LATE-1 --channel sms --template broken_promise_sms

# --- a comment after a value in dun.conf is not part of it -------------------------------------
printf 'company = Dun Test Finance   # the trading name\ncompany_phone = "0120-123-456" # free dial\ncompany_ja = ダン#債権回収\npayment_link = https://pay.dun.example/ # the portal\n' \
    >"$XDG_CONFIG_HOME/dun/dun.conf"
expect_rc 0 "a message goes with comments after the values in dun.conf" send LATE-1 --channel email --undo 300
body=$(sql "SELECT subject || ' ' || body FROM dun.outbox WHERE account_id = $(acc LATE-1) ORDER BY id DESC LIMIT 1")
check "the comment after the company's name never reaches the debtor" sh -c "! printf '%s' \"\$1\" | grep -q 'trading name'" - "$body"
check "nor the one after its quoted phone number" sh -c "! printf '%s' \"\$1\" | grep -q 'free dial'" - "$body"
check "the name is whole" sh -c "printf '%s' \"\$1\" | grep -q 'Dun Test Finance'" - "$body"
company_conf

# --- an account that is not active ----------------------------------------------------------------
expect_rc 3 "an SMS to a paused account is refused" send HOLD-1 --channel sms
contains "$TMP/err" "not_active: the account is paused: no contact while it is not active" "not_active, with the sentence"
contains "$TMP/err" "opens only when the flag above changes" "time does not open it"
expect_rc 3 "an email too" send HOLD-1 --channel email
equal "$(queued HOLD-1)" 0 "nothing is queued"
equal "$(sql "SELECT count(*) FROM dun.contacts WHERE account_id = $(acc HOLD-1)")" 0 "nor recorded"
finish
