/* Editing text in place: a caller's buffer, a cursor (a byte offset that is
 * always on a character boundary), and the moves a text field offers: by
 * character, to the start or end of the line, to the line above or below at
 * the same display column. UTF-8 aware; pure (libc only), so the form's
 * editing is tested without a terminal. */
#ifndef DUN_CORE_TEXTEDIT_H
#define DUN_CORE_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>

/** The text being edited: buf (cap bytes, NUL-terminated) is the caller's. */
struct text_edit {
    char *buf;
    size_t cap;
    size_t cursor; ///< byte offset into buf, on a character boundary, <= strlen(buf)
};

/** Insert n bytes of s at the cursor and move past them; false (nothing
 *  changed) when they do not fit. */
bool te_insert(struct text_edit *t, const char *s, size_t n);
/** Delete the character before the cursor (Backspace) / at it (Delete). */
void te_backspace(struct text_edit *t);
void te_delete(struct text_edit *t);
/** Delete from the cursor to the end of its line (Ctrl-K). */
void te_kill_line(struct text_edit *t);
/** One character left / right. */
void te_left(struct text_edit *t);
void te_right(struct text_edit *t);
/** The start / end of the cursor's line. */
void te_home(struct text_edit *t);
void te_end(struct text_edit *t);
/** The line above / below, at the same display column (or its end when it
 *  is shorter); false, with the cursor unmoved, on the first / last line. */
bool te_up(struct text_edit *t);
bool te_down(struct text_edit *t);

#endif
