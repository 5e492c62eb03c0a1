/* Numbers as text without printf.
 *
 * Bulk output (a queue of 300,000 rows as JSON or a table) formats a few
 * dozen numbers per row; printf's machinery costs ~1,000 instructions a
 * call, these a few dozen. Each writes exactly what the printf conversion
 * named beside it would, so output stays byte-for-byte the same. The put
 * functions write at out, NUL-terminated, and return the length written
 * (without the NUL); out must have the room stated.
 */
#ifndef DUN_CORE_FMT_H
#define DUN_CORE_FMT_H

#include <stddef.h>
#include <stdint.h>

/** Room for any 64-bit integer with its sign and NUL ("-9223372036854775808"). */
#define FMT_INT_MAX 21

/** "%lld" / "%llu". out: FMT_INT_MAX bytes. */
size_t fmt_put_int64(char *out, int64_t v);
size_t fmt_put_uint64(char *out, uint64_t v);
/** "%0*llu": at least width digits, zeros in front (width 1..20).
 *  out: FMT_INT_MAX bytes. */
size_t fmt_put_padded(char *out, uint64_t v, int width);

/** Room for fmt_put_fixed's text with its NUL (larger values go to printf). */
#define FMT_FIXED_MAX 352
/**
 * "%.*f" with decimals 0..6: the exact binary value rounded to nearest,
 * ties to even, as glibc does ("-0.00" for -0.001; NaN and infinities as
 * printf writes them). out: FMT_FIXED_MAX bytes.
 */
size_t fmt_put_fixed(char *out, double v, int decimals);

/** Copy len bytes of src into out[n] as snprintf("%s") would: cut to n-1
 *  bytes and terminated (nothing written when n is 0). Returns len. */
size_t fmt_copy(char *out, size_t n, const char *src, size_t len);
/** fmt_copy of a C string; NULL copies as "". */
size_t fmt_copy_str(char *out, size_t n, const char *src);

#endif
