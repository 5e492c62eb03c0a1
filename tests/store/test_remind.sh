# dun remind: who is selected (due exactly N days ahead in the debtor's
# calendar, late K times or more before), who is left out and why (counted),
# --dry-run writes nothing, a second run queues nothing twice, holdout rows
# are stored, the template chosen by dun.reminder_rules is recorded, a
# Japanese debtor at 22:00 gets a message that waits for 08:00 rather than a
# refusal, and bad options exit 2.
. tests/lib.sh
fresh_db remind
"$DUN" migrate >/dev/null
export DUN_SPOOL_DIR="$TMP/spool" DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool
company_conf
# 22:00 on Fri 2026-11-27 in Tokyo, 08:00 in New York: both calendars are on
# the 27th, so due in 3 days is 2026-11-30.
export DUN_NOW=2026-11-27T22:00:00+09:00
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,email,sms_consent,email_consent,due_date,oldest_unpaid_due_date,prior_delinquencies,sms_opt_out,email_opt_out,cease,attorney,dispute,bankruptcy
JA-1,山田太郎,JPY,50000,ja,Asia/Tokyo,+819012340001,,true,false,2026-11-30,,3,false,false,false,false,false,false
EN-1,Erin Early,USD,200.00,en,America/New_York,+12125552001,,true,false,2026-11-30,,2,false,false,false,false,false,false
EM-1,Emma Mail,USD,150.00,en,America/New_York,,emma@example.com,false,true,2026-11-30,,2,false,false,false,false,false,false
FORMAL-1,Frank Formal,USD,90.00,en,America/New_York,+12125552002,,true,false,2026-11-30,,5,false,false,false,false,false,false
LOW-1,Lou Low,USD,90.00,en,America/New_York,+12125552003,,true,false,2026-11-30,,1,false,false,false,false,false,false
FAR-1,Fay Far,USD,90.00,en,America/New_York,+12125552004,,true,false,2026-12-01,,3,false,false,false,false,false,false
LATE-1,Lee Late,USD,90.00,en,America/New_York,+12125552005,,true,false,2026-11-30,2026-10-30,3,false,false,false,false,false,false
OPT-1,Otto Opt,USD,90.00,en,America/New_York,+12125552006,otto@example.com,true,true,2026-11-30,,3,true,true,false,false,false,false
CEASE-1,Cy Cease,USD,90.00,en,America/New_York,+12125552007,,true,false,2026-11-30,,3,false,false,true,false,false,false
ATT-1,Al Att,USD,90.00,en,America/New_York,+12125552008,,true,false,2026-11-30,,3,false,false,false,true,false,false
DISP-1,Di Disp,USD,90.00,en,America/New_York,+12125552009,,true,false,2026-11-30,,3,false,false,false,false,true,false
BANK-1,Bo Bank,USD,90.00,en,America/New_York,+12125552010,,true,false,2026-11-30,,3,false,false,false,false,false,true
JE-1,鈴木花子,JPY,50000,ja,Asia/Tokyo,,hanako@example.jp,false,false,2026-11-30,,2,false,false,false,false,false,false
NOCH-1,Nora None,USD,90.00,en,America/New_York,+12125552011,,false,false,2026-11-30,,3,false,false,false,false,false,false
HO-1,Hana Hold,JPY,50000,ja,Asia/Tokyo,+819012340002,,true,false,2026-12-02,,2,false,false,false,false,false,false
HO-2,Hugh Hold,USD,90.00,en,America/New_York,+12125552012,,true,false,2026-12-02,,4,false,false,false,false,false,false
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
nout() { sql "SELECT count(*) FROM dun.outbox"; }
nassign() { sql "SELECT count(*) FROM dun.reminder_assignments"; }
state() { sql "SELECT (SELECT count(*) FROM dun.outbox), (SELECT count(*) FROM dun.contacts),
                      (SELECT count(*) FROM dun.reminder_assignments)"; }

# --- bad options ------------------------------------------------------------------------------
expect_rc 2 "--holdout 101 is a usage error" "$DUN" remind --holdout 101
contains "$TMP/err" "dun: --holdout takes 0 to 100, not \"101\"" "it says what --holdout takes"
expect_rc 2 "--days-before x is a usage error" "$DUN" remind --days-before x
expect_rc 2 "an unknown option is a usage error" "$DUN" remind --bogus
expect_rc 2 "--at that is no time is a usage error" "$DUN" remind --at tomorrow
expect_rc 2 "--at ahead of now is refused unless --dry-run" "$DUN" remind --at 2026-12-01T10:00:00+09:00
equal "$(state)" "0|0|0" "nothing was written by them"

# The seeded reminders carry {{link}}: without public_url, one clear error.
expect_rc 2 "without public_url the seeded reminders (they carry {{link}}) are refused" "$DUN" remind --holdout 0
contains "$TMP/err" "carries {{link}}, and public_url is not set: set it in dun.conf" "it names the setting, once"
equal "$(wc -l <"$TMP/err")" 1 "in one line, not one per account"
equal "$(state)" "0|0|0" "and nothing was written"
export DUN_PUBLIC_URL=https://dun.example/
for bad in 0 366 1.5 two; do
    expect_rc 2 "link_days = $bad is refused" env DUN_LINK_DAYS=$bad "$DUN" remind --holdout 0
    contains "$TMP/err" "DUN_LINK_DAYS=$bad: use a whole number of days from 1 to 365" "and says what it takes ($bad)"
done
equal "$(state)" "0|0|0" "nothing was written with a bad link_days"

# --- dry run ------------------------------------------------------------------------------
before=$(state)
expect_rc 0 "--dry-run exits 0" "$DUN" remind --holdout 0 --dry-run
contains "$TMP/out" "JA-1	sms	remind_casual	treatment	stratum 3	would_queue" "it lists ref, channel, template and arm"
contains "$TMP/out" "EM-1	email	remind_casual	treatment" "email when there is no SMS consent"
contains "$TMP/out" "FORMAL-1	sms	remind_formal	treatment	stratum 5" "late 5 times: the formal wording"
contains "$TMP/out" "dry run: 12 selected" "12 selected (not LOW-1, late once; not FAR-1, due in 4 days; not HO-*, due in 5)"
equal "$(state)" "$before" "--dry-run writes nothing"

# --- the run --------------------------------------------------------------------------------
expect_rc 0 "dun remind --holdout 0 --json exits 0" "$DUN" remind --holdout 0 --json
cp "$TMP/out" "$TMP/run1.json"
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$TMP/run1.json" "$1"; }
equal "$(j 'd["selected"], d["held_out"], d["queued"], d["waiting_for_window"]')" "(12, 0, 4, 1)" \
    "selected 12, held out 0, queued 4, one of them waiting for its window"
equal "$(j 'sorted(d["blocked"].items())')" \
    "[('attorney', 1), ('bankruptcy', 1), ('cease', 1), ('dispute', 1), ('no_channel', 1), ('no_consent', 1), ('opted_out', 1), ('overdue', 1)]" \
    "every reason counted once; JE-1's email is refused by the JP policy (no consent) and counted"
equal "$(sql "SELECT string_agg(a.ref || ' ' || o.channel || ' ' || o.template || ' ' || o.state, ', ' ORDER BY a.ref)
              FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id")" \
    "EM-1 email remind_casual queued, EN-1 sms remind_casual queued, FORMAL-1 sms remind_formal queued, JA-1 sms remind_casual queued" \
    "three SMS and an email queued, with the template recorded on each message"
equal "$(sql "SELECT count(*) FROM dun.contacts WHERE outcome = 'queued'")" 4 "each with its contact row"
equal "$(sql "SELECT count(*) FROM dun.links l JOIN dun.outbox o ON o.id = l.outbox_id AND o.account_id = l.account_id
              WHERE strpos(o.body, 'https://dun.example/p/' || l.token) > 0
                AND l.expires_at = o.created_at + interval '14 days'")" 4 \
    "each carries its own link, recorded with it, expiring in 14 days"
equal "$(sql "SELECT count(*) FROM dun.outbox_events e JOIN dun.outbox o ON o.id = e.outbox_id WHERE e.state = 'queued'
              AND e.detail = o.template")" 4 "each with its queued event"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc JE-1)")" 0 "the refused one has no message"
equal "$(sql "SELECT arm || ' ' || (message_id IS NULL) || ' ' || blocked FROM dun.reminder_assignments WHERE account_id = $(acc JE-1)")" \
    "treatment true no_consent" \
    "but its assignment is kept: drawn into treatment, blocked by the policy (the effect is measured on every account drawn)"
# The Japanese debtor at 22:00 local: quiet hours until 08:00 JST, so it waits.
equal "$(sql "SELECT to_char(release_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') || ' ' ||
                     to_char(next_attempt_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')
              FROM dun.outbox WHERE account_id = $(acc JA-1)")" "2026-11-28 08:00 2026-11-28 08:00" \
    "JA-1 at 22:00 JST waits for 08:00 JST the next morning rather than being refused"
equal "$(sql "SELECT to_char(release_at AT TIME ZONE 'America/New_York', 'HH24:MI') FROM dun.outbox WHERE account_id = $(acc EN-1)")" \
    "08:00" "EN-1 at 08:00 in New York is released now"
equal "$(sql "SELECT string_agg(a.ref || ' ' || r.arm || ' ' || r.stratum || ' ' || r.template || ' ' || r.tone || ' '
                     || coalesce((r.message_id = o.id)::text, 'no message'), ', ' ORDER BY a.ref)
              FROM dun.reminder_assignments r JOIN dun.accounts a ON a.id = r.account_id
              LEFT JOIN dun.outbox o ON o.account_id = r.account_id")" \
    "EM-1 treatment 2 remind_casual casual true, EN-1 treatment 2 remind_casual casual true, FORMAL-1 treatment 5 remind_formal formal true, JA-1 treatment 3 remind_casual casual true, JE-1 treatment 2 remind_casual casual no message" \
    "the assignments record arm, stratum, template, tone and message"

# --- twice -------------------------------------------------------------------------------------
before=$(state)
expect_rc 0 "a second run exits 0" "$DUN" remind --holdout 0
contains "$TMP/out" "0 held out, 0 queued" "and queues nothing"
contains "$TMP/out" "already_reminded 5" "the four reminded and the one blocked are not drawn again in this cycle"
equal "$(state)" "$before" "nothing was written twice"

# --- holdout -----------------------------------------------------------------------------------
expect_rc 0 "--days-before 5 --holdout 100 holds everyone out" "$DUN" remind --days-before 5 --holdout 100
contains "$TMP/out" "2 selected (due in 5 days, late 2 times or more before), 2 held out, 0 queued" "2 held out"
equal "$(sql "SELECT string_agg(a.ref || ' ' || r.arm || ' ' || r.stratum || ' ' || (r.message_id IS NULL) || ' ' || r.holdout_pct,
              ', ' ORDER BY a.ref) FROM dun.reminder_assignments r JOIN dun.accounts a ON a.id = r.account_id
              WHERE r.due_date = '2026-12-02'")" "HO-1 holdout 2 true 100, HO-2 holdout 4 true 100" \
    "holdout rows are stored, with their stratum and no message"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id IN ($(acc HO-1), $(acc HO-2))")" 0 "and nothing is queued for them"

# --- the age band --------------------------------------------------------------------------------
# Rules with an age band (whole years in the debtor's calendar) win by
# priority over the seeded ones; an account with no birth date falls through.
sql "INSERT INTO dun.reminder_rules (priority, min_age, max_age, template, tone, note) VALUES
     (1, 18, 29, 'remind_casual', 'casual', 'young: casual, however late'),
     (2, 65, NULL, 'remind_formal', 'formal', '65 and over: formal')" >/dev/null
cat >"$TMP/age.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,due_date,prior_delinquencies,birth_date
AGE-YOUNG,Yu Young,USD,90.00,en,America/New_York,+12125554001,true,2026-12-05,5,1997-11-28
AGE-30,Thirty,USD,90.00,en,America/New_York,+12125554002,true,2026-12-05,5,1996-11-27
AGE-SENIOR,Sen Senior,USD,90.00,en,America/New_York,+12125554003,true,2026-12-05,2,1950-06-01
AGE-UNKNOWN,Una Known,USD,90.00,en,America/New_York,+12125554004,true,2026-12-05,2,
CSV
"$DUN" import accounts "$TMP/age.csv" >"$TMP/age.imp" 2>&1 || { not_ok "accounts with birth dates imported"; cat "$TMP/age.imp"; }
"$DUN" remind --days-before 8 --holdout 0 --dry-run >"$TMP/age.out"
contains "$TMP/age.out" "AGE-YOUNG	sms	remind_casual" "28 (born 1997-11-28; the run's day is 11-27 in New York): the 18-29 band, casual despite 5 late payments"
contains "$TMP/age.out" "AGE-30	sms	remind_formal" "30 on the run's day (born 1996-11-27): past the band, so late 5 times means the seeded formal rule"
contains "$TMP/age.out" "AGE-SENIOR	sms	remind_formal" "76: the 65-and-over band, formal"
contains "$TMP/age.out" "AGE-UNKNOWN	sms	remind_casual" "no birth date: no band matches, the seeded casual rule"

# --- the date line -----------------------------------------------------------------------------
# 10:30 UTC on 11-28 is 00:30 on 11-29 on Kiritimati (UTC+14) and 23:30 on
# 11-27 in Pago Pago (UTC-11): "due in 3 days" is 12-02 for one, 11-30 for
# the other, two days apart at the same instant.
cat >"$TMP/line.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,jurisdiction,phone_mobile,sms_consent,due_date,prior_delinquencies
KIR-IN,Kiri In,USD,90.00,en,Pacific/Kiritimati,US,+12125553001,true,2026-12-02,3
KIR-OUT,Kiri Out,USD,90.00,en,Pacific/Kiritimati,US,+12125553002,true,2026-12-01,3
PAGO-IN,Pago In,USD,90.00,en,Pacific/Pago_Pago,US,+12125553003,true,2026-11-30,3
PAGO-OUT,Pago Out,USD,90.00,en,Pacific/Pago_Pago,US,+12125553004,true,2026-12-01,3
CSV
"$DUN" import accounts "$TMP/line.csv" >"$TMP/line.imp" 2>&1 || { not_ok "date-line accounts imported"; cat "$TMP/line.imp"; }
DUN_NOW=2026-11-28T10:30:00Z "$DUN" remind --holdout 0 --dry-run >"$TMP/line.out"
equal "$(grep -o '^[A-Z]*-[A-Z]*' "$TMP/line.out" | grep -E 'KIR|PAGO' | sort | tr '\n' ' ')" "KIR-IN PAGO-IN " \
    "at one instant, each debtor's own date decides: Kiritimati's 12-02 and Pago Pago's 11-30, not 12-01"
finish
