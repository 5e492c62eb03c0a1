# The queue's score reflects what the agent can do now: a call first, then a
# text or an email; a letter alone does not make an account "contactable
# now", so at 21:00 in Tokyo every Japanese account sinks, and an account at
# its daily call cap falls below one that can still be called.
. tests/lib.sh
fresh_db priority
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('sato', 'Sato', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,email,email_consent,assigned_agent,oldest_unpaid_due_date,address
JP-CAP,上限 太郎,JPY,90000,ja,Asia/Tokyo,+819012345001,false,,false,sato,2026-08-01,東京都千代田区1-1
JP-SMS,上限 花子,JPY,90000,ja,Asia/Tokyo,+819012345002,true,,false,sato,2026-08-01,東京都千代田区1-2
JP-CALL,電話 次郎,JPY,10000,ja,Asia/Tokyo,+819012345003,false,,false,sato,2026-11-01,東京都千代田区1-3
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
explain() { # explain AT REF FACTOR
    DUN_NOW=$1 "$DUN" queue --agent sato --json --explain | /usr/bin/python3 -c \
        "import json,sys; print([r['factors']['$3'] for r in json.load(sys.stdin) if r['ref']=='$2'][0])"
}
rank() { # rank AT REF
    DUN_NOW=$1 "$DUN" queue --agent sato --json | /usr/bin/python3 -c \
        "import json,sys; print([r['rank'] for r in json.load(sys.stdin) if r['ref']=='$2'][0])"
}

equal "$(explain 2026-11-20T10:00:00+09:00 JP-CALL contactable_now)" 100.0 "a debtor who may be called scores in full"
equal "$(explain 2026-11-20T21:00:00+09:00 JP-CAP contactable_now)" 0.0 \
    "at 21:00 a letter alone does not make an account contactable now"
equal "$(explain 2026-11-20T21:00:00+09:00 JP-SMS contactable_now)" 0.0 "nor does it for one with SMS consent"

# Three calls today: the cap is reached.
for t in 09:00 10:00 11:00; do
    "$DUN" log-contact JP-CAP --channel phone --target +819012345001 --outcome no_answer \
        --at "2026-11-20T$t:00+09:00" >/dev/null
    "$DUN" log-contact JP-SMS --channel phone --target +819012345002 --outcome no_answer \
        --at "2026-11-20T$t:00+09:00" >/dev/null
done
equal "$(explain 2026-11-20T12:00:00+09:00 JP-CAP contactable_now)" 0.0 \
    "at the daily call cap, with no text or email allowed, the account is not contactable now"
equal "$(explain 2026-11-20T12:00:00+09:00 JP-SMS contactable_now)" 50.0 \
    "at the cap with SMS allowed it counts half: a call comes first"
equal "$(rank 2026-11-20T12:00:00+09:00 JP-CALL)" 1 "the account that can still be called comes first"
equal "$(rank 2026-11-20T12:00:00+09:00 JP-CAP)" 3 "the one nobody may contact now comes last"
finish
