/* output.h - files that appear whole or not at all, with names that stay inside.
 *
 * out_begin writes to a hidden temporary name in the target's directory; out_commit
 * flushes, closes and renames it into place, so an interrupted run never leaves a
 * half-written report and an earlier good report is replaced only by a complete one.
 */
#ifndef PSREPORT_OUTPUT_H
#define PSREPORT_OUTPUT_H

#include <stdio.h>

typedef struct {
    FILE *f;
    char tmp[4096];
    char path[4096];
} outfile_t;

/* Returns 0, or -1 with errno set. */
int out_begin(outfile_t *o, const char *path);
/* Returns 0, or -1 with errno set (the temporary file is removed). */
int out_commit(outfile_t *o);
void out_abort(outfile_t *o);
/* A temporary name next to path, for writers that open files themselves. */
void out_tmp_name(const char *path, char *buf, size_t size);

/* mkdir -p for one or two levels, below an existing or creatable root. */
int out_mkdir(const char *path);

/* Writes the file-name form of an ID: [A-Za-z0-9._-] kept, any other character
 * (a whole UTF-8 sequence) becomes '_', and so does a leading '.'. */
void out_safe_name(const char *id, char *buf, size_t size);

/* Registers a temporary file written by another writer (libharu), so a signal removes
 * it too; out_untrack when it is renamed or removed. */
void out_track(const char *tmp);
void out_untrack(const char *tmp);

/* Removes temporary files registered by out_begin that were not committed (for the
 * signal handler: async-signal-safe). */
void out_cleanup_signal(void);

#endif
