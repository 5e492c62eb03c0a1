"""What the simulated phone (fakesmsc, tests/servers/kannel.sh) received for
one number: each message reassembled and decoded to UTF-8, one a line,
oldest first (a line break inside a message is printed as \\n).

Usage: /usr/bin/python3 phone.py PHONE_LOG NUMBER

fakesmsc logs one "Got message N: <...>" line per SMS part:
  <FROM TO text TEXT>               7-bit text, as is
  <FROM TO ucs-2 DATA>              URL-encoded UTF-16BE
  <FROM TO data DATA>               URL-encoded 8-bit data
  <FROM TO udh UDH data DATA>       one part of a concatenated message; UDH
                                    holds the reference, count and sequence
URL encoding here writes a space as '+'. A concatenated message does not say
its coding: it is UCS-2 when the data holds a NUL or a byte over 0x7f (the
7-bit parts of dun's English templates are plain ASCII)."""
import re
import sys
import urllib.parse

log, number = sys.argv[1:3]
line_re = re.compile(r"Got message \d+: <(\S*) (\S+) (text|ucs-2|data|udh) (.*)>$")


def unurl(s):
    return urllib.parse.unquote_to_bytes(s.replace("+", " "))


def decode(data, ucs2):
    if ucs2 or b"\x00" in data or any(b > 0x7F for b in data):
        if len(data) % 2 == 0:
            return data.decode("utf-16-be", "replace")
    return data.decode("latin-1")


messages = []   # [text or None while parts are missing]
pending = {}    # concatenation ref -> (index in messages, {seq: data}, count)
with open(log, "rb") as f:
    for raw in f:
        m = line_re.search(raw.decode("utf-8", "replace").rstrip("\r\n"))
        if not m or m.group(2) != number:
            continue
        kind, rest = m.group(3), m.group(4)
        if kind == "text":
            messages.append(rest)
        elif kind in ("ucs-2", "data"):
            messages.append(decode(unurl(rest), kind == "ucs-2"))
        else:
            udh_s, _, data_s = rest.partition(" data ")
            udh, data = unurl(udh_s), unurl(data_s)
            ref = count = seq = None
            i = 1
            while i + 1 < len(udh):  # information elements after the length byte
                iei, iel = udh[i], udh[i + 1]
                ie = udh[i + 2:i + 2 + iel]
                if iei == 0x00 and iel == 3:
                    ref, count, seq = ie[0], ie[1], ie[2]
                elif iei == 0x08 and iel == 4:
                    ref, count, seq = ie[0] << 8 | ie[1], ie[2], ie[3]
                i += 2 + iel
            if ref is None:
                messages.append(decode(data, False))
                continue
            if ref not in pending:
                pending[ref] = (len(messages), {}, count)
                messages.append(None)
            pending[ref][1][seq] = data
            idx, parts, count = pending[ref]
            if len(parts) == count:
                messages[idx] = decode(b"".join(parts[k] for k in sorted(parts)), False)
                del pending[ref]

for text in messages:
    print("<incomplete>" if text is None else text.replace("\n", "\\n"))
