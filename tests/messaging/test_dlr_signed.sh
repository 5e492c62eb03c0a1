# Delivery reports are signed per message (issue 10, item 7). The webhook
# token rode in every dlr-url dun gave Kannel, and Kannel logs the whole URL
# each time it cannot fetch it ("Couldn't fetch <...>"): the token, which
# also opens /mo, ended up in Kannel's log. Wanted: the dlr-url carries the
# message's own key and no token; /dlr takes a report only with the key of
# that message, so a leaked report URL is worth one message: another
# message's key, or the token, is refused.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_dlr_signed
A=+12125550881 B=+12125550882 C=+12125550883
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
SIGN-A,Ann Signed,USD,60.00,en,America/New_York,$A,true,demo,2026-10-01
SIGN-B,Bob Signed,USD,61.00,en,America/New_York,$B,true,demo,2026-10-01
SIGN-C,Cal Signed,USD,62.00,en,America/New_York,$C,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
msg() { sql "SELECT id FROM dun.outbox WHERE account_id = $(acc "$1")"; }

# --- what Kannel gets, and logs when the report cannot be fetched ---------------
# dun serve tells Kannel to report to a port where nothing listens: Kannel's
# fetch fails, and it logs the URL it was given.
DEAD=$($PY tests/channels/free_ports.py 1)
expect_rc 0 "an SMS to SIGN-C is queued" env DUN_NOW="$(now_iso)" "$DUN" send SIGN-C --channel sms
check "dun serve starts, reports going to a dead port" start_serve DUN_PUBLIC_URL="http://127.0.0.1:$DEAD"
c_id=$(msg SIGN-C)
check "the phone gets the SMS" poll 10 phone_has "$C"
fetch_failed() { grep -q "Couldn't fetch <http://127.0.0.1:$DEAD/dlr?" "$KANNEL_DIR/smsbox.log"; }
check "Kannel could not fetch the delivery report, and logged its URL" poll 10 fetch_failed
grep "Couldn't fetch <http://127.0.0.1:$DEAD/dlr?" "$KANNEL_DIR/smsbox.log" | sed 's/^.*Couldn/Couldn/' >"$TMP/dlr-urls"
check "the URL names the message" grep -q "id=$c_id&" "$TMP/dlr-urls"
check "and carries its own key" grep -q "key=$(sql "SELECT report_key FROM dun.outbox WHERE id = $c_id")&" "$TMP/dlr-urls"
check "the webhook token is not in it" sh -c "! grep -q -- '$DUN_TOKEN' '$TMP/dlr-urls'"
check "nor anywhere in Kannel's logs beside the report URL" sh -c "! grep -h -- '$DUN_TOKEN' '$KANNEL_DIR'/*.log | grep -q /dlr"
stop_serve

# --- /dlr: the message's own key opens its report, nothing else does -------------
expect_rc 0 "an SMS to SIGN-A is queued" env DUN_NOW="$(now_iso)" "$DUN" send SIGN-A --channel sms --undo 300
expect_rc 0 "an SMS to SIGN-B is queued" env DUN_NOW="$(now_iso)" "$DUN" send SIGN-B --channel sms --undo 300
sql "UPDATE dun.outbox SET state = 'sent', sent_at = now() WHERE account_id IN ($(acc SIGN-A), $(acc SIGN-B))" >/dev/null
a_id=$(msg SIGN-A) b_id=$(msg SIGN-B)
a_key=$(sql "SELECT report_key FROM dun.outbox WHERE id = $a_id")
b_key=$(sql "SELECT report_key FROM dun.outbox WHERE id = $b_id")
check "dun serve starts" start_serve
dlr() { curl -s -o "$TMP/dlr.out" -w '%{http_code}' --max-time 5 -G "http://127.0.0.1:$SERVE_PORT/dlr" "$@"; }
state() { sql "SELECT state FROM dun.outbox WHERE id = $1"; }

equal "$(dlr --data-urlencode "id=$a_id" --data-urlencode "key=$b_key" --data-urlencode type=2)" 403 \
    "a report for A with B's key is refused"
equal "$(state "$a_id")" sent "A is still sent"
equal "$(dlr --data-urlencode "id=$a_id" --data-urlencode "token=$DUN_TOKEN" --data-urlencode type=2)" 403 \
    "a report for A with the webhook token is refused"
equal "$(dlr -H "Authorization: Bearer $DUN_TOKEN" --data-urlencode "id=$a_id" --data-urlencode type=2)" 403 \
    "so is one with the token as a bearer"
equal "$(dlr --data-urlencode "id=$a_id" --data-urlencode type=2)" 403 "and one with no key"
equal "$(dlr --data-urlencode "id=$a_id" --data-urlencode "key=not-a-key" --data-urlencode type=2)" 403 \
    "and one whose key is not a key"
equal "$(state "$a_id")" sent "A is still sent after all of them"
equal "$(sql "SELECT count(*) FROM dun.outbox_events WHERE outbox_id = $a_id AND state = 'report'")" 0 \
    "and none of them is on its history"
check "the refusals are logged with the message id" grep -q "delivery report for message $a_id refused" "$TMP/serve.log"
equal "$(dlr --data-urlencode "id=$a_id" --data-urlencode "key=$a_key" --data-urlencode type=1)" 200 \
    "a report for A with A's key is taken"
equal "$(state "$a_id")" delivered "A is delivered"
equal "$(state "$b_id")" sent "B is untouched"
equal "$(dlr --data-urlencode "id=$b_id" --data-urlencode "key=$a_key" --data-urlencode type=1)" 403 \
    "A's key, once known, does not open B"
equal "$(dlr --data-urlencode "id=999999" --data-urlencode "key=$a_key" --data-urlencode type=1)" 403 \
    "nor a message that does not exist"
stop_serve
msg_finish
