/* test_hashed_fd.c - a file read for libxml2 while it is hashed: the digest is that of
 * the whole file however the parser read it, and a read error is told apart. */
#define _POSIX_C_SOURCE 200809L
#include "util/hashed_fd.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - hashed_fd: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static void digest_of(const char *data, size_t n, uint8_t out[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, n, (const uint8_t *)data);
    sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

/* A temporary file holding data, open for reading (unlinked at once). */
static int file_of(const char *data, size_t n)
{
    char path[] = "/tmp/test_hashed_fd.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, data, n) != (ssize_t)n || lseek(fd, 0, SEEK_SET) != 0) {
        perror("temporary file");
        exit(2);
    }
    unlink(path);
    return fd;
}

int main(void)
{
    enum { N = 200000 }; /* more than hashed_fd_finish reads at once */
    char *data = malloc(N);
    for (size_t i = 0; i < N; i++)
        data[i] = (char)('a' + i * 7 % 26);
    uint8_t want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
    digest_of(data, N, want);

    /* the parser stops early (an error): the rest is read and hashed by finish */
    hashed_fd_t h;
    int fd = file_of(data, N);
    hashed_fd_init(&h, fd);
    char buf[1000];
    int n1 = hashed_fd_read(&h, buf, (int)sizeof buf), n2 = hashed_fd_read(&h, buf, 10);
    check(n1 == 1000 && n2 == 10, "a read returns the bytes read");
    check(hashed_fd_finish(&h, got) == 0, "finish after a partial read reaches the end");
    check(memcmp(got, want, sizeof want) == 0, "the digest is the whole file's after a partial read");
    check(hashed_fd_close(&h) == 0 && fcntl(fd, F_GETFD) != -1, "close leaves the descriptor open");
    close(fd);

    /* the parser read everything: finish has nothing left */
    fd = file_of(data, N);
    hashed_fd_init(&h, fd);
    while (hashed_fd_read(&h, buf, (int)sizeof buf) > 0)
        ;
    check(hashed_fd_finish(&h, got) == 0 && memcmp(got, want, sizeof want) == 0,
          "the digest is the whole file's after a full read");
    close(fd);

    /* the parser's 4,000-byte requests across the 128 KB chunks: every byte once, in
     * order, a request cut short only where a chunk ends */
    fd = file_of(data, N);
    hashed_fd_init(&h, fd);
    char *back = malloc(N + 4000);
    size_t have = 0;
    int r, short_reads = 0;
    while ((r = hashed_fd_read(&h, back + have, 4000)) > 0) {
        short_reads += r < 4000;
        have += (size_t)r;
    }
    check(have == N && memcmp(back, data, N) == 0, "4,000-byte requests: every byte once, in file order");
    check(short_reads == (N + HASHED_FD_CHUNK - 1) / HASHED_FD_CHUNK,
          "a request is cut short only at the end of a chunk");
    check(hashed_fd_finish(&h, got) == 0 && memcmp(got, want, sizeof want) == 0,
          "the digest is the whole file's across chunks");
    close(fd);

    /* a request larger than a chunk, once the buffered bytes are handed out */
    fd = file_of(data, N);
    hashed_fd_init(&h, fd);
    int n3 = hashed_fd_read(&h, back, 10);
    have = (size_t)n3;
    while ((size_t)(r = hashed_fd_read(&h, back + have, 4000)) > 0 && have + (size_t)r < HASHED_FD_CHUNK)
        have += (size_t)r;
    have += (size_t)r; /* the chunk's last bytes */
    r = hashed_fd_read(&h, back + have, N - (int)have);
    check(n3 == 10 && have == HASHED_FD_CHUNK && r == N - (int)have && memcmp(back, data, N) == 0,
          "a request larger than a chunk is read into the caller's buffer, in order");
    check(hashed_fd_finish(&h, got) == 0 && memcmp(got, want, sizeof want) == 0,
          "and the digest is still the whole file's");
    free(back);
    close(fd);

    /* a range of the file (a part of a split export), hashed into the caller's context;
     * a range past the end of the file ends where the file does */
    fd = file_of(data, N);
    struct sha256_ctx part;
    sha256_init(&part);
    hashed_fd_init_range(&h, fd, 10, 150010, &part);
    back = malloc(N);
    have = 0;
    while ((r = hashed_fd_read(&h, back + have, 4000)) > 0)
        have += (size_t)r;
    uint8_t part_got[SHA256_DIGEST_SIZE], part_want[SHA256_DIGEST_SIZE];
    sha256_digest(&part, SHA256_DIGEST_SIZE, part_got);
    digest_of(data + 10, 150000, part_want);
    check(have == 150000 && memcmp(back, data + 10, 150000) == 0 &&
              memcmp(part_got, part_want, sizeof part_want) == 0 && h.at == 150010,
          "a range: its bytes only, in order, hashed into the caller's context");
    hashed_fd_close(&h);
    hashed_fd_init_range(&h, fd, N - 100, N + 5000, NULL);
    have = 0;
    while ((r = hashed_fd_read(&h, back + have, 4000)) > 0)
        have += (size_t)r;
    check(r == 0 && have == 100 && h.at == N && h.end == N && memcmp(back, data + N - 100, 100) == 0,
          "a range past the file's end ends there (at == end), unhashed");
    hashed_fd_close(&h);
    free(back);
    close(fd);

    /* an empty file: the digest of nothing */
    fd = file_of("", 0);
    hashed_fd_init(&h, fd);
    digest_of("", 0, want);
    check(hashed_fd_read(&h, buf, (int)sizeof buf) == 0, "a read at the end returns 0");
    check(hashed_fd_finish(&h, got) == 0 && memcmp(got, want, sizeof want) == 0,
          "an empty file has the digest of nothing");
    close(fd);

    /* a descriptor that cannot be read: finish says so */
    hashed_fd_init(&h, -1);
    check(hashed_fd_read(&h, buf, (int)sizeof buf) == -1, "a failed read returns -1");
    check(hashed_fd_finish(&h, got) == -1, "finish reports a file not read to its end");

    free(data);
    return failed;
}
