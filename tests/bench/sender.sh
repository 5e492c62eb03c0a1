#!/bin/sh
# The sender to the spool (called by tests/bench/run on a scratch copy of a
# book; source tests/bench/lib.sh first): $BENCH_RUNS rounds, each of
# $BENCH_SMS due SMS on accounts no earlier round touched, drained by one
# `dun serve` with the spool as its SMS provider. No gateway: what is timed
# is dun's own work per message (claim, the policy's re-check at dispatch,
# hand-over, record), from starting dun serve to nothing left due. The
# figure is messages sent per second, the median round (target 2,000/s),
# beside the disk's floor for the same files: after each round, its spool's
# files written again as the spool writes them (each file fsynced and
# renamed, the directory fsynced once for each batch of 128), one after
# another, with nothing else.
# The work is checked each round: every message due on dun's clock was
# settled (sent, or refused by the policy at dispatch), most were sent, and
# the spool holds exactly one file per message sent.
set -eu
DUN=${DUN:-build/dun}
N=${BENCH_SMS:-10000}
. tests/bench/lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A port of its own: other benches on the machine run their dun serve too.
port=$((20000 + $$ % 20000))

# Due on dun's clock (DUN_NOW): a message whose window is closed then waits, and is not pending.
pending() {
    bsql -c "SELECT count(*) FROM dun.outbox WHERE template = '$1' AND (state = 'sending' OR
             (state = 'queued' AND next_attempt_at <= '$DUN_NOW'::timestamptz + interval '1 minute'))"
}
for r in $(seq "$BENCH_RUNS"); do
    tag=bench-$r
    bsql -v n="$N" -v off=$(((r - 1) * N)) -v now="$DUN_NOW" -v tag="$tag" >/dev/null <<'SQL'
WITH pick AS (
    SELECT DISTINCT ON (a.id) a.id, p.number FROM dun.accounts a JOIN dun.phones p ON p.account_id = a.id
     WHERE p.kind = 'mobile' AND a.status = 'active' ORDER BY a.id, p.id OFFSET :off LIMIT :n),
c AS (INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, note)
      SELECT id, 'sms', 'out', now(), 'queued', number, 'bench' FROM pick RETURNING id, account_id, target)
INSERT INTO dun.outbox (account_id, contact_id, channel, template, target, subject, body,
                        release_at, next_attempt_at, created_at, updated_at)
SELECT account_id, id, 'sms', :'tag', target, '', 'Bench: a reminder from dun.', :'now'::timestamptz - interval '1 day',
       :'now'::timestamptz - interval '1 day', now(), now() FROM c;
SQL
    queued=$(bsql -c "SELECT count(*) FROM dun.outbox WHERE template = '$tag'")
    [ "$queued" -eq "$N" ] || bench_die "sender: round $r queued $queued messages, not $N"
    spool=$tmp/spool-$r
    s=$(secs)
    DUN_SERVE_TOKEN=bench-token-0123456789 DUN_SERVE_LISTEN=127.0.0.1:$port DUN_SPOOL_DIR="$spool" \
        DUN_SMS_PROVIDER=spool "$DUN" serve >"$tmp/serve.log" 2>&1 &
    pid=$!
    while [ "$(pending "$tag")" -gt 0 ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; bench_die "sender: dun serve exited"; }
        sleep 0.05
    done
    e=$(secs)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    sent=$(bsql -c "SELECT count(*) FROM dun.outbox WHERE template = '$tag' AND state = 'sent'")
    files=$(find "$spool" -name '*.sms' 2>/dev/null | wc -l)
    states=$(bsql -c "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM dun.outbox
                      WHERE template = '$tag' GROUP BY state ORDER BY state) s")
    say "sender round $r: $states; $files files in the spool"
    if [ "$sent" -lt $((N / 2)) ] || [ "$files" -ne "$sent" ]; then
        bench_die "sender: it did not do the work it timed ($sent of $N sent, $files spooled)"
    fi
    echo "$sent / ($e - $s)" | bc -l >>"$tmp/rate"
    /usr/bin/python3 - "$spool" "$tmp/floor-$r" >>"$tmp/floor" <<'PY'
import os, sys, time
src, dst = sys.argv[1], sys.argv[2]
files = [(f, open(os.path.join(src, f), "rb").read()) for f in sorted(os.listdir(src)) if f.endswith(".sms")]
os.makedirs(dst)
dfd = os.open(dst, os.O_RDONLY | os.O_DIRECTORY)
t = time.monotonic()
for i, (name, data) in enumerate(files):
    tmp = os.path.join(dst, ".tmp-" + name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, data)
    os.fsync(fd)
    os.close(fd)
    os.rename(tmp, os.path.join(dst, name))
    if i % 128 == 127 or i == len(files) - 1:
        os.fsync(dfd)  # as the spool does: the directory once a batch (core/channels/spool.c)
print(len(files) / (time.monotonic() - t))
PY
    echo "$sent" >>"$tmp/sent"
done
rate=$(median "$tmp/rate") floor=$(median "$tmp/floor")
figure "sender to the spool: $(median "$tmp/sent") of $N SMS sent a round (dun serve start to drained)" \
    "$(printf '%.0f msg/s' "$rate")" "$(printf "%.0f files/s, the spool's durable writes alone" "$floor")" \
    ">= 2000 msg/s" "$(verdict "$rate" '>=' 2000)"
