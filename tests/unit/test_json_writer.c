/* test_json_writer.c - findings.json's writer (render_json.c): with a second thread
 * (jobs > 1) the file holds the same bytes, in the same order, as written by one; a
 * write that fails is reported by jw_end with the failing write's errno. */
#define _POSIX_C_SOURCE 200809L
#include "render_json.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - json_writer: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

/* Writes the same text, about 3 MB in spans of 1 to 700 bytes (and one larger than
 * the writer's buffer), through a writer of jobs; returns what the stream holds. */
static char *written(int jobs, const char *big, long *len, int *end)
{
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    jw_t *w = jw_new(f, jobs);
    char span[800];
    for (long k = 0; k < 9000; k++) {
        int n = snprintf(span, sizeof span, "%ld:", k);
        for (long i = 0; i < k % 700; i++)
            span[n++] = (char)('a' + (k + i) % 26);
        span[n] = '\0';
        jw_puts(w, span);
        if (k == 4500)
            jw_puts(w, big);
    }
    *end = jw_end(w);
    *len = ftell(f);
    char *buf = malloc((size_t)*len + 1);
    rewind(f);
    *len = (long)fread(buf, 1, (size_t)*len, f);
    fclose(f);
    return buf;
}

int main(void)
{
    size_t big_n = 600000; /* more than one of the writer's buffers */
    char *big = malloc(big_n + 1);
    for (size_t i = 0; i < big_n; i++)
        big[i] = (char)('A' + i % 26);
    big[big_n] = '\0';

    long n1 = 0, n2 = 0, n4 = 0;
    int e1 = -2, e2 = -2, e4 = -2;
    char *one = written(1, big, &n1, &e1), *two = written(2, big, &n2, &e2),
         *four = written(4, big, &n4, &e4);
    check(one && e1 == 0 && n1 > 3000000, "one thread: about 3 MB written, jw_end 0");
    check(two && e2 == 0 && n2 == n1 && memcmp(one, two, (size_t)n1) == 0,
          "with the writing thread (jobs 2): the same bytes in the same order");
    check(four && e4 == 0 && n4 == n1 && memcmp(one, four, (size_t)n1) == 0, "jobs 4: the same");
    free(one);
    free(two);
    free(four);

    /* a file size limit: the writing thread's write fails; jw_end says so, with EFBIG */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 1000000;
    setrlimit(RLIMIT_FSIZE, &lim);
    for (int jobs = 1; jobs <= 2; jobs++) {
        FILE *f = tmpfile();
        jw_t *w = jw_new(f, jobs);
        for (int k = 0; k < 3; k++)
            jw_puts(w, big);
        errno = 0;
        int end = jw_end(w);
        int err = errno;
        char what[120];
        snprintf(what, sizeof what, "jobs %d: a write past the size limit: jw_end -1, errno EFBIG",
                 jobs);
        check(end == -1 && err == EFBIG, what);
        fclose(f);
    }
    setrlimit(RLIMIT_FSIZE, &old);
    free(big);
    return failed;
}
