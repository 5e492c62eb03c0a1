# The work lock in the database (migration 029): ten sessions racing for one
# account get exactly one holder; a renewal keeps it; an expired lease goes
# to the next taker; the guard refuses an agent's write on an account
# someone else holds (or the same agent from another session), and lets the
# holder's session, the system and the debtor's own promise through.
. tests/lib.sh
fresh_db lock
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.teams (name) VALUES ('north');
     INSERT INTO dun.agents (login, display_name, role, team_id)
     SELECT 'a' || i, 'Agent ' || i, 'agent', 1 FROM generate_series(1, 10) i;
     INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, assigned_agent_id)
     VALUES ('LK-1', 'Lock One', 5000, 'JPY', 1), ('LK-2', 'Lock Two', 5000, 'JPY', 1)" >/dev/null
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
tok() { printf '%032x' "$1"; }

# --- ten at once ------------------------------------------------------------------
for i in 1 2 3 4 5 6 7 8 9 10; do
    psql -X -qAt -c "SELECT coalesce(dun.lease_take($(acc LK-1), $i, '$(tok $i)', 60), 'refused')" >"$TMP/race.$i" &
done
wait
equal "$(cat "$TMP"/race.* | sort | uniq -c | tr -s ' ' | sed 's/^ //' | tr '\n' ' ')" "9 refused 1 taken " \
    "ten sessions race for one account: exactly one takes it"
winner=$(grep -l taken "$TMP"/race.* | sed 's/.*race\.//')
equal "$(sql "SELECT holder_id || ' ' || token FROM dun.account_leases WHERE account_id = $(acc LK-1)")" \
    "$winner $(tok "$winner")" "and the lease is the winner's, with its token"
equal "$(sql "SELECT dun.lease_take($(acc LK-1), $winner, '$(tok "$winner")', 60)")" renewed "the holder renews it"
other=$((winner % 10 + 1))
equal "$(sql "SELECT coalesce(dun.lease_take($(acc LK-1), $other, '$(tok "$other")', 60), 'refused')")" refused \
    "a colleague cannot take a live lease"

# --- the guard ------------------------------------------------------------------------
contact() { # AGENT-ID TOKEN: a call logged by that agent in a session with that token
    psql -X -qAt -v ON_ERROR_STOP=1 -c "SELECT set_config('dun.lease_token', '$2', false)" \
        -c "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id)
            VALUES ($(acc LK-1), 'phone', 'out', now(), 'no_answer', $1)" >"$TMP/guard.out" 2>"$TMP/guard.err"
}
check "the holder's own session writes" contact "$winner" "$(tok "$winner")"
refused() { if "$@"; then return 1; else return 0; fi; }
check "a colleague's write is refused" refused contact "$other" ""
contains "$TMP/guard.err" "the account is in use by Agent $winner" "naming who is working it"
check "the holder's write from another session (no token) is refused too" refused contact "$winner" ""
contains "$TMP/guard.err" "in use by you in another session" "and says so"
check "the system's write (a reminder queued by dun remind) goes through" sql "INSERT INTO dun.contacts (account_id, channel,
    direction, at, outcome) VALUES ($(acc LK-1), 'sms', 'out', now(), 'queued')"
check "and the debtor's own promise through the link" sql "INSERT INTO dun.promises (account_id, agent_id, amount_minor,
    currency, promised_date, source) VALUES ($(acc LK-1), $other, 5000, 'JPY', current_date + 3, 'self_service')"
for t in promises notes callbacks outbox; do
    case $t in
    promises) row="(account_id, agent_id, amount_minor, currency, promised_date) VALUES ($(acc LK-1), $other, 100, 'JPY', current_date + 1)" ;;
    notes) row="(account_id, agent_id, body) VALUES ($(acc LK-1), $other, 'n')" ;;
    callbacks) row="(account_id, agent_id, due_at) VALUES ($(acc LK-1), $other, now())" ;;
    outbox) row="(account_id, agent_id, channel, target, body, release_at, next_attempt_at) VALUES ($(acc LK-1), $other, 'sms', '+819000000000', 'x', now(), now())" ;;
    esac
    if psql -X -qAt -v ON_ERROR_STOP=1 -c "INSERT INTO dun.$t $row" >/dev/null 2>"$TMP/guard.err"; then
        not_ok "a colleague's $t row is refused"
    else
        contains "$TMP/guard.err" "in use by Agent $winner" "a colleague's $t row is refused"
    fi
done
check "another account is not guarded" sql "INSERT INTO dun.notes (account_id, agent_id, body) VALUES ($(acc LK-2), $other, 'ok')"

# --- expiry -----------------------------------------------------------------------------
equal "$(sql "SELECT dun.lease_take($(acc LK-2), 1, '$(tok 1)', 1)")" taken "a one-second lease on LK-2"
equal "$(sql "SELECT coalesce(dun.lease_take($(acc LK-2), 2, '$(tok 2)', 60), 'refused')")" refused "held for now"
sleep 1.2
equal "$(sql "SELECT dun.lease_take($(acc LK-2), 2, '$(tok 2)', 60)")" taken "after its second, the next taker gets it"
check "and the old holder's writes are refused" sh -c "! psql -X -qAt -c \"SELECT set_config('dun.lease_token', '$(tok 1)', false)\" \
    -c \"INSERT INTO dun.notes (account_id, agent_id, body) VALUES ($(acc LK-2), 1, 'late')\" 2>/dev/null"
finish
