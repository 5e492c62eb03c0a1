# Secrets in a dun.conf that others can read (issue 10, item 8). A 0644
# dun.conf holding "database = ... password=..." was used without a word by
# every command, and one holding serve_token by all but send, serve and the
# TUI. Wanted: any secret (a password in the database conninfo or URI, any
# *_password, *_token or *_secret) in a file its group or others can read
# makes every command refuse (exit 2), naming the file and the chmod that
# fixes it; the same file at 0600 works, and a readable file without a
# secret is used as before.
. tests/lib.sh
fresh_db config_secrets
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, role) VALUES ('sato', 'Sato', 'supervisor')" >/dev/null
printf '%s\n' "ref,name,currency,balance,time_zone,phone_mobile,assigned_agent" \
    "CONF-1,Conf One,USD,10.00,America/New_York,+12125550191,sato" >"$TMP/acc.csv"
export XDG_CONFIG_HOME="$TMP/config"
CONF="$XDG_CONFIG_HOME/dun/dun.conf"
mkdir -p "$XDG_CONFIG_HOME/dun"
# conf MODE LINE...: dun.conf holding those lines, with that mode
conf() {
    mode=$1; shift
    printf 'company = Dun Test Finance\ncompany_phone = 0120-123-456\npayment_link = https://pay.dun.example/\n' >"$CONF"
    printf '%s\n' "$@" >>"$CONF"
    chmod "$mode" "$CONF"
}

# Every command: each one is run the way it would run, and must stop at the
# file before doing anything (stdin is not a terminal: the TUI could not
# start in any case, but must refuse for this reason first).
commands() {
    cat <<EOF
migrate
db status
import accounts $TMP/acc.csv
templates export $TMP/t.csv
demo-data --if-empty
queue --agent sato
serve
send CONF-1 --channel sms
contact-check CONF-1
settle
log-contact CONF-1 --channel phone --outcome no_answer
EOF
}

# refused DESCRIPTION: every command exits 2 naming the file and the fix
refused() {
    commands | while read -r c; do
        # shellcheck disable=SC2086 # $c is a command line
        expect_rc 2 "$1: dun $c refuses" "$DUN" --agent sato $c </dev/null
        contains "$TMP/err" "$CONF" "$1: dun $c names the file"
        contains "$TMP/err" "chmod 600 $CONF" "$1: dun $c says how to fix it"
    done
    expect_rc 2 "$1: the TUI refuses" "$DUN" --agent sato </dev/null
    contains "$TMP/err" "chmod 600 $CONF" "$1: the TUI says how to fix it"
}

DB="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$PGUSER password=$PGPASSWORD"
conf 644 "database = $DB"
refused "database password, 0644"
contains "$TMP/err" "holds a secret (the password in database)" "the secret is named, not shown"
check "the password itself is not printed" sh -c "! grep -qF -- '$PGPASSWORD' '$TMP/err'"
equal "$(sql "SELECT count(*) FROM dun.accounts")" 0 "nothing was imported"

conf 640 "database = postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE"
refused "database URI with a password, 0640 (group-readable)"

conf 604 "serve_token = 0123456789abcdef-token"
refused "serve_token, 0604"
conf 644 "kannel_password = hunter2"
refused "kannel_password, 0644"
conf 644 "smtp_password = hunter2"
expect_rc 2 "smtp_password, 0644: dun queue refuses" "$DUN" --agent sato queue
contains "$TMP/err" "holds a secret (smtp_password) but others can read it (mode 0644): chmod 600 $CONF" \
    "the whole sentence"
# The environment's secrets are not in the file: no reason to refuse then.
conf 644 "database = host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$PGUSER"
expect_rc 0 "a readable file without a secret is used (queue)" "$DUN" --agent sato queue
expect_rc 0 "and imports work" "$DUN" import accounts "$TMP/acc.csv"

conf 600 "database = $DB" "serve_token = 0123456789abcdef-token" "kannel_password = hunter2"
expect_rc 0 "the same secrets at 0600: queue runs" "$DUN" --agent sato queue
expect_rc 0 "contact-check runs" "$DUN" contact-check CONF-1
expect_rc 0 "migrate runs" "$DUN" migrate
# --help and --version need no configuration at all.
conf 644 "database = $DB"
expect_rc 0 "dun --version does not read dun.conf" "$DUN" --version
expect_rc 0 "dun queue --help does not read dun.conf" "$DUN" queue --help
finish
