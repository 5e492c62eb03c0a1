/* Terminal setup and teardown, and the signals that must restore it.
 * Handlers only set a flag and poke the self-pipe; the loop acts on it. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal;
static int wake_pipe[2] = {-1, -1};
static bool active;

static void on_stop(int sig)
{
    int saved = errno;
    stop_signal = sig;
    if (wake_pipe[1] >= 0) {
        ssize_t w = write(wake_pipe[1], "x", 1);
        (void)w;
    }
    errno = saved;
}

/* A crash must not leave the terminal in raw mode: restore it, then die
 * with the same signal so the exit status and core dump stay honest. */
static void on_fatal(int sig)
{
    if (active)
        endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

bool term_start(void)
{
    if (pipe(wake_pipe) < 0)
        return false;
    for (int i = 0; i < 2; i++)
        fcntl(wake_pipe[i], F_SETFL, O_NONBLOCK | fcntl(wake_pipe[i], F_GETFL));
    fcntl(wake_pipe[0], F_SETFD, FD_CLOEXEC);
    fcntl(wake_pipe[1], F_SETFD, FD_CLOEXEC);
    set_escdelay(25);
    if (!initscr())
        return false;
    active = true;
    set_handler(SIGINT, on_stop);
    set_handler(SIGTERM, on_stop);
    set_handler(SIGHUP, on_stop);
    set_handler(SIGSEGV, on_fatal);
    set_handler(SIGBUS, on_fatal);
    set_handler(SIGABRT, on_fatal);
    set_handler(SIGFPE, on_fatal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(1, COLOR_CYAN, -1);   /* header */
        init_pair(2, COLOR_RED, -1);    /* error */
        init_pair(3, COLOR_GREEN, -1);  /* good */
        init_pair(4, COLOR_BLACK, COLOR_CYAN); /* title */
    }
    return true;
}

void term_stop(void)
{
    if (!active)
        return;
    active = false;
    curs_set(1);
    endwin();
    for (int i = 0; i < 2; i++)
        if (wake_pipe[i] >= 0) {
            close(wake_pipe[i]);
            wake_pipe[i] = -1;
        }
}

int term_wake_fd(void) { return wake_pipe[0]; }

int term_stop_signal(void)
{
    char buf[16];
    while (wake_pipe[0] >= 0 && read(wake_pipe[0], buf, sizeof buf) > 0)
        ;
    return stop_signal;
}
