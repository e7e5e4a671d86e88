/* hashed_fd.c - reading a file for libxml2 while hashing it (see hashed_fd.h). */
#define _POSIX_C_SOURCE 200809L
#include "hashed_fd.h"

#include "alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void hashed_fd_init(hashed_fd_t *h, int fd)
{
    hashed_fd_init_range(h, fd, -1, -1, &h->own);
    sha256_init(&h->own);
}

void hashed_fd_init_range(hashed_fd_t *h, int fd, off_t from, off_t to, struct sha256_ctx *sha)
{
    h->fd = fd;
    h->at = from;
    h->end = to;
    h->sha = sha;
    h->buf = NULL;
    h->pos = h->len = 0;
}

/* Reads and hashes into dst: the bytes read, 0 at the end, -1 on an error. */
static ssize_t fill(hashed_fd_t *h, char *dst, size_t size)
{
    ssize_t got;
    if (h->at >= 0) {
        if ((off_t)size > h->end - h->at)
            size = (size_t)(h->end - h->at);
        if (!size)
            return 0;
        do
            got = pread(h->fd, dst, size, h->at);
        while (got < 0 && errno == EINTR);
        if (got == 0) /* the file shrank */
            h->end = h->at;
        h->at += got > 0 ? got : 0;
    } else
        do
            got = read(h->fd, dst, size);
        while (got < 0 && errno == EINTR);
    if (got > 0 && h->sha)
        sha256_update(h->sha, (size_t)got, (const uint8_t *)dst);
    return got;
}

int hashed_fd_read(void *ctx, char *buf, int len)
{
    hashed_fd_t *h = ctx;
    if (len <= 0)
        return 0;
    if (h->pos == h->len) {
        if ((size_t)len >= HASHED_FD_CHUNK) /* a large request goes straight to buf */
            return (int)fill(h, buf, (size_t)len);
        if (!h->buf)
            h->buf = xmalloc(HASHED_FD_CHUNK);
        ssize_t got = fill(h, h->buf, HASHED_FD_CHUNK);
        if (got <= 0)
            return (int)got;
        h->pos = 0;
        h->len = (size_t)got;
    }
    size_t n = h->len - h->pos < (size_t)len ? h->len - h->pos : (size_t)len;
    memcpy(buf, h->buf + h->pos, n);
    h->pos += n;
    return (int)n;
}

int hashed_fd_close(void *ctx)
{
    hashed_fd_t *h = ctx;
    free(h->buf);
    h->buf = NULL;
    h->pos = h->len = 0; /* what was buffered was hashed when it was read */
    return 0;
}

int hashed_fd_finish(hashed_fd_t *h, uint8_t out[SHA256_DIGEST_SIZE])
{
    if (!h->buf) /* what is buffered was hashed when it was read: the rest goes through */
        h->buf = xmalloc(HASHED_FD_CHUNK);
    ssize_t got;
    while ((got = fill(h, h->buf, HASHED_FD_CHUNK)) > 0)
        ;
    hashed_fd_close(h);
    sha256_digest(h->sha, SHA256_DIGEST_SIZE, out);
    return got == 0 ? 0 : -1;
}
