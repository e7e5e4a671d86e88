/* test_util.c - the small utilities at their edges: the arena (big allocations, adopting
 * blocks), the calendar before year 1 and after 9999, the xmltree.h readers (empty,
 * namespaced and entity-holding attributes), and the allocation policy itself: out of
 * memory is one line and exit 4, removes the temporary being written, and in a -j
 * worker is silent with its own status for the parent to say once; the allocator
 * (mimalloc) set for reading and for writing. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "util/alloc.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/output.h"
#include "util/xmltree.h"

#include <libxml/parser.h>
#include <mimalloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - util: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static int p(const char *s) { return date_parse(s, strlen(s)); }

/* Runs fn in a child with stderr to a pipe: its exit status, what it said in said. */
static int child(void (*fn)(void), char *said, size_t n)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        fn();
        _exit(0);
    }
    close(fds[1]);
    ssize_t got, len = 0;
    while ((got = read(fds[0], said + len, n - 1 - (size_t)len)) > 0)
        len += got;
    said[len] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char dir[] = "/tmp/psreport-util-XXXXXX";

static void oom_writing(void)
{
    outfile_t o;
    char path[300];
    snprintf(path, sizeof path, "%s/report.pdf", dir);
    if (out_begin(&o, path) != 0)
        _exit(9);
    fputs("half a report", o.f);
    fflush(o.f);
    /* what xmalloc does when malloc gives NULL (a real failing malloc would stop an ASan
     * build first: its allocator refuses huge sizes itself) */
    ALLOC_CHECK(NULL);
    _exit(8);
}

static void oom_worker(void)
{
    alloc_quiet_worker();
    oom_writing();
}

int main(void)
{
    /* ---- the arena ---- */
    arena_t a = {0}, b = {0}, c = {0};
    char *s1 = arena_strdup(&a, "first");
    char *fits = arena_alloc(&a, 600000); /* in the first 1 MB block */
    char *big = arena_alloc(&a, 600000);  /* not there any more, and past a quarter block */
    char *s2 = arena_strdup(&a, "second");
    check(fits == s1 + 8 && s2 == fits + 600000 && big[0] == 0 && big[599999] == 0 &&
              a.total == 8 + 1200000 + 8,
          "a big allocation that does not fit gets its own block, behind the current one, "
          "which goes on serving");
    check(arena_strdup(&a, NULL) == NULL && ((uintptr_t)arena_alloc(&a, 3) & 7) == 0,
          "NULL stays NULL; allocations are 8-byte aligned");
    arena_strdup(&b, "b");
    arena_alloc(&b, 600000);
    arena_alloc(&b, 600000);
    size_t before = a.total;
    arena_adopt(&a, &b);
    check(a.total == before + 8 + 1200000 && !b.head && b.total == 0,
          "adopting two blocks: their bytes counted in dst, src left empty");
    char *s3 = arena_strdup(&a, "third");
    check(s3 == s2 + 8 + 8, "... and dst's current block still serves the next allocation");
    arena_adopt(&c, &a);
    check(c.head && !a.head && c.total > 1200000, "adopting into an empty arena takes src's blocks");
    arena_adopt(&c, &b);
    check(c.total > 1200000, "adopting an empty arena changes nothing");
    arena_free(&c);
    arena_free(&a);

    /* ---- the calendar at its edges ---- */
    char buf[11], text[64];
    const char *months[12] = {"January", NULL};
    check(p("0001-01-01") == date_from_ymd(1, 1, 1) && p("0000-01-01") == DATE_NONE,
          "year 1 is the first date; year 0 is refused");
    int y, m, d;
    date_to_ymd(date_from_ymd(-44, 3, 15), &y, &m, &d);
    check(y == -44 && m == 3 && d == 15, "the calendar runs before year 1 (15 March 44 BC, proleptic)");
    date_format(date_from_ymd(-44, 3, 15), buf);
    check(strcmp(buf, "0000-03-15") == 0, "such a year is written 0000, never as garbage");
    date_format(date_from_ymd(12021, 5, 1), buf);
    check(strcmp(buf, "0000-05-01") == 0, "a year past 9999 too");
    check(p("2021/05/01") == DATE_NONE && p("2021-5-01x") == DATE_NONE && p("2021-0a-01") == DATE_NONE &&
              p("20a1-05-01") == DATE_NONE && p("2021-05-0a") == DATE_NONE && p("2021-05-00") == DATE_NONE,
          "wrong separators and non-digits are refused");
    check(date_parse_timestamp("2021-05-31T22:00:00Z") == p("2021-05-31") &&
              date_parse_timestamp("2021-05-31") == p("2021-05-31") &&
              date_parse_timestamp("2021-05-31 22:00") == DATE_NONE && date_parse_timestamp("2021") == DATE_NONE,
          "timestamps: a T after the date, or the date alone");
    check(date_format_text(DATE_NONE, months, text, sizeof text) == 0 && text[0] == '\0' &&
              date_format_text(DATE_NONE, months, NULL, 0) == 0,
          "no date is written as nothing (even into no buffer)");
    date_format_text(p("2021-02-03"), months, text, sizeof text);
    check(strcmp(text, "3  2021") == 0, "a month without its name in the catalogue is left empty, not NULL");
    check(strcmp(date_text_of_iso(NULL, months, text, sizeof text), "") == 0 &&
              strcmp(date_text_of_iso("someday", months, text, sizeof text), "someday") == 0 &&
              strcmp(date_text_of_iso("2021-01-05", months, text, sizeof text), "5 January 2021") == 0,
          "date_text_of_iso: NULL, not a date (as it is), a date (in words)");
    check(date_weekday(p("1969-12-31")) == 2 && date_weekday(p("1970-01-05")) == 0,
          "weekdays before 1970 (Wednesday) and after (Monday)");

    /* ---- xmltree.h ---- */
    static const char xml[] = "<!DOCTYPE r [<!ENTITY who \"Contoso\">]>\n"
                              "<r xmlns:p=\"urn:p\" empty=\"\" p:ns=\"no\" ent=\"by &who;\" v=\"x\">"
                              "<a/><b/><a/>text</r>";
    xmlDocPtr doc = xmlReadMemory(xml, (int)sizeof xml - 1, "t.xml", NULL, 0);
    xmlNodePtr r = xmlDocGetRootElement(doc);
    check(doc && xt_count(r, "a") == 2 && xt_child(r, "b") && !xt_child(r, "c") && !xt_child(NULL, "a"),
          "xt_count, xt_child (also of no node)");
    check(xt_at(r, "empty") && strcmp(xt_at(r, "empty"), "") == 0 && !xt_at(r, "ns") && !xt_at(r, "none") &&
              !xt_attr(NULL, "v") && strcmp(xt_at(r, "v"), "x") == 0,
          "an empty attribute is \"\", a namespaced one is not matched by its bare name");
    char *ent = xt_prop(r, "ent");
    check(!xt_at(r, "ent") && ent && strcmp(ent, "by Contoso") == 0,
          "an attribute holding an entity reference: not borrowed, copied with the entity expanded");
    free(ent);
    check(xt_prop(r, "none") == NULL, "xt_prop of an absent attribute is NULL");
    xmlChar *content = xt_content(r);
    check(strcmp((const char *)content, "text") == 0, "xt_content");
    xmlFree(content);
    xt_set(r, "set", NULL);
    xt_set(r, "set", "yes");
    check(strcmp(xt_at(r, "set"), "yes") == 0, "xt_set sets; NULL sets nothing");
    xmlFreeDoc(doc);
    xmlError huge = {.code = XML_ERR_NO_MEMORY, .message = "Memory allocation failed : huge text node"};
    xmlError other = {.code = XML_ERR_DOCUMENT_EMPTY, .message = "empty"};
    xt_check_memory(&huge);
    xt_check_memory(&other);
    xt_check_memory(NULL);
    check(1, "xt_check_memory: libxml2's huge-text-node limit and other errors are not out of memory");

    /* ---- the allocation policy ---- */
    void *z = xmalloc(0), *zc = xcalloc(0, 0), *zr = xrealloc(NULL, 0);
    check(z && zc && zr && xstrdup(NULL) == NULL && xstrndup(NULL, 3) == NULL,
          "zero-byte allocations are real ones; NULL strings stay NULL");
    free(z);
    free(zc);
    free(zr);
    char said[512];
    if (!mkdtemp(dir))
        return 1;
    int st = child(oom_writing, said, sizeof said);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s)\"", dir);
    check(st == 4 && strcmp(said, "psreport: out of memory; the run is stopped, no report that misses "
                                  "records is written\n") == 0,
          "out of memory: one line on stderr, exit 4");
    check(system(cmd) == 0, "... and the temporary being written is removed, nothing renamed");
    st = child(oom_worker, said, sizeof said);
    check(st == ALLOC_WORKER_STATUS && said[0] == '\0' && system(cmd) == 0,
          "in a -j worker: nothing said, its own exit status, the temporary removed");
    rmdir(dir);

    /* ---- the allocator's stages (alloc.h) ---- */
    long delay = mi_option_get(mi_option_decommit_delay);
    alloc_for_writing(); /* before any reading: leaves mimalloc's default */
    check(mi_option_get(mi_option_decommit_delay) == delay && delay > 0,
          "writing before reading keeps mimalloc's own decommit delay");
    alloc_for_reading();
    check(mi_option_get(mi_option_decommit_delay) == 0, "reading: freed pages go back at once");
    void *x = malloc(1 << 20);
#ifdef __SANITIZE_ADDRESS__ /* AddressSanitizer's malloc comes first, and stays */
    check(x && !mi_is_in_heap_region(x), "malloc is AddressSanitizer's under ASan");
#else
    xmlChar *lib = xmlStrdup((const xmlChar *)"a library's block");
    check(x && mi_is_in_heap_region(x) && lib && mi_is_in_heap_region(lib),
          "malloc is mimalloc's, a library's (libxml2) as ours");
    xmlFree(lib);
#endif
    free(x);
    alloc_for_reading(); /* twice: the writing delay is still the default */
    alloc_for_writing();
    check(mi_option_get(mi_option_decommit_delay) == delay, "writing: the default delay again");
    return failed;
}
