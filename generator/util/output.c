/* output.c - temporary file + rename in a directory handle; a registry of open
 * temporaries for signals.
 * report_write.c's write_file is the one caller of out_begin / out_commit. */
#define _GNU_SOURCE /* getrandom */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/random.h>
#include <time.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporaries being written, so a signal handler can unlink them. Only this
 * process's own files are listed; each slot is a fixed buffer (no malloc in handlers). */
#define MAX_OPEN 32 /* report_write.c keeps up to 8 waiting commits a process, and one being written */
static char open_tmp[MAX_OPEN][300];
static int open_dir[MAX_OPEN];
static volatile sig_atomic_t open_used[MAX_OPEN];

/* reg and unreg run in more than one thread (report_write.c's committer ends commits
 * while the drawing thread begins files); the handler only reads, without the lock. */
static pthread_mutex_t open_mu = PTHREAD_MUTEX_INITIALIZER;

static void reg(int dir, const char *tmp)
{
    pthread_mutex_lock(&open_mu);
    for (int i = 0; i < MAX_OPEN; i++)
        if (!open_used[i]) {
            memcpy(open_tmp[i], tmp, strlen(tmp) + 1);
            open_dir[i] = dir;
            open_used[i] = 1;
            break;
        }
    pthread_mutex_unlock(&open_mu);
}

static void unreg(int dir, const char *tmp)
{
    pthread_mutex_lock(&open_mu);
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_used[i] && open_dir[i] == dir && strcmp(open_tmp[i], tmp) == 0)
            open_used[i] = 0;
    pthread_mutex_unlock(&open_mu);
}

void out_cleanup_signal(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_used[i])
            unlinkat(open_dir[i], open_tmp[i], 0);
}

/* 48 unpredictable bits as 12 hex digits (getrandom; the clock and pid if it fails). */
static void random_hex(char out[13])
{
    unsigned char b[6];
    if (getrandom(b, sizeof b, GRND_NONBLOCK) != (ssize_t)sizeof b) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned long long v = (unsigned long long)ts.tv_nsec * 2654435761u ^
                               (unsigned long long)getpid() << 20 ^ (unsigned long long)ts.tv_sec;
        for (int i = 0; i < 6; i++)
            b[i] = (unsigned char)(v >> (8 * i));
    }
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[12] = '\0';
}

int out_is_tmp_name(const char *name)
{
    const char *t = name[0] == '.' ? strstr(name, OUT_TMP_TAG) : NULL;
    if (!t || t == name)
        return 0;
    t += strlen(OUT_TMP_TAG);
    return strlen(t) == 12 && strspn(t, "0123456789abcdef") == 12;
}

int out_begin_at(outfile_t *o, int dir, const char *name)
{
    o->f = NULL;
    o->dir = dir;
    o->own_dir = 0;
    size_t len = strlen(name);
    if (len == 0 || len > 255 || strchr(name, '/')) {
        errno = len > 255 ? ENAMETOOLONG : EINVAL;
        return -1;
    }
    memcpy(o->name, name, len + 1);
    for (int tries = 0;; tries++) {
        char rnd[13];
        random_hex(rnd);
        snprintf(o->tmp, sizeof o->tmp, ".%s%s%s", name, OUT_TMP_TAG, rnd);
        if (strlen(o->tmp) > 255) /* a name near the limit: keep its head */
            snprintf(o->tmp, sizeof o->tmp, ".%.*s%s%s", 200, name, OUT_TMP_TAG, rnd);
        reg(dir, o->tmp);
        int fd = openat(dir, o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            o->f = fdopen(fd, "wb");
            if (o->f)
                return 0;
            int e = errno;
            close(fd);
            unlinkat(dir, o->tmp, 0);
            unreg(dir, o->tmp);
            errno = e;
            return -1;
        }
        int e = errno;
        unreg(dir, o->tmp);
        if (e != EEXIST || tries >= 16) {
            errno = e;
            return -1;
        }
    }
}

int out_begin(outfile_t *o, const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (slash && (size_t)(slash - path) >= sizeof dir) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (out_begin_at(o, fd, slash ? slash + 1 : path) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    o->own_dir = 1;
    return 0;
}

static void release_dir(outfile_t *o)
{
    if (o->own_dir)
        close(o->dir);
    o->own_dir = 0;
    o->dir = -1;
}

int out_commit_start(outfile_t *o)
{
    if (ferror(o->f)) {
        errno = EIO;
        return -1;
    }
    if (fflush(o->f) != 0) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    /* only a request: a file system that cannot (EINVAL, ESPIPE) or a write error (EIO,
     * ENOSPC) is left to out_commit's fsync, which says it for this file */
    sync_file_range(fileno(o->f), 0, 0, SYNC_FILE_RANGE_WRITE);
    return 0;
}

void out_write_behind(FILE *f, long long *mark)
{
    off_t at = ftello(f);
    if (at < 0 || at - *mark < OUT_BEHIND || fflush(f) != 0)
        return;
    sync_file_range(fileno(f), *mark, at - *mark, SYNC_FILE_RANGE_WRITE); /* as above */
    *mark = at;
}

int out_commit(outfile_t *o)
{
    int e = ferror(o->f) ? EIO : 0;
    if (fflush(o->f) != 0 && !e)
        e = errno ? errno : EIO;
    /* some file systems (NFS, a full quota) say a write failed only at fsync or close */
    if (fsync(fileno(o->f)) != 0 && !e)
        e = errno ? errno : EIO;
    if (fclose(o->f) != 0 && !e)
        e = errno ? errno : EIO;
    o->f = NULL;
    if (!e && renameat(o->dir, o->tmp, o->dir, o->name) != 0)
        e = errno;
    if (e)
        unlinkat(o->dir, o->tmp, 0);
    unreg(o->dir, o->tmp);
    release_dir(o);
    errno = e;
    return e ? -1 : 0;
}

void out_abort(outfile_t *o)
{
    if (o->f)
        fclose(o->f);
    o->f = NULL;
    unlinkat(o->dir, o->tmp, 0);
    unreg(o->dir, o->tmp);
    release_dir(o);
}

int out_subdir(int parent, const char *name)
{
    if (mkdirat(parent, name, 0777) != 0 && errno != EEXIST)
        return -1;
    return openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int out_mkdir(const char *path)
{
    char buf[4096];
    if (strlen(path) >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

void out_safe_name(const char *id, char *buf, size_t size)
{
    size_t n = 0;
    for (const unsigned char *s = (const unsigned char *)id; *s && n + 1 < size;) {
        unsigned char ch = *s;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        if (n == 0 && ch == '.')
            ok = 0;
        buf[n++] = ok ? (char)ch : '_';
        s++;
        if (ch >= 0xC0) /* skip the continuation bytes of one UTF-8 character */
            while ((*s & 0xC0) == 0x80)
                s++;
    }
    buf[n] = '\0';
}
