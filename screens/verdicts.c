/* The verdict screen: for one account, every channel and contact point,
 * allowed or not, every reason, and when it opens, in the debtor's local
 * time and the agent's. Recomputed at each draw, so it follows the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/store.h"
#include "core/validate.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/tui.h"

struct verdicts_state {
    char ref[257];
    char name[256];
    struct debtor_record *recs;
    size_t nrecs;
    struct policy *pols;
    size_t npols;
    int top;
};

static void release(struct verdicts_state *v)
{
    debtor_records_free(&v->recs, &v->nrecs);
    free(v->pols);
    v->pols = NULL;
    v->npols = 0;
}

static bool load(struct verdicts_state *v, struct app *app)
{
    char err[512];
    release(v);
    if (!store_policies_load(app->db, &v->pols, &v->npols, NULL, err, sizeof err)) {
        app_message(app, true, "could not load policies: %s", err);
        return false;
    }
    struct debtor_query q = {.ref = v->ref, .now = app->now,
                             .since = compliance_history_since(v->pols, v->npols, app->now)};
    if (!store_debtors_load(app->db, &q, &v->recs, &v->nrecs, err, sizeof err) || v->nrecs != 1) {
        app_message(app, true, "could not load %s: %s", v->ref, v->nrecs ? err : "no such account");
        return false;
    }
    debtor_records_bind(v->recs, v->nrecs, app->zones);
    return true;
}

static bool verdicts_open(struct screen *s, struct app *app, const void *arg)
{
    struct verdicts_state *v = s->priv;
    const struct queue_row *row = arg;
    snprintf(v->ref, sizeof v->ref, "%s", row->ref);
    snprintf(v->name, sizeof v->name, "%s", row->name);
    if (!load(v, app)) {
        release(v);
        return false;
    }
    return true;
}

static void verdicts_close(struct screen *s)
{
    release(s->priv);
}

static enum handled verdicts_handle(struct screen *s, struct app *app, enum action a)
{
    struct verdicts_state *v = s->priv;
    switch (a) {
    case ACT_MOVE_DOWN: v->top++; break;
    case ACT_MOVE_UP: if (v->top > 0) v->top--; break;
    case ACT_FIRST: v->top = 0; break;
    case ACT_REFRESH: load(v, app); break;
    case ACT_VERDICTS: app_pop(app); break;
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

static void verdicts_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    if (ev->kind == EV_DB_BACK)
        load(s->priv, app);
}

/* "Mon 08:00 JST (yours: Mon 08:00 JST)" */
static void when(struct app *app, const struct zone *debtor, dun_time t, char *out, size_t n)
{
    char err[128];
    const struct zone *mine = zone_cache_get(app->zones, app->agent.time_zone, err, sizeof err);
    if (!mine)
        mine = debtor;
    zone_format_both(t, debtor, mine, false, out, n);
}

static void verdicts_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct verdicts_state *v = s->priv;
    if (v->nrecs != 1)
        return;
    const struct debtor_record *rec = &v->recs[0];
    const struct policy *pol = policy_find(v->pols, v->npols, rec->policy_code); /* NULL: no_policy */
    char line[512], t[96];
    int row = -v->top;
    /* Shown in UTC, saying so, when no zone of the debtor loads (the
     * verdicts below do not rest on it: zone_unknown). */
    char err[128];
    bool known = rec->debtor.nzones > 0;
    const struct zone *z = known ? rec->debtor.zones[0] : zone_cache_get(app->zones, "UTC", err, sizeof err);
    if (!z)
        return;
    when(app, z, app->now, t, sizeof t);
    snprintf(line, sizeof line, "%s  %s   policy %s   %s: %s", rec->ref, v->name,
             rec->policy_code[0] ? rec->policy_code : "none", known ? "debtor's time" : "zone unknown, UTC", t);
    tui_text(c, row++, 1, c->r.w - 1, ATTR_HEADER, ALIGN_LEFT, line);
    struct verdict vs[32];
    size_t n = compliance_all(pol, &rec->debtor, app->now, vs, 32);
    for (size_t i = 0; i < n; i++) {
        row++;
        char shown[300] = "-"; /* a list: numbers and addresses masked (the account screen has them whole) */
        if (vs[i].target[0] && vs[i].channel != CH_LETTER)
            contact_mask(vs[i].target, shown, sizeof shown);
        else if (vs[i].target[0])
            snprintf(shown, sizeof shown, "%s", vs[i].target);
        snprintf(line, sizeof line, "%-6s %s", channel_name(vs[i].channel), shown);
        tui_text(c, row, 1, c->r.w - 12, ATTR_NORMAL, ALIGN_LEFT, line);
        tui_text(c, row++, c->r.w - 10, 9, vs[i].allowed ? ATTR_GOOD : ATTR_ERROR, ALIGN_LEFT,
                 vs[i].allowed ? "ALLOWED" : "blocked");
        for (int k = 0; k < vs[i].nreasons; k++) {
            snprintf(line, sizeof line, "%-18s %s", reason_name(vs[i].reasons[k].code), vs[i].reasons[k].text);
            tui_text(c, row++, 4, c->r.w - 4, k == 0 ? ATTR_NORMAL : ATTR_DIM, ALIGN_LEFT, line);
        }
        if (!vs[i].allowed) {
            if (vs[i].has_next) {
                when(app, z, vs[i].next_allowed, t, sizeof t);
                snprintf(line, sizeof line, "opens %s", t);
            } else {
                snprintf(line, sizeof line, "opens only when the flag above changes");
            }
            tui_text(c, row++, 4, c->r.w - 4, ATTR_HEADER, ALIGN_LEFT, line);
        }
        if (vs[i].needs_opt_out_notice)
            tui_text(c, row++, 4, c->r.w - 4, ATTR_DIM, ALIGN_LEFT, "messages must carry opt-out instructions");
    }
}

static void verdicts_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct verdicts_state *v = s->priv;
    (void)app;
    snprintf(out, n, " dun | Contact verdicts | %s | v or q to go back", v->ref);
}

static const enum action verdicts_actions[] = {
    ACT_VERDICTS,
    ACT_REFRESH,
    ACT_MOVE_DOWN,
    ACT_MOVE_UP,
    ACT_FIRST,
    ACTION_NONE,
};

const struct screen_ops verdicts_screen = {
    .name = "verdicts",
    .priv_size = sizeof(struct verdicts_state),
    .open = verdicts_open,
    .handle = verdicts_handle,
    .on_event = verdicts_event,
    .draw = verdicts_draw,
    .close = verdicts_close,
    .title = verdicts_title,
    .actions = verdicts_actions,
};
