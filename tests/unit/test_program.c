/* test_program.c - the program definition through program.h: the shipped input/program.xml
 * loads with the dates and windows of ../shared/spec/programme-facts.md, to the day; a
 * definition that is broken (not XML, not valid, incomplete, ambiguous) is refused with a
 * "FILE[:LINE]: error: ..." message and nothing loaded. The broken ones are the shipped
 * file with one edit each, so each case differs from a good definition in one place. */
#define _POSIX_C_SOURCE 200809L
#include "program.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - program: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static const char *schema = "input/schema/program.xsd";

static int day_is(int day, const char *want)
{
    char buf[11];
    if (day == DATE_NONE)
        return 0;
    date_format(day, buf);
    return strcmp(buf, want) == 0;
}

static void shipped(void)
{
    program_t p;
    if (program_load(&p, "input/program.xml", schema, stderr) != 0) {
        check(0, "input/program.xml loads");
        return;
    }
    check(!strcmp(p.id, "sa-planning-services") && p.version && !strcmp(p.version, "1"),
          "input/program.xml loads: id sa-planning-services, version 1");
    /* programme-facts.md, "Timeline" */
    check(day_is(p.milestone[MS_CLOUD_RETIRED], "2020-02-01") &&
              day_is(p.milestone[MS_TRAINING_CONVERSION_END], "2020-02-01"),
          "cloud engagements retired and training conversion ended 2020-02-01");
    check(day_is(p.milestone[MS_ACCRUAL_END], "2021-02-01"), "accrual ends 2021-02-01");
    check(day_is(p.milestone[MS_CREATE_LAST_DAY], "2021-06-30") &&
              day_is(p.milestone[MS_DAYS_REMOVED], "2021-07-01") &&
              p.milestone[MS_DAYS_REMOVED] - p.milestone[MS_CREATE_LAST_DAY] == 1,
          "last day to create 2021-06-30, days removed the next day, 2021-07-01");
    check(day_is(p.milestone[MS_REDEEM_LAST_DAY], "2022-01-01"), "redeem last day 2022-01-01");
    check(p.window[WIN_VALIDITY] == 180 && p.window[WIN_PAYMENT] == 60,
          "a voucher is valid 180 days; payment requested within 60 days");
    check(p.n_ext == 1 && day_is(p.ext[0].created_before, "2020-04-01") && p.ext[0].days == 90,
          "COVID-19 relief: created before 2020-04-01, 90 more days");
    /* programme-facts.md, "Offerings and engagements" */
    static const char *offerings[] = {"DDPS", "DYDPS", "PVDPS", "SDPS", "S-EDPS", "SSDPS"};
    int all = 1;
    for (size_t k = 0; k < sizeof offerings / sizeof *offerings; k++)
        all &= program_find_offering(&p, offerings[k]) >= 0;
    check(all, "the six offerings of 2020-2021 are defined");
    int lengths = 1, non_cloud = 0;
    for (int i = 0; i < p.n_eng; i++) {
        int d = p.eng[i].days;
        lengths &= d == 1 || d == 3 || d == 5 || d == 10 || d == 15;
        non_cloud += !p.eng[i].cloud;
    }
    check(lengths, "every engagement's maximum is 1, 3, 5, 10 or 15 days");
    check(non_cloud == 12, "12 engagements not retired as cloud (the spec's table)");
    int e = program_find_engagement(&p, "DDPS", "DDPS-WINOFF");
    check(e >= 0 && !strcmp(p.eng[e].name, "Windows and Office Deployment Planning") &&
              p.eng[e].n_comp == 1 && !strcmp(p.eng[e].comp[0], "Windows and Devices"),
          "DDPS-WINOFF: its name and its one qualifying competency");
    check(program_find_engagement(&p, "SDPS", "DDPS-WINOFF") == -1 &&
              program_find_engagement(&p, "NOPE", "DDPS-WINOFF") == -1 &&
              program_find_offering(&p, "ddps") == -1,
          "an engagement is found only under its own offering; IDs are case-sensitive");
    program_free(&p);
}

static char *text; /* input/program.xml */

/* Writes the shipped definition with `from` replaced by `to` (its first occurrence; the
 * file cut after `from` when to is NULL) and loads it. Returns what program_load said. */
static int load_edited(const char *from, const char *to, char *msg, size_t size, char *path)
{
    strcpy(path, "/tmp/test_program_XXXXXX");
    int fd = mkstemp(path);
    const char *at = strstr(text, from);
    if (fd < 0 || !at) {
        fprintf(stderr, "# '%s' not in input/program.xml\n", from);
        if (fd >= 0)
            close(fd);
        return 0;
    }
    FILE *f = fdopen(fd, "w");
    fwrite(text, 1, (size_t)(at - text), f);
    if (to)
        fprintf(f, "%s%s", to, at + strlen(from));
    else
        fputs(from, f);
    fclose(f);
    FILE *err = fmemopen(msg, size, "w");
    program_t p;
    memset(msg, 0, size);
    int rc = program_load(&p, path, schema, err);
    fclose(err);
    if (rc == 0)
        program_free(&p);
    unlink(path);
    return rc;
}

/* Refused, with "PATH" + `where` + ": error: " and `words` in the message. */
static void refused(const char *what, const char *from, const char *to, const char *where,
                    const char *words)
{
    char msg[4096], path[64], want[128];
    int rc = load_edited(from, to, msg, sizeof msg, path);
    snprintf(want, sizeof want, "%s%s: error: ", path, where);
    int ok = rc == -1 && strstr(msg, want) && (!words || strstr(msg, words));
    if (!ok)
        fprintf(stderr, "# rc %d, said: %s", rc, msg);
    check(ok, what);
}

static void broken(void)
{
    FILE *f = fopen("input/program.xml", "r");
    text = calloc(1, 1 << 16);
    if (!f || fread(text, 1, (1 << 16) - 1, f) == 0) {
        check(0, "input/program.xml read");
        return;
    }
    fclose(f);
    char msg[4096], path[64];
    check(load_edited("<name>", "<name>", msg, sizeof msg, path) == 0 && !msg[0],
          "the shipped text written back loads, silently");
    refused("a definition cut short is not XML: refused at a line", "  <window id=\"payment",
            NULL, ":18", NULL);
    refused("an impossible date (2021-02-30) is refused by the schema at its line (12)",
            "date=\"2021-02-01\"", "date=\"2021-02-30\"", ":12", NULL);
    refused("a milestone left out is refused, by name",
            "<milestone id=\"redeem-last-day\"           date=\"2022-01-01\"/>", "", "",
            "redeem-last-day");
    refused("a window left out is refused, by name",
            "<window id=\"payment-request\"  days=\"60\"/>", "", "", "payment-request");
    refused("an offering defined twice is refused at the second one", "<offering id=\"DYDPS\"",
            "<offering id=\"DDPS\"", ":51", "offering DDPS defined twice");
    refused("a DOCTYPE is refused", "<program ",
            "<!DOCTYPE program [<!ENTITY x \"y\">]>\n<program ", ":6", "DOCTYPE");
    free(text);

    program_t p;
    char missing[64];
    FILE *err = fmemopen(msg, sizeof msg, "w");
    memset(msg, 0, sizeof msg);
    strcpy(missing, "/nonexistent/program.xml");
    int rc = program_load(&p, missing, schema, err);
    fclose(err);
    check(rc == -1 && strstr(msg, "/nonexistent/program.xml: error: cannot read"),
          "a missing file: cannot read the program definition");
}

int main(void)
{
    shipped();
    broken();
    return failed;
}
