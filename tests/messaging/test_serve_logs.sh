# No personal data in dun serve's log (issue 10, item 10). It logged phone
# numbers beside refs; /mo's own lines mask them now, but an error from the
# database carries PostgreSQL's DETAIL, which quotes the row it refused
# ("Failing row contains (..., +819012349876, I paid ...)"): the whole
# number and the message went to the journal. Wanted: every line of a day's
# traffic (replies, a STOP and its confirmation, an unknown sender, an SMS
# sent and reported, an email and its unsubscribe, a refused write) names
# refs, message ids and masked numbers (+81******9876) only: never a whole
# number (in any writing), a name, an address or a message's text.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_logs
P=+819012349876 U=+819012340000 MAIL=hanako.private@example.jp
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date,address
LOG-1,Hanako Privacy,JPY,50000,ja,Asia/Tokyo,$P,$MAIL,true,true,demo,2026-10-01,"1-2-3 Chiyoda, 東京都"
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc="(SELECT id FROM dun.accounts WHERE ref = 'LOG-1')"
REPLY="Paid yesterday, Hanako"

check "dun serve starts" start_serve
check "a reply arrives" inject_sms "$P" "$REPLY"
check "a reply from an unknown number arrives" inject_sms "$U" "who is this"
expect_rc 0 "an SMS is queued" env DUN_NOW="$(now_iso)" "$DUN" send LOG-1 --channel sms
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $acc AND channel = 'sms'" delivered "it is sent and delivered"
expect_rc 0 "an email is queued" env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send LOG-1 --channel email
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $acc AND channel = 'email'" sent "it is sent"
key=$(sql "SELECT unsubscribe_key FROM dun.outbox WHERE account_id = $acc AND channel = 'email'")
equal "$(curl -s -o /dev/null -w '%{http_code}' -d 'List-Unsubscribe=One-Click' "http://127.0.0.1:$SERVE_PORT/unsubscribe?key=$key")" \
    200 "the email is unsubscribed"

# A write the database refuses: a constraint (a DBA's, or a bug's) fails
# the reply's INSERT, and PostgreSQL's error quotes the row.
sql "ALTER TABLE dun.inbound ADD CONSTRAINT short_body CHECK (length(body) < 40)" >/dev/null
LONG="Please call me back at home, this is Hanako speaking"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -G "http://127.0.0.1:$SERVE_PORT/mo" \
    --data-urlencode "token=$DUN_TOKEN" --data-urlencode "from=$P" --data-urlencode to=5555 --data-urlencode "text=$LONG")
equal "$code" 500 "a reply the database refuses is answered 500"
check "and logged" grep -q "inbound from +81\*\*\*\*\*\*9876 not recorded: new row for relation \"inbound\" violates check constraint" \
    "$TMP/serve.log"
sql "ALTER TABLE dun.inbound DROP CONSTRAINT short_body" >/dev/null
check "STOP arrives" inject_sms "$P" "STOP"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $acc AND template = 'opt_out_confirmation_sms'" delivered \
    "its confirmation is delivered"
stop_serve

# What the log holds.
check "the log names the ref" grep -q "for LOG-1" "$TMP/serve.log"
check "and the masked number" grep -q '+81\*\*\*\*\*\*9876' "$TMP/serve.log"
sms_body=$(sql "SELECT body FROM dun.outbox WHERE account_id = $acc AND channel = 'sms' ORDER BY id LIMIT 1")
for secret in "$P" "${P#+}" "090-1234-9876" "09012349876" "9012349876" "$U" "${U#+}" "Hanako" "Privacy" \
    "$MAIL" "hanako.private" "Chiyoda" "東京都" "$REPLY" "who is this" "$LONG" "this is Hanako" "$(echo "$sms_body" | head -1)"; do
    if grep -qF -- "$secret" "$TMP/serve.log"; then
        not_ok "the log does not contain \"$secret\""
        grep -F -- "$secret" "$TMP/serve.log" | head -3 | sed 's/^/    | /'
    else
        ok "the log does not contain \"$secret\""
    fi
done
msg_finish
