# Shared by make bench's scripts (source it): the bench's own cluster, its
# cached books, and the one-line figures.
#
# The cluster lives under $DUN_BENCH_DIR (default /var/tmp/dun-bench) and is
# kept between runs: building the 1M book takes minutes. It listens on a Unix
# socket only (no port to clash with), trusts local connections, and runs as
# the postgres user when we are root (initdb and pg_ctl refuse root).
# A book is a database book_10k, book_100k, book_1m: dun migrate, demo-data
# with seed 1 on a fixed clock, the agent bench2k with exactly 2,000 active
# accounts, ANALYZE. Its COMMENT records the version it was built for (the
# migrations and this file); a book of another version is built again.

DUN_BENCH_DIR=${DUN_BENCH_DIR:-/var/tmp/dun-bench}
export DUN_NOW=2026-11-22T10:00:00+09:00 # the books are built on this clock: fixed
BENCH_PGBIN=$(pg_config --bindir)
BENCH_DATA=$DUN_BENCH_DIR/data
BENCH_LOG=$DUN_BENCH_DIR/server.log
BENCH_STARTED=""

bench_die() { echo "make bench: FAILED: $*" >&2; exit 1; }
say() { echo "# $*" >&2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bsql() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }

# bench_cluster: create (once) and start the cluster; export PG* to reach it.
bench_cluster() {
    [ ${#DUN_BENCH_DIR} -le 90 ] ||
        bench_die "DUN_BENCH_DIR is too long for the cluster's Unix socket in it (90 characters at most): $DUN_BENCH_DIR"
    mkdir -p "$DUN_BENCH_DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DUN_BENCH_DIR"
    if [ ! -s "$BENCH_DATA/PG_VERSION" ]; then
        say "creating the bench's cluster in $BENCH_DATA (kept between runs)"
        as_pg "$BENCH_PGBIN/initdb" -D "$BENCH_DATA" -U postgres --auth=trust -N -E UTF8 --locale=C.UTF-8 \
            >"$DUN_BENCH_DIR/initdb.log" 2>&1 || bench_die "initdb: see $DUN_BENCH_DIR/initdb.log"
    fi
    export PGHOST=$DUN_BENCH_DIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
    unset PGPASSWORD PGSERVICE
    if ! as_pg "$BENCH_PGBIN/pg_ctl" -D "$BENCH_DATA" status >/dev/null 2>&1; then
        # %m: milliseconds, which the TUI's figures read; %u@%d picks a session's lines.
        as_pg "$BENCH_PGBIN/pg_ctl" -D "$BENCH_DATA" -l "$BENCH_LOG" -w -o "-c listen_addresses= \
-c unix_socket_directories=$DUN_BENCH_DIR -c fsync=off -c shared_buffers=256MB \
-c log_line_prefix='%m [%p] %u@%d ' -c lc_messages=C" start >/dev/null ||
            bench_die "the bench's cluster did not start: see $BENCH_LOG"
        BENCH_STARTED=1
    fi
}

# bench_stop: stop the cluster if this run started it (the data stays).
bench_stop() {
    [ -n "$BENCH_STARTED" ] && as_pg "$BENCH_PGBIN/pg_ctl" -D "$BENCH_DATA" -m fast -w stop >/dev/null 2>&1
    BENCH_STARTED=""
}

# bench2k: an agent with exactly 2,000 active accounts, scattered through the book.
BOOK_SQL="
INSERT INTO dun.agents (login, display_name, role, team_id, monthly_target_minor, target_currency, time_zone)
SELECT 'bench2k', 'Bench 2k', 'agent', team_id, monthly_target_minor, target_currency, time_zone
  FROM dun.agents WHERE login = 'demo';
SELECT dun.agent_role_ensure('bench2k', 'agent');
UPDATE dun.accounts SET assigned_agent_id = (SELECT id FROM dun.agents WHERE login = 'bench2k')
 WHERE id IN (SELECT id FROM dun.accounts WHERE status = 'active' ORDER BY md5(id::text) LIMIT 2000);
ANALYZE;
"
# The version a book is built for: the migrations, and what is added to the demo.
bench_version() {
    { cat core/db/sql/*.sql; echo "$BOOK_SQL"; } | sha1sum | cut -c1-12
}

# book_size NAME: the accounts of book NAME (10k, 100k, 1m)
book_size() {
    case $1 in
    10k) echo 10000 ;; 100k) echo 100000 ;; 1m | 1M) echo 1000000 ;;
    *) bench_die "BENCH_SIZES: \"$1\" is not a book (10k, 100k or 1m)" ;;
    esac
}

# book NAME: make sure database book_NAME exists at this version (build it if not).
book() {
    name=$(echo "$1" | tr 'M' 'm'); n=$(book_size "$name"); db=book_$name; v=$(bench_version)
    have=$(bsql -d postgres -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
    case $have in "dun-bench $v "*) return 0 ;; esac
    if [ -n "$have" ]; then say "$db was built for another schema ($have): building it again"; fi
    case $name in
    1m) say "building $db: $n demo accounts, once (several minutes; cached for the next runs)" ;;
    *) say "building $db: $n demo accounts (cached for the next runs)" ;;
    esac
    t0=$(date +%s)
    dropdb --if-exists "$db" 2>/dev/null && createdb "$db" || bench_die "cannot create $db"
    PGDATABASE=$db "$DUN" migrate >/dev/null || bench_die "dun migrate on $db"
    PGDATABASE=$db "$DUN" demo-data --accounts "$n" --seed 1 >/dev/null || bench_die "dun demo-data on $db"
    bsql -d "$db" -c "$BOOK_SQL" >/dev/null || bench_die "the agent bench2k on $db"
    PGDATABASE=$db "$DUN" reorder >/dev/null || bench_die "dun reorder on $db" # the stored order, as dun serve keeps it
    got=$(bsql -d "$db" -c "SELECT count(*) FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id
                           WHERE g.login = 'bench2k' AND a.status = 'active'")
    [ "$got" = 2000 ] || bench_die "$db: bench2k has $got active accounts, not 2,000"
    took=$(($(date +%s) - t0))
    bsql -d postgres -c "COMMENT ON DATABASE $db IS 'dun-bench $v built $(date -u +%F) in $took s'" >/dev/null
    say "$db built in $took s"
}

# book_built NAME: when book NAME was built and how long it took ("2026-11-28 in 66 s")
book_built() {
    bsql -d postgres -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'book_$1'" |
        sed 's/^dun-bench [0-9a-f]* built //'
}

# scratch FROM: a throwaway copy of book FROM, named bench_scratch; mutating
# measurements work there, never on the cached book. Echoes its name.
scratch() {
    dropdb --if-exists bench_scratch 2>/dev/null
    createdb -T "book_$1" bench_scratch || bench_die "cannot copy book_$1"
    # The copy went through the WAL: write it out now, not during the next figure.
    bsql -d postgres -c CHECKPOINT >/dev/null
    echo bench_scratch
}

# The figures. Each prints one line
#   figure | dun | baseline | ratio | target | ok/MISSED
# and appends it to $BENCH_TABLE. A figure whose work was not done is not a
# figure: the script calls bench_die instead.
BENCH_TABLE=${BENCH_TABLE:-/dev/null}
BENCH_MISSED=${BENCH_MISSED:-/dev/null}
# figure NAME DUN BASELINE TARGET VERDICT: DUN and BASELINE already formatted
# (BASELINE "-" when there is none); ratio from the numbers in them. VERDICT
# is ok, MISSED, or "-" for a figure given as context, without a target.
figure() {
    ratio=$(awk -v d="$2" -v b="$3" 'BEGIN { if (b + 0 > 0) printf "%.2f", (d + 0) / (b + 0); else print "-" }')
    line="$1 | $2 | $3 | $ratio | $4 | $5"
    echo "$line"
    echo "$line" >>"$BENCH_TABLE"
    case $5 in ok | -) ;; *) echo "$line" >>"$BENCH_MISSED" ;; esac
}
# verdict VALUE OP LIMIT: ok or MISSED (OP is <= or >=)
verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = op == "<=" ? v <= l : v >= l; print ok ? "ok" : "MISSED" }'; }
secs() { date +%s.%N; }
# median FILE: the median of the numbers in FILE, one a line
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
BENCH_RUNS=${BENCH_RUNS:-3}
