"""aiosmtpd handler for the channels tests: a Maildir like
aiosmtpd.handlers.Mailbox that answers some recipients with errors, so the
smtp provider's mapping of replies can be checked against a real server.
  nobody@...  550 (permanent)      busy@...  451 (temporary)
  locked@...  535 (credentials refused, as a relay answers a bad AUTH)
"""
from aiosmtpd.handlers import Mailbox


class Picky(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 Mailbox unavailable"
        if address.startswith("locked@"):
            return "535 5.7.8 Authentication credentials invalid"
        if address.startswith("busy@"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
