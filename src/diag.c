/* diag.c: diagnostics with the source line and a caret under the culprit. */
#include "diag.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct source {
	const char *name, *text;
};
/* the script is source 0; imported scripts follow */
static VEC(struct source) sources;
static FILE *out;
static int nerrors;
static jmp_buf *catcher;

void diag_set_source(const char *filename, const char *src)
{
	sources.len = 0;
	vec_push(&sources, ((struct source){ filename, src ? src : "" }));
}

int diag_add_source(const char *filename, const char *src)
{
	if (!sources.len)
		diag_set_source("stdin", "");
	vec_push(&sources, ((struct source){ filename, src ? src : "" }));
	return (int)sources.len - 1;
}

static const struct source *source_of(int i)
{
	static const struct source none = { "stdin", "" };

	if (i < 0 || (size_t)i >= sources.len)
		return sources.len ? &sources.data[0] : &none;
	return &sources.data[i];
}

const char *diag_source_name(int i)
{
	return source_of(i)->name;
}

const char *diag_filename(void)
{
	return source_of(0)->name;
}

const char *diag_text(const struct loc *loc)
{
	const char *text = source_of(loc ? loc->file : 0)->text;
	size_t n = strlen(text);

	if (!loc || loc->off < 0 || loc->len <= 0 || (size_t)loc->off + (size_t)loc->len > n)
		return NULL;
	return arena_printf("%.*s", loc->len, text + loc->off);
}

void diag_set_output(FILE *f)
{
	out = f;
}

static void show_line(FILE *f, const struct loc *loc)
{
	const char *p = source_of(loc->file)->text;
	int line = 1;

	while (*p && line < loc->line) {
		if (*p++ == '\n')
			line++;
	}
	if (line != loc->line)
		return;
	const char *end = strchr(p, '\n');
	int n = end ? (int)(end - p) : (int)strlen(p);
	fprintf(f, "%.*s\n", n, p);
	/* Keep tabs so the caret lines up under a tab-indented line. */
	for (int i = 0; i < loc->col - 1 && i < n; i++)
		fputc(p[i] == '\t' ? '\t' : ' ', f);
	fputc('^', f);
	int span = loc->len;
	if (span > n - (loc->col - 1))
		span = n - (loc->col - 1);
	for (int i = 1; i < span; i++)
		fputc('~', f);
	fputc('\n', f);
}

/* diag_set_dedupe: what was reported since, as "KIND OFFSET MESSAGE" */
static bool dedupe;
static VEC(char *) reported;

void diag_set_dedupe(bool on)
{
	dedupe = on;
	for (size_t i = 0; i < reported.len; i++)
		free(reported.data[i]);
	vec_free(&reported);
}

/* A second identical diagnostic at the same place (a block checked once per group of its probes). */
static bool repeated(const char *kind, const struct loc *loc, const char *fmt, va_list ap)
{
	char *msg = NULL;
	va_list cp;

	if (!dedupe || !loc)
		return false;
	va_copy(cp, ap);
	int n = vasprintf(&msg, fmt, cp);
	va_end(cp);
	if (n < 0)
		return false;
	char *key = xasprintf("%s %d %d %d %s", kind, loc->file, loc->off, loc->len, msg);
	free(msg);
	for (size_t i = 0; i < reported.len; i++)
		if (!strcmp(reported.data[i], key)) {
			free(key);
			return true;
		}
	vec_push(&reported, key);
	return false;
}

static void report(const char *kind, const struct loc *loc, const char *fmt, va_list ap)
{
	FILE *f = out ? out : stderr;

	if (repeated(kind, loc, fmt, ap))
		return;
	if (loc && loc->line > 0)
		fprintf(f, "%s:%d:%d: %s: ", source_of(loc->file)->name, loc->line, loc->col, kind);
	else
		fprintf(f, "%s: %s: ", source_of(0)->name, kind);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	if (loc && loc->line > 0)
		show_line(f, loc);
}

void diag_error(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("error", loc, fmt, ap);
	va_end(ap);
	nerrors++;
}

static bool no_warnings;

void diag_set_no_warnings(bool quiet)
{
	no_warnings = quiet;
}

void diag_runtime_warn(const char *fmt, ...)
{
	va_list ap;

	if (no_warnings)
		return;
	va_start(ap, fmt);
	fputs("WARNING: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

bool diag_no_warnings(void)
{
	return no_warnings;
}

void diag_warn(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (no_warnings)
		return;
	va_start(ap, fmt);
	report("warning", loc, fmt, ap);
	va_end(ap);
}

void diag_note(const char *fmt, ...)
{
	FILE *f = out ? out : stderr;
	va_list ap;
	va_start(ap, fmt);
	fputs("note: ", f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	va_end(ap);
}

int diag_error_count(void)
{
	return nerrors;
}

void diag_reset(void)
{
	nerrors = 0;
}

void diag_catch(jmp_buf *jb)
{
	catcher = jb;
}

_Noreturn void diag_bail(void)
{
	if (catcher)
		longjmp(*catcher, 1);
	exit(1);
}

_Noreturn void diag_fatal(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("error", loc, fmt, ap);
	va_end(ap);
	nerrors++;
	diag_bail();
}
