/* Text from data, on a terminal and at import.
 *
 * A name, a ref or an address comes from a creditor's file, and a terminal
 * obeys what it is sent: ESC starts a sequence that can rewrite the screen
 * or the window title, BEL rings, CR goes back over the line, and the
 * bidirectional overrides (U+202E ...) make text show in another order than
 * it is stored. So text from data never reaches a terminal raw: commands and
 * logs write it through sb_printf_visible, and imports refuse it in the
 * first place (text_check).
 */
#ifndef DUN_CORE_SAFETEXT_H
#define DUN_CORE_SAFETEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/** Append s with what a terminal would obey written visibly: each C0
 *  control, DEL and byte that is not UTF-8 as \xHH (ESC as \x1b), each C1
 *  control (U+0080-U+009F) and bidirectional embedding, override or isolate
 *  (U+202A-U+202E, U+2066-U+2069) as \uHHHH. Everything else is kept. */
void sb_put_visible(struct strbuf *sb, const char *s);

/**
 * printf into sb where the format is the program's and the arguments are
 * data: the format's own text (its line breaks too) is kept as written,
 * and every %s and %c argument goes through sb_put_visible (a precision cuts
 * the argument before it is escaped; a width pads the escaped text). Takes
 * the C99 conversions d i u o x X c s p f F e E g G a A and %%, with flags,
 * width, precision (also *) and the length modifiers hh h l ll j z t L
 * (%ls and %lc become the locale's bytes, then are escaped). Positional
 * arguments (%1$s) and %n are not taken: they are written as text.
 */
void sb_vprintf_visible(struct strbuf *sb, const char *fmt, va_list ap);
void sb_printf_visible(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** What a text column of an import may hold. */
enum text_kind {
    TEXT_LINE,      ///< one line: no control character, no bidirectional override or isolate
    TEXT_MULTILINE, ///< as TEXT_LINE, but line breaks (LF, CR) and tabs are kept
    TEXT_NAME,      ///< as TEXT_LINE, and nothing invisible: no zero-width character or direction mark
};

/** Is cp a C0 or C1 control or DEL? */
bool text_is_control(uint32_t cp);
/** Is cp a bidirectional embedding, override or isolate (U+202A-U+202E, U+2066-U+2069)? */
bool text_is_bidi_override(uint32_t cp);

/**
 * Check v (UTF-8) against kind. True when it may be stored; false with one
 * sentence in why naming the first offending character, its position
 * (counted in characters, from 1) and its code point, e.g. "character 5 is
 * a control character (U+001B ESC)".
 */
bool text_check(const char *v, enum text_kind kind, char *why, size_t n);

#endif
