/* failio.c - an LD_PRELOAD fault injector: the Nth call (FAILIO_N, counted from 1) of
 * FAILIO_CALL fails once, as the system would fail it. Prints "failio: hit" on stderr
 * when the fault was injected. Calls are counted per process (a forked -j worker counts
 * from where its parent was), and only the calls of the kind below:
 *  - fwrite, fputs, fputc, fflush, fsync, fclose on an output temporary (a hidden file:
 *    its name starts with '.'): ENOSPC (EIO for fsync), as a full disk would; the
 *    stream's error flag is set, fclose still closes (tests/faults/diskfull.sh)
 *  - fdopen of an output temporary: NULL, ENOMEM
 *  - mmap of anonymous shared memory (MAP_SHARED|MAP_ANONYMOUS): MAP_FAILED, ENOMEM
 *  - fork: -1, EAGAIN (as under RLIMIT_NPROC); pthread_create: EAGAIN, the same
 *  - dup of a directory handle: -1, EMFILE; fdopendir: NULL, ENOMEM
 *  - getrandom: -1, ENOSYS (a kernel without it); "getrandom-fixed": from the Nth call
 *    on, every call fills its buffer with zero bytes (so every random name repeats)
 *  - mkdirat: -1, ENOSPC (no inode left); flock: -1, ENOLCK (a file system without locks)
 *  - prctl: -1, EINVAL (a kernel without PR_SET_PDEATHSIG)
 *  - "open-dir": open of a directory (O_DIRECTORY): -1, EMFILE (out of descriptors)
 *  - waitpid: -1, ECHILD (the child reaped by someone else, as under a SIGCHLD set to
 *    SIG_IGN inherited from a careless parent)
 * tests/faults/syscalls.sh drives the kinds after the first. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static long calls;

static void say_hit(void)
{
    static const char msg[] = "failio: hit\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        return;
}

/* Whether this is the Nth call of the named kind (every call of it counts). */
static int nth(const char *name)
{
    const char *want = getenv("FAILIO_CALL"), *n = getenv("FAILIO_N");
    if (!want || !n || strcmp(want, name) != 0)
        return 0;
    if (__atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED) != atol(n))
        return 0;
    say_hit();
    return 1;
}

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
    if (__atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED) != atol(n))
        return 0;
    say_hit();
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

FILE *fdopen(int fd, const char *mode)
{
    REAL(FILE *, fdopen, int, const char *);
    if (hit("fdopen", fd)) {
        errno = ENOMEM;
        return NULL;
    }
    return real(fd, mode);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    REAL(void *, mmap, void *, size_t, int, int, int, off_t);
    if ((flags & MAP_SHARED) && (flags & MAP_ANONYMOUS) && nth("mmap")) {
        errno = ENOMEM;
        return MAP_FAILED;
    }
    return real(addr, len, prot, flags, fd, off);
}

pid_t fork(void)
{
    REAL(pid_t, fork, void);
    if (nth("fork")) {
        errno = EAGAIN;
        return -1;
    }
    return real();
}

int pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
    REAL(int, pthread_create, pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
    if (nth("pthread_create"))
        return EAGAIN;
    return real(t, a, fn, arg);
}

int dup(int fd)
{
    REAL(int, dup, int);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && nth("dup")) {
        errno = EMFILE;
        return -1;
    }
    return real(fd);
}

DIR *fdopendir(int fd)
{
    REAL(DIR *, fdopendir, int);
    if (nth("fdopendir")) {
        errno = ENOMEM;
        return NULL;
    }
    return real(fd);
}

ssize_t getrandom(void *buf, size_t len, unsigned flags)
{
    REAL(ssize_t, getrandom, void *, size_t, unsigned);
    if (nth("getrandom")) {
        errno = ENOSYS;
        return -1;
    }
    const char *want = getenv("FAILIO_CALL"), *n = getenv("FAILIO_N");
    if (want && n && strcmp(want, "getrandom-fixed") == 0 &&
        __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED) >= atol(n)) {
        if (calls == atol(n))
            say_hit();
        memset(buf, 0, len);
        return (ssize_t)len;
    }
    return real(buf, len, flags);
}

int mkdirat(int dir, const char *path, mode_t mode)
{
    REAL(int, mkdirat, int, const char *, mode_t);
    if (nth("mkdirat")) {
        errno = ENOSPC;
        return -1;
    }
    return real(dir, path, mode);
}

int flock(int fd, int op)
{
    REAL(int, flock, int, int);
    if (nth("flock")) {
        errno = ENOLCK;
        return -1;
    }
    return real(fd, op);
}

int prctl(int op, ...)
{
    REAL(int, prctl, int, unsigned long, unsigned long, unsigned long, unsigned long);
    va_list ap;
    va_start(ap, op);
    unsigned long a[4];
    for (int i = 0; i < 4; i++)
        a[i] = va_arg(ap, unsigned long);
    va_end(ap);
    if (nth("prctl")) {
        errno = EINVAL;
        return -1;
    }
    return real(op, a[0], a[1], a[2], a[3]);
}

int open(const char *path, int flags, ...)
{
    REAL(int, open, const char *, int, mode_t);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    if ((flags & O_DIRECTORY) && nth("open-dir")) {
        errno = EMFILE;
        return -1;
    }
    return real(path, flags, mode);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    REAL(pid_t, waitpid, pid_t, int *, int);
    if (nth("waitpid")) {
        errno = ECHILD;
        return -1;
    }
    return real(pid, status, options);
}
