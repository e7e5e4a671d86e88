/* slices.c - see slices.h. */
#include "slices.h"

#include <pthread.h>

int slices_for(long n, int jobs, long min)
{
    int ns = jobs < 0 ? -jobs : jobs > 1 && n >= min ? jobs : 1;
    return ns > SLICES_MAX ? SLICES_MAX : ns < 1 ? 1 : ns;
}

void slices_run(int ns, void *(*fn)(void *), void *state, size_t size)
{
    char *s = state;
    pthread_t tid[SLICES_MAX];
    int started[SLICES_MAX] = {0};
    for (int k = 1; k < ns; k++)
        started[k] = pthread_create(&tid[k], NULL, fn, s + (size_t)k * size) == 0;
    fn(s);
    for (int k = 1; k < ns; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            fn(s + (size_t)k * size);
    }
}
