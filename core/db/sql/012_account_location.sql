-- 012: the policy of an account that names none and whose creditor has none
-- follows where the debtor is, and is never a guess: US only when every
-- candidate zone is in the United States, JP only when every one is Tokyo,
-- else no policy (and dun contacts nobody without one: reason no_policy).
-- 002 gave US to a first zone in America/* and JP to anything else, so an
-- account stored in UTC was called under JP.

-- The zones of the states, DC and the inhabited territories (Puerto Rico,
-- the US Virgin Islands, Guam, the Northern Mariana Islands, American
-- Samoa), with the aliases naming the same places. The same list is in
-- core/locate.c (locate_zone_is_us); tests/store/test_locate.sh checks they
-- agree.
CREATE FUNCTION dun.zones_jurisdiction(zones text[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
SELECT CASE
    WHEN cardinality(zones) = 0 THEN NULL
    WHEN zones <@ ARRAY[
        'America/New_York', 'America/Detroit', 'America/Kentucky/Louisville', 'America/Kentucky/Monticello',
        'America/Indiana/Indianapolis', 'America/Indiana/Vincennes', 'America/Indiana/Winamac',
        'America/Indiana/Marengo', 'America/Indiana/Petersburg', 'America/Indiana/Vevay', 'America/Chicago',
        'America/Indiana/Tell_City', 'America/Indiana/Knox', 'America/Menominee', 'America/North_Dakota/Center',
        'America/North_Dakota/New_Salem', 'America/North_Dakota/Beulah', 'America/Denver', 'America/Boise',
        'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'America/Juneau', 'America/Sitka',
        'America/Metlakatla', 'America/Yakutat', 'America/Nome', 'America/Adak', 'Pacific/Honolulu',
        'America/Puerto_Rico', 'America/St_Thomas', 'America/Virgin', 'Pacific/Guam', 'Pacific/Saipan',
        'Pacific/Pago_Pago', 'Pacific/Samoa', 'US/Eastern', 'US/Central', 'US/Mountain', 'US/Pacific', 'US/Alaska',
        'US/Aleutian', 'US/Arizona', 'US/East-Indiana', 'US/Indiana-Starke', 'US/Michigan', 'US/Hawaii', 'US/Samoa',
        'America/Fort_Wayne', 'America/Indianapolis', 'America/Knox_IN', 'America/Louisville', 'America/Shiprock',
        'America/Atka', 'Navajo', 'Pacific/Johnston'
    ] THEN 'US'
    WHEN zones <@ ARRAY['Asia/Tokyo', 'Japan'] THEN 'JP'
END
$$;

-- The policy in force for each account: its own, its creditor's, else the
-- one its zones imply; NULL when none applies.
CREATE OR REPLACE VIEW dun.account_policy AS
SELECT a.id AS account_id,
       coalesce(a.jurisdiction, cp.policy_code, dun.zones_jurisdiction(a.time_zones)) AS policy_code
  FROM dun.accounts a
  LEFT JOIN dun.creditor_policies cp ON cp.creditor = a.creditor;
