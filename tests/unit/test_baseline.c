/* test_baseline.c - reading an earlier findings.json (--baseline): the usage errors, the
 * keys, new / unchanged / resolved. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "baseline.h"

#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;
static char dir[] = "/tmp/psreport-baseline-XXXXXX";

static void check(int cond, const char *what)
{
    printf("%s - baseline: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int d(const char *s) { return date_parse(s, strlen(s)); }

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

/* Loads text as a baseline for programme "sa" as of as_of; returns baseline_load's
 * result, the message in err. */
static int load(baseline_t *b, const char *text, const char *as_of, char *err, size_t n)
{
    err[0] = 0;
    return baseline_load(b, file("findings.json", text), "sa", d(as_of), err, n);
}

#define HEAD "{\"tool\": {\"name\": \"psreport\", \"version\": \"0.1.0\"}, \"program\": \"sa\", "

int main(void)
{
    baseline_t b;
    char err[600];
    strbuf_t key = {0};
    if (!mkdtemp(dir))
        return 1;

    check(load(&b, "{\"tool\": ", "2021-05-31", err, sizeof err) < 0 && strstr(err, dir) &&
              strstr(err, "not valid JSON (line 1"),
          "a file that is not JSON is refused, naming the file and the line");
    baseline_free(&b);
    check(load(&b, "{\"findings\": []}", "2021-05-31", err, sizeof err) < 0 &&
              strstr(err, "not a findings.json") && strstr(err, dir),
          "JSON that is not a findings.json is refused");
    baseline_free(&b);
    check(load(&b, "{\"tool\": {\"name\": \"psreport\"}, \"as_of\": \"2021-04-30\", \"findings\": []}",
               "2021-05-31", err, sizeof err) < 0 && strstr(err, "not a findings.json written by psreport"),
          "a findings.json without its programme is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"findings\": []}", "2021-05-31", err, sizeof err) < 0 &&
              strstr(err, "not a findings.json written by psreport"),
          "a findings.json without its as_of is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-04-30\"}", "2021-05-31", err, sizeof err) < 0 &&
              strstr(err, "not a findings.json written by psreport"),
          "a findings.json without its findings is refused");
    baseline_free(&b);
    check(load(&b, "[1, 2]", "2021-05-31", err, sizeof err) < 0 &&
              strstr(err, "not a findings.json"),
          "a JSON array is not a findings.json");
    baseline_free(&b);
    check(load(&b,
               "{\"tool\": {\"name\": \"othertool\"}, \"program\": \"sa\", \"as_of\": "
               "\"2021-04-30\", \"findings\": []}",
               "2021-05-31", err, sizeof err) < 0 &&
              strstr(err, "not a findings.json"),
          "another tool's file is refused");
    baseline_free(&b);
    check(load(&b,
               "{\"tool\": {\"name\": \"psreport\"}, \"program\": \"other\", \"as_of\": "
               "\"2021-04-30\", \"findings\": []}",
               "2021-05-31", err, sizeof err) < 0 &&
              strstr(err, "programme \"other\""),
          "a baseline of another programme is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-06-01\", \"findings\": []}", "2021-05-31", err,
               sizeof err) < 0 &&
              strstr(err, "2021-06-01, later than this run's as-of 2021-05-31"),
          "a baseline one day later than as-of is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-05-31\", \"findings\": []}", "2021-05-31", err,
               sizeof err) == 0,
          "a baseline on the same as-of is accepted");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-05-31\", \"findings\": [{\"rule\": 3}]}",
               "2021-05-31", err, sizeof err) < 0 &&
              strstr(err, "finding 1"),
          "a finding whose rule is not a string is refused");
    baseline_free(&b);

    const char *two =
        HEAD "\"as_of\": \"2021-04-30\", \"inputs\": [{\"path\": \"in/p.xml\"}], \"findings\": ["
             "{\"rule\": \"agreement-missing\", \"severity\": \"error\", \"partner\": \"P1\", "
             "\"customer\": \"C1\", \"voucher\": \"V1\", \"date\": \"2021-03-01\", \"change\": null},"
             "{\"rule\": \"profile-missing\", \"partner\": \"P1\", \"customer\": null, "
             "\"voucher\": null, \"date\": null},"
             "{\"rule\": \"accrual-after-end\", \"partner\": null, \"customer\": \"C1\", "
             "\"voucher\": null, \"date\": \"2021-02-01\"},"
             "{\"rule\": \"voucher-expired\", \"partner\": \"P1\", \"customer\": \"C1\", "
             "\"voucher\": \"V2\", \"date\": \"2021-04-01\"}]}";
    check(load(&b, two, "2021-05-31", err, sizeof err) == 0 && b.n == 4 &&
              b.as_of == d("2021-04-30"),
          "a findings.json is read: its as-of and findings");
    check(baseline_match(&b, &key, "agreement-missing", "P1", "C1", "V1", d("2021-03-05")),
          "a voucher finding is unchanged whatever its date");
    check(!baseline_match(&b, &key, "agreement-missing", "P2", "C1", "V1", d("2021-03-01")),
          "another partner: new");
    check(baseline_match(&b, &key, "profile-missing", "P1", NULL, NULL, DATE_NONE),
          "a null-dated finding with no voucher: unchanged");
    check(!baseline_match(&b, &key, "accrual-after-end", NULL, "C1", NULL, d("2021-02-02")),
          "a finding with no voucher and another date: new");
    check(!baseline_match(&b, &key, "profile-missing", NULL, "P1", NULL, DATE_NONE),
          "partner and customer are different fields");
    check(!baseline_resolved(&b, 0) && !baseline_resolved(&b, 1) && baseline_resolved(&b, 2) &&
              baseline_resolved(&b, 3),
          "baseline findings no current finding matched are resolved");
    char *j = baseline_finding_json(&b, 3);
    check(strstr(j, "\"voucher\":\"V2\"") && strstr(j, "\"change\":\"resolved\""),
          "a resolved finding keeps its fields, its change is \"resolved\"");
    free(j);
    j = baseline_inputs_json(&b);
    check(strcmp(j, "[{\"path\":\"in/p.xml\"}]") == 0, "the baseline's inputs are kept");
    free(j);
    baseline_free(&b);

    /* what a damaged or hand-made findings.json can hold */
    check(load(&b, HEAD "\"as_of\": \"2021-13-01\", \"findings\": []}", "2021-05-31", err,
               sizeof err) < 0 && strstr(err, "not a findings.json written by psreport (bad as_of)"),
          "an impossible as_of (month 13) is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-04-30\", \"findings\": {}}", "2021-05-31", err,
               sizeof err) < 0 && strstr(err, "not a findings.json written by psreport"),
          "findings that are not an array are refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-04-30\", \"findings\": [\"agreement-missing\"]}",
               "2021-05-31", err, sizeof err) < 0 && strstr(err, "(finding 1)"),
          "a finding that is not an object is refused, by its number");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-04-30\", \"findings\": [{\"rule\": null}]}",
               "2021-05-31", err, sizeof err) < 0 && strstr(err, "(finding 1)"),
          "a finding without a rule is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-04-30\", \"findings\": [{\"rule\": \"r\"}, "
                   "{\"rule\": \"r\", \"date\": \"2021-02-30\"}]}",
               "2021-05-31", err, sizeof err) < 0 && strstr(err, "(finding 2)"),
          "an impossible date in a finding is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-04-30\", \"findings\": [{\"rule\": \"r\", "
                   "\"partner\": 4412345}]}",
               "2021-05-31", err, sizeof err) < 0 && strstr(err, "(finding 1)"),
          "a partner ID that is a number, not a string, is refused");
    baseline_free(&b);
    check(load(&b, HEAD "\"as_of\": \"2021-04-30\", \"findings\": [{\"rule\": \"r\", "
                   "\"severity\": \"warning\", \"waiver\": {\"id\": \"W1\"}}, {\"rule\": \"s\", "
                   "\"severity\": \"error\", \"waiver\": null}, {\"rule\": \"s\", "
                   "\"severity\": \"error\"}]}",
               "2021-05-31", err, sizeof err) == 0 && b.n == 3 && b.f[0].waived && !b.f[0].error &&
              !b.f[1].waived && b.f[1].error,
          "waived or not (a null waiver is none), error or warning");
    check(baseline_match(&b, &key, "s", NULL, NULL, NULL, DATE_NONE) &&
              !baseline_resolved(&b, 1) && !baseline_resolved(&b, 2),
          "two equal findings in a baseline: one current finding leaves neither resolved");
    j = baseline_inputs_json(&b);
    check(strcmp(j, "[]") == 0, "a baseline without inputs gives an empty list of them");
    free(j);
    baseline_free(&b);

    /* IDs with the key's own punctuation cannot make two keys equal */
    strbuf_t k2 = {0};
    baseline_key(&key, "r", "1:a", NULL, "v", DATE_NONE);
    baseline_key(&k2, "r", "1", ":a", "v", DATE_NONE);
    check(strcmp(key.s, k2.s) != 0, "keys are unambiguous");
    sb_free(&k2);
    sb_free(&key);

    unlink(file("findings.json", ""));
    rmdir(dir);
    return failed;
}
