# The command line itself: every subcommand answers --help and -h with its
# usage on stdout and exit 0 (nothing on stderr, nothing done); a bad option
# is still a usage error (exit 2, the usage on stderr, nothing on stdout),
# and says first what is wrong (the unknown option, the missing value, the
# value that is not one of the choices);
# dun --help, dun help and dun --version; dun queue --limit takes a positive
# number of rows.
. tests/lib.sh
fresh_db cli
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name) VALUES ('sato', 'Sato')" >/dev/null

# The commands, as dun --help lists them ("  dun [--agent LOGIN] send ..." too).
expect_rc 0 "dun --help exits 0" "$DUN" --help
cmds=$(sed -n 's/^  dun \(\[[^]]*\] \)*\([a-z][a-z-]*\).*/\2/p' "$TMP/out")
equal "$(echo "$cmds" | wc -w)" 18 "dun --help lists the 18 commands ($(echo $cmds))"
equal "$(wc -c <"$TMP/err")" 0 "dun --help writes nothing on stderr"
expect_rc 0 "dun help exits 0" "$DUN" help
equal "$(sed -n 's/^  dun \(\[[^]]*\] \)*\([a-z][a-z-]*\).*/\2/p' "$TMP/out" | tr '\n' ' ')" "$(echo $cmds) " \
    "and lists the same commands"

# The database is unreachable: a command that went past its --help would fail.
for c in $cmds; do
    for h in --help -h; do
        expect_rc 0 "dun $c $h exits 0" env PGPORT=1 "$DUN" "$c" "$h"
        check "dun $c $h prints its usage on stdout" grep -Eq "^usage: dun (\[[^]]*\] )*$c( |\$)" "$TMP/out"
        equal "$(wc -c <"$TMP/err")" 0 "dun $c $h writes nothing on stderr"
    done
    expect_rc 2 "dun $c --no-such-option is a usage error (exit 2)" env PGPORT=1 "$DUN" "$c" --no-such-option
    check "dun $c --no-such-option shows its usage on stderr" grep -Eq "usage: dun (\[[^]]*\] )*$c( |\$)" "$TMP/err"
    equal "$(head -1 "$TMP/err")" "dun: unknown option --no-such-option" "dun $c --no-such-option names the option first"
    equal "$(wc -c <"$TMP/out")" 0 "dun $c --no-such-option writes nothing on stdout"
done
expect_rc 0 "--help after other arguments works too" env PGPORT=1 "$DUN" queue --json --help
contains "$TMP/out" "usage: dun queue" "it is the queue's usage"
expect_rc 0 "dun help queue shows the queue's usage" "$DUN" help queue
contains "$TMP/out" "usage: dun queue" "on stdout"
expect_rc 2 "dun help nosuch is an error" "$DUN" help nosuch
contains "$TMP/err" 'unknown command "nosuch"' "naming the command"
expect_rc 2 "an unknown command is still an error" "$DUN" nosuch
expect_rc 2 "an unknown global option is still an error" "$DUN" --nosuch
expect_rc 2 "dun --agent without a login is a usage error" "$DUN" --agent
equal "$(head -1 "$TMP/err")" "dun: --agent needs a LOGIN" "it says --agent needs a LOGIN"
expect_rc 2 "dun --db without a value is a usage error" "$DUN" --db
equal "$(head -1 "$TMP/err")" "dun: --db needs a CONNINFO" "it says --db needs a CONNINFO"

# --- what is wrong comes first, then the usage --------------------------------------------
usage_error() { # usage_error "what it says" COMMAND ARGS...: exit 2, that line first, then the usage
    said=$1; shift
    expect_rc 2 "dun $* is a usage error" env PGPORT=1 "$DUN" "$@"
    equal "$(head -1 "$TMP/err")" "dun: $said" "dun $* says: $said"
    check "then its usage" grep -q "^usage: dun " "$TMP/err"
}
usage_error "unknown option --bogus" queue --bogus
usage_error "--limit needs a value" queue --limit
usage_error "--channel takes sms or email, not fax" send X-1 --channel fax
usage_error "--channel takes sms or email, not phone" send X-1 --channel phone
usage_error "--channel is missing" send X-1
usage_error "the account's REF is missing" send --channel sms
usage_error "unexpected argument \"X-2\"" send X-1 X-2 --channel sms
usage_error "--outcome takes one of the outcomes below, not \"maybe\"" log-contact X-1 --channel phone --target +12125550100 --outcome maybe
usage_error "--channel takes phone, sms, email or letter, not fax" log-contact X-1 --channel fax --target +12125550100 --outcome busy
usage_error "--target needs a value" log-contact X-1 --channel phone --outcome busy --target
usage_error "an outbound contact needs --target (the number or address contacted)" log-contact X-1 --channel phone --outcome busy
usage_error "--outcome is missing" log-contact X-1 --channel phone --target +12125550100
usage_error "unexpected argument \"extra\"" migrate extra
usage_error "unknown import \"people\" (accounts, contacts, payments or templates)" import people f.csv
usage_error "the FILE to import is missing" import accounts

# --- the version --------------------------------------------------------------------------
expect_rc 0 "dun --version exits 0" "$DUN" --version
check "it prints dun and a version number ($(cat "$TMP/out"))" grep -Eq '^dun [0-9]+\.[0-9]+\.[0-9]+( \(git [0-9a-f]{7,}(-dirty)?\))?$' "$TMP/out"
if git rev-parse --git-dir >/dev/null 2>&1; then
    check "built from git, it names the commit" grep -Eq '\(git [0-9a-f]{7,}(-dirty)?\)$' "$TMP/out"
else
    check "built from a tarball, it names no commit" grep -Eqv '\(git ' "$TMP/out"
fi
# A tree without .git (a release tarball): the Makefile still defines the version.
mkdir -p "$TMP/tarball"
cp Makefile "$TMP/tarball/"
expect_rc 0 "the version header builds without .git" make -s -C "$TMP/tarball" build/gen/version.h
check "it has the version number" grep -Eq '^#define DUN_VERSION "[0-9]+\.[0-9]+\.[0-9]+"$' "$TMP/tarball/build/gen/version.h"
check "and no commit" grep -q '^#define DUN_COMMIT ""$' "$TMP/tarball/build/gen/version.h"

# --- queue --limit --------------------------------------------------------------------------
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,assigned_agent,oldest_unpaid_due_date
LIM-1,One,USD,1.00,en,America/New_York,+12125550801,sato,2026-10-01
LIM-2,Two,USD,2.00,en,America/New_York,+12125550802,sato,2026-10-01
LIM-3,Three,USD,3.00,en,America/New_York,+12125550803,sato,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
export DUN_NOW=2026-11-20T00:30:00Z
expect_rc 0 "queue --limit 2 works" "$DUN" queue --agent sato --limit 2 --json
equal "$(grep -c '"ref"' "$TMP/out")" 2 "and prints 2 rows"
for n in 0 -1 x 2x ""; do
    expect_rc 2 "queue --limit \"$n\" is refused" "$DUN" queue --agent sato --limit "$n"
    contains "$TMP/err" "--limit takes a positive number of rows" "with the reason"
    equal "$(wc -c <"$TMP/out")" 0 "and prints no rows"
done
expect_rc 2 "queue --limit without a number is refused" "$DUN" queue --agent sato --limit
finish
