#include "core/contact_row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/validate.h"

const struct row_column contact_columns[CCOL_COUNT] = {
#define X(id, nm, req) [CCOL_##id] = {nm, req, CCOL_##id == CCOL_ACCOUNT_REF ? TEXT_NAME : TEXT_LINE},
    CONTACT_COLUMNS(X)
#undef X
};

static const char *const channels[] = {"phone", "sms", "email", "letter", NULL};
static const char *const outcomes[] = {"not_connected", "no_answer", "busy", "voicemail", "conversation",
                                       "third_party", "wrong_number", "refused", "dispute",
                                       "callback_requested", "sent", "delivered", "failed", NULL};

const char *contact_column_name(int c) { return contact_columns[c].name; }
bool contact_column_required(int c) { return contact_columns[c].required; }

int contact_column_find(const char *name) { return row_column_find(contact_columns, CCOL_COUNT, name); }

bool contact_outcome_valid(const char *outcome) { return word_in(outcome, outcomes); }

int contact_row_validate(const char *const in[], char *out[], row_error_fn err, void *ctx)
{
    int problems = 0;
    char msg[300], buf[64];
    dun_time at;
    bool flag;
#define BAD(col, ...) do { snprintf(msg, sizeof msg, __VA_ARGS__); err(ctx, contact_columns[col].name, msg); problems++; } while (0)
    for (int c = 0; c < CCOL_COUNT; c++) {
        out[c] = NULL;
        if ((!in[c] || !*in[c]) && contact_columns[c].required)
            BAD(c, "required, but empty");
    }
    const char *ch = in[CCOL_CHANNEL], *v;
    if (ch && *ch && !word_in(ch, channels))
        BAD(CCOL_CHANNEL, "\"%s\" is not a channel (phone, sms, email or letter)", ch);
    if ((v = in[CCOL_DIRECTION]) && *v && strcmp(v, "out") != 0 && strcmp(v, "in") != 0)
        BAD(CCOL_DIRECTION, "\"%s\" is not a direction (out or in)", v);
    if ((v = in[CCOL_AT]) && *v) {
        if (!iso8601_parse(v, &at))
            BAD(CCOL_AT, "\"%s\" is not an ISO 8601 time with an offset (e.g. 2026-11-20T14:05:00+09:00)", v);
        else if (!time_in_range(at))
            BAD(CCOL_AT, "\"%s\" is outside the dates dun accepts (" DATE_RANGE_TEXT ")", v);
        else {
            snprintf(buf, sizeof buf, "%lld", (long long)at);
            out[CCOL_AT] = strdup(buf);
        }
    }
    if ((v = in[CCOL_OUTCOME]) && *v && !word_in(v, outcomes))
        BAD(CCOL_OUTCOME, "\"%s\" is not an outcome (see docs/import-formats.md)", v);
    if ((v = in[CCOL_TARGET]) && *v) {
        char e[256];
        if (ch && (strcmp(ch, "phone") == 0 || strcmp(ch, "sms") == 0)) {
            if (!phone_normalize(v, buf, sizeof buf, e, sizeof e))
                BAD(CCOL_TARGET, "%s", e);
            else
                out[CCOL_TARGET] = strdup(buf);
        } else if (ch && strcmp(ch, "email") == 0 && !email_valid(v, e, sizeof e)) {
            BAD(CCOL_TARGET, "%s", e);
        } else {
            out[CCOL_TARGET] = strdup(v);
        }
    }
    if ((v = in[CCOL_CONSENT_GIVEN]) && *v) {
        if (!bool_parse(v, &flag))
            BAD(CCOL_CONSENT_GIVEN, "\"%s\" is not true or false", v);
        else
            out[CCOL_CONSENT_GIVEN] = strdup(flag ? "t" : "f");
    }
#undef BAD
    for (int c = 0; c < CCOL_COUNT; c++)
        if (!out[c] && in[c] && *in[c] && c != CCOL_TARGET && c != CCOL_AT && c != CCOL_CONSENT_GIVEN)
            out[c] = strdup(in[c]);
    return problems;
}

void contact_row_clear(char *out[])
{
    for (int c = 0; c < CCOL_COUNT; c++) {
        free(out[c]);
        out[c] = NULL;
    }
}
