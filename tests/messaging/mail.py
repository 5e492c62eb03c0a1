"""Find one message in a Maildir by Message-ID and recipient and write what a test needs to
know about it as files in OUT_DIR (raw UTF-8, no trailing newline added):
count (messages with that id to that address), defects, subject, from, to, date (the header),
date_ok (true when it parses as RFC 5322), message_id, list_unsubscribe, list_unsubscribe_post,
content_type, body (decoded, line ends as LF).

Usage: /usr/bin/python3 mail.py MAILDIR MESSAGE_ID TO OUT_DIR
(Each test file has its own database, so outbox ids, and with them
Message-IDs, repeat across the files sharing one Maildir.)"""
import email
import email.policy
import email.utils
import os
import sys

maildir, message_id, to, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)


def put(name, value):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(value)


found = []
for sub in ("new", "cur"):
    d = os.path.join(maildir, sub)
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        with open(os.path.join(d, name), "rb") as f:
            m = email.message_from_bytes(f.read(), policy=email.policy.default)
        rcpt = m["To"].addresses if m["To"] else ()
        if str(m.get("Message-ID", "")).strip() == message_id and [a.addr_spec for a in rcpt] == [to]:
            found.append(m)
put("count", str(len(found)))
if not found:
    sys.exit(0)
m = found[-1]
put("defects", " ".join(type(d).__name__ for d in m.defects))
for header in ("Subject", "From", "To", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"):
    v = m.get(header)
    put(header.lower().replace("-", "_"), "" if v is None else str(v).strip())
try:
    date_ok = email.utils.parsedate_to_datetime(str(m["Date"])) is not None
except (TypeError, ValueError):
    date_ok = False
put("date_ok", "true" if date_ok else "false")
put("content_type", f"{m.get_content_type()}; charset={m.get_content_charset()}")
put("body", m.get_content().replace("\r\n", "\n"))
