/* progress.c - "\r" redraws of one line; the estimate is elapsed * (total/done - 1). */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <time.h>

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_start(progress_t *p, int on, const char *what, double total)
{
    p->on = on;
    p->what = what;
    p->total = total;
    p->t0 = p->last = now_seconds();
    p->drawn = 0;
}

void progress_update(progress_t *p, double done, long count, const char *label)
{
    if (!p->on)
        return;
    double t = now_seconds();
    if (t - p->last < 0.1 && p->drawn)
        return;
    p->last = t;
    p->drawn = 1;
    double frac = p->total > 0 ? done / p->total : 0;
    if (frac > 1)
        frac = 1;
    char bar[31];
    int full = (int)(frac * 30);
    for (int i = 0; i < 30; i++)
        bar[i] = i < full ? '#' : '.';
    bar[30] = '\0';
    double elapsed = t - p->t0;
    if (frac > 0.01) {
        double left = elapsed * (1 / frac - 1);
        fprintf(stderr, "\r%-8s [%s] %3.0f%% %ld %s, %.0fs left   ", p->what, bar, frac * 100,
                count, label, left);
    } else {
        fprintf(stderr, "\r%-8s [%s] %ld %s   ", p->what, bar, count, label);
    }
    fflush(stderr);
}

void progress_end(progress_t *p)
{
    if (p->on && p->drawn) {
        fprintf(stderr, "\r%-70s\r", "");
        fflush(stderr);
    }
    p->drawn = 0;
}
