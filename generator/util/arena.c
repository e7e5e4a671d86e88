/* arena.c - a list of large blocks; allocation is a pointer bump. */
#include "arena.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#ifndef ARENA_BLOCK /* the fuzz build makes it smaller (Makefile, tests/fuzz/fuzz_ingest.c) */
#define ARENA_BLOCK (1u << 20)
#endif

struct arena_block {
    arena_block_t *next;
    size_t used, size;
    max_align_t data[];
};

void *arena_alloc(arena_t *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    arena_block_t *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        b = xmalloc(sizeof *b + size);
        b->used = 0;
        b->size = size;
        if (size == n && a->head) { /* a big one: keep the current block in front */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena_t *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena_t *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

void arena_free(arena_t *a)
{
    arena_block_t *b = a->head;
    while (b) {
        arena_block_t *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->total = 0;
}

void arena_adopt(arena_t *dst, arena_t *src)
{
    arena_block_t *tail = src->head;
    if (!tail)
        return;
    while (tail->next)
        tail = tail->next;
    if (dst->head) { /* behind dst's current block, which goes on serving allocations */
        tail->next = dst->head->next;
        dst->head->next = src->head;
    } else {
        dst->head = src->head;
    }
    dst->total += src->total;
    src->head = NULL;
    src->total = 0;
}
