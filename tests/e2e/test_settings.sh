# A numeric setting (in the environment or dun.conf) that is not a number
# in its range stops dun before it starts: exit status 2 and one line naming
# the variable (or the file and key) and the value. Nothing falls back to a
# default the operator did not choose (DUN_QUEUE_WHOLE=abc used to open with
# 5,000; DUN_UNDO_SECONDS=abc sent with no undo window at all).
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_settings
export DUN_NOW=2026-11-22T10:00:00+09:00
"$DUN" migrate >/dev/null && "$DUN" demo-data --accounts 30 --seed 7 >/dev/null ||
    { not_ok "demo data"; finish; }
total=$("$DUN" queue --agent demo --json | grep -c '"rank"')
outbox=$(sql "SELECT count(*) FROM dun.outbox")

# refused ENV=VALUE TEXT: the workstation does not start; it exits 2 saying
# TEXT on stderr (kept in a file: tmux may lose a pane's last output)
refused() {
    rm -f "$TMP/stderr"
    start_dun 150 20 "$1" -- --agent demo "2>'$TMP/stderr'"
    if wait_dead && [ "$(exit_status)" = 2 ]; then ok "$1: the workstation stops with exit status 2"
    else not_ok "$1: the workstation stops with exit status 2 (exit $(exit_status))"; screen | sed 's/^/    | /'; fi
    contains "$TMP/stderr" "$2" "$1: it says \"$2\""
    equal "$(wc -l <"$TMP/stderr")" 1 "$1: in one line"
}
refused DUN_QUEUE_WHOLE=abc "dun: DUN_QUEUE_WHOLE=abc: use a whole number of accounts from 0 to 1000000"
refused DUN_QUEUE_WHOLE=-5 "dun: DUN_QUEUE_WHOLE=-5: use a whole number of accounts from 0 to 1000000"
refused DUN_UNDO_SECONDS=abc "dun: DUN_UNDO_SECONDS=abc: use a whole number of seconds from 0 to 300"
refused DUN_UNDO_SECONDS=301 "dun: DUN_UNDO_SECONDS=301: use a whole number of seconds from 0 to 300"
refused DUN_LEASE_SECONDS=2 "dun: DUN_LEASE_SECONDS=2: use a whole number of seconds from 3 to 3600"
refused DUN_NUDGE_DAYS=1w "dun: DUN_NUDGE_DAYS=1w: use a whole number of days from 1 to 365"
refused DUN_LINK_DAYS=1.5 "dun: DUN_LINK_DAYS=1.5: use a whole number of days from 1 to 365"
refused DUN_SMS_RATE=fast "dun: DUN_SMS_RATE=fast: use a number of messages per second from 0 to 10000"
refused DUN_EMAIL_CONNECTIONS=17 "dun: DUN_EMAIL_CONNECTIONS=17: use a whole number of connections from 1 to 16"
refused DUN_PROVIDER_PAUSE_SECONDS=0 "dun: DUN_PROVIDER_PAUSE_SECONDS=0: use a whole number of seconds from 1 to 86400"
# A yes/no setting that is neither is never read as "no" (smtp_starttls =
# yes used to turn STARTTLS off).
refused DUN_SMTP_STARTTLS=maybe "dun: DUN_SMTP_STARTTLS=maybe: use true or false"
refused DUN_DESKTOP_NOTIFY=sometimes "dun: DUN_DESKTOP_NOTIFY=sometimes: use true or false"

# In dun.conf the message names the file and the key.
company_conf
conf="$XDG_CONFIG_HOME/dun/dun.conf"
echo 'undo_seconds = ten' >>"$conf"
refused XDG_CONFIG_HOME="'$XDG_CONFIG_HOME'" "dun: $conf: undo_seconds = ten: use a whole number of seconds from 0 to 300"
sed -i '/^undo_seconds/d' "$conf"

# Good values start as before; a decimal rate is a number.
start_dun 150 20 DUN_QUEUE_WHOLE=10 DUN_UNDO_SECONDS=0 DUN_SMS_RATE=0.5 -- --agent demo
check "good values: the queue opens, windowed past 10 accounts" wait_for "Queue | $total accounts | 1/$total" 15
keys q; wait_dead >/dev/null

# The commands say the same, through the same helper.
expect_rc 2 "dun serve refuses DUN_SERVE_TIMEOUT=5s" env DUN_SERVE_TOKEN=settings-test-token-0123456789 \
    DUN_SERVE_TIMEOUT=5s timeout 5 "$DUN" serve
contains "$TMP/err" "dun: DUN_SERVE_TIMEOUT=5s: use a whole number of seconds from 1 to 3600" "and names the variable and value"
expect_rc 2 "dun send refuses DUN_SMS_CONNECTIONS=0" env DUN_SMS_CONNECTIONS=0 "$DUN" send DEMO-00001 --channel sms
contains "$TMP/err" "dun: DUN_SMS_CONNECTIONS=0: use a whole number of connections from 1 to 16" "and names the variable and value"
echo 'link_days = two' >>"$conf"
expect_rc 2 "dun remind refuses link_days = two in dun.conf" "$DUN" remind --holdout 0
contains "$TMP/err" "dun: $conf: link_days = two: use a whole number of days from 1 to 365" "and names the file, key and value"
equal "$(sql "SELECT count(*) FROM dun.outbox")" "$outbox" "nothing was queued"
stop_tmux
finish
