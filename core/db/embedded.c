/* The embedded cluster: a private PostgreSQL under the user's data directory,
 * listening on a unix socket only, created and started on first use.
 *
 * initdb and pg_ctl refuse to run as root, so as root the cluster runs as the
 * postgres user in /var/lib/dun (or $XDG_DATA_HOME/dun when set), never under
 * /root which that user cannot enter. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/db/db.h"

enum { SOCKET_PATH_MAX = 100 }; /* sun_path is ~107 bytes incl. ".s.PGSQL.5432" */

bool embedded_paths(struct embedded *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    e->as_postgres = geteuid() == 0;
    if (xdg && *xdg)
        snprintf(e->base, sizeof e->base, "%s/dun", xdg);
    else if (e->as_postgres)
        snprintf(e->base, sizeof e->base, "/var/lib/dun");
    else if (home && *home)
        snprintf(e->base, sizeof e->base, "%s/.local/share/dun", home);
    else {
        snprintf(err, errlen, "neither XDG_DATA_HOME nor HOME is set: cannot place the embedded database");
        return false;
    }
    snprintf(e->data, sizeof e->data, "%s/pg", e->base);
    snprintf(e->log, sizeof e->log, "%s/postgresql.log", e->base);
    if (strlen(e->data) + strlen("/.s.PGSQL.5432") <= SOCKET_PATH_MAX)
        snprintf(e->socket, sizeof e->socket, "%s", e->data);
    else /* a deep home directory: keep the socket path short */
        snprintf(e->socket, sizeof e->socket, "/tmp/dun-%u", (unsigned)geteuid());
    return true;
}

/* The socket's port is named, in the conninfo and when the server starts,
 * so that a PGPORT meant for another server, or a client's own default,
 * never points at a socket that is not there. */
enum { EMBEDDED_PORT = 5432 };

void embedded_conninfo(const struct embedded *e, const char *user, char *out, size_t n)
{
    snprintf(out, n, "host=%s port=%d dbname=dun user=%s", e->socket, EMBEDDED_PORT, user ? user : "dun");
}

bool embedded_as_agent(struct db_target *t, const char *login, char *err, size_t errlen)
{
    struct embedded e;
    /* Checked here, as dun.agent_add checks it: it goes into a conninfo. */
    bool valid = login[0] && strlen(login) <= 64 && strchr("abcdefghijklmnopqrstuvwxyz0123456789", login[0]);
    for (const char *p = login; valid && *p; p++)
        valid = strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", *p) != NULL;
    if (!valid) {
        snprintf(err, errlen, "\"%s\" is not an agent login (lower-case letters, digits, \".\", \"_\" or \"-\")",
                 login);
        return false;
    }
    if (!embedded_paths(&e, err, errlen))
        return false;
    embedded_conninfo(&e, login, t->conninfo, sizeof t->conninfo);
    snprintf(t->source, sizeof t->source, "the embedded cluster in %s, as agent %s", e.data, login);
    return true;
}

/* Newest installed server binaries, e.g. /usr/lib/postgresql/15/bin. */
static bool pg_bindir(char *out, size_t n)
{
    const char *env = getenv("DUN_PG_BINDIR");
    if (env && *env) {
        snprintf(out, n, "%s", env);
        return true;
    }
    DIR *d = opendir("/usr/lib/postgresql");
    int best = -1;
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            int v = atoi(de->d_name);
            char probe[512];
            snprintf(probe, sizeof probe, "/usr/lib/postgresql/%s/bin/initdb", de->d_name);
            if (v > best && access(probe, X_OK) == 0)
                best = v;
        }
        closedir(d);
    }
    if (best < 0)
        return false;
    snprintf(out, n, "/usr/lib/postgresql/%d/bin", best);
    return true;
}

/* Run argv (as postgres when e->as_postgres), output appended to the log.
 * Returns the exit status, or -1 when it could not run. */
static int run(const struct embedded *e, char *const argv[])
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(e->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (e->as_postgres) {
            char *full[32] = {"runuser", "-u", "postgres", "--"};
            int i = 0;
            while (argv[i] && i < 27) {
                full[4 + i] = argv[i];
                i++;
            }
            full[4 + i] = NULL;
            execvp("runuser", full);
        } else {
            execv(argv[0], argv);
        }
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool make_dir(const char *path, const struct passwd *owner)
{
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(tmp, 0755);
        *p = '/';
    }
    if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
        return false;
    if (owner && chown(tmp, owner->pw_uid, owner->pw_gid) < 0)
        return false;
    return true;
}

int embedded_status(const struct embedded *e)
{
    char bin[400], pg_ctl[512], version[700];
    snprintf(version, sizeof version, "%s/PG_VERSION", e->data);
    if (access(version, F_OK) != 0)
        return 4;
    if (!pg_bindir(bin, sizeof bin))
        return 4;
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", bin);
    char *argv[] = {pg_ctl, "-D", (char *)e->data, "status", NULL};
    int rc = run(e, argv);
    return rc == 0 ? 0 : (rc == 4 ? 4 : 3);
}

static bool lock_base(const struct embedded *e, int *fd, char *err, size_t errlen)
{
    char path[700];
    snprintf(path, sizeof path, "%s/lock", e->base);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0 || flock(*fd, LOCK_EX) < 0) {
        snprintf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

static bool create_cluster(const struct embedded *e, const char *bin, char *err, size_t errlen)
{
    char initdb[512];
    snprintf(initdb, sizeof initdb, "%s/initdb", bin);
    char *argv[] = {initdb, "-D", (char *)e->data, "-U", "dun", "--auth=trust", "-N",
                    "-E", "UTF8", "--locale=C.UTF-8", NULL};
    if (run(e, argv) != 0) {
        snprintf(err, errlen, "initdb failed for %s; see %s", e->data, e->log);
        return false;
    }
    return true;
}

static bool start_server(const struct embedded *e, const char *bin, char *err, size_t errlen)
{
    char pg_ctl[512], opts[800];
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", bin);
    snprintf(opts, sizeof opts, "-c listen_addresses= -c port=%d -c unix_socket_directories=%s", EMBEDDED_PORT,
             e->socket);
    char *argv[] = {pg_ctl, "-D", (char *)e->data, "-l", (char *)e->log, "-w", "-t", "60",
                    "-o", opts, "start", NULL};
    /* After a crash the old backends may still hold the cluster for a moment. */
    for (int attempt = 0; attempt < 3; attempt++) {
        if (run(e, argv) == 0)
            return true;
        sleep(2);
    }
    snprintf(err, errlen, "the embedded PostgreSQL in %s did not start; see %s", e->data, e->log);
    return false;
}

static bool create_database(const struct embedded *e, char *err, size_t errlen)
{
    char conninfo[800];
    snprintf(conninfo, sizeof conninfo, "host=%s port=%d dbname=postgres user=dun", e->socket, EMBEDDED_PORT);
    PGconn *c = PQconnectdb(conninfo);
    bool ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *r = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = 'dun'", 0, NULL,
                                   NULL, NULL, NULL, 0);
        bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
        PQclear(r);
        if (!exists) {
            r = PQexecParams(c, "CREATE DATABASE dun", 0, NULL, NULL, NULL, NULL, 0);
            ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
        }
    }
    if (!ok)
        snprintf(err, errlen, "cannot create the database in the embedded cluster: %s",
                 PQerrorMessage(c));
    PQfinish(c);
    return ok;
}

bool embedded_start(const struct embedded *e, FILE *log, char *err, size_t errlen)
{
    char bin[400];
    if (!pg_bindir(bin, sizeof bin)) {
        snprintf(err, errlen, "PostgreSQL server binaries not found (install the postgresql package)");
        return false;
    }
    struct passwd *pg = NULL;
    if (e->as_postgres && !(pg = getpwnam("postgres"))) {
        snprintf(err, errlen, "running as root, but there is no postgres user to run the embedded cluster");
        return false;
    }
    if (!make_dir(e->base, pg)) {
        snprintf(err, errlen, "cannot create %s: %s", e->base, strerror(errno));
        return false;
    }
    if (strcmp(e->socket, e->data) != 0 && !make_dir(e->socket, pg)) {
        snprintf(err, errlen, "cannot create %s: %s", e->socket, strerror(errno));
        return false;
    }
    int logfd = open(e->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (logfd >= 0) {
        if (pg && fchown(logfd, pg->pw_uid, pg->pw_gid) < 0)
            fprintf(stderr, "dun: cannot hand %s to postgres: %s\n", e->log, strerror(errno));
        close(logfd);
    }
    int fd;
    if (!lock_base(e, &fd, err, errlen))
        return false;
    bool ok = true;
    int status = embedded_status(e);
    if (status == 4) {
        if (log)
            fprintf(log, "dun: creating the embedded database in %s\n", e->data);
        ok = create_cluster(e, bin, err, errlen);
    }
    if (ok && status != 0)
        ok = start_server(e, bin, err, errlen);
    if (ok)
        ok = create_database(e, err, errlen);
    close(fd);
    return ok;
}

bool embedded_stop(const struct embedded *e, char *err, size_t errlen)
{
    char bin[400], pg_ctl[512];
    if (embedded_status(e) != 0)
        return true;
    if (!pg_bindir(bin, sizeof bin)) {
        snprintf(err, errlen, "PostgreSQL server binaries not found");
        return false;
    }
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", bin);
    char *argv[] = {pg_ctl, "-D", (char *)e->data, "-w", "-m", "fast", "stop", NULL};
    if (run(e, argv) != 0) {
        snprintf(err, errlen, "pg_ctl stop failed; see %s", e->log);
        return false;
    }
    return true;
}
