/* The cursor of a list screen: one rule for j/k/g/G over n rows. */
#include "screens/screen.h"

bool screen_list_move(size_t *selected, size_t n, enum action a)
{
    switch (a) {
    case ACT_MOVE_DOWN: if (*selected + 1 < n) (*selected)++; return true;
    case ACT_MOVE_UP: if (*selected > 0) (*selected)--; return true;
    case ACT_FIRST: *selected = 0; return true;
    case ACT_LAST: *selected = n ? n - 1 : 0; return true;
    default: return false;
    }
}
