# The calls the metrics count come from dun.call_counts (migration 042),
# kept as calls are logged: for every period they give what counting the
# calls themselves gives (per agent, outcome and hour of the agent's day),
# for agents in Tokyo, New York (across the end of summer time) and Kolkata
# (+5:30, whose hours straddle UTC's), periods starting at the viewers'
# midnights in those zones or at any second, calls logged one by one, in
# bulk, counted by the migration, and purged.
. tests/lib.sh
fresh_db call_counts
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.teams (name) VALUES ('t');
INSERT INTO dun.agents (login, display_name, role, team_id, time_zone) VALUES
 ('tokyo', 'Tokyo', 'agent', 1, 'Asia/Tokyo'), ('ny', 'NY', 'agent', 1, 'America/New_York'),
 ('kol', 'Kolkata', 'agent', 1, 'Asia/Kolkata');
INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, assigned_agent_id)
SELECT 'C-' || i, 'Debtor ' || i, 1000, 'JPY', 1 + i % 3 FROM generate_series(1, 30) i;" >/dev/null

# calls N SEED: N calls (and as many SMS and inbound calls, which are not
# counted) at pseudo-random seconds over 40 days from 2026-10-20.
calls() { # in a session whose TimeZone is off the UTC hour: the counts' hours stay UTC's
    PGTZ=Asia/Kolkata sql "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id)
         SELECT 1 + (i * 7) % 30, ch, dir, timestamptz '2026-10-20 00:00+00' + make_interval(secs => ((i * 7919 + $2) % 3456000)::int),
                (ARRAY['no_answer','conversation','voicemail','busy','refused','third_party'])[1 + i % 6], 1 + i % 3
           FROM generate_series(1, $1) i,
                (VALUES ('phone', 'out'), ('phone', 'in'), ('sms', 'out')) v(ch, dir)
          WHERE ch = 'phone' OR dir = 'out' AND i % 5 = 0" >/dev/null
}
calls 7000 17 # in bulk
for k in 1 2 3 4 5; do # one by one, as agents log them
    sql "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id)
         VALUES ($k, 'phone', 'out', timestamptz '2026-11-01 05:$((k * 7)):00+00', 'conversation', 1 + $k % 3)" >/dev/null
done

# What team_figures says of the calls in [FROM, TO), beside counting them.
figures() {
    sql "SELECT agent_id || ' ' || outcome || ' ' || hour || ' ' || n FROM dun.team_figures('{1,2,3}', $1, $2,
           '2026-10-01', '2026-12-31', $1, $2, 'UTC') WHERE kind = 'contact' ORDER BY 1"
}
counted() {
    sql "SELECT c.agent_id || ' ' || c.outcome || ' ' || extract(hour FROM c.at AT TIME ZONE g.time_zone)::int || ' ' || count(*)
           FROM dun.contacts c JOIN dun.agents g ON g.id = c.agent_id
          WHERE c.channel = 'phone' AND c.direction = 'out' AND c.at >= to_timestamp($1) AND c.at < to_timestamp($2)
          GROUP BY c.agent_id, c.outcome, extract(hour FROM c.at AT TIME ZONE g.time_zone)::int ORDER BY 1"
}
epoch() { sql "SELECT extract(epoch FROM timestamptz '$1')::bigint"; }
same() { # same FROM TO: the figures equal the count, and there is something to count
    figures "$1" "$2" >"$TMP/fig"; counted "$1" "$2" >"$TMP/cnt"
    [ -s "$TMP/cnt" ] && cmp -s "$TMP/fig" "$TMP/cnt" || { diff "$TMP/cnt" "$TMP/fig" | head -5 | sed 's/^/    | /'; return 1; }
}
for z in Asia/Tokyo America/New_York Asia/Kolkata; do
    from=$(sql "SELECT extract(epoch FROM (date '2026-11-01')::timestamp AT TIME ZONE '$z')::bigint")
    to=$(sql "SELECT extract(epoch FROM (date '2026-11-08')::timestamp AT TIME ZONE '$z')::bigint")
    check "a week from midnight in $z: the counts are the calls'" same "$from" "$to"
    day=$(sql "SELECT extract(epoch FROM (date '2026-11-01')::timestamp AT TIME ZONE '$z')::bigint")
    check "the day the clocks went back in New York, from midnight in $z" same "$day" "$((day + 90000))"
done
check "a period from one odd second to another" same "$(epoch '2026-10-25 03:17:41+00')" "$(epoch '2026-11-19 22:05:09+00')"
check "a period inside one hour" same "$(epoch '2026-11-01 05:05:00+00')" "$(epoch '2026-11-01 05:40:00+00')"
check "the whole 40 days" same "$(epoch '2026-10-01 00:00+00')" "$(epoch '2026-12-01 00:00+00')"
check "Kolkata's calls of one UTC hour fall in two of its hours" \
    sh -c "[ \$(psql -X -qAt -c \"SELECT count(DISTINCT local_hour) FROM dun.call_counts WHERE agent_id = 3
                                   AND hour = (SELECT hour FROM dun.call_counts WHERE agent_id = 3 GROUP BY hour
                                               HAVING count(DISTINCT local_hour) = 2 LIMIT 1)\") = 2 ]"

# The migration counts the calls logged before it.
sed -n '/^-- The calls logged before./,/;$/p' core/db/sql/042_call_counts.sql >"$TMP/backfill.sql"
sql "TRUNCATE dun.call_counts" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f "$TMP/backfill.sql" >/dev/null || not_ok "the migration's count of earlier calls runs"
check "counted by the migration, the whole 40 days" same "$(epoch '2026-10-01 00:00+00')" "$(epoch '2026-12-01 00:00+00')"
check "and a week from midnight in Kolkata" \
    same "$(sql "SELECT extract(epoch FROM timestamp '2026-11-01' AT TIME ZONE 'Asia/Kolkata')::bigint")" \
         "$(sql "SELECT extract(epoch FROM timestamp '2026-11-08' AT TIME ZONE 'Asia/Kolkata')::bigint")"

# A purge takes its calls off the counts.
sql "BEGIN; SET LOCAL dun.allow_purge = on; DELETE FROM dun.accounts WHERE ref IN ('C-1', 'C-2', 'C-3'); COMMIT" >/dev/null
check "after a purge of three accounts the counts are still the calls'" \
    same "$(epoch '2026-10-01 00:00+00')" "$(epoch '2026-12-01 00:00+00')"
finish
