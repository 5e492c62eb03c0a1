/* UTF-8 decoding and terminal display width.
 *
 * The width table is our own (East Asian Wide/Fullwidth = 2 columns,
 * combining marks = 0), so column layout does not depend on the locale the
 * program happens to run under and can be tested without a terminal.
 */
#ifndef DUN_CORE_UTF8_H
#define DUN_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Decode one code point from s (at most len bytes). Returns the bytes used
 *  (at least 1 when len > 0); an invalid sequence yields U+FFFD and 1 byte. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/** Offset of the first invalid byte, or len when all of s is valid UTF-8. */
size_t utf8_invalid_offset(const char *s, size_t len);
/** Encode cp into out (4 bytes room); returns bytes written. */
size_t utf8_encode(uint32_t cp, char *out);

/** Characters (code points) in a NUL-terminated UTF-8 string. */
size_t utf8_length(const char *s);

/** Columns a code point takes: 0 (combining, control), 1 or 2. */
int codepoint_width(uint32_t cp);
/** Columns of a NUL-terminated UTF-8 string. */
int utf8_width(const char *s);

/**
 * Copy s into out so that it takes exactly `width` columns: cut with an
 * ellipsis when too wide (a wide character never straddles the edge), padded
 * with spaces when short. Control characters become spaces. With ascii,
 * each non-ASCII character becomes '?' (one per column it would take), so a
 * non-UTF-8 terminal shows no mojibake. Returns the bytes written (out is
 * always NUL-terminated; n should be >= 4*width+1).
 */
size_t utf8_fit(const char *s, int width, bool ascii, char *out, size_t n);

/** Like utf8_fit but aligned right (numbers, amounts). */
size_t utf8_fit_right(const char *s, int width, bool ascii, char *out, size_t n);

/**
 * Where the next line of s ends when wrapped at width columns: a byte count
 * (at least one character). English breaks after a space, never inside a
 * word; Japanese may break between any two characters, except that a
 * closing mark (。、」）...) is never sent to the next line alone: it hangs
 * past the width instead, as Japanese typesetting does.
 */
size_t utf8_wrap(const char *s, int width);

/** Substring search, case-insensitive for ASCII letters, exact otherwise. */
bool utf8_contains_fold(const char *haystack, const char *needle);

#endif
