/* hash.c - FNV-1a, linear probing, grown at 50% load. */
#include "hash.h"

#include <stdlib.h>
#include <string.h>

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static long slot(const hash_t *h, const char *key)
{
    if (!h->cap)
        return -1;
    for (size_t i = fnv(key) & (h->cap - 1);; i = (i + 1) & (h->cap - 1)) {
        if (!h->keys[i])
            return -1;
        if (strcmp(h->keys[i], key) == 0)
            return (long)i;
    }
}

long hash_get(const hash_t *h, const char *key)
{
    long i = slot(h, key);
    return i < 0 ? -1 : (long)h->vals[i];
}

const char *hash_key(const hash_t *h, const char *key)
{
    long i = slot(h, key);
    return i < 0 ? NULL : h->keys[i];
}

static int grow(hash_t *h)
{
    size_t cap = h->cap ? h->cap * 2 : 1024;
    const char **keys = calloc(cap, sizeof *keys);
    uint32_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < h->cap; i++) {
        if (!h->keys[i])
            continue;
        size_t j = fnv(h->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = h->keys[i];
        vals[j] = h->vals[i];
    }
    free(h->keys);
    free(h->vals);
    h->keys = keys;
    h->vals = vals;
    h->cap = cap;
    return 0;
}

int hash_put(hash_t *h, const char *key, uint32_t val)
{
    if ((h->len + 1) * 2 > h->cap && grow(h))
        return -1;
    size_t i = fnv(key) & (h->cap - 1);
    for (; h->keys[i]; i = (i + 1) & (h->cap - 1))
        if (strcmp(h->keys[i], key) == 0)
            return 0;
    h->keys[i] = key;
    h->vals[i] = val;
    h->len++;
    return 1;
}

void hash_free(hash_t *h)
{
    free(h->keys);
    free(h->vals);
    memset(h, 0, sizeof *h);
}
