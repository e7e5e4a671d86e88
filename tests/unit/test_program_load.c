/* test_program_load.c - loading a program definition (program.c): every way a malformed or
 * hostile definition is refused, each with its "FILE[:LINE]: error:" message, and what a
 * good one gives (milestones, windows, extensions, the catalogue, the file's SHA-256). */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "program.h"

#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;
static char dir[] = "/tmp/psreport-program-XXXXXX";
static const char *SCHEMA = "input/schema/program.xsd";

static void check(int cond, const char *what)
{
    printf("%s - program load: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static const char *file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* Loads text (as program.xml) against schema; its messages in msg. */
static int load_with(program_t *p, const char *text, const char *schema, char *msg, size_t n)
{
    const char *path = file("program.xml", text);
    char *buf = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&buf, &len);
    int rc = program_load(p, path, schema, err);
    fclose(err);
    snprintf(msg, n, "%s", buf ? buf : "");
    free(buf);
    return rc;
}

static int load(program_t *p, const char *text, char *msg, size_t n)
{
    return load_with(p, text, SCHEMA, msg, n);
}

/* How many lines msg has, each "PATH...: error: ..." of the definition. */
static int error_lines(const char *msg)
{
    int k = 0;
    for (const char *l = msg; *l; l = strchr(l, '\n') + 1) {
        if (strncmp(l, dir, strlen(dir)) != 0 || !strstr(l, ": error: ") || !strchr(l, '\n'))
            return -1;
        k++;
    }
    return k;
}

#define MS                                                                                  \
    "  <milestone id=\"cloud-engagements-retired\" date=\"2020-02-01\"/>\n"                 \
    "  <milestone id=\"training-conversion-end\" date=\"2020-02-01\"/>\n"                   \
    "  <milestone id=\"accrual-end\" date=\"2021-02-01\"/>\n"                               \
    "  <milestone id=\"voucher-create-last-day\" date=\"2021-06-30\"/>\n"                   \
    "  <milestone id=\"remaining-days-removed\" date=\"2021-07-01\"/>\n"                    \
    "  <milestone id=\"redeem-last-day\" date=\"2022-01-01\"/>\n"
#define WIN                                                                                 \
    "  <window id=\"voucher-validity\" days=\"180\"/>\n"                                    \
    "  <window id=\"payment-request\" days=\"60\"/>\n"                                      \
    "  <window id=\"deadline-warning\" days=\"30\"/>\n"
#define EXT "  <validity-extension created-before=\"2020-04-01\" days=\"90\"/>\n"
#define ENG(id, cloud)                                                                      \
    "    <engagement id=\"" id "\" name=\"E\" days=\"5\" cloud=\"" cloud "\">"              \
    "<competency name=\"Windows and Devices\"/><exam id=\"MD-100\"/><exam id=\"MD-101\"/>"  \
    "</engagement>\n"
#define OFF(id, engs) "  <offering id=\"" id "\" name=\"O\">\n" engs "  </offering>\n"
#define HEAD "<?xml version=\"1.0\"?>\n<program version=\"1\" id=\"sa\">\n  <name>SA</name>\n"
#define TAIL "</program>\n"
#define GOOD HEAD MS WIN EXT OFF("DDPS", ENG("D5", "false") ENG("D10", "1")) OFF("AZ", ENG("A3", "true")) TAIL

static int d(const char *s) { return date_parse(s, strlen(s)); }

int main(void)
{
    program_t p;
    char msg[4096];
    if (!mkdtemp(dir))
        return 1;

    /* ---- a good definition ---- */
    int rc = load(&p, GOOD, msg, sizeof msg);
    check(rc == 0 && !msg[0], "a good definition loads, nothing said");
    if (rc == 0) {
        check(strcmp(p.id, "sa") == 0 && strcmp(p.name, "SA") == 0 && strcmp(p.version, "1") == 0,
              "its id, name and version");
        check(p.milestone[MS_ACCRUAL_END] == d("2021-02-01") &&
                  p.milestone[MS_REDEEM_LAST_DAY] == d("2022-01-01") && p.window[WIN_PAYMENT] == 60 &&
                  p.n_ext == 1 && p.ext[0].created_before == d("2020-04-01") && p.ext[0].days == 90,
              "milestones, windows and the validity extension");
        int e5 = program_find_engagement(&p, "DDPS", "D5"), e10 = program_find_engagement(&p, "DDPS", "D10");
        int a3 = program_find_engagement(&p, "AZ", "A3");
        check(p.n_off == 2 && p.n_eng == 3 && e5 >= 0 && e10 >= 0 && a3 >= 0 && !p.eng[e5].cloud &&
                  p.eng[e10].cloud && p.eng[a3].cloud && p.eng[a3].offering == 1 &&
                  p.eng[e5].n_exams == 2 && strcmp(p.eng[e5].exams[1], "MD-101") == 0,
              "the catalogue: engagements by offering, cloud=\"1\" and \"true\", exams");
        check(program_find_engagement(&p, "AZ", "D5") == -1 && program_find_engagement(&p, NULL, "D5") == -1 &&
                  program_find_engagement(&p, "DDPS", NULL) == -1 && program_find_offering(&p, NULL) == -1 &&
                  program_find_offering(&p, "AZ") == 1 && program_find_offering(&p, "XX") < 0,
              "unknown or absent offerings and engagements are not found");
        char longid[400];
        memset(longid, 'x', sizeof longid - 1);
        longid[sizeof longid - 1] = '\0';
        check(program_find_engagement(&p, longid, "D5") == -1, "an offering ID too long for the key is not found");
        /* the SHA-256 of the file's bytes, as sha256sum says */
        char cmd[400], want[65] = "", got[65];
        snprintf(cmd, sizeof cmd, "sha256sum %s/program.xml", dir);
        FILE *sh = popen(cmd, "r");
        if (sh) {
            if (!fgets(want, sizeof want, sh))
                want[0] = '\0';
            pclose(sh);
        }
        for (int i = 0; i < 32; i++)
            snprintf(got + 2 * i, 3, "%02x", p.sha256[i]);
        check(strcmp(want, got) == 0, "the SHA-256 of the file's bytes");
        program_free(&p);
    }

    /* ---- what is refused ---- */
    snprintf(msg, sizeof msg, "%s/nothing.xml", dir);
    char *buf = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&buf, &len);
    rc = program_load(&p, msg, SCHEMA, err);
    fclose(err);
    check(rc == -1 && buf && strstr(buf, "/nothing.xml: error: cannot read the program definition\n"),
          "a missing file: 'cannot read the program definition'");
    free(buf);

    rc = load(&p, HEAD MS "<window", msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:") && error_lines(msg) >= 1,
          "malformed XML: the parser's FILE:LINE: error: lines");

    rc = load(&p, "<?xml version=\"1.0\"?>\n<!DOCTYPE program [<!ENTITY x \"2020-02-01\">]>\n"
                  "<program version=\"1\" id=\"sa\"/>\n", msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:2: error: a DOCTYPE is not allowed") && error_lines(msg) == 1,
          "a DOCTYPE (an entity definition): refused at its line (libxml2 says -1 for it)");

    rc = load(&p, "<?xml version=\"1.0\"?>\n<vouchers-export/>\n", msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:2: error: the root element is not <program>") &&
              error_lines(msg) == 1,
          "another root element: 'the root element is not <program>'");

    rc = load_with(&p, GOOD, "input/schema/none.xsd", msg, sizeof msg);
    check(rc == -1 && strstr(msg, "input/schema/none.xsd: error: cannot load the schema"),
          "a missing schema: 'cannot load the schema', naming it");

    rc = load(&p, HEAD MS WIN "  <bonus/>\n" OFF("DDPS", ENG("D5", "false")) TAIL, msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:13: error: ") && strstr(msg, "bonus") && error_lines(msg) >= 1,
          "an element the schema does not know: refused at its line");
    rc = load(&p, HEAD "  <milestone id=\"accrual-end\" date=\"2021-02-30\"/>\n" WIN OFF("DDPS", ENG("D5", "false")) TAIL,
              msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:4: error: ") && strstr(msg, "2021-02-30"),
          "a date that does not exist (30 February): refused at its line");
    rc = load(&p, HEAD "  <milestone id=\"end-of-world\" date=\"2021-02-01\"/>\n" WIN OFF("DDPS", ENG("D5", "false")) TAIL,
              msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:4: error: ") && strstr(msg, "end-of-world"),
          "a milestone the schema does not list: refused");
    rc = load(&p, HEAD MS WIN OFF("DDPS", ENG("D5", "maybe")) TAIL, msg, sizeof msg);
    check(rc == -1 && strstr(msg, "maybe"), "cloud=\"maybe\": refused");
    rc = load(&p, HEAD MS WIN OFF("DDPS", "    <engagement id=\"D5\" name=\"E\" days=\"5\">"
                                          "<competency name=\"C\"/><exam id=\"X\"/></engagement>\n") TAIL,
              msg, sizeof msg);
    if (rc != 0)
        printf("# %s", msg);
    check(rc == 0 && !msg[0] && p.n_eng == 1 && !p.eng[0].cloud && p.eng[0].days == 5,
          "an engagement without cloud: not a cloud one (the schema's default false)");
    if (rc == 0)
        program_free(&p);

    /* valid against the schema, but not a definition the rules can use */
    rc = load(&p, HEAD "  <milestone id=\"accrual-end\" date=\"2021-02-01\"/>\n" WIN OFF("DDPS", ENG("D5", "false")) TAIL,
              msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml: error: the program definition has no milestone 'redeem-last-day'") &&
              strstr(msg, "no milestone 'cloud-engagements-retired'") && !strstr(msg, "no milestone 'accrual-end'") &&
              error_lines(msg) == 5,
          "five milestones missing: each named, one line each");
    rc = load(&p, HEAD MS "  <window id=\"voucher-validity\" days=\"180\"/>\n" OFF("DDPS", ENG("D5", "false")) TAIL,
              msg, sizeof msg);
    check(rc == -1 && strstr(msg, "has no window 'payment-request'") && strstr(msg, "has no window 'deadline-warning'") &&
              error_lines(msg) == 2,
          "two windows missing: each named");
    rc = load(&p, HEAD MS "  <milestone id=\"accrual-end\" date=\"2030-01-01\"/>\n" WIN OFF("DDPS", ENG("D5", "false")) TAIL,
              msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:10: error: milestone 'accrual-end' given twice") && error_lines(msg) == 1,
          "a milestone given twice (which date would hold?): refused at the second");
    rc = load(&p, HEAD MS WIN "  <window id=\"payment-request\" days=\"6000\"/>\n" OFF("DDPS", ENG("D5", "false")) TAIL,
              msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:13: error: window 'payment-request' given twice") && error_lines(msg) == 1,
          "a window given twice: refused at the second");
    rc = load(&p, HEAD "  <milestone id=\"accrual-end\" date=\"2021-02-01Z\"/>\n" MS WIN OFF("DDPS", ENG("D5", "false")) TAIL,
              msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:4: error: milestone 'accrual-end': '2021-02-01Z' is not a date "
                                  "YYYY-MM-DD") && !strstr(msg, "no milestone"),
          "a date with a time zone (valid xs:date): refused as not YYYY-MM-DD, not as missing");
    rc = load(&p, HEAD MS WIN "  <validity-extension created-before=\"12020-04-01\" days=\"90\"/>\n"
                  OFF("DDPS", ENG("D5", "false")) TAIL, msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:13: error: validity-extension: '12020-04-01' is not a date YYYY-MM-DD"),
          "an extension's five-digit year (valid xs:date): refused");
    rc = load(&p, HEAD MS WIN OFF("DDPS", ENG("D5", "false") ENG("D5", "true")) TAIL, msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:15: error: engagement D5 defined twice in offering DDPS") &&
              error_lines(msg) == 1,
          "an engagement defined twice in its offering: refused at the second");
    rc = load(&p, HEAD MS WIN OFF("DDPS", ENG("D5", "false")) OFF("DDPS", ENG("D10", "false")) TAIL, msg, sizeof msg);
    check(rc == -1 && strstr(msg, "/program.xml:16: error: offering DDPS defined twice") && error_lines(msg) == 1,
          "an offering defined twice: refused (it was said as an error, and loaded)");
    rc = load(&p, HEAD MS WIN OFF("DDPS", ENG("D5", "false")) OFF("AZ", ENG("D5", "false")) TAIL, msg, sizeof msg);
    check(rc == 0 && !msg[0], "the same engagement ID in two offerings is two engagements");
    if (rc == 0)
        program_free(&p);

    snprintf(msg, sizeof msg, "rm -rf '%s'", dir);
    if (system(msg) != 0)
        return 1;
    return failed;
}
