/* main.c - the command line of cli.md, and nothing else.
 *
 * Parses options, finds the data directory (templates, schemas, default program),
 * then runs the pipeline: ingest -> evaluate -> outputs. Exit codes are decided here
 * only: 0 written, 1 --fail-on findings, 2 usage, 3 input problems, 4 output failure.
 */
#define _DEFAULT_SOURCE
#include "evaluate.h"
#include "ingest.h"
#include "messages.h"
#include "program.h"
#include "render.h"
#include "report.h"
#include "util/date.h"
#include "util/output.h"
#include "util/progress.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libxml/parser.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PSREPORT_DATADIR
#define PSREPORT_DATADIR "/usr/local/share/psreport"
#endif

enum { EXIT_WRITTEN = 0, EXIT_FAIL_ON = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_OUTPUT = 4 };

static void usage(FILE *f)
{
    fputs("Usage: psreport [OPTIONS] FILE|DIR...\n"
          "Checks Planning Services partner and voucher exports against the programme's\n"
          "rules and writes compliance reports (PDF, HTML) and findings (JSON, CSV, XML).\n"
          "A DIR means every *.xml in it (not recursive).\n"
          "\n"
          "  -o, --output DIR       where reports are written (default: output/)\n"
          "      --as-of DATE       report date YYYY-MM-DD (default: latest 'exported' date)\n"
          "      --program FILE     program definition (default: the shipped one)\n"
          "      --format LIST      any of pdf,html,json,csv,xml (default: pdf,html,json,csv)\n"
          "      --scope LIST       any of program,region,partner (default: all three)\n"
          "      --partner ID       only this partner's report (repeatable)\n"
          "      --region R         only this region's report: AMER, EMEA, APAC (repeatable)\n"
          "      --lang CODE        report language: en, it (default: en)\n"
          "      --fail-on LEVEL    error, warning or never: exit 1 when such findings exist\n"
          "      --strict           fail (exit 3) before writing if any input was rejected\n"
          "  -j, --jobs N           parallel reading and rendering (default: number of cores)\n"
          "      --shard K/N        this machine's share of a burst spread over N: the partner\n"
          "                         reports whose ID hashes to K; shard 1 also writes the\n"
          "                         shared files (programme, regions, findings, index)\n"
          "  -q, --quiet            only errors on stderr\n"
          "  -v, --verbose          more on stderr (counts, timings)\n"
          "      --progress         show a progress bar on stderr\n"
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

static int usage_error(const char *fmt, const char *arg)
{
    fputs("psreport: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'psreport --help'.\n", stderr);
    return EXIT_USAGE;
}

/* Splits a comma list and checks every item against names[]; sets bit i per item. */
static int parse_list(const char *arg, const char *const *names, int n, unsigned *bits)
{
    *bits = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", arg);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int found = -1;
        for (int i = 0; i < n; i++)
            if (strcmp(t, names[i]) == 0)
                found = i;
        if (found < 0)
            return -1;
        *bits |= 1u << found;
    }
    return *bits ? 0 : -1;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends FILE, or every *.xml of DIR in name order. Returns -1 when DIR has none. */
static int add_inputs(const char *arg, char ***files, int *n)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *d = opendir(arg);
        if (!d)
            return -1;
        int before = *n;
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t len = strlen(de->d_name);
            if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0 || de->d_name[0] == '.')
                continue;
            char *path = malloc(strlen(arg) + len + 2);
            char **grown = realloc(*files, (size_t)(*n + 1) * sizeof **files);
            if (!path || !grown) {
                free(path);
                closedir(d);
                return -1;
            }
            *files = grown;
            sprintf(path, "%s%s%s", arg, arg[strlen(arg) - 1] == '/' ? "" : "/", de->d_name);
            (*files)[(*n)++] = path;
        }
        closedir(d);
        if (*n == before)
            return -1;
        qsort(*files + before, (size_t)(*n - before), sizeof **files, cmp_strp);
        return 0;
    }
    if (stat(arg, &st) != 0)
        return -1;
    char **grown = realloc(*files, (size_t)(*n + 1) * sizeof **files);
    if (!grown)
        return -1;
    *files = grown;
    (*files)[(*n)++] = strdup(arg);
    return 0;
}

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

static void on_ingest_progress(void *ctx, long records, double bytes)
{
    progress_update(ctx, bytes, records, "records");
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
    report_stop_workers(sig);
    out_cleanup_signal();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    static const char *const format_names[] = {"pdf", "html", "json", "csv", "xml"};
    static const char *const scope_names[] = {"program", "region", "partner"};
    static const char *const fail_names[] = {"never", "error", "warning"};
    enum {
        O_AS_OF = 256, O_PROGRAM, O_FORMAT, O_SCOPE, O_PARTNER, O_REGION, O_LANG, O_FAIL_ON,
        O_STRICT, O_PROGRESS, O_NO_PROGRESS, O_VERSION, O_SHARD
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
        {"strict", no_argument, NULL, O_STRICT},
        {"shard", required_argument, NULL, O_SHARD},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"progress", no_argument, NULL, O_PROGRESS},
        {"no-progress", no_argument, NULL, O_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0}};

    report_opts_t ro;
    memset(&ro, 0, sizeof ro);
    ro.outdir = "output";
    ro.formats = FMT_PDF | FMT_HTML | FMT_JSON | FMT_CSV;
    ro.scopes = SCOPE_PROGRAM | SCOPE_REGION | SCOPE_PARTNER;
    ro.lang = "en";
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    ro.jobs = jobs > 0 ? (int)jobs : 1;
    const char *program_path = NULL;
    int as_of = DATE_NONE, fail_on = 0, strict = 0, quiet = 0, verbose = 0;
    int progress = isatty(2), scope_set = 0;
    const char **partners = NULL;
    int n_partners = 0;

    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:j:qvh", longopts, NULL)) != -1) {
        unsigned bits;
        switch (c) {
        case 'o': ro.outdir = optarg; break;
        case O_AS_OF:
            as_of = date_parse(optarg, strlen(optarg));
            if (as_of == DATE_NONE)
                return usage_error("--as-of '%s' is not a date YYYY-MM-DD", optarg);
            break;
        case O_PROGRAM: program_path = optarg; break;
        case O_FORMAT:
            if (parse_list(optarg, format_names, 5, &bits))
                return usage_error("--format '%s': expected a list of pdf,html,json,csv,xml",
                                   optarg);
            ro.formats = bits;
            break;
        case O_SCOPE:
            if (parse_list(optarg, scope_names, 3, &bits))
                return usage_error("--scope '%s': expected a list of program,region,partner",
                                   optarg);
            ro.scopes = bits;
            scope_set = 1;
            break;
        case O_PARTNER: {
            const char **grown = realloc(partners, (size_t)(n_partners + 1) * sizeof *grown);
            if (!grown)
                return EXIT_USAGE;
            partners = grown;
            partners[n_partners++] = optarg;
            break;
        }
        case O_REGION: {
            region_t r = region_from_name(optarg);
            if (r == REGION_NONE)
                return usage_error("--region '%s': expected AMER, EMEA or APAC", optarg);
            ro.regions |= 1u << r;
            break;
        }
        case O_LANG:
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "it") != 0)
                return usage_error("--lang '%s': expected en or it", optarg);
            ro.lang = optarg;
            break;
        case O_FAIL_ON:
            if (parse_list(optarg, fail_names, 3, &bits) || (bits & (bits - 1)))
                return usage_error("--fail-on '%s': expected error, warning or never", optarg);
            fail_on = bits == 1 ? 0 : bits == 2 ? 1 : 2;
            break;
        case O_STRICT: strict = 1; break;
        case O_SHARD: {
            int k = 0, n = 0;
            char tail;
            if (sscanf(optarg, "%d/%d%c", &k, &n, &tail) != 2 || n < 1 || n > 100000 || k < 1 || k > n)
                return usage_error("--shard '%s': expected K/N with 1 <= K <= N", optarg);
            ro.shard = k;
            ro.shards = n;
            break;
        }
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 256)
                return usage_error("--jobs '%s': expected a number from 1 to 256", optarg);
            ro.jobs = (int)j;
            break;
        }
        case 'q': quiet = 1; verbose = 0; break;
        case 'v': verbose = 1; quiet = 0; break;
        case O_PROGRESS: progress = 1; break;
        case O_NO_PROGRESS: progress = 0; break;
        case 'h': usage(stdout); return 0;
        case O_VERSION: printf("psreport " PSREPORT_VERSION "\n"); return 0;
        case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
        default: return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    int program_given = program_path != NULL;
    if (optind >= argc)
        return usage_error("no input: give export files or directories%s", "");
    (void)progress;
    /* --partner / --region ask for those reports only, unless --scope says more */
    if (!scope_set && (n_partners || ro.regions))
        ro.scopes = (n_partners ? SCOPE_PARTNER : 0) | (ro.regions ? SCOPE_REGION : 0);
    ro.partners = partners;
    ro.n_partners = n_partners;
    ro.verbose = verbose;
    ro.quiet = quiet;

    char datadir[PATH_MAX], schema_dir[PATH_MAX + 32], default_program[PATH_MAX + 32],
        program_schema[PATH_MAX + 48], templates[PATH_MAX + 32], i18n[PATH_MAX + 48];
    find_datadir(datadir, sizeof datadir);
    snprintf(schema_dir, sizeof schema_dir, "%s/input/schema", datadir);
    snprintf(default_program, sizeof default_program, "%s/input/program.xml", datadir);
    snprintf(program_schema, sizeof program_schema, "%s/program.xsd", schema_dir);
    snprintf(templates, sizeof templates, "%s/templates", datadir);
    snprintf(i18n, sizeof i18n, "%s/i18n", templates);
    ro.templates_dir = templates;
    /* the PDF font: $PSREPORT_FONTS, else the subset made at build (or installed), else
     * the system's DejaVu */
    char fonts[PATH_MAX + 32];
    const char *fenv = getenv("PSREPORT_FONTS");
    snprintf(fonts, sizeof fonts, "%s/build/fonts/DejaVuSans.ttf", datadir);
    if (access(fonts, R_OK) != 0)
        snprintf(fonts, sizeof fonts, "%s/fonts/DejaVuSans.ttf", datadir);
    if (fenv && *fenv)
        snprintf(fonts, sizeof fonts, "%s", fenv);
    else if (access(fonts, R_OK) == 0)
        *strrchr(fonts, '/') = '\0';
    else
        snprintf(fonts, sizeof fonts, "/usr/share/fonts/truetype/dejavu");
    ro.fonts_dir = fonts;

    char **files = NULL;
    int n_files = 0, rc = 0;
    for (int i = optind; i < argc; i++)
        if (add_inputs(argv[i], &files, &n_files) != 0) {
            struct stat st;
            if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
                rc = usage_error("%s: the directory holds no *.xml file", argv[i]);
            else
                rc = usage_error("%s: cannot read this input", argv[i]);
            break;
        }

    xmlInitParser();
    model_t m;
    model_init(&m);
    program_t prog;
    int have_program = 0;
    catalogue_t cat;
    int have_cat = 0;
    eval_t ev;
    memset(&ev, 0, sizeof ev);
    ingest_t *in = NULL;

    if (rc == 0) {
        in = ingest_new(&m, schema_dir, quiet ? NULL : stderr, verbose ? LONG_MAX : 20, stderr);
        if (!in)
            rc = EXIT_USAGE;
    }
    progress_t bar;
    double total_bytes = 0;
    for (int i = 0; i < n_files; i++) {
        struct stat st;
        if (stat(files[i], &st) == 0)
            total_bytes += (double)st.st_size;
    }
    /* PSREPORT_TIMES=1: the wall time of each stage on stderr (used by make bench) */
    int times = getenv("PSREPORT_TIMES") != NULL;
    double t0 = now_seconds(), t_mark = t0;
#define STAGE(name)                                                                        \
    do {                                                                                   \
        if (times) {                                                                       \
            double t_now = now_seconds();                                                  \
            fprintf(stderr, "psreport: time: %-8s %7.3f s\n", name, t_now - t_mark);       \
            t_mark = t_now;                                                                \
        }                                                                                  \
    } while (0)
    progress_start(&bar, progress, "reading", total_bytes);
    if (in)
        ingest_set_progress(in, on_ingest_progress, &bar);
    if (in) { /* big files are read in parts, one per job (PSREPORT_SPLIT_MIN: bytes a part
               * has at least; the tests use it to split small files) */
        const char *min = getenv("PSREPORT_SPLIT_MIN");
        ingest_set_threads(in, ro.jobs, min ? atol(min) : 0);
    }
    for (int i = 0; rc == 0 && i < n_files; i++) {
        int fx = ingest_file(in, files[i]);
        /* a <program> among the inputs is the program definition, unless --program
         * names one (then it wins); two of them among the inputs is an error */
        if (fx >= 0 && m.files[fx].kind == KIND_PROGRAM && !program_given) {
            if (program_path && strcmp(program_path, files[i]) != 0) {
                fprintf(stderr, "%s: error: a second program definition (also %s)\n", files[i],
                        program_path);
                rc = EXIT_USAGE;
            }
            program_path = files[i];
        }
    }
    progress_end(&bar);
    STAGE("ingest");
    if (rc == 0) {
        const char *pp = program_path ? program_path : default_program;
        if (program_load(&prog, pp, program_schema, stderr) != 0)
            rc = EXIT_USAGE;
        else
            have_program = 1;
    }
    if (rc == 0) {
        if (cat_load(&cat, i18n, ro.lang, stderr) != 0)
            rc = EXIT_USAGE;
        else
            have_cat = 1;
    }
    if (rc == 0 && as_of == DATE_NONE) {
        for (int i = 0; i < m.n_files; i++)
            if (!m.files[i].invalid && m.files[i].exported != DATE_NONE &&
                (as_of == DATE_NONE || m.files[i].exported > as_of))
                as_of = m.files[i].exported;
        if (as_of == DATE_NONE) {
            fputs("psreport: error: no readable export gives an 'exported' date; "
                  "use --as-of YYYY-MM-DD\n",
                  stderr);
            rc = EXIT_USAGE;
        }
    }
    int input_problems = 0;
    for (int i = 0; i < m.n_files; i++)
        input_problems |= m.files[i].invalid || m.files[i].rejected > 0;
    if (rc == 0 && strict && input_problems) {
        fputs("psreport: error: --strict: some records were rejected or files invalid; "
              "nothing written\n",
              stderr);
        rc = EXIT_INPUT;
    }
    if (rc == 0) {
        model_link(&m, &prog);
        for (int i = 0; i < n_partners; i++)
            if (hash_get(&m.partner_ix, partners[i]) < 0) {
                rc = usage_error("--partner '%s': no such partner in the inputs", partners[i]);
                break;
            }
    }
    STAGE("link");
    if (rc == 0 && eval_run(&m, &prog, as_of, &ev) != 0) {
        fputs("psreport: error: out of memory while evaluating\n", stderr);
        rc = EXIT_OUTPUT;
    }
    STAGE("evaluate");
    if (rc == 0) {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
        /* a file size limit (or a full disk) must fail the write, not kill the run */
        signal(SIGXFSZ, SIG_IGN);
        run_t run = {&m, &prog, &ev, &cat};
        int wrc = report_write_all(&run, &ro, stderr);
        STAGE("write");
        if (wrc != 0)
            rc = EXIT_OUTPUT;
        else if (input_problems)
            rc = EXIT_INPUT;
        else if ((fail_on == 1 && ev.errors) || (fail_on == 2 && (ev.errors || ev.warnings)))
            rc = EXIT_FAIL_ON;
        if (verbose) {
            long kept = 0, rejected = 0;
            for (int i = 0; i < m.n_files; i++) {
                kept += m.files[i].records - m.files[i].rejected;
                rejected += m.files[i].rejected;
            }
            fprintf(stderr,
                    "psreport: %d file(s), %ld record(s) kept, %ld rejected; %ld voucher(s) "
                    "as of the report date; %ld error(s), %ld warning(s)\n",
                    m.n_files, kept, rejected, ev.n_exist, ev.errors, ev.warnings);
        }
    }

    if (times)
        fprintf(stderr, "psreport: time: %-8s %7.3f s\n", "total", now_seconds() - t0);
#undef STAGE
    eval_free(&ev);
    if (have_cat)
        cat_free(&cat);
    if (have_program)
        program_free(&prog);
    ingest_free(in);
    model_free(&m);
    for (int i = 0; i < n_files; i++)
        free(files[i]);
    free(files);
    free(partners);
    xmlCleanupParser();
    return rc;
}
