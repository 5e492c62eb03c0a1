/* Terminal setup/teardown and signal handling for the TUI. */
#ifndef DUN_TUI_TERM_H
#define DUN_TUI_TERM_H

#include <stdbool.h>

/** initscr and friends, plus handlers that restore the terminal on SIGINT,
 *  SIGTERM, SIGHUP and on crashes. False when the terminal cannot start. */
bool term_start(void);
/** Restore the terminal; safe to call twice. */
void term_stop(void);
/** The read end of the self-pipe that signal handlers poke. */
int term_wake_fd(void);
/** Drain the self-pipe; the stop signal received so far (0 if none). */
int term_stop_signal(void);

#endif
