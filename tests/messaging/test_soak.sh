# The kill test (issue 10, item 16): SIGKILL of dun serve at a random point
# of a batch of SOAK_MESSAGES (1,000) SMS into Kannel and its fakesmsc
# phone, SOAK_ROUNDS times (1 in `make test`, 5 in `make soak`). After each
# round: the phone received each message at most once; every message is in
# a final state (sent, delivered, failed) or unknown; one marked sent or
# delivered arrived exactly once, one marked failed never did; and every
# unknown counts toward the SMS interval (the debtors are in Japan: one SMS
# a day, so each round is 25 hours after the last).
# The batch is written into the outbox by SQL, as outbox_enqueue writes it
# (the contact row, then the message), so that the round is about the
# sender (dun send's own path is test_send.sh's subject); each text is
# unique, so the phone's log tells which message arrived how often.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
ROUNDS=${SOAK_ROUNDS:-1} N=${SOAK_MESSAGES:-1000}
setup_db msg_soak
{
    echo "ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date"
    k=1
    while [ $k -le "$N" ]; do
        printf 'SOAK-%04d,Soak Debtor %04d,JPY,50000,ja,Asia/Tokyo,+8190300%05d,true,demo,2026-10-01\n' $k $k $k
        k=$((k + 1))
    done
} >"$TMP/acc.csv"
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "$N accounts imported"
PHONE="$KANNEL_DIR/phone.log"
CLOCK0=$CLOCK_BASE
began=$(date +%s)

clock_epoch() { echo $((CLOCK_BASE + $(date +%s) - CLOCK_REAL0)); }
random() { od -An -N4 -tu4 /dev/urandom | tr -d ' '; }
# queue_batch PREFIX: one message per SOAK account, due now
queue_batch() {
    at=$(clock_epoch)
    sql "WITH c AS (INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id, target, note)
                    SELECT a.id, 'sms', 'out', to_timestamp($at), 'queued', ag.id, p.number, 'soak'
                      FROM dun.accounts a JOIN dun.phones p ON p.account_id = a.id
                      JOIN dun.agents ag ON ag.login = 'demo'
                     WHERE a.ref LIKE 'SOAK-%' RETURNING id, account_id, agent_id, target)
         INSERT INTO dun.outbox (account_id, agent_id, contact_id, channel, template, target, body, release_at,
                                 next_attempt_at, created_at, updated_at)
         SELECT c.account_id, c.agent_id, c.id, 'sms', 'soak', c.target, '$1' || a.ref, to_timestamp($at),
                to_timestamp($at), to_timestamp($at), to_timestamp($at)
           FROM c JOIN dun.accounts a ON a.id = c.account_id" >/dev/null
}
count_ge() { [ "$(sql "$1")" -ge "$2" ]; }
settled() { s1=$(stat -c %s "$PHONE"); sleep 1; [ "$s1" = "$(stat -c %s "$PHONE")" ]; }
# in_interval REF: dun contact-check blocks its SMS by the interval
in_interval() {
    env DUN_NOW="$(now_iso)" "$DUN" contact-check "$1" --json |
        /usr/bin/python3 -c 'import json, sys
v = [v for v in json.load(sys.stdin)["verdicts"] if v["channel"] == "sms"][0]
sys.exit(0 if not v["allowed"] and any(r["code"] == "interval" for r in v["reasons"]) else 1)'
}

r=1
while [ "$r" -le "$ROUNDS" ]; do
    CLOCK_BASE=$((CLOCK0 + (r - 1) * 90000)) # 25 hours later each round
    prefix="soak-r$r-"
    mine="FROM dun.outbox WHERE body LIKE '$prefix%'"
    queue_batch "$prefix"
    offset=$(stat -c %s "$PHONE")
    aim=$((N / 10 + $(random) % (N * 8 / 10)))
    # A rate and several connections, so that at the kill some messages are
    # in Kannel's hands and some claimed but not yet handed over.
    start_serve DUN_SMS_RATE=250 DUN_SMS_CONNECTIONS=8 || not_ok "round $r: dun serve starts"
    poll 60 count_ge "SELECT count(*) $mine AND state <> 'queued'" "$aim"
    stop_serve KILL
    equal "$SERVE_RC" 137 "round $r: dun serve is killed with SIGKILL after about $aim of $N messages left the queue"
    echo "# round $r at the kill: $(sql "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) AS n $mine GROUP BY state ORDER BY state) s")"
    poll 10 sql_is "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-serve-$$'" 0
    start_serve || not_ok "round $r: dun serve starts again"
    wait_sql 60 "SELECT count(*) $mine AND state IN ('queued', 'sending')" 0 "round $r: no message is left queued or sending"
    poll 30 settled
    sql "SELECT body || E'\t' || state $mine ORDER BY id" >"$TMP/round.tsv"
    if /usr/bin/python3 tests/messaging/soak_check.py "$PHONE" "$offset" "$TMP/round.tsv" "$prefix" >"$TMP/check.out"; then
        ok "round $r: the phone got each message at most once; sent and delivered ones once, failed ones never"
    else
        not_ok "round $r: what the phone got does not match the outbox"; sed 's/^/    | /' "$TMP/check.out"
    fi
    echo "# round $r: $(tail -1 "$TMP/check.out")"
    equal "$(sql "SELECT count(*) $mine AND state NOT IN ('sent', 'delivered', 'failed', 'unknown')")" 0 \
        "round $r: every message is in a final state or unknown"
    stop_serve
    unknown=$(sql "SELECT string_agg(a.ref, ' ') FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id
                    WHERE o.body LIKE '$prefix%' AND o.state = 'unknown'")
    blocked=0 open=""
    for ref in $unknown; do
        if in_interval "$ref"; then blocked=$((blocked + 1)); else open="$open $ref"; fi
    done
    equal "$open" "" "round $r: every unknown message ($blocked) counts toward the SMS interval"
    r=$((r + 1))
done
echo "# $ROUNDS round(s) of $N messages in $(($(date +%s) - began)) s"
msg_finish
