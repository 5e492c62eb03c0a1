# Email end to end: e on the account screen (TUI under tmux), dun serve sends
# through aiosmtpd, the stored message parses, the Japanese subject and body
# decode to what dun rendered, the headers are there, and the
# List-Unsubscribe link, fetched, sets the email opt-out; e is then refused.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_email
MAIL=taro.yamada@example.jp
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,email,email_consent,assigned_agent,oldest_unpaid_due_date
MAIL-JA,山田 太郎,JPY,50000,ja,Asia/Tokyo,$MAIL,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc="(SELECT id FROM dun.accounts WHERE ref = 'MAIL-JA')"

check "dun serve starts" start_serve || msg_finish
start_tui
check "the queue opens" wait_for "MAIL-JA"
check "MAIL-JA opens" open_account MAIL-JA
keys e
check "e shows the undo countdown" wait_for "Sending in"
check "the countdown shows the Japanese subject" wait_for "【ダン債権回収】お支払い状況のご確認"
check "the history shows the email as SENT" wait_for "email SENT to $MAIL" 10
wait_sql 5 "SELECT state || ' ' || provider || ' ' || attempts FROM dun.outbox WHERE account_id = $acc" "sent smtp 1" \
    "the outbox row is sent, through smtp, in one attempt"
equal "$(sql "SELECT c.outcome FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $acc")" \
    sent "the contact row's outcome follows: sent"

# --- the stored message ---------------------------------------------------------
id=$(sql "SELECT id FROM dun.outbox WHERE account_id = $acc")
mid="<dun-$id@dun.example>"
M="$TMP/mail"
have_mail() { /usr/bin/python3 tests/messaging/mail.py "$SMTP_DIR/maildir" "$mid" "$MAIL" "$M" && [ "$(cat "$M/count")" -ge 1 ]; }
poll 3 have_mail
equal "$(cat "$M/count" 2>/dev/null)" 1 "aiosmtpd stored exactly one message with Message-ID $mid to $MAIL"
if [ -s "$M/count" ] && [ "$(cat "$M/count")" -ge 1 ]; then
    equal "$(cat "$M/defects")" "" "it parses without defects"
    sql "SELECT subject FROM dun.outbox WHERE account_id = $acc" >"$TMP/want.subject"
    equal "$(cat "$M/subject")" "$(cat "$TMP/want.subject")" "the subject decodes to what dun rendered"
    equal "$(cat "$M/subject")" "【ダン債権回収】お支払い状況のご確認" "which is the Japanese template's subject"
    equal "$(cat "$M/from")" "collections@dun.example" "From is the configured sender"
    equal "$(cat "$M/to")" "$MAIL" "To is the debtor's address"
    equal "$(cat "$M/date_ok")" true "Date is present and RFC 5322 ($(cat "$M/date"))"
    equal "$(cat "$M/message_id")" "$mid" "Message-ID carries the outbox id"
    equal "$(cat "$M/content_type")" "text/plain; charset=utf-8" "text/plain in UTF-8"
    sql "SELECT body FROM dun.outbox WHERE account_id = $acc" >"$TMP/want.body"
    check "the body decodes to what dun rendered" sh -c "printf '%s\n' \"\$(cat '$M/body')\" | cmp -s - '$TMP/want.body'"
    contains "$M/body" "山田 太郎様" "the body greets the debtor in Japanese"
    key=$(sql "SELECT unsubscribe_key FROM dun.outbox WHERE account_id = $acc")
    url="http://127.0.0.1:$SERVE_PORT/unsubscribe?key=$key"
    equal "$(cat "$M/list_unsubscribe")" "<$url>" "List-Unsubscribe is the message's own link"
    equal "$(cat "$M/list_unsubscribe_post")" "List-Unsubscribe=One-Click" "List-Unsubscribe-Post offers one-click (RFC 8058)"

    # --- unsubscribing -----------------------------------------------------------
    equal "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$SERVE_PORT/unsubscribe?key=00000000-0000-0000-0000-000000000000")" \
        404 "an unknown unsubscribe key is refused (404)"
    equal "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$SERVE_PORT/unsubscribe?key=x'%3B--")" \
        404 "a malformed key is unknown too (404)"
    equal "$(sql "SELECT email_opt_out FROM dun.accounts WHERE ref = 'MAIL-JA'")" f "no opt-out yet"
    link=$(sed 's/^<//; s/>$//' "$M/list_unsubscribe")
    # A link scanner (or the debtor's browser) fetches the link: a page with a
    # button, and no opt-out yet.
    equal "$(curl -s -o "$TMP/unsub.page" -w '%{http_code}' --max-time 5 "$link")" 200 "a GET of the link answers 200"
    contains "$TMP/unsub.page" 'method="post"' "with a page whose button posts the unsubscribe"
    equal "$(sql "SELECT email_opt_out FROM dun.accounts WHERE ref = 'MAIL-JA'")" f "a GET alone opts nobody out"
    # The mail client's one-click unsubscribe (RFC 8058): a POST of the fixed body.
    equal "$(curl -s -o "$TMP/unsub.out" -w '%{http_code}' --max-time 5 -d 'List-Unsubscribe=One-Click' "$link")" 200 \
        "the one-click POST answers 200"
    contains "$TMP/unsub.out" "no more email" "and says so"
    equal "$(sql "SELECT email_opt_out FROM dun.accounts WHERE ref = 'MAIL-JA'")" t "it sets email_opt_out"
    equal "$(sql "SELECT count(*) FROM dun.flag_changes WHERE account_id = $acc AND flag = 'email_opt_out'")" 1 \
        "and the change is on the account's history"
fi

keys q; wait_for "PSEL" >/dev/null
check "MAIL-JA opens again" open_account MAIL-JA
keys e
check "e is refused after the unsubscribe: the opt-out" wait_for "email not allowed: the debtor opted out of email"
check "no countdown" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'Sending in'"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id = $acc")" 1 "nothing new is queued"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_serve
msg_finish
