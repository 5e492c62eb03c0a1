/* Desktop notifications: a small queue drained by one thread that owns
 * libnotify. See desktop.h. */
#include "core/channels/desktop.h"

#include <libnotify/notify.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/utf8.h"

enum { QUEUE = 16, TEXT = 512, SHOW_MS = 10000 };

struct note {
    char summary[TEXT];
    char body[TEXT];
    enum desktop_urgency urgency;
};

struct desktop {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct note queue[QUEUE];
    int head, count;
    bool stopping;
    bool finished;          ///< the worker has returned (set under lock)
    char app_name[64];
    char last_error[256];
};

/* D-Bus carries only valid UTF-8: a cut never splits a character. */
static void copy_text(char *out, size_t n, const char *text)
{
    snprintf(out, n, "%s", text ? text : "");
    out[utf8_invalid_offset(out, strlen(out))] = '\0';
}

static void show(struct desktop *d, const struct note *n)
{
    char error[256] = "";
    if (!notify_is_initted() && !notify_init(d->app_name))
        snprintf(error, sizeof error, "libnotify could not start");
    NotifyNotification *nn = error[0] ? NULL : notify_notification_new(n->summary, n->body, NULL);
    if (nn) {
        GError *e = NULL;
        notify_notification_set_urgency(nn, n->urgency == DESKTOP_CRITICAL ? NOTIFY_URGENCY_CRITICAL
                                                                           : NOTIFY_URGENCY_NORMAL);
        notify_notification_set_timeout(nn, SHOW_MS);
        if (!notify_notification_show(nn, &e))
            snprintf(error, sizeof error, "%s", e && e->message ? e->message : "no notification server");
        if (e)
            g_error_free(e);
        g_object_unref(nn);
    } else if (!error[0]) {
        snprintf(error, sizeof error, "libnotify could not make a notification");
    }
    pthread_mutex_lock(&d->lock);
    snprintf(d->last_error, sizeof d->last_error, "%s", error);
    pthread_mutex_unlock(&d->lock);
}

static void *worker(void *arg)
{
    struct desktop *d = arg;
    pthread_mutex_lock(&d->lock);
    for (;;) {
        while (d->count == 0 && !d->stopping)
            pthread_cond_wait(&d->wake, &d->lock);
        if (d->stopping)
            break;
        struct note n = d->queue[d->head];
        d->head = (d->head + 1) % QUEUE;
        d->count--;
        pthread_mutex_unlock(&d->lock);
        show(d, &n);
        pthread_mutex_lock(&d->lock);
    }
    pthread_mutex_unlock(&d->lock);
    if (notify_is_initted())
        notify_uninit();
    pthread_mutex_lock(&d->lock);
    d->finished = true;
    pthread_cond_broadcast(&d->wake);
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

struct desktop *desktop_new(const char *app_name)
{
    struct desktop *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    snprintf(d->app_name, sizeof d->app_name, "%s", app_name);
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->wake, NULL);
    if (pthread_create(&d->thread, NULL, worker, d) != 0) {
        pthread_mutex_destroy(&d->lock);
        pthread_cond_destroy(&d->wake);
        free(d);
        return NULL;
    }
    return d;
}

void desktop_free(struct desktop **dp)
{
    struct desktop *d = dp ? *dp : NULL;
    if (!d)
        return;
    /* A notification in progress may hang on a server that does not answer
     * (D-Bus waits 25 s): give it a second, then leave without it. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1;
    pthread_mutex_lock(&d->lock);
    d->stopping = true;
    pthread_cond_broadcast(&d->wake);
    while (!d->finished && pthread_cond_timedwait(&d->wake, &d->lock, &until) == 0)
        ;
    bool finished = d->finished;
    pthread_mutex_unlock(&d->lock);
    *dp = NULL;
    if (!finished) { /* it still uses d: it ends with the process */
        pthread_detach(d->thread);
        return;
    }
    pthread_join(d->thread, NULL);
    pthread_mutex_destroy(&d->lock);
    pthread_cond_destroy(&d->wake);
    free(d);
}

bool desktop_notify(struct desktop *d, const char *summary, const char *body, enum desktop_urgency urgency)
{
    pthread_mutex_lock(&d->lock);
    bool room = d->count < QUEUE;
    if (room) {
        struct note *n = &d->queue[(d->head + d->count) % QUEUE];
        copy_text(n->summary, sizeof n->summary, summary);
        copy_text(n->body, sizeof n->body, body);
        n->urgency = urgency;
        d->count++;
        pthread_cond_signal(&d->wake);
    }
    pthread_mutex_unlock(&d->lock);
    return room;
}

void desktop_last_error(struct desktop *d, char *out, size_t n)
{
    pthread_mutex_lock(&d->lock);
    snprintf(out, n, "%s", d->last_error);
    pthread_mutex_unlock(&d->lock);
}
