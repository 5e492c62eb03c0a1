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

/* The workstation's own settings. Like every setting, a bad one stops dun
 * (exit status 2) with its own line; all of them are said at once. */
static bool read_settings(struct app *app, const struct messaging *msg)
{
    static const struct number_setting undo = {"undo_seconds", "DUN_UNDO_SECONDS", 10, 0, 300, false, "seconds"};
    /* how long an open account stays locked after its screen stops renewing
     * (a crash, a lost network); the heartbeat renews every third of it */
    static const struct number_setting lease = {"lease_seconds", "DUN_LEASE_SECONDS", LEASE_DEFAULT_SECONDS, 3, 3600,
                                                false, "seconds"};
    static const struct number_setting nudge = {"nudge_days", "DUN_NUDGE_DAYS", NUDGE_DEFAULT_DAYS, 1, 365, false,
                                                "days"};
    static const struct number_setting whole = {NULL, "DUN_QUEUE_WHOLE", 5000, 0, 1000000, false, "accounts"};
    const struct number_setting *all[] = {&undo, &lease, &nudge, &whole};
    double v[4] = {0};
    char err[1200];
    bool ok = true;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (!messaging_number(msg, all[i], &v[i], err, sizeof err)) {
            cli_error("%s", err);
            ok = false;
        }
    bool sender = false;
    const struct {
        const char *key, *env;
        bool dflt, *out;
    } flags[] = {{"desktop_notify", "DUN_DESKTOP_NOTIFY", true, &app->desktop_notify},
                 {"tui_sender", "DUN_TUI_SENDER", false, &sender}};
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (!messaging_flag(msg, flags[i].key, flags[i].env, flags[i].dflt, flags[i].out, err, sizeof err)) {
            cli_error("%s", err);
            ok = false;
        }
    app->tui_sender = messaging_get(msg, "tui_sender", "DUN_TUI_SENDER", NULL) ? sender : -1;
    app->undo_seconds = (int)v[0];
    app->lock.seconds = (int)v[1];
    app->nudge_days = (int)v[2];
    app->queue_whole = (size_t)v[3];
    return ok;
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

/* The providers; and whether this TUI sends messages itself. It does when
 * told to (tui_sender = true; the default for the embedded demo cluster),
 * has the floor's connection (floor_db) and no dun serve holds the sender
 * lock. Providers that cannot be built turn messages off, said on the
 * status line (msg_error). */
static void setup_messaging(struct app *app, struct messaging *msg, struct db *db, char *note, size_t n)
{
    char err[256];
    if (!messaging_providers(msg, app->msg_error, sizeof app->msg_error)) {
        messaging_free(msg);
        return;
    }
    app->msg = msg;
    struct outbox_recovery recovered;
    if (app->tui_sender < 0 ? !db->target.embedded : !app->tui_sender)
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
    struct app app = {.cli = cli, .db_up = true};
    struct messaging msg;
    char err[1200] = "";
    if (!messaging_settings(&msg, err, sizeof err) || !read_settings(&app, &msg)) {
        if (err[0])
            cli_error("%s", err);
        messaging_free(&msg);
        return 2;
    }
    cli->listen = true; /* with the session's settings: one round trip fewer on launch */
    struct db *db = app.db = cli_open_db(cli, true);
    if (!db || !cli_resolve_agent(cli, db, &app.agent)) {
        db_close(&db);
        messaging_free(&msg);
        return 2;
    }
    db->no_detail = true; /* errors go to the status line and stderr: no row quoted in them */
    struct key_problems kp = {0};
    app.keys = load_keys(&kp);
    app.zones = zone_cache_new();
    char sender_note[160] = "";
    app.now = cli->now;
    setup_messaging(&app, &msg, db, sender_note, sizeof sender_note);
    app.clock_skew = cli->now - (dun_time)time(NULL);
    if (app.desktop_notify)
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
    reference_forget(&app.reference);
    sb_free(&kp.all);
    zone_cache_free(&app.zones);
    db_close(&db);
    return rc;
}
