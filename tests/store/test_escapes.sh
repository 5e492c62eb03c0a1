# Terminal escapes from data (issue 10, item 9). A hostile creditor file
# could rewrite the terminal of whoever imports it: names, addresses and refs
# with ESC, BEL and other controls were stored, and reached the operator's
# terminal raw through contact-check, import error lines and echoed
# arguments. Wanted:
#  - import refuses C0/C1 controls and bidirectional overrides in every text
#    column (a template body keeps its line breaks), and invisible characters
#    (zero-width, direction marks) in names and refs, each with FILE:LINE,
#    the column and the character's code point;
#  - whatever is already stored, or given as an argument, is written visibly
#    (\x1b, \u202e) by every command, never raw.
. tests/lib.sh
fresh_db escapes
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, role) VALUES ('sato', 'Sato', 'supervisor')" >/dev/null
ESC=$(printf '\033') BEL=$(printf '\007')
NL='
'
# raw FILE: the file holds no ESC, BEL, CR, C1 control (UTF-8) or U+202E
raw() { LC_ALL=C grep -q "$(printf '[\033\007\r]')\|$(printf '\302[\200-\237]')\|$(printf '\342\200\256')" "$1"; }
no_raw() { if raw "$1"; then not_ok "$2 (raw control bytes: $(od -c "$1" | head -3 | tr -s ' '))"; else ok "$2"; fi; }
HDR="ref,name,currency,balance,time_zone,phone_mobile,address,assigned_agent"

# --- import refuses them --------------------------------------------------------
printf '%s\n' "$HDR" "ESC-1,Mal${ESC}]0;pwned${BEL}lory,USD,10.00,America/New_York,+12125550301,,sato" >"$TMP/name.csv"
expect_rc 1 "a name with ESC and BEL is refused" "$DUN" import accounts "$TMP/name.csv"
contains "$TMP/err" "name.csv:2: name: character 4 is a control character (U+001B ESC): remove it" \
    "with its line, column and character"
no_raw "$TMP/err" "the error carries no raw control"
equal "$(sql "SELECT count(*) FROM dun.accounts")" 0 "nothing is imported"

printf '%s\n' "$HDR" "ESC-2,Ann,USD,10.00,America/New_York,+12125550302,\"1 Main St${ESC}[2J, New York, NY 10001\",sato" \
    "ESC-3,Bob,USD,10.00,America/New_York,+12125550303,\"1 Main St$(printf '\302\233')2J, NY 10001\",sato" >"$TMP/addr.csv"
expect_rc 1 "an address with ESC, and one with a C1 control, are refused" "$DUN" import accounts "$TMP/addr.csv"
contains "$TMP/err" "addr.csv:2: address: character 10 is a control character (U+001B ESC)" "the ESC"
contains "$TMP/err" "addr.csv:3: address: character 10 is a control character (U+009B C1 control)" "the C1 CSI"
no_raw "$TMP/err" "no raw control in those errors"

printf '%s\n' "$HDR" "ESC-4,Eve $(printf '\342\200\256')reversed,USD,10.00,America/New_York,+12125550304,,sato" \
    "ESC-5$(printf '\342\200\213'),Zed,USD,10.00,America/New_York,+12125550305,,sato" \
    "ESC-6,Joe,USD,10.00,America/New_York,+12125550306,\"Flat$(printf '\342\200\213')1, New York, NY 10001\",sato" >"$TMP/bidi.csv"
expect_rc 1 "a bidirectional override in a name, a zero-width space in a ref, are refused" \
    "$DUN" import accounts "$TMP/bidi.csv" --partial
contains "$TMP/err" "bidi.csv:2: name: character 5 is U+202E, a bidirectional override" "the override, named"
contains "$TMP/err" "bidi.csv:3: ref: character 6 is U+200B, an invisible character" "the zero-width space in the ref"
no_raw "$TMP/err" "no raw override in those errors"
printf '%s\n' "$HDR" "ESC-8,\"Two${NL}Lines\",USD,10.00,America/New_York,+12125550309,\"1 Main St${NL}New York, NY 10001\",sato" >"$TMP/lines.csv"
expect_rc 1 "a name on two lines is refused" "$DUN" import accounts "$TMP/lines.csv"
contains "$TMP/err" "lines.csv:2: name: character 4 is a control character (U+000A LF)" "the line break, named"
check "the address on two lines is not what is refused" sh -c "! grep -q 'address:' '$TMP/err'"
equal "$(sql "SELECT string_agg(ref, ' ') FROM dun.accounts")" "ESC-6" \
    "a zero-width space in an address is kept (it changes no one's name)"
printf '%s\n' "$HDR" "ESC-9,Nine Lines,USD,10.00,America/New_York,+12125550310,\"1 Main St${NL}New York, NY 10001\",sato" >"$TMP/addr2.csv"
expect_rc 0 "an address on two lines is imported, as on an envelope" "$DUN" import accounts "$TMP/addr2.csv"
equal "$(sql "SELECT postal_address = E'1 Main St\\nNew York, NY 10001' FROM dun.accounts WHERE ref = 'ESC-9'")" t "with its line break"

# A value that is wrong in its own way is echoed visibly.
printf '%s\n' "ref,name,currency,balance,time_zone,phone_mobile,assigned_agent,due_date" \
    "ESC-7,Amy,USD,10.00,America/New_York,+12125550307,sato,2026${ESC}[31m-01-01" >"$TMP/date.csv"
expect_rc 1 "a date with ESC in it is refused" "$DUN" import accounts "$TMP/date.csv"
contains "$TMP/err" "date.csv:2: due_date: character 5 is a control character (U+001B ESC)" "by the control check"
no_raw "$TMP/err" "and not echoed raw"

# Templates: the body keeps its line breaks, but nothing else.
printf 'channel,name,language,purpose,body\nsms,esc_sms,en,first_notice,"{{company}}: Hello {{name}},\nplease pay.%s[5m Reply STOP to opt out."\n' \
    "$ESC" >"$TMP/tpl.csv"
expect_rc 1 "a template body with ESC is refused" "$DUN" --agent sato import templates "$TMP/tpl.csv"
contains "$TMP/err" "tpl.csv:2: body: character 41 is a control character (U+001B ESC)" "at its character"
printf 'channel,name,language,purpose,body\nsms,ok_sms,en,first_notice,"{{company}}: Hello {{name}},\nplease pay. Reply STOP to opt out."\n' \
    >"$TMP/tpl2.csv"
expect_rc 0 "a body with a line break is imported" "$DUN" --agent sato import templates "$TMP/tpl2.csv"

# --- stored data and arguments come out visibly ------------------------------------
# Rows written before this check existed (or by SQL): dun shows them, escaped.
"$DUN" import accounts "$TMP/date.csv" >/dev/null 2>&1
printf '%s\n' "ref,name,currency,balance,time_zone,phone_mobile,assigned_agent" \
    "OLD-1,Old Name,USD,10.00,America/New_York,+12125550308,sato" >"$TMP/old.csv"
"$DUN" import accounts "$TMP/old.csv" >/dev/null || not_ok "OLD-1 imported"
sql "UPDATE dun.accounts SET ref = E'OLD-1\\x1b]0;pwned\\x07', debtor_name = E'Old\\x1b[2J Name\\u009b\\u202e' WHERE ref = 'OLD-1'" >/dev/null
expect_rc 0 "contact-check on a ref with controls" "$DUN" contact-check "OLD-1${ESC}]0;pwned${BEL}"
no_raw "$TMP/out" "contact-check prints no raw control"
contains "$TMP/out" 'OLD-1\x1b]0;pwned\x07  policy' "it shows the ref escaped"
expect_rc 2 "an unknown ref given with controls" "$DUN" contact-check "NOPE${ESC}[2J${BEL}"
no_raw "$TMP/err" "the echoed argument carries no raw control"
contains "$TMP/err" 'NOPE\x1b[2J\x07' "it is shown escaped"
expect_rc 2 "a bad option with controls" "$DUN" queue "--li${ESC}mit"
no_raw "$TMP/err" "the usage error carries no raw control"
expect_rc 0 "the queue as a table" "$DUN" --agent sato queue
no_raw "$TMP/out" "the queue table carries no raw control"
expect_rc 0 "the queue as JSON" "$DUN" --agent sato queue --json
no_raw "$TMP/out" "the queue's JSON carries no raw control (C1 as \\u009b)"
contains "$TMP/out" 'Old\u001b[2J Name\u009b\u202e' "the name is there, escaped the JSON way"
expect_rc 2 "log-contact on the ref with controls, as an agent who may not" \
    "$DUN" --agent "no${ESC}body" log-contact "OLD-1${ESC}]0;pwned${BEL}" --channel phone --outcome no_answer \
    --target +12125550308
contains "$TMP/err" 'no active agent with login "no\x1bbody"' "log-contact names the agent escaped"
no_raw "$TMP/err" "and carries no raw control"
finish
