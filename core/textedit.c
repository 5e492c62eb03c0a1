#include "core/textedit.h"

#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

static size_t len_of(const struct text_edit *t)
{
    return strlen(t->buf);
}

/* The start of the character before offset i. */
static size_t prev_char(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[--i] & 0xC0) == 0x80)
        ;
    return i;
}

static size_t next_char(const char *s, size_t len, size_t i)
{
    uint32_t cp;
    return i < len ? i + utf8_decode(s + i, len - i, &cp) : i;
}

static size_t line_start(const char *s, size_t i)
{
    while (i > 0 && s[i - 1] != '\n')
        i--;
    return i;
}

static size_t line_end(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n')
        i++;
    return i;
}

/* Display columns from from to to (the same line). */
static int columns(const char *s, size_t from, size_t to)
{
    int w = 0;
    uint32_t cp;
    for (size_t i = from; i < to;) {
        i += utf8_decode(s + i, to - i, &cp);
        w += codepoint_width(cp);
    }
    return w;
}

/* The offset in the line starting at start whose column is col, or its end. */
static size_t at_column(const char *s, size_t len, size_t start, int col)
{
    size_t i = start, end = line_end(s, len, start);
    int w = 0;
    uint32_t cp;
    while (i < end) {
        size_t n = utf8_decode(s + i, end - i, &cp);
        if (w + codepoint_width(cp) > col)
            break;
        w += codepoint_width(cp);
        i += n;
    }
    return i;
}

bool te_insert(struct text_edit *t, const char *s, size_t n)
{
    size_t len = len_of(t);
    if (len + n + 1 > t->cap)
        return false;
    memmove(t->buf + t->cursor + n, t->buf + t->cursor, len - t->cursor + 1);
    memcpy(t->buf + t->cursor, s, n);
    t->cursor += n;
    return true;
}

static void cut(struct text_edit *t, size_t from, size_t to)
{
    size_t len = len_of(t);
    memmove(t->buf + from, t->buf + to, len - to + 1);
    t->cursor = from;
}

void te_backspace(struct text_edit *t)
{
    if (t->cursor > 0)
        cut(t, prev_char(t->buf, t->cursor), t->cursor);
}

void te_delete(struct text_edit *t)
{
    size_t len = len_of(t);
    if (t->cursor < len)
        cut(t, t->cursor, next_char(t->buf, len, t->cursor));
}

void te_kill_line(struct text_edit *t)
{
    size_t at = t->cursor;
    cut(t, at, line_end(t->buf, len_of(t), at));
}

void te_left(struct text_edit *t)
{
    t->cursor = prev_char(t->buf, t->cursor);
}

void te_right(struct text_edit *t)
{
    t->cursor = next_char(t->buf, len_of(t), t->cursor);
}

void te_home(struct text_edit *t)
{
    t->cursor = line_start(t->buf, t->cursor);
}

void te_end(struct text_edit *t)
{
    t->cursor = line_end(t->buf, len_of(t), t->cursor);
}

bool te_up(struct text_edit *t)
{
    size_t start = line_start(t->buf, t->cursor);
    if (start == 0)
        return false;
    int col = columns(t->buf, start, t->cursor);
    t->cursor = at_column(t->buf, len_of(t), line_start(t->buf, start - 1), col);
    return true;
}

bool te_down(struct text_edit *t)
{
    size_t len = len_of(t), start = line_start(t->buf, t->cursor), end = line_end(t->buf, len, t->cursor);
    if (end == len)
        return false;
    int col = columns(t->buf, start, t->cursor);
    t->cursor = at_column(t->buf, len, end + 1, col);
    return true;
}
