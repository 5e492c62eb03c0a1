/* The thank-you log (L): newest first, filtered by person (given or
 * received), with what each person of the viewer's scope gave and received
 * in the last 30 days, listed by name: recognition, not competition, so
 * nobody is ranked by counts. Opening it marks the viewer's thanks seen.
 *
 * And the form that gives one (T, from any screen): whom (type-ahead over
 * the colleagues one may thank), for what (280 characters), and, opened on
 * an account, that account unless the field is cleared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/thanks_store.h"
#include "core/thanks.h"
#include "core/utf8.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/form.h"
#include "tui/tui.h"

enum { LOG_LIMIT = 500 };

/* --- giving: the form ------------------------------------------------------ */

/* What the form reads against; allocated by thanks_give_open, freed when
 * the form closes (give_close). */
struct give_ctx {
    struct thanks_person *people; ///< owned: whom the agent may thank
    size_t n;
    int64_t account_id;           ///< the account on screen, 0: none
    char ref[257];
};

/* The one colleague the To field names, or NULL; why otherwise. */
static const struct thanks_person *chosen(const struct give_ctx *g, const char *typed, char *why, size_t whylen)
{
    size_t first, m = thanks_match(g->people, g->n, typed, &first);
    char list[400];
    why[0] = '\0';
    if (m == 1)
        return &g->people[first];
    thanks_match_list(g->people, g->n, typed, 0, list, sizeof list);
    if (!typed[strspn(typed, " ")])
        snprintf(why, whylen, "whom? type a colleague's login or name");
    else if (m == 0)
        snprintf(why, whylen, "nobody you may thank is called \"%s\" (your team, by login or name)", typed);
    else
        snprintf(why, whylen, "%zu match, type more: %s", m, list);
    return NULL;
}

static void give_validate(struct form *f, struct app *app)
{
    struct give_ctx *g = f->ctx;
    struct form_field *to = &f->fields[0], *body = &f->fields[1];
    char clean[THANKS_BODY_MAX], list[1000];
    const struct thanks_person *p = chosen(g, to->value, to->error, sizeof to->error);
    if (p && !thanks_people_check(app->agent.id, p->id, to->error, sizeof to->error))
        p = NULL;
    if (p)
        snprintf(to->note, sizeof to->note, "to %s (%s)", p->name, p->login);
    else { /* the type-ahead: who is meant, or who may be */
        thanks_match_list(g->people, g->n, to->value, app->agent.id, list, sizeof list);
        if (!list[0])
            thanks_match_list(g->people, g->n, "", app->agent.id, list, sizeof list);
        snprintf(f->preview, sizeof f->preview, "You may thank: %s", list);
    }
    thanks_body_check(body->value, clean, sizeof clean, body->error, sizeof body->error);
    if (f->spec->nfields < 3)
        return;
    struct form_field *acc = &f->fields[2];
    if (!acc->value[strspn(acc->value, " ")])
        snprintf(acc->note, sizeof acc->note, "not tied to an account");
    else if (strcmp(acc->value, g->ref) != 0)
        snprintf(acc->error, sizeof acc->error, "only the account on screen (%s) can be named; empty: none", g->ref);
    else
        snprintf(acc->note, sizeof acc->note, "tied to %s (clear it to leave the account out)", g->ref);
}

static bool give_submit(struct form *f, struct app *app)
{
    struct give_ctx *g = f->ctx;
    char why[600], err[512];
    const struct thanks_person *p = chosen(g, f->fields[0].value, why, sizeof why);
    bool tied = f->spec->nfields == 3 && strcmp(f->fields[2].value, g->ref) == 0;
    struct thanks_new t = {app->agent.id, p ? p->id : 0, f->fields[1].value, tied ? g->account_id : 0, app->now};
    int64_t id;
    int rc = p ? thanks_give(app->db, &t, &id, why, sizeof why, err, sizeof err) : 0;
    if (rc == 1) {
        app_message(app, false, "thanks recorded for %s (%s)%s%s", p->name, p->login, tied ? " on " : "",
                    tied ? g->ref : "");
        return true;
    }
    snprintf(f->banner, sizeof f->banner, "not saved (your entry is kept): %s", rc == 0 ? why : err);
    return false;
}

static void give_close(struct form *f)
{
    struct give_ctx *g = f->ctx;
    if (g)
        free(g->people);
    free(g);
    f->ctx = NULL;
}

static const char give_help[] = "Tab next field  Enter next/save  Ctrl-D save  Esc cancel";

static const struct form_spec give_form = {
    .title = "Thank a colleague",
    .help = give_help,
    .nfields = 2,
    .labels = {"To", "For"},
    .max_chars = {64, THANKS_MAX_CHARS},
    .validate = give_validate,
    .submit = give_submit,
    .close = give_close,
};

static const struct form_spec give_account_form = {
    .title = "Thank a colleague",
    .help = give_help,
    .nfields = 3,
    .labels = {"To", "For", "Account"},
    .max_chars = {64, THANKS_MAX_CHARS, 256},
    .validate = give_validate,
    .submit = give_submit,
    .close = give_close,
};

void thanks_give_open(struct app *app, int64_t account_id, const char *ref)
{
    thanks_give_prefilled(app, account_id, ref, NULL, NULL);
}

void thanks_give_prefilled(struct app *app, int64_t account_id, const char *ref, const char *to, const char *words)
{
    char err[256];
    struct give_ctx *g = calloc(1, sizeof *g);
    if (!g || !thanks_colleagues(app->db, &app->agent, &g->people, &g->n, err, sizeof err)) {
        app_message(app, true, "could not load your colleagues: %s", g ? err : "out of memory");
        free(g);
        return;
    }
    g->account_id = account_id;
    snprintf(g->ref, sizeof g->ref, "%s", ref ? ref : "");
    struct form_request req = {.spec = account_id ? &give_account_form : &give_form, .ctx = g};
    req.initial[0] = to;
    req.initial[1] = words;
    req.initial[2] = g->ref;
    if (!app_push(app, &form_screen, &req)) {
        free(g->people);
        free(g);
    }
}

/* --- the log ---------------------------------------------------------------- */

struct log_state {
    struct thanks_row *rows;      ///< owned
    size_t n, selected, top;
    struct thanks_tally *people;  ///< owned: the scope, by name
    size_t npeople;
    int64_t person_id;            ///< the filter, 0: everyone
    char person[200];             ///< "Name (login)" of the filter
};

static void reload(struct log_state *st, struct app *app)
{
    struct thanks_row *rows;
    struct thanks_tally *people;
    size_t n, np;
    char err[256];
    struct thanks_query q = {.viewer_id = app->agent.id, .person_id = st->person_id, .until = app->now,
                             .limit = LOG_LIMIT};
    if (!thanks_list(app->db, &q, &rows, &n, err, sizeof err)) {
        app_message(app, true, "could not load the thanks: %s", err);
        return;
    }
    if (!thanks_tallies(app->db, app->agent.id, app->now, &people, &np, err, sizeof err)) {
        free(rows);
        app_message(app, true, "could not load the thanks: %s", err);
        return;
    }
    free(st->rows);
    free(st->people);
    st->rows = rows;
    st->n = n;
    st->people = people;
    st->npeople = np;
    if (st->selected >= st->n)
        st->selected = st->n ? st->n - 1 : 0;
    /* Shown: the viewer's own thanks are seen (the unread ones at start no longer wait). */
    if (!thanks_mark_seen(app->db, app->agent.id, 0, err, sizeof err))
        app_message(app, true, "could not mark your thanks seen: %s", err);
}

static bool log_open(struct screen *s, struct app *app, const void *arg)
{
    (void)arg;
    reload(s->priv, app);
    return true;
}

static void log_close(struct screen *s)
{
    struct log_state *st = s->priv;
    free(st->rows);
    free(st->people);
}

/* f: whose thanks, typed as a login or a name; empty: everyone. */
static void filter_done(struct screen *s, struct app *app, const char *text)
{
    struct log_state *st = s->priv;
    struct thanks_person *people = calloc(st->npeople + 1, sizeof *people);
    size_t first = 0, m = 0;
    char list[400];
    if (!people)
        return;
    for (size_t i = 0; i < st->npeople; i++)
        people[i] = st->people[i].person;
    if (text[strspn(text, " ")])
        m = thanks_match(people, st->npeople, text, &first);
    thanks_match_list(people, st->npeople, text, 0, list, sizeof list);
    bool changed = true;
    if (!text[strspn(text, " ")]) {
        st->person_id = 0;
        st->person[0] = '\0';
    } else if (m == 1) {
        st->person_id = people[first].id;
        snprintf(st->person, sizeof st->person, "%s (%s)", people[first].name, people[first].login);
    } else {
        changed = false; /* the list stays as it was, and says why */
        if (m == 0)
            app_message(app, true, "nobody here is called \"%s\" (login or name); the list is unchanged", text);
        else
            app_message(app, true, "%zu match, be more precise: %s", m, list);
    }
    free(people);
    if (changed) {
        st->selected = st->top = 0;
        reload(st, app);
    }
}

static void open_row(struct log_state *st, struct app *app)
{
    if (st->n == 0)
        return;
    const struct thanks_row *t = &st->rows[st->selected];
    const struct zone *z = app_agent_zone(app);
    struct local_time lt = zone_local(z, t->at);
    char d[16], title[400], text[THANKS_BODY_MAX + 600];
    date_format(lt.date, d, sizeof d);
    snprintf(title, sizeof title, "Thanks | %s %02d:%02d %s", d, lt.minute_of_day / 60, lt.minute_of_day % 60,
             zone_abbrev(z, t->at));
    snprintf(text, sizeof text, "From %s (%s) to %s (%s)%s%s\n\n%s", t->giver_name, t->giver_login, t->receiver_name,
             t->receiver_login, t->ref[0] ? ", on account " : "", t->ref, t->body);
    struct entry_request req = {title, text};
    app_push(app, &entry_screen, &req);
}

static enum handled log_handle(struct screen *s, struct app *app, enum action a)
{
    struct log_state *st = s->priv;
    if (screen_list_move(&st->selected, st->n, a))
        return HANDLED;
    switch (a) {
    case ACT_REFRESH: reload(st, app); break;
    case ACT_THANKS_LOG: app_pop(app); break;
    case ACT_OPEN: open_row(st, app); break;
    case ACT_FILTER_PERSON:
        app_prompt(app, "thanks of (login or name; empty: everyone): ", "", filter_done);
        break;
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

static void log_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    if (ev->kind == EV_FOCUS || ev->kind == EV_DB_BACK || (ev->kind == EV_NOTIFY && strcmp(ev->what, "thanks") == 0))
        reload(s->priv, app);
}

/* The people of the scope by name, each with given/received in 30 days,
 * a person never split over two lines; over at most a third of the screen.
 * Returns the next row. */
static int draw_people(const struct log_state *st, const struct tui_canvas *c)
{
    char line[1024] = "", one[300];
    int row = 1, end = 1 + (c->r.h / 3 > 1 ? c->r.h / 3 : 1), width = c->r.w - 3;
    tui_text(c, 0, 1, c->r.w - 1, ATTR_HEADER, ALIGN_LEFT, "Last 30 days, given / received (by name):");
    for (size_t i = 0; i < st->npeople && row < end; i++) {
        snprintf(one, sizeof one, "%s %d/%d", st->people[i].person.name, st->people[i].given,
                 st->people[i].received);
        if (line[0] && (utf8_width(line) + 5 + utf8_width(one) > width || strlen(line) + strlen(one) + 6 >= sizeof line)) {
            tui_text(c, row++, 2, width, ATTR_NORMAL, ALIGN_LEFT, line);
            line[0] = '\0';
            if (row >= end)
                break;
        }
        if (line[0])
            strcat(line, "  ·  ");
        strncat(line, one, sizeof line - strlen(line) - 1);
    }
    if (line[0] && row < end)
        tui_text(c, row++, 2, width, ATTR_NORMAL, ALIGN_LEFT, line);
    return row + 1;
}

static void log_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct log_state *st = s->priv;
    const struct zone *z = app_agent_zone(app);
    int row = draw_people(st, c), name_w = c->r.w > 100 ? 18 : 12, body_x = 14 + 2 * (name_w + 1);
    tui_text(c, row, 1, 12, ATTR_HEADER, ALIGN_LEFT, "WHEN");
    tui_text(c, row, 14, name_w, ATTR_HEADER, ALIGN_LEFT, "FROM");
    tui_text(c, row, 15 + name_w, name_w, ATTR_HEADER, ALIGN_LEFT, "TO");
    tui_text(c, row, body_x, c->r.w - body_x, ATTR_HEADER, ALIGN_LEFT, "FOR");
    row++;
    int page = c->r.h - 1 - row;
    if (st->n == 0)
        tui_text(c, row + 1, 2, c->r.w - 2, ATTR_DIM, ALIGN_LEFT, "No thanks yet: T thanks a colleague.");
    if (st->selected < st->top)
        st->top = st->selected;
    if (page > 0 && st->selected >= st->top + (size_t)page)
        st->top = st->selected - (size_t)page + 1;
    for (int i = 0; i < page && st->top + (size_t)i < st->n; i++) {
        const struct thanks_row *t = &st->rows[st->top + (size_t)i];
        struct local_time lt = zone_local(z, t->at);
        char d[16], when[32], body[THANKS_BODY_MAX + 300];
        date_format(lt.date, d, sizeof d);
        snprintf(when, sizeof when, "%s %02d:%02d", d + 5, lt.minute_of_day / 60, lt.minute_of_day % 60);
        snprintf(body, sizeof body, "%s%s%s", t->ref[0] ? t->ref : "", t->ref[0] ? ": " : "", t->body);
        enum tui_attr attr = st->top + (size_t)i == st->selected ? ATTR_SELECTED : ATTR_NORMAL;
        tui_fill_row(c, row + i, attr);
        tui_text(c, row + i, 1, 12, attr, ALIGN_LEFT, when);
        tui_text(c, row + i, 14, name_w, attr, ALIGN_LEFT, t->giver_name);
        tui_text(c, row + i, 15 + name_w, name_w, attr, ALIGN_LEFT, t->receiver_name);
        tui_text(c, row + i, body_x, c->r.w - body_x, attr, ALIGN_LEFT, body);
    }
    tui_keybar(c, c->r.h - 1, app, s);
}

static void log_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct log_state *st = s->priv;
    (void)app;
    snprintf(out, n, " dun | Thanks | %zu | %s%s", st->n, st->person[0] ? st->person : "everyone",
             st->person[0] ? ": given or received" : "");
}

static const enum action log_actions[] = {
    ACT_OPEN, ACT_FILTER_PERSON, ACT_THANK, ACT_REFRESH, NAVIGATION_ACTIONS, ACTION_NONE,
};

const struct screen_ops thanks_screen = {
    .name = "thanks",
    .priv_size = sizeof(struct log_state),
    .open = log_open,
    .handle = log_handle,
    .on_event = log_event,
    .draw = log_draw,
    .close = log_close,
    .title = log_title,
    .actions = log_actions,
};
