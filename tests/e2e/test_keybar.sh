# The key bar and help come from the keymap: a rebound key shows as bound,
# the bar fits the width in priority order (never cut inside an item), help
# lists only what works on the screen, names whole, and the real undo window.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_keybar
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
KEY-1,鍵 一郎,JPY,90000,ja,Asia/Tokyo,+819012349001,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
export XDG_CONFIG_HOME="$TMP/config"
mkdir -p "$XDG_CONFIG_HOME/dun"
printf 'bind account x outcome-no-answer\nunbind account 2\n' >"$XDG_CONFIG_HOME/dun/keys"
bar() { screen | sed -n "$(($1 - 1))p"; } # the row above the status line

start_dun 130 40 DUN_NOW=2026-11-20T10:00:00+09:00 DUN_UNDO_SECONDS=8 XDG_CONFIG_HOME="'$XDG_CONFIG_HOME'" -- --agent demo
check "the queue opens" wait_for "KEY-1"
check "the queue has a key bar from the keymap" sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 39p | grep -q 'Enter open'"
check "KEY-1 opens" open_account KEY-1
bar 40 >"$TMP/bar"
contains "$TMP/bar" "x no answer" "a rebound key shows on the bar as bound"
check "an unbound key is not offered" sh -c "! grep -q '2 no answer' '$TMP/bar'"
contains "$TMP/bar" "? help" "help is always on the bar"
check "the bar is never cut inside an item" sh -c "! grep -q '…' '$TMP/bar'"
check "the bar fits the width" sh -c "[ \$(wc -L <'$TMP/bar') -le 130 ]"
keys x
check "the rebound key works" wait_for "recorded: no_answer"

keys '?'
check "help opens on the account screen" wait_for "Keys on this screen (account)"
screen >"$TMP/help"
contains "$TMP/help" "outcome-not-connected" "action names are whole (they are typed in the keys file)"
contains "$TMP/help" "within 8 s" "help gives the undo window as configured"
check "help does not list keys that do nothing here (search)" sh -c "! grep -q 'search' '$TMP/help'"
keys q
check "q leaves help" wait_for "Account KEY-1"
keys q; wait_for "PSEL" >/dev/null
keys '?'
check "help on the queue" wait_for "Keys on this screen (queue)"
contains_search() { screen | grep -q 'search'; }
check "lists search there" contains_search
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null

# Narrow: the bar drops what does not fit, whole items only, help kept.
start_dun 80 24 DUN_NOW=2026-11-20T10:00:00+09:00 XDG_CONFIG_HOME="'$XDG_CONFIG_HOME'" -- --agent demo
check "the queue opens at 80x24" wait_for "KEY-1"
check "KEY-1 opens at 80x24" open_account KEY-1
bar 24 >"$TMP/bar80"
contains "$TMP/bar80" "? help" "help stays on a narrow bar"
check "the narrow bar is not cut inside an item" sh -c "! grep -q '…' '$TMP/bar80'"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
