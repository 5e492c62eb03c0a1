# The thank-you log in the TUI: T in one session reaches the recipient's
# open session on the status line within 2 s and their desktop (a private
# notification server); a recipient who was not running is told at their
# next start, once; L lists it; the form refuses a self-thanks and keeps
# what was typed; T on an account ties the thanks to it.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_thanks
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.teams (name) VALUES ('Tokyo'), ('Osaka');
     INSERT INTO dun.agents (login, display_name, team_id) VALUES
       ('sato', '佐藤 花子', 1), ('suzuki', '鈴木 一郎', 1), ('kato', '加藤 健', 1), ('ito', '伊藤 愛', 2)" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
TH-1,山田 太郎,JPY,50000,ja,Asia/Tokyo,+819012349901,true,sato,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
count() { sql "SELECT count(*) FROM dun.thanks"; }

N="$TMP/notify"
check "a session bus with a notification server starts" sh tests/servers/notify.sh start "$N"
trap 'sh tests/servers/notify.sh stop "$N"; tmux -S "$TMP/r.sock" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
BUS=$(sed "s/^export DBUS_SESSION_BUS_ADDRESS='//; s/'\$//" "$N/bus.env")
has_note() { grep -q "$1" "$N/notify.log" 2>/dev/null; }

# The recipient, suzuki, in a tmux server of their own, with the desktop on.
R="$TMP/r.sock"
rt() { tmux -S "$R" "$@"; }
rt -f "$TMP/tmux.conf" new-session -d -s r -x 120 -y 30 \
    "env DUN_DESKTOP_NOTIFY=true DBUS_SESSION_BUS_ADDRESS='$BUS' PGHOST='$PGHOST' PGPORT='$PGPORT' PGUSER='$PGUSER' PGPASSWORD='$PGPASSWORD' PGDATABASE='$PGDATABASE' $DUN --agent suzuki"
r_screen() { rt capture-pane -p -t r 2>/dev/null; }
r_has() { r_screen | grep -qF -- "$1"; }
check "the recipient's session opens" poll 10 r_has "鈴木 一郎 (suzuki)"

# The giver, sato.
start_dun 120 30 -- --agent sato
check "the giver's queue opens" wait_for "TH-1"
keys T
check "T opens the thanks form on the queue" wait_for "Thank a colleague"
contains_screen() { wait_for "$1" 1; }
check "the form lists whom one may thank, not oneself" wait_for "You may thank: 加藤 健 (kato), 鈴木 一郎 (suzuki)"
screen | grep -q "伊藤 愛" && not_ok "another team's agent is not offered" || ok "another team's agent is not offered"
typed "suz"
check "type-ahead: suz is suzuki" wait_for "to 鈴木 一郎 (suzuki)"
keys Tab
typed "電話を代わってくれてありがとう"
keys Enter
check "saved: the giver is told" wait_for "thanks recorded for 鈴木 一郎 (suzuki)" 5
check "the recipient's status line has it within 2 s" poll 2 r_has "thanks from 佐藤 花子: 電話を代わってくれてありがとう"
check "and their desktop" poll 5 has_note '"summary": "Thanks from 佐藤 花子", "body": "電話を代わってくれてありがとう"'
equal "$(sql "SELECT last_seen_id FROM dun.thanks_seen s JOIN dun.agents a ON a.id = s.agent_id WHERE login = 'suzuki'")" \
    "$(sql "SELECT max(id) FROM dun.thanks")" "shown, so seen"

# Nobody thanks themselves: refused beside the field, nothing typed lost.
before=$(count)
keys T
check "T again" wait_for "Thank a colleague"
typed "sato"
check "self: said beside the field" wait_for "nobody thanks themselves: choose a colleague"
keys Tab
typed "me, myself"
keys Enter
check "saving is refused" wait_for "Fix the fields marked below; nothing you typed is lost."
check "what was typed is still there" contains_screen "me, myself"
equal "$(count)" "$before" "nothing recorded"
keys C-u
typed "zzz"
check "nobody of that name: said" wait_for 'nobody you may thank is called "zzz"'
keys Escape
check "Esc asks before throwing the text away" wait_for "discard what you typed?"
keys y
check "back on the queue" wait_for "TH-1"

# On an account: tied to it unless cleared; kato is not running.
open_account TH-1
keys T
check "T on the account offers the account" wait_for "tied to TH-1"
typed "kato"
keys Tab
typed "Thanks for the advice on this one"
keys Enter Enter
check "saved on the account" wait_for "thanks recorded for 加藤 健 (kato) on TH-1" 5
equal "$(sql "SELECT a.ref FROM dun.thanks t JOIN dun.accounts a ON a.id = t.account_id ORDER BY t.id DESC LIMIT 1")" TH-1 \
    "the thanks is tied to the account"
keys L
check "L opens the log" wait_for "dun | Thanks | 2 | everyone"
check "newest first" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -A1 'FROM' | grep -q 'TH-1: Thanks for the advice'"
check "30-day counts, people by name, not by count" contains_screen "佐藤 花子 2/0  ·  加藤 健 0/1  ·  鈴木 一郎 0/1"
keys q q q
wait_dead >/dev/null

# kato starts later: the thanks is waiting for them, once.
start_dun 120 30 DUN_DESKTOP_NOTIFY=true DBUS_SESSION_BUS_ADDRESS="'$BUS'" -- --agent kato
check "unread thanks at the next start" wait_for "thanks from 佐藤 花子 while you were away: Thanks for the advice on this one" 5
check "on the desktop too" poll 5 has_note '"summary": "Thanks from 佐藤 花子", "body": "Thanks for the advice'
keys L
check "L lists it" wait_for "Thanks for the advice on this one"
keys f
typed "suzuki"
keys Enter
check "f filters by person" wait_for "Thanks | 1 | 鈴木 一郎 (suzuki): given or received"
check "suzuki's thanks only" contains_screen "電話を代わってくれてありがとう"
screen | grep -q "TH-1: Thanks for the advice" && { screen; not_ok "others' thanks are filtered out" ; } || ok "others' thanks are filtered out"
keys q q
wait_dead >/dev/null
start_dun 120 30 -- --agent kato
check "the queue opens again" wait_for "No accounts are assigned to you."
sleep 1.5
screen | grep -q "while you were away" && not_ok "seen thanks are not offered again" || ok "seen thanks are not offered again"

# The recipient's open session: L lists what they received.
rt send-keys -t r L
check "the recipient's L lists it" poll 5 r_has "電話を代わってくれてありがとう"
rt send-keys -t r q q
stop_tmux
finish
