/* test_messages.c - messages.c: the catalogues a run reads (every way one is refused, each
 * said as "PATH[:LINE]: error: ..."), the language laid over English, and the filling of
 * every {placeholder} of a rule's message, with and without what it names. */
#define _DEFAULT_SOURCE
#include "messages.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failed;
static char dir[] = "/tmp/psreport-test-messages-XXXXXX";

static void check(int cond, const char *what)
{
    printf("%s - messages: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

/* got == want, both printed when they differ */
static void check_text(const char *got, const char *want, const char *what)
{
    if (strcmp(got, want) != 0)
        printf("# got  %s\n# want %s\n", got, want);
    check(strcmp(got, want) == 0, what);
}

static void put_file(const char *name, const char *text)
{
    char path[200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        exit(2);
    fputs(text, f);
    fclose(f);
}

/* cat_load on dir in lang; its stderr (what it said) in said[]. */
static char said[2000];
static int load(catalogue_t *c, const char *lang)
{
    FILE *err = tmpfile();
    int rc = cat_load(c, dir, lang, err);
    rewind(err);
    size_t n = fread(said, 1, sizeof said - 1, err);
    said[n] = '\0';
    fclose(err);
    return rc;
}

static const char good_labels[] =
    "<catalogue><label key=\"list-or\">or</label><label key=\"month-3\">March</label>"
    "<label key=\"month-short-3\">Mar</label></catalogue>";

/* A rule catalogue that fails to load: said with the file's path, the line and why. */
static void refused(const char *rules, const char *labels, const char *want, const char *what)
{
    put_file("rules.en.xml", rules);
    put_file("en.xml", labels ? labels : good_labels);
    catalogue_t c;
    int rc = load(&c, "en");
    char path[200];
    snprintf(path, sizeof path, "%s/%s", dir, labels ? "en.xml" : "rules.en.xml");
    int ok = rc != 0 && strncmp(said, path, strlen(path)) == 0 && strstr(said, want) &&
             strchr(said, '\n') == said + strlen(said) - 1;
    if (!ok)
        printf("# said: %s", said);
    check(ok, what);
}

static void refusals(void)
{
    refused("<catalogue><rule id=\"a\"><message>x</message></rule></catalogue>\n<extra/>",
            NULL, ":2: error: the message catalogue is not well-formed XML: Extra content",
            "content after the root: not well-formed, at its line");
    refused("<catalogue>\n<rule id='a'><x:message>x</x:message></rule></catalogue>", NULL,
            ":2: error: the message catalogue is not well-formed XML: Namespace prefix x",
            "an undeclared namespace prefix (libxml2 gives a tree, with an error): refused");
    refused("<catalogue><a></b><c></d></catalogue>", NULL,
            ":1: error: the message catalogue is not well-formed XML: Opening and ending tag mismatch",
            "two errors: the first is said");
    refused("<catalogue xmlns=\"urn:x\"><rule id=\"a\"/></catalogue>", NULL,
            ":1: error: the root element is not <catalogue>", "a root in a namespace");
    refused("<messages><rule id=\"a\"/></messages>", NULL,
            ":1: error: the root element is not <catalogue>", "another root element");
    refused("<catalogue>\n<rule title=\"t\"/></catalogue>", NULL,
            ":2: error: an entry without its id", "a rule without its id");
    refused("<catalogue>\n<status id=\"\">x</status></catalogue>", NULL,
            ":2: error: an entry without its id", "an entry with an empty id");
    refused("<catalogue>\n<!-- none -->\n</catalogue>", NULL,
            ":1: error: the catalogue holds no entry", "a rule catalogue without an entry");
    refused("<catalogue><rule id=\"a\"/></catalogue>", "<catalogue>\n<label key=\"\">x</label></catalogue>",
            ":2: error: a <label> without its key", "a label with an empty key");
    refused("<catalogue><rule id=\"a\"/></catalogue>", "<catalogue>\n<status id=\"s\">x</status></catalogue>",
            ":2: error: a label catalogue holds only <label key=\"...\"> elements",
            "a label catalogue holding something else");
    refused("<catalogue><rule id=\"a\"/></catalogue>", "<catalogue> </catalogue>",
            ":1: error: the catalogue holds no label", "a label catalogue without a label");
    refused("<catalogue><rule id=\"a\"/></catalogue>", "",
            ": error: the message catalogue is not well-formed XML:", "an empty label catalogue");
}

/* Every placeholder of fill(), with a voucher, an engagement and the words of an ingest
 * finding, then without them. */
static void placeholders(void)
{
    const char *rule = rule_info[R_DUPLICATE_ID].name;
    char rules[4000];
    snprintf(rules, sizeof rules,
             "<catalogue>"
             "<rule id=\"%s\">"
             "<message>v={voucher} p={partner} c={customer} o={offering} g={engagement} "
             "k={consultant} d={date} d1={d1} d2={d2} as={as-of} n1={n1} n2={n2} "
             "e1={ev1} e2={ev2} comp={competencies} ex={exams} st={status} t={text} "
             "l={line} el={element} at={attribute} va={value} pl={place} r={record} "
             "li={list} u={unknown} open={</message>"
             "<message variant=\"no-consultant\">variant</message>"
             "<remedy>plain remedy {n1}</remedy><remedy variant=\"closed\">closed remedy</remedy>"
             "</rule>"
             "<rule id=\"%s\" title=\"Invalid record\"/>"
             "<event id=\"%s\">made</event><status id=\"%s\">open</status>"
             "<record id=\"voucher\">voucher record</record>"
             "</catalogue>",
             rule, rule_info[R_INVALID_RECORD].name, event_names[EV_ASSIGNED], status_names[ST_ASSIGNED]);
    put_file("rules.en.xml", rules);
    put_file("en.xml", "<catalogue><label key=\"list-or\">or</label>"
                       "<label key=\"date-elide-days\">8 11</label>"
                       "<label key=\"date-elisions\">the=th' bad del=dell'</label>"
                       "<label key=\"month-3\">March</label></catalogue>");
    catalogue_t c;
    if (load(&c, "en") != 0) {
        check(0, "the test catalogue loads");
        printf("# %s", said);
        return;
    }
    check(strcmp(c.months[2], "March") == 0 && strcmp(c.months_short[2], "March") == 0 &&
              strcmp(c.months[0], "01") == 0,
          "month names: the label, the long name for a missing short one, else the number");
    check(strcmp(cat_get(&c, "rule", rule_info[R_INVALID_RECORD].name, "title", "-"), "Invalid record") == 0 &&
              strcmp(cat_get(&c, "rule", rule, "title", "none"), "none") == 0,
          "a rule's title when it has one, the fallback when not");
    check(strcmp(cat_get(&c, "event", NULL, NULL, "fb"), "fb") == 0, "cat_get without an id: the fallback");

    char *comp[2] = {"Azure", "Data"}, *exams[1] = {"AZ-900"};
    engagement_t eng = {.name = "Workshop", .n_comp = 2, .comp = comp, .n_exams = 1, .exams = exams};
    program_t prog = {0};
    prog.eng = &eng;
    voucher_t vs[2] = {0};
    vs[0].offering = "OFF";
    vs[0].engagement = "ENG";
    vs[0].consultant = "Ada";
    vs[0].eng = 0;
    vs[1].eng = -1;
    model_t m = {0};
    m.vouchers = vs;
    veval_t ve[2] = {{.exists = 1, .status = ST_ASSIGNED, .kind = DL_NONE},
                     {.exists = 0, .status = ST_CREATED, .kind = DL_VOUCHER_EXPIRY}};
    eval_t e = {0};
    e.v = ve;
    e.as_of = date_parse("2021-03-11", 10);
    char *args[ARG_COUNT] = {"voucher", "id", "V 1", "a\nb\nc", "at the top"};
    finding_t f = {.rule = R_DUPLICATE_ID, .voucher = "V1", .partner = "P1", .customer = "C1",
                   .date = date_parse("2021-03-08", 10), .d1 = DATE_NONE,
                   .d2 = date_parse("2021-03-01", 10), .n1 = 7, .n2 = -2, .ev1 = EV_ASSIGNED,
                   .ev2 = EV_PAYMENT, .voucher_ix = 0, .text = "own words", .line = 12,
                   .arg = args};
    strbuf_t out = {0};
    msg_format(&c, &m, &prog, &e, &f, "message", &out);
    const char *want =
        "v=V1 p=P1 c=C1 o=OFF g=Workshop k=Ada d=8 March 2021 d1=- d2=1 March 2021 "
        "as=11 March 2021 n1=7 n2=-2 e1=made e2=payment-request comp=Azure or Data ex=AZ-900 st=open "
        "t=own words l=12 el=voucher at=id va=V 1 pl=at the top r=voucher record li=a, b or c "
        "u={unknown} open={";
    check_text(out.s, want, "every placeholder filled, for a person; an unknown one and "
          "an unclosed brace stay as written");
    sb_reset(&out);
    msg_format_iso(&c, &m, &prog, &e, &f, "message", &out);
    check(strstr(out.s, "d=2021-03-08 d1=- d2=2021-03-01 as=2021-03-11 ") != NULL,
          "the same for the data files: dates in ISO form, none as '-'");

    finding_t bare = {.rule = R_DUPLICATE_ID, .voucher_ix = 1, .d1 = DATE_NONE, .d2 = DATE_NONE,
                      .date = DATE_NONE};
    sb_reset(&out);
    msg_format(&c, &m, &prog, &e, &bare, "message", &out);
    want = "v=- p=- c=- o=- g=- k=- d=- d1=- d2=- as=11 March 2021 n1=0 n2=0 e1=created "
           "e2=created comp={competencies} ex={exams} st=created t= l=0 el=- at=- va=- pl=- "
           "r=- li=- u={unknown} open={";
    check_text(out.s, want, "a finding naming nothing: '-' for each word it lacks, "
          "the names of events and statuses the catalogue lacks");
    vs[1].engagement = "ENG-2";
    sb_reset(&out);
    msg_format(&c, &m, &prog, &e, &bare, "message", &out);
    check(strstr(out.s, " g=ENG-2 ") != NULL, "an engagement the programme does not define: its ID");

    /* a finding of no voucher (a customer's, a file's) and an ingest finding whose words
     * name the element only */
    char *some[ARG_COUNT] = {"partner", NULL, NULL, NULL, NULL};
    finding_t novoucher = {.rule = R_DUPLICATE_ID, .voucher_ix = -1, .customer = "C9",
                           .d1 = DATE_NONE, .d2 = DATE_NONE, .date = DATE_NONE, .arg = some};
    sb_reset(&out);
    msg_format(&c, &m, &prog, &e, &novoucher, "message", &out);
    want = "v=- p=- c=C9 o=- g=- k=- d=- d1=- d2=- as=11 March 2021 n1=0 n2=0 e1=created "
           "e2=created comp={competencies} ex={exams} st={status} t= l=0 el=partner at=- va=- pl=- "
           "r=partner li=- u={unknown} open={";
    check_text(out.s, want, "a finding of no voucher: '-' for its offering, engagement and "
          "consultant, its status, competencies and exams as written; the words it lacks '-'");

    /* remedies: the state variant, the plain one, the partner's; the message variant */
    sb_reset(&out);
    msg_remedy(&c, &m, &prog, &e, &f, MSG_OPERATOR, &out);
    check(strcmp(out.s, "closed remedy") == 0 && strcmp(msg_state(&e, &f), "closed") == 0,
          "a voucher without an open deadline: the 'closed' remedy");
    sb_reset(&out);
    msg_remedy(&c, &m, &prog, &e, &bare, MSG_PARTNER, &out);
    check(strcmp(out.s, "plain remedy 0") == 0 && strcmp(msg_state(&e, &bare), "") == 0 &&
              !msg_for_operator(&c, &bare),
          "a voucher that does not exist yet: the plain remedy; no partner wording here");
    finding_t var = {.rule = R_DUPLICATE_ID, .variant = VAR_NO_CONSULTANT, .voucher_ix = -1};
    sb_reset(&out);
    msg_format(&c, &m, &prog, &e, &var, "message", &out);
    check(strcmp(out.s, "variant") == 0, "a message variant replaces the plain message");
    finding_t none = {.rule = R_INVALID_FILE, .voucher_ix = -1, .text = "the reader's words"};
    sb_reset(&out);
    msg_format(&c, &m, &prog, &e, &none, "message", &out);
    check(strcmp(out.s, "the reader's words") == 0, "a rule without a message: the reader's own text");
    none.text = NULL;
    sb_reset(&out);
    msg_format(&c, &m, &prog, &e, &none, "message", &out);
    check(strcmp(out.s, rule_info[R_INVALID_FILE].name) == 0, "... and without that, the rule's name");

    /* dates in words: the elided article before a day that starts with a vowel sound */
    strbuf_t d = {0};
    sb_puts(&d, "from the ");
    int mar9 = date_parse("2021-03-09", 10);
    const char *tpl_probe = cat_get(&c, "label", "date-elisions", NULL, "");
    check(strcmp(tpl_probe, "the=th' bad del=dell'") == 0, "the elisions label is read");
    cat_date(&c, DATE_NONE, 1, &d);
    check(strcmp(d.s, "from the -") == 0, "no date: '-'");
    sb_reset(&d);
    cat_date(&c, mar9, 1, &d);
    check(strcmp(d.s, "9 March 2021") == 0, "a short date uses the short names (here the long one)");
    sb_free(&d);
    sb_free(&out);
    cat_free(&c);
}

/* Elision as the Italian catalogue writes it, through a message: "il {date}" before 8 and 11. */
static void elisions(void)
{
    const char *rule = rule_info[R_DUPLICATE_ID].name;
    char rules[600];
    snprintf(rules, sizeof rules,
             "<catalogue><rule id=\"%s\"><message>il {date}|del {d1}|xil {d2}|{as-of}</message>"
             "</rule></catalogue>", rule);
    put_file("rules.en.xml", rules);
    put_file("en.xml", "<catalogue><label key=\"date-elide-days\">8 11</label>"
                       "<label key=\"date-elisions\">il=l' bad del=dell'</label></catalogue>");
    catalogue_t c;
    if (load(&c, "en") != 0) {
        check(0, "the elision catalogue loads");
        return;
    }
    model_t m = {0};
    program_t prog = {0};
    eval_t e = {0};
    e.as_of = date_parse("2021-03-11", 10);
    finding_t f = {.rule = R_DUPLICATE_ID, .voucher_ix = -1, .date = date_parse("2021-03-08", 10),
                   .d1 = date_parse("2021-03-11", 10), .d2 = date_parse("2021-03-08", 10)};
    strbuf_t out = {0};
    msg_format(&c, &m, &prog, &e, &f, "message", &out);
    const char *want = "l'8 03 2021|del 11 03 2021|xil 8 03 2021|11 03 2021";
    check_text(out.s, want, "'il' before 8 becomes l'; a malformed elision ('bad') ends "
          "the list; a word that only ends like one ('xil') and a date at the start stay");
    f.date = date_parse("2021-03-18", 10);
    f.d1 = date_parse("2021-03-01", 10);
    sb_reset(&out);
    msg_format(&c, &m, &prog, &e, &f, "message", &out);
    check(strncmp(out.s, "il 18 03 2021|del 1 03 2021|", 28) == 0,
          "18 and 1 are not elided (18 holds 8, 1 is part of 11: whole numbers only)");
    sb_free(&out);
    cat_free(&c);
}

/* A placeholder fill() does not know stays as written, whatever its length (each length
 * of a known one: 2 d1, 3 ev1, 4 date, 5 value, 6 record, 7 element, 8 customer,
 * 9 attribute, 10 consultant, 12 competencies); a list of more than 64 items: the first 64. */
static void unknown_words(void)
{
    const char *rule = rule_info[R_DUPLICATE_ID].name;
    char rules[600];
    snprintf(rules, sizeof rules,
             "<catalogue><rule id=\"%s\"><message>{zz}{zzz}{zzzz}{zzzzz}{zzzzzz}{zzzzzzz}{zzzzzzzz}"
             "{zzzzzzzzz}{zzzzzzzzzz}{zzzzzzzzzzz}{zzzzzzzzzzzz}|{list}</message></rule></catalogue>",
             rule);
    put_file("rules.en.xml", rules);
    put_file("en.xml", good_labels);
    catalogue_t c;
    if (load(&c, "en") != 0) {
        check(0, "the catalogue of unknown words loads");
        return;
    }
    strbuf_t items = {0};
    for (int i = 1; i <= 70; i++)
        sb_printf(&items, "%s%d", i > 1 ? "\n" : "", i);
    char *args[ARG_COUNT] = {NULL, NULL, NULL, items.s, NULL};
    model_t m = {0};
    program_t prog = {0};
    eval_t e = {0};
    finding_t f = {.rule = R_DUPLICATE_ID, .voucher_ix = -1, .arg = args};
    strbuf_t out = {0};
    msg_format(&c, &m, &prog, &e, &f, "message", &out);
    const char *bar = strchr(out.s, '|');
    check(bar && strncmp(out.s, "{zz}{zzz}{zzzz}{zzzzz}{zzzzzz}{zzzzzzz}{zzzzzzzz}{zzzzzzzzz}"
                                "{zzzzzzzzzz}{zzzzzzzzzzz}{zzzzzzzzzzzz}|", (size_t)(bar - out.s + 1)) == 0,
          "unknown placeholders of every length stay as written");
    check(bar && strncmp(bar + 1, "1, 2, 3, ", 9) == 0 && strstr(bar, ", 63 or 64") &&
              strlen(strstr(bar, ", 63 or 64")) == strlen(", 63 or 64"),
          "a list of 70 items: the first 64, the last after 'or'");
    sb_free(&out);
    sb_free(&items);
    cat_free(&c);
}

/* Elision where the catalogue's list has no match and ends without a malformed entry, a
 * date at the very start, a word shorter than every article. */
static void elisions_unmatched(void)
{
    const char *rule = rule_info[R_DUPLICATE_ID].name;
    char rules[600];
    snprintf(rules, sizeof rules,
             "<catalogue><rule id=\"%s\"><message>{date}|x {d1}|al {d2}</message></rule></catalogue>",
             rule);
    put_file("rules.en.xml", rules);
    put_file("en.xml", "<catalogue xmlns:a=\"relative\"><label key=\"date-elide-days\">8 11</label>"
                       "<label key=\"date-elisions\">il=l' del=dell'</label></catalogue>");
    catalogue_t c;
    said[0] = '\0';
    if (load(&c, "en") != 0) {
        printf("# %s", said);
        check(0, "a catalogue declaring a relative namespace URI loads");
        return;
    }
    check(said[0] == '\0', "a catalogue declaring a relative namespace URI (a parser warning) loads, "
          "nothing said");
    model_t m = {0};
    program_t prog = {0};
    eval_t e = {0};
    int d8 = date_parse("2021-03-08", 10);
    finding_t f = {.rule = R_DUPLICATE_ID, .voucher_ix = -1, .date = d8, .d1 = d8, .d2 = d8};
    strbuf_t out = {0};
    msg_format(&c, &m, &prog, &e, &f, "message", &out);
    const char *want = "8 03 2021|x 8 03 2021|al 8 03 2021";
    check_text(out.s, want, "before an 8: a date first, after a one-letter word, after a "
          "word no elision names: nothing elided");
    sb_free(&out);
    cat_free(&c);
}

/* A second language laid over English: its entries win, English fills the rest; a
 * missing language file is refused. */
static void languages(void)
{
    put_file("rules.en.xml", "<catalogue><status id=\"a\">A</status><status id=\"b\">B</status></catalogue>");
    put_file("en.xml", "<catalogue><label key=\"x\">X</label><label key=\"y\">Y</label></catalogue>");
    put_file("rules.it.xml", "<catalogue><status id=\"a\">A-it</status></catalogue>");
    put_file("it.xml", "<catalogue><label key=\"x\">X-it</label><label key=\"z\">Z-it</label></catalogue>");
    catalogue_t c;
    check(load(&c, "it") == 0, "a language over English loads");
    check(strcmp(cat_get(&c, "status", "a", NULL, ""), "A-it") == 0 &&
              strcmp(cat_get(&c, "status", "b", NULL, ""), "B") == 0 &&
              strcmp(cat_label(&c, "x"), "X-it") == 0 && strcmp(cat_label(&c, "y"), "Y") == 0 &&
              strcmp(cat_label(&c, "z"), "Z-it") == 0 && strcmp(cat_label(&c, "w"), "w") == 0,
          "its entries win, English fills the rest, an unknown label is its key");
    check(c.n_labels == 3, "labels in catalogue order, each once (x, y, z)");
    cat_free(&c);
    char path[200];
    put_file("rules.en.xml", "<catalogue><status id=\"a\">A</status>");
    check(load(&c, "it") != 0 && strstr(said, "rules.en.xml:1: error: the message catalogue is not well-formed") &&
              !strstr(said, "it.xml") && strchr(said, '\n') == said + strlen(said) - 1,
          "--lang it with a broken English catalogue: that one is said, the Italian ones not read");
    put_file("rules.en.xml", "<catalogue><status id=\"a\">A</status><status id=\"b\">B</status></catalogue>");
    snprintf(path, sizeof path, "%s/it.xml", dir);
    unlink(path);
    check(load(&c, "it") != 0 && strstr(said, "it.xml: error: cannot read the message catalogue: "
                                               "No such file or directory") != NULL,
          "a missing language catalogue: refused, saying which file and why");
}

int main(void)
{
    if (!mkdtemp(dir))
        return 2;
    refusals();
    placeholders();
    elisions();
    unknown_words();
    elisions_unmatched();
    languages();
    char rm[200];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (system(rm) != 0)
        return 2;
    return failed;
}
