# The self-service link in a real browser (headless Chromium, a phone-sized
# window): the page renders to a PNG, its DOM shows the amount, the due date
# and the button, and filling in the form through chromedriver (a real POST
# from the browser's own form) records the self-service promise.
# Skipped (ok lines saying so) when chromium or chromedriver is missing:
# tools/deps test installs them.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_link_browser
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
LINKB-JA,山田 花子,JPY,50000,ja,Asia/Tokyo,+819012340911,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc="(SELECT id FROM dun.accounts WHERE ref = 'LINKB-JA')"
sql "UPDATE dun.templates SET body = body || ' {{link}}' WHERE name = 'first_notice_sms'" >/dev/null
CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
    ok "# SKIP chromium is not installed (tools/deps test)"
    msg_finish
fi
chrome() {
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" "$@" 2>>"$TMP/chrome.err"
}

check "dun serve starts" start_serve || msg_finish
expect_rc 0 "an SMS with {{link}} is queued" env DUN_NOW="$(now_iso)" "$DUN" send LINKB-JA --channel sms
token=$(sql "SELECT token FROM dun.links WHERE account_id = $acc")
url="http://127.0.0.1:$SERVE_PORT/p/$token"

chrome --window-size=390,844 --screenshot="$TMP/link.png" "$url" >/dev/null
check "a phone-sized screenshot (390x844) is a PNG" sh -c "[ -s '$TMP/link.png' ] && head -c 8 '$TMP/link.png' | od -An -c | grep -q 'P   N   G'"
chrome --dump-dom "$url" >"$TMP/dom.html"
contains "$TMP/dom.html" "¥50,000" "the rendered DOM shows the amount"
contains "$TMP/dom.html" "2026年10月1日" "and the due date"
contains "$TMP/dom.html" '<button type="submit" id="promise">' "and the button"
contains "$TMP/dom.html" "に支払います" "which reads 「[日付]に支払います」"
check "the DOM has no ref" sh -c "! grep -q LINKB-JA '$TMP/dom.html'"
equal "$(sql "SELECT clicks FROM dun.links WHERE token = '$token'")" 2 "both browser visits counted as clicks"
equal "$(sql "SELECT count(*) FROM dun.promises WHERE account_id = $acc")" 0 "and neither made a promise"

if [ -x /usr/bin/chromedriver ] && /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
    # The assigned agent has the account open while the debtor promises.
    start_tui
    check "the agent opens LINKB-JA" open_account LINKB-JA
    check "chromedriver fills in the date and clicks the button" \
        timeout 90 /usr/bin/python3 tests/messaging/link_browser.py "$url" 2026-11-26 "$TMP/form"
    contains "$TMP/form.button" "2026年11月26日に支払います" "the button names the date chosen"
    contains "$TMP/form.after" "ありがとうございます" "the browser's POST answers with the thank-you page"
    equal "$(sql "SELECT promised_date || ' ' || source || ' ' || amount_minor FROM dun.promises WHERE account_id = $acc")" \
        "2026-11-26 self_service 50000" "the form's POST recorded the self-service promise"
    check "the agent is told on the status line" wait_for "LINKB-JA promised on the link's page: ¥50,000 on 2026-11-26"
    check "and the promise is on the open account's history, marked as the debtor's" \
        wait_for "promise ¥50,000 on 2026-11-26 pending (self-service: by the debtor)"
    keys q; wait_for "PSEL" >/dev/null; keys q; wait_dead >/dev/null
else
    ok "# SKIP chromedriver or python3-selenium is missing: the form's POST is tested with curl in test_link.sh"
fi
stop_serve
msg_finish
