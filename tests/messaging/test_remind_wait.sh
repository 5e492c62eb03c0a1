# A reminder queued in quiet hours waits for the window, then goes: `dun
# remind` at 22:00 in Tokyo queues the Japanese debtor's SMS released at
# 08:00; dun serve running at 22:00 hands nothing to Kannel, and the phone
# (fakesmsc) gets it once dun serve's clock has passed 08:00.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_remind_wait
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,due_date,prior_delinquencies
WAIT-JA,山田 花子,JPY,50000,ja,Asia/Tokyo,+819012340921,true,2026-11-22,3
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "account imported"
clock_at() { CLOCK_BASE=$(date -u -d "$1" +%s); CLOCK_REAL0=$(date +%s); }

clock_at 2026-11-19T13:00:00Z # 22:00 in Tokyo
expect_rc 0 "dun remind at 22:00 in Tokyo" env DUN_NOW="$(now_iso)" "$DUN" remind --holdout 0
contains "$TMP/out" "WAIT-JA	sms	remind_casual	treatment	stratum 3	waits_for_window" "the reminder waits for the window"
contains "$TMP/out" "released 2026-11-20T08:00:00+09:00" "until 08:00 in Tokyo"
check "dun serve starts at 22:00" start_serve || msg_finish
sleep 3
equal "$(phone_count +819012340921)" 0 "in quiet hours nothing reaches the phone"
equal "$(sql "SELECT state FROM dun.outbox")" queued "the message is still queued"
stop_serve

clock_at 2026-11-19T23:00:05Z # 08:00:05 in Tokyo
check "dun serve starts again after 08:00" start_serve || msg_finish
check "the phone gets the reminder once the window is open" poll 20 phone_has +819012340921
check "and it is recorded as sent" poll 10 sql_is "SELECT state IN ('sent', 'delivered') FROM dun.outbox" t
stop_serve

# A message due two seconds before quiet hours is not claimed: the sender
# may start a claimed message up to a second later, so the claim checks
# that moment too (rounded up), and the message waits for 08:00.
cat >"$TMP/acc2.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,oldest_unpaid_due_date
WAIT-JB,山田 次郎,JPY,30000,ja,Asia/Tokyo,+819012340922,true,2026-11-01
CSV
"$DUN" import accounts "$TMP/acc2.csv" >/dev/null || not_ok "a second account imported"
clock_at 2026-11-20T11:59:58Z # 20:59:58 in Tokyo
expect_rc 0 "an SMS is queued at 20:59:58 in Tokyo" env DUN_NOW="$(now_iso)" "$DUN" send WAIT-JB --channel sms --undo 0
check "dun serve starts before 21:00" start_serve || msg_finish
sleep 3
equal "$(phone_count +819012340922)" 0 "nothing reaches the phone"
equal "$(sql "SELECT state || ' ' || to_char(next_attempt_at AT TIME ZONE 'Asia/Tokyo', 'HH24:MI')
              FROM dun.outbox ORDER BY id DESC LIMIT 1")" "queued 08:00" "the message waits for 08:00"
stop_serve
msg_finish
