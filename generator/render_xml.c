/* render_xml.c - findings.xml: the programme's report model (report.h) with every row,
 * serialised as it is; input/schema/report.xsd describes it. */
#include "render.h"

#include "report.h"
#include "util/alloc.h"

#include <libxml/xmlsave.h>

static int to_stream(void *ctx, const char *buf, int len)
{
    return fwrite(buf, 1, (size_t)len, ctx) == (size_t)len ? len : -1;
}

int render_xml(const run_t *r, FILE *out)
{
    report_index_t *ix = report_index_new(r);
    xmlDocPtr doc = report_build(r, ix, SC_PROGRAM, 0, 0);
    xmlSaveCtxtPtr save = xmlSaveToIO(to_stream, NULL, out, "UTF-8", XML_SAVE_FORMAT);
    if (!save)
        alloc_fail();
    int rc = xmlSaveDoc(save, doc) < 0 ? -1 : 0;
    if (xmlSaveClose(save) < 0)
        rc = -1;
    xmlFreeDoc(doc);
    report_index_free(ix);
    return rc == 0 && !ferror(out) ? 0 : -1;
}
