#include "tui/tui.h"

struct layout layout_compute(int rows, int cols)
{
    struct layout l = {0};
    l.too_small = rows < MIN_ROWS || cols < MIN_COLS;
    l.title = (struct rect){0, 0, 1, cols};
    l.body = (struct rect){1, 0, rows > 2 ? rows - 2 : 0, cols};
    l.status = (struct rect){rows > 0 ? rows - 1 : 0, 0, 1, cols};
    return l;
}
