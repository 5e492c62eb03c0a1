"""Check one soak round against what the simulated phone received.

Usage: /usr/bin/python3 soak_check.py PHONE_LOG OFFSET MESSAGES_TSV PREFIX

PHONE_LOG is fakesmsc's log (tests/servers/kannel.sh), read from byte
OFFSET (where the round began). MESSAGES_TSV has one line per outbox message
of the round: body, state, TAB-separated; every body is unique, starts with
PREFIX and is plain ASCII without spaces, so it arrives as one "text" part.

Prints one line per problem ("twice: BODY (3 times)", ...) and a last line
"received R of N; STATE COUNT, ..." ; exits 1 when there was a problem:
  - a message received more than once;
  - sent, no_report or delivered, and not received (Kannel accepted it);
  - failed (never handed to Kannel, or refused by it), and received;
  - in a state that is neither final nor unknown (queued, sending);
  - received with PREFIX, but no message of the round has that text.
unknown may have been received or not."""
import collections
import re
import sys

log, offset, tsv, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
line_re = re.compile(r"Got message \d+: <\S* \S+ text (\S+)>$")

got = collections.Counter()
with open(log, "rb") as f:
    f.seek(offset)
    for raw in f:
        m = line_re.search(raw.decode("utf-8", "replace").rstrip("\r\n"))
        if m:
            got[m.group(1)] += 1

states = collections.Counter()
problems = []
bodies = set()
with open(tsv, encoding="utf-8") as f:
    for line in f:
        body, state = line.rstrip("\n").split("\t")
        bodies.add(body)
        states[state] += 1
        n = got[body]
        if n > 1:
            problems.append(f"twice: {body} ({n} times, {state})")
        elif state in ("sent", "no_report", "delivered") and n == 0:
            problems.append(f"{state} but never received: {body}")
        elif state == "failed" and n > 0:
            problems.append(f"failed but received: {body}")
        elif state not in ("sent", "no_report", "delivered", "failed", "unknown"):
            problems.append(f"left {state}: {body}")
for body in got:
    if body.startswith(prefix) and body not in bodies:
        problems.append(f"received, but not in the outbox: {body}")

for p in problems[:20]:
    print(p)
if len(problems) > 20:
    print(f"... and {len(problems) - 20} more")
received = sum(1 for b in bodies if got[b])
print(f"received {received} of {len(bodies)}; " + ", ".join(f"{s} {n}" for s, n in sorted(states.items())))
sys.exit(1 if problems else 0)
