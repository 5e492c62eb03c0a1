# The pre-due reminder end to end: `dun remind` queues a small batch,
# dun serve hands it to Kannel, the simulated phone (fakesmsc) gets the text
# with its link, and the link opens in a real browser (headless Chromium,
# a phone-sized window): the page renders to a PNG, its DOM shows the
# amount, the due date and the button, and filling in the form through
# chromedriver (a real POST from the browser's own form) records the
# self-service promise, which the assigned agent sees on the open account.
# `dun metrics --reminders` then counts the click. Skipped (ok lines saying
# so) when chromium or chromedriver is missing: tools/deps test installs them.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_link_browser
# The test's clock starts at 09:30 on 11-20 in Tokyo, 19:30 on 11-19 in New
# York: due in 3 days is 11-23 for one and 11-22 for the other.
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,due_date,prior_delinquencies
LINKB-JA,山田 花子,JPY,50000,ja,Asia/Tokyo,+819012340911,true,demo,2026-11-23,3
LINKB-EN,Erin Early,USD,120.00,en,America/New_York,+12125550912,true,demo,2026-11-22,2
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc="(SELECT id FROM dun.accounts WHERE ref = 'LINKB-JA')"
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

expect_rc 0 "dun remind queues the batch" env DUN_NOW="$(now_iso)" "$DUN" remind --holdout 0
contains "$TMP/out" "2 selected (due in 3 days, late 2 times or more before), 0 held out, 2 queued" "both reminded"
check "dun serve starts" start_serve || msg_finish
check "the phone gets the Japanese reminder through Kannel" poll 20 phone_has +819012340911
check "and the English one" poll 20 phone_has +12125550912
text=$(phone_got +819012340911)
url=$(printf '%s\n' "$text" | grep -o "http://127.0.0.1:$SERVE_PORT/p/[0-9a-f]*" | head -1)
equal "$(printf '%s' "${url##*/}" | grep -cxE '[0-9a-f]{32}')" 1 "the text on the phone carries its link (32 hex digits)"
contains_text() { case $1 in *"$2"*) ok "$3" ;; *) not_ok "$3"; echo "    | $1" ;; esac; }
contains_text "$text" "ダン債権回収です。山田 花子様" "from the company, to the debtor by name"
token=${url##*/}
equal "$(sql "SELECT count(*) FROM dun.links WHERE token = '$token' AND account_id = $acc")" 1 \
    "the link on the phone is the one recorded for its message"

chrome --window-size=390,844 --screenshot="$TMP/link.png" "$url" >/dev/null
check "a phone-sized screenshot (390x844) is a PNG" sh -c "[ -s '$TMP/link.png' ] && head -c 8 '$TMP/link.png' | od -An -c | grep -q 'P   N   G'"
chrome --dump-dom "$url" >"$TMP/dom.html"
contains "$TMP/dom.html" "¥50,000" "the rendered DOM shows the amount"
contains "$TMP/dom.html" "2026年11月23日" "and the due date"
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
    env DUN_NOW="$(now_iso)" "$DUN" metrics --reminders --json >"$TMP/m.json"
    equal "$(python3 -c "import json; d = json.load(open('$TMP/m.json'))['all']['clicks']; print(d['clicked'], d['messages'])")" \
        "1 2" "dun metrics --reminders counts the click: 1 of 2 messages"
else
    ok "# SKIP chromedriver or python3-selenium is missing: the form's POST is tested with curl in test_link.sh"
fi
stop_serve
msg_finish
