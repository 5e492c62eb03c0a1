"""replay.py LOG OUT [MARKER MARKED_OUT]: the statements a session sent, read
from the server's log (log_statement=all), written as a psql script that
sends them again in the same order: each "execute <unnamed>: SQL" with its
"parameters: $1 = '...'" becomes PREPARE + EXECUTE (as dun sends them),
each "statement: SQL" runs as it is. With MARKER, the one statement
containing it is also written alone to MARKED_OUT (to count its rows); it
must have been sent exactly once. Prints how many statements it read."""
import re
import sys

lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")
stmts = []  # [sql, params or None]
for line in lines:
    m = re.search(r"LOG:  (?:execute <unnamed>|statement): (.*)$", line)
    if m:
        stmts.append([m.group(1), None])
        continue
    m = re.search(r"DETAIL:  parameters: (.*)$", line)
    if m and stmts:
        stmts[-1][1] = [v.replace("''", "'") for v in re.findall(r"\$\d+ = (?:'((?:[^']|'')*)'|NULL)", m.group(1))]


def render(i, s, p):
    if p is None:
        return s.rstrip(";") + ";\n"
    lit = lambda v: "'" + v.replace("'", "''") + "'"
    return "PREPARE s%d AS %s;\nEXECUTE s%d(%s);\nDEALLOCATE s%d;\n" % (i, s, i, ", ".join(map(lit, p)), i)


open(sys.argv[2], "w").write("".join(render(i, s, p) for i, (s, p) in enumerate(stmts)))
if len(sys.argv) > 3:
    marked = [i for i, (s, _) in enumerate(stmts) if sys.argv[3] in s]
    if len(marked) != 1:
        sys.exit("replay.py: the marked statement was sent %d times in %d statements, not once" % (len(marked), len(stmts)))
    open(sys.argv[4], "w").write(render(0, *stmts[marked[0]]))
print(len(stmts))
