/* Monotonic seconds, for intervals the wall clock (or DUN_NOW) must not
 * bend: the serve loop's ticks, the settler's and keyer's steps, the
 * sender's rate slots. */
#ifndef DUN_TUI_MONO_H
#define DUN_TUI_MONO_H

#include <time.h>

static inline double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
