# Account import, the merge: stored accounts and new ones in one file, a
# point given in two columns of a row, new accounts' ids in the file's
# order, and account imports taking turns (a concurrent import of the same
# new refs waits, then updates what the other one stored).
. tests/lib.sh
fresh_db import_merge
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name) VALUES ('sato', 'Sato'), ('jsmith', 'J Smith')" >/dev/null

printf 'ref,name,currency,balance,time_zone,phone_mobile,email,assigned_agent\n' >"$TMP/first.csv"
printf 'M-1,Stored One,USD,10,America/Denver,+13035550101,one@example.com,sato\n' >>"$TMP/first.csv"
expect_rc 0 "a first account imports" "$DUN" import accounts "$TMP/first.csv"
sql "INSERT INTO dun.phones (account_id, number, kind, source) SELECT id, '+13035550199', 'home', 'agent' FROM dun.accounts WHERE ref = 'M-1'" >/dev/null

# M-1 is stored: the narrower file changes its balance, mobile and agent and
# keeps its zone, email and the agent's phone; M-2 and M-3 are new.
printf 'ref,name,currency,balance,phone_mobile,phone_home,assigned_agent\n' >"$TMP/mixed.csv"
printf 'M-2,New Two,USD,20,+13035550102,+13035550102,jsmith\n' >>"$TMP/mixed.csv"
printf 'M-1,Stored One,USD,11,+13035550111,,jsmith\n' >>"$TMP/mixed.csv"
printf 'M-3,New Three,USD,30,,+13035550103,\n' >>"$TMP/mixed.csv"
# The new rows have no time_zone: inferred from their numbers (Denver's area code).
expect_rc 0 "stored and new accounts in one file import" "$DUN" import accounts "$TMP/mixed.csv"
contains "$TMP/out" "imported 3 account(s)" "counts all three rows"
acct() { sql "SELECT balance_minor || ' ' || array_to_string(time_zones, '|') || ' ' || coalesce(g.login, '-')
              FROM dun.accounts a LEFT JOIN dun.agents g ON g.id = a.assigned_agent_id WHERE a.ref = '$1'"; }
points() { sql "SELECT string_agg(x, ' ' ORDER BY x) FROM (
                  SELECT p.kind || ':' || p.number || ':' || p.source AS x FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = '$1'
                  UNION ALL SELECT e.kind || ':' || e.address FROM dun.emails e JOIN dun.accounts a ON a.id = e.account_id WHERE a.ref = '$1') s"; }
equal "$(acct M-1)" "1100 America/Denver jsmith" "the stored account: balance and agent updated, zone kept"
equal "$(points M-1)" "home:+13035550199:agent mobile:+13035550111:import personal:one@example.com" \
    "the stored account: the imported mobile replaced; the agent's phone and the email (no column) kept"
equal "$(acct M-2)" "2000 America/Denver jsmith" "a new account"
equal "$(points M-2)" "home:+13035550102:import" "a number in two columns of a new row: one phone, of the later column's kind"
equal "$(acct M-3)" "3000 America/Denver -" "a new account with no agent"
equal "$(points M-3)" "home:+13035550103:import" "a new account's home phone"
equal "$(sql "SELECT string_agg(ref, ' ' ORDER BY id) FROM dun.accounts WHERE ref IN ('M-2', 'M-3')")" "M-2 M-3" \
    "new accounts are numbered in the file's order"

# The same on a stored account: one phone, of the later column's kind; one
# email for two columns that differ only in case, spelled as the first.
printf 'ref,name,currency,balance,phone_mobile,phone_home,email,email_work\n' >"$TMP/twice.csv"
printf 'M-2,New Two,USD,20,+13035550122,+13035550122,Two@Example.com,two@example.com\n' >>"$TMP/twice.csv"
printf 'M-4,New Four,USD,40,+13035550104,+13035550104,Four@Example.com,four@example.com\n' >>"$TMP/twice.csv"
expect_rc 0 "a point in two columns imports" "$DUN" import accounts "$TMP/twice.csv"
equal "$(points M-2)" "home:+13035550122:import work:Two@Example.com" "a stored account: one phone and one email, as first spelled"
equal "$(points M-4)" "home:+13035550104:import work:Four@Example.com" "a new account: the same"
dump() { sql "SELECT a.ref, a.balance_minor, p.number, p.kind FROM dun.accounts a LEFT JOIN dun.phones p ON p.account_id = a.id ORDER BY 1, 3"; }
dump >"$TMP/before"
expect_rc 0 "the same file again imports" "$DUN" import accounts "$TMP/twice.csv"
dump >"$TMP/after"
check "the same file again changes nothing" cmp -s "$TMP/before" "$TMP/after"

# A file that changes nothing writes nothing: no account, phone or email
# gets a new row version (xmin: the transaction that wrote it), nor a new
# updated_at. (A point given in two columns of a row, as above, is still
# written once per column.)
printf 'ref,name,currency,balance,phone_mobile,email,assigned_agent\n' >"$TMP/same.csv"
printf 'M-1,Stored One,USD,11,+13035550111,one@example.com,jsmith\n' >>"$TMP/same.csv"
printf 'M-3,New Three,USD,30,+13035550103,three@example.com,\n' >>"$TMP/same.csv"
expect_rc 0 "a file of stored accounts imports" "$DUN" import accounts "$TMP/same.csv"
versions() { sql "SELECT string_agg(v, ' ' ORDER BY v) FROM (SELECT 'a' || id || ':' || xmin || ':' || updated_at AS v FROM dun.accounts
                  UNION ALL SELECT 'p' || id || ':' || xmin FROM dun.phones UNION ALL SELECT 'e' || id || ':' || xmin FROM dun.emails) s"; }
versions >"$TMP/versions.before"
expect_rc 0 "the same file again imports" "$DUN" import accounts "$TMP/same.csv"
versions >"$TMP/versions.after"
check "nor writes any account, phone or email again (not even updated_at)" \
    cmp -s "$TMP/versions.before" "$TMP/versions.after"

# Another import (here: a session following the same rule, the lock taken
# first) stores M-5 while this one runs: this one waits for it, then finds
# M-5 stored and updates it, rather than failing on the duplicate ref.
lock=$(printf '%d' 0x64756e10)
psql -X -q -v ON_ERROR_STOP=1 >"$TMP/other.out" 2>&1 <<SQL &
BEGIN;
SELECT pg_advisory_xact_lock($lock);
INSERT INTO dun.accounts (ref, debtor_name, currency, balance_minor, time_zones) VALUES ('M-5', 'Other', 'USD', 1, '{America/Denver}');
SELECT pg_sleep(1.5);
COMMIT;
SQL
other=$!
poll 5 sh -c "[ \"\$(psql -X -qAt -c \"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $lock AND granted\")\" = 1 ]"
printf 'ref,name,currency,balance,phone_mobile\nM-5,Five,USD,50,+13035550105\n' >"$TMP/five.csv"
expect_rc 0 "an import of a ref another import is storing waits, then imports" "$DUN" import accounts "$TMP/five.csv"
wait "$other"
equal "$(sql "SELECT debtor_name || ' ' || balance_minor FROM dun.accounts WHERE ref = 'M-5'")" "Five 5000" \
    "the ref stored meanwhile is updated"
equal "$(points M-5)" "mobile:+13035550105:import" "with its phone"
finish
