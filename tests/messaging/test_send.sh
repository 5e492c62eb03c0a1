# dun send from a script: the recommended (or named) template rendered by
# the same code as the account screen, queued in the outbox, delivered by
# dun serve through Kannel to the phone and through aiosmtpd to the Maildir
# (English and Japanese). Refusals: an unknown or wrong-channel template and
# a missing merge field exit 2 and say why; an opted-out channel and quiet
# hours exit 3 with the reason and when it opens, and queue nothing; with
# --wait a quiet-hours message is queued for 08:00 the debtor's time and
# reaches the phone only then. A named template must fit the account (thanks
# only after a payment); a message whose account is paused while it waits
# fails at dispatch and reaches nobody.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_send
EN=+12125550801 JA=+819012340801 OPT=+12125550802 NIGHT=+819012340802 CONF=+12125550803 HOLD=+12125550804
MAIL_JA=hanako.yamada@example.jp MAIL_EN=john.smith@example.com
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,sms_opt_out,assigned_agent,oldest_unpaid_due_date
SEND-EN,John Smith,USD,120.50,en,America/New_York,$EN,$MAIL_EN,true,true,false,demo,2026-10-01
SEND-JA,山田 花子,JPY,50000,ja,Asia/Tokyo,$JA,$MAIL_JA,true,true,false,demo,2026-10-01
SEND-OPT,Opted Out,USD,80.00,en,America/New_York,$OPT,,true,false,true,demo,2026-10-01
SEND-NIGHT,夜川 太郎,JPY,30000,ja,Asia/Tokyo,$NIGHT,,true,false,false,demo,2026-10-01
SEND-CONF,Conf Missing,USD,70.00,en,America/New_York,$CONF,,true,false,false,demo,2026-10-01
SEND-HOLD,Hal Later,USD,50.00,en,America/New_York,$HOLD,,true,false,false,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
# outbox REF CHANNEL COLUMNS: the latest message of REF on CHANNEL
outbox() { sql "SELECT $3 FROM dun.outbox WHERE account_id = $(acc "$1") AND channel = '$2' ORDER BY id DESC LIMIT 1"; }
rows() { sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc "$1")"; }
# undo REF CHANNEL: seconds from queueing (the queued event) to release
undo() {
    outbox "$1" "$2" "(SELECT extract(epoch FROM release_at - e.at)::int FROM dun.outbox_events e WHERE e.outbox_id = dun.outbox.id AND e.state = 'queued')"
}
# at_now COMMAND...: with the test's clock (the one dun serve has too)
at_now() { env DUN_NOW="$(now_iso)" "$@"; }
# set_clock ISO: the simulated clock reads ISO now
set_clock() { CLOCK_BASE=$(($(date -u -d "$1" +%s) - ($(date +%s) - CLOCK_REAL0))); }

check "dun serve starts" start_serve || msg_finish

# --- usage ------------------------------------------------------------------------
expect_rc 2 "dun send without --channel is a usage error" at_now "$DUN" send SEND-EN
contains "$TMP/err" "usage: dun [--agent LOGIN] send REF --channel sms|email" "it shows the usage"
expect_rc 2 "a phone channel is a usage error" at_now "$DUN" send SEND-EN --channel phone
expect_rc 2 "an unknown account exits 2" at_now "$DUN" send NO-SUCH --channel sms
contains "$TMP/err" 'no account with ref "NO-SUCH"' "and names it"

# --- SMS, English: the recommended template, from the system ------------------------
expect_rc 0 "dun send queues the recommended SMS" at_now "$DUN" send SEND-EN --channel sms
contains "$TMP/out" "queued: message" "it says it is queued"
contains "$TMP/out" "(first_notice_sms) for SEND-EN" "with the template it chose"
equal "$(outbox SEND-EN sms "template || ' ' || target || ' ' || coalesce(agent_id::text, 'system')")" \
    "first_notice_sms $EN system" "the outbox has it: the recommended template, the mobile, sent by the system"
equal "$(undo SEND-EN sms)" 0 "released at once (no undo window by default)"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc SEND-EN)" delivered "dun serve delivers it"
equal "$(sql "SELECT c.outcome || ' ' || c.channel FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc SEND-EN)")" \
    "delivered sms" "its contact record follows"
poll 3 phone_has "$EN"
equal "$(phone_count "$EN")" 1 "the phone got one message"
phone_got "$EN" >"$TMP/en.got"
outbox SEND-EN sms body >"$TMP/en.want"
check "the English text arrived intact" cmp -s "$TMP/en.got" "$TMP/en.want"
contains "$TMP/en.got" "Dun Test Finance: Hello John Smith, we have not yet received your payment of \$120.50" \
    "it is the first notice, rendered with the company, name and amount"
contains "$TMP/en.got" "Reply STOP to opt out" "with the opt-out instruction"

# --- a named template ------------------------------------------------------------------
expect_rc 3 "--template payment_thanks_sms without a payment is refused" at_now "$DUN" send SEND-EN --channel sms --template payment_thanks_sms
contains "$TMP/err" "payment_thanks_sms thanks for a payment, but SEND-EN has no payment in the last 30 days" "saying why"
sql "INSERT INTO dun.payments (account_id, payment_id, amount_minor, currency, paid_at)
     SELECT id, 'P-SEND-EN', 2000, 'USD', '2026-11-19T12:00:00-05:00' FROM dun.accounts WHERE ref = 'SEND-EN'" >/dev/null
expect_rc 0 "after a payment, --template payment_thanks_sms sends that one" at_now "$DUN" send SEND-EN --channel sms --template payment_thanks_sms
equal "$(outbox SEND-EN sms template)" payment_thanks_sms "the outbox row names it"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc SEND-EN) AND template = 'payment_thanks_sms'" delivered \
    "and it is delivered"
poll 3 phone_has "$EN" 2
phone_got "$EN" | tail -1 >"$TMP/en2.got"
contains "$TMP/en2.got" "Dun Test Finance: Thank you, John Smith. We have received your payment" "the phone got the thank-you text"

expect_rc 2 "an unknown --template exits 2" at_now "$DUN" send SEND-EN --channel sms --template nosuch
contains "$TMP/err" 'no sms template named "nosuch"' "it says there is no such template"
contains "$TMP/err" "first_notice_sms, " "and lists the SMS templates in English"
expect_rc 2 "an email template on --channel sms exits 2" at_now "$DUN" send SEND-EN --channel sms --template first_notice_email
contains "$TMP/err" "first_notice_email is a template for email, not sms" "it says which channel the template is for"
equal "$(rows SEND-EN)" 2 "nothing more is queued"

# --- SMS, Japanese, as JSON ------------------------------------------------------------
expect_rc 0 "dun send --json queues the Japanese SMS" at_now "$DUN" send SEND-JA --channel sms --json
cp "$TMP/out" "$TMP/ja.json"
$PY - "$TMP/ja.json" >"$TMP/ja.fields" <<'PY' || not_ok "the JSON parses"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(d["id"], d["ref"], d["channel"], d["template"], d["target"], d["release_at"])
open(sys.argv[1] + ".body", "w", encoding="utf-8").write(d["body"] + "\n")
PY
equal "$(cat "$TMP/ja.fields")" \
    "$(outbox SEND-JA sms "id || ' SEND-JA sms first_notice_sms $JA ' || to_char(release_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+09:00\"')")" \
    "the JSON has the id, ref, channel, template, target and release_at (debtor's offset) of the outbox row"
outbox SEND-JA sms body >"$TMP/ja.want"
check "and its body is the queued body" cmp -s "$TMP/ja.json.body" "$TMP/ja.want"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc SEND-JA) AND channel = 'sms'" delivered "dun serve delivers it"
poll 3 phone_has "$JA"
equal "$(phone_count "$JA")" 1 "the Japanese phone got one message"
phone_got "$JA" >"$TMP/ja.got"
check "the Japanese text arrived intact (UCS-2)" cmp -s "$TMP/ja.got" "$TMP/ja.want"
contains "$TMP/ja.got" "ダン債権回収です。山田 花子様、" "in Japanese, with the company and the debtor"
contains "$TMP/ja.got" "配信停止は「停止」と返信" "and the Japanese opt-out instruction"

# --- email, Japanese: {{agent}} needs an agent ----------------------------------------
expect_rc 2 "an email without --agent exits 2: its template signs with {{agent}}" \
    at_now "$DUN" send SEND-JA --channel email
contains "$TMP/err" "{{agent}} has no value" "it names the field"
contains "$TMP/err" "dun --agent LOGIN send" "and how to give it"
expect_rc 0 "dun --agent demo send queues the Japanese email" at_now tests/as-agent --agent demo send SEND-JA --channel email
equal "$(outbox SEND-JA email "template || ' ' || target || ' ' || (agent_id = (SELECT id FROM dun.agents WHERE login = 'demo'))")" \
    "first_notice_email $MAIL_JA true" "the outbox row: the email template, the address, the agent"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc SEND-JA) AND channel = 'email'" sent "dun serve sends it over SMTP"
M="$TMP/mail"
mid="<dun-$(outbox SEND-JA email id)@dun.example>"
have_mail() { $PY tests/messaging/mail.py "$SMTP_DIR/maildir" "$1" "$2" "$M" && [ "$(cat "$M/count")" -ge 1 ]; }
poll 3 have_mail "$mid" "$MAIL_JA"
equal "$(cat "$M/count" 2>/dev/null)" 1 "the Maildir has it once"
equal "$(cat "$M/subject" 2>/dev/null)" "【ダン債権回収】お支払い状況のご確認" "the Japanese subject decodes"
outbox SEND-JA email body >"$TMP/mail.want"
check "the body decodes to what dun send rendered" sh -c "printf '%s\n' \"\$(cat '$M/body')\" | cmp -s - '$TMP/mail.want'"
contains "$M/body" "山田 花子様" "it greets the debtor"
contains "$M/body" "担当: Demo Agent" "and is signed by the agent"

# --- email, English, with an undo window ---------------------------------------------
expect_rc 0 "dun send --undo 3 queues the English email" at_now tests/as-agent --agent demo send SEND-EN --channel email --undo 3
equal "$(undo SEND-EN email)" 3 "it is released 3 s after it was queued"
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc SEND-EN) AND channel = 'email'" sent "then sent"
poll 3 have_mail "<dun-$(outbox SEND-EN email id)@dun.example>" "$MAIL_EN"
equal "$(cat "$M/subject" 2>/dev/null)" "$(outbox SEND-EN email subject)" "the English email arrived with its subject"

# --- refused: opt-out -------------------------------------------------------------------
expect_rc 3 "an SMS to an opted-out debtor exits 3" at_now "$DUN" send SEND-OPT --channel sms
contains "$TMP/err" "refused: sms to $OPT is not allowed now" "it says it is refused"
contains "$TMP/err" "opt_out: " "with the opt-out reason"
contains "$TMP/err" "opens only when the flag above changes" "which time does not clear"
equal "$(rows SEND-OPT)" 0 "nothing is queued"
equal "$(sql "SELECT count(*) FROM dun.contacts WHERE account_id = $(acc SEND-OPT)")" 0 "nor recorded as a contact"
# Only the answer to a STOP skips the opt-out: naming its template does not.
expect_rc 3 "the opt-out confirmation's template sent by hand is refused too" at_now \
    "$DUN" send SEND-OPT --channel sms --template opt_out_confirmation_sms
equal "$(rows SEND-OPT)" 0 "nothing is queued"

# --- paused while it waits: it fails at dispatch ------------------------------------------
expect_rc 0 "an SMS with a 3 s undo window is queued" at_now "$DUN" send SEND-HOLD --channel sms --undo 3
sql "UPDATE dun.accounts SET status = 'paused' WHERE ref = 'SEND-HOLD'" >/dev/null
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc SEND-HOLD)" failed "the account paused meanwhile: it fails at dispatch"
equal "$(outbox SEND-HOLD sms last_error)" "blocked at dispatch: not_active: the account is paused: no contact while it is not active" \
    "saying why"
equal "$(phone_count "$HOLD")" 0 "nothing reaches the phone"

# --- a merge field without a value -------------------------------------------------------
mkdir -p "$TMP/noconf/dun"
printf 'company = Dun Test Finance\npayment_link = https://pay.dun.example/\n' >"$TMP/noconf/dun/dun.conf"
expect_rc 2 "without company_phone in dun.conf the SMS cannot be rendered: exit 2" \
    at_now env XDG_CONFIG_HOME="$TMP/noconf" "$DUN" send SEND-CONF --channel sms
contains "$TMP/err" "first_notice_sms for SEND-CONF cannot be rendered: {{phone}} has no value" "it names the field"
contains "$TMP/err" "set company_phone in dun.conf" "and the setting"
equal "$(rows SEND-CONF)" 0 "nothing is queued"

# --- quiet hours: refused, or --wait for the window -----------------------------------------
stop_serve
set_clock 2026-11-20T12:30:00Z # 21:30 in Tokyo
check "dun serve starts at 21:30 Tokyo time" start_serve || msg_finish
expect_rc 3 "at 21:30 in Tokyo an SMS is refused without --wait" at_now "$DUN" send SEND-NIGHT --channel sms
contains "$TMP/err" "quiet_hours: " "the reason is quiet hours"
contains "$TMP/err" "opens Sat 11-21 08:00 JST;" \
    "it says when it opens as the workstation does: the debtor's clock, with the day"
equal "$(rows SEND-NIGHT)" 0 "nothing is queued"
expect_rc 0 "with --wait it is queued for the window" at_now "$DUN" send SEND-NIGHT --channel sms --wait
contains "$TMP/out" "waits for its window: released at Sat 11-21 08:00 JST" \
    "it says when it goes, in the debtor's time"
equal "$(outbox SEND-NIGHT sms "state || ' ' || to_char(release_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')")" \
    "queued 2026-11-21 08:00" "release_at is 08:00 JST the next morning"
equal "$(sql "SELECT to_char(c.at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc SEND-NIGHT)")" \
    "2026-11-21 08:00" "its contact record is at that time too"
sleep 2
equal "$(phone_count "$NIGHT")" 0 "nothing arrives at the phone during quiet hours"
equal "$(outbox SEND-NIGHT sms state)" queued "it is still queued"
stop_serve
set_clock 2026-11-20T23:00:01Z # 08:00 in Tokyo
check "dun serve starts at 08:00 Tokyo time" start_serve || msg_finish
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc SEND-NIGHT)" delivered "at 08:00 it is delivered"
poll 3 phone_has "$NIGHT"
equal "$(phone_count "$NIGHT")" 1 "the phone got it once"
phone_got "$NIGHT" >"$TMP/night.got"
outbox SEND-NIGHT sms body >"$TMP/night.want"
check "intact" cmp -s "$TMP/night.got" "$TMP/night.want"
stop_serve
equal "$SERVE_RC" 0 "dun serve stops cleanly"
msg_finish
