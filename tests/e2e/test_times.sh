# Times on the account screen say whose they are: a Tokyo agent on a Denver
# debtor at 21:30 Denver time sees when calls open with the day (not today)
# and both clocks; the history is in the agent's time and says so.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_times
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date,jurisdiction
DEN-1,Dan Denver,USD,120.00,en,America/Denver,+13035550123,dan@example.com,true,true,demo,2026-10-01,US
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
DUN_NOW=2026-12-03T21:30:00-07:00 "$DUN" log-contact DEN-1 --channel email --target dan@example.com --outcome sent \
    --at 2026-12-03T10:00:00-07:00 >/dev/null || not_ok "an email logged that morning"

# Thu 2026-12-03 21:30 in Denver is Fri 13:30 in Tokyo.
start_dun 130 30 DUN_NOW=2026-12-03T21:30:00-07:00 -- --agent demo
check "the queue opens" wait_for "DEN-1"
check "DEN-1 opens" open_account DEN-1
check "calls open tomorrow, with the day and the debtor's zone" wait_for "opens Fri 12-04 08:00 MST"
check "and the agent's own time beside it" wait_for "(yours: Sat 12-05 00:00 JST)"
check "the email line says when it opens too" wait_for "quiet_hours, opens Fri 12-04 08:00 MST"
check "the history says whose time it shows" wait_for "times: yours (JST)"
check "a contact at 10:00 in Denver is 02:00 the next day in Tokyo" wait_for "12-04 02:00"
keys s
check "a blocked channel says when it opens, with the day and both clocks" \
    wait_for "opens Fri 12-04 08:00 MST (yours: Sat 12-05 00:00 JST)"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
