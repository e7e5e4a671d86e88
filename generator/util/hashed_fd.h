/* hashed_fd.h - a file's bytes for libxml2's I/O callbacks, each hashed (SHA-256) as it
 * passes, so an input's hash costs no second read.
 *
 * The exports (ingest.c) and the programme definition (program.c) are read this way:
 * hashed_fd_read and hashed_fd_close are xmlInputReadCallback / xmlInputCloseCallback
 * with a hashed_fd_t as context; after the parser, hashed_fd_finish reads and hashes
 * what it left unread (it stops at an error) and gives the digest. The descriptor is the
 * caller's to open and close.
 */
#ifndef PSREPORT_HASHED_FD_H
#define PSREPORT_HASHED_FD_H

#include <nettle/sha2.h>
#include <stdint.h>

/* The parser asks for 4,000 bytes at a time: read in 128 KB, the file is 32 times
 * fewer read calls (a million vouchers: 121,000 of them, 1.5 % of the reading's CPU). */
#define HASHED_FD_CHUNK (1 << 17)

typedef struct {
    int fd;
    size_t pos, len; /* buf[pos, len) was read and hashed, not yet handed out */
    struct sha256_ctx sha;
    char buf[HASHED_FD_CHUNK];
} hashed_fd_t;

/* Starts hashing the bytes read from fd. */
void hashed_fd_init(hashed_fd_t *h, int fd);
/* Reads up to len bytes into buf (retrying on EINTR) and hashes them: the bytes read,
 * 0 at the end, -1 on an error. */
int hashed_fd_read(void *h, char *buf, int len);
/* Closes nothing: the descriptor stays the caller's. Returns 0. */
int hashed_fd_close(void *h);
/* Reads and hashes the rest of the file, then writes the digest to out. Returns 0 when
 * the file was read to its end, -1 when a read failed (out then hashes what was read). */
int hashed_fd_finish(hashed_fd_t *h, uint8_t out[SHA256_DIGEST_SIZE]);

#endif
