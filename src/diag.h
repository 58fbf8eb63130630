/* diag.h: errors and warnings that point into the user's script. */
#ifndef SONDE_DIAG_H
#define SONDE_DIAG_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>

/* A place in the script: 1-based line and column, and how many bytes it spans. */
struct loc {
	int line, col;
	int len;
	int off; /* byte offset into the source */
	int file; /* which source: 0 the script, others imported files (diag_add_source) */
};

/*
 * The script being compiled. Every diagnostic prints
 *   file:line:col: error: message
 *   <the source line>
 *       ^~~~
 */
void diag_set_source(const char *filename, const char *src);
const char *diag_filename(void);
/* One more source (an imported script): its index, for the locs its lexer makes. */
int diag_add_source(const char *filename, const char *src);
/* The name of source i (diag_filename() for 0). */
const char *diag_source_name(int i);
/* The script's text that LOC spans (in the arena), NULL when LOC is not in it. */
const char *diag_text(const struct loc *loc);
void diag_set_output(FILE *f); /* stderr unless told otherwise (tests) */

void diag_error(const struct loc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warn(const struct loc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A run-time warning, "WARNING: ..." on stderr (no location). */
void diag_runtime_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* --no-warnings: diag_warn and diag_runtime_warn print nothing. */
void diag_set_no_warnings(bool quiet);
bool diag_no_warnings(void);
/* Attach a `note:` line (no caret) to the previous diagnostic. */
void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int diag_error_count(void);
void diag_reset(void);
/*
 * While on, a diagnostic identical to one already reported (same kind, place
 * and message) is not printed again: the checker's, for a block checked once
 * per group of its attach points. Turning it on or off forgets the past ones.
 */
void diag_set_dedupe(bool on);

/*
 * An error the front end cannot continue from: prints like diag_error and then
 * longjmps to the innermost diag_catch. Code that calls the front end does
 *   jmp_buf jb; if (setjmp(jb)) { ...failed...; } diag_catch(&jb); ...; diag_catch(NULL);
 * Front-end memory lives in the arena, so nothing leaks on the way out.
 */
_Noreturn void diag_fatal(const struct loc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void diag_bail(void); /* unwind after errors already reported */
void diag_catch(jmp_buf *jb);

#endif
