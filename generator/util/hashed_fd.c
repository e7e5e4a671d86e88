/* hashed_fd.c - reading a file for libxml2 while hashing it (see hashed_fd.h). */
#define _POSIX_C_SOURCE 200809L
#include "hashed_fd.h"

#include <errno.h>
#include <unistd.h>

void hashed_fd_init(hashed_fd_t *h, int fd)
{
    h->fd = fd;
    sha256_init(&h->sha);
}

int hashed_fd_read(void *ctx, char *buf, int len)
{
    hashed_fd_t *h = ctx;
    ssize_t got;
    do
        got = read(h->fd, buf, (size_t)len);
    while (got < 0 && errno == EINTR);
    if (got > 0)
        sha256_update(&h->sha, (size_t)got, (const uint8_t *)buf);
    return (int)got;
}

int hashed_fd_close(void *ctx)
{
    (void)ctx;
    return 0;
}

int hashed_fd_finish(hashed_fd_t *h, uint8_t out[SHA256_DIGEST_SIZE])
{
    char buf[65536];
    int got;
    while ((got = hashed_fd_read(h, buf, (int)sizeof buf)) > 0)
        ;
    sha256_digest(&h->sha, SHA256_DIGEST_SIZE, out);
    return got == 0 ? 0 : -1;
}
