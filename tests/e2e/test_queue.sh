# The queue screen under tmux, on demo data: read it, move, search, help,
# rebind, resize below the minimum and back, quit; the terminal is restored.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_queue
NOW=2026-11-22T10:00:00+09:00
export DUN_NOW=$NOW
"$DUN" migrate >/dev/null && "$DUN" demo-data --accounts 400 --seed 7 >/dev/null ||
    { not_ok "demo data for the e2e tests"; finish; }
total=$("$DUN" queue --agent demo --json | grep -c '"rank"')
first_ref=$("$DUN" queue --agent demo --json --limit 1 | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p')
fifth_ref=$("$DUN" queue --agent demo --json --limit 5 | sed -n '6s/.*"ref": "\([^"]*\)".*/\1/p')

start_dun 120 40 DUN_NOW=$NOW -- --agent demo
check "the queue opens" wait_for "Queue | $total accounts"
screen >"$TMP/s1"
contains "$TMP/s1" "BALANCE" "column headers are shown"
contains "$TMP/s1" "LAST CONTACT" "last contact column"
contains "$TMP/s1" "demo" "status line names the agent"
contains "$TMP/s1" "db ok" "status line shows the database state"
check "the first row is the first of dun queue" sh -c "sed -n 3p '$TMP/s1' | grep -qF '$first_ref'"

# Wide characters sit in fixed-width columns: every row's balance column ends
# at the same display column as the header's.
/usr/bin/python3 - "$TMP/s1" >"$TMP/align" <<'PY'
import sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
head = lines[1]; end = width(head[:head.index("BALANCE") + len("BALANCE")])
rows = [l for l in lines[2:-2] if l.strip()[:1].isdigit()]  # the queue rows, not the key bar
bad = [l for l in rows if not any(width(l[:i]) == end and l[i-1].isdigit() for i in range(1, len(l) + 1))]
wide = [l for l in rows if any(unicodedata.east_asian_width(c) == "W" for c in l)]
print("rows=%d wide=%d misaligned=%d" % (len(rows), len(wide), len(bad)))
PY
contains "$TMP/align" "misaligned=0" "balances line up under the header, Japanese names included"
check "some rows on screen have Japanese names" sh -c "! grep -q 'wide=0 ' '$TMP/align'"

keys j; check "j moves down" wait_for "| 2/$total"
keys Down Down; check "Down moves down" wait_for "| 4/$total"
keys k; check "k moves up" wait_for "| 3/$total"
keys G; check "G goes to the last row" wait_for "| $total/$total"
keys g; check "g goes to the first row" wait_for "| 1/$total"
keys C-d; check "Ctrl-d moves half a page" wait_for "| 19/$total"
keys C-u; check "Ctrl-u moves back" wait_for "| 1/$total"
keys NPage; check "PageDown moves a page" wait_for "| 37/$total"
keys End; check "End goes to the last row" wait_for "| $total/$total"
keys Home; check "Home goes to the first row" wait_for "| 1/$total"

keys /; check "/ opens the search prompt" wait_for "Search name or ref:"
typed "$fifth_ref"; keys Enter
check "search by ref selects that row" wait_for "| 5/$total"
keys /; typed "no such debtor"; keys Enter
check "a search with no match says so" wait_for "not found in the queue"
keys z; check "an unbound key says so instead of beeping" wait_for "z is not bound here"
# A message is about the key that caused it: the next key clears it at
# once, not when its five seconds are up.
gone_at_once() { i=0; while [ $i -lt 10 ]; do screen | grep -qF -- "$1" || return 0; sleep 0.1; i=$((i + 1)); done; return 1; }
keys j; check "the next key clears what the last one said" gone_at_once "z is not bound here"
keys /; typed "$fifth_ref"; keys Enter
check "a search from below its match wraps round" wait_for "search wrapped around"
keys j; check "and the next move does not say it wrapped" gone_at_once "search wrapped around"

keys '?'; check "? opens help" wait_for "Keys on this screen (queue)"
screen >"$TMP/help"
contains "$TMP/help" "move-down" "help lists actions by name"
contains "$TMP/help" "j, Down" "help lists the keys bound to them"
contains "$TMP/help" "Search" "help shows the action's help text"
keys q; check "q leaves help" wait_for "BALANCE"

# R reloads the queue and the cursor stays on the account it was on,
# wherever the new order puts it. Forty accounts below it get an unread
# reply, recorded straight into the table (nothing tells the open queue):
# they all rank above it, and it leaves the page.
cursor_ref() { # the account under the cursor: the row whose rank is the title's position
    screen >"$TMP/cur"
    pos=$(sed -n '1s/.*| \([0-9]*\)\/.*/\1/p' "$TMP/cur")
    awk -v p="$pos" '$1 == p { print $2; exit }' "$TMP/cur"
}
keys g; wait_for "| 1/$total" >/dev/null
keys j j j j; wait_for "| 5/$total" >/dev/null
was=$(cursor_ref)
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/before"
below=$(awk -v w="$was" 'seen && n < 40 { printf "%s'"'"'%s'"'"'", n++ ? "," : "", $0 } $0 == w { seen = 1 }' "$TMP/before")
sql "INSERT INTO dun.inbound (account_id, channel, sender, body)
     SELECT id, 'sms', '+819000000000', 'I can pay' FROM dun.accounts WHERE ref IN ($below)" >/dev/null
at=$("$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' | grep -nxF "$was" | cut -d: -f1)
check "forty replies move $was from #5 to #$at, off the page" sh -c "[ '$at' -gt 40 ]"
keys R
check "R reloads the queue" wait_for "queue reloaded"
check "the cursor follows $was to #$at" wait_for "| $at/$total"
equal "$(cursor_ref)" "$was" "the cursor is on the account it was on"
check "on the same line of the screen" sh -c "sed -n 7p '$TMP/cur' | grep -qE '^ *$at $was '"
keys g; wait_for "| 1/$total" >/dev/null

# Opening an account reads its replies: back on the queue, the row has
# come down to where the engine puts an account with no reply waiting,
# told by the database's own news (the queue does not reload on return).
first=$(cursor_ref)
check "$first, with an unread reply, opens" open_account "$first"
sleep 0.5
check "reading its reply does not announce it as a new one" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'reply from'"
keys q; wait_for "BALANCE" >/dev/null
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/after_read"
now_at=$(grep -nxF "$first" "$TMP/after_read" | cut -d: -f1)
check "its reply read, the engine ranks $first #$now_at, below the other replies" sh -c "[ '$now_at' -gt 39 ]"
check "and the queue shows it there" wait_for "| 1/$total"
check "the first row is no longer $first" sh -c "for i in \$(seq 30); do tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -qF -- ' $first ' || exit 0; sleep 0.1; done; exit 1"
keys g; wait_for "| 1/$total" >/dev/null

# Too small, then big again.
tm resize-window -t t -x 50 -y 8
check "a tiny terminal gets a clear message" wait_for "Terminal too small"
tm resize-window -t t -x 120 -y 40
check "the queue comes back when enlarged" wait_for "BALANCE"

keys q
check "q quits" wait_dead
equal "$(exit_status)" 0 "exit status 0 after q"
equal "$(alternate_on)" 0 "the terminal is restored (alternate screen off)"

# SIGTERM and SIGINT restore the terminal too.
for sig in TERM:15 INT:2; do
    num=${sig#*:}; sig=${sig%:*}
    start_dun 100 30 DUN_NOW=$NOW -- --agent demo
    wait_for "BALANCE" >/dev/null
    kill -$sig "$(dun_pid)"
    check "SIG$sig ends dun" wait_dead
    equal "$(exit_status)" $((128 + num)) "exit status 128+SIG$sig"
    equal "$(alternate_on)" 0 "the terminal is restored after SIG$sig"
done

# A user keys file: rebinding works and a bad line is reported, not fatal.
mkdir -p "$TMP/cfg/dun"
printf 'bind queue x move-down\nbind queue y mvoe-down\n' >"$TMP/cfg/dun/keys"
start_dun 120 30 DUN_NOW=$NOW XDG_CONFIG_HOME=$TMP/cfg -- --agent demo
check "a bad line in the keys file is shown on the status line" wait_for "problem(s) in your keys file"
keys x; check "a user binding works" wait_for "| 2/$total"

# Non-UTF-8 locale: ASCII only, no mojibake.
start_dun 120 30 DUN_NOW=$NOW LANG=C LC_ALL=C -- --agent demo
check "dun runs under LANG=C" wait_for "BALANCE"
screen >"$TMP/ascii"
check "under LANG=C the screen is plain ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$TMP/ascii'"
contains "$TMP/ascii" "JPY " "yen amounts fall back to JPY"
stop_tmux

# No terminal and bad settings: a message and exit 2, never a broken screen.
expect_rc 2 "no terminal: exit 2" sh -c "'$DUN' --agent demo </dev/null >/dev/null"
contains "$TMP/err" "no terminal" "says there is no terminal"
# On a real terminal (script(1) gives one): the message, exit 2, no screen.
expect_rc 2 "unknown agent on a terminal: exit 2" script -qec "$DUN --agent nobody" /dev/null
contains "$TMP/out" "no active agent with login \"nobody\"" "and says which agent is unknown"
stop_tmux
finish
