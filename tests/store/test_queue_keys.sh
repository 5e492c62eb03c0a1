# The queue's stored order (migration 038, `dun reorder`) is the engine's
# order: after a reorder the keys read back in index order give exactly
# `dun queue`'s ranking; every change to what a key rests on makes it stale
# (a call, a flag, a weight, a do-not-call number, time passing its edge),
# and a reorder brings the order back to the engine's; an inactive
# account's key rests; an agent's role orders only what it may see.
. tests/lib.sh
fresh_db queue_keys
export DUN_NOW=2026-11-22T10:00:57+09:00
"$DUN" migrate >/dev/null && "$DUN" demo-data --accounts 1500 --seed 3 >/dev/null || { not_ok "demo data"; finish; }

stored() { # stored AGENT: the agent's active accounts in the stored order
    sql "SELECT k.ref FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id
           JOIN dun.agents g ON g.id = a.assigned_agent_id
          WHERE g.login = '$1' AND a.status = 'active'
          ORDER BY k.score DESC NULLS LAST, k.dpd DESC, k.balance_minor DESC, k.ref, k.account_id"
}
engine() { "$DUN" queue --agent "$1" --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p'; }
same_order() { # same_order AGENT
    stored "$1" >"$TMP/stored"; engine "$1" >"$TMP/engine"
    [ -s "$TMP/engine" ] && cmp -s "$TMP/stored" "$TMP/engine" ||
        { diff "$TMP/engine" "$TMP/stored" | head -5 | sed 's/^/    | /'; return 1; }
}
stale() { sql "SELECT count(*) FROM dun.queue_keys WHERE edge <= '$DUN_NOW' OR computed_at > '$DUN_NOW'"; }
key_of() { sql "SELECT k.gen || ' ' || (k.edge <= '$DUN_NOW') FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id WHERE a.ref = '$1'"; }

equal "$(sql "SELECT count(*) FROM dun.queue_keys")" "$(sql "SELECT count(*) FROM dun.accounts")" \
    "every account has its key row from its creation"
check "before any reorder every key is stale" sh -c "[ $(stale) -eq 1500 ]"
out=$("$DUN" reorder) || not_ok "dun reorder exits 0"
equal "$out" "reordered: 1500 accounts" "dun reorder says how many it ordered"
equal "$(stale)" 0 "after it none is stale"
check "the stored order is the engine's, account for account" same_order demo
equal "$("$DUN" reorder)" "reordered: 0 accounts" "a second reorder has nothing to do"
equal "$(sql "SELECT count(*) FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id
               WHERE a.status <> 'active' AND (k.score IS NOT NULL OR k.edge <> 'infinity')")" 0 \
    "an inactive account's key rests: no score, no edge"

# A call makes its account's key stale (and only its).
ref=$(engine demo | sed -n 5p)
before=$(key_of "$ref")
num=$(sql "SELECT p.number FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = '$ref' ORDER BY p.id LIMIT 1")
"$DUN" log-contact "$ref" --channel phone --target "$num" --outcome no_answer --at "$DUN_NOW" >"$TMP/log" 2>&1 ||
    { not_ok "a call is logged on $ref"; sed 's/^/    | /' "$TMP/log"; }
after=$(key_of "$ref")
check "a call on $ref makes its key stale ($before -> $after)" sh -c "[ '${after#* }' = true ] && [ '${after% *}' -gt '${before% *}' ]"
equal "$(stale)" 1 "and no other"
"$DUN" reorder >/dev/null
check "a reorder puts it back in the engine's order" same_order demo

# A flag set in SQL (a dispute), a number put on the do-not-call list.
ref2=$(engine demo | sed -n 2p)
sql "UPDATE dun.accounts SET dispute = true WHERE ref = '$ref2'" >/dev/null
after=$(key_of "$ref2")
equal "${after#* }" true "a dispute set in SQL makes the key stale"
num=$(sql "SELECT p.number FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = '$(engine demo | sed -n 3p)' LIMIT 1")
sql "INSERT INTO dun.dnc (number) VALUES ('$num')" >/dev/null
equal "$(stale)" "$(sql "SELECT 1 + count(DISTINCT account_id) FROM dun.phones WHERE number = '$num'")" \
    "a number on the do-not-call list makes its accounts' keys stale"
"$DUN" reorder >/dev/null
check "the order is the engine's after the dispute and the do-not-call number" same_order demo

# A weight: every key.
engine demo >"$TMP/before_weight"
sql "UPDATE dun.priority_weights SET weight = 3 WHERE factor = 'balance'" >/dev/null
equal "$(stale)" "$(sql "SELECT count(*) FROM dun.queue_keys")" "a priority weight makes every key stale"
"$DUN" reorder >/dev/null
check "and the order is the engine's under the new weight" same_order demo
engine demo >"$TMP/after_weight"
check "the weight read from the database changes the engine's order" \
    sh -c "! cmp -s '$TMP/before_weight' '$TMP/after_weight'"

# Time passing the edges: 21:00 in Tokyo closes calls to every Japanese debtor.
export DUN_NOW=2026-11-22T21:00:30+09:00
check "at 21:00 in Tokyo keys have gone stale by time alone" sh -c "[ $(stale) -gt 100 ]"
"$DUN" reorder >/dev/null
check "reordered at 21:00 the order is the engine's" same_order demo
export DUN_NOW=2026-11-23T08:00:30+09:00
"$DUN" reorder >/dev/null
check "and again at 08:00 the next morning" same_order demo
# A key holds from when it was computed to its edge: a reader earlier than
# that (a workstation with DUN_NOW in the past, a clock behind) does not take
# the morning's order for the evening's, it computes its own.
export DUN_NOW=2026-11-22T21:00:30+09:00
check "back at 21:00 the keys computed the next morning do not hold" sh -c "[ $(stale) -gt 100 ]"
"$DUN" reorder >/dev/null
check "reordered back at 21:00 the order is the engine's at 21:00" same_order demo
export DUN_NOW=2026-11-23T08:00:30+09:00
"$DUN" reorder >/dev/null
check "and forward at 08:00 again the morning's" same_order demo

# The queue's length is kept as accounts are written (migration 039): for
# every agent it is the count of the active accounts it works.
lengths_right() {
    bad=$(sql "SELECT count(*) FROM dun.agents g
                WHERE dun.queue_length(g.id) <> (SELECT count(*) FROM dun.accounts a
                       WHERE a.status = 'active' AND (a.assigned_agent_id = g.id
                             OR (a.assigned_agent_id IS NULL AND a.team_id = dun.agent_pool(g.id))))")
    [ "$bad" = 0 ] || { echo "    | $bad agents' lengths are wrong"; return 1; }
}
check "each agent's queue length is its count after the demo" lengths_right
sql "UPDATE dun.accounts SET assigned_agent_id = (SELECT id FROM dun.agents WHERE login = 'sato')
      WHERE id IN (SELECT id FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id
                    WHERE g.login = 'demo' ORDER BY a.id LIMIT 40)" >/dev/null
check "after 40 accounts move from demo to sato" lengths_right
sql "UPDATE dun.accounts SET status = 'paid' WHERE id IN (SELECT id FROM dun.accounts WHERE status = 'active' ORDER BY id LIMIT 7)" >/dev/null
check "after 7 are paid" lengths_right
team=$(sql "SELECT name FROM dun.teams ORDER BY id LIMIT 1")
"$DUN" team pool "$team" on >/dev/null 2>&1 || not_ok "the team's pool on"
sql "UPDATE dun.accounts SET assigned_agent_id = NULL WHERE id IN (SELECT id FROM dun.accounts WHERE status = 'active' ORDER BY id DESC LIMIT 12)" >/dev/null
check "after 12 go to the team's pool" lengths_right
cat >"$TMP/more.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,assigned_agent,oldest_unpaid_due_date
LEN-1,長さ 一郎,JPY,5000,ja,Asia/Tokyo,+819012349001,demo,2026-10-01
LEN-2,長さ 二郎,JPY,6000,ja,Asia/Tokyo,+819012349002,sato,2026-10-01
CSV
"$DUN" import accounts "$TMP/more.csv" >/dev/null || not_ok "two accounts imported"
check "after an import" lengths_right
"$DUN" reorder >/dev/null

# An agent's role orders only the accounts it may see.
sql "UPDATE dun.priority_weights SET weight = 5 WHERE factor = 'balance'" >/dev/null
agent_logins
out=$("$PWD/tests/as-agent" --agent sato reorder 2>&1)
mine=$(sql "SELECT count(*) FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id WHERE g.login = 'sato'")
equal "$out" "reordered: $mine accounts" "sato's role orders sato's $mine accounts, no others"
check "sato's order is the engine's" same_order sato
finish
