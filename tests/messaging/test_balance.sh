# Nothing to collect, at dispatch (issue 10, item 5): thanks for a payment
# reach a debtor whose balance is now zero (the sender's re-check waives
# no_balance for them, as it was queued), while a first notice queued
# before a payment settled the account fails at dispatch and reaches nobody.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_balance
THANKS=+12125551891 SETTLED=+12125551892 # numbers no other test file uses: the phone log is shared
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
BAL-THANKS,Tess Thanks,USD,0.00,en,America/New_York,$THANKS,true,demo,
BAL-SETTLED,Sam Settled,USD,50.00,en,America/New_York,$SETTLED,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
outbox() { sql "SELECT $2 FROM dun.outbox WHERE account_id = $(acc "$1") ORDER BY id DESC LIMIT 1"; }
at_now() { env DUN_NOW="$(now_iso)" "$@"; }

check "dun serve starts" start_serve || msg_finish

# --- thanks at a zero balance are delivered ---------------------------------------------
sql "INSERT INTO dun.payments (account_id, payment_id, amount_minor, currency, paid_at)
     SELECT id, 'P-BAL-1', 5000, 'USD', '2026-11-18T10:00:00-05:00' FROM dun.accounts WHERE ref = 'BAL-THANKS'" >/dev/null
expect_rc 0 "thanks for the payment are queued for an account at zero" at_now "$DUN" send BAL-THANKS --channel sms
equal "$(outbox BAL-THANKS "template || ' ' || thanks")" "payment_thanks_sms true" "the outbox row says they are thanks"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc BAL-THANKS)" delivered \
    "the sender's re-check lets them go: they are delivered"
poll 3 phone_has "$THANKS"
phone_got "$THANKS" >"$TMP/thanks.got"
contains "$TMP/thanks.got" "Thank you, Tess Thanks" "the phone got the thank-you text"

# --- a first notice overtaken by the payment that settles the account --------------------
expect_rc 0 "a first notice with a 3 s undo window is queued while \$50.00 is owed" \
    at_now "$DUN" send BAL-SETTLED --channel sms --undo 3
printf 'account_ref,amount,currency,paid_at,payment_id\nBAL-SETTLED,50.00,USD,2026-11-19T09:00:00-05:00,P-BAL-2\n' >"$TMP/pay.csv"
expect_rc 0 "the payment of \$50.00 is imported meanwhile" at_now "$DUN" import payments "$TMP/pay.csv"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc BAL-SETTLED)" failed \
    "the account is settled: the first notice fails at dispatch"
equal "$(outbox BAL-SETTLED last_error)" "blocked at dispatch: no_balance: the balance is \$0.00: nothing to collect" \
    "saying why"
equal "$(phone_count "$SETTLED")" 0 "nothing reaches the phone"
stop_serve
equal "$SERVE_RC" 0 "dun serve stops cleanly"
msg_finish
