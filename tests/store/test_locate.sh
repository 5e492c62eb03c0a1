# Where the debtor is (issue 9): an account imported without a time zone
# takes the zones its phone numbers and address indicate, or is refused; it
# never silently becomes UTC under policy JP. The policy follows the zones,
# and an account with no policy is never contacted.
. tests/lib.sh
fresh_db locate
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('jsmith', 'J Smith', 'America/New_York')" >/dev/null

zones() { sql "SELECT array_to_string(time_zones, '|') FROM dun.accounts WHERE ref = '$1'"; }
policy() { sql "SELECT coalesce(p.policy_code, 'none') FROM dun.account_policy p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = '$1'"; }
jurisdiction() { sql "SELECT coalesce(jurisdiction, 'none') FROM dun.accounts WHERE ref = '$1'"; }
# verdict REF AT CHANNEL: "allowed reason,reason" of the channel's first verdict
verdict() {
    "$DUN" contact-check "$1" --at "$2" --json | /usr/bin/python3 -c "
import json, sys
v = [v for v in json.load(sys.stdin)['verdicts'] if v['channel'] == '$3'][0]
print(str(v['allowed']).lower(), ','.join(r['code'] for r in v['reasons']))"
}

# The issue's case: USD, language en, a +1 212 number, time_zone present but empty.
cat >"$TMP/ny.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,due_date,oldest_unpaid_due_date
NY-1,Jane Doe,USD,250.00,en,,+1 212 555 0147,true,jsmith,2026-12-01,2026-10-01
CSV
expect_rc 0 "a USD account with a +1 212 number and no time zone imports" "$DUN" import accounts "$TMP/ny.csv"
equal "$(zones NY-1)" "America/New_York" "its zone is New York's, from the area code (not UTC)"
equal "$(policy NY-1)" "US" "its policy is US (not JP)"
"$DUN" contact-check NY-1 --at 2026-11-20T07:00:00-05:00 >"$TMP/cc.txt"
contains "$TMP/cc.txt" "policy US" "contact-check says policy US"
equal "$(verdict NY-1 2026-11-20T07:00:00-05:00 phone)" "false quiet_hours" "a call at 07:00 New York time is blocked by quiet hours"
expect_rc 3 "log-contact at 07:00 New York time is refused" \
    "$DUN" log-contact NY-1 --channel phone --target +12125550147 --outcome no_answer --at 2026-11-20T07:00:00-05:00
contains "$TMP/err" "quiet_hours" "naming quiet_hours"
equal "$(sql "SELECT count(*) FROM dun.contacts")" "0" "and nothing is recorded"

# Nothing to infer from: refused with FILE:LINE, nothing imported.
cat >"$TMP/none.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,phone_home,address
JP-1,山田 太郎,JPY,1000,ja,,+81 90 1111 2222,,
NONE-1,No Clue,USD,10.00,en,,,,
JA-1,言語 だけ,JPY,1000,ja,,,,
CA-1,Toronto Number,USD,10.00,en,,+1 416 555 0100,,
TF-1,Toll Free,USD,10.00,en,,,+1 800 555 0100,Somewhere
CSV
f="$TMP/none.csv"
expect_rc 1 "rows with nothing to infer a zone from are refused" "$DUN" import accounts "$f"
contains "$TMP/err" "$f:3: time_zone: empty, and no time zone can be inferred from the phone numbers or the address" \
    "a row with no number and no address is named with FILE:LINE"
contains "$TMP/err" "give the debtor's IANA zone(s), e.g. America/New_York" "the message says what to do"
contains "$TMP/err" "$f:4: time_zone:" "language ja alone no longer decides the zone"
contains "$TMP/err" "$f:5: time_zone:" "a Canadian area code says nothing"
contains "$TMP/err" "$f:6: time_zone:" "a toll-free number and an address without a state say nothing"
equal "$(sql "SELECT count(*) FROM dun.accounts WHERE ref <> 'NY-1'")" "0" "all or nothing: no row written"
expect_rc 1 "with --partial the others go in" "$DUN" import accounts "$f" --partial
contains "$TMP/out" "imported 1 account(s), rejected 4 row(s)" "and the refused rows are counted"
contains "$TMP/err" "$f:3: time_zone: empty" "and named"
equal "$(zones JP-1)" "Asia/Tokyo" "a +81 number puts the debtor in Tokyo"
equal "$(policy JP-1)" "JP" "under JP"

# An existing account re-imported with an empty time_zone keeps its zones.
printf 'ref,name,currency,balance,time_zone,phone_mobile\nEX-1,Moved Away,USD,10.00,America/Chicago,+1 212 555 0199\n' >"$TMP/ex1.csv"
expect_rc 0 "an account with a given zone imports" "$DUN" import accounts "$TMP/ex1.csv"
equal "$(zones EX-1)" "America/Chicago" "the given zone wins over the area code"
printf 'ref,name,currency,balance,time_zone,phone_mobile\nEX-1,Moved Away,USD,20.00,,+1 212 555 0199\nJP-1,山田 太郎,JPY,2000,,\n' >"$TMP/ex2.csv"
expect_rc 0 "re-imported with an empty time_zone" "$DUN" import accounts "$TMP/ex2.csv"
equal "$(zones EX-1) $(sql "SELECT balance_minor FROM dun.accounts WHERE ref = 'EX-1'")" "America/Chicago 2000" \
    "an existing account keeps its stored zones (the rest of the row is updated)"
equal "$(zones JP-1)" "Asia/Tokyo" "even with nothing left to infer from"
printf 'ref,name,currency,balance,jurisdiction\nEX-1,Moved Away,USD,30.00,\n' >"$TMP/ex3.csv"
sql "UPDATE dun.accounts SET jurisdiction = 'US' WHERE ref = 'EX-1'" >/dev/null
expect_rc 0 "re-imported with an empty jurisdiction" "$DUN" import accounts "$TMP/ex3.csv"
equal "$(jurisdiction EX-1)" "US" "an existing account keeps its jurisdiction"

# Addresses: a US state before a ZIP code, or a Japanese address.
cat >"$TMP/addr.csv" <<'CSV'
ref,name,currency,balance,address,phone_mobile
TX-1,Texan,USD,10.00,"100 Congress Ave, Austin TX 78701-1234",
NYA-1,New Yorker,USD,10.00,"1 Main St, New York, NY 10001",
JPA-1,大阪 花子,JPY,1000,大阪府大阪市北区1-1,
MIX-1,Two Countries,USD,10.00,"1 Main St, New York, NY 10001",+81 90 3333 4444
CSV
f="$TMP/addr.csv"
expect_rc 1 "a row whose zones give no jurisdiction is refused" "$DUN" import accounts "$f" --partial
equal "$(zones TX-1)" "America/Chicago|America/Denver" "a Texas address gives both Central and Mountain candidates"
equal "$(policy TX-1)" "US" "under US"
equal "$(zones NYA-1)" "America/New_York" "a New York address gives New York"
equal "$(zones JPA-1)" "Asia/Tokyo" "a Japanese prefecture gives Tokyo"
equal "$(policy JPA-1)" "JP" "under JP"
contains "$TMP/err" "$f:5: jurisdiction: empty, and none can be inferred from the time zones (Asia/Tokyo, America/New_York)" \
    "a +81 number with a New York address: no jurisdiction, refused with FILE:LINE"
contains "$TMP/err" "give JP, US or a code from dun.policies" "saying what to do"
equal "$(sql "SELECT count(*) FROM dun.accounts WHERE ref = 'MIX-1'")" "0" "and not imported"

# With a creditor policy, the jurisdiction stays empty and the creditor's policy applies.
sql "INSERT INTO dun.creditor_policies VALUES ('Acme Card US', 'US')" >/dev/null
cat >"$TMP/cred.csv" <<'CSV'
ref,name,currency,balance,creditor,time_zone,address,phone_mobile
MIX-1,Two Countries,USD,10.00,Acme Card US,,"1 Main St, New York, NY 10001",+81 90 3333 4444
UK-1,London Debtor,GBP,10.00,Acme Card US,Europe/London,,
UK-2,London Debtor,GBP,10.00,,Europe/London,,
CSV
f="$TMP/cred.csv"
expect_rc 1 "only the row without a creditor policy or a jurisdiction is refused" "$DUN" import accounts "$f" --partial
equal "$(zones MIX-1)" "Asia/Tokyo|America/New_York" "both countries' zones are candidates"
equal "$(jurisdiction MIX-1) $(policy MIX-1)" "none US" "with a creditor policy: jurisdiction empty, the creditor's policy"
equal "$(jurisdiction UK-1) $(policy UK-1)" "none US" "a zone outside JP and US under a creditor policy"
contains "$TMP/err" "$f:4: jurisdiction: empty, and none can be inferred from the time zones (Europe/London)" \
    "without one, a London debtor needs a jurisdiction"

# The US zone list is in two places, core/locate.c (the import's rule) and
# migration 012 (the view's): the same names, and the same verdict for each.
quoted() { grep -o '"[^"]*"\|'"'"'[^'"'"']*'"'" | tr -d "\"'" | sort; }
sed -n '/^static const char \*const us_zones\[\] = {/,/^};/p' core/locate.c | quoted >"$TMP/us_c"
sed -n '/WHEN zones <@ ARRAY\[$/,/\] THEN/p' core/db/sql/012_account_location.sql | grep -v THEN | quoted >"$TMP/us_sql"
check "the two lists are not empty" test "$(wc -l <"$TMP/us_c")" -gt 50
check "core/locate.c and migration 012 name the same US zones" cmp -s "$TMP/us_c" "$TMP/us_sql"
{ echo "ref,name,currency,balance,time_zone"; n=0
  while read -r z; do n=$((n + 1)); echo "USZ-$n,Zone $z,USD,1.00,$z"; done <"$TMP/us_sql"
  for z in UTC Europe/London America/Toronto America/Mexico_City America/Anguilla EST5EDT; do
      n=$((n + 1)); echo "NUS-$n,Zone $z,USD,1.00,$z"; done; } >"$TMP/zones.csv"
"$DUN" import accounts "$TMP/zones.csv" --partial >"$TMP/out" 2>"$TMP/err"
equal "$(grep -c ': jurisdiction: empty' "$TMP/err")" "6" "the import refuses exactly the zones outside the US and Japan"
equal "$(sql "SELECT count(*) FROM dun.accounts WHERE ref LIKE 'USZ-%'")" "$(wc -l <"$TMP/us_sql")" \
    "and accepts every US zone (the import's list)"
equal "$(sql "SELECT count(*) FROM dun.account_policy p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref LIKE 'USZ-%' AND p.policy_code = 'US'")" \
    "$(wc -l <"$TMP/us_sql")" "each of which the view puts under US (the view's list)"
equal "$(sql "SELECT count(*) FROM unnest('{UTC,Europe/London,America/Toronto,America/Mexico_City,America/Anguilla,EST5EDT}'::text[]) z WHERE dun.zones_jurisdiction(ARRAY[z]) IS NULL")" \
    "6" "and the view puts none of the others under a policy"

# No policy: never contacted, on every path, with one reason.
sql "UPDATE dun.accounts SET time_zones = '{UTC}' WHERE ref = 'NY-1'" >/dev/null
equal "$(policy NY-1)" "none" "an account stored in UTC without jurisdiction has no policy (no guess)"
"$DUN" contact-check NY-1 --at 2026-11-20T12:00:00-05:00 >"$TMP/np.txt"; rc=$?
equal "$rc" "0" "contact-check of an account with no policy works"
contains "$TMP/np.txt" "policy none" "and says it has no policy"
contains "$TMP/np.txt" "no_policy" "with the reason no_policy"
check "no channel is allowed" sh -c "! grep -q ALLOWED '$TMP/np.txt'"
"$DUN" contact-check NY-1 --at 2026-11-20T12:00:00-05:00 --json >"$TMP/np.json"
equal "$(/usr/bin/python3 -c "
import json, sys
d = json.load(open('$TMP/np.json'))
print(d['policy'], all(not v['allowed'] and 'no_policy' in [r['code'] for r in v['reasons']] and v['next_allowed'] is None
                        for v in d['verdicts']), len(d['verdicts']))")" "None True 4" \
    "JSON: policy null, every channel blocked by no_policy, opening only when the data changes"
expect_rc 3 "log-contact is refused" \
    "$DUN" log-contact NY-1 --channel phone --target +12125550147 --outcome no_answer --at 2026-11-20T12:00:00-05:00
contains "$TMP/err" "no_policy" "naming no_policy"
contains "$TMP/err" "jurisdiction" "and saying to set the jurisdiction"
mkdir -p "$TMP/conf/dun"
printf 'company = Test Finance\ncompany_phone = 0120-000-000\n' >"$TMP/conf/dun/dun.conf"
chmod 600 "$TMP/conf/dun/dun.conf"
XDG_CONFIG_HOME="$TMP/conf" DUN_NOW=2026-11-20T12:00:00-05:00 expect_rc 3 "dun send is refused (the account loads)" \
    "$DUN" send NY-1 --channel sms
contains "$TMP/err" "no_policy" "naming no_policy"
equal "$(sql "SELECT count(*) FROM dun.outbox")" "0" "and nothing is queued"
DUN_NOW=2026-11-20T12:00:00-05:00 "$DUN" queue --agent jsmith --json >"$TMP/q.json"
contains "$TMP/q.json" '"phone": "blocked", "sms": "blocked"' "the queue shows its channels blocked"
finish
