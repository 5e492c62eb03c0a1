# The thank-you log in the store: dun thank records one (and NOTIFYs it in
# the same transaction), dun thanks lists it (text and JSON, --agent,
# --since), bad input exits 2 with the reason and records nothing, the log
# is append-only, and an agent sees only their own team's thanks.
. tests/lib.sh
fresh_db thanks
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.teams (name) VALUES ('Tokyo'), ('Osaka');
     INSERT INTO dun.agents (login, display_name, team_id, role) VALUES
       ('sato', '佐藤 花子', 1, 'agent'), ('suzuki', '鈴木 一郎', 1, 'agent'), ('boss', 'Tokyo Boss', 1, 'supervisor'),
       ('kato', '加藤 健', 2, 'agent'), ('ito', '伊藤 愛', 2, 'agent');
     INSERT INTO dun.agents (login, display_name, role) VALUES ('root', 'Admin', 'admin')" >/dev/null
NOW=2026-11-20T10:00:00+09:00
export DUN_NOW=$NOW
count() { sql "SELECT count(*) FROM dun.thanks"; }

expect_rc 0 "dun thank records a thanks" "$DUN" --agent sato thank suzuki "電話の代わりをありがとう"
contains "$TMP/out" "sato -> suzuki (鈴木 一郎): 電話の代わりをありがとう" "and prints what was recorded"
contains "$TMP/out" "2026-11-20T10:00:00+09:00" "at the acting agent's time"
equal "$(sql "SELECT g.login || '>' || r.login || ' ' || body || ' ' || (t.created_at = '$NOW') FROM dun.thanks t
              JOIN dun.agents g ON g.id = giver_id JOIN dun.agents r ON r.id = receiver_id")" \
      "sato>suzuki 電話の代わりをありがとう true" "the row: giver, receiver, body, time"
"$DUN" --agent suzuki thank --agent suzuki sato "  Thanks for the script tip!  " >/dev/null ||
    not_ok "--agent after the command name is the giver too"
equal "$(sql "SELECT body FROM dun.thanks ORDER BY id DESC LIMIT 1")" "Thanks for the script tip!" "the text is stored trimmed"
"$DUN" --agent kato thank ito "Osaka thanks" >/dev/null || not_ok "a thanks in the other team"

# The NOTIFY goes out with the insert, in its transaction.
psql -X -q >"$TMP/listen" 2>&1 <<SQL
LISTEN dun;
\! DUN_NOW=$NOW $DUN --agent boss thank sato "good call"
SELECT 1;
SQL
contains "$TMP/listen" 'Asynchronous notification "dun" with payload "thanks:4"' "NOTIFY dun thanks:<id> on insert"

# Refused: exit 2, the reason, nothing recorded.
before=$(count)
expect_rc 2 "an unknown login exits 2" "$DUN" --agent sato thank nobody "hi"
contains "$TMP/err" 'no active agent with login "nobody"' "and says so"
expect_rc 2 "thanking oneself exits 2" "$DUN" --agent sato thank sato "me"
contains "$TMP/err" "nobody thanks themselves" "and says why"
expect_rc 2 "empty text exits 2" "$DUN" --agent sato thank suzuki "   "
contains "$TMP/err" "empty" "and says so"
long=$(/usr/bin/python3 -c "print('あ' * 281)")
expect_rc 2 "281 characters exit 2" "$DUN" --agent sato thank suzuki "$long"
contains "$TMP/err" "at most 280 characters" "and says the limit"
ok280=$(/usr/bin/python3 -c "print('あ' * 280)")
expect_rc 2 "another team's agent exits 2" "$DUN" --agent sato thank kato "hi"
contains "$TMP/err" "not in your team" "and says why"
expect_rc 2 "a missing text is a usage error" "$DUN" --agent sato thank suzuki
equal "$(count)" "$before" "nothing was recorded by the refusals"
expect_rc 0 "280 Japanese characters (840 bytes) are taken" "$DUN" --agent sato thank suzuki "$ok280"

# Listing, as each may see it.
"$DUN" --agent sato thanks --json >"$TMP/sato.json" || not_ok "dun thanks --json"
/usr/bin/python3 - "$TMP/sato.json" >"$TMP/sato.txt" <<'PY' || not_ok "the JSON parses"
import json, sys
rows = json.load(open(sys.argv[1]))
for r in rows:
    print(r["id"], r["giver"], r["receiver"], r["body"][:20], r["at"], r["account"])
PY
equal "$(cut -d' ' -f1 "$TMP/sato.txt" | tr '\n' ' ')" "5 4 2 1 " "newest first, the Tokyo team's only"
contains "$TMP/sato.json" '"giver_name": "佐藤 花子"' "names are in the JSON"
contains "$TMP/sato.json" '"at": "2026-11-20T10:00:00+09:00"' "times with the agent's offset"
"$DUN" --agent sato thanks --json | grep -q "Osaka thanks" && not_ok "an agent does not see another team's thanks" ||
    ok "an agent does not see another team's thanks"
"$DUN" --agent ito thanks >"$TMP/ito.txt"
contains "$TMP/ito.txt" "kato -> ito  Osaka thanks" "the Osaka agent sees theirs (text)"
equal "$(wc -l <"$TMP/ito.txt")" 1 "and only theirs"
equal "$("$DUN" --agent root thanks --json | grep -c '"id"')" 5 "an admin sees every thanks"
equal "$("$DUN" --agent sato thanks --agent boss --json | grep -c '"id"')" 1 "--agent: given or received by that person"
equal "$("$DUN" --agent sato thanks --agent suzuki --json | grep -c '"id"')" 3 "suzuki: two received, one given"
expect_rc 2 "--agent of another team exits 2" "$DUN" --agent sato thanks --agent kato
expect_rc 2 "--since that is not a date exits 2" "$DUN" --agent sato thanks --since yesterday
sql "INSERT INTO dun.thanks (giver_id, receiver_id, body, created_at)
     SELECT 1, 2, 'last month', '2026-10-15T12:00:00+09:00'" >/dev/null
equal "$("$DUN" --agent sato thanks --json | grep -c '"id"')" 5 "older thanks are listed"
equal "$("$DUN" --agent sato thanks --since 2026-11-01 --json | grep -c '"id"')" 4 "--since DATE leaves them out"
equal "$("$DUN" --agent sato thanks --since 2026-10-15T12:00:00+09:00 --json | grep -c '"id"')" 5 "--since takes an instant"
"$DUN" --agent root thanks --since 2027-01-01 --json | /usr/bin/python3 -c "import json,sys; sys.exit(json.load(sys.stdin) != [])" &&
    ok "nothing to list: an empty array" || not_ok "nothing to list: an empty array"

# Append-only: the trigger refuses changing or deleting what was said.
expect_rc 1 "UPDATE of a thanks is refused" psql -X -q -v ON_ERROR_STOP=1 -c "UPDATE dun.thanks SET body = 'changed' WHERE id = 1"
contains "$TMP/err" "append-only" "by the append-only trigger"
expect_rc 1 "DELETE of a thanks is refused" psql -X -q -v ON_ERROR_STOP=1 -c "DELETE FROM dun.thanks WHERE id = 1"
equal "$(sql "SELECT body FROM dun.thanks WHERE id = 1")" "電話の代わりをありがとう" "the words stay"
expect_rc 1 "the schema refuses a self-thanks written in SQL" psql -X -q -v ON_ERROR_STOP=1 -c \
    "INSERT INTO dun.thanks (giver_id, receiver_id, body, created_at) VALUES (1, 1, 'me', now())"
finish
