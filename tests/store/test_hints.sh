# The seeded script hints (dun.script_hints): migration 017 adds the
# attorney context and rewords the first-contact lines that said "first
# call", but only where a supervisor has not already edited them.
. tests/lib.sh
fresh_db hints
"$DUN" migrate >/dev/null || not_ok "migrate"

hint() { # LANGUAGE CONTEXT POSITION: the active text
    sql "SELECT text FROM dun.script_hints WHERE language = '$1' AND context = '$2' AND position = $3 AND active"
}
for lang in ja en; do
    equal "$(sql "SELECT count(*) FROM dun.script_hints WHERE language = '$lang' AND context = 'attorney' AND active")" 3 \
        "$lang: three attorney lines"
done
contains_text() { case $1 in *"$2"*) return 0 ;; esac; echo "    | $1"; return 1; }
check "ja: the attorney note" contains_text "$(hint ja attorney 10)" "弁護士等が受任しています"
check "en: the attorney note" contains_text "$(hint en attorney 10)" "An attorney represents this debtor"
check "ja: the answer to the debtor calling in" contains_text "$(hint ja attorney 30)" "担当の先生を通してご連絡させていただきます"
check "en: the answer to the debtor calling in" contains_text "$(hint en attorney 30)" "We'll be in touch through your attorney."
equal "$(sql "SELECT count(*) FROM dun.script_hints WHERE context = 'attorney' AND text ~ '\{\{'")" 0 \
    "the attorney lines name nothing from the account"
check "a supervisor can add an attorney line" \
    sql "INSERT INTO dun.script_hints (language, context, position, text) VALUES ('en', 'attorney', 40, 'x')"
if sql "INSERT INTO dun.script_hints (language, context, text) VALUES ('en', 'lawyer', 'x')" >/dev/null 2>&1; then
    not_ok "an unknown context is still refused"
else ok "an unknown context is still refused"; fi

# first_contact shows until the first conversation, after any number of
# unanswered calls: no line may call it the first call.
equal "$(sql "SELECT count(*) FROM dun.script_hints WHERE context = 'first_contact'
               AND (text LIKE '%初めて%' OR text ILIKE '%first call%')")" 0 "no first-contact line says first call"
equal "$(hint ja first_contact 10)" "本日は{{creditor}}のご契約の件でご連絡いたしました。お電話に出ていただき、ありがとうございます。" \
    "ja: the first-contact line thanks for picking up"
equal "$(hint en first_contact 10)" "I'm calling about your {{creditor}} account. Thank you for picking up." \
    "en: the first-contact line thanks for picking up"

# A database from before 017 where a supervisor reworded the Japanese line:
# 017 leaves it as the supervisor wrote it and rewords only the seeded one.
sql "UPDATE dun.script_hints SET text = '本日は{{creditor}}様の件でお電話いたしました。'
      WHERE language = 'ja' AND context = 'first_contact' AND position = 10;
     UPDATE dun.script_hints SET text = 'I''m calling about your {{creditor}} account. This is our first call, so thank you for picking up.'
      WHERE language = 'en' AND context = 'first_contact' AND position = 10;
     DELETE FROM dun.script_hints WHERE context = 'attorney';
     DELETE FROM dun.schema_migrations WHERE version = 17" >/dev/null
expect_rc 0 "017 applies again" "$DUN" migrate
equal "$(hint ja first_contact 10)" "本日は{{creditor}}様の件でお電話いたしました。" "a supervisor's wording is kept"
equal "$(hint en first_contact 10)" "I'm calling about your {{creditor}} account. Thank you for picking up." \
    "the seeded wording is replaced"
finish
