/* ingest.h - reads export files into the model, one record at a time.
 *
 * The one idea: libxml2's streaming reader walks the file; each record (a child of the
 * root: <partner>, <customer>, <voucher>) is expanded alone, validated alone against
 * its global declaration in the file kind's XSD (xmlSchemaValidateOneElement), copied
 * into the model and then released. So memory is bounded by one record, and a bad
 * record is rejected alone with its file, line and reason while the rest is read.
 *
 * Every record is counted: records = kept + rejected, per file. Rejections and bad
 * files become ingest findings in the model (invalid-record, duplicate-id,
 * invalid-file) and "FILE:LINE: error: ..." lines on the diagnostics stream.
 */
#ifndef PSREPORT_INGEST_H
#define PSREPORT_INGEST_H

#include "model.h"

#include <stdio.h>

typedef struct ingest ingest_t;

/* Compiles the schemas of schema_dir (partners.xsd, vouchers.xsd) once.
 * diag: where diagnostics go (NULL: nowhere); max_diag: per-file cap on printed
 * diagnostics (all are kept in the model). Returns NULL with a message on err. */
ingest_t *ingest_new(model_t *m, const char *schema_dir, FILE *diag, long max_diag,
                     FILE *err);
/* Reads one file. Never fails as a whole: problems become findings. Returns the
 * file's index in m->files. When the file's root is <program>, nothing is read and the
 * file's kind says so (the caller loads it as the program definition). */
int ingest_file(ingest_t *in, const char *path);
void ingest_free(ingest_t *in);

/* Reads the next files into another model, with the same compiled schemas (fuzzing,
 * tests). */
void ingest_set_model(ingest_t *in, model_t *m);

/* Reads a big file in up to `threads` parts at once, each of at least min_part bytes
 * (0: 16 MB); 1 (the default) reads every file in one piece. The findings, messages and
 * model are the same either way (ingest_split.c). */
void ingest_set_threads(ingest_t *in, int threads, long min_part);

/* A progress callback, called now and then with the records and bytes read so far
 * (over all files of this ingest). */
void ingest_set_progress(ingest_t *in, void (*cb)(void *ctx, long records, double bytes),
                         void *ctx);

#endif
