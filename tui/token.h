/* Unguessable tokens: the self-service link's and the work lock's. */
#ifndef DUN_TUI_TOKEN_H
#define DUN_TUI_TOKEN_H

#include <stdbool.h>

/** 32 lowercase hex digits (128 bits from getrandom(2)) and a NUL into out;
 *  false when the kernel gives none. */
bool random_token(char out[33]);

#endif
