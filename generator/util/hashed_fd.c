/* hashed_fd.c - reading a file for libxml2 while hashing it (see hashed_fd.h). */
#define _POSIX_C_SOURCE 200809L
#include "hashed_fd.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void hashed_fd_init(hashed_fd_t *h, int fd)
{
    h->fd = fd;
    h->pos = h->len = 0;
    sha256_init(&h->sha);
}

/* Reads and hashes into dst: the bytes read, 0 at the end, -1 on an error. */
static ssize_t fill(hashed_fd_t *h, char *dst, size_t size)
{
    ssize_t got;
    do
        got = read(h->fd, dst, size);
    while (got < 0 && errno == EINTR);
    if (got > 0)
        sha256_update(&h->sha, (size_t)got, (const uint8_t *)dst);
    return got;
}

int hashed_fd_read(void *ctx, char *buf, int len)
{
    hashed_fd_t *h = ctx;
    if (len <= 0)
        return 0;
    if (h->pos == h->len) {
        if ((size_t)len >= sizeof h->buf) /* a large request goes straight to buf */
            return (int)fill(h, buf, (size_t)len);
        ssize_t got = fill(h, h->buf, sizeof h->buf);
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
    (void)ctx;
    return 0;
}

int hashed_fd_finish(hashed_fd_t *h, uint8_t out[SHA256_DIGEST_SIZE])
{
    ssize_t got; /* what is buffered was hashed when it was read */
    while ((got = fill(h, h->buf, sizeof h->buf)) > 0)
        ;
    h->pos = h->len = 0;
    sha256_digest(&h->sha, SHA256_DIGEST_SIZE, out);
    return got == 0 ? 0 : -1;
}
