/* arena.h - bump allocation for the model's millions of small records and strings.
 *
 * Everything allocated from an arena lives until arena_free; nothing is freed alone.
 * Allocation never returns NULL: out of memory ends the run (util/alloc.h).
 */
#ifndef PSREPORT_ARENA_H
#define PSREPORT_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block_t;
typedef struct {
    arena_block_t *head;
    size_t total; /* bytes handed out, for -v statistics */
} arena_t;

void *arena_alloc(arena_t *a, size_t n);          /* zeroed, 8-byte aligned */
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_strdup(arena_t *a, const char *s);  /* NULL stays NULL */
void arena_free(arena_t *a);
/* Moves every block of src into dst (its allocations now live as long as dst's). */
void arena_adopt(arena_t *dst, arena_t *src);

#endif
