/* hash.c - FNV-1a, linear probing, grown at 50% load; each slot keeps its key's hash
 * so probing past other keys compares integers, not strings. A map with key_of set
 * stores no keys (hash.h): an empty slot is one whose value is EMPTY. */
#include "hash.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#define EMPTY UINT32_MAX

static uint32_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (uint32_t)(h ^ (h >> 32));
}

static int used(const hash_t *h, size_t i) { return h->key_of ? h->vals[i] != EMPTY : h->keys[i] != NULL; }

static const char *key_at(const hash_t *h, size_t i)
{
    return h->key_of ? h->key_of(h, h->vals[i]) : h->keys[i];
}

static long slot(const hash_t *h, const char *key)
{
    if (!h->cap)
        return -1;
    uint32_t hv = fnv(key);
    for (size_t i = hv & (h->cap - 1);; i = (i + 1) & (h->cap - 1)) {
        if (!used(h, i))
            return -1;
        if (h->hashes[i] == hv && strcmp(key_at(h, i), key) == 0)
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
    return i < 0 ? NULL : key_at(h, (size_t)i);
}

static void grow(hash_t *h)
{
    size_t cap = h->cap ? h->cap * 2 : 1024;
    const char **keys = h->key_of ? NULL : xcalloc(cap, sizeof *keys);
    uint32_t *vals = xmalloc(cap * sizeof *vals);
    uint32_t *hashes = xcalloc(cap, sizeof *hashes);
    memset(vals, 0xff, cap * sizeof *vals); /* EMPTY */
    for (size_t i = 0; i < h->cap; i++) {
        if (!used(h, i))
            continue;
        size_t j = h->hashes[i] & (cap - 1);
        while (keys ? keys[j] != NULL : vals[j] != EMPTY)
            j = (j + 1) & (cap - 1);
        if (keys)
            keys[j] = h->keys[i];
        vals[j] = h->vals[i];
        hashes[j] = h->hashes[i];
    }
    free(h->keys);
    free(h->vals);
    free(h->hashes);
    h->keys = keys;
    h->vals = vals;
    h->hashes = hashes;
    h->cap = cap;
}

int hash_put(hash_t *h, const char *key, uint32_t val)
{
    if ((h->len + 1) * 2 > h->cap)
        grow(h);
    uint32_t hv = fnv(key);
    size_t i = hv & (h->cap - 1);
    for (; used(h, i); i = (i + 1) & (h->cap - 1))
        if (h->hashes[i] == hv && strcmp(key_at(h, i), key) == 0)
            return 0;
    if (h->keys)
        h->keys[i] = key;
    h->vals[i] = val;
    h->hashes[i] = hv;
    h->len++;
    return 1;
}

void hash_free(hash_t *h)
{
    free(h->keys);
    free(h->vals);
    free(h->hashes);
    hash_key_of_t *key_of = h->key_of;
    memset(h, 0, sizeof *h);
    h->key_of = key_of; /* a property of the map, kept for its next use */
}
