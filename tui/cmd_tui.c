/* `dun` with no command: the terminal workstation. */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/channels/desktop.h"
#include "core/config.h"
#include "core/nudges.h"
#include "core/db/db.h"
#include "core/db/outbox.h"
#include "core/db/store.h"
#include "core/file.h"
#include "core/safetext.h"
#include "core/strbuf.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/cli.h"
#include "tui/messaging.h"
#include "tui/sender.h"
#include "tui/term.h"
#include "tui/tui.h"

/* Problems in the keys files: the first on the status line, every one on
 * the terminal when dun ends (the screen would hide them before). */
struct key_problems {
    int count;
    char first[256];
    struct strbuf all;
};

static void key_problem(void *ctx, const char *message)
{
    struct key_problems *kp = ctx;
    if (kp->count++ == 0)
        snprintf(kp->first, sizeof kp->first, "%s", message);
    sb_printf_visible(&kp->all, "dun: %s\n", message); /* the keys file is text from outside */
}

/* Defaults compiled in, then the user's file through the same parser. */
static struct keymap *load_keys(struct key_problems *kp)
{
    struct keymap *km = keymap_new();
    if (!km)
        return NULL;
    keymap_load_defaults(km, key_problem, kp);
    char path[1024];
    if (config_path("keys", path, sizeof path)) {
        char *text = file_read_all(path, NULL);
        if (text)
            keymap_load(km, path, text, key_problem, kp);
        free(text);
    }
    return km;
}

/* nudge_days (dun.conf) or DUN_NUDGE_DAYS: after how many days without
 * thanks a colleague is suggested; a bad value is said, and 7 used. */
static void setup_nudges(struct app *app)
{
    const char *v = messaging_get(app->msg, "nudge_days", "DUN_NUDGE_DAYS", "7");
    char *end;
    long d = strtol(v, &end, 10);
    app->nudge_days = NUDGE_DEFAULT_DAYS;
    if (end == v || *end || d < 1 || d > 365)
        snprintf(app->nudge_note, sizeof app->nudge_note,
                 "nudge_days = %s: use a whole number of days from 1 to 365; using %d", v, NUDGE_DEFAULT_DAYS);
    else
        app->nudge_days = (int)d;
}

/* lease_seconds (dun.conf) or DUN_LEASE_SECONDS: how long an open account
 * stays locked after its screen stops renewing (a crash, a lost network);
 * the heartbeat renews every third of it. A bad value is said, and 60 used. */
static void setup_lease(struct app *app, char *note, size_t n)
{
    const char *v = messaging_get(app->msg, "lease_seconds", "DUN_LEASE_SECONDS", "60");
    char *end;
    long s = strtol(v, &end, 10);
    app->lock.seconds = LEASE_DEFAULT_SECONDS;
    if (end == v || *end || s < 3 || s > 3600)
        snprintf(note, n, "lease_seconds = %s: use a whole number of seconds from 3 to 3600; using %d", v,
                 LEASE_DEFAULT_SECONDS);
    else
        app->lock.seconds = (int)s;
}

/* The connection for the floor's work a TUI may do itself (sending): the
 * TUI's own when it runs as the system; on the embedded demo, whose agent
 * works under its own role, a second one as the cluster's owner; otherwise
 * none (dun serve does it). */
static struct db *floor_db(struct app *app, struct db *db)
{
    char err[512];
    if (app->agent.session_sees_all)
        return db;
    if (db->target.embedded && app->cli->agent)
        app->system_db = cli_open_system_db(app->cli, err, sizeof err);
    return app->system_db;
}

/* Delivery settings; and whether this TUI sends messages itself. It does when
 * told to (tui_sender = true; the default for the embedded demo cluster),
 * has the floor's connection (floor_db) and no dun serve holds the sender
 * lock. */
static void setup_messaging(struct app *app, struct messaging *msg, struct db *db, char *note, size_t n)
{
    char err[256];
    app->undo_seconds = 10;
    if (!messaging_load(msg, app->msg_error, sizeof app->msg_error)) {
        messaging_free(msg);
        return;
    }
    app->msg = msg;
    app->undo_seconds = atoi(messaging_get(msg, "undo_seconds", "DUN_UNDO_SECONDS", "10"));
    if (app->undo_seconds < 0 || app->undo_seconds > 300)
        app->undo_seconds = 10;
    const char *tui_sender = messaging_get(msg, "tui_sender", "DUN_TUI_SENDER", db->target.embedded ? "true" : "false");
    struct outbox_recovery recovered;
    if (strcmp(tui_sender, "true") != 0)
        return;
    struct db *floor = floor_db(app, db);
    if (!floor) {
        snprintf(note, n, "tui_sender is on, but this TUI runs as an agent's role, which sends nothing for the"
                 " floor: run dun serve");
        return;
    }
    if ((app->sender = sender_new(floor, msg, app->zones, err, sizeof err)) != NULL &&
        !sender_restart(app->sender, app->now, &recovered, err, sizeof err))
        sender_free(&app->sender); /* dun serve (or another demo TUI) sends */
    if (!app->sender)
        db_close(&app->system_db); /* nothing of the floor's to do on it */
}

int cmd_tui(struct cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        cli_error("no terminal: the workstation needs one (stdin and stdout must be a tty).\n"
                  "     For scripts use a command, e.g. \"dun queue --json\" (see dun --help).");
        return 2;
    }
    cli->listen = true; /* with the session's settings: one round trip fewer on launch */
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    db->no_detail = true; /* errors go to the status line and stderr: no row quoted in them */
    struct app app = {.cli = cli, .db = db, .db_up = true};
    if (!cli_resolve_agent(cli, db, &app.agent)) {
        db_close(&db);
        return 2;
    }
    struct key_problems kp = {0};
    app.keys = load_keys(&kp);
    app.zones = zone_cache_new();
    char sender_note[160] = "";
    struct messaging msg;
    app.now = cli->now;
    setup_messaging(&app, &msg, db, sender_note, sizeof sender_note);
    setup_nudges(&app);
    char lease_note[160] = "";
    setup_lease(&app, lease_note, sizeof lease_note);
    app.clock_skew = cli->now - (dun_time)time(NULL);
    if (strcmp(messaging_get(app.msg, "desktop_notify", "DUN_DESKTOP_NOTIFY", "true"), "true") == 0)
        app.desktop = desktop_new("dun");
    const char *codeset = nl_langinfo(CODESET);
    app.ascii = !codeset || strcmp(codeset, "UTF-8") != 0;
    int rc = 0;
    if (!app.keys || !app.zones) {
        cli_error("out of memory");
        rc = 2;
    } else if (!term_start()) {
        fputs(sb_cstr(&kp.all), stderr);
        cli_error("cannot start the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "unset");
        rc = 2;
    } else {
        if (kp.count)
            app_notice(&app, true, "%d problem(s) in your keys file (all are listed when dun ends); first: %s",
                       kp.count, kp.first);
        else if (sender_note[0])
            app_message(&app, true, "%s", sender_note);
        else if (app.msg_error[0])
            app_message(&app, true, "messages are off: %s", app.msg_error);
        else if (app.nudge_note[0])
            app_message(&app, true, "%s", app.nudge_note);
        else if (lease_note[0])
            app_message(&app, true, "%s", lease_note);
        if (app_push(&app, &queue_screen, NULL))
            rc = tui_run(&app);
        term_stop();
        if (kp.count)
            fputs(sb_cstr(&kp.all), stderr);
    }
    desktop_free(&app.desktop);
    if (app.sender) /* what is in flight gets a moment to finish and be recorded */
        sender_stop(app.sender, app.now, 3000);
    sender_free(&app.sender);
    db_close(&app.system_db);
    if (app.msg)
        messaging_free(app.msg);
    keymap_free(&app.keys);
    sb_free(&kp.all);
    zone_cache_free(&app.zones);
    db_close(&db);
    return rc;
}
