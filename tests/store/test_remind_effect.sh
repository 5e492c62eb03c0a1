# dun metrics --reminders: the outcomes of real assignment, payment and link
# rows, read in each debtor's calendar, counted per cycle, over all cycles
# and per segment, against figures counted by hand; a real `dun remind` run
# is read too; bad options exit 2.
. tests/lib.sh
fresh_db remind_effect
"$DUN" migrate >/dev/null
company_conf
export DUN_NOW=2026-11-28T09:00:00+09:00

# Tokyo debtors T1-T5 and H1-H4, and T6 in Los Angeles. Due 2026-12-01
# (cycle A) or 2026-12-20 (cycle B, still pending on 12-10). Grace: 1 day,
# the default of both policies.
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,due_date,prior_delinquencies
T1,One,JPY,5000,ja,Asia/Tokyo,+819012340001,true,2026-12-01,2
T2,Two,JPY,5000,ja,Asia/Tokyo,+819012340002,true,2026-12-01,2
T3,Three,JPY,5000,ja,Asia/Tokyo,+819012340003,true,2026-12-01,2
T4,Four,JPY,5000,ja,Asia/Tokyo,+819012340004,true,2026-12-01,2
T5,Five,JPY,5000,ja,Asia/Tokyo,+819012340005,true,2026-12-20,3
T6,Six,USD,50.00,en,America/Los_Angeles,+12135550006,true,2026-12-01,7
H1,Hold One,JPY,5000,ja,Asia/Tokyo,+819012340011,true,2026-12-01,2
H2,Hold Two,JPY,5000,ja,Asia/Tokyo,+819012340012,true,2026-12-01,2
H3,Hold Three,JPY,5000,ja,Asia/Tokyo,+819012340013,true,2026-12-01,2
H4,Hold Four,JPY,5000,ja,Asia/Tokyo,+819012340014,true,2026-12-20,3
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }

# The fixture, as dun remind and the link page write it.
msg() { # ref clicks
    sql "WITH o AS (INSERT INTO dun.outbox (account_id, channel, template, target, body, release_at, next_attempt_at)
                    VALUES ($(acc "$1"), 'sms', 'remind_casual', '+810000', 'x', now(), now()) RETURNING id)
         INSERT INTO dun.links (token, outbox_id, account_id, expires_at, clicks, first_click_at)
         SELECT md5('$1'), o.id, $(acc "$1"), now() + interval '14 days', $2, CASE WHEN $2 > 0 THEN now() END FROM o
         RETURNING outbox_id"
}
assign() { # ref due arm stratum tone channel message_id blocked
    sql "INSERT INTO dun.reminder_assignments (account_id, due_date, arm, stratum, template, tone, channel, message_id,
                                               blocked, holdout_pct, assigned_at)
         VALUES ($(acc "$1"), '$2', '$3', $4, 'remind_$5', '$5', '$6', $7, $8, 50, '2026-11-28T09:00:00+09:00')" >/dev/null
}
pay() { # ref instant
    sql "INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, payment_id)
         SELECT id, 1000, currency, '$2', 'p-$1-$2' FROM dun.accounts WHERE ref = '$1'" >/dev/null
}
assign T1 2026-12-01 treatment 2 casual sms "$(msg T1 3)" NULL
assign T2 2026-12-01 treatment 2 casual sms "$(msg T2 0)" NULL
assign T3 2026-12-01 treatment 2 casual email NULL "'no_consent'"
assign T4 2026-12-01 treatment 2 casual sms "$(msg T4 1)" NULL
assign T5 2026-12-20 treatment 3 casual sms "$(msg T5 0)" NULL
assign T6 2026-12-01 treatment 5 formal sms "$(msg T6 0)" NULL
assign H1 2026-12-01 holdout 2 casual sms NULL NULL
assign H2 2026-12-01 holdout 2 casual sms NULL NULL
assign H3 2026-12-01 holdout 2 casual sms NULL NULL
assign H4 2026-12-20 holdout 3 casual sms NULL NULL
pay T1 2026-11-30T12:00:00+09:00 # early: not delinquent, not "within a day"
pay T2 2026-12-02T10:00:00+09:00 # the day after: in time, within a day
pay T4 2026-12-03T00:30:00+09:00 # half an hour after the deadline: delinquent
pay T6 2026-12-03T07:00:00Z      # 23:00 on 12-02 in Los Angeles: in time there
pay H2 2026-12-01T12:00:00+09:00 # on the due date
pay H3 2026-11-27T12:00:00+09:00 # before the assignment: it does not count

# Counted by hand, on 12-10 (cycle A settled, B pending):
#   A: reminded 5 (T3 blocked), held out 3; delinquent T 2/5 (T3, T4), H 2/3 (H1, H3);
#      paid within a day T 2/5 (T2, T6), H 1/3 (H2); clicks 2 of 4 messages (T1, T4).
#   B: reminded 1, held out 1, both pending; clicks 0 of 1.
export DUN_NOW=2026-12-10T12:00:00Z
expect_rc 0 "dun metrics --reminders --json exits 0" "$DUN" metrics --reminders --json
cp "$TMP/out" "$TMP/m.json"
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$TMP/m.json" "$1"; }
g() { echo "$1 n ${2}.n, ${2}.events, ${2}.pending"; }
equal "$(j '[c["due_date"] for c in d["cycles"]]')" "['2026-12-01', '2026-12-20']" "two cycles, in order"
A='d["cycles"][0]'
equal "$(j "$A['reminded'], $A['blocked'], $A['held_out']")" "(5, 1, 3)" "cycle A: reminded 5 (1 blocked), held out 3"
equal "$(j "[$A['delinquency'][k][f] for k in ('treatment', 'holdout') for f in ('n', 'events', 'pending')]")" \
    "[5, 2, 0, 3, 2, 0]" "cycle A delinquent: 2 of 5 reminded, 2 of 3 held out (T4 paid 30 minutes late; H3 before the reminder)"
equal "$(j "[$A['paid_within_1_day'][k]['events'] for k in ('treatment', 'holdout')]")" "[2, 1]" \
    "cycle A paid within a day: T2 and T6 (23:00 on 12-02 in Los Angeles), H2"
equal "$(j "$A['clicks']['messages'], $A['clicks']['clicked']")" "(4, 2)" "cycle A: 2 of 4 messages clicked"
equal "$(j "round($A['delinquency']['difference']['estimate'], 4), $A['delinquency']['verdict']")" \
    "(-0.2667, 'not enough data')" "difference 2/5 - 2/3 = -0.2667; too few to call"
equal "$(j "round($A['delinquency']['mde'], 4)")" "0.9645" "MDE 2.8016 x sqrt(2/3 x 1/3 x (1/5 + 1/3)) = 0.9645"
B='d["cycles"][1]'
equal "$(j "[$B['delinquency'][k][f] for k in ('treatment', 'holdout') for f in ('n', 'pending')]")" "[0, 1, 0, 1]" \
    "cycle B: everyone pending"
equal "$(j "$B['delinquency']['treatment']['rate']")" "None" "a pending cycle has no rate, not a 0"
equal "$(j 'd["all"]["reminded"], d["all"]["held_out"], d["all"]["clicks"]["messages"], d["all"]["clicks"]["clicked"]')" \
    "(6, 4, 5, 2)" "over all cycles: 6 reminded, 4 held out, 2 of 5 messages clicked"
equal "$(j '[(s["by"], s["value"], s["reminded"], s["held_out"]) for s in d["segments"]]')" \
    "[('prior_delinquencies', '2', 4, 3), ('prior_delinquencies', '3', 1, 1), ('prior_delinquencies', '5+', 1, 0), ('tone', 'formal', 1, 0), ('tone', 'casual', 5, 4), ('channel', 'sms', 5, 4), ('channel', 'email', 1, 0)]" \
    "per segment: prior delinquencies (7 is 5+), tone and channel; empty segments left out"

# The same at 12-02 23:59 Tokyo: cycle A is not settled yet in Tokyo.
DUN_NOW=2026-12-02T23:59:00+09:00 "$DUN" metrics --reminders --json >"$TMP/m.json"
equal "$(j "[$A['delinquency'][k]['n'] for k in ('treatment', 'holdout')]")" "[0, 0]" \
    "at 23:59 on 12-02 in Tokyo no deadline has passed (Los Angeles is still on 12-02 too)"

# Text: the figures and the verdict, readable.
expect_rc 0 "dun metrics --reminders exits 0" "$DUN" metrics --reminders
contains "$TMP/out" "Due 2026-12-01: reminded 5 (1 blocked by the policy, 0 pending), held out 3 (0 pending)" "a line per cycle"
contains "$TMP/out" " 40.0% (2/5)" "the reminded group's delinquency rate"
contains "$TMP/out" "-26.7 pts [" "the difference in points with its interval"
contains "$TMP/out" "MDE 96.4 pts: not enough data" "the MDE and the verdict"
contains "$TMP/out" "By prior_delinquencies" "the segments"
contains "$TMP/out" "All cycles: reminded 6 (1 blocked by the policy, 1 pending), held out 4 (1 pending)" "the running total"

# Bad options.
expect_rc 2 "--reminders with --csv is a usage error" "$DUN" metrics --reminders --csv
contains "$TMP/err" "--reminders takes only --json" "it says why"
expect_rc 2 "--reminders with --period is a usage error" "$DUN" metrics --reminders --period week

# A real run is read: dun remind's assignments show up, holdout included.
sql "DELETE FROM dun.reminder_assignments; DELETE FROM dun.links; DELETE FROM dun.outbox" >/dev/null
export DUN_SPOOL_DIR="$TMP/spool" DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool DUN_PUBLIC_URL=https://dun.example
DUN_NOW=2026-11-28T12:00:00+09:00 "$DUN" remind --holdout 50 >/dev/null || not_ok "dun remind ran"
DUN_NOW=2026-11-28T12:00:00+09:00 "$DUN" metrics --reminders --json >"$TMP/m.json"
equal "$(j 'd["all"]["reminded"] + d["all"]["held_out"]')" \
    "$(sql "SELECT count(*) FROM dun.reminder_assignments")" "every assignment of a real run is counted"
equal "$(j 'd["all"]["held_out"] > 0 and d["all"]["reminded"] > 0')" "True" "in both arms"
finish
