/* The metrics screen: the figures of `dun metrics` (the same store call and
 * core/metrics.c), one row per agent and currency plus the team's total,
 * contacts by hour as a bar chart and the month's progress to target.
 * Live: a NOTIFY about a call, promise, payment import, message, reply or
 * thanks marks the figures stale; the next clock tick (once a second)
 * reloads them, so a burst of events costs one query per second at most.
 * Under them, when `dun remind` has assigned anyone and the whole table fits
 * beside it, the reminders' effect over all cycles (the figures of `dun
 * metrics --reminders`); it reads every
 * assignment, so it is loaded on opening, on returning and on refresh only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/db/nudges_store.h"
#include "core/db/remind_store.h"
#include "core/effect.h"
#include "core/db/store.h"
#include "core/metrics.h"
#include "core/money.h"
#include "core/nudges.h"
#include "core/utf8.h"
#include "screens/screen.h"
#include "tui/tui.h"

/* One line of the table: an agent (or the total) in one currency. Counts
 * are shown on an agent's first line only. */
struct mline {
    const char *who;
    const struct metrics_figures *f;
    const struct metrics_money *m; ///< NULL: no money at all
    bool first, total;
};

enum { MC_AGENT, MC_ATT, MC_CONN, MC_RPC, MC_RPCR, MC_PTP, MC_PROMISED, MC_PTPR, MC_KEPT, MC_COLLECTED,
       MC_TARGET, MC_TGT, MC_MSG, MC_THX, MC_COUNT };
static const char *const titles[MC_COUNT] = {"AGENT", "ATT", "CONN", "RPC", "RPC%", "PTP", "PROMISED", "PTP%",
                                             "KEPT%", "COLLECTED", "TARGET", "% TARGET", "MSG S/D/R", "THX"};

struct metrics_state {
    enum metrics_period_kind period;
    struct metrics_team t;
    struct metrics_period p;
    char team[128];
    struct mline *lines;
    size_t n, selected, top;
    int sort;          ///< a column; MC_AGENT sorts by login
    bool descending;
    bool stale;        ///< an event came since the last load
    dun_time loaded_at;
    struct nudge *nudges; ///< owned, NUDGES_MAX: whom to thank today
    size_t nn, nsel, ntop;
    bool on_nudges;    ///< Tab: j/k move in the nudges, not the agents
    char (*teams)[128]; ///< admins: every team, to go through with a (owned); NULL for others
    size_t nteams, team_at;
    struct remind_cell reminders; ///< over all cycles; nothing assigned: both arms 0
};

enum { NUDGES_MAX = 64, NUDGES_SHOWN = 3 };

static const char *money_currency(const struct metrics_agent *a, const struct metrics_figures *f)
{
    return a && a->target_currency[0] ? a->target_currency : f->nmoney ? f->money[0].currency : "";
}

/* The number a column sorts by (money: in the agent's target currency). */
static double sort_value(const struct metrics_agent *a, int col)
{
    const struct metrics_figures *f = &a->f;
    const struct metrics_money *m = metrics_money_find(f, money_currency(a, f));
    int pct = -1;
    switch (col) {
    case MC_ATT: return (double)f->attempts;
    case MC_CONN: return (double)f->connects;
    case MC_RPC: return (double)f->rpc;
    case MC_RPCR: return metrics_percent(f->rpc, f->attempts, &pct) ? pct : -1;
    case MC_PTP: return (double)f->promises;
    case MC_PROMISED: return m ? (double)m->promised : 0;
    case MC_PTPR: return metrics_percent(f->promises, f->rpc, &pct) ? pct : -1;
    case MC_KEPT: return metrics_percent(f->kept, f->due, &pct) ? pct : -1;
    case MC_COLLECTED: return m ? (double)m->collected : 0;
    case MC_TARGET: return m ? (double)m->target : 0;
    case MC_TGT: return m && metrics_percent(m->collected_mtd, m->target, &pct) ? pct : -1;
    case MC_MSG: return (double)f->sent;
    case MC_THX: return (double)(f->thanks_given + f->thanks_received);
    default: return 0;
    }
}

static int sort_col;
static bool sort_desc;
static int by_column(const void *x, const void *y)
{
    const struct metrics_agent *a = x, *b = y;
    int c = 0;
    if (sort_col == MC_AGENT)
        c = strcmp(a->login, b->login);
    else {
        double va = sort_value(a, sort_col), vb = sort_value(b, sort_col);
        c = va < vb ? -1 : va > vb;
    }
    if (c == 0)
        c = strcmp(a->login, b->login);
    return sort_desc ? -c : c;
}

static void add_lines(struct metrics_state *ms, size_t *k, const char *who, const struct metrics_agent *a,
                      const struct metrics_figures *f, bool total)
{
    const char *first = money_currency(a, f);
    const struct metrics_money *m0 = metrics_money_find(f, first);
    const struct metrics_money *m1 = m0 ? m0 : f->nmoney ? &f->money[0] : NULL;
    ms->lines[(*k)++] = (struct mline){who, f, m1, true, total};
    for (size_t i = 0; i < f->nmoney; i++) /* never added up: one line per further currency */
        if (&f->money[i] != m1)
            ms->lines[(*k)++] = (struct mline){who, f, &f->money[i], false, total};
}

static void build_lines(struct metrics_state *ms)
{
    sort_col = ms->sort;
    sort_desc = ms->descending;
    if (ms->t.n)
        qsort(ms->t.agents, ms->t.n, sizeof *ms->t.agents, by_column);
    free(ms->lines);
    ms->lines = calloc((ms->t.n + 1) * (METRICS_MAX_CURRENCIES + 1), sizeof *ms->lines);
    ms->n = 0;
    if (!ms->lines)
        return;
    for (size_t i = 0; i < ms->t.n; i++)
        add_lines(ms, &ms->n, ms->t.agents[i].login, &ms->t.agents[i], &ms->t.agents[i].f, false);
    add_lines(ms, &ms->n, "TEAM", NULL, &ms->t.total, true);
    if (ms->selected >= ms->n)
        ms->selected = ms->n ? ms->n - 1 : 0;
}

/* The reminders' effect over all cycles; left as it was when it fails. */
static void load_reminders(struct metrics_state *ms, struct app *app)
{
    struct remind_result *res;
    size_t n, unknown_zone;
    char err[512];
    struct remind_report rep;
    if (!remind_store_results(app->db, app->now, app->zones, &res, &n, &unknown_zone, err, sizeof err)) {
        app_message(app, true, "could not load the reminders' effect: %s", err);
        return;
    }
    if (remind_report_build(res, n, &rep)) {
        ms->reminders = rep.all;
        remind_report_free(&rep);
    }
    free(res);
}

static void reload(struct metrics_state *ms, struct app *app)
{
    char err[512];
    ms->stale = false;
    ms->loaded_at = app->now;
    if (!metrics_period_make(ms->period, 0, 0, app->now, app_agent_zone(app), &ms->p, err, sizeof err)) {
        app_message(app, true, "%s", err);
        return;
    }
    struct metrics_team t;
    const char *team = ms->nteams ? ms->teams[ms->team_at] : NULL;
    int rc = store_metrics_load(app->db, &app->agent, team, NULL, &ms->p, &t, ms->team, sizeof ms->team, err,
                                sizeof err);
    if (rc != 1) {
        app_message(app, true, "could not load the metrics: %s", err);
        return;
    }
    store_metrics_free(&ms->t);
    ms->t = t;
    build_lines(ms);
    struct nudge_book b;
    if (ms->nudges && nudges_today(app, 0, &b, ms->nudges, NUDGES_MAX, &ms->nn, NULL))
        nudge_book_free(&b);
    if (ms->nsel >= ms->nn)
        ms->nsel = ms->nn ? ms->nn - 1 : 0;
}

/* An admin sees every team, one at a time: their own first, when they have
 * one; an admin in no team starts at the first. */
static void open_teams(struct metrics_state *ms, struct app *app)
{
    char err[256];
    if (strcmp(app->agent.role, "admin") != 0)
        return;
    if (!store_team_names(app->db, &ms->teams, &ms->nteams, err, sizeof err)) {
        app_message(app, true, "could not list the teams: %s", err);
        return;
    }
    for (size_t i = 0; i < ms->nteams; i++)
        if (strcmp(ms->teams[i], app->agent.team) == 0)
            ms->team_at = i;
}

static void next_team(struct metrics_state *ms, struct app *app)
{
    if (strcmp(app->agent.role, "admin") != 0) {
        app_message(app, true, "only an admin sees other teams' figures: you see team %s", ms->team);
        return;
    }
    if (ms->nteams < 2) {
        app_message(app, false, "there is no other team");
        return;
    }
    ms->team_at = (ms->team_at + 1) % ms->nteams;
    ms->selected = ms->top = 0;
    reload(ms, app);
}

static bool metrics_open(struct screen *s, struct app *app, const void *arg)
{
    struct metrics_state *ms = s->priv;
    (void)arg;
    ms->sort = MC_AGENT;
    ms->nudges = calloc(NUDGES_MAX, sizeof *ms->nudges);
    open_teams(ms, app);
    reload(ms, app);
    load_reminders(ms, app);
    return true;
}

static void metrics_close(struct screen *s)
{
    struct metrics_state *ms = s->priv;
    store_metrics_free(&ms->t);
    free(ms->lines);
    free(ms->nudges);
    free(ms->teams);
}

/* Enter: the selected agent's day (or the selected nudge's colleague's). */
static void drill_down(struct metrics_state *ms, struct app *app)
{
    if (ms->on_nudges && ms->nn) {
        const struct nudge *n = &ms->nudges[ms->nsel];
        struct agentday_request req = {n->login, n->login};
        app_push(app, &agentday_screen, &req);
        return;
    }
    if (ms->n == 0)
        return;
    const struct mline *l = &ms->lines[ms->selected];
    if (l->total) {
        app_message(app, true, "the team's total has no day of its own: choose an agent's row");
        return;
    }
    struct agentday_request req = {l->who, l->who};
    app_push(app, &agentday_screen, &req);
}

static void move(struct metrics_state *ms, enum action a)
{
    size_t *sel = ms->on_nudges ? &ms->nsel : &ms->selected, n = ms->on_nudges ? ms->nn : ms->n;
    if (a == ACT_MOVE_DOWN && *sel + 1 < n)
        (*sel)++;
    else if (a == ACT_MOVE_UP && *sel > 0)
        (*sel)--;
    else if (a == ACT_FIRST)
        *sel = 0;
    else if (a == ACT_LAST)
        *sel = n ? n - 1 : 0;
}

static enum handled metrics_handle(struct screen *s, struct app *app, enum action a)
{
    struct metrics_state *ms = s->priv;
    switch (a) {
    case ACT_MOVE_DOWN:
    case ACT_MOVE_UP:
    case ACT_FIRST:
    case ACT_LAST: move(ms, a); break;
    case ACT_REFRESH:
        reload(ms, app);
        load_reminders(ms, app);
        break;
    case ACT_OPEN: drill_down(ms, app); break;
    case ACT_NUDGES_FOCUS:
        ms->on_nudges = !ms->on_nudges && ms->nn > 0;
        if (!ms->nn)
            app_message(app, false, "no nudges just now: nobody to thank that dun can see");
        break;
    case ACT_NUDGE_THANK:
    case ACT_NUDGE_DISMISS:
        if (ms->nn == 0)
            app_message(app, true, "no nudge to act on");
        else if (nudge_act(app, &ms->nudges[ms->nsel], a))
            reload(ms, app);
        break;
    case ACT_METRICS: app_pop(app); break;
    case ACT_METRICS_PERIOD:
        ms->period = ms->period == MP_TODAY ? MP_WEEK : ms->period == MP_WEEK ? MP_MONTH : MP_TODAY;
        reload(ms, app);
        break;
    case ACT_METRICS_TEAM: next_team(ms, app); break;
    case ACT_SORT:
        ms->sort = (ms->sort + 1) % MC_COUNT;
        ms->descending = ms->sort != MC_AGENT; /* figures: the highest first */
        build_lines(ms);
        break;
    case ACT_SORT_REVERSE:
        ms->descending = !ms->descending;
        build_lines(ms);
        break;
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

/* Which notices change a figure. */
static bool moves_figures(const char *what)
{
    static const char *const kinds[] = {"contact", "promise", "payment", "outbox", "inbound", "thanks", "account"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(what, kinds[i]) == 0)
            return true;
    return false;
}

static void metrics_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    struct metrics_state *ms = s->priv;
    if (ev->kind == EV_FOCUS || ev->kind == EV_DB_BACK) {
        reload(ms, app);
        load_reminders(ms, app);
    }
    else if (ev->kind == EV_MINUTE || (ev->kind == EV_NOTIFY && moves_figures(ev->what)))
        ms->stale = true; /* coalesced: the tick below reloads at most once a second */
    else if (ev->kind == EV_TICK && ms->stale && app->now != ms->loaded_at) {
        reload(ms, app);
        app->dirty = true; /* a tick alone does not redraw */
    }
}

/* --- drawing --------------------------------------------------------------- */

static void fmt_money(int64_t minor, const char *code, bool ascii, char *out, size_t n)
{
    const struct currency *c = currency_find(code);
    if (c)
        money_format(minor, c, ascii, out, n);
    else
        snprintf(out, n, "%s %lld", code, (long long)minor);
}

/* A bar of width cells for pct (0..100+), in whole blocks. */
static void bar(int pct, int width, bool ascii, char *out, size_t n)
{
    int full = pct >= 100 ? width : pct * width / 100;
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < width && k + 4 < n; i++) {
        const char *cell = ascii ? (i < full ? "#" : ".") : (i < full ? "█" : "░");
        size_t len = strlen(cell);
        memcpy(out + k, cell, len);
        k += len;
    }
    out[k] = '\0';
}

static void cells_of(const struct mline *l, bool ascii, char cells[MC_COUNT][96])
{
    const struct metrics_figures *f = l->f;
    for (int k = 0; k < MC_COUNT; k++)
        cells[k][0] = '\0';
    if (l->first) {
        snprintf(cells[MC_AGENT], 96, "%s", l->who);
        snprintf(cells[MC_ATT], 96, "%lld", (long long)f->attempts);
        snprintf(cells[MC_CONN], 96, "%lld", (long long)f->connects);
        snprintf(cells[MC_RPC], 96, "%lld", (long long)f->rpc);
        metrics_rate_format(f->rpc, f->attempts, cells[MC_RPCR], 96);
        snprintf(cells[MC_PTP], 96, "%lld", (long long)f->promises);
        metrics_rate_format(f->promises, f->rpc, cells[MC_PTPR], 96);
        metrics_rate_format(f->kept, f->due, cells[MC_KEPT], 96);
        snprintf(cells[MC_MSG], 96, "%lld/%lld/%lld", (long long)f->sent, (long long)f->delivered,
                 (long long)f->replies);
        snprintf(cells[MC_THX], 96, "%lld/%lld", (long long)f->thanks_given, (long long)f->thanks_received);
    }
    const struct metrics_money *m = l->m;
    if (!m)
        return;
    fmt_money(m->promised, m->currency, ascii, cells[MC_PROMISED], 96);
    fmt_money(m->collected, m->currency, ascii, cells[MC_COLLECTED], 96);
    if (m->target)
        fmt_money(m->target, m->currency, ascii, cells[MC_TARGET], 96);
    else
        snprintf(cells[MC_TARGET], 96, "-");
    int pct;
    if (metrics_percent(m->collected_mtd, m->target, &pct)) {
        char b[48];
        bar(pct, 4, ascii, b, sizeof b);
        snprintf(cells[MC_TGT], 96, "%s %d%%", b, pct);
    } else {
        snprintf(cells[MC_TGT], 96, "-");
    }
}

static void layout(int width, int *w)
{
    struct column_spec spec[MC_COUNT] = {
        [MC_AGENT] = {10, 6, 1, 0, false},     [MC_ATT] = {4, 4, 0, 0, false},
        [MC_CONN] = {4, 4, 0, 8, false},       [MC_RPC] = {4, 4, 0, 0, false},
        [MC_RPCR] = {4, 4, 0, 0, false},       [MC_PTP] = {4, 3, 0, 0, false},
        [MC_PROMISED] = {11, 8, 2, 3, false},  [MC_PTPR] = {4, 4, 0, 7, false},
        [MC_KEPT] = {5, 5, 0, 4, false},       [MC_COLLECTED] = {12, 9, 2, 0, false},
        [MC_TARGET] = {12, 9, 2, 2, false},    [MC_TGT] = {9, 9, 0, 0, false},
        [MC_MSG] = {9, 5, 3, 5, false},        [MC_THX] = {5, 3, 3, 6, false},
    };
    columns_fit(width, spec, MC_COUNT, w);
}

/* Contacts by hour: connects, and the RPC rate, one cell per hour. */
static int draw_hours(const struct tui_canvas *c, int row, const struct metrics_figures *f)
{
    static const char *const levels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    int64_t max = 0;
    for (int h = 0; h < 24; h++)
        max = f->hour_connects[h] > max ? f->hour_connects[h] : max;
    char conn[24 * 4 + 1] = "", rate[24 * 4 + 1] = "";
    for (int h = 0; h < 24; h++) {
        int pct = 0;
        const char *a = f->hour_connects[h] == 0 ? " " : c->ascii ? "#" : levels[(f->hour_connects[h] * 7) / max];
        const char *b = !metrics_percent(f->hour_rpc[h], f->hour_attempts[h], &pct) || pct == 0 ? " "
                        : c->ascii ? "#" : levels[(pct > 100 ? 100 : pct) * 7 / 100];
        strcat(conn, a);
        strcat(rate, b);
    }
    tui_text(c, row, 1, c->r.w - 2, ATTR_HEADER, ALIGN_LEFT, "Contacts by hour (each agent's own zone)");
    tui_text(c, row + 1, 1, 10, ATTR_DIM, ALIGN_LEFT, "connects");
    tui_text(c, row + 1, 11, 24, ATTR_NORMAL, ALIGN_LEFT, conn);
    tui_text(c, row + 2, 1, 10, ATTR_DIM, ALIGN_LEFT, "RPC rate");
    tui_text(c, row + 2, 11, 24, ATTR_NORMAL, ALIGN_LEFT, rate);
    tui_text(c, row + 3, 11, 24, ATTR_DIM, ALIGN_LEFT, "0     6     12    18   ");
    return row + 4;
}

/* Whom to thank: the nudges, each its reason and, under it, the words the
 * thanks form will open with. Returns the next row. */
static int draw_nudges(const struct tui_canvas *c, int row, struct metrics_state *ms)
{
    char head[200];
    snprintf(head, sizeof head, "Whom to thank (%zu)%s", ms->nn,
             ms->nn ? ": Tab chooses, t opens the thanks form, x dismisses" : ": nobody just now");
    tui_text(c, row++, 1, c->r.w - 2, ATTR_HEADER, ALIGN_LEFT, head);
    if (ms->nsel < ms->ntop)
        ms->ntop = ms->nsel;
    if (ms->nsel >= ms->ntop + NUDGES_SHOWN)
        ms->ntop = ms->nsel - NUDGES_SHOWN + 1;
    for (size_t i = ms->ntop; i < ms->nn && i < ms->ntop + NUDGES_SHOWN; i++) {
        const struct nudge *n = &ms->nudges[i];
        enum tui_attr attr = ms->on_nudges && i == ms->nsel ? ATTR_SELECTED : ATTR_NORMAL;
        char words[THANKS_BODY_MAX + 8];
        snprintf(words, sizeof words, "\"%s\"", n->words);
        tui_fill_row(c, row, attr);
        tui_text(c, row++, 2, c->r.w - 3, attr, ALIGN_LEFT, n->reason);
        tui_text(c, row++, 4, c->r.w - 5, ATTR_DIM, ALIGN_LEFT, words);
    }
    return row;
}

static int nudges_height(const struct metrics_state *ms)
{
    return 1 + 2 * (int)(ms->nn < NUDGES_SHOWN ? ms->nn : NUDGES_SHOWN);
}

/* The team's month-to-date progress to its target, per currency. */
static int draw_progress(const struct tui_canvas *c, int row, int end, const struct metrics_figures *f)
{
    for (size_t i = 0; i < f->nmoney && row < end; i++) {
        const struct metrics_money *m = &f->money[i];
        char got[48], of[48], b[128], line[320];
        int pct;
        if (!metrics_percent(m->collected_mtd, m->target, &pct))
            continue;
        fmt_money(m->collected_mtd, m->currency, c->ascii, got, sizeof got);
        fmt_money(m->target, m->currency, c->ascii, of, sizeof of);
        bar(pct, 20, c->ascii, b, sizeof b);
        snprintf(line, sizeof line, "Month to date %s %s %d%%  %s of %s", m->currency, b, pct, got, of);
        tui_text(c, row++, 1, c->r.w - 2, ATTR_NORMAL, ALIGN_LEFT, line);
    }
    return row;
}

static bool has_reminders(const struct metrics_state *ms)
{
    return ms->reminders.treatment + ms->reminders.holdout > 0;
}

/* The reminders' delinquency against the holdout, over all cycles: the
 * verdict first, so that it survives a narrow terminal. */
static int draw_reminders(const struct tui_canvas *c, int row, int end, struct app *app, const struct remind_cell *r)
{
    char head[200], line[240], fig[200], p1[16] = "-", p0[16] = "-", key[64] = "", how[96] = "";
    double rate;
    struct effect e;
    if (row + 3 > end)
        return row;
    effect_compute(&r->delinquent, 0, &e);
    effect_format(&e, true, fig, sizeof fig);
    if (effect_rate(r->delinquent.treatment, &rate))
        snprintf(p1, sizeof p1, "%.1f%%", 100 * rate);
    if (effect_rate(r->delinquent.holdout, &rate))
        snprintf(p0, sizeof p0, "%.1f%%", 100 * rate);
    if (keymap_keys_for(app->keys, "metrics", ACT_REFRESH, key, sizeof key)) {
        key[strcspn(key, ",")] = '\0';
        snprintf(how, sizeof how, " (%s reloads)", key);
    }
    snprintf(head, sizeof head, "Pre-due reminders, all cycles: %lld reminded, %lld held out%s",
             (long long)r->treatment, (long long)r->holdout, how);
    snprintf(line, sizeof line, "delinquent %s reminded vs %s held out: %s", p1, p0, effect_verdict_name(e.verdict));
    tui_text(c, row++, 1, c->r.w - 2, ATTR_HEADER, ALIGN_LEFT, head);
    tui_text(c, row++, 2, c->r.w - 3, ATTR_NORMAL, ALIGN_LEFT, line);
    tui_text(c, row++, 2, c->r.w - 3, ATTR_DIM, ALIGN_LEFT, fig);
    return row;
}

static bool right_aligned(int k) { return k != MC_AGENT && k != MC_TGT; }

static void metrics_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct metrics_state *ms = s->priv;
    int w[MC_COUNT], x[MC_COUNT];
    layout(c->r.w - 1, w);
    columns_positions(w, MC_COUNT, x);
    for (int k = 0; k < MC_COUNT; k++)
        if (w[k] > 0)
            tui_text(c, 0, 1 + x[k], w[k], ATTR_HEADER, right_aligned(k) ? ALIGN_RIGHT : ALIGN_LEFT, titles[k]);
    /* blanks, nudges, chart (4), progress; the reminders (a blank and 3)
     * only when the whole table still fits: the team comes first. */
    int below = 7 + nudges_height(ms) + (int)ms->t.total.nmoney;
    bool reminders = has_reminders(ms) && c->r.h - 2 - below - 4 >= (int)ms->n;
    below += reminders ? 4 : 0;
    int page = c->r.h - 2 - below;
    if (page < 3)
        page = c->r.h - 2;
    if (ms->selected < ms->top)
        ms->top = ms->selected;
    if (page > 0 && ms->selected >= ms->top + (size_t)page)
        ms->top = ms->selected - (size_t)page + 1;
    int row = 1;
    for (; row <= page && ms->top + (size_t)row - 1 < ms->n; row++) {
        size_t i = ms->top + (size_t)row - 1;
        char cells[MC_COUNT][96];
        cells_of(&ms->lines[i], c->ascii, cells);
        enum tui_attr attr = i == ms->selected && !ms->on_nudges ? ATTR_SELECTED
                             : ms->lines[i].total ? ATTR_HEADER : ATTR_NORMAL;
        tui_fill_row(c, row, attr);
        for (int k = 0; k < MC_COUNT; k++)
            if (w[k] > 0)
                tui_text(c, row, 1 + x[k], w[k], attr, right_aligned(k) ? ALIGN_RIGHT : ALIGN_LEFT, cells[k]);
    }
    if (page < c->r.h - 2) {
        row = draw_nudges(c, row + 1, ms);
        row = draw_hours(c, row + 1, &ms->t.total);
        row = draw_progress(c, row, c->r.h - 1, &ms->t.total);
        if (reminders)
            draw_reminders(c, row + 1, c->r.h - 1, app, &ms->reminders);
    }
    tui_keybar(c, c->r.h - 1, app, s);
}

static void metrics_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct metrics_state *ms = s->priv;
    static const char *const names[] = {"today", "this week", "month to date", "range"};
    char d1[16];
    (void)app;
    date_format(ms->p.first_day, d1, sizeof d1);
    snprintf(out, n, " dun | Metrics | team %s | %s (from %s) | by %s%s", ms->team, names[ms->period], d1 + 5,
             titles[ms->sort], ms->sort == MC_AGENT ? "" : ms->descending ? ", high first" : ", low first");
}

static const enum action metrics_actions[] = {
    ACT_NUDGE_THANK, ACT_NUDGE_DISMISS, ACT_NUDGES_FOCUS, ACT_OPEN, ACT_METRICS_PERIOD, ACT_METRICS_TEAM, ACT_SORT,
    ACT_SORT_REVERSE, ACT_REFRESH, ACT_METRICS, NAVIGATION_ACTIONS, ACTION_NONE,
};

const struct screen_ops metrics_screen = {
    .name = "metrics",
    .priv_size = sizeof(struct metrics_state),
    .open = metrics_open,
    .handle = metrics_handle,
    .on_event = metrics_event,
    .draw = metrics_draw,
    .close = metrics_close,
    .title = metrics_title,
    .actions = metrics_actions,
};
