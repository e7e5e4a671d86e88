/* output.h - files that appear whole or not at all, with names that stay inside.
 *
 * out_begin writes to a hidden temporary name in the target's directory; out_commit
 * checks the stream's error flag, flushes, fsyncs and closes, and renames the file into
 * place only when all of that succeeded, so an interrupted run or a full disk never
 * leaves a half-written report and an earlier good report is replaced only by a
 * complete one.
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
/* Returns 0, or -1 with errno set (the temporary file is removed, nothing renamed). */
int out_commit(outfile_t *o);
/* Closes and removes the temporary file. */
void out_abort(outfile_t *o);

/* mkdir -p for one or two levels, below an existing or creatable root. */
int out_mkdir(const char *path);

/* Writes the file-name form of an ID: [A-Za-z0-9._-] kept, any other character
 * (a whole UTF-8 sequence) becomes '_', and so does a leading '.'. */
void out_safe_name(const char *id, char *buf, size_t size);

/* Removes temporary files registered by out_begin that were not committed (for the
 * signal handler: async-signal-safe). */
void out_cleanup_signal(void);

#endif
