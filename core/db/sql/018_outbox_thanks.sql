-- Whether a message thanks the debtor for a payment is a fact of the
-- message, set where it is queued from its template's purpose: such a
-- message asks for nothing, so a zero or credit balance (no_balance) does
-- not block it at dispatch, while it blocks every collection message
-- (docs/compliance.md).
ALTER TABLE dun.outbox ADD COLUMN thanks boolean NOT NULL DEFAULT false;
UPDATE dun.outbox o SET thanks = true
  FROM dun.templates t
 WHERE t.name = o.template AND t.channel = o.channel AND t.purpose = 'payment_thanks';
