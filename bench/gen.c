/* gen.c - synthetic exports of any size, deterministic by seed, written as a stream.
 *
 *   gen [-s SEED] [-p PARTNERS] [-v VOUCHERS] [-c CUSTOMERS] PROGRAM.xml OUTDIR
 *
 * Writes OUTDIR/partners.xml and OUTDIR/vouchers.xml. The catalogue (offerings,
 * engagements, competencies, exams) is read from the program definition, so the data
 * is coherent with it: most partners are eligible, most vouchers clean and in order,
 * and a few percent break a rule (late events, missing steps, unknown partner,
 * unqualified consultant, too many days, no profile...). Names are drawn from several
 * scripts. Memory stays constant: nothing is kept but the catalogue.
 */
#define _POSIX_C_SOURCE 200809L
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng_state;

static uint32_t rnd(void)
{
    /* splitmix64: small, fast, the same everywhere */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static int pick(int n) { return (int)(rnd() % (uint32_t)n); }
static int chance(int percent) { return pick(1000) < percent * 10; }

typedef struct {
    char *offering, *id;
    int days, cloud;
    char *comp[8], *exam[8];
    int n_comp, n_exam;
} eng_t;

static eng_t eng[256];
static int n_eng;

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = strdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static int load_catalogue(const char *path)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (!doc)
        return -1;
    for (xmlNodePtr o = xmlDocGetRootElement(doc)->children; o; o = o->next) {
        if (o->type != XML_ELEMENT_NODE || strcmp((const char *)o->name, "offering"))
            continue;
        for (xmlNodePtr g = o->children; g; g = g->next) {
            if (g->type != XML_ELEMENT_NODE || strcmp((const char *)g->name, "engagement") ||
                n_eng == 256)
                continue;
            eng_t *e = &eng[n_eng++];
            e->offering = prop(o, "id");
            e->id = prop(g, "id");
            char *d = prop(g, "days"), *c = prop(g, "cloud");
            e->days = atoi(d);
            e->cloud = strcmp(c, "true") == 0;
            free(d);
            free(c);
            for (xmlNodePtr k = g->children; k; k = k->next) {
                if (k->type != XML_ELEMENT_NODE)
                    continue;
                if (!strcmp((const char *)k->name, "competency") && e->n_comp < 8)
                    e->comp[e->n_comp++] = prop(k, "name");
                else if (!strcmp((const char *)k->name, "exam") && e->n_exam < 8)
                    e->exam[e->n_exam++] = prop(k, "id");
            }
        }
    }
    xmlFreeDoc(doc);
    return n_eng ? 0 : -1;
}

/* ---- dates ---- */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = y / 400, yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static const char *fmt(int z, char *buf) /* buf: 11 bytes; years 1000..9999 */
{
    z += 719468;
    int era = z / 146097, doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    unsigned y = (unsigned)(yoe + era * 400 + (m <= 2)) % 10000u;
    snprintf(buf, 11, "%04u-%02u-%02u", y, (unsigned)m % 100u, (unsigned)d % 100u);
    return buf;
}

/* ---- names in several scripts ---- */
static const char *first[] = {"Contoso", "Fabrikam", "Northwind", "Tailspin", "Adatum",
                              "Litware", "Proseware", "Wingtip", "Woodgrove", "Alpine",
                              "Società Rossi", "Müller &amp; Söhne", "Łódzka Informatyka",
                              "Ελληνική Πληροφορική", "Северные Системы", "東京データ",
                              "北京云信息", "Ørsted Data", "Çelik Yazılım", "Nguyễn Tech"};
static const char *second[] = {"Consulting", "Systems", "Solutions", "IT", "Partners",
                               "Services", "Group", "Digital", "Labs", "Networks"};
static const char *regions[] = {"AMER", "EMEA", "APAC"};
/* names drawn from the scripts of the region: AMER Latin (first 10 and 17-19 of
 * first[] are Latin), EMEA Latin, Greek and Cyrillic, APAC Latin and CJK */
static const int region_names_of[3][8] = {{0, 1, 2, 3, 4, 5, 6, 7},
                                          {10, 11, 12, 13, 14, 17, 18, 8},
                                          {15, 16, 19, 0, 6, 7, 9, 2}};
static const char *name_of(int region) { return first[region_names_of[region][pick(8)]]; }
static const char *countries[3][4] = {{"US", "CA", "BR", "MX"},
                                      {"IT", "DE", "PL", "GR"},
                                      {"JP", "CN", "AU", "IN"}};

int main(int argc, char **argv)
{
    long partners = 10000, vouchers = 1000000, customers = 0;
    uint64_t seed = 1;
    int opt;
    while ((opt = getopt(argc, argv, "s:p:v:c:")) != -1) {
        switch (opt) {
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'p': partners = atol(optarg); break;
        case 'v': vouchers = atol(optarg); break;
        case 'c': customers = atol(optarg); break;
        default: goto usage;
        }
    }
    if (optind + 2 != argc || partners < 1 || vouchers < 0) {
    usage:
        fprintf(stderr, "usage: gen [-s SEED] [-p PARTNERS] [-v VOUCHERS] [-c CUSTOMERS] "
                        "PROGRAM.xml OUTDIR\n");
        return 2;
    }
    if (!customers)
        customers = vouchers / 8 + 1;
    if (load_catalogue(argv[optind]) != 0) {
        fprintf(stderr, "%s: error: cannot read the catalogue\n", argv[optind]);
        return 1;
    }
    char path[4096], b1[11], b2[11], b3[11];
    snprintf(path, sizeof path, "%s/partners.xml", argv[optind + 1]);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    rng_state = seed;
    const int base = days_from_civil(2019, 1, 1);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<partners-export version=\"1\" exported=\"2021-05-31T22:00:00Z\">\n", f);
    for (long p = 0; p < partners; p++) {
        int r = (int)(p % 3);
        fprintf(f, "  <partner id=\"P%06ld\" region=\"%s\" country=\"%s\">\n    <name>%s %s %ld</name>\n",
                p, regions[r], countries[r][pick(4)], name_of(r), second[pick(10)], p);
        if (!chance(1))
            fprintf(f, "    <agreement signed=\"%s\"/>\n", fmt(base - 400 + pick(200), b1));
        if (!chance(2))
            fprintf(f, "    <profile updated=\"%s\"/>\n", fmt(base - 300 + pick(300), b1));
        /* competencies: the first of every engagement (a few partners lack one) */
        for (int e = 0; e < n_eng; e++) {
            int dup = 0;
            for (int k = 0; k < e; k++)
                dup |= strcmp(eng[k].comp[0], eng[e].comp[0]) == 0;
            if (!dup && !chance(1))
                fprintf(f, "    <competency name=\"%s\" level=\"%s\" earned=\"2018-01-15\"/>\n",
                        eng[e].comp[0], chance(50) ? "gold" : "silver");
        }
        /* enrollments in every offering (a few partners miss some) */
        const char *last = "";
        for (int e = 0; e < n_eng; e++) {
            if (strcmp(eng[e].offering, last) == 0)
                continue;
            last = eng[e].offering;
            if (!chance(1))
                fprintf(f, "    <enrollment offering=\"%s\" date=\"%s\"/>\n", last,
                        fmt(base - 200 + pick(100), b1));
        }
        for (int c = 0; c < 3; c++) {
            fprintf(f, "    <consultant id=\"C%d\">\n      <name>Consultant %d</name>\n", c, c);
            for (int e = 0; e < n_eng; e++)
                if (!chance(1))
                    fprintf(f, "      <exam id=\"%s\" passed=\"%s\"/>\n", eng[e].exam[0],
                            fmt(base - 200 + pick(100), b1));
            fputs("    </consultant>\n", f);
        }
        fputs("  </partner>\n", f);
    }
    fputs("</partners-export>\n", f);
    if (fclose(f) != 0)
        return 1;

    snprintf(path, sizeof path, "%s/vouchers.xml", argv[optind + 1]);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<vouchers-export version=\"1\" exported=\"2021-05-31T22:00:00Z\">\n", f);
    for (long c = 0; c < customers; c++) {
        int r = (int)(c % 3);
        fprintf(f, "  <customer id=\"CU%07ld\" region=\"%s\" country=\"%s\">\n    <name>%s %s</name>\n"
                   "    <benefit activated=\"%s\"/>\n    <accrual date=\"%s\" days=\"%d\"/>\n",
                c, regions[r], countries[r][pick(4)], name_of(r), second[pick(10)],
                fmt(base + pick(120), b1), fmt(base + 150 + pick(200), b2), 10 + pick(30));
        if (chance(20))
            fprintf(f, "    <balance date=\"%s\" days=\"%d\"/>\n", fmt(base + 800 + pick(60), b1),
                    pick(10));
        fputs("  </customer>\n", f);
    }
    const int as_of = days_from_civil(2021, 5, 31);
    for (long v = 0; v < vouchers; v++) {
        int e = pick(n_eng);
        while (eng[e].cloud && !chance(1))
            e = pick(n_eng); /* cloud engagements were retired: rare */
        long part = pick((int)partners);
        /* the customer is in the partner's region (customer c and partner p are in region
         * c % 3 and p % 3) */
        long cust = (long)pick((int)((customers + 2) / 3)) * 3 + part % 3;
        if (cust >= customers)
            cust = part % 3 < customers ? part % 3 : 0;
        int created = base + 150 + pick(880); /* 2019-05 .. 2021-10 */
        int days = eng[e].days;
        if (chance(1))
            days += 5; /* days-exceed-engagement */
        fprintf(f, "  <voucher id=\"PS-%08ld\" customer=\"CU%07ld\"", v, cust);
        /* how far the lifecycle got: old vouchers mostly completed, young ones anywhere
         * (some events fall after the exports' date, for --as-of replays) */
        int stage = as_of - created > 150 && !chance(4) ? 6 + pick(2) : pick(8);
        int t = created;
        if (stage >= 2 || chance(50))
            fprintf(f, " partner=\"%s%06ld\"", chance(1) ? "X" : "P", part);
        fprintf(f, " offering=\"%s\" engagement=\"%s\" days=\"%d\">\n", eng[e].offering,
                eng[e].id, days);
        fprintf(f, "    <created date=\"%s\"/>\n", fmt(created, b1));
        if (stage >= 1)
            fprintf(f, "    <assigned date=\"%s\" project-manager=\"pm%ld@customer.example\"/>\n",
                    fmt(t += 1 + pick(10), b1), cust);
        if (stage >= 2 && !chance(1))
            fprintf(f, "    <reserved date=\"%s\"/>\n", fmt(t += 1 + pick(30), b1));
        if (stage >= 3) {
            int start = t + 5 + pick(40), end = start + days - 1;
            if (chance(2))
                end = start - 3; /* events-out-of-order */
            fprintf(f, "    <delivered start=\"%s\" end=\"%s\" consultant=\"C%d\"/>\n",
                    fmt(start, b1), fmt(end, b2), pick(chance(3) ? 5 : 3));
            t = end > start ? end : start;
        }
        if (stage >= 4)
            fprintf(f, "    <completion-report date=\"%s\"/>\n", fmt(t += 1 + pick(10), b1));
        if (stage >= 5)
            fprintf(f, "    <redeemed date=\"%s\"/>\n", fmt(t += 1 + pick(chance(3) ? 200 : 40), b1));
        if (stage >= 6 && !chance(2))
            fprintf(f, "    <payment-request date=\"%s\" amount=\"%d.00\" currency=\"USD\"/>\n",
                    fmt(t + 1 + pick(chance(3) ? 90 : 50), b3), days * 1050);
        fputs("  </voucher>\n", f);
    }
    fputs("</vouchers-export>\n", f);
    return fclose(f) == 0 ? 0 : 1;
}
