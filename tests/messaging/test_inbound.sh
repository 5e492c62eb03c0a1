# Inbound SMS as SMSCs and people really send them (issue 10, item 2). The
# originator comes without '+' (817010000019), in national format
# (07010000013) or with spaces (+81 70 1000 0014): each finds its account by
# the number on file, the STOP opts it out, and the confirmation goes to the
# number on file (not for a national number: its country is a guess).
# Opt-outs typed as people type them (full-width, a trailing ideographic space, "Stop please", "stop.", 停止してください, ...) are
# honoured; "I can't stop by the office" is not an opt-out. A STOP that
# matches no account, or a number on several accounts, is recorded and shown
# to a supervisor on the status line (never only logged); on several
# accounts it opts out every one of them.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_inbound
sql "INSERT INTO dun.teams (name) VALUES ('floor');
     INSERT INTO dun.agents (login, display_name, role, time_zone) VALUES ('lead', 'Lena Lead', 'supervisor', 'Asia/Tokyo');
     UPDATE dun.agents SET team_id = (SELECT id FROM dun.teams WHERE name = 'floor')" >/dev/null # demo's supervisor
printf 'opt_out_keywords = いらない, no more\n' >>"$XDG_CONFIG_HOME/dun/dun.conf"
{
    echo "ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date"
    echo "IN-PLUS,無記号 一郎,JPY,50000,ja,Asia/Tokyo,+817010000019,true,demo,2026-10-01"
    echo "IN-NAT,国内 二郎,JPY,50000,ja,Asia/Tokyo,+817010000013,true,demo,2026-10-01"
    echo "IN-SPACE,空白 三郎,JPY,50000,ja,Asia/Tokyo,+817010000014,true,demo,2026-10-01"
    k=1
    for kw in 21 22 23 24 25 26 27 28 29 30; do
        echo "IN-KW$k,Keyword Debtor $k,JPY,50000,ja,Asia/Tokyo,+8170100000$kw,true,demo,2026-10-01"
        k=$((k + 1))
    done
    echo "IN-TWIN-A,双子 一,JPY,50000,ja,Asia/Tokyo,+817010000040,true,demo,2026-10-01"
    echo "IN-TWIN-B,双子 二,JPY,60000,ja,Asia/Tokyo,+817010000040,true,demo,2026-10-01"
} >"$TMP/acc.csv"
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
opted() { sql "SELECT sms_opt_out FROM dun.accounts WHERE ref = '$1'"; }
hook="http://127.0.0.1:$SERVE_PORT"
# mo FROM TEXT: as Kannel's get-url passes it (%p, %a), for originators
# fakesmsc cannot carry (spaces)
mo() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 -G "$hook/mo" --data-urlencode "token=$DUN_TOKEN" \
        --data-urlencode "from=$1" --data-urlencode to=5555 --data-urlencode "text=$2"
}

check "dun serve starts" start_serve || msg_finish
start_dun 160 40 DUN_NOW="$(now_iso)" -- --agent lead
remember_pid "$(tm display -p '#{pid}')"
check "the supervisor's TUI opens" wait_for "Lena Lead"

# --- the originator written differently ---------------------------------------------
check "STOP from 817010000019 (no '+') goes in through Kannel" inject_sms 817010000019 STOP
equal "$(sql "SELECT coalesce(a.ref, '-') FROM dun.inbound i LEFT JOIN dun.accounts a ON a.id = i.account_id WHERE i.sender = '817010000019'")" \
    IN-PLUS "it is matched to the account with +817010000019"
equal "$(opted IN-PLUS)" t "and opts it out of SMS"
check "STOP from 07010000013 (national format) goes in through Kannel" inject_sms 07010000013 STOP
equal "$(sql "SELECT coalesce(a.ref, '-') FROM dun.inbound i LEFT JOIN dun.accounts a ON a.id = i.account_id WHERE i.sender = '07010000013'")" \
    IN-NAT "it is matched by the account's country (+81) to +817010000013"
equal "$(opted IN-NAT)" t "and opts it out of SMS"
equal "$(mo '+81 70 1000 0014' STOP)" 200 "STOP from \"+81 70 1000 0014\" is answered 200"
equal "$(opted IN-SPACE)" t "the number with spaces opts out its account"
wait_sql 5 "SELECT count(*) || ' ' || min(target) || ' ' || min(state) FROM dun.outbox WHERE account_id = $(acc IN-PLUS) AND template = 'opt_out_confirmation_sms'" \
    "1 +817010000019 delivered" "the confirmation of the STOP without '+' goes to the number on file, and is delivered"
poll 3 phone_has +817010000019
equal "$(phone_count +817010000019)" 1 "the phone got it"
# A national number could be a stranger's in another country that looks
# the same at home: the opt-out is honoured, nothing is sent back.
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc IN-NAT)")" 0 \
    "no confirmation of the national-format STOP: the match rests on a guessed country"
check "the log says why" grep -q "opt-out confirmation for IN-NAT not sent: the sender was read as a national number" "$TMP/serve.log"

# --- opt-outs as people type them -------------------------------------------------------
k=1
for text in 'ＳＴＯＰ' 'STOP　' 'Stop please' 'stop.' '停止してください' '配信停止してください' 'ストップ' 'いらない' 'No more'; do
    n=$((20 + k))
    code=$(mo "+8170100000$n" "$text")
    equal "$code|$(opted "IN-KW$k")" "200|t" "\"$text\" opts out IN-KW$k"
    k=$((k + 1))
done
equal "$(mo +817010000030 "I can't stop by the office today")" 200 "\"I can't stop by the office today\" is answered"
equal "$(opted IN-KW10)" f "and is not an opt-out"
equal "$(sql "SELECT count(*) FROM dun.inbound WHERE account_id = $(acc IN-KW10)")" 1 "it is in the account's inbox as a reply"

# --- nobody, or several ---------------------------------------------------------------
check "STOP from a number on no account goes in through Kannel" inject_sms 819099999999 STOP
equal "$(sql "SELECT count(*) FROM dun.inbound WHERE sender = '819099999999' AND account_id IS NULL AND opt_out")" 1 \
    "it is recorded as an opt-out with no account"
check "the supervisor sees it on the status line" wait_for "matched no account"
screen >"$TMP/alert1"
contains "$TMP/alert1" "+81******9999" "with the number masked as numbers on file are (the SMSC dropped its +)"
keys Escape
equal "$(mo +817010000040 STOP)" 200 "STOP from a number on two accounts is answered 200"
equal "$(opted IN-TWIN-A)$(opted IN-TWIN-B)" tt "it opts out both accounts (when in doubt, the opt-out is honoured)"
equal "$(sql "SELECT count(*) FROM dun.inbound WHERE sender = '+817010000040' AND account_id IS NULL")" 1 \
    "it is recorded once, on no single account"
check "the supervisor sees that too" wait_for "on 2 accounts"
sleep 1
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE target = '+817010000040'")" 0 \
    "no confirmation is sent: it is not known whose phone it is"
check "dun serve's log carries no whole number" sh -c "! grep -qE '817010000013|07010000013|819099999999' '$TMP/serve.log'"

# --- a message that does not go out, while the supervisor works -------------------------
keys Escape
printf 'ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date\nREFUSED-1,拒否 五郎,JPY,50000,ja,Asia/Tokyo,+99912345678,true,demo,2026-10-01\n' >"$TMP/refused.csv"
"$DUN" import accounts "$TMP/refused.csv" >/dev/null || not_ok "the account with a number Kannel refuses is imported"
expect_rc 0 "an SMS to a number Kannel refuses is queued" env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send REFUSED-1 --channel sms --undo 0
wait_sql 10 "SELECT state FROM dun.outbox WHERE account_id = $(acc REFUSED-1)" failed "Kannel refuses it (400): failed"
check "the supervisor is told at once, not at the next start" wait_for "an SMS to REFUSED-1 did not go out"

keys q
wait_dead >/dev/null
stop_serve
msg_finish
