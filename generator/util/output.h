/* output.h - files that appear whole or not at all, with names that stay inside.
 *
 * out_begin_at creates a temporary file with an unpredictable hidden name in a directory
 * handle (O_CREAT|O_EXCL|O_NOFOLLOW: a planted file or symlink is never opened);
 * out_commit checks the stream's error flag, flushes, fsyncs and closes, and renames the
 * file into place in the same directory only when all of that succeeded, so an
 * interrupted run or a full disk never leaves a half-written report and an earlier good
 * report is replaced only by a complete one.
 */
#ifndef PSREPORT_OUTPUT_H
#define PSREPORT_OUTPUT_H

#include <stdio.h>

/* The temporary name of NAME: ".NAME" OUT_TMP_TAG and 12 random hex digits. */
#define OUT_TMP_TAG ".psreport.tmp"

typedef struct {
    FILE *f;
    int dir;     /* the directory handle the file is written in */
    int own_dir; /* out_begin opened dir (closed at commit or abort) */
    char tmp[300];
    char name[300];
} outfile_t;

/* Begins NAME (one path component) in the directory handle dir, which must stay open
 * until out_commit or out_abort. Returns 0, or -1 with errno set (ENAMETOOLONG for a
 * name over 255 bytes). */
int out_begin_at(outfile_t *o, int dir, const char *name);
/* The same for a path: its directory is opened (following symlinks) for the file. */
int out_begin(outfile_t *o, const char *path);
/* Returns 0, or -1 with errno set (the temporary file is removed, nothing renamed). */
int out_commit(outfile_t *o);
/* The first half of a commit, for a writer that keeps the second for later: checks the
 * stream's error flag, flushes it and asks the kernel to start writing the file to disk
 * (sync_file_range), without waiting. out_commit, called later, then finds the data
 * written or on its way, where fsync alone waited for all of it. Returns 0, or -1 with
 * errno set (then out_abort). */
int out_commit_start(outfile_t *o);
/* For a writer of a big file, called as it goes: once the stream holds OUT_BEHIND bytes
 * past *mark, flushes them and asks the kernel to start writing them to disk
 * (sync_file_range, without waiting), and moves *mark (0 at the file's start) to the end
 * of them. The disk then works while the writer formats the rest, and the final fsync
 * finds most of the file written: findings.json of a million vouchers is 300 MB. A
 * stream that is not a file (a pipe) is left alone; an error stays in the stream for
 * out_commit. */
#define OUT_BEHIND (8L << 20)
void out_write_behind(FILE *f, long long *mark);
/* Closes and removes the temporary file. */
void out_abort(outfile_t *o);

/* mkdir -p below an existing or creatable root. -1 with errno ENAMETOOLONG when path
 * is 4096 bytes or more (never cut). */
int out_mkdir(const char *path);

/* Creates (if needed) and opens the subdirectory NAME of the directory handle parent,
 * never following a symlink there. Returns the handle, or -1 with errno set (ELOOP or
 * ENOTDIR when NAME is a symlink or not a directory). */
int out_subdir(int parent, const char *name);

/* Whether NAME is the name of a temporary file of out_begin_at (of any run). */
int out_is_tmp_name(const char *name);

/* Writes the file-name form of an ID: [A-Za-z0-9._-] kept, any other character
 * (a whole UTF-8 sequence) becomes '_', and so does a leading '.'. */
void out_safe_name(const char *id, char *buf, size_t size);

/* Removes temporary files registered by out_begin that were not committed (for the
 * signal handler: async-signal-safe). */
void out_cleanup_signal(void);

#endif
