/* output.c - temporary file + rename; a registry of open temporaries for signals.
 * report_write.c's write_file is the one caller of out_begin / out_commit. */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporaries being written, so a signal handler can unlink them. Only this
 * process's own files are listed; each slot is a fixed buffer (no malloc in handlers). */
#define MAX_OPEN 16
static char open_tmp[MAX_OPEN][4096];
static volatile sig_atomic_t open_used[MAX_OPEN];

static void reg(const char *tmp)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (!open_used[i]) {
            memcpy(open_tmp[i], tmp, strlen(tmp) + 1);
            open_used[i] = 1;
            return;
        }
}

static void unreg(const char *tmp)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_used[i] && strcmp(open_tmp[i], tmp) == 0)
            open_used[i] = 0;
}

void out_cleanup_signal(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_used[i])
            unlink(open_tmp[i]);
}

static void tmp_name(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path + 1) : 0;
    snprintf(buf, size, "%.*s.%s.tmp%ld", dir, path, slash ? slash + 1 : path, (long)getpid());
}

int out_begin(outfile_t *o, const char *path)
{
    snprintf(o->path, sizeof o->path, "%s", path);
    tmp_name(path, o->tmp, sizeof o->tmp);
    reg(o->tmp);
    o->f = fopen(o->tmp, "wb");
    if (!o->f) {
        int e = errno;
        unreg(o->tmp);
        errno = e;
        return -1;
    }
    return 0;
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
    if (!e && rename(o->tmp, o->path) != 0)
        e = errno;
    if (e) {
        unlink(o->tmp);
        unreg(o->tmp);
        errno = e;
        return -1;
    }
    unreg(o->tmp);
    return 0;
}

void out_abort(outfile_t *o)
{
    if (o->f)
        fclose(o->f);
    o->f = NULL;
    unlink(o->tmp);
    unreg(o->tmp);
}

int out_mkdir(const char *path)
{
    char buf[4096];
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
