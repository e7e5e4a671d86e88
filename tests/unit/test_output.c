/* test_output.c - util/output.c: a file appears whole or not at all, names stay inside. */
#define _DEFAULT_SOURCE
#include "util/output.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

    char name[64];
    out_safe_name("../etc/passwd", name, sizeof name);
    check(strcmp(name, "_._etc_passwd") == 0, "a path becomes one harmless name");
    out_safe_name("Caf\xc3\xa9 4412", name, sizeof name);
    check(strcmp(name, "Caf__4412") == 0, "a UTF-8 character becomes one '_'");
    out_safe_name(".hidden", name, sizeof name);
    check(name[0] == '_', "a leading dot becomes '_'");

    unlink(path);
    rmdir(dir);
    return failed;
}
