#include "tui/lease.h"

#include <stdio.h>
#include <string.h>

#include "core/zone.h"
#include "tui/token.h"
#include "tui/tui.h"

/* "Sato Hiroshi since 10:42" (the viewer's clock), or "you in another
 * session since 10:42". */
static void holder_text(const struct app *app, const struct lease_holder *h, char *out, size_t n)
{
    struct local_time t = zone_local(app_agent_zone((struct app *)app), h->since);
    if (!h->agent_id)
        snprintf(out, n, "someone (it could not be checked)");
    else
        snprintf(out, n, "%s since %02d:%02d", h->agent_id == app->agent.id ? "you in another session" : h->name,
                 t.minute_of_day / 60, t.minute_of_day % 60);
}

/* Take or renew; the lock's state follows. False on a store error. */
static bool take(struct app *app)
{
    struct work_lock *l = &app->lock;
    char err[256];
    struct lease_holder h = {0};
    l->tried_at = app->now;
    int r = lease_take(app->db, l->account_id, app->agent.id, l->token, l->seconds, &h, err, sizeof err);
    if (r < 0) {
        l->held = false; /* when in doubt, nobody writes from here */
        memset(&l->other, 0, sizeof l->other);
        return false;
    }
    l->held = r == 1;
    l->other = r == 1 ? (struct lease_holder){0} : h;
    return true;
}

/* The account's lease this screen left behind: its token taken back. */
static bool take_left(struct work_lock *l, int64_t account_id)
{
    for (int i = 0; i < l->nleft; i++)
        if (l->left[i].account_id == account_id) {
            memcpy(l->token, l->left[i].token, sizeof l->token);
            l->left[i] = l->left[--l->nleft];
            return true;
        }
    return false;
}

void lease_open(struct app *app, int64_t account_id, const char *ref)
{
    struct work_lock *l = &app->lock;
    if (l->account_id && l->account_id != account_id)
        lease_close(app, l->account_id);
    if (l->account_id != account_id) {
        l->account_id = account_id;
        snprintf(l->ref, sizeof l->ref, "%s", ref);
        if (!take_left(l, account_id) && !random_token(l->token))
            snprintf(l->token, sizeof l->token, "%032x", 0); /* never matches a live lease: read-only */
    }
    if (l->seconds <= 0)
        l->seconds = LEASE_DEFAULT_SECONDS;
    take(app);
}

void lease_close(struct app *app, int64_t account_id)
{
    struct work_lock *l = &app->lock;
    char err[256];
    if (!l->account_id || l->account_id != account_id)
        return;
    /* Not let go (the database away, or the release failed): remembered,
     * else it would read as someone else's until it expires. */
    if (l->held && !(app->db_up && lease_release(app->db, l->account_id, l->token, err, sizeof err)) &&
        l->nleft < (int)(sizeof l->left / sizeof l->left[0])) {
        l->left[l->nleft].account_id = l->account_id;
        memcpy(l->left[l->nleft++].token, l->token, sizeof l->token);
    }
    struct work_lock keep = *l;
    memset(l, 0, sizeof *l);
    l->seconds = keep.seconds;
    l->nleft = keep.nleft;
    memcpy(l->left, keep.left, sizeof l->left);
}

void lease_let_go_left(struct app *app)
{
    struct work_lock *l = &app->lock;
    char err[256];
    int kept = 0;
    for (int i = 0; i < l->nleft; i++)
        if (!lease_release(app->db, l->left[i].account_id, l->left[i].token, err, sizeof err))
            l->left[kept++] = l->left[i]; /* it expires by itself, or goes next time */
    l->nleft = kept;
}

void lease_tick(struct app *app, bool force)
{
    struct work_lock *l = &app->lock;
    if (!l->account_id || !app->db_up || (!force && app->now - l->tried_at < l->seconds / 3))
        return;
    bool was_held = l->held;
    struct lease_holder before = l->other;
    if (!take(app))
        return;
    char who[200];
    if (was_held && !l->held) {
        holder_text(app, &l->other, who, sizeof who);
        app_notice(app, true, "%s was taken over: in use by %s; read-only here now", l->ref, who);
    } else if (!was_held && l->held && before.agent_id) {
        app_notice(app, false, "%s is yours now: %s let go of it", l->ref,
                   before.agent_id == app->agent.id ? "your other session" : before.name);
    }
    app->dirty = true;
}

bool lease_writable(struct app *app, int64_t account_id)
{
    struct work_lock *l = &app->lock;
    if (!l->account_id || l->account_id != account_id || l->held)
        return true;
    char why[300];
    lease_describe(app, why, sizeof why);
    app_message(app, true, "%s: %s", l->ref, why);
    return false;
}

void lease_describe(const struct app *app, char *out, size_t n)
{
    const struct work_lock *l = &app->lock;
    char who[200];
    if (!l->account_id || l->held) {
        out[0] = '\0';
        return;
    }
    holder_text(app, &l->other, who, sizeof who);
    snprintf(out, n, "in use by %s - read-only", who);
}

void lease_take_over_open(struct app *app, const char *reason)
{
    struct work_lock *l = &app->lock;
    char err[256];
    struct lease_holder from;
    if (!l->account_id || l->held)
        return;
    if (strcmp(app->agent.role, "supervisor") != 0 && strcmp(app->agent.role, "admin") != 0) {
        app_message(app, true, "only a supervisor or an admin takes an account over");
        return;
    }
    int r = lease_take_over(app->db, l->account_id, app->agent.id, l->token, l->seconds, reason, &from, err,
                            sizeof err);
    if (r < 0) {
        app_message(app, true, "could not take %s over: %s", l->ref, err);
        return;
    }
    l->held = true;
    l->tried_at = app->now;
    memset(&l->other, 0, sizeof l->other);
    app_message(app, false, "%s is yours: taken over from %s (recorded with your reason)", l->ref,
                r == 1 ? from.name : "nobody");
}
