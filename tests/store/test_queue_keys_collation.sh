# The stored order breaks ties by ref byte by byte, as the engine does,
# even in a database whose default collation is linguistic (ICU "und":
# "a" before "B"; strcmp: "B" before "a").
. tests/lib.sh
PGDATABASE="dun_t_collation_$$"
export PGDATABASE
createdb --template=template0 --locale-provider=icu --icu-locale=und --locale=C.UTF-8 "$PGDATABASE" ||
    { not_ok "a database with an ICU default collation"; finish; }
export DUN_NOW=2026-11-20T10:00:00+09:00
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('sato', 'Sato', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
a-1,同じ 一郎,JPY,50000,ja,Asia/Tokyo,+819012340101,false,sato,2026-10-01
B-1,同じ 二郎,JPY,50000,ja,Asia/Tokyo,+819012340102,false,sato,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "two accounts alike but for their refs"
equal "$(sql "SELECT 'a-1' < 'B-1'")" t "the database's own collation puts a-1 first"
"$DUN" reorder >/dev/null
engine=$("$DUN" queue --agent sato --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' | tr '\n' ' ')
equal "$engine" "B-1 a-1 " "the engine puts B-1 first (byte order)"
stored=$(sql "SELECT string_agg(ref, ' ' ORDER BY score DESC NULLS LAST, dpd DESC, balance_minor DESC, ref, account_id) || ' '
                FROM dun.queue_keys")
equal "$stored" "$engine" "the stored order is the engine's"
finish
