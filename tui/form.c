#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/form.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

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
        f->fields[i].label = f->spec->labels[i];
        f->fields[i].multiline = f->spec->multiline[i];
        snprintf(f->fields[i].value, sizeof f->fields[i].value, "%s", req->initial[i] ? req->initial[i] : "");
        f->fields[i].suggested = f->fields[i].value[0] != '\0';
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

/* A suggested value is replaced by the first character typed, or cleared
 * whole by Backspace, as a selected text would be. */
static void edit(struct form_field *fld, int key)
{
    if (fld->suggested && (printable(key) || key == 127 || key == 8 || key == (DUN_KEY_FN | KEY_BACKSPACE))) {
        fld->value[0] = '\0';
        fld->suggested = false;
        if (!printable(key))
            return;
    }
    fld->suggested = false;
    size_t len = strlen(fld->value);
    if (key == 127 || key == 8 || key == (DUN_KEY_FN | KEY_BACKSPACE)) {
        while (len > 0 && ((unsigned char)fld->value[len - 1] & 0xC0) == 0x80)
            len--;
        if (len > 0)
            len--;
        fld->value[len] = '\0';
    } else if (key == 21) { /* C-u clears the field */
        fld->value[0] = '\0';
    } else if (key == 10 && fld->multiline) {
        if (len + 1 < sizeof fld->value)
            strcat(fld->value, "\n");
    } else if (printable(key)) {
        char enc[5] = {0};
        size_t n = utf8_encode((uint32_t)key, enc);
        if (len + n < sizeof fld->value)
            memcpy(fld->value + len, enc, n + 1);
    }
}

static bool form_key(struct screen *s, struct app *app, int key)
{
    struct form *f = s->priv;
    struct form_field *fld = &f->fields[f->focus];
    int n = f->spec->nfields;
    if (key == 27) { /* Esc: leave without saving */
        app_pop(app);
        return true;
    }
    if (key == 9 || key == (DUN_KEY_FN | KEY_DOWN))
        f->focus = (f->focus + 1) % n;
    else if (key == (DUN_KEY_FN | KEY_BTAB) || key == (DUN_KEY_FN | KEY_UP))
        f->focus = (f->focus + n - 1) % n;
    else if (key == 4) /* C-d saves from anywhere */
        submit(s, app);
    else if (key == 10 && !fld->multiline) {
        if (f->focus + 1 < n && !f->tried)
            f->focus++;
        else
            submit(s, app);
    } else
        edit(fld, key);
    if (app->depth > 0 && app->stack[app->depth - 1] == s)
        revalidate(f, app);
    return true;
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
        /* Multi-line values show line by line, long lines wrapped; the
         * cursor sits at the end. */
        if (!fld->multiline) {
            char part[FORM_VALUE_MAX + 2];
            snprintf(part, sizeof part, "%s%s", fld->value, focus && !fld->suggested ? "_" : "");
            tui_text(c, row++, label_w + 2, value_w, attr, ALIGN_LEFT, part);
        } else {
            const char *p = fld->value;
            do {
                const char *nl = strchr(p, '\n');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);
                row = tui_wrapped(c, row, c->r.h - 1, label_w + 2, value_w, attr, p, len, focus && !nl);
                p = nl ? nl + 1 : NULL;
            } while (p && row < c->r.h - 1);
        }
        if (fld->error[0] && (f->tried || fld->value[0]))
            tui_text(c, row++, label_w + 2, value_w, ATTR_ERROR, ALIGN_LEFT, fld->error);
        else if (fld->note[0])
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

const struct screen_ops form_screen = {
    .name = "form",
    .priv_size = sizeof(struct form),
    .open = form_open,
    .draw = form_draw,
    .title = form_title,
    .key = form_key,
};
