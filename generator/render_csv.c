/* render_csv.c - findings.csv (RFC 4180): CRLF line ends, every text field quoted when
 * it holds a comma, quote, CR or LF, quotes doubled. A UTF-8 byte order mark first, so
 * spreadsheet programs read the names in every script correctly. A field that starts
 * with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
#include "render.h"

#include "util/date.h"
#include "waiver.h"

#include <string.h>

static void field(FILE *out, const char *s)
{
    if (!s)
        return;
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    int formula = strchr("=+-@", s[0]) && s[0] && !(s[0] == '-' && s[1] >= '0' && s[1] <= '9');
    if (!quote && !formula) {
        fputs(s, out);
        return;
    }
    putc('"', out);
    if (formula)
        putc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

int render_csv(const run_t *r, FILE *out)
{
    const model_t *m = r->m;
    const eval_t *e = r->e;
    fputs("\xEF\xBB\xBF", out);
    fputs("rule,severity,partner,customer,voucher,date,file,line,message,remedy,step,"
          "waiver,waiver_reason,waiver_approved_by,waiver_expires,change\r\n",
          out);
    strbuf_t sb = {0};
    for (long k = 0; k < e->n_f; k++) {
        const finding_t *f = &e->f[k];
        const rule_info_t *ri = &rule_info[f->rule];
        char d[11] = "";
        date_format(f->date, d);
        fprintf(out, "%s,%s,", ri->name, severity_names[ri->severity]);
        field(out, f->partner);
        putc(',', out);
        field(out, f->customer);
        putc(',', out);
        field(out, f->voucher);
        fprintf(out, ",%s,", d);
        field(out, f->file >= 0 ? m->files[f->file].path : NULL);
        putc(',', out);
        if (f->file >= 0 && f->line > 0)
            fprintf(out, "%u", f->line);
        putc(',', out);
        sb_reset(&sb);
        msg_format_iso(r->cat, m, r->p, e, f, "message", &sb);
        field(out, sb_str(&sb));
        putc(',', out);
        sb_reset(&sb);
        msg_format_iso(r->cat, m, r->p, e, f, "remedy", &sb);
        field(out, sb_str(&sb));
        fprintf(out, ",%d,", ri->step);
        /* the waiver flattened into four columns; change empty without --baseline */
        const waiver_t *w = f->waiver >= 0 ? &m->waivers->w[f->waiver] : NULL;
        char x[11] = "";
        if (w)
            date_format(w->expires, x);
        field(out, w ? w->id : NULL);
        putc(',', out);
        field(out, w ? w->reason : NULL);
        putc(',', out);
        field(out, w ? w->approved_by : NULL);
        fprintf(out, ",%s,%s\r\n", x,
                f->change == CHANGE_NEW ? "new" : f->change == CHANGE_UNCHANGED ? "unchanged" : "");
    }
    sb_free(&sb);
    return ferror(out) ? -1 : 0;
}
