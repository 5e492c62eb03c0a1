/* The help screen, generated from the action table and the live bindings,
 * so it cannot drift from what the keys really do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/utf8.h"
#include "screens/screen.h"
#include "tui/tui.h"

struct help_line {
    char keys[96];
    const char *name;
    char help[200];
    bool heading;
};

struct help_state {
    struct help_line lines[ACTION_COUNT + 4];
    int n, top, page;
    int name_width;     ///< the longest action name: names are typed in keys files, never cut
    int keys_width;     ///< the widest list of keys (at most 22 columns)
    char context[32];
};

const enum action global_actions[] = {ACT_BACK,  ACT_QUIT,       ACT_HELP,   ACT_UNDO_SEND, ACT_READ_PENDING,
                                     ACT_THANK, ACT_THANKS_LOG, ACT_REDRAW, ACTION_NONE};

bool action_is_navigation(enum action a)
{
    static const enum action nav[] = {NAVIGATION_ACTIONS};
    for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
        if (nav[i] == a)
            return true;
    return false;
}

/* The help text with {undo} as the configured undo window. */
static void help_text(const char *text, int undo_seconds, char *out, size_t n)
{
    const char *mark = strstr(text, "{undo}");
    char window[32];
    if (!mark) {
        snprintf(out, n, "%s", text);
        return;
    }
    if (undo_seconds > 0)
        snprintf(window, sizeof window, "%d s", undo_seconds);
    else
        snprintf(window, sizeof window, "0 s: undo_seconds is 0, it goes at once");
    snprintf(out, n, "%.*s%s%s", (int)(mark - text), text, window, mark + 6);
}

static bool listed(const struct help_state *h, const char *name)
{
    for (int i = 0; i < h->n; i++)
        if (h->lines[i].name && strcmp(h->lines[i].name, name) == 0)
            return true;
    return false;
}

/* One line per action that works here and has a key. */
static void add_actions(struct help_state *h, struct app *app, const enum action *list)
{
    for (const enum action *a = list; a && *a != ACTION_NONE && h->n < (int)(sizeof h->lines / sizeof h->lines[0]); a++) {
        struct help_line *l = &h->lines[h->n];
        const struct action_info *info = action_info(*a);
        if (listed(h, info->name) || keymap_keys_for(app->keys, h->context, *a, l->keys, sizeof l->keys) == 0)
            continue;
        l->name = info->name;
        help_text(info->help, app->undo_seconds, l->help, sizeof l->help);
        if ((int)strlen(l->name) > h->name_width)
            h->name_width = (int)strlen(l->name);
        if (utf8_width(l->keys) > h->keys_width)
            h->keys_width = utf8_width(l->keys) > 22 ? 22 : utf8_width(l->keys);
        h->n++;
    }
}

static bool help_open(struct screen *s, struct app *app, const void *arg)
{
    struct help_state *h = s->priv;
    (void)arg;
    snprintf(h->context, sizeof h->context, "%s", s->below ? s->below->ops->name : "generic");
    h->lines[h->n].heading = true;
    h->lines[h->n++].name = "Keys on this screen";
    add_actions(h, app, s->below ? s->below->ops->actions : NULL);
    add_actions(h, app, global_actions);
    return true;
}

static enum handled help_handle(struct screen *s, struct app *app, enum action a)
{
    struct help_state *h = s->priv;
    int max_top = h->n - h->page > 0 ? h->n - h->page : 0;
    (void)app;
    switch (a) {
    case ACT_MOVE_DOWN: h->top++; break;
    case ACT_MOVE_UP: h->top--; break;
    case ACT_PAGE_DOWN: case ACT_HALF_PAGE_DOWN: h->top += h->page; break;
    case ACT_PAGE_UP: case ACT_HALF_PAGE_UP: h->top -= h->page; break;
    case ACT_FIRST: h->top = 0; break;
    case ACT_LAST: h->top = max_top; break;
    case ACT_HELP: case ACT_QUIT: app_pop(app); break;
    default: return NOT_HANDLED;
    }
    if (h->top > max_top)
        h->top = max_top;
    if (h->top < 0)
        h->top = 0;
    return HANDLED;
}

static void help_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct help_state *h = s->priv;
    (void)app;
    bool more = h->n - h->top > c->r.h; /* the last row says so, rather than cutting silently */
    h->page = more ? c->r.h - 1 : c->r.h;
    if (more)
        tui_text(c, c->r.h - 1, 2, c->r.w - 2, ATTR_DIM, ALIGN_LEFT, "-- more below: j or PageDown --");
    for (int row = 0; row < h->page && h->top + row < h->n; row++) {
        const struct help_line *l = &h->lines[h->top + row];
        if (l->heading) {
            char title[96];
            snprintf(title, sizeof title, "%s (%s)", l->name, h->context);
            tui_text(c, row, 1, c->r.w - 1, ATTR_HEADER, ALIGN_LEFT, title);
            continue;
        }
        int name_x = 2 + h->keys_width + 2, help_x = name_x + h->name_width + 2;
        tui_text(c, row, 2, h->keys_width, ATTR_NORMAL, ALIGN_LEFT, l->keys);
        tui_text(c, row, name_x, h->name_width, ATTR_DIM, ALIGN_LEFT, l->name);
        tui_text(c, row, help_x, c->r.w - help_x, ATTR_NORMAL, ALIGN_LEFT, l->help);
    }
}

static void help_title(struct screen *s, struct app *app, char *out, size_t n)
{
    (void)s;
    (void)app;
    char path[512];
    if (!config_path("keys", path, sizeof path))
        snprintf(path, sizeof path, "the keys file (see dun(1))");
    snprintf(out, n, " dun | Help | q or Esc to go back | rebind keys in %s", path);
}

static const enum action help_actions[] = {
    NAVIGATION_ACTIONS,
    ACTION_NONE,
};

const struct screen_ops help_screen = {
    .name = "help",
    .priv_size = sizeof(struct help_state),
    .open = help_open,
    .handle = help_handle,
    .draw = help_draw,
    .title = help_title,
    .actions = help_actions,
};
