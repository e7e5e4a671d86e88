/* hash.h - an open-addressing map from strings (borrowed, byte-exact) to indexes.
 *
 * The keys are not copied: they must outlive the map (they live in the model arena).
 */
#ifndef PSREPORT_HASH_H
#define PSREPORT_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct hash hash_t;
/* A map whose keys are found from their values (a record's ID from its index) stores
 * no keys: 8 bytes a slot, not 16. key_of(h, val) returns the key stored with val; h is
 * the map itself, so its owner can find itself from h's address (offsetof). */
typedef const char *hash_key_of_t(const hash_t *h, uint32_t val);

struct hash {
    const char **keys; /* NULL when key_of is set */
    uint32_t *vals;    /* with key_of: UINT32_MAX marks an empty slot */
    uint32_t *hashes; /* compared before the strings: a miss costs no strcmp */
    size_t cap, len;
    hash_key_of_t *key_of; /* NULL: the keys are stored */
};

/* Returns the value for key, or -1. */
long hash_get(const hash_t *h, const char *key);
/* Returns the stored key equal to key, or NULL. */
const char *hash_key(const hash_t *h, const char *key);
/* Inserts key -> val unless key is present. Returns 1 inserted, 0 present. With key_of,
 * key_of(h, val) must return key (or an equal string) from now on. */
int hash_put(hash_t *h, const char *key, uint32_t val);
/* Frees the slots; the map stays usable (empty), key_of kept. */
void hash_free(hash_t *h);

#endif
