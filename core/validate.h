/* Small validators shared by imports, forms and the CLI. Each returns true
 * when the text is acceptable; the failing ones write one human sentence. */
#ifndef DUN_CORE_VALIDATE_H
#define DUN_CORE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/** E.164: '+', a non-zero digit, 7..15 digits in all. Spaces, dashes, dots and
 *  parentheses are removed into out (n >= 17) before the check. */
bool phone_normalize(const char *text, char *out, size_t n, char *err, size_t errlen);
/** A plausible single email address: local@domain.tld, no spaces, one '@'. */
bool email_valid(const char *text, char *err, size_t errlen);
/** true/false, t/f, yes/no, y/n, 1/0 (any case). Empty is not a boolean. */
bool bool_parse(const char *text, bool *value);
/** HH:MM-HH:MM (start before end; 24:00 allowed as an end) into minutes. */
bool window_parse(const char *text, int *start_min, int *end_min, char *err, size_t errlen);
/** Is v one of the NULL-terminated list of words? */
bool word_in(const char *v, const char *const *words);

/**
 * A phone number or email address as shown where the whole value is not
 * needed (lists, logs): "+81******8001" (the first three characters and the
 * last four), "t***@example.com" (the first character and the domain);
 * anything else short is starred but for its last two characters.
 * Characters are UTF-8 characters, kept or starred whole (a mask without
 * '@' cut to fit n bytes also ends between two of them).
 */
void contact_mask(const char *value, char *out, size_t n);

/** A login: 1..64 of [a-z0-9._-], starting with a letter or digit. */
bool login_valid(const char *text);

#endif
