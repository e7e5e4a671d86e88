/* test_output.c - util/output.c: a file appears whole or not at all, names stay inside. */
#define _DEFAULT_SOURCE
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
    setrlimit(RLIMIT_FSIZE, &old);
    check(strcmp(slurp(path), "first") == 0 && hidden_files(dir) == 0,
          "again the earlier file stays and no temporary is left");

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

    char name[64];
    out_safe_name("../etc/passwd", name, sizeof name);
    check(strcmp(name, "_._etc_passwd") == 0, "a path becomes one harmless name");
    out_safe_name("Caf\xc3\xa9 4412", name, sizeof name);
    check(strcmp(name, "Caf__4412") == 0, "a UTF-8 character becomes one '_'");
    out_safe_name(".hidden", name, sizeof name);
    check(name[0] == '_', "a leading dot becomes '_'");

    char rm[200];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (system(rm) != 0)
        return 1;
    return failed;
}
