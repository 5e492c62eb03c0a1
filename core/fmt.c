#include "core/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

size_t fmt_put_uint64(char *out, uint64_t v)
{
    char tmp[FMT_INT_MAX];
    size_t k = sizeof tmp;
    do {
        tmp[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t len = sizeof tmp - k;
    memcpy(out, tmp + k, len);
    out[len] = '\0';
    return len;
}

size_t fmt_put_int64(char *out, int64_t v)
{
    if (v >= 0)
        return fmt_put_uint64(out, (uint64_t)v);
    out[0] = '-';
    /* -(v + 1) + 1: INT64_MIN has no positive int64 */
    return 1 + fmt_put_uint64(out + 1, (uint64_t)(-(v + 1)) + 1);
}

size_t fmt_put_padded(char *out, uint64_t v, int width)
{
    if (width == 2 && v < 100) { /* the clock's and the calendar's fields: the common case */
        out[0] = (char)('0' + v / 10);
        out[1] = (char)('0' + v % 10);
        out[2] = '\0';
        return 2;
    }
    char digits[FMT_INT_MAX];
    size_t len = fmt_put_uint64(digits, v);
    size_t pad = width > 0 && (size_t)width > len ? (size_t)width - len : 0;
    memset(out, '0', pad);
    memcpy(out + pad, digits, len + 1);
    return pad + len;
}

/* The integer nearest v * scale exactly (ties to even), |v * scale| < 2^52.
 * hi = v * scale rounded; fma gives the rounding error lo exactly, so
 * hi + lo is the true product. Half-integers are on hi's grid there, so only
 * a hi that is itself a half-integer can round the wrong way: lo decides. */
static double round_scaled(double v, double scale)
{
    double hi = v * scale;
    double lo = fma(v, scale, -hi);
    double n = nearbyint(hi); /* ties to even: a half-integer hi went to the even side */
    double r = hi - n;        /* exact (Sterbenz) */
    if (r == 0.5 && lo > 0)   /* the truth is above the tie */
        n += 1;
    else if (r == -0.5 && lo < 0)
        n -= 1;
    return n;
}

size_t fmt_put_fixed(char *out, double v, int decimals)
{
    static const double scales[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    if (decimals < 0 || decimals > 6 || !(fabs(v) * scales[decimals] < 0x1p52))
        return (size_t)snprintf(out, FMT_FIXED_MAX, "%.*f", decimals, v); /* NaN, infinities, huge: rare */
    double n = round_scaled(v, scales[decimals]);
    uint64_t mag = (uint64_t)fabs(n);
    char digits[FMT_INT_MAX + 8];
    size_t len = fmt_put_padded(digits, mag, decimals + 1); /* at least "0" before the point */
    size_t k = 0;
    if (signbit(v))
        out[k++] = '-';
    size_t whole = len - (size_t)decimals;
    memcpy(out + k, digits, whole);
    k += whole;
    if (decimals > 0) {
        out[k++] = '.';
        memcpy(out + k, digits + whole, (size_t)decimals);
        k += (size_t)decimals;
    }
    out[k] = '\0';
    return k;
}

size_t fmt_copy(char *out, size_t n, const char *src, size_t len)
{
    if (n == 0)
        return len;
    size_t k = len < n ? len : n - 1;
    memcpy(out, src, k);
    out[k] = '\0';
    return len;
}

size_t fmt_copy_str(char *out, size_t n, const char *src)
{
    src = src ? src : "";
    return fmt_copy(out, n, src, strlen(src));
}
