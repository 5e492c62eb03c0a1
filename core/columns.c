#include "core/columns.h"

static int used(const int *widths, int n)
{
    int total = 0, shown = 0;
    for (int i = 0; i < n; i++)
        if (widths[i] > 0) {
            total += widths[i];
            shown++;
        }
    return total + (shown > 1 ? shown - 1 : 0);
}

/* Shrink rank by rank until the row fits or nothing can shrink further. */
static void shrink(int width, const struct column_spec *spec, int n, int *widths)
{
    for (int rank = 1; used(widths, n) > width; rank++) {
        bool any = false;
        for (int i = 0; i < n; i++) {
            if (widths[i] == 0 || spec[i].shrink < rank)
                continue;
            any = true;
            if (spec[i].shrink != rank)
                continue;
            int over = used(widths, n) - width, room = widths[i] - spec[i].min;
            if (over > 0 && room > 0)
                widths[i] -= over < room ? over : room;
        }
        if (!any)
            break;
    }
}

int columns_fit(int width, const struct column_spec *spec, int n, int *widths)
{
    bool dropped[COLUMNS_MAX] = {false};
    if (n > COLUMNS_MAX)
        n = COLUMNS_MAX;
    for (;;) {
        for (int i = 0; i < n; i++)
            widths[i] = dropped[i] ? 0 : (spec[i].pref > 0 ? spec[i].pref : 1);
        shrink(width, spec, n, widths);
        if (used(widths, n) <= width)
            break;
        int victim = -1;
        for (int i = 0; i < n; i++)
            if (!dropped[i] && spec[i].drop > 0 && (victim < 0 || spec[i].drop < spec[victim].drop))
                victim = i;
        if (victim < 0)
            break; /* only columns that stay: the caller cuts */
        dropped[victim] = true;
    }
    int slack = width - used(widths, n);
    for (int i = 0; i < n && slack > 0; i++)
        if (spec[i].grow && widths[i] > 0) {
            widths[i] += slack;
            break;
        }
    return used(widths, n);
}

void columns_positions(const int *widths, int n, int *x)
{
    int pos = 0;
    for (int i = 0; i < n; i++) {
        x[i] = pos;
        if (widths[i] > 0)
            pos += widths[i] + 1;
    }
}
