"""Check stored email against what was sent; prints TAP-like lines.

Usage: /usr/bin/python3 check_mail.py LABEL SOURCE MESSAGE_ID EXPECT_DIR
  SOURCE      a Maildir (aiosmtpd) or one .eml file (spool)
  EXPECT_DIR  files holding the expected values, raw UTF-8: subject, body,
              from_name, from_addr, to, and optionally reply_to,
              list_unsubscribe, count (how many stored messages carry the id)
"""
import email
import email.policy
import email.utils
import os
import re
import sys

label, source, message_id, expect_dir = sys.argv[1:5]
failed = 0


def expect(name, default=None):
    path = os.path.join(expect_dir, name)
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read()


def check(cond, what, detail=""):
    global failed
    if cond:
        print(f"ok - {label}: {what}")
    else:
        failed += 1
        print(f"not ok - {label}: {what}" + (f" ({detail})" if detail else ""))


raws = []
if os.path.isdir(source):
    for sub in ("new", "cur"):
        d = os.path.join(source, sub)
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            with open(os.path.join(d, name), "rb") as f:
                raws.append(f.read())
else:
    with open(source, "rb") as f:
        raws.append(f.read())

found = []
for raw in raws:
    m = email.message_from_bytes(raw, policy=email.policy.default)
    if m.get("Message-ID", "").strip() == message_id:
        found.append((raw, m))

count = int(expect("count", "1"))
check(len(found) == count, f"{count} stored message(s) with Message-ID {message_id}",
      f"found {len(found)} among {len(raws)}")
if not found:
    sys.exit(1)
raw, m = found[-1]

check(not m.defects, "parses without defects", str(m.defects))
for h in ("From", "To", "Date", "Message-ID", "MIME-Version", "Subject"):
    check(m.get(h) is not None, f"has {h}")
check(str(m["Subject"]) == expect("subject"), "subject decodes to the original",
      f"got {str(m['Subject'])!r}")
frm = m["From"].addresses[0] if m["From"] and m["From"].addresses else None
check(frm is not None and frm.display_name == expect("from_name") and frm.addr_spec == expect("from_addr"),
      "From display name and address", repr(frm))
to = m["To"].addresses[0] if m["To"] and m["To"].addresses else None
check(to is not None and to.addr_spec == expect("to"), "To address", repr(to))
try:
    date_ok = email.utils.parsedate_to_datetime(m["Date"]) is not None
except (TypeError, ValueError):
    date_ok = False
check(date_ok, "Date is RFC 5322", str(m["Date"]))
check(str(m["MIME-Version"]) == "1.0", "MIME-Version 1.0")
if expect("reply_to") is not None:
    rt = m["Reply-To"].addresses[0] if m["Reply-To"] and m["Reply-To"].addresses else None
    check(rt is not None and rt.addr_spec == expect("reply_to"), "Reply-To address", repr(rt))
if expect("list_unsubscribe") is not None:
    check(str(m.get("List-Unsubscribe", "")).strip() == expect("list_unsubscribe"), "List-Unsubscribe",
          str(m.get("List-Unsubscribe")))
    post = m.get("List-Unsubscribe-Post")
    if expect("list_unsubscribe").startswith("<http"):
        check(post is not None and str(post) == "List-Unsubscribe=One-Click",
              "List-Unsubscribe-Post: List-Unsubscribe=One-Click for an https link (RFC 8058)", str(post))
    else:
        check(post is None, "no List-Unsubscribe-Post for mailto")
check(m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8",
      "text/plain; charset=UTF-8", m.get("Content-Type", ""))
body = expect("body")
want = body if body.endswith("\n") else body + "\n"
# Python keeps the CRLF of a message read from a file (the spool) in the body.
got = m.get_content().replace("\r\n", "\n")
check(got == want, "body is the UTF-8 original", f"got {got!r}")

# aiosmtpd's Maildir stores lines ending in LF; the spool keeps CRLF.
text = raw.replace(b"\r\n", b"\n")
head = text.split(b"\n\n", 1)[0]
lines = head.split(b"\n")
check(all(len(l) <= 78 for l in lines), "header lines within 78 characters",
      str([l for l in lines if len(l) > 78][:2]))
words = re.findall(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=", head)
check(all(len(w) < 76 for w in words), "encoded-words under 76 characters", str(len(words)))
check(all(len(l) <= 998 for l in text.split(b"\n")), "no line over 998 bytes")
sys.exit(1 if failed else 0)
