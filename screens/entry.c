/* One entry read whole: a history row's note, or a message with its
 * subject, body and why it failed, wrapped to the screen; j/k scroll. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screen.h"
#include "tui/tui.h"

struct entry_state {
    char title[300];
    char *text;     ///< owned copy
    int top;        ///< first row shown
    int rows;       ///< rows the text took at the last draw
    int page;
};

static bool entry_open(struct screen *s, struct app *app, const void *arg)
{
    const struct entry_request *req = arg;
    struct entry_state *e = s->priv;
    (void)app;
    snprintf(e->title, sizeof e->title, "%s", req->title);
    e->text = strdup(req->text);
    return e->text != NULL;
}

static void entry_close(struct screen *s)
{
    struct entry_state *e = s->priv;
    free(e->text);
}

static enum handled entry_handle(struct screen *s, struct app *app, enum action a)
{
    struct entry_state *e = s->priv;
    int last = e->rows > e->page ? e->rows - e->page : 0;
    (void)app;
    switch (a) {
    case ACT_MOVE_DOWN: e->top++; break;
    case ACT_MOVE_UP: e->top--; break;
    case ACT_PAGE_DOWN: case ACT_HALF_PAGE_DOWN: e->top += e->page > 1 ? e->page - 1 : 1; break;
    case ACT_PAGE_UP: case ACT_HALF_PAGE_UP: e->top -= e->page > 1 ? e->page - 1 : 1; break;
    case ACT_FIRST: e->top = 0; break;
    case ACT_LAST: e->top = last; break;
    default: return NOT_HANDLED;
    }
    if (e->top > last)
        e->top = last;
    if (e->top < 0)
        e->top = 0;
    return HANDLED;
}

/* Paragraph by paragraph from row -top: rows above the canvas are not drawn. */
static void entry_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct entry_state *e = s->priv;
    (void)app;
    e->page = c->r.h - 1;
    int row = 1 - e->top, end = 1 + 100000;
    for (const char *p = e->text; p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        row = tui_wrapped(c, row, end, 2, c->r.w - 4, ATTR_NORMAL, p, len, false);
        p = nl ? nl + 1 : NULL;
    }
    e->rows = row - 1 + e->top;
    if (e->rows > e->page)
        tui_text(c, 0, 1, c->r.w - 1, ATTR_DIM, ALIGN_LEFT, "j/k scroll, q back");
}

static void entry_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct entry_state *e = s->priv;
    (void)app;
    snprintf(out, n, " dun | %s | q back", e->title);
}

static const enum action entry_actions[] = {
    NAVIGATION_ACTIONS,
    ACTION_NONE,
};

const struct screen_ops entry_screen = {
    .name = "entry",
    .priv_size = sizeof(struct entry_state),
    .open = entry_open,
    .handle = entry_handle,
    .draw = entry_draw,
    .close = entry_close,
    .title = entry_title,
    .actions = entry_actions,
};
