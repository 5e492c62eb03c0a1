/* The courier: one curl multi handle for every provider's transfers.
 *
 * libcurl tells us which sockets it wants watched (CURLMOPT_SOCKETFUNCTION)
 * and when it next needs a timeout call (CURLMOPT_TIMERFUNCTION); we keep
 * both so that any poll() loop can wait on them beside its own descriptors,
 * and hand readiness back through curl_multi_socket_action. The multi
 * handle's connection cache keeps connections alive from one message to the
 * next, whichever easy handle carries it. */
#include "core/channels/courier.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/channels/internal.h"

struct courier {
    CURLM *multi;
    struct pollfd *socks;      ///< what libcurl wants watched
    int nsocks, capsocks;
    double deadline;           ///< monotonic seconds of libcurl's timer; < 0: none
    struct transfer *running;
    struct transfer *done, *done_tail;
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_socket(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)e;
    (void)socketp;
    struct courier *c = userp;
    int i = 0;
    while (i < c->nsocks && c->socks[i].fd != s)
        i++;
    if (what == CURL_POLL_REMOVE) {
        if (i < c->nsocks)
            c->socks[i] = c->socks[--c->nsocks];
        return 0;
    }
    if (i == c->nsocks) {
        if (c->nsocks == c->capsocks) {
            int cap = c->capsocks ? c->capsocks * 2 : 8;
            struct pollfd *grown = realloc(c->socks, (size_t)cap * sizeof *grown);
            if (!grown)
                return -1; /* libcurl fails the transfer */
            c->socks = grown;
            c->capsocks = cap;
        }
        c->nsocks++;
    }
    c->socks[i].fd = s;
    c->socks[i].events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) | ((what & CURL_POLL_OUT) ? POLLOUT : 0));
    c->socks[i].revents = 0;
    return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *userp)
{
    (void)m;
    struct courier *c = userp;
    c->deadline = timeout_ms < 0 ? -1.0 : mono() + (double)timeout_ms / 1000.0;
    return 0;
}

struct courier *courier_new(char *err, size_t errlen)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(err, errlen, "libcurl failed to initialise");
        return NULL;
    }
    struct courier *c = calloc(1, sizeof *c);
    if (c)
        c->multi = curl_multi_init();
    if (!c || !c->multi) {
        free(c);
        curl_global_cleanup();
        snprintf(err, errlen, "out of memory starting libcurl");
        return NULL;
    }
    c->deadline = -1.0;
    curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
    curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
    return c;
}

static void transfer_free(struct transfer *t)
{
    if (t->easy)
        curl_easy_cleanup(t->easy);
    if (t->url.data) /* the sendsms URL carries the password */
        memset(t->url.data, 0, t->url.cap);
    sb_free(&t->url);
    sb_free(&t->reply);
    sb_free(&t->upload);
    curl_slist_free_all(t->rcpt);
    free(t);
}

void courier_free(struct courier **cp)
{
    struct courier *c = cp ? *cp : NULL;
    if (!c)
        return;
    for (struct transfer *t = c->running, *next; t; t = next) {
        next = t->next;
        curl_multi_remove_handle(c->multi, t->easy);
        transfer_free(t);
    }
    for (struct transfer *t = c->done, *next; t; t = next) {
        next = t->next;
        transfer_free(t);
    }
    curl_multi_cleanup(c->multi);
    free(c->socks);
    free(c);
    curl_global_cleanup();
    *cp = NULL;
}

static void finished(struct courier *c, struct transfer *t)
{
    t->next = NULL;
    if (c->done_tail)
        c->done_tail->next = t;
    else
        c->done = t;
    c->done_tail = t;
}

/* Move transfers libcurl has finished from running to done. */
static void collect(struct courier *c)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct transfer **pp = &c->running;
        while (*pp && (*pp)->easy != msg->easy_handle)
            pp = &(*pp)->next;
        struct transfer *t = *pp;
        if (!t)
            continue;
        CURLcode rc = msg->data.result; /* msg is invalid once the handle is removed */
        *pp = t->next;
        t->provider->ops->finish(t->provider, t, rc);
        curl_multi_remove_handle(c->multi, t->easy);
        curl_easy_cleanup(t->easy);
        t->easy = NULL;
        finished(c, t);
    }
}

bool courier_submit(struct courier *c, struct provider *p, const struct message *m, int64_t tag)
{
    struct transfer *t = calloc(1, sizeof *t);
    if (!t)
        return false;
    t->provider = p;
    t->tag = tag;
    if (!p->ops->begin(p, t, m)) {
        if (t->easy) { /* a provider that set a handle and then gave up */
            curl_easy_cleanup(t->easy);
            t->easy = NULL;
        }
        finished(c, t);
        return true;
    }
    if (curl_multi_add_handle(c->multi, t->easy) != CURLM_OK) {
        transfer_free(t);
        return false;
    }
    t->next = c->running;
    c->running = t;
    int still;
    curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &still); /* start connecting now */
    collect(c);
    return true;
}

int courier_busy(const struct courier *c, const struct provider *p)
{
    int n = 0;
    for (const struct transfer *t = c->running; t; t = t->next)
        n += t->provider == p;
    return n;
}

int courier_running(const struct courier *c)
{
    int n = 0;
    for (const struct transfer *t = c->running; t; t = t->next)
        n++;
    return n;
}

int courier_pollfds(const struct courier *c, struct pollfd *fds, int max, int *timeout_ms)
{
    int n = c->nsocks < max ? c->nsocks : max;
    if (n > 0)
        memcpy(fds, c->socks, (size_t)n * sizeof *fds);
    if (c->done) {
        *timeout_ms = 0; /* finished messages wait to be collected */
    } else if (c->deadline < 0) {
        *timeout_ms = -1;
    } else {
        double left = c->deadline - mono();
        *timeout_ms = left <= 0 ? 0 : (int)(left * 1000.0) + 1;
    }
    return n;
}

void courier_work(struct courier *c, const struct pollfd *fds, int nfds)
{
    int still;
    for (int i = 0; i < nfds; i++) {
        if (!fds[i].revents)
            continue;
        int mask = ((fds[i].revents & POLLIN) ? CURL_CSELECT_IN : 0) |
                   ((fds[i].revents & POLLOUT) ? CURL_CSELECT_OUT : 0) |
                   ((fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) ? CURL_CSELECT_ERR : 0);
        curl_multi_socket_action(c->multi, fds[i].fd, mask, &still);
    }
    if (c->deadline >= 0 && mono() >= c->deadline) {
        c->deadline = -1.0;
        curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &still);
    }
    collect(c);
}

bool courier_done(struct courier *c, int64_t *tag, struct send_outcome *out)
{
    struct transfer *t = c->done;
    if (!t)
        return false;
    /* Nothing is told as sent before it is durable. */
    if (t->provider->ops->flush)
        t->provider->ops->flush(t->provider);
    c->done = t->next;
    if (!c->done)
        c->done_tail = NULL;
    *tag = t->tag;
    *out = t->out;
    transfer_free(t);
    return true;
}

/* --- one message, waited for ------------------------------------------------ */

enum send_result provider_send(struct provider *p, const struct message *m, struct send_outcome *out)
{
    char err[128];
    memset(out, 0, sizeof *out);
    struct courier *c = courier_new(err, sizeof err);
    if (!c || !courier_submit(c, p, m, m->id)) {
        chan_error(out, "%s", c ? "out of memory" : err);
        courier_free(&c);
        return out->result = SEND_TEMPORARY;
    }
    int64_t tag;
    while (!courier_done(c, &tag, out)) {
        struct pollfd fds[16];
        int timeout;
        int n = courier_pollfds(c, fds, 16, &timeout);
        if (timeout < 0 || timeout > 1000)
            timeout = 1000; /* libcurl's own timeouts end every transfer */
        if (poll(fds, (nfds_t)n, timeout) < 0)
            n = 0;
        courier_work(c, fds, n);
    }
    courier_free(&c);
    return out->result;
}
