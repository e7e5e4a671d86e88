/* hashed_fd.h - a file's bytes for libxml2's I/O callbacks, each hashed (SHA-256) as it
 * passes, so an input's hash costs no second read.
 *
 * The exports (ingest.c) and the programme definition (program.c) are read this way:
 * hashed_fd_read and hashed_fd_close are xmlInputReadCallback / xmlInputCloseCallback
 * with a hashed_fd_t as context; after the parser, hashed_fd_finish reads and hashes
 * what it left unread (it stops at an error) and gives the digest. A part of a big
 * export (ingest_split.c) reads a range of the file the same way, into a hash of its
 * own or none. The descriptor is the caller's to open and close.
 */
#ifndef PSREPORT_HASHED_FD_H
#define PSREPORT_HASHED_FD_H

#include <nettle/sha2.h>
#include <stdint.h>
#include <sys/types.h>

/* The parser asks for 4,000 bytes at a time: read in 128 KB, the file is 32 times
 * fewer read calls (a million vouchers: 121,000 of them, 1.5 % of the reading's CPU). */
#define HASHED_FD_CHUNK (1 << 17)

typedef struct {
    int fd;
    off_t at, end;           /* a range [at, end), read with pread; at -1: read() to the end */
    struct sha256_ctx *sha;  /* where the bytes read are hashed: &own, the caller's, or NULL */
    struct sha256_ctx own;
    char *buf;               /* HASHED_FD_CHUNK bytes, from the first read to close or finish */
    size_t pos, len;         /* buf[pos, len) was read and hashed, not yet handed out */
} hashed_fd_t;

/* The bytes of fd from its offset to its end, hashed into h's own hash. */
void hashed_fd_init(hashed_fd_t *h, int fd);
/* The bytes [from, to) of fd, hashed into sha (NULL: not hashed). When the file ends
 * before to (it shrank), the range ends there: at == end, and a read returns 0. */
void hashed_fd_init_range(hashed_fd_t *h, int fd, off_t from, off_t to, struct sha256_ctx *sha);
/* Reads up to len bytes into buf (retrying on EINTR) and hashes them: the bytes read,
 * 0 at the end, -1 on an error. */
int hashed_fd_read(void *h, char *buf, int len);
/* Frees the buffer and closes nothing: the descriptor stays the caller's. Returns 0. */
int hashed_fd_close(void *h);
/* For hashed_fd_init's whole file: reads and hashes the rest of it, frees the buffer,
 * then writes the digest to out. Returns 0 when the file was read to its end, -1 when
 * a read failed (out then hashes what was read). */
int hashed_fd_finish(hashed_fd_t *h, uint8_t out[SHA256_DIGEST_SIZE]);

#endif
