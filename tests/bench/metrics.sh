#!/bin/sh
# The metrics refresh at 1M contacts (called by tests/bench/run on a scratch
# copy of the 100k book; source tests/bench/lib.sh first): a 20-agent team's month of activity (1,000,000
# outbound calls, 100,000 promises, 50,000 payments, 100,000 messages, 2,000
# thanks), then one refresh as `dun metrics --json` runs it, beside psql
# running the same statement (core/db/metrics_store.c's figures_sql, taken
# from the source) with the same parameters. Each is timed $BENCH_RUNS times,
# interleaved; the medians count (target 100 ms). The work is checked: the
# attempts in the JSON, and in psql's rows, equal the calls made; if not,
# the bench fails.
set -eu
DUN=${DUN:-build/dun}
CALLS=${BENCH_CALLS:-1000000}
. tests/bench/lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sql() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }

# The team, its accounts (a fifth of the book) and its month: every row is
# in [the 1st of the month 00:00 Tokyo, DUN_NOW).
t0=$(date +%s.%N)
sql -v calls="$CALLS" -v now="$DUN_NOW" >/dev/null <<'SQL'
INSERT INTO dun.teams (name) VALUES ('Bench') ON CONFLICT (name) DO NOTHING;
INSERT INTO dun.agents (login, display_name, role, team_id, monthly_target_minor, target_currency, time_zone)
SELECT CASE WHEN i = 0 THEN 'bench-lead' ELSE 'bench' || lpad(i::text, 2, '0') END, 'Bench ' || i,
       CASE WHEN i = 0 THEN 'supervisor' ELSE 'agent' END, (SELECT id FROM dun.teams WHERE name = 'Bench'),
       2000000, 'JPY', 'Asia/Tokyo'
  FROM generate_series(0, 20) i;
CREATE TEMP TABLE ba AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM dun.agents WHERE login ~ '^bench[0-9][0-9]$';
CREATE TEMP TABLE bacc AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM dun.accounts WHERE id % 5 = 1;
UPDATE dun.accounts a SET assigned_agent_id = ba.id FROM bacc, ba WHERE bacc.id = a.id AND ba.k = bacc.k % 20;
CREATE TEMP TABLE span AS SELECT timestamptz '2026-11-01 00:00+09' AS t0,
       extract(epoch FROM timestamptz :'now' - timestamptz '2026-11-01 00:00+09') AS secs,
       (SELECT count(*) FROM bacc) AS nacc;
INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id, target, note, created_at)
SELECT bacc.id, 'phone', 'out', s.t0 + make_interval(secs => (i::bigint * 7919) % floor(s.secs)::bigint),
       (ARRAY['no_answer','no_answer','voicemail','busy','not_connected','conversation','conversation',
              'third_party','refused','callback_requested'])[1 + i % 10],
       ba.id, '+81900000000', '', now()
  FROM generate_series(0, :calls - 1) i CROSS JOIN span s
  JOIN bacc ON bacc.k = i % s.nacc JOIN ba ON ba.k = (i % s.nacc) % 20;
INSERT INTO dun.promises (account_id, agent_id, amount_minor, currency, promised_date, method, status, created_at)
SELECT bacc.id, ba.id, 10000, 'JPY', date '2026-11-02' + i % 40, 'bank_transfer',
       CASE WHEN date '2026-11-02' + i % 40 >= date '2026-11-22' THEN 'pending' ELSE (ARRAY['kept','broken','partial'])[1 + i % 3] END,
       s.t0 + make_interval(secs => (i::bigint * 7907) % floor(s.secs)::bigint)
  FROM generate_series(0, :calls / 10 - 1) i CROSS JOIN span s
  JOIN bacc ON bacc.k = i % s.nacc JOIN ba ON ba.k = (i % s.nacc) % 20;
INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, method, payment_id, created_at)
SELECT bacc.id, 10000, 'JPY', s.t0 + make_interval(secs => (i::bigint * 7901) % floor(s.secs)::bigint), 'bank_transfer',
       'BENCH-PAY-' || i, now()
  FROM generate_series(0, :calls / 20 - 1) i CROSS JOIN span s JOIN bacc ON bacc.k = i % s.nacc;
INSERT INTO dun.outbox (account_id, agent_id, channel, target, body, state, release_at, next_attempt_at,
                        created_at, updated_at, sent_at, final_at)
SELECT bacc.id, ba.id, 'sms', '+81900000000', 'bench', 'delivered', at, at, at, at, at, at
  FROM (SELECT i, s.t0 + make_interval(secs => (i::bigint * 7883) % floor(s.secs)::bigint) AS at, s.nacc
          FROM generate_series(0, :calls / 10 - 1) i CROSS JOIN span s) m
  JOIN bacc ON bacc.k = m.i % m.nacc JOIN ba ON ba.k = (m.i % m.nacc) % 20;
INSERT INTO dun.thanks (giver_id, receiver_id, body, created_at)
SELECT g.id, r.id, 'thanks', s.t0 + make_interval(secs => (i::bigint * 7877) % floor(s.secs)::bigint)
  FROM generate_series(0, 1999) i CROSS JOIN span s JOIN ba g ON g.k = i % 20 JOIN ba r ON r.k = (i + 1) % 20;
ANALYZE;
SQL
say "metrics data: $CALLS calls in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $t0 }") s (setup, not a figure)"

# The statement dun runs, from the source, and its parameters from the JSON.
"$DUN" --agent bench-lead metrics --period month --json >"$tmp/m.json"
ids=$(sql -c "SELECT array_agg(a.id ORDER BY a.login) FROM dun.agents a JOIN dun.teams t ON t.id = a.team_id
              WHERE t.name = 'Bench' AND a.active")
/usr/bin/python3 - core/db/metrics_store.c "$tmp/m.json" "$DUN_NOW" "$ids" >"$tmp/q.sql" <<'PY'
import json, re, sys, datetime
src = open(sys.argv[1]).read()
body = src[src.index("static const char figures_sql[] ="):]
body = body[:body.index(";\n")]
stmt = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))
j = json.load(open(sys.argv[2]))
epoch = lambda s: int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())
print("PREPARE figures AS " + stmt + ";")
print("EXECUTE figures('%s', %d, %d, '%s', '%s', %d, %d, 'Asia/Tokyo');"
      % (sys.argv[4], epoch(j["from"]), epoch(j["to"]), j["first_day"], j["last_day"], epoch(j["from"]), epoch(sys.argv[3])))
PY
attempts=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"]["attempts"])' "$tmp/m.json")
psql_attempts=$(sql -f "$tmp/q.sql" | awk -F'|' '$1 == "contact" && $3 == "phone" && $4 == "out" && $5 !~ /^(queued|sent|delivered|failed|cancelled|unknown)$/ { n += $10 } END { print n + 0 }')

[ "$attempts" = "$CALLS" ] && [ "$psql_attempts" = "$CALLS" ] ||
    bench_die "metrics: dun counted $attempts attempts, psql $psql_attempts, of the $CALLS calls made"
[ -z "${BENCH_KEEP:-}" ] || cp "$tmp/q.sql" "$BENCH_KEEP"
for _ in $(seq "$BENCH_RUNS"); do
    s=$(secs); "$DUN" --agent bench-lead metrics --period month --json >/dev/null; e=$(secs)
    echo "$e - $s" | bc >>"$tmp/dun"
    s=$(secs); sql -f "$tmp/q.sql" >/dev/null; e=$(secs)
    echo "$e - $s" | bc >>"$tmp/psql"
done
d=$(median "$tmp/dun") p=$(median "$tmp/psql")
figure "metrics refresh, a 20-agent team's month ($CALLS calls, $attempts attempts counted)" \
    "$(printf '%.0f ms' "$(echo "$d * 1000" | bc)")" "$(printf '%.0f ms psql, same SQL' "$(echo "$p * 1000" | bc)")" \
    "<= 100 ms" "$(verdict "$d" '<=' 0.1)"
