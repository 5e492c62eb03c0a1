# Migrations: apply, idempotent, safe when several run at once, and a
# configured database that is unreachable gets one clear message.
. tests/lib.sh
fresh_db migrate

expect_rc 0 "migrate applies on an empty database" "$DUN" migrate
contains "$TMP/out" "applied" "migrate says what it applied"
v1=$(sql "SELECT count(*) FROM dun.schema_migrations")
expect_rc 0 "migrate again is a no-op" "$DUN" migrate
contains "$TMP/out" "up to date" "second migrate reports up to date"
equal "$(sql "SELECT count(*) FROM dun.schema_migrations")" "$v1" "no migration recorded twice"

# Four migrators race on a fresh database: all succeed, each migration once.
fresh_db migrate_race
for i in 1 2 3 4; do "$DUN" migrate >"$TMP/race$i" 2>&1 & done
rc=0; for i in 1 2 3 4; do wait %$i 2>/dev/null || rc=1; done
wait
equal "$rc" 0 "four concurrent migrate runs all succeed"
equal "$(sql "SELECT count(*) = count(DISTINCT version) FROM dun.schema_migrations")" "t" \
    "each migration recorded once after the race"
equal "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'dun' AND tablename = 'accounts'")" "1" \
    "the schema exists after the race"

# Everything lives in schema dun.
equal "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "0" "nothing in public"

# The contact log is append-only.
sql "INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency) VALUES ('A1', 'x', 100, 'JPY')" >/dev/null
sql "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome) SELECT id, 'phone', 'out', now(), 'no_answer' FROM dun.accounts" >/dev/null
if sql "UPDATE dun.contacts SET outcome = 'conversation'" >/dev/null 2>&1; then
    not_ok "contacts refuse UPDATE"
else ok "contacts refuse UPDATE"; fi

# Unreachable database: one clear message, exit 2, no terminal needed.
expect_rc 2 "unreachable --db exits 2" "$DUN" --db "host=127.0.0.1 port=1 dbname=nope connect_timeout=2" queue
contains "$TMP/err" "cannot connect to the database" "says it cannot connect"
contains "$TMP/err" "libpq:" "quotes what libpq said"
contains "$TMP/err" "DUN_DATABASE_URL" "says how to configure it"
DUN_DATABASE_URL="postgresql://127.0.0.1:1/nope?connect_timeout=2" expect_rc 2 \
    "unreachable DUN_DATABASE_URL exits 2" "$DUN" queue
contains "$TMP/err" "from DUN_DATABASE_URL" "names where the setting came from"

# A database that has not been migrated says what to run.
fresh_db unmigrated
expect_rc 2 "an unmigrated database is refused" "$DUN" --agent demo queue
contains "$TMP/err" "dun migrate" "and says to run dun migrate"

expect_rc 2 "DUN_NOW that is not ISO 8601 is refused" env DUN_NOW=yesterday "$DUN" queue
contains "$TMP/err" "DUN_NOW" "and names DUN_NOW"
finish
