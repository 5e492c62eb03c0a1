#!/bin/sh
# tests/store/test_demo.sh: `dun demo-data` against a real, migrated database.
#
# Run inside pg_virtualenv (PG* set) after `dun migrate`; $DUN is the binary
# (default build/dun). Prints "ok - ..." or "not ok - ..." per check and exits
# non-zero when any check failed. Other store tests share the database, so
# it removes what it made at the end: demo rows, and the demo agents and teams
# that were not there before it started.
DUN=${DUN:-build/dun}
# A database of its own (the runner's pg_virtualenv exports PG*).
PGDATABASE="dun_t_demo_$$"
export PGDATABASE
createdb "$PGDATABASE" && "$DUN" migrate >/dev/null || { echo "not ok - a migrated database for the demo tests"; exit 1; }
DUN_NOW=2026-11-22T10:00:00+09:00
PGTZ=UTC
export DUN_NOW PGTZ
N=300
PATTERN='^DEMO-[0-9]{6,}$'
fails=0
tmp=${TMPDIR:-/tmp}/dun-test-demo.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT

pass() { echo "ok - $1"; }
fail() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
    d=$1; shift
    if "$@"; then pass "$d"; else fail "$d"; fi
}
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }
eq() { [ "$1" = "$2" ] || { echo "#   expected '$2', got '$1'" >&2; return 1; }; }
between() {
    if [ -n "$1" ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; then return 0; fi
    echo "#   '$1' not in $2..$3" >&2; return 1
}
dun() { # dun ARGS...: run, keep stdout/stderr, set rc
    "$DUN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    return 0
}

# Today in the debtor's (first) zone, and days past due from it.
TODAY="(timestamptz '$DUN_NOW' AT TIME ZONE a.time_zones[1])::date"
DPD="CASE WHEN a.oldest_unpaid_due_date IS NULL THEN -(a.due_date - $TODAY) ELSE $TODAY - a.oldest_unpaid_due_date END"

# One checksum over every demo row, without ids (agents by login).
digest_sql() { # TABLE
    if [ "$1" = accounts ]; then
        rows="SELECT (to_jsonb(a) - 'id' - 'assigned_agent_id' || jsonb_build_object('agent', g.login))::text AS t
              FROM dun.accounts a LEFT JOIN dun.agents g ON g.id = a.assigned_agent_id
              WHERE a.ref ~ '$PATTERN'"
    else
        rows="SELECT a.ref || ' ' || (to_jsonb(c) - 'id' - 'account_id' - 'agent_id'
                  || jsonb_build_object('agent', g.login))::text AS t
              FROM dun.$1 c JOIN dun.accounts a ON a.id = c.account_id
              LEFT JOIN dun.agents g ON g.id = (to_jsonb(c) ->> 'agent_id')::bigint
              WHERE a.ref ~ '$PATTERN'"
    fi
    printf '%s\n' "SELECT coalesce(md5(string_agg(t, E'\\n' ORDER BY t)), 'none') FROM ($rows) s"
}
checksum() {
    all=""
    for t in accounts phones emails contacts promises payments notes; do
        all="$all$(q "$(digest_sql $t)")"
    done
    printf '%s' "$all" | md5sum | cut -c1-32
}
demo_count() { q "SELECT count(*) FROM dun.accounts WHERE ref ~ '$PATTERN'"; }

# A clean start: earlier demo data (from another run) goes, the way --replace would.
q "BEGIN; SET LOCAL dun.allow_purge = 'on';
   DELETE FROM dun.accounts WHERE ref ~ '$PATTERN';
   DELETE FROM dun.accounts WHERE ref = 'TEST-DEMO-BLOCKER'; COMMIT" >/dev/null

LOGINS="'demo', 'demo-lead', 'sato', 'suzuki', 'tanaka', 'jsmith', 'mgarcia', 'dlee'"
TEAMS="'Tokyo Recoveries', 'US East'"
had_agents=$(q "SELECT coalesce(string_agg(login, ','), '') FROM dun.agents WHERE login IN ($LOGINS)")
had_agent_count=$(q "SELECT count(*) FROM dun.agents WHERE login IN ($LOGINS)")
had_teams=$(q "SELECT coalesce(string_agg(name, ','), '') FROM dun.teams WHERE name IN ($TEAMS)")

# --- usage ---------------------------------------------------------------------
dun demo-data
check "demo-data without --accounts is a usage error (exit 2)" eq "$rc" 2
dun demo-data --accounts 0
check "demo-data --accounts 0 is a usage error (exit 2)" eq "$rc" 2
dun demo-data --accounts 12x
check "demo-data --accounts 12x is a usage error (exit 2)" eq "$rc" 2
dun demo-data --accounts 10 --seed -3
check "demo-data --seed -3 is a usage error (exit 2)" eq "$rc" 2
dun demo-data --accounts 10 --bogus
check "demo-data with an unknown option is a usage error (exit 2)" eq "$rc" 2
check "usage errors change nothing" eq "$(demo_count)" 0

# --- generation ------------------------------------------------------------------
dun demo-data --accounts $N --seed 7
check "demo-data --accounts $N --seed 7 exits 0" eq "$rc" 0
check "it prints a one-line summary" grep -q "^demo data: $N accounts, .* contacts, .* in [0-9.]* s$" "$tmp/out"
check "it creates $N DEMO- accounts" eq "$(demo_count)" $N
check "refs run from DEMO-000001 up" eq "$(q "SELECT min(ref) || ' ' || max(ref) FROM dun.accounts WHERE ref ~ '$PATTERN'")" "DEMO-000001 $(printf 'DEMO-%06d' $N)"

count_children() { # TABLE
    q "SELECT count(*) FROM dun.$1 c JOIN dun.accounts a ON a.id = c.account_id WHERE a.ref ~ '$PATTERN'"
}
check "phones: about one or two per account" between "$(count_children phones)" $N $((N * 3))
check "emails: most accounts have one" between "$(count_children emails)" $((N / 2)) $((N * 2))
check "contacts: a history for most accounts" between "$(count_children contacts)" $((N * 2)) $((N * 16))
check "promises: some" between "$(count_children promises)" $((N / 10)) $((N * 3))
check "payments: some" between "$(count_children payments)" $((N / 20)) $((N * 3))
check "notes: some" between "$(count_children notes)" $((N / 10)) $((N * 3))
check "every payment id is DEMO-PAY-nnnnnnn, or DEMO-REMIND-REF-CYCLE after a reminder" eq "$(q "SELECT count(*)
      FROM dun.payments p JOIN dun.accounts a ON a.id = p.account_id
      WHERE a.ref ~ '$PATTERN' AND p.payment_id !~ '^DEMO-(PAY-[0-9]{7}|REMIND-[0-9]{6,}-[12])$'")" 0
REM="FROM dun.reminder_assignments r JOIN dun.accounts a ON a.id = r.account_id LEFT JOIN dun.outbox o ON o.id = r.message_id
     WHERE a.ref ~ '$PATTERN'"
check "reminders: two past cycles, 7 and 14 days before each debtor's today" eq \
    "$(q "SELECT string_agg(DISTINCT ($TODAY - r.due_date)::text, ' ') $REM")" "14 7"
check "about a tenth held out" between "$(q "SELECT 100 * count(*) FILTER (WHERE r.arm = 'holdout') / count(*) $REM")" 5 15
check "each reminded account has its delivered message, no held-out one has any" eq \
    "$(q "SELECT count(*) $REM AND coalesce(o.state = 'delivered', false) <> (r.arm = 'treatment')")" 0
check "and the reminded paid more often (the demo's effect)" eq "$(q "SELECT avg(p) FILTER (WHERE arm = 'treatment')
      > avg(p) FILTER (WHERE arm = 'holdout') FROM (SELECT r.arm, (EXISTS (SELECT 1 FROM dun.payments y
      WHERE y.account_id = r.account_id
        AND y.payment_id = 'DEMO-REMIND-' || substr(a.ref, 6) || '-' || ($TODAY - r.due_date) / 7))::int AS p $REM) s")" t

sum1=$(checksum)

# --- agents and teams ------------------------------------------------------------
check "agent demo exists with role agent" eq "$(q "SELECT role FROM dun.agents WHERE login = 'demo'")" agent
check "supervisor demo-lead exists" eq "$(q "SELECT role FROM dun.agents WHERE login = 'demo-lead'")" supervisor
check "two demo teams exist" eq "$(q "SELECT count(*) FROM dun.teams WHERE name IN ('Tokyo Recoveries', 'US East')")" 2
check "every demo agent it added has a team and a monthly target" eq "$(q "SELECT count(*) FROM dun.agents
      WHERE login IN ($LOGINS) AND login <> ALL (string_to_array('$had_agents', ','))
        AND (team_id IS NULL OR monthly_target_minor = 0)")" 0
check "all 8 demo logins exist" eq "$(q "SELECT count(*) FROM dun.agents WHERE login IN ($LOGINS)")" 8
demo_share=$(q "SELECT count(*) FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id
      WHERE g.login = 'demo' AND a.ref ~ '$PATTERN'")
check "about a third of the accounts are the demo agent's ($demo_share)" between "$demo_share" $((N / 4)) $((N * 45 / 100))
check "the rest are spread over at least 4 other agents" between "$(q "SELECT count(DISTINCT assigned_agent_id) FROM dun.accounts a
      JOIN dun.agents g ON g.id = a.assigned_agent_id WHERE g.login <> 'demo' AND a.ref ~ '$PATTERN'")" 4 20

# --- content -------------------------------------------------------------------------
check "Japanese debtors: language ja, kanji names, JPY, Asia/Tokyo, +81 numbers" between "$(q "SELECT count(*) FROM dun.accounts a
      WHERE a.ref ~ '$PATTERN' AND language = 'ja' AND debtor_name ~ '^[一-龥々]+ [一-龥々ぁ-ん]+$'
        AND currency = 'JPY' AND time_zones = '{Asia/Tokyo}'
        AND balance_minor BETWEEN 5000 AND 800000")" $((N / 3)) $((N * 2 / 3))
check "US debtors: language en, English names, USD" between "$(q "SELECT count(*) FROM dun.accounts a
      WHERE a.ref ~ '$PATTERN' AND language = 'en' AND debtor_name ~ '^[A-Z][a-z]+ ([A-Z]\\. )?[A-Z][A-Za-z'']+$'
        AND currency = 'USD' AND balance_minor BETWEEN 5000 AND 900000")" $((N / 3)) $((N * 2 / 3))
check "every account is one of the two kinds" eq "$(q "SELECT count(*) FROM dun.accounts a WHERE a.ref ~ '$PATTERN'
      AND NOT ((language = 'ja' AND currency = 'JPY') OR (language = 'en' AND currency = 'USD'))")" 0
check "at least 5 distinct time zones" between "$(q "SELECT count(DISTINCT z) FROM dun.accounts a, unnest(a.time_zones) z
      WHERE a.ref ~ '$PATTERN'")" 5 20
check "some accounts have two candidate zones" between "$(q "SELECT count(*) FROM dun.accounts a
      WHERE a.ref ~ '$PATTERN' AND cardinality(time_zones) = 2")" 1 $N
check "phone numbers match the country (+81 for ja, +1 for en)" eq "$(q "SELECT count(*) FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id
      WHERE a.ref ~ '$PATTERN' AND NOT ((a.language = 'ja' AND p.number ~ '^\\+81') OR (a.language = 'en' AND p.number ~ '^\\+1[2-9][0-9]{9}$'))")" 0
check "emails use reserved .example domains only" eq "$(q "SELECT count(*) FROM dun.emails e JOIN dun.accounts a ON a.id = e.account_id
      WHERE a.ref ~ '$PATTERN' AND e.address !~ '\\.example$'")" 0
check "dpd range covers -5..180" eq "$(q "SELECT min($DPD) || '..' || max($DPD) FROM dun.accounts a WHERE a.ref ~ '$PATTERN'")" "-5..180"
check "not-yet-due accounts have no oldest unpaid date; due dates are set" eq "$(q "SELECT count(*) FROM dun.accounts a WHERE a.ref ~ '$PATTERN'
      AND (due_date IS NULL OR ($DPD < 0) <> (oldest_unpaid_due_date IS NULL) OR due_date < $TODAY)")" 0
check "segments agree with dpd" eq "$(q "SELECT count(*) FROM dun.accounts a WHERE a.ref ~ '$PATTERN' AND segment <>
      CASE WHEN $DPD <= 0 THEN 'pre-due' WHEN $DPD <= 30 THEN 'early' WHEN $DPD <= 90 THEN 'mid' ELSE 'late' END")" 0
check "contacts lie within the 60 days before now" eq "$(q "SELECT count(*) FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id
      WHERE a.ref ~ '$PATTERN' AND (c.at >= timestamptz '$DUN_NOW' OR c.at < timestamptz '$DUN_NOW' - interval '61 days')")" 0
check "outbound calls happen between 08:00 and 21:00 local time" eq "$(q "SELECT count(*) FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id
      WHERE a.ref ~ '$PATTERN' AND c.channel = 'phone' AND c.direction = 'out'
        AND extract(hour FROM c.at AT TIME ZONE a.time_zones[1]) NOT BETWEEN 8 AND 20")" 0
check "contacts use phone, sms and email, out and in" eq "$(q "SELECT count(DISTINCT channel || direction) >= 5 FROM dun.contacts c
      JOIN dun.accounts a ON a.id = c.account_id WHERE a.ref ~ '$PATTERN' AND channel IN ('phone', 'sms', 'email')")" t
check "pending promises are due today or later; settled ones earlier" eq "$(q "SELECT count(*) FROM dun.promises p JOIN dun.accounts a ON a.id = p.account_id
      WHERE a.ref ~ '$PATTERN' AND ((p.status = 'pending') <> (p.promised_date >= $TODAY)
        OR (p.status = 'pending') <> (p.settled_at IS NULL))")" 0
check "promises are pending, kept, broken and partial" eq "$(q "SELECT string_agg(DISTINCT p.status, ',' ORDER BY p.status) FROM dun.promises p
      JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref ~ '$PATTERN'")" "broken,kept,partial,pending"
check "payments are in the past" eq "$(q "SELECT count(*) FROM dun.payments p JOIN dun.accounts a ON a.id = p.account_id
      WHERE a.ref ~ '$PATTERN' AND p.paid_at >= timestamptz '$DUN_NOW'")" 0

# --- today: a team day worth watching ---------------------------------------------
# Every demo agent has worked today (in their own zone) when the supervisor
# opens the metrics: calls, promises, messages; and the thank-you log has words.
attempts() { # attempts VIEWER: "login attempts" for each row the viewer sees today
    "$DUN" --agent "$1" metrics --period today --json | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
for a in d["agents"]: print(a["login"], a["attempts"], a["promises"], a["messages_sent"])
print("TEAM", d["total"]["attempts"], d["total"]["promises"], d["total"]["messages_sent"])'
}
attempts demo-lead >"$tmp/today"
for a in jsmith mgarcia dlee; do attempts $a | grep -v '^TEAM' >>"$tmp/today"; done
check "today: every demo agent has calls (the supervisor excepted)" eq \
    "$(awk '$1 != "demo-lead" && $1 != "TEAM" && $2 > 0 { n++ } END { print n }' "$tmp/today")" 7
check "today: the Tokyo team has promises and messages" awk '$1 == "TEAM" && $3 > 0 && $4 > 0 { ok = 1 } END { exit !ok }' "$tmp/today"
check "today's calls fall in each agent's day so far (09:00 to now, their zone)" eq "$(q "SELECT count(*) FROM dun.contacts c
      JOIN dun.accounts a ON a.id = c.account_id JOIN dun.agents g ON g.id = c.agent_id
      WHERE a.ref ~ '$PATTERN' AND c.channel = 'phone' AND c.direction = 'out'
        AND (c.at AT TIME ZONE g.time_zone)::date = (timestamptz '$DUN_NOW' AT TIME ZONE g.time_zone)::date
        AND ((c.at AT TIME ZONE g.time_zone)::time < '09:00' OR c.at >= timestamptz '$DUN_NOW')
        AND c.note <> ''")" 0
check "every message is in the outbox, delivered, by an agent or the reminder batch, before now" eq "$(q "SELECT count(*) FROM dun.outbox o
      JOIN dun.accounts a ON a.id = o.account_id WHERE a.ref ~ '$PATTERN' AND (o.state <> 'delivered'
        OR (o.agent_id IS NULL AND o.template <> 'remind_casual') OR o.sent_at >= timestamptz '$DUN_NOW')")" 0
"$DUN" --agent demo-lead thanks --json >"$tmp/thanks"
check "the thank-you log has the Tokyo team's thanks, in Japanese and English" /usr/bin/python3 -c "
import json, sys
t = json.load(open('$tmp/thanks'))
ja = [x for x in t if any(ord(c) > 0x3000 for c in x['body'])]
sys.exit(not (len(t) >= 5 and ja and len(ja) < len(t) and all(x['giver'] != x['receiver'] for x in t)))"
check "nobody starts to a pile of unread demo thanks" eq "$(q "SELECT count(*) FROM dun.thanks t
      JOIN dun.agents g ON g.id = t.receiver_id LEFT JOIN dun.thanks_seen s ON s.agent_id = g.id
      WHERE t.id > coalesce(s.last_seen_id, 0)")" 0

# --- no second helping ------------------------------------------------------------
dun demo-data --accounts $N --seed 7
check "running again without --replace is refused with exit 2" eq "$rc" 2
check "the refusal suggests --replace" grep -q -- "--replace" "$tmp/err"
check "and leaves the data unchanged" eq "$(checksum)" "$sum1"

dun demo-data --if-empty --accounts 50
check "--if-empty on a non-empty database exits 0" eq "$rc" 0
check "--if-empty says it leaves the data as it is" grep -q "already has .* accounts; leaving it as it is" "$tmp/out"
check "--if-empty changed nothing" eq "$(checksum)" "$sum1"

# --- replace ------------------------------------------------------------------------
dun demo-data --accounts $N --seed 7 --replace
check "--replace exits 0" eq "$rc" 0
check "--replace with the same seed gives identical data" eq "$(checksum)" "$sum1"
check "--replace leaves exactly $N demo accounts" eq "$(demo_count)" $N

dun demo-data --accounts $N --seed 8 --replace
check "--replace --seed 8 exits 0" eq "$rc" 0
sum8=$(checksum)
check "a different seed gives different data" eq "$([ "$sum8" != "$sum1" ] && echo differs)" differs

dun demo-data --accounts $N --seed 7 --replace
check "back to seed 7 reproduces the first data" eq "$(checksum)" "$sum1"

# After a working session: messages sent (their contact rows referenced by the
# outbox), replies, callbacks: --replace still takes the demo accounts away.
ref=$(q "SELECT ref FROM dun.accounts a WHERE ref ~ '$PATTERN' AND EXISTS (SELECT 1 FROM dun.phones p WHERE p.account_id = a.id) ORDER BY ref LIMIT 1")
q "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target)
   SELECT id, 'sms', 'out', now(), 'sent', '+819000000000' FROM dun.accounts WHERE ref = '$ref';
   INSERT INTO dun.outbox (account_id, contact_id, channel, target, body, state, release_at, next_attempt_at)
   SELECT a.id, max(c.id), 'sms', '+819000000000', 'hi', 'sent', now(), now()
     FROM dun.accounts a JOIN dun.contacts c ON c.account_id = a.id WHERE a.ref = '$ref' GROUP BY a.id;
   INSERT INTO dun.inbound (account_id, channel, sender, body) SELECT id, 'sms', '+819000000000', 'ok' FROM dun.accounts WHERE ref = '$ref';
   INSERT INTO dun.callbacks (account_id, due_at) SELECT id, now() FROM dun.accounts WHERE ref = '$ref'" >/dev/null
dun demo-data --accounts $N --seed 7 --replace
check "--replace after messages were sent exits 0" eq "$rc" 0
check "and gives the seed's data again" eq "$(checksum)" "$sum1"
# What is left in the outbox is the new demo's own day (its summary counts them).
check "the demo accounts' messages and replies went with them" eq "$(q "SELECT count(*) FROM dun.outbox") $(q "SELECT count(*) FROM dun.inbound")" \
    "$(sed -n 's/.* \([0-9,]*\) messages, .*/\1/p' "$tmp/out" | tr -d ,) 0"

# --- all or nothing -------------------------------------------------------------------
# A foreign payment already holding the next demo payment id makes a larger
# generation fail half-way (after the purge, with accounts, phones, contacts
# and promises already copied): nothing may change.
blocker=$(printf 'DEMO-PAY-%07d' $(($(count_children payments) + 1)))
q "INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency) VALUES ('TEST-DEMO-BLOCKER', 'Blocker', 100, 'USD');
   INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, payment_id)
   SELECT id, 100, 'USD', now(), '$blocker' FROM dun.accounts WHERE ref = 'TEST-DEMO-BLOCKER'" >/dev/null
dun demo-data --accounts $((N * 2)) --seed 9 --replace
check "a failure half-way exits 2" eq "$rc" 2
check "and says why" grep -q "duplicate key.*payment_id" "$tmp/err"
check "and rolls everything back, the purge included" eq "$(checksum)" "$sum1"
q "DELETE FROM dun.accounts WHERE ref = 'TEST-DEMO-BLOCKER'" >/dev/null

check "contacts stay append-only outside a purge" eq "$(psql -X -A -t -q -c "DELETE FROM dun.contacts WHERE id = (SELECT min(id) FROM dun.contacts)" 2>&1 | grep -c 'append-only')" 1

# --- leave the database as we found it -------------------------------------------
q "BEGIN; SET LOCAL dun.allow_purge = 'on';
   DELETE FROM dun.thanks WHERE giver_id IN (SELECT id FROM dun.agents WHERE login IN ($LOGINS));
   DELETE FROM dun.thanks_seen WHERE agent_id IN (SELECT id FROM dun.agents WHERE login IN ($LOGINS));
   DELETE FROM dun.audit WHERE agent_id IN (SELECT id FROM dun.agents WHERE login IN ($LOGINS));
   DELETE FROM dun.accounts WHERE ref ~ '$PATTERN';
   DELETE FROM dun.agents WHERE login IN ($LOGINS) AND login <> ALL (string_to_array('$had_agents', ','));
   DELETE FROM dun.teams WHERE name IN ($TEAMS) AND name <> ALL (string_to_array('$had_teams', ','));
   COMMIT" >/dev/null
check "cleaning up removes the demo data and the agents it added" eq "$(demo_count) $(q "SELECT count(*) FROM dun.agents WHERE login IN ($LOGINS)")" \
    "0 $had_agent_count"

echo "# done"
[ "$fails" -eq 0 ]
