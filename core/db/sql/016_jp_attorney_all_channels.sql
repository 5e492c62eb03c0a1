-- 016: under JP, an attorney's notice (受任通知) stops every direct demand,
-- not only calls. 貸金業法21条1項9号 names calls, telegrams, faxes and
-- visits; an SMS, an email or a letter demanding payment reaches the debtor
-- just the same, and in practice (the FSA's supervisory guidelines for money
-- lenders, and lenders' own practice) all direct demands stop once the
-- notice arrives. dun does not contact when in doubt (docs/compliance.md).
-- Only the seeded value is widened: an operator who set attorney_channels
-- themselves keeps their choice.
UPDATE dun.policies
   SET attorney_channels = '{phone,sms,email,letter}', updated_at = now()
 WHERE code = 'JP' AND attorney_channels = '{phone}';
