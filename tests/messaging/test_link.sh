# The self-service link (issue 12): {{link}} in a message renders as
# PUBLIC_URL/p/TOKEN (32 hex digits) and is recorded in dun.links with the
# message; dun serve's page: a GET counts the click and shows the amount and
# the due date (no ref, no name), a second GET counts again, no GET makes a
# promise; a POST with a date records a self-service promise through the
# promise path (one standing promise) with its NOTIFY promise:<id>; unknown
# and expired tokens get the plain page (404, 410) and count nothing.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_link
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
LINK-JA,山田 花子,JPY,50000,ja,Asia/Tokyo,+819012340901,true,demo,2026-10-01
LINK-EN,John Smith,USD,120.50,en,America/New_York,+12125550901,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
at_now() { env DUN_NOW="$(now_iso)" "$@"; }
sql "UPDATE dun.templates SET body = body || ' {{link}}' WHERE name = 'first_notice_sms'" >/dev/null

check "dun serve starts" start_serve || msg_finish
expect_rc 0 "dun send queues an SMS whose template has {{link}}" at_now "$DUN" send LINK-JA --channel sms
body=$(sql "SELECT body FROM dun.outbox WHERE account_id = $(acc LINK-JA) ORDER BY id DESC LIMIT 1")
url=$(printf '%s\n' "$body" | grep -o "http://127.0.0.1:$SERVE_PORT/p/[0-9a-f]*" | head -1)
token=${url##*/p/}
equal "${#token}" 32 "the body carries PUBLIC_URL/p/ and a 32-hex-digit token"
equal "$(sql "SELECT count(*) FROM dun.links l JOIN dun.outbox o ON o.id = l.outbox_id WHERE l.token = '$token' AND l.account_id = $(acc LINK-JA) AND l.expires_at = l.created_at + interval '14 days' AND l.clicks = 0")" 1 \
    "dun.links holds it with its message and account, expiring in 14 days (link_days), unclicked"

equal "$(curl -s -o "$TMP/page1" -w '%{http_code}' --max-time 5 "$url")" 200 "a GET of the link answers 200"
equal "$(sql "SELECT clicks, first_click_at IS NOT NULL FROM dun.links WHERE token = '$token'")" "1|t" "and records the click"
contains "$TMP/page1" "¥50,000" "the page shows the amount"
contains "$TMP/page1" "2026年10月1日" "the page shows the due date in the debtor's language"
contains "$TMP/page1" 'name="viewport"' "the page is made for a phone (viewport)"
contains "$TMP/page1" 'method="post"' "with a form that POSTs"
contains "$TMP/page1" "2026年11月20日に支払います" "and the button 「[date]に支払います」 in Japanese, today's date until one is chosen"
contains "$TMP/page1" "ダン債権回収" "the creditor is named"
check "the page does not show the ref" sh -c "! grep -q LINK-JA '$TMP/page1'"
check "nor the debtor's name" sh -c "! grep -q '山田' '$TMP/page1'"
first=$(sql "SELECT first_click_at FROM dun.links WHERE token = '$token'")
curl -s -o /dev/null --max-time 5 "$url"
equal "$(sql "SELECT clicks FROM dun.links WHERE token = '$token'")" 2 "a second GET counts a second click"
equal "$(sql "SELECT first_click_at FROM dun.links WHERE token = '$token'")" "$first" "first_click_at stays the first"
equal "$(sql "SELECT count(*) FROM dun.promises WHERE account_id = $(acc LINK-JA)")" 0 "no GET made a promise"

# --- the POST --------------------------------------------------------------------
psql -X -qAt -c "LISTEN dun" -c "SELECT pg_sleep(4)" >"$TMP/notes" 2>&1 &
LISTENER=$!
sleep 0.5
equal "$(curl -s -o "$TMP/bad" -w '%{http_code}' --max-time 5 -d 'date=2030-01-01' "$url")" 422 "a date beyond the policy's limit is refused (422)"
equal "$(sql "SELECT count(*) FROM dun.promises WHERE account_id = $(acc LINK-JA)")" 0 "and records nothing"
equal "$(curl -s -o "$TMP/thanks" -w '%{http_code}' --max-time 5 -d 'date=2026-11-27' "$url")" 200 "a POST with a date answers 200"
contains "$TMP/thanks" "ありがとうございます" "with a thank-you page"
equal "$(sql "SELECT amount_minor || ' ' || currency || ' ' || promised_date || ' ' || source || ' ' || status || ' ' || (agent_id = (SELECT id FROM dun.agents WHERE login = 'demo')) FROM dun.promises WHERE account_id = $(acc LINK-JA)")" \
    "50000 JPY 2026-11-27 self_service pending true" "a self-service promise of the balance, for the assigned agent"
wait "$LISTENER"
contains "$TMP/notes" "promise:$(sql "SELECT id FROM dun.accounts WHERE ref = 'LINK-JA'")" "NOTIFY promise:<account> told the agent's screens"
equal "$(curl -s -o "$TMP/again" -w '%{http_code}' --max-time 5 -d 'date=2026-11-28' "$url")" 422 "a second promise while one stands is refused"
equal "$(sql "SELECT count(*) FROM dun.promises WHERE account_id = $(acc LINK-JA)")" 1 "one promise stands"

# --- English, unknown and expired ------------------------------------------------
expect_rc 0 "an English SMS with {{link}}" at_now "$DUN" send LINK-EN --channel sms
en=$(sql "SELECT token FROM dun.links WHERE account_id = $(acc LINK-EN)")
curl -s -o "$TMP/page_en" --max-time 5 "http://127.0.0.1:$SERVE_PORT/p/$en"
contains "$TMP/page_en" '$120.50' "the English page shows the amount"
contains "$TMP/page_en" "I will pay on 2026-11-19" "and the English button \"I will pay on [date]\" (the debtor's today in New York)"
equal "$(curl -s -o "$TMP/unknown" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$SERVE_PORT/p/0123456789abcdef0123456789abcdef")" 404 "an unknown token: 404"
contains "$TMP/unknown" "not valid" "the plain page"
equal "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$SERVE_PORT/p/x'%3B--")" 404 "a malformed token: 404"
sql "UPDATE dun.links SET expires_at = created_at - interval '1 day' WHERE token = '$en'" >/dev/null
equal "$(curl -s -o "$TMP/expired" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$SERVE_PORT/p/$en")" 410 "an expired token: 410"
check "the expired page shows no amount" sh -c "! grep -q '120' '$TMP/expired'"
equal "$(sql "SELECT clicks FROM dun.links WHERE token = '$en'")" 1 "and its click is not counted"
equal "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -d 'date=2026-11-25' "http://127.0.0.1:$SERVE_PORT/p/$en")" 410 "a POST to it: 410"
equal "$(sql "SELECT count(*) FROM dun.promises WHERE account_id = $(acc LINK-EN)")" 0 "and no promise"
# Paid: the link stays, but asks for nothing and offers no promise.
sql "UPDATE dun.promises SET status = 'kept' WHERE account_id = $(acc LINK-JA);
     UPDATE dun.accounts SET balance_minor = 0 WHERE ref = 'LINK-JA'" >/dev/null
curl -s -o "$TMP/paid" --max-time 5 "$url"
contains "$TMP/paid" "お支払いは済んでいます。ありがとうございました。" "a paid account's page says nothing is due, and thanks"
check "with no amount and no button" sh -c "! grep -qE '50,000|<button' '$TMP/paid'"
equal "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -d 'date=2026-11-28' "$url")" 422 "a POST to it is refused"
equal "$(sql "SELECT count(*) FROM dun.promises WHERE account_id = $(acc LINK-JA)")" 1 "and records nothing"
check "the serve log carries no token" sh -c "! grep -q '$token' '$TMP/serve.log'"
check "nor a ref" sh -c "! grep -q 'LINK-JA' '$TMP/serve.log'"
stop_serve
msg_finish
