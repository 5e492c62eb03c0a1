#!/bin/sh
# dun remind at 100,000 reminders (called by tests/bench/run on a scratch
# copy of a book; source tests/bench/lib.sh first): a book of
# 100,000 accounts due in 3 days (half in Tokyo, half in Chicago, both in
# their window at DUN_NOW), late 2 to 6 times before, nine in ten with SMS
# consent and the rest by email. Times one `dun remind --holdout 10` (target:
# 60 s), beside the baseline of writing the same rows with raw COPY: the
# messages, contacts and assignments dun wrote, exported and copied into
# empty tables of the same shape, indexes included. The work is checked: as
# many assignments as selected accounts, and as many queued messages as the
# summary says, each with its contact and link. A run that queued too few fails.
# One run: it writes 100,000 accounts' reminders, and a second run would
# find them assigned.
set -eu
DUN=${DUN:-build/dun}
N=${BENCH_REMINDERS:-100000}
. tests/bench/lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sql() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
export XDG_CONFIG_HOME="$tmp/config" DUN_PUBLIC_URL=https://pay.bench.example
mkdir -p "$XDG_CONFIG_HOME/dun"
printf 'company = Bench Finance\ncompany_ja = ベンチ債権回収\ncompany_phone = 0120-123-456\n' >"$XDG_CONFIG_HOME/dun/dun.conf"
chmod 600 "$XDG_CONFIG_HOME/dun/dun.conf"

sql -v n="$N" >/dev/null <<'SQL'
INSERT INTO dun.accounts (ref, debtor_name, language, time_zones, balance_minor, currency, due_date,
                          prior_delinquencies, sms_consent, email_consent)
SELECT 'REMIND-' || lpad(i::text, 7, '0'), CASE WHEN i % 2 = 0 THEN '山田 ' || i ELSE 'Remind Debtor ' || i END,
       CASE WHEN i % 2 = 0 THEN 'ja' ELSE 'en' END,
       CASE WHEN i % 2 = 0 THEN '{Asia/Tokyo}'::text[] ELSE '{America/Chicago}'::text[] END,
       1000 + i % 500000, CASE WHEN i % 2 = 0 THEN 'JPY' ELSE 'USD' END,
       CASE WHEN i % 2 = 0 THEN DATE '2026-11-25' ELSE DATE '2026-11-24' END, 2 + i % 5, i % 10 <> 0, true
  FROM generate_series(1, :n) i;
INSERT INTO dun.phones (account_id, number, kind)
SELECT id, CASE WHEN language = 'ja' THEN '+8190' || lpad((id % 100000000)::text, 8, '0')
                ELSE '+1312' || lpad((id % 10000000)::text, 7, '0') END, 'mobile'
  FROM dun.accounts WHERE ref LIKE 'REMIND-%';
INSERT INTO dun.emails (account_id, address, kind, consent)
SELECT id, 'r' || id || '@example.com', 'personal', true FROM dun.accounts WHERE ref LIKE 'REMIND-%' AND NOT sms_consent;
ANALYZE;
SQL

t0=$(now)
"$DUN" remind --holdout 10 --json >"$tmp/run.json"
t1=$(now)
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$tmp/run.json" "$1"; }
selected=$(j 'd["selected"]'); queued=$(j 'd["queued"]')
assigned=$(sql -c "SELECT count(*) FROM dun.reminder_assignments r JOIN dun.accounts a ON a.id = r.account_id
                   WHERE a.ref LIKE 'REMIND-%'")
# This run's rows only (the demo book has reminders of its own, from past cycles).
RUN="dun.reminder_assignments r JOIN dun.outbox o ON o.id = r.message_id WHERE r.assigned_at = '$DUN_NOW'"
messages=$(sql -c "SELECT count(*) FROM $RUN AND EXISTS (SELECT 1 FROM dun.contacts c WHERE c.id = o.contact_id)
                   AND EXISTS (SELECT 1 FROM dun.links l WHERE l.outbox_id = o.id)")
if [ "$assigned" -ne "$N" ] || [ "$messages" -ne "$queued" ] || [ "$queued" -lt $((N * 8 / 10)) ]; then
    head -c 2000 "$tmp/run.json" >&2
    bench_die "dun remind did not do the work: $assigned of the $N accounts assigned, $queued queued," \
        "$messages messages with their contact and link"
fi

# The baseline: the same rows, written by raw COPY into empty tables shaped
# like dun's (indexes and all), in one transaction.
sql >/dev/null <<SQL
\copy (SELECT o.* FROM $RUN) TO '$tmp/outbox.copy'
\copy (SELECT c.* FROM dun.contacts c WHERE c.id IN (SELECT o.contact_id FROM $RUN)) TO '$tmp/contacts.copy'
\copy (SELECT r.* FROM dun.reminder_assignments r WHERE r.assigned_at = '$DUN_NOW') TO '$tmp/assign.copy'
CREATE TABLE public.b_outbox (LIKE dun.outbox INCLUDING ALL);
CREATE TABLE public.b_contacts (LIKE dun.contacts INCLUDING ALL);
CREATE TABLE public.b_assign (LIKE dun.reminder_assignments INCLUDING ALL);
SQL
b0=$(now)
sql >/dev/null <<SQL
BEGIN;
\copy public.b_contacts FROM '$tmp/contacts.copy'
\copy public.b_outbox FROM '$tmp/outbox.copy'
\copy public.b_assign FROM '$tmp/assign.copy'
COMMIT;
SQL
b1=$(now)
copied=$(sql -c "SELECT count(*) FROM public.b_outbox")
[ "$copied" -eq "$queued" ] || bench_die "remind: the baseline copied $copied messages, not $queued"
sql -c "DROP TABLE public.b_outbox, public.b_contacts, public.b_assign" >/dev/null
d=$(echo "$t1 - $t0" | bc) b=$(echo "$b1 - $b0" | bc)
figure "dun remind: $selected selected, $queued queued (one run)" "$(printf '%.1f s' "$d")" \
    "$(printf '%.1f s raw COPY of the same rows' "$b")" "<= 60 s" "$(verdict "$d" '<=' 60)"
