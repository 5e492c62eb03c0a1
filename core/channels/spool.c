/* The spool: each message becomes a file <dir>/<outbox id>.<sms|eml>, and
 * nothing leaves the machine (demo, training, a site without a gateway).
 *
 * Email is the full RFC 5322 message, byte for byte what the smtp provider
 * would upload (same composer). An SMS is a few header lines saying how it
 * would travel (GSM 03.38 or UCS-2, how many parts), a blank line and the
 * text. Files are written 0600 to a temporary name and renamed, so a reader
 * never sees half a message; sending the same outbox id again replaces the file.
 */
#include "core/channels/provider.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/utf8.h"

#include "core/channels/internal.h"
#include "core/template.h"

/* The spool has no sender configuration: its email comes from here. */
#define SPOOL_FROM "dun <dun@localhost>"
#define SPOOL_DOMAIN "localhost"

struct spool {
    struct provider base;
    char dir[PATH_MAX];
    bool renamed; ///< files renamed into dir since its last fsync (spool_flush)
};

static bool write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* Write data to path atomically: a 0600 temporary file beside it, synced,
 * then renamed over path. The rename is made durable by spool_flush. */
static bool write_atomic(const char *dir, const char *path, const char *data, size_t n, char *err, size_t errlen)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir);
    int fd = mkstemp(tmp); /* mode 0600 */
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file in %s: %s", dir, strerror(errno));
        return false;
    }
    bool ok = fchmod(fd, 0600) == 0 && write_all(fd, data, n) && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(saved));
        return false;
    }
    return true;
}

static enum send_result spool_write(struct spool *s, const struct message *m, struct send_outcome *out)
{
    struct strbuf data = {0};
    char err[200];
    const char *ext;
    const char *body = m->body ? m->body : "";

    if (m->channel == CH_SMS) {
        ext = "sms";
        if (!m->to || !*m->to || strpbrk(m->to, "\r\n")) {
            chan_error(out, "SMS has no usable recipient number");
            return out->result = SEND_PERMANENT;
        }
        if (utf8_invalid_offset(body, strlen(body)) != strlen(body)) {
            chan_error(out, "SMS text is not valid UTF-8");
            return out->result = SEND_PERMANENT;
        }
        struct sms_count count;
        sms_count(body, &count);
        sb_printf(&data, "To: %s\nCoding: %s\nParts: %d\n\n%s\n", m->to, count.ucs2 ? "UCS-2" : "GSM 03.38",
                  count.segments, body);
    } else if (m->channel == CH_EMAIL) {
        ext = "eml";
        /* The Date header is the only use of the real clock in providers. */
        if (!chan_mail_compose(&data, m, SPOOL_FROM, NULL, SPOOL_DOMAIN, time(NULL), err, sizeof err)) {
            sb_free(&data);
            chan_error(out, "%s", err);
            return out->result = SEND_PERMANENT;
        }
    } else {
        chan_error(out, "the spool keeps SMS and email only, not %s", channel_name(m->channel));
        return out->result = SEND_PERMANENT;
    }
    if (data.failed) {
        sb_free(&data);
        chan_error(out, "out of memory");
        return out->result = SEND_TEMPORARY;
    }

    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%" PRId64 ".%s", s->dir, m->id, ext);
    bool ok = write_atomic(s->dir, path, sb_cstr(&data), data.len, err, sizeof err);
    s->renamed |= ok;
    sb_free(&data);
    if (!ok) {
        chan_error(out, "%s", err);
        return out->result = SEND_TEMPORARY; /* disk full, permissions: fixable, keep the message */
    }
    snprintf(out->provider_id, sizeof out->provider_id, "spool:%s", path);
    return out->result = SEND_OK;
}

/* The spool needs no network: every message is done at once. */
static bool spool_begin(struct provider *p, struct transfer *t, const struct message *m)
{
    spool_write((struct spool *)p, m, &t->out);
    return false;
}

static void spool_finish(struct provider *p, struct transfer *t, CURLcode rc)
{
    (void)p;
    (void)t;
    (void)rc; /* never called: spool_begin starts no transfer */
}

/* The renames survive a crash: one directory fsync for all the files a
 * batch wrote, before any of them is told as sent. */
static void spool_flush(struct provider *p)
{
    struct spool *s = (struct spool *)p;
    if (!s->renamed)
        return;
    int dfd = open(s->dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    s->renamed = false;
}

static void spool_destroy(struct provider *p) { free(p); }

static const struct provider_ops spool_ops = {
    .name = "spool",
    .batch = 128, /* a file each, no connection: a sender's batch is bounded by its memory only */
    .begin = spool_begin,
    .finish = spool_finish,
    .destroy = spool_destroy,
    .flush = spool_flush,
};

/* mkdir -p with 0700 for what it creates. */
static int make_dirs(const char *dir)
{
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

struct provider *provider_spool_new(const char *dir, char *err, size_t errlen)
{
    if (!dir || !*dir) {
        snprintf(err, errlen, "spool: no directory given");
        return NULL;
    }
    if (make_dirs(dir) != 0) {
        snprintf(err, errlen, "spool: cannot create %s: %s", dir, strerror(errno));
        return NULL;
    }
    struct spool *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "spool: out of memory");
        return NULL;
    }
    if (!realpath(dir, s->dir)) {
        snprintf(err, errlen, "spool: %s: %s", dir, strerror(errno));
        free(s);
        return NULL;
    }
    struct stat st;
    if (stat(s->dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(s->dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "spool: %s is not a writable directory", s->dir);
        free(s);
        return NULL;
    }
    /* provider_id is "spool:<dir>/<id>.eml" and must fit its 128 bytes. */
    if (strlen(s->dir) + sizeof "spool:/" + 20 + sizeof ".eml" > sizeof((struct send_outcome *)0)->provider_id) {
        snprintf(err, errlen, "spool: the directory path is too long (keep it under 95 characters)");
        free(s);
        return NULL;
    }
    s->base.ops = &spool_ops;
    return &s->base;
}
