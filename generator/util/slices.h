/* slices.h - a loop over n items cut into slices, one thread each (the evaluation's
 * vouchers, the trend's replays): the caller owns the slices' state, an array of
 * structs; slice 0 runs on the calling thread, and a slice whose thread cannot start
 * runs there too, after it. Each slice must touch only its own state and items.
 */
#ifndef PSREPORT_SLICES_H
#define PSREPORT_SLICES_H

#include <stddef.h>

#define SLICES_MAX 8

/* How many slices for n items at -j jobs: jobs (at most SLICES_MAX) when jobs > 1 and
 * there are at least min items, else 1; -jobs when jobs < 0, whatever n (for the tests).
 * Slice k of ns then holds items [n * k / ns, n * (k + 1) / ns). */
int slices_for(long n, int jobs, long min);
/* Runs fn(state + k * size) for every k of ns, on threads, and returns when all ended. */
void slices_run(int ns, void *(*fn)(void *), void *state, size_t size);

#endif
