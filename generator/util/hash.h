/* hash.h - an open-addressing map from strings (borrowed, byte-exact) to indexes.
 *
 * The keys are not copied: they must outlive the map (they live in the model arena).
 */
#ifndef PSREPORT_HASH_H
#define PSREPORT_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char **keys;
    uint32_t *vals;
    uint32_t *hashes; /* compared before the strings: a miss costs no strcmp */
    size_t cap, len;
} hash_t;

/* Returns the value for key, or -1. */
long hash_get(const hash_t *h, const char *key);
/* Returns the stored key equal to key, or NULL. */
const char *hash_key(const hash_t *h, const char *key);
/* Inserts key -> val unless key is present. Returns 1 inserted, 0 present. */
int hash_put(hash_t *h, const char *key, uint32_t val);
void hash_free(hash_t *h);

#endif
