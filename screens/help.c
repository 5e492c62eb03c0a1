/* The help screen, generated from the action table and the live bindings,
 * so it cannot drift from what the keys really do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screen.h"
#include "tui/tui.h"

struct help_line {
    char keys[96];
    const char *name, *help;
    bool heading;
};

struct help_state {
    struct help_line lines[ACTION_COUNT + 4];
    int n, top, page;
    char context[32];
};

static bool help_open(struct screen *s, struct app *app, const void *arg)
{
    struct help_state *h = s->priv;
    (void)arg;
    snprintf(h->context, sizeof h->context, "%s", s->below ? s->below->ops->name : "generic");
    h->lines[h->n].heading = true;
    h->lines[h->n++].name = "Keys on this screen";
    for (int a = 1; a < ACTION_COUNT; a++) {
        struct help_line *l = &h->lines[h->n];
        if (keymap_keys_for(app->keys, h->context, (enum action)a, l->keys, sizeof l->keys) == 0)
            continue;
        l->name = action_info((enum action)a)->name;
        l->help = action_info((enum action)a)->help;
        h->n++;
    }
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
    h->page = c->r.h;
    for (int row = 0; row < c->r.h && h->top + row < h->n; row++) {
        const struct help_line *l = &h->lines[h->top + row];
        if (l->heading) {
            char title[96];
            snprintf(title, sizeof title, "%s (%s)", l->name, h->context);
            tui_text(c, row, 1, c->r.w - 1, ATTR_HEADER, ALIGN_LEFT, title);
            continue;
        }
        tui_text(c, row, 2, 22, ATTR_NORMAL, ALIGN_LEFT, l->keys);
        tui_text(c, row, 25, 18, ATTR_DIM, ALIGN_LEFT, l->name);
        tui_text(c, row, 44, c->r.w - 44, ATTR_NORMAL, ALIGN_LEFT, l->help);
    }
}

static void help_title(struct screen *s, struct app *app, char *out, size_t n)
{
    (void)s;
    (void)app;
    snprintf(out, n, " dun | Help | q or Esc to go back | rebind keys in ~/.config/dun/keys");
}

const struct screen_ops help_screen = {
    .name = "help",
    .priv_size = sizeof(struct help_state),
    .open = help_open,
    .handle = help_handle,
    .draw = help_draw,
    .title = help_title,
};
