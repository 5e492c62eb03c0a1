# Every candidate zone counts (issue 10, item 1): an account may have any
# number of zones, and the compliance loader checks every one of them; a
# stored zone that cannot be loaded blocks every channel the policy checks
# by the debtor's clock (zone_unknown), never falling back to UTC.
. tests/lib.sh
fresh_db zones
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'America/New_York')" >/dev/null
export DUN_SPOOL_DIR="$TMP/spool" DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool
company_conf

# 06:30 in Honolulu is 11:30 in New York, 10:30 in Chicago, 09:30 in Denver
# and 08:30 in Los Angeles: only the fifth zone is in quiet hours.
export DUN_NOW=2026-11-20T06:30:00-10:00
five='America/New_York|America/Chicago|America/Denver|America/Los_Angeles|Pacific/Honolulu'
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date,address
ONE-1,One Zone,USD,100.00,en,America/New_York,+12125550102,one@example.com,true,true,demo,2026-10-01,2 Main St
ODD-1,Odd Zone,USD,100.00,en,America/New_York,+12125550103,odd@example.com,true,true,demo,2026-10-01,3 Main St
NONE-1,No Zone,USD,100.00,en,America/New_York,+12125550104,none@example.com,true,true,demo,2026-10-01,4 Main St
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
cat >"$TMP/five.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,assigned_agent,oldest_unpaid_due_date,address
FIVE-1,Five Zones,USD,100.00,en,$five,+12125550101,five@example.com,true,true,demo,2026-10-01,1 Main St
CSV
expect_rc 0 "an account with five candidate zones imports" "$DUN" import accounts "$TMP/five.csv"
equal "$(sql "SELECT array_to_string(time_zones, '|') FROM dun.accounts WHERE ref = 'FIVE-1'")" "$five" \
    "all five zones are stored"
# What an import before the stopgap stored, whatever the import says today.
sql "INSERT INTO dun.accounts (ref, debtor_name, currency, balance_minor, language, time_zones, oldest_unpaid_due_date, sms_consent, email_consent, postal_address, assigned_agent_id)
     SELECT 'FIVE-1', 'Five Zones', 'USD', 10000, 'en', string_to_array('$five', '|'), '2026-10-01', true, true, '1 Main St', id
       FROM dun.agents WHERE login = 'demo' ON CONFLICT (ref) DO NOTHING" >/dev/null
sql "INSERT INTO dun.phones (account_id, number, kind) SELECT id, '+12125550101', 'mobile' FROM dun.accounts WHERE ref = 'FIVE-1' ON CONFLICT DO NOTHING" >/dev/null

verdict() { # verdict FILE CHANNEL -> "allowed code code ..."
    /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
v=[x for x in d['verdicts'] if x['channel']==sys.argv[2]][0]
print(' '.join([str(v['allowed']).lower()] + [r['code'] for r in v['reasons']]))" "$1" "$2"
}

# --- the issue's example: the fifth zone is checked -------------------------------------
"$DUN" contact-check FIVE-1 --json >"$TMP/five.json"
equal "$(verdict "$TMP/five.json" phone)" "false quiet_hours" "contact-check: a call at 06:30 in Honolulu is blocked"
contains "$TMP/five.json" "it is 06:30 in Pacific/Honolulu" "naming the fifth zone"
equal "$(verdict "$TMP/five.json" sms)" "false quiet_hours" "so is an SMS"
equal "$(verdict "$TMP/five.json" letter)" "true" "a letter is not time-bound"
expect_rc 3 "log-contact refuses the call (exit 3)" \
    "$DUN" log-contact FIVE-1 --channel phone --target +12125550101 --outcome no_answer
contains "$TMP/err" "quiet_hours: it is 06:30 in Pacific/Honolulu" "with the reason"
expect_rc 3 "send refuses the SMS (exit 3)" "$DUN" --agent demo send FIVE-1 --channel sms
contains "$TMP/err" "quiet_hours: it is 06:30 in Pacific/Honolulu" "with the reason"
equal "$(sql "SELECT count(*) FROM dun.contacts")" 0 "nothing is recorded"
equal "$(sql "SELECT count(*) FROM dun.outbox")" 0 "nothing is queued"

# Zones stored by an older version (before the import's limit) count too.
sql "UPDATE dun.accounts SET time_zones = '{America/New_York,America/Chicago,America/Denver,America/Los_Angeles,America/Phoenix,America/Anchorage,Pacific/Honolulu}' WHERE ref = 'ONE-1'" >/dev/null
"$DUN" contact-check ONE-1 --json >"$TMP/seven.json"
equal "$(verdict "$TMP/seven.json" phone)" "false quiet_hours" "seven stored zones: the seventh blocks the call"
expect_rc 0 "at 08:00 in Honolulu the call is allowed in all seven" \
    env DUN_NOW=2026-11-20T08:00:00-10:00 "$DUN" log-contact ONE-1 --channel phone --target +12125550102 --outcome no_answer

# --- a zone that cannot be loaded: blocked, never UTC ------------------------------------------
# 11:30 in New York; "America/Nowhere" is no zone. UTC would allow it (16:30).
sql "UPDATE dun.accounts SET time_zones = '{America/New_York,America/Nowhere}', jurisdiction = 'US' WHERE ref = 'ODD-1'" >/dev/null
"$DUN" contact-check ODD-1 --json >"$TMP/odd.json"
equal "$(verdict "$TMP/odd.json" phone)" "false zone_unknown" "a misspelt stored zone blocks the call (zone_unknown)"
equal "$(verdict "$TMP/odd.json" sms)" "false zone_unknown" "and the SMS"
equal "$(verdict "$TMP/odd.json" email)" "false zone_unknown" "and the email"
equal "$(verdict "$TMP/odd.json" letter)" "true" "a letter, which no clock rule checks, is allowed"
contains "$TMP/odd.json" 'the time zone \"America/Nowhere\" cannot be loaded' "the reason names the zone"
contains "$TMP/odd.json" '"next_allowed": null' "and time alone does not open it"
expect_rc 3 "log-contact refuses a call on it" \
    "$DUN" log-contact ODD-1 --channel phone --target +12125550103 --outcome no_answer
contains "$TMP/err" "zone_unknown:" "saying zone_unknown"
expect_rc 3 "send refuses an SMS on it" "$DUN" --agent demo send ODD-1 --channel sms
contains "$TMP/err" "zone_unknown:" "saying zone_unknown"

# Only an unknown zone: not UTC either.
sql "UPDATE dun.accounts SET time_zones = '{Mars/Olympus}', jurisdiction = 'US' WHERE ref = 'NONE-1'" >/dev/null
"$DUN" contact-check NONE-1 --json >"$TMP/none.json"
equal "$(verdict "$TMP/none.json" phone)" "false zone_unknown" "an account whose only zone is unknown: the call is blocked"
"$DUN" contact-check NONE-1 >"$TMP/none.txt"
contains "$TMP/none.txt" "zone_unknown" "the text output says why"
contains "$TMP/none.txt" "times in UTC: the debtor's zone is unknown" "and says its times are shown in UTC"
expect_rc 3 "log-contact refuses it" \
    "$DUN" log-contact NONE-1 --channel phone --target +12125550104 --outcome no_answer
equal "$(sql "SELECT count(*) FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id WHERE a.ref IN ('ODD-1', 'NONE-1')")" 0 \
    "nothing is recorded on them"
finish
