# The inbox lines up whatever the names are: Japanese names take two columns
# a character, and every column starts at the same place on every row; the
# sender's number is masked (the account says who it is).
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_inbox
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
IN-1,長谷川 美智子,JPY,90000,ja,Asia/Tokyo,+819012340011,true,demo,2026-10-01
IN-2,Al Bo,JPY,90000,en,Asia/Tokyo,+819012340022,true,demo,2026-10-01
IN-3,山田 太郎,JPY,90000,ja,Asia/Tokyo,+819012340033,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
for r in IN-1:+819012340011 IN-2:+819012340022 IN-3:+819012340033; do
    sql "INSERT INTO dun.inbound (account_id, channel, sender, body, received_at)
         SELECT id, 'sms', '${r#*:}', 'MARK 明日払います', '2026-11-20T09:00:00+09:00' FROM dun.accounts WHERE ref = '${r%%:*}'" >/dev/null
done

start_dun 120 30 DUN_NOW=2026-11-20T10:00:00+09:00 -- --agent demo
check "the queue opens" wait_for "IN-1"
keys i
check "i opens the inbox" wait_for "Inbox | 3 replies"
screen >"$TMP/inbox"
/usr/bin/python3 - "$TMP/inbox" >"$TMP/align" <<'PY'
import sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if "MARK" in l]
cols = sorted(set(width(l[:l.index("MARK")]) for l in rows))
print("rows=%d starts=%s" % (len(rows), cols))
PY
contains "$TMP/align" "rows=3 starts=[" "three replies"
check "the message column starts at the same place on every row, Japanese names included" \
    sh -c "grep -Eq 'starts=\[[0-9]+\]' '$TMP/align'"
check "the sender's number is masked" sh -c "grep -q '+81\*\*\*\*\*\*0011' '$TMP/inbox'"
check "the full number is not shown" sh -c "! grep -q '+819012340011' '$TMP/inbox'"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
