/* progress.h - a one-line progress bar on stderr, only when asked (a terminal or
 * --progress) and never with --no-progress. Redraws at most ten times a second. */
#ifndef PSREPORT_PROGRESS_H
#define PSREPORT_PROGRESS_H

typedef struct {
    int on;
    const char *what;
    double total;  /* in the unit of done; 0 = unknown */
    double t0, last;
    int drawn;
} progress_t;

void progress_start(progress_t *p, int on, const char *what, double total);
/* done so far; label = what the count means ("records", "reports") */
void progress_update(progress_t *p, double done, long count, const char *label);
void progress_end(progress_t *p);
/* seconds on the monotonic clock */
double now_seconds(void);

#endif
