/* test_output.c - util/output.c: a file appears whole or not at all, names stay inside. */
#define _DEFAULT_SOURCE
#include "report_write.h"
#include "util/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - output: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int hidden_files(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *de; d && (de = readdir(d));)
        n += de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

/* A directory handle on dir (one per call: the checks using it close nothing). */
static int root_fd_for_tests(const char *dir)
{
    static int fd = -1;
    if (fd < 0)
        fd = open(dir, O_RDONLY | O_DIRECTORY);
    return fd;
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

int main(void)
{
    char dir[] = "/tmp/psreport-test-output-XXXXXX", path[128];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/report.txt", dir);

    outfile_t o;
    check(out_begin(&o, path) == 0, "out_begin opens a temporary file");
    check(access(path, F_OK) != 0 && hidden_files(dir) == 1, "while writing, only a hidden temporary exists");
    fputs("first", o.f);
    check(out_commit(&o) == 0 && strcmp(slurp(path), "first") == 0 && hidden_files(dir) == 0,
          "out_commit renames the whole file into place");

    check(out_begin(&o, path) == 0, "a second writing begins");
    fputs("half", o.f);
    out_abort(&o);
    check(strcmp(slurp(path), "first") == 0 && hidden_files(dir) == 0,
          "out_abort removes the temporary; the earlier file is untouched");

    /* a write that fails (a file size limit, as on a full disk) is never renamed */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, lim = {1000, 1000};
    getrlimit(RLIMIT_FSIZE, &old);
    lim.rlim_max = old.rlim_max;
    setrlimit(RLIMIT_FSIZE, &lim);
    check(out_begin(&o, path) == 0, "writing under a 1000-byte file size limit begins");
    for (int i = 0; i < 1000; i++) /* past stdio's buffer: a write fails on the way */
        fputs("0123456789", o.f);
    check(ferror(o.f) && out_commit(&o) == -1, "out_commit fails when a write failed");
    check(strcmp(slurp(path), "first") == 0 && hidden_files(dir) == 0,
          "the failed file is removed, the earlier file stays");
    check(out_begin(&o, path) == 0, "again, with less than stdio buffers");
    for (int i = 0; i < 300; i++) /* 3000 bytes, still in the buffer: the flush fails */
        fputs("0123456789", o.f);
    check(!ferror(o.f) && out_commit(&o) == -1, "out_commit fails when the flush fails");
    /* the first half of a commit says the same failures, and leaves the file to out_abort */
    check(out_begin(&o, path) == 0, "a file whose commit will start, under the limit");
    for (int i = 0; i < 1000; i++)
        fputs("0123456789", o.f);
    errno = 0;
    check(ferror(o.f) && out_commit_start(&o) == -1 && errno == EIO, "out_commit_start fails (EIO) when a write failed");
    out_abort(&o);
    check(out_begin(&o, path) == 0, "again, the flush to fail");
    for (int i = 0; i < 300; i++)
        fputs("0123456789", o.f);
    errno = 0;
    check(!ferror(o.f) && out_commit_start(&o) == -1 && errno == EFBIG, "out_commit_start fails (EFBIG) when the flush fails");
    out_abort(&o);
    setrlimit(RLIMIT_FSIZE, &old);
    check(strcmp(slurp(path), "first") == 0 && hidden_files(dir) == 0,
          "again the earlier file stays and no temporary is left");

    /* a commit in two halves: after out_commit_start the file is written out but still
     * hidden; other files begin and end meanwhile; out_commit puts it in place */
    outfile_t w1, w2;
    check(out_begin(&w1, path) == 0, "a file whose commit waits begins");
    fputs("waited", w1.f);
    check(out_commit_start(&w1) == 0 && strcmp(slurp(path), "first") == 0 && hidden_files(dir) == 1,
          "out_commit_start: the data is out of stdio, the file still hidden, the earlier one in place");
    struct stat st;
    check(fstat(fileno(w1.f), &st) == 0 && st.st_size == 6, "... and written to the temporary (6 bytes)");
    char other[200];
    snprintf(other, sizeof other, "%s/other.txt", dir);
    check(out_begin(&w2, other) == 0 && fputs("meanwhile", w2.f) >= 0 && out_commit(&w2) == 0 &&
              strcmp(slurp(other), "meanwhile") == 0,
          "another file is written and committed while it waits");
    check(out_commit(&w1) == 0 && strcmp(slurp(path), "waited") == 0 && hidden_files(dir) == 0,
          "out_commit after out_commit_start renames it into place");
    unlink(other);

    /* write-behind for a large file: nothing below OUT_BEHIND bytes past the mark; at it,
     * the bytes leave stdio for the file and the mark moves to their end; a pipe is left
     * alone */
    outfile_t large;
    check(out_begin(&large, path) == 0, "a large file begins");
    char *block = malloc(1 << 20);
    memset(block, 'x', 1 << 20);
    long long mark = 0;
    for (int k = 0; k < 7; k++)
        fwrite(block, 1, 1 << 20, large.f);
    fputs("tail", large.f); /* left in stdio's buffer */
    out_write_behind(large.f, &mark);
    check(mark == 0 && fstat(fileno(large.f), &st) == 0 && st.st_size < 7L * (1 << 20) + 4,
          "7 MB past the mark: no flush, the mark stays");
    fwrite(block, 1, 1 << 20, large.f);
    out_write_behind(large.f, &mark);
    check(mark == 8L * (1 << 20) + 4 && fstat(fileno(large.f), &st) == 0 && st.st_size == mark,
          "8 MB past it: flushed to the file, the mark at its end");
    fwrite(block, 1, 1 << 20, large.f);
    out_write_behind(large.f, &mark);
    check(mark == 8L * (1 << 20) + 4, "1 MB past the new mark: it stays");
    check(out_commit(&large) == 0 && stat(path, &st) == 0 && st.st_size == 9L * (1 << 20) + 4,
          "the file is committed whole (9 MB and 4 bytes)");
    int fds[2];
    check(pipe(fds) == 0, "a pipe");
    FILE *p = fdopen(fds[1], "w");
    long long pmark = 0;
    for (int k = 0; k < 8; k++)
        fwrite(block, 1, 4096, p); /* 32 KB: what the pipe holds without a reader */
    out_write_behind(p, &pmark);
    check(pmark == 0, "a pipe: left alone (no position)");
    fclose(p);
    close(fds[0]);
    free(block);

    /* temporaries: unpredictable names, never through a planted link */
    outfile_t a, b;
    check(out_begin(&a, path) == 0 && out_begin(&b, path) == 0 && strcmp(a.tmp, b.tmp) != 0 &&
              out_is_tmp_name(a.tmp) && out_is_tmp_name(b.tmp),
          "two temporaries of one file have different random names of psreport's form");
    out_abort(&a);
    out_abort(&b);
    check(!out_is_tmp_name(".notes.tmp42") && !out_is_tmp_name("a.psreport.tmp0123456789ab") &&
              !out_is_tmp_name(".x.psreport.tmp0123") && out_is_tmp_name(".x.psreport.tmp0123456789ab"),
          "only psreport's temporary names count as its temporaries");
    char sub[160], victim[160];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    check(mkdir(victim, 0777) == 0 && symlink(victim, sub) == 0, "a symlinked subdirectory is planted");
    int root = open(dir, O_RDONLY | O_DIRECTORY);
    errno = 0;
    check(out_subdir(root, "sub") < 0 && (errno == ELOOP || errno == ENOTDIR),
          "out_subdir refuses a symlink (ENOTDIR with O_DIRECTORY, else ELOOP)");
    int real = out_subdir(root, "real");
    check(real >= 0 && out_begin_at(&a, real, "x.txt") == 0, "out_subdir makes and opens a real one");
    fputs("x", a.f);
    check(out_commit(&a) == 0, "a file written in it is committed");
    char long_name[300];
    memset(long_name, 'n', 256);
    long_name[256] = '\0';
    errno = 0;
    check(out_begin_at(&a, real, long_name) == -1 && errno == ENAMETOOLONG,
          "a name over 255 bytes is refused, not cut");
    close(real);
    close(root);
    char big[5000];
    memset(big, 'd', sizeof big - 1);
    big[0] = '/';
    big[sizeof big - 1] = '\0';
    errno = 0;
    check(out_mkdir(big) == -1 && errno == ENAMETOOLONG, "a directory path over 4095 bytes is refused, not cut");

    /* the edges of out_begin / out_begin_at: refused names, missing directories */
    errno = 0;
    check(out_begin_at(&a, root_fd_for_tests(dir), "") == -1 && errno == EINVAL,
          "an empty name is refused (EINVAL)");
    errno = 0;
    check(out_begin_at(&a, root_fd_for_tests(dir), "a/b") == -1 && errno == EINVAL,
          "a name with a slash is refused (EINVAL): one path component only");
    errno = 0;
    check(out_begin_at(&a, -1, "x.txt") == -1 && errno == EBADF && hidden_files(dir) == 0,
          "a bad directory handle: -1 with its errno, no retry loop, nothing left");
    char missing[200];
    snprintf(missing, sizeof missing, "%s/no-such-dir/x.txt", dir);
    errno = 0;
    check(out_begin(&a, missing) == -1 && errno == ENOENT, "out_begin in a missing directory: ENOENT");
    errno = 0;
    check(out_begin(&a, "/") == -1 && errno == EINVAL, "out_begin(\"/\"): no name, EINVAL (the root opened and closed)");
    char far[4200];
    memset(far, 'p', sizeof far - 1);
    far[0] = '/';
    far[4150] = '/';
    far[sizeof far - 1] = '\0';
    errno = 0;
    check(out_begin(&a, far) == -1 && errno == ENAMETOOLONG, "out_begin with a 4150-byte directory: ENAMETOOLONG, not cut");
    /* a relative name: the current directory */
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd) || chdir(dir) != 0)
        return 1;
    check(out_begin(&a, "rel.txt") == 0, "out_begin with a bare name writes in the current directory");
    fputs("rel", a.f);
    check(out_commit(&a) == 0 && strcmp(slurp("rel.txt"), "rel") == 0, "... and commits there");
    if (chdir(cwd) != 0)
        return 1;
    /* a name near the 255-byte limit: its temporary keeps the head of the name */
    char near[251];
    memset(near, 'n', sizeof near - 1);
    near[sizeof near - 1] = '\0';
    int rootfd = open(dir, O_RDONLY | O_DIRECTORY);
    check(out_begin_at(&a, rootfd, near) == 0 && strlen(a.tmp) <= 255 && out_is_tmp_name(a.tmp),
          "a 250-byte name: its temporary fits in 255 bytes and is psreport's");
    fputs("near", a.f);
    char near_path[600];
    snprintf(near_path, sizeof near_path, "%s/%s", dir, near);
    check(out_commit(&a) == 0 && strcmp(slurp(near_path), "near") == 0, "... and is renamed to the whole name");

    /* every step of out_commit failing: the first error is kept, nothing renamed */
    check(out_begin_at(&a, rootfd, "broken.txt") == 0, "a file whose descriptor is closed behind stdio");
    fputs("lost", a.f);
    close(fileno(a.f)); /* the flush, the fsync and the close all fail (EBADF) */
    char broken[200];
    snprintf(broken, sizeof broken, "%s/broken.txt", dir);
    errno = 0;
    int committed = out_commit(&a), e = errno;
    check(committed == -1 && e == EBADF && access(broken, F_OK) != 0 && hidden_files(dir) == 0,
          "flush, fsync and close all failing: -1 with the first error, no file, no temporary");

    /* the signal handler's clean-up: every registered temporary, in every directory */
    int sub1 = out_subdir(rootfd, "s1"), sub2 = out_subdir(rootfd, "s2");
    outfile_t t1, t2, t3;
    check(out_begin_at(&t1, sub1, "same.txt") == 0 && out_begin_at(&t2, sub2, "same.txt") == 0 &&
              out_begin_at(&t3, sub1, "other.txt") == 0,
          "three temporaries in two directories (two of one name)");
    fputs("3", t3.f);
    check(out_commit(&t3) == 0, "one of them is committed (unregistered)");
    out_cleanup_signal();
    char s1[200], s2[200];
    snprintf(s1, sizeof s1, "%s/s1", dir);
    snprintf(s2, sizeof s2, "%s/s2", dir);
    check(hidden_files(s1) == 0 && hidden_files(s2) == 0, "out_cleanup_signal removes the others' temporaries");
    snprintf(s1, sizeof s1, "%s/s1/other.txt", dir);
    check(strcmp(slurp(s1), "3") == 0, "... and leaves the committed file");
    fclose(t1.f);
    fclose(t2.f);
    /* more temporaries at once than the registry holds: each still works */
    outfile_t many[20];
    int began = 0;
    for (int i = 0; i < 20; i++)
        began += out_begin_at(&many[i], sub1, "many.txt") == 0;
    for (int i = 0; i < 20; i++)
        out_abort(&many[i]);
    snprintf(s1, sizeof s1, "%s/s1", dir);
    check(began == 20 && hidden_files(s1) == 0,
          "20 temporaries at once (the signal registry holds 16): all begin, all aborted cleanly");
    close(sub1);
    close(sub2);

    /* out_subdir and out_mkdir refuse what they cannot make, and never cut */
    errno = 0;
    check(out_subdir(rootfd, long_name) == -1 && errno == ENAMETOOLONG, "out_subdir: a name over 255 bytes, ENAMETOOLONG");
    char file_path[200], below[220];
    snprintf(file_path, sizeof file_path, "%s/plain", dir);
    FILE *pf = fopen(file_path, "w");
    if (pf)
        fclose(pf);
    errno = 0;
    check(out_mkdir(file_path) == -1 && errno == ENOTDIR, "out_mkdir on a file: ENOTDIR");
    snprintf(below, sizeof below, "%s/plain/sub", dir);
    errno = 0;
    check(out_mkdir(below) == -1 && errno == ENOTDIR, "out_mkdir below a file: ENOTDIR");
    close(rootfd);

    char name[64];
    out_safe_name("abcdef", name, 4);
    check(strcmp(name, "abc") == 0, "out_safe_name stops at its buffer, terminated");
    check(!out_is_tmp_name(".psreport.tmp0123456789ab") && !out_is_tmp_name(".x.psreport.tmp0123456789aZ") &&
              !out_is_tmp_name("x"),
          "not temporaries: no NAME before the tag, a non-hex digit, no leading dot");
    out_safe_name("../etc/passwd", name, sizeof name);
    check(strcmp(name, "_._etc_passwd") == 0, "a path becomes one harmless name");
    out_safe_name("Caf\xc3\xa9 4412", name, sizeof name);
    check(strcmp(name, "Caf__4412") == 0, "a UTF-8 character becomes one '_'");
    out_safe_name(".hidden", name, sizeof name);
    check(name[0] == '_', "a leading dot becomes '_'");

    /* report_own_files: psreport's own files at the top of an output directory, up to max */
    char own_dir[200], own_path[260];
    snprintf(own_dir, sizeof own_dir, "%s/own", dir);
    const char *own_names[] = {"findings.json", "program.pdf", "index.html", "notes.json"};
    check(mkdir(own_dir, 0777) == 0, "an output directory with findings.json, program.pdf, "
          "index.html and a user's notes.json");
    for (int i = 0; i < 4; i++) {
        snprintf(own_path, sizeof own_path, "%s/%s", own_dir, own_names[i]);
        FILE *of = fopen(own_path, "w");
        if (of)
            fclose(of);
    }
    snprintf(own_path, sizeof own_path, "%s/findings.csv", own_dir);
    if (symlink("findings.json", own_path) != 0)
        return 1;
    struct stat own[8];
    check(report_own_files(own_dir, own, 8) == 3, "report_own_files finds the 3 files psreport "
          "writes, not the user's file nor a symlink");
    check(report_own_files(own_dir, own, 2) == 2, "... and no more than max of them");
    check(report_own_files(file_path, own, 8) == 0, "... none in what is not a directory");

    char rm[200];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (system(rm) != 0)
        return 1;
    return failed;
}
