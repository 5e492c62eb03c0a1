-- dun.zones_jurisdiction (012) was declared STRICT, and its CASE cannot be
-- proven to return NULL for a NULL argument, so the planner never inlined
-- it: dun.account_policy called it once per row (8 us each: 0.4 s of a
-- metrics refresh over 52,500 promises). Its body already gives NULL for a
-- NULL argument; without STRICT it is inlined into every query that reads
-- the view, and gives the same answers.
ALTER FUNCTION dun.zones_jurisdiction(text[]) CALLED ON NULL INPUT;
