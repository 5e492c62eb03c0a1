# The workstation with an account whose stored zone cannot be loaded (issue
# 10, item 1) and one with nothing to collect (item 5): the queue says "no
# zone" instead of passing a UTC clock off as the debtor's, and blocks its
# channels; the account header says the zone is unknown; its number shows
# zone_unknown and s is refused. The account in credit shows no_balance.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_zone
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'America/New_York')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date,jurisdiction
ODD-1,Olga Odd,USD,80.00,en,America/New_York,+12125551401,true,demo,2026-10-01,US
CRED-1,Carla Credit,USD,-5.00,en,America/New_York,+12125551402,true,demo,2026-10-01,US
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
sql "UPDATE dun.accounts SET time_zones = '{America/Nowhere}' WHERE ref = 'ODD-1'" >/dev/null
company_conf

# 11:30 in New York (16:30 UTC): UTC would allow everything.
start_dun 140 30 DUN_NOW=2026-11-20T11:30:00-05:00 DUN_TUI_SENDER=false XDG_CONFIG_HOME="'$XDG_CONFIG_HOME'" -- --agent demo
check "the queue opens" wait_for "ODD-1"
screen | grep "ODD-1" >"$TMP/row"
contains "$TMP/row" "no zone" "the queue's LOCAL column says the zone is unknown"
contains "$TMP/row" "ps" "and calls and SMS are blocked (lower case)"
screen | grep "CRED-1" >"$TMP/row2"
contains "$TMP/row2" "ps" "the account in credit: blocked too"
check "ODD-1 opens" open_account ODD-1
check "the header says its zone is unknown" wait_for "UTC, zone unknown"
check "its number says zone_unknown" wait_for "zone_unknown"
keys s
check "s is refused, saying why" wait_for "cannot be loaded"
equal "$(sql "SELECT count(*) FROM dun.outbox")" 0 "nothing is queued"
keys q; wait_for "PSEL" >/dev/null
check "CRED-1 opens" open_account CRED-1
check "its number says no_balance" wait_for "no_balance"
keys s
check "s is refused: nothing to collect" wait_for "nothing to collect"
equal "$(sql "SELECT count(*) FROM dun.outbox")" 0 "nothing is queued"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
