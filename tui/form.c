#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/form.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/textedit.h"
#include "core/utf8.h"
#include "screens/screen.h"
#include "tui/tui.h"

bool form_valid(const struct form *f)
{
    for (int i = 0; i < f->spec->nfields; i++)
        if (f->fields[i].error[0])
            return false;
    return true;
}

static void revalidate(struct form *f, struct app *app)
{
    for (int i = 0; i < f->spec->nfields; i++)
        f->fields[i].error[0] = f->fields[i].note[0] = '\0';
    f->preview[0] = '\0';
    if (f->spec->validate)
        f->spec->validate(f, app);
}

static bool form_open(struct screen *s, struct app *app, const void *arg)
{
    const struct form_request *req = arg;
    struct form *f = s->priv;
    f->spec = req->spec;
    f->ctx = req->ctx;
    for (int i = 0; i < f->spec->nfields; i++) {
        int max = f->spec->max_chars[i];
        f->fields[i].label = f->spec->labels[i];
        f->fields[i].max_chars = max <= 0 ? FORM_DEFAULT_CHARS : max > FORM_MAX_CHARS ? FORM_MAX_CHARS : max;
        f->fields[i].multiline = f->spec->multiline[i];
        snprintf(f->fields[i].value, sizeof f->fields[i].value, "%s", req->initial[i] ? req->initial[i] : "");
        f->fields[i].suggested = f->fields[i].value[0] != '\0';
        f->fields[i].cursor = strlen(f->fields[i].value);
    }
    revalidate(f, app);
    return true;
}

static void submit(struct screen *s, struct app *app)
{
    struct form *f = s->priv;
    f->tried = true;
    revalidate(f, app);
    if (!form_valid(f)) {
        snprintf(f->banner, sizeof f->banner, "Fix the fields marked below; nothing you typed is lost.");
        for (int i = 0; i < f->spec->nfields; i++)
            if (f->fields[i].error[0]) { /* take the agent to the first problem */
                f->focus = i;
                break;
            }
        return;
    }
    f->banner[0] = '\0';
    if (f->spec->submit(f, app))
        app_pop(app);
}

static bool printable(int key)
{
    return key >= 32 && !(key & DUN_KEY_FN);
}

static bool is_backspace(int key)
{
    return key == 127 || key == 8 || key == (DUN_KEY_FN | KEY_BACKSPACE);
}

/* The field's text as core/textedit edits it; the cursor clamped, since a
 * validator may have replaced the value (compose loading a template). */
static struct text_edit field_edit(struct form_field *fld)
{
    size_t len = strlen(fld->value);
    if (fld->cursor > len)
        fld->cursor = len;
    return (struct text_edit){fld->value, sizeof fld->value, fld->cursor};
}

/* Insert n bytes at the cursor if the field has room for them: within its
 * characters and its bytes (te_insert refuses what does not fit). A refusal
 * marks the field full, which the form says beside it: nothing typed is
 * dropped without a word. */
static bool insert(struct form_field *fld, struct text_edit *t, const char *s, size_t n)
{
    char piece[8];
    snprintf(piece, sizeof piece, "%.*s", (int)n, s);
    bool fits = (int)(utf8_length(fld->value) + utf8_length(piece)) <= fld->max_chars && te_insert(t, s, n);
    fld->full = !fits;
    return fits;
}

/* One key on the focused field; true when the text changed. A suggested
 * value is replaced by the first character typed, or cleared whole by
 * Backspace, as a selected text would be. */
static bool edit(struct form_field *fld, int key)
{
    struct text_edit t = field_edit(fld);
    char enc[5] = {0};
    bool changed = true;
    if (fld->suggested && (printable(key) || is_backspace(key))) {
        fld->value[0] = '\0';
        t.cursor = 0;
        if (!printable(key)) {
            fld->suggested = false;
            fld->cursor = 0;
            return true;
        }
    }
    if (is_backspace(key))
        te_backspace(&t);
    else if (key == (DUN_KEY_FN | KEY_DC))
        te_delete(&t);
    else if (key == 21) { /* C-u clears the field */
        fld->value[0] = '\0';
        t.cursor = 0;
    } else if (key == 11) /* C-k: to the end of the line */
        te_kill_line(&t);
    else if (key == 10 && fld->multiline)
        changed = insert(fld, &t, "\n", 1);
    else if (printable(key))
        changed = insert(fld, &t, enc, utf8_encode((uint32_t)key, enc));
    else {
        changed = false;
        if (key == (DUN_KEY_FN | KEY_LEFT))
            te_left(&t);
        else if (key == (DUN_KEY_FN | KEY_RIGHT))
            te_right(&t);
        else if (key == (DUN_KEY_FN | KEY_HOME) || key == 1) /* C-a */
            te_home(&t);
        else if (key == (DUN_KEY_FN | KEY_END) || key == 5) /* C-e */
            te_end(&t);
    }
    fld->cursor = t.cursor;
    if (changed) {
        fld->suggested = false;
        if (!printable(key) && key != 10) /* deleting makes room again */
            fld->full = false;
    }
    return changed;
}

/* Up and Down move between lines of a multi-line field, and between fields
 * from its first and last lines. True when the cursor stayed in the field. */
static bool line_move(struct form_field *fld, bool up)
{
    if (!fld->multiline)
        return false;
    struct text_edit t = field_edit(fld);
    bool moved = up ? te_up(&t) : te_down(&t);
    fld->cursor = t.cursor;
    return moved;
}

static void discard(struct screen *s, struct app *app)
{
    (void)s;
    app_pop(app);
}

static bool form_key(struct screen *s, struct app *app, int key)
{
    struct form *f = s->priv;
    struct form_field *fld = &f->fields[f->focus];
    int n = f->spec->nfields;
    if (key == 27) { /* Esc: leave without saving; what was typed is not thrown away unasked */
        if (f->edited)
            app_confirm(app, discard, "discard what you typed?");
        else
            app_pop(app);
        return true;
    }
    if (key == 9 || (key == (DUN_KEY_FN | KEY_DOWN) && !line_move(fld, false)))
        f->focus = (f->focus + 1) % n;
    else if (key == (DUN_KEY_FN | KEY_BTAB) || (key == (DUN_KEY_FN | KEY_UP) && !line_move(fld, true)))
        f->focus = (f->focus + n - 1) % n;
    else if (key == (DUN_KEY_FN | KEY_DOWN) || key == (DUN_KEY_FN | KEY_UP))
        ; /* moved within the field */
    else if (key == 4) /* C-d saves from anywhere */
        submit(s, app);
    else if (key == 10 && !fld->multiline) {
        if (f->focus + 1 < n && !f->tried)
            f->focus++;
        else
            submit(s, app);
    } else if (edit(fld, key))
        f->edited = true;
    if (app->depth > 0 && app->stack[app->depth - 1] == s)
        revalidate(f, app);
    return true;
}

/* A one-line value, scrolled so that the cursor is in view. */
static int draw_line_value(const struct tui_canvas *c, int row, int x, int w, enum tui_attr attr,
                           struct form_field *fld, bool focus)
{
    struct text_edit t = field_edit(fld);
    size_t from = 0;
    char part[FORM_VALUE_MAX + 2];
    while (focus && from < t.cursor) { /* leave room for the cursor at the right edge */
        snprintf(part, sizeof part, "%.*s", (int)(t.cursor - from), fld->value + from);
        if (utf8_width(part) < w - 1)
            break;
        do
            from++;
        while (((unsigned char)fld->value[from] & 0xC0) == 0x80);
    }
    bool at_end = t.cursor == strlen(fld->value);
    snprintf(part, sizeof part, "%s%s", fld->value + from, focus && !fld->suggested && at_end ? "_" : "");
    tui_text(c, row, x, w, attr, ALIGN_LEFT, part);
    if (focus) {
        snprintf(part, sizeof part, "%.*s", (int)(t.cursor - from), fld->value + from);
        tui_place_cursor(c, row, x + utf8_width(part));
    }
    return row + 1;
}

/* A multi-line value, line by line, long lines wrapped as tui_wrapped wraps
 * them; the cursor placed where its byte falls. */
static int draw_text_value(const struct tui_canvas *c, int row, int end, int x, int w, enum tui_attr attr,
                           struct form_field *fld, bool focus)
{
    struct text_edit t = field_edit(fld);
    const char *p = fld->value;
    do {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p), used = 0;
        int first = row;
        row = tui_wrapped(c, row, end, x, w, attr, p, len, focus && !nl && t.cursor == strlen(fld->value));
        for (int r = first; focus && r < row; r++) { /* find the piece the cursor is in */
            char piece[FORM_VALUE_MAX + 1];
            size_t n = r + 1 < row ? tui_wrap_piece(p + used, len - used, w) : len - used;
            size_t at = (size_t)(p - fld->value) + used;
            if (t.cursor >= at && t.cursor <= at + n && (t.cursor < at + n || r + 1 == row)) {
                snprintf(piece, sizeof piece, "%.*s", (int)(t.cursor - at), p + used);
                tui_place_cursor(c, r, x + utf8_width(piece));
            }
            used += n;
        }
        p = nl ? nl + 1 : NULL;
    } while (p && row < end);
    return row;
}

/* 4000 -> "4,000" */
static void thousands(int n, char *out, size_t size)
{
    if (n >= 1000)
        snprintf(out, size, "%d,%03d", n / 1000, n % 1000);
    else
        snprintf(out, size, "%d", n);
}

static void form_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct form *f = s->priv;
    (void)app;
    int row = 1, label_w = 14, value_w = c->r.w - label_w - 4;
    if (f->banner[0])
        tui_text(c, 0, 1, c->r.w - 1, ATTR_ERROR, ALIGN_LEFT, f->banner);
    for (int i = 0; i < f->spec->nfields && row < c->r.h; i++) {
        struct form_field *fld = &f->fields[i];
        bool focus = i == f->focus;
        enum tui_attr attr = focus ? ATTR_SELECTED : ATTR_NORMAL;
        tui_text(c, row, 1, label_w, focus ? ATTR_HEADER : ATTR_NORMAL, ALIGN_LEFT, fld->label);
        if (!fld->multiline)
            row = draw_line_value(c, row, label_w + 2, value_w, attr, fld, focus);
        else
            row = draw_text_value(c, row, c->r.h - 1, label_w + 2, value_w, attr, fld, focus);
        char limit[120], count[16];
        thousands(fld->max_chars, count, sizeof count);
        if (fld->full) {
            snprintf(limit, sizeof limit, "at most %s characters: what you typed past that was not added", count);
            tui_text(c, row++, label_w + 2, value_w, ATTR_ERROR, ALIGN_LEFT, limit);
        } else if (fld->error[0] && (f->tried || fld->value[0])) {
            tui_text(c, row++, label_w + 2, value_w, ATTR_ERROR, ALIGN_LEFT, fld->error);
        } else if ((int)utf8_length(fld->value) >= fld->max_chars) {
            snprintf(limit, sizeof limit, "%s characters: the most this field takes", count);
            tui_text(c, row++, label_w + 2, value_w, ATTR_DIM, ALIGN_LEFT, limit);
        } else if (fld->note[0])
            tui_text(c, row++, label_w + 2, value_w, ATTR_DIM, ALIGN_LEFT, fld->note);
        row++;
    }
    /* The preview, wrapped: the agent reads every word before it goes. */
    for (const char *p = f->preview; *p && row < c->r.h - 1;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        row = tui_wrapped(c, row, c->r.h - 1, 3, c->r.w - 4, ATTR_NORMAL, p, len, false);
        p = nl ? nl + 1 : p + len;
    }
    tui_text(c, c->r.h - 1, 1, c->r.w - 1, ATTR_DIM, ALIGN_LEFT,
             f->spec->help ? f->spec->help
                           : "Tab/Down next field  Up previous  Enter save  Esc cancel  (typing replaces a suggested value)");
}

static void form_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct form *f = s->priv;
    (void)app;
    snprintf(out, n, " dun | %s", f->spec->title);
}

static void form_close(struct screen *s)
{
    struct form *f = s->priv;
    if (f->spec && f->spec->close)
        f->spec->close(f);
}

const struct screen_ops form_screen = {
    .name = "form",
    .priv_size = sizeof(struct form),
    .open = form_open,
    .draw = form_draw,
    .title = form_title,
    .key = form_key,
    .close = form_close,
};
