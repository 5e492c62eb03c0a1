#!/bin/sh
# `dun import accounts` at 200,000 rows (called by tests/bench/run; alone:
# pg_virtualenv -t -i '-E UTF8 --locale=C.UTF-8' sh tests/bench/import.sh).
# The file has the columns an agency sends (ref, name, currency, balance,
# time_zone, due_date, phone_mobile, email, sms_consent, assigned_agent).
# Three imports of new accounts (the previous run's deleted and vacuumed
# away), interleaved with the baseline: typed COPY of the same rows into a
# regular table with a primary key on ref. Medians; target: dun <= 3x COPY.
# The work is checked after each run: 200,000 accounts with their 200,000
# mobile numbers and 200,000 emails; a run that did less fails.
set -eu
cd "$(dirname "$0")/../.."
DUN=${DUN:-build/dun}
. tests/bench/lib.sh
N=${BENCH_IMPORT_ROWS:-200000}
RUNS=3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sql() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }

"$DUN" migrate >/dev/null
if [ "$(sql -c "SELECT count(*) FROM dun.agents WHERE login = 'jsmith'")" -eq 0 ]; then
    "$DUN" demo-data --accounts 1000 >/dev/null # the agents the rows are assigned to
fi
# The same rows twice: as the agency's file, and typed for the baseline
# (balance in minor units, the zone as an array).
awk -v n="$N" -v csv="$tmp/accounts.csv" -v typed="$tmp/typed.csv" 'BEGIN {
    print "ref,name,currency,balance,time_zone,due_date,phone_mobile,email,sms_consent,assigned_agent" >csv
    for (i = 1; i <= n; i++) {
        printf "BENCH-%07d,Bench Debtor %d,USD,%d.%02d,America/Chicago,2026-12-01,+1312%07d,b%d@example.com,true,jsmith\n",
               i, i, i % 5000, i % 100, i, i >csv
        printf "BENCH-%07d,Bench Debtor %d,USD,%d,{America/Chicago},2026-12-01,+1312%07d,b%d@example.com,true,jsmith\n",
               i, i, (i % 5000) * 100 + i % 100, i, i >typed
    }
}'

imported() {
    sql -c "SELECT (SELECT count(*) FROM dun.accounts WHERE ref LIKE 'BENCH-%'),
                   (SELECT count(*) FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id
                     WHERE a.ref LIKE 'BENCH-%' AND p.kind = 'mobile' AND p.number LIKE '+1312%'),
                   (SELECT count(*) FROM dun.emails e JOIN dun.accounts a ON a.id = e.account_id
                     WHERE a.ref LIKE 'BENCH-%' AND e.kind = 'personal')"
}
forget() { # the imported accounts (their phones and emails cascade), as if never imported
    sql -c "DELETE FROM dun.accounts WHERE ref LIKE 'BENCH-%'" >/dev/null
    sql -c "VACUUM ANALYZE dun.accounts, dun.phones, dun.emails" >/dev/null
}
forget
dun_s="" copy_s=""
for run in $(seq $RUNS); do
    t0=$(now)
    "$DUN" import accounts "$tmp/accounts.csv" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; exit 1; }
    t1=$(now)
    got=$(imported)
    if [ "$got" != "$N|$N|$N" ]; then
        echo "import accounts: WRONG: run $run left accounts|phones|emails = $got, not $N|$N|$N" >&2
        exit 1
    fi
    forget
    dun_s="$dun_s $(awk "BEGIN { print $t1 - $t0 }")"

    sql -c "DROP TABLE IF EXISTS public.bench_copy" >/dev/null
    sql -c "CREATE TABLE public.bench_copy (ref text PRIMARY KEY, name text NOT NULL, currency char(3) NOT NULL,
            balance_minor bigint NOT NULL, time_zones text[] NOT NULL, due_date date, phone text, email text,
            sms_consent boolean NOT NULL, assigned_agent text)" >/dev/null
    t0=$(now)
    sql -c "\\copy public.bench_copy FROM '$tmp/typed.csv' WITH (FORMAT csv)" >/dev/null
    t1=$(now)
    copied=$(sql -c "SELECT count(*) FROM public.bench_copy")
    [ "$copied" -eq "$N" ] || { echo "import accounts: the baseline copied $copied rows, not $N" >&2; exit 1; }
    copy_s="$copy_s $(awk "BEGIN { print $t1 - $t0 }")"
done
sql -c "DROP TABLE public.bench_copy" >/dev/null
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# shellcheck disable=SC2086 # the lists are words on purpose
d=$(median $dun_s) c=$(median $copy_s)
figure "dun import accounts: $N new accounts with a mobile and an email (runs dun/COPY:$dun_s /$copy_s)" \
    "$(printf '%.2f s' "$d")" "$(printf '%.2f s typed COPY, a table with a primary key' "$c")" "<= 3x" \
    "$(verdict "$(echo "$d / $c" | bc -l)" '<=' 3)"
