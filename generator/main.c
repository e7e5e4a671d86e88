/* main.c - the command line of cli.md, and nothing else.
 *
 * main() reads the options (parse_args fills an options_t), then runs: run() finds the
 * data directory (templates, schemas, default program) and drives the pipeline,
 * ingest -> evaluate -> outputs, one stage function each. Exit codes are decided here
 * only: 0 written, 1 --fail-on findings, 2 usage, 3 input problems, 4 output failure.
 */
#define _DEFAULT_SOURCE
#include "baseline.h"
#include "evaluate.h"
#include "ingest.h"
#include "messages.h"
#include "program.h"
#include "render.h"
#include "report_write.h"
#include "trend.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/output.h"
#include "util/progress.h"

#include <dirent.h>
#include <getopt.h>
#include <libxml/parser.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef PSREPORT_DATADIR
#define PSREPORT_DATADIR "/usr/local/share/psreport"
#endif

enum { EXIT_WRITTEN = 0, EXIT_FAIL_ON = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_OUTPUT = 4 };

typedef enum { FAIL_NEVER, FAIL_ERROR, FAIL_WARNING, FAIL_COUNT } fail_on_t;
static const char *const fail_on_names[FAIL_COUNT] = {"never", "error", "warning"};

/* Everything the command line says. */
typedef struct {
    output_opts_t out;        /* what to write, where (partners: owned, the IDs: argv's) */
    const char *program_path; /* --program; NULL: a <program> among the inputs, else the shipped one */
    const char *lang;
    const char *baseline;     /* --baseline FILE, or NULL */
    int as_of;                /* DATE_NONE: the latest 'exported' date of the inputs */
    fail_on_t fail_on;
    int strict, quiet, verbose;
    char **inputs;            /* the FILE|DIR arguments (argv's) */
    int n_inputs;
    long long generated;      /* the reports' generation time (generation_time) */
} options_t;

static void usage(FILE *f)
{
    fputs("Usage: psreport [OPTIONS] FILE|DIR...\n"
          "Checks Planning Services partner and voucher exports against the programme's\n"
          "rules and writes compliance reports and findings in the formats below.\n"
          "A DIR means every *.xml in it (not recursive).\n"
          "\n"
          "  -o, --output DIR       where reports are written (default: output/)\n"
          "      --as-of DATE       report date YYYY-MM-DD (default: latest 'exported' date)\n"
          "      --program FILE     program definition (default: the shipped one)\n"
          "      --format LIST      any of",
          f);
    for (int i = 0; i < n_formats; i++)
        fprintf(f, "%s%s", i ? "," : " ", formats[i].name);
    fputs(" (default:", f);
    for (int i = 0, n = 0; i < n_formats; i++)
        if (formats[i].by_default)
            fprintf(f, "%s%s", n++ ? "," : " ", formats[i].name);
    fputs(")\n", f);
    for (int i = 0; i < n_formats; i++)
        fprintf(f, "                           %-7s %s\n", formats[i].name, formats[i].help);
    fputs("      --scope LIST       any of program,region,partner (default: all three)\n"
          "      --partner ID       only this partner's report (repeatable)\n"
          "      --region R         only this region's report: AMER, EMEA, APAC (repeatable)\n"
          "      --lang CODE        report language: en, it (default: en)\n"
          "      --baseline FILE    an earlier run's findings.json: mark findings new or\n"
          "                         unchanged, list the resolved ones\n"
          "      --fail-on LEVEL    error, warning or never: exit 1 when such findings exist\n"
          "                         (waived findings do not count)\n"
          "      --strict           fail (exit 3) before writing if any input was rejected\n"
          "  -j, --jobs N           parallel reading and rendering (default: number of cores)\n"
          "      --shard K/N        this machine's share of a burst spread over N: the partner\n"
          "                         reports whose ID hashes to K; shard 1 also writes the\n"
          "                         shared files (programme, regions, findings, index)\n"
          "  -q, --quiet            only errors on stderr\n"
          "  -v, --verbose          more on stderr (counts, timings)\n"
          "      --progress         show progress bars on stderr (reading, writing)\n"
          "      --no-progress      never show a progress bar\n"
          "  -h, --help             this help\n"
          "      --version          the version\n"
          "\n"
          "Exit status: 0 reports written; 1 findings at the --fail-on level; 2 usage error\n"
          "(nothing written); 3 input problems (records rejected or files invalid);\n"
          "4 an output could not be written.\n"
          "See psreport(1).\n",
          f);
}

/* When the reports are made: SOURCE_DATE_EPOCH when set (reproducible-builds.org: the
 * same inputs then give the same bytes), else the clock. -1 when it is set but not a
 * whole number of seconds. */
static long long generation_time(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s)
        return (long long)time(NULL);
    if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 12)
        return -1;
    return strtoll(s, NULL, 10);
}

static int usage_error(const char *fmt, const char *arg)
{
    diag(stderr, "psreport", 0, "error", fmt, arg);
    fputs("Try 'psreport --help'.\n", stderr);
    return EXIT_USAGE;
}

static int find_name(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static int scope_find(const char *s) { return find_name(scope_names, SC_COUNT, s); }

/* Splits a comma list and looks every item up with find; sets bit i per item i.
 * Returns -1 when an item is unknown or the list is empty. */
static int parse_list(const char *arg, int (*find)(const char *), unsigned *bits)
{
    *bits = 0;
    char *buf = xstrdup(arg);
    int rc = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && rc == 0;
         t = strtok_r(NULL, ",", &save)) {
        int i = find(t);
        if (i < 0)
            rc = -1;
        else
            *bits |= 1u << i;
    }
    free(buf);
    return rc == 0 && *bits ? 0 : -1;
}

static int parse_format(options_t *o, const char *arg)
{
    if (parse_list(arg, format_find, &o->out.formats) == 0)
        return 0;
    char names[256] = "";
    for (int i = 0; i < n_formats; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? "," : "",
                 formats[i].name);
    diag(stderr, "psreport", 0, "error", "--format '%s': expected a list of %s", arg, names);
    fputs("Try 'psreport --help'.\n", stderr);
    return EXIT_USAGE;
}

enum {
    O_AS_OF = 256, O_PROGRAM, O_FORMAT, O_SCOPE, O_PARTNER, O_REGION, O_LANG, O_FAIL_ON,
    O_STRICT, O_PROGRESS, O_NO_PROGRESS, O_VERSION, O_SHARD, O_BASELINE, O_HELP = 'h',
    O_JOBS = 'j'
};
static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"as-of", required_argument, NULL, O_AS_OF},
    {"program", required_argument, NULL, O_PROGRAM},
    {"format", required_argument, NULL, O_FORMAT},
    {"scope", required_argument, NULL, O_SCOPE},
    {"partner", required_argument, NULL, O_PARTNER},
    {"region", required_argument, NULL, O_REGION},
    {"lang", required_argument, NULL, O_LANG},
    {"fail-on", required_argument, NULL, O_FAIL_ON},
    {"baseline", required_argument, NULL, O_BASELINE},
    {"strict", no_argument, NULL, O_STRICT},
    {"shard", required_argument, NULL, O_SHARD},
    {"jobs", required_argument, NULL, O_JOBS},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"progress", no_argument, NULL, O_PROGRESS},
    {"no-progress", no_argument, NULL, O_NO_PROGRESS},
    {"help", no_argument, NULL, O_HELP},
    {"version", no_argument, NULL, O_VERSION},
    {NULL, 0, NULL, 0}};

/* The options that take a value and can be wrong. Returns -1 (fine) or an exit status. */
static int parse_value(options_t *o, int c, const char *arg)
{
    switch (c) {
    case O_AS_OF:
        o->as_of = date_parse(arg, strlen(arg));
        return o->as_of == DATE_NONE ? usage_error("--as-of '%s' is not a date YYYY-MM-DD", arg) : -1;
    case O_FORMAT:
        return parse_format(o, arg) == 0 ? -1 : EXIT_USAGE;
    case O_SCOPE:
        if (parse_list(arg, scope_find, &o->out.scopes))
            return usage_error("--scope '%s': expected a list of program,region,partner", arg);
        return -1;
    case O_REGION: {
        region_t r = region_from_name(arg);
        if (r == REGION_NONE)
            return usage_error("--region '%s': expected AMER, EMEA or APAC", arg);
        o->out.regions |= 1u << r;
        return -1;
    }
    case O_LANG:
        if (strcmp(arg, "en") != 0 && strcmp(arg, "it") != 0)
            return usage_error("--lang '%s': expected en or it", arg);
        o->lang = arg;
        return -1;
    case O_FAIL_ON: {
        int f = find_name(fail_on_names, FAIL_COUNT, arg);
        if (f < 0)
            return usage_error("--fail-on '%s': expected error, warning or never", arg);
        o->fail_on = (fail_on_t)f;
        return -1;
    }
    case O_SHARD: {
        int k = 0, n = 0;
        char tail;
        if (sscanf(arg, "%d/%d%c", &k, &n, &tail) != 2 || n < 1 || n > 100000 || k < 1 || k > n)
            return usage_error("--shard '%s': expected K/N with 1 <= K <= N", arg);
        o->out.shard = k;
        o->out.shards = n;
        return -1;
    }
    case O_JOBS: {
        char *end;
        long j = strtol(arg, &end, 10);
        if (*end || j < 1 || j > 256)
            return usage_error("--jobs '%s': expected a number from 1 to 256", arg);
        o->out.jobs = (int)j;
        return -1;
    }
    }
    return -1;
}

static void options_init(options_t *o)
{
    memset(o, 0, sizeof *o);
    o->out.outdir = "output";
    o->out.formats = format_defaults();
    o->out.scopes = SCOPE_BIT(SC_PROGRAM) | SCOPE_BIT(SC_REGION) | SCOPE_BIT(SC_PARTNER);
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    o->out.jobs = jobs > 0 ? (int)jobs : 1;
    o->out.progress = isatty(2);
    o->lang = "en";
    o->as_of = DATE_NONE;
    o->fail_on = FAIL_NEVER;
}

/* Fills o from the command line. Returns -1 to run, else the exit status (help,
 * version: 0; a usage error: 2, said on stderr). */
static int parse_args(int argc, char **argv, options_t *o)
{
    options_init(o);
    int scope_set = 0, c, rc;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o->out.outdir = optarg; break;
        case O_PROGRAM: o->program_path = optarg; break;
        case O_BASELINE: o->baseline = optarg; break;
        case O_PARTNER:
            o->out.partners = xrealloc(o->out.partners,
                                       (size_t)(o->out.n_partners + 1) * sizeof *o->out.partners);
            o->out.partners[o->out.n_partners++] = optarg;
            break;
        case O_STRICT: o->strict = 1; break;
        case 'q': o->quiet = 1; o->verbose = 0; break;
        case 'v': o->verbose = 1; o->quiet = 0; break;
        case O_PROGRESS: o->out.progress = 1; break;
        case O_NO_PROGRESS: o->out.progress = 0; break;
        case O_HELP: usage(stdout); return EXIT_WRITTEN;
        case O_VERSION: printf("psreport " PSREPORT_VERSION "\n"); return EXIT_WRITTEN;
        case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
        case '?': return usage_error("unknown option '%s'", argv[optind - 1]);
        default:
            scope_set |= c == O_SCOPE;
            if ((rc = parse_value(o, c, optarg)) >= 0)
                return rc;
        }
    }
    if (optind >= argc)
        return usage_error("no input: give export files or directories%s", "");
    if ((o->generated = generation_time()) < 0)
        return usage_error("SOURCE_DATE_EPOCH='%s': expected a whole number of seconds since "
                           "1970-01-01 UTC", getenv("SOURCE_DATE_EPOCH"));
    /* --partner / --region ask for those reports only, unless --scope says more */
    if (!scope_set && (o->out.n_partners || o->out.regions))
        o->out.scopes = (o->out.n_partners ? SCOPE_BIT(SC_PARTNER) : 0) |
                        (o->out.regions ? SCOPE_BIT(SC_REGION) : 0);
    o->out.render.warn = o->quiet ? NULL : stderr;
    o->inputs = argv + optind;
    o->n_inputs = argc - optind;
    return -1;
}

/* ---- running ---------------------------------------------------------------------------- */

/* Where the shipped files are. */
typedef struct {
    char datadir[PATH_MAX], schema_dir[PATH_MAX + 32], default_program[PATH_MAX + 32],
        program_schema[PATH_MAX + 48], templates[PATH_MAX + 32], i18n[PATH_MAX + 48],
        fonts[PATH_MAX + 32];
} paths_t;

/* The data directory: $PSREPORT_DATADIR, else the source tree the binary was built in
 * (build/psreport -> ./), else the installed PSREPORT_DATADIR. */
static void find_datadir(char *buf, size_t size)
{
    const char *env = getenv("PSREPORT_DATADIR");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char probe[PATH_MAX + 64];
            snprintf(probe, sizeof probe, "%s/../input/schema/vouchers.xsd", exe);
            if (access(probe, R_OK) == 0 && strlen(exe) + 4 < size) {
                memcpy(buf, exe, strlen(exe));
                memcpy(buf + strlen(exe), "/..", 4);
                return;
            }
            /* installed: PREFIX/bin/psreport next to PREFIX/share/psreport (relocatable) */
            snprintf(probe, sizeof probe, "%s/../share/psreport/input/schema/vouchers.xsd", exe);
            if (access(probe, R_OK) == 0 && strlen(exe) + 20 < size) {
                snprintf(buf, size, "%.*s/../share/psreport", (int)(size - 20), exe);
                return;
            }
        }
    }
    snprintf(buf, size, "%s", PSREPORT_DATADIR);
}

static void find_paths(paths_t *p)
{
    find_datadir(p->datadir, sizeof p->datadir);
    snprintf(p->schema_dir, sizeof p->schema_dir, "%s/input/schema", p->datadir);
    snprintf(p->default_program, sizeof p->default_program, "%s/input/program.xml", p->datadir);
    snprintf(p->program_schema, sizeof p->program_schema, "%s/program.xsd", p->schema_dir);
    snprintf(p->templates, sizeof p->templates, "%s/templates", p->datadir);
    snprintf(p->i18n, sizeof p->i18n, "%s/i18n", p->templates);
    /* the PDF font: $PSREPORT_FONTS, else "" (DejaVu Sans as fontconfig finds it) */
    const char *fenv = getenv("PSREPORT_FONTS");
    snprintf(p->fonts, sizeof p->fonts, "%s", fenv ? fenv : "");
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push_file(char ***files, int *n, char *path)
{
    *files = xrealloc(*files, (size_t)(*n + 1) * sizeof **files);
    (*files)[(*n)++] = path;
}

/* Appends FILE, or every *.xml of DIR in name order. Returns -1 when DIR has none. */
static int add_inputs(const char *arg, char ***files, int *n)
{
    struct stat st;
    if (stat(arg, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        push_file(files, n, xstrdup(arg));
        return 0;
    }
    DIR *d = opendir(arg);
    if (!d)
        return -1;
    int before = *n;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0 || de->d_name[0] == '.')
            continue;
        char *path = xmalloc(strlen(arg) + len + 2);
        sprintf(path, "%s%s%s", arg, arg[strlen(arg) - 1] == '/' ? "" : "/", de->d_name);
        /* not recursive: a directory called *.xml (an output directory -o in/out.xml)
         * is not an export; anything else is read, or refused by ingest saying why */
        struct stat sub;
        if (de->d_type == DT_DIR ||
            ((de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) && stat(path, &sub) == 0 &&
             S_ISDIR(sub.st_mode))) {
            free(path);
            continue;
        }
        push_file(files, n, path);
    }
    closedir(d);
    if (*n == before)
        return -1;
    qsort(*files + before, (size_t)(*n - before), sizeof **files, cmp_strp);
    return 0;
}

/* PSREPORT_TIMES=1: the wall time of each stage on stderr, and the CPU time it took in
 * this process and its workers (used by make bench). */
typedef struct {
    int on;
    double t0, mark, cpu_mark;
} stages_t;

static double cpu_seconds(void) /* user + system, this process and its reaped workers */
{
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    const struct timeval *tv[] = {&self.ru_utime, &self.ru_stime, &kids.ru_utime, &kids.ru_stime};
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += (double)tv[i]->tv_sec + (double)tv[i]->tv_usec / 1e6;
    return s;
}

static void stage_done(stages_t *t, const char *name)
{
    if (!t->on)
        return;
    double now = now_seconds(), cpu = cpu_seconds();
    long rss = -1, hwm = -1; /* KB now and at the peak, where a stage's memory goes */
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmRSS:", 6) == 0)
            rss = strtol(line + 6, NULL, 10);
        else if (strncmp(line, "VmHWM:", 6) == 0)
            hwm = strtol(line + 6, NULL, 10);
    }
    if (f)
        fclose(f);
    fprintf(stderr, "psreport: time: %-8s %7.3f s (cpu %.3f s) rss %ld KB, peak %ld KB\n",
            name, now - t->mark, cpu - t->cpu_mark, rss, hwm);
    t->mark = now;
    t->cpu_mark = cpu;
}

/* The run's data, stage by stage. */
typedef struct {
    const options_t *o;
    paths_t paths;
    char **files;
    int n_files;
    const char *program_path; /* --program, else a <program> among the inputs */
    ingest_t *in;
    model_t m;
    program_t prog;
    catalogue_t cat;
    int have_program, have_cat;
    eval_t ev;
    baseline_t base;          /* --baseline */
    trend_t trend;
    int have_base, have_trend;
    int as_of, input_problems;
    stages_t times;
} pipeline_t;

/* An input file by its device and inode, and its place in the list. */
typedef struct {
    dev_t dev;
    ino_t ino;
    int ix;
} file_id_t;

static int cmp_file_id(const void *a, const void *b)
{
    const file_id_t *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->ix - y->ix;
}

/* Drops the inputs that are not to be read, each said once as a note (unless -q):
 * - a file given again, under another name (partners.xml and ./partners.xml, a symlink
 *   or a hard link to it, a file given and also in a directory given): the same device
 *   and inode is read once, at its first place, so its records are not duplicates of
 *   themselves;
 * - a file psreport writes at the top of the output directory (findings.xml when the
 *   output directory is also an input directory, or given by any path): psreport never
 *   reads its own output back.
 * A file that cannot be stat'ed stays (ingest says why it cannot be read). */
static void drop_repeats(pipeline_t *p)
{
    struct stat own[64];
    int n_own = report_own_files(p->o->out.outdir, own, 64), n = p->n_files;
    FILE *note = p->o->quiet ? NULL : stderr;
    file_id_t *ids = xmalloc((size_t)(n ? n : 1) * sizeof *ids);
    int *same_as = xmalloc((size_t)(n ? n : 1) * sizeof *same_as), n_ids = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        same_as[i] = -1;
        if (stat(p->files[i], &st) != 0)
            continue;
        for (int k = 0; k < n_own; k++)
            if (own[k].st_dev == st.st_dev && own[k].st_ino == st.st_ino)
                same_as[i] = i; /* psreport's own */
        ids[n_ids++] = (file_id_t){st.st_dev, st.st_ino, i};
    }
    qsort(ids, (size_t)n_ids, sizeof *ids, cmp_file_id);
    for (int k = 1; k < n_ids; k++)
        if (ids[k].dev == ids[k - 1].dev && ids[k].ino == ids[k - 1].ino &&
            same_as[ids[k].ix] < 0)
            same_as[ids[k].ix] = same_as[ids[k - 1].ix] >= 0 ? same_as[ids[k - 1].ix]
                                                              : ids[k - 1].ix;
    for (int i = 0; i < n; i++)
        if (same_as[i] == i)
            diag(note, p->files[i], 0, "note", "not read: psreport wrote it (a file of the "
                 "output directory %s)", p->o->out.outdir);
        else if (same_as[i] >= 0)
            diag(note, p->files[i], 0, "note", "the same file as %s, read once",
                 p->files[same_as[i]]);
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (same_as[i] < 0)
            p->files[kept++] = p->files[i];
        else
            free(p->files[i]);
    p->n_files = kept;
    free(same_as);
    free(ids);
}

static int collect_inputs(pipeline_t *p)
{
    for (int i = 0; i < p->o->n_inputs; i++) {
        const char *arg = p->o->inputs[i];
        if (add_inputs(arg, &p->files, &p->n_files) != 0) {
            struct stat st;
            if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
                return usage_error("%s: the directory holds no *.xml file", arg);
            return usage_error("%s: cannot read this input", arg);
        }
    }
    drop_repeats(p);
    if (p->n_files == 0)
        return usage_error("no input left to read: the files given are psreport's own "
                           "output%s", "");
    return 0;
}

static void on_ingest_progress(void *ctx, long records, double bytes)
{
    progress_update(ctx, bytes, records, "records");
}

/* Reads every input into the model; a <program> among them is the program definition,
 * unless --program names one (then it wins); two of them among the inputs is an error. */
static int read_inputs(pipeline_t *p, int rc)
{
    const options_t *o = p->o;
    ingest_t *in = NULL;
    if (rc == 0) {
        in = p->in = ingest_new(&p->m, p->paths.schema_dir, o->quiet ? NULL : stderr,
                        o->verbose ? LONG_MAX : 20, stderr);
        if (!in)
            rc = EXIT_USAGE;
    }
    double total_bytes = 0;
    for (int i = 0; i < p->n_files; i++) {
        struct stat st;
        if (stat(p->files[i], &st) == 0)
            total_bytes += (double)st.st_size;
    }
    progress_t bar;
    progress_start(&bar, o->out.progress, "reading", total_bytes);
    if (in) { /* big files are read in parts, one per job (PSREPORT_SPLIT_MIN: bytes a part
               * has at least; the tests use it to split small files) */
        const char *min = getenv("PSREPORT_SPLIT_MIN");
        ingest_set_progress(in, on_ingest_progress, &bar);
        ingest_set_threads(in, o->out.jobs, min ? atol(min) : 0);
    }
    for (int i = 0; rc == 0 && i < p->n_files; i++) {
        int fx = ingest_file(in, p->files[i]);
        if (fx >= 0 && p->m.files[fx].kind == KIND_PROGRAM && !o->program_path) {
            if (p->program_path && strcmp(p->program_path, p->files[i]) != 0) {
                diag(stderr, p->files[i], 0, "error", "a second program definition (also %s)",
                     p->program_path);
                rc = EXIT_USAGE;
            }
            p->program_path = p->files[i];
        }
    }
    progress_end(&bar);
    for (int i = 0; i < p->m.n_files; i++)
        p->input_problems |= p->m.files[i].invalid || p->m.files[i].rejected > 0;
    stage_done(&p->times, "ingest");
    return rc;
}

/* The program definition, the catalogue and the as-of date. */
static int load_definitions(pipeline_t *p)
{
    const char *pp = p->program_path ? p->program_path : p->paths.default_program;
    if (program_load(&p->prog, pp, p->paths.program_schema, stderr) != 0)
        return EXIT_USAGE;
    p->have_program = 1;
    if (cat_load(&p->cat, p->paths.i18n, p->o->lang, stderr) != 0)
        return EXIT_USAGE;
    p->have_cat = 1;
    p->as_of = p->o->as_of;
    for (int i = 0; p->o->as_of == DATE_NONE && i < p->m.n_files; i++)
        if (!p->m.files[i].invalid && p->m.files[i].exported != DATE_NONE &&
            (p->as_of == DATE_NONE || p->m.files[i].exported > p->as_of))
            p->as_of = p->m.files[i].exported;
    if (p->as_of == DATE_NONE) {
        fputs("psreport: error: no readable export gives an 'exported' date; "
              "use --as-of YYYY-MM-DD\n",
              stderr);
        return EXIT_USAGE;
    }
    if (p->o->strict && p->input_problems) {
        fputs("psreport: error: --strict: some records were rejected or files invalid; "
              "nothing written\n",
              stderr);
        return EXIT_INPUT;
    }
    return 0;
}

/* Links the model, checks --partner, evaluates. */
static int evaluate(pipeline_t *p)
{
    const output_opts_t *out = &p->o->out;
    model_link(&p->m, &p->prog);
    for (int i = 0; i < out->n_partners; i++)
        if (hash_get(&p->m.partner_ix, out->partners[i]) < 0)
            return usage_error("--partner '%s': no such partner in the inputs", out->partners[i]);
    stage_done(&p->times, "link");
    int rc = 0;
    if (eval_run(&p->m, &p->prog, p->as_of, out->jobs, &p->ev) != 0) {
        fputs("psreport: error: out of memory while evaluating\n", stderr);
        rc = EXIT_OUTPUT;
    }
    stage_done(&p->times, "evaluate");
    return rc;
}

/* --baseline (a usage error when it is not an earlier findings.json of this programme),
 * then the trend. */
static int compare(pipeline_t *p)
{
    if (p->o->baseline) {
        char why[1200];
        if (baseline_load(&p->base, p->o->baseline, p->prog.id, p->as_of, why, sizeof why) != 0) {
            diag(stderr, "psreport", 0, "error", "--baseline %s", why);
            baseline_free(&p->base);
            return EXIT_USAGE;
        }
        p->have_base = 1;
        baseline_mark(&p->base, &p->ev, &p->m);
        stage_done(&p->times, "baseline");
    }
    if (trend_run(&p->m, &p->prog, &p->ev, p->o->out.jobs, &p->trend) != 0) {
        fputs("psreport: error: out of memory while replaying the trend\n", stderr);
        return EXIT_OUTPUT;
    }
    p->have_trend = 1;
    if (p->times.on)
        fprintf(stderr, "psreport: time: trend replayed %ld voucher-months\n",
                p->trend.evaluations);
    stage_done(&p->times, "trend");
    return 0;
}

static void on_signal(int sig)
{
    report_stop_workers(sig);
    out_cleanup_signal();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* report_write_all's done: once the reports are written, only the index is left, which
 * reads the partners and the counts. The vouchers, their evaluation and the findings
 * (150 MB at a million vouchers) go back before the index takes its own memory. */
static void records_done(void *ctx)
{
    pipeline_t *p = ctx;
    model_release_vouchers(&p->m, p->m.n_vouchers);
    eval_release_records(&p->ev);
}

/* Writes the output tree; the exit status of a run that got this far. */
static int write_outputs(pipeline_t *p)
{
    /* From here libxml2's and libxslt's memory comes through util/alloc.h: running out
     * ends the run with the one out-of-memory line wherever it happens (libxslt went on
     * after a failed allocation inside a stylesheet's compilation and printed
     * "compilation error" lines; tests/faults/oom.sh). Not while reading: there the
     * parser says so itself (xt_check_memory), and the wrapper cost 1.6 % of reading's
     * CPU. The reading threads are done, and malloc/free stay the allocator beneath, so
     * what libxml2 allocated before is freed the same way after. */
    xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
    model_drop_lookups(&p->m); /* freed pages go back at once: the workers fork without them */
    alloc_for_writing();
    const options_t *o = p->o;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    /* a file size limit (or a full disk) must fail the write, not kill the run */
    signal(SIGXFSZ, SIG_IGN);
    run_t evaluated = {&p->m, &p->prog, &p->ev, &p->cat, &p->trend,
                       p->have_base ? &p->base : NULL, o->generated, o->out.jobs};
    int wrc = report_write_all(&evaluated, &o->out, stderr, records_done, p);
    stage_done(&p->times, "write");
    if (o->verbose) {
        long kept = 0, rejected = 0;
        for (int i = 0; i < p->m.n_files; i++) {
            kept += p->m.files[i].records - p->m.files[i].rejected;
            rejected += p->m.files[i].rejected;
        }
        fprintf(stderr,
                "psreport: %d file(s), %ld record(s) kept, %ld rejected; %ld voucher(s) "
                "as of the report date; %ld error(s), %ld warning(s)\n",
                p->m.n_files, kept, rejected, p->ev.n_exist, p->ev.errors, p->ev.warnings);
    }
    if (wrc != 0)
        return EXIT_OUTPUT;
    if (p->input_problems)
        return EXIT_INPUT;
    if ((o->fail_on == FAIL_ERROR && p->ev.errors) ||
        (o->fail_on == FAIL_WARNING && (p->ev.errors || p->ev.warnings)))
        return EXIT_FAIL_ON;
    return EXIT_WRITTEN;
}

/* Runs the pipeline the options ask for; returns the exit status. */
static int run(options_t *o)
{
    pipeline_t p;
    memset(&p, 0, sizeof p);
    p.o = o;
    p.program_path = o->program_path;
    find_paths(&p.paths);
    o->out.render.templates_dir = p.paths.templates;
    o->out.render.fonts_dir = p.paths.fonts;
    int rc = collect_inputs(&p);
    /* one run at a time into an output directory: a second fails at once (exit 4),
     * before its reading, rather than mixing two trees or deleting the first's files */
    int lock = rc == 0 ? report_lock(o->out.outdir, stderr) : -1;
    if (rc == 0 && lock < 0)
        rc = EXIT_OUTPUT;
    xmlInitParser();
    /* the page formats' fonts, through fontconfig, which loads its configuration at its
     * first use: now, before the exports fill the memory, at -j 1 as before forking -j
     * workers (under memory pressure fontconfig 2.14.1 crashes in FcRuleDestroy or
     * FcConfigSubstitute, or retries forever: tests/faults/oom.sh) */
    for (int i = 0; rc == 0 && i < n_formats; i++)
        if ((o->out.formats & FORMAT_BIT(i)) && formats[i].early)
            formats[i].early(&o->out.render);
    alloc_for_reading();
    model_init(&p.m);
    p.times.on = getenv("PSREPORT_TIMES") != NULL;
    p.times.t0 = p.times.mark = now_seconds();
    rc = read_inputs(&p, rc);
    if (rc == 0)
        rc = load_definitions(&p);
    if (rc == 0)
        rc = evaluate(&p);
    if (rc == 0)
        rc = compare(&p);
    if (rc == 0)
        rc = write_outputs(&p);
    if (p.times.on) {
        fprintf(stderr, "psreport: time: %-8s %7.3f s\n", "total", now_seconds() - p.times.t0);
        struct rusage self, kids; /* peak RSS of this process and of its largest worker */
        getrusage(RUSAGE_SELF, &self);
        getrusage(RUSAGE_CHILDREN, &kids);
        fprintf(stderr, "psreport: time: peak RSS %ld KB, largest worker %ld KB\n",
                self.ru_maxrss, kids.ru_maxrss);
    }
    if (p.have_trend)
        trend_free(&p.trend);
    if (p.have_base)
        baseline_free(&p.base);
    eval_free(&p.ev);
    if (p.have_cat)
        cat_free(&p.cat);
    if (p.have_program)
        program_free(&p.prog);
    ingest_free(p.in);
    model_free(&p.m);
    for (int i = 0; i < p.n_files; i++)
        free(p.files[i]);
    free(p.files);
    xmlCleanupParser();
    report_unlock(lock, o->out.outdir);
    return rc;
}

int main(int argc, char **argv)
{
    options_t o;
    int rc = parse_args(argc, argv, &o);
    if (rc < 0)
        rc = run(&o);
    free(o.out.partners);
    return rc;
}
