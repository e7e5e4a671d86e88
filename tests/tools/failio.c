/* failio.c - an LD_PRELOAD fault injector for tests/faults/diskfull.sh: the Nth call
 * (FAILIO_N, counted from 1) of FAILIO_CALL (fwrite, fputs, fputc, fflush, fsync or
 * fclose) on an output temporary (a hidden file: its name starts with '.') fails with
 * ENOSPC, as a full disk would: the stream's error flag is set, fclose still closes.
 * Prints "failio: hit" on stderr when the fault was injected. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long calls;

/* Whether fd is an output temporary and this is the call to fail. */
static int hit(const char *name, int fd)
{
    const char *want = getenv("FAILIO_CALL"), *n = getenv("FAILIO_N");
    if (!want || !n || strcmp(want, name) != 0 || fd < 3)
        return 0;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(link, target, sizeof target - 1);
    if (len <= 0)
        return 0;
    target[len] = '\0';
    const char *base = strrchr(target, '/');
    if (!base || base[1] != '.')
        return 0;
    if (++calls != atol(n))
        return 0;
    static const char msg[] = "failio: hit\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        return 1;
    return 1;
}

#define REAL(ret, name, ...) \
    static ret (*real)(__VA_ARGS__); \
    if (!real) \
        *(void **)&real = dlsym(RTLD_NEXT, #name)

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    REAL(size_t, fwrite, const void *, size_t, size_t, FILE *);
    if (hit("fwrite", fileno(f))) {
        f->_flags |= _IO_ERR_SEEN;
        errno = ENOSPC;
        return 0;
    }
    return real(p, size, n, f);
}

int fputs(const char *s, FILE *f)
{
    REAL(int, fputs, const char *, FILE *);
    if (hit("fputs", fileno(f))) {
        f->_flags |= _IO_ERR_SEEN;
        errno = ENOSPC;
        return EOF;
    }
    return real(s, f);
}

int fputc(int c, FILE *f)
{
    REAL(int, fputc, int, FILE *);
    if (hit("fputc", fileno(f))) {
        f->_flags |= _IO_ERR_SEEN;
        errno = ENOSPC;
        return EOF;
    }
    return real(c, f);
}

int fflush(FILE *f)
{
    REAL(int, fflush, FILE *);
    if (f && hit("fflush", fileno(f))) {
        f->_flags |= _IO_ERR_SEEN;
        errno = ENOSPC;
        return EOF;
    }
    return real(f);
}

int fsync(int fd)
{
    REAL(int, fsync, int);
    if (hit("fsync", fd)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

int fclose(FILE *f)
{
    REAL(int, fclose, FILE *);
    int fail = hit("fclose", fileno(f));
    int rc = real(f);
    if (fail) {
        errno = ENOSPC;
        return EOF;
    }
    return rc;
}
