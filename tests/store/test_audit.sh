# Bulk exports are audited (issue 13): the --json and --csv outputs of
# queue, metrics and thanks, and templates export, each leave a row in
# dun.audit (the agent, the database role, when, what, how many rows)
# before anything is written out; the text outputs are not exports. When
# the row cannot be written, nothing is exported and the command exits 2.
. tests/lib.sh
fresh_db audit
"$DUN" migrate >/dev/null
export DUN_NOW=2026-11-20T10:00:00+09:00
sql "INSERT INTO dun.teams (name) VALUES ('Tokyo');
     INSERT INTO dun.agents (login, display_name, team_id, role) VALUES
       ('sato', '佐藤 花子', 1, 'agent'), ('suzuki', '鈴木 一郎', 1, 'agent'), ('boss', 'Tokyo Boss', 1, 'supervisor');
     INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, assigned_agent_id)
     SELECT 'AU-' || i, 'Debtor ' || i, 1000 * i, 'JPY', 1 FROM generate_series(1, 3) i" >/dev/null
"$DUN" --agent sato thank suzuki "ありがとう" >/dev/null || not_ok "a thanks to export"
audits() { sql "SELECT coalesce(string_agg(coalesce(g.login, '-') || ' | ' || a.detail || ' | ' || a.row_count
                                           || ' | ' || (a.db_role = current_user), E'\n' ORDER BY a.id), '')
                  FROM dun.audit a LEFT JOIN dun.agents g ON g.id = a.agent_id WHERE a.action = 'export'"; }

expect_rc 0 "dun queue (text) exits 0" "$DUN" --agent sato queue
expect_rc 0 "dun metrics (text) exits 0" "$DUN" --agent boss metrics
equal "$(audits)" "" "text on the terminal is not an export: nothing audited"

expect_rc 0 "dun queue --json" "$DUN" --agent sato queue --json
expect_rc 0 "dun queue --json --limit 2" "$DUN" --agent sato queue --json --limit 2
expect_rc 0 "dun metrics --csv" "$DUN" --agent boss metrics --csv
expect_rc 0 "dun metrics --json" "$DUN" --agent boss metrics --json
expect_rc 0 "dun thanks --json" "$DUN" --agent sato thanks --json
expect_rc 0 "dun templates export" "$DUN" templates export "$TMP/t.csv"
equal "$(audits)" "sato | queue --json for sato | 3 | true
sato | queue --json for sato | 2 | true
boss | metrics --csv (team Tokyo) for boss | 3 | true
boss | metrics --json (team Tokyo) for boss | 3 | true
sato | thanks --json for sato | 1 | true
- | templates export for nobody | $(sql "SELECT count(*) FROM dun.templates") | true" \
    "each export is audited: who (agent and role), what, how many rows"
equal "$(sql "SELECT bool_and(at > now() - interval '1 minute') FROM dun.audit")" t "with the time it was made"

# The audit cannot be written: nothing goes out.
sql "CREATE FUNCTION public.audit_down() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'audit is down'; END \$\$;
     CREATE TRIGGER audit_down BEFORE INSERT ON dun.audit FOR EACH ROW EXECUTE FUNCTION public.audit_down()" >/dev/null
expect_rc 2 "dun queue --json when the audit cannot be written" "$DUN" --agent sato queue --json
equal "$(wc -c <"$TMP/out")" 0 "exports nothing"
contains "$TMP/err" "not exported: the export could not be recorded in the audit log (audit is down)" "and says why"
expect_rc 2 "templates export too" "$DUN" templates export "$TMP/t2.csv"
check "writes no file" sh -c "[ ! -e '$TMP/t2.csv' ]"
finish
