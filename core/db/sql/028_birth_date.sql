-- 028: the age band of the reminders' wording rules (issue 12: "balance
-- band, prior delinquencies, language, and age band when known").
-- dun.accounts.birth_date comes from the import column birth_date (optional;
-- personal data: read only by `dun remind` to pick a wording, shown nowhere,
-- exported nowhere). A rule's age band [min_age, max_age] (whole years on
-- the run's day, in the debtor's calendar) matches only an account whose
-- birth date is known; other accounts fall through to a rule with no band.
ALTER TABLE dun.accounts ADD COLUMN birth_date date;
ALTER TABLE dun.reminder_rules
    ADD COLUMN min_age integer CHECK (min_age BETWEEN 0 AND 150),
    ADD COLUMN max_age integer CHECK (max_age BETWEEN 0 AND 150);
