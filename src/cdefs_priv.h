/* cdefs_priv.h: the C definition parser's internals, shared by cdefs.c (declarations) and cdefs_lex.c. */
#ifndef SONDE_CDEFS_PRIV_H
#define SONDE_CDEFS_PRIV_H

#include "cdefs.h"
#include "diag.h"
#include "util.h"

#include <setjmp.h>
#include <stddef.h>

#define MAX_NESTING 64   /* #if nesting, and nesting of types and expressions */
#define MAX_DIMS 8

/* Text position `start` of the cleaned text is at script location `at`. */
struct segment {
	size_t start;
	struct loc at;
	const char *file;   /* an included header's text (cinclude.c): at is the script's #include */
	int fline;          /* the header's line at start */
};

struct tagdef {
	char kind;        /* 's', 'u', 'e' */
	const char *name;
	struct type *t;
	bool defined;     /* by the script: else a shell for a name only referred to */
};

struct named {
	const char *name;
	struct type *t;
	int64_t value;
	bool has_value;   /* macros: an integer; others are only "defined" */
};

struct cdefs_state {
	VEC(struct segment) segs;
	const char *err_file;   /* the header of the last position cdefs_loc mapped, or NULL */
	int err_line;
	VEC(struct tagdef) tags;
	VEC(struct named) typedefs;
	VEC(struct named) consts;   /* enumerators */
	VEC(struct named) macros;
};

/* What the script defined: reset by each cdefs_load(). */
extern struct cdefs_state cdefs_g;

enum ctok_kind { CT_EOF, CT_IDENT, CT_NUM, CT_STR, CT_PUNCT };

struct ctok {
	enum ctok_kind kind;
	const char *s;
	int len;
	uint64_t num;
	size_t pos;
};

struct cparser {
	const char *src;
	size_t pos, end;
	struct ctok tok;
	bool report;      /* errors are the script's (diag_error) rather than a lookup's */
	bool pp;          /* in #if: `defined`, unknown names are 0 */
	int err;          /* ENOENT: a name is unknown; else the text is not C */
	int depth;
	jmp_buf jb;
};

/* cdefs_lex.c: positions, tokens, constant expressions, the preprocessor */
struct loc cdefs_loc(const char *text, size_t pos, int len);
_Noreturn void cdefs_fail_at(struct cparser *P, size_t pos, int len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define cdefs_fail(P, ...) cdefs_fail_at(P, (P)->tok.pos, (P)->tok.len, __VA_ARGS__)
void cdefs_next(struct cparser *P);
bool cdefs_is_punct(const struct cparser *P, const char *p);
bool cdefs_is_word(const struct cparser *P, const char *w);
bool cdefs_accept(struct cparser *P, const char *p);
void cdefs_expect(struct cparser *P, const char *p);
const char *cdefs_tok_text(const struct cparser *P);
const char *cdefs_ident(struct cparser *P);
void cdefs_enter(struct cparser *P);
struct named *cdefs_find_named(void *vec, const char *name, size_t len);
int64_t cdefs_expr(struct cparser *P);
/*
 * Blanks directives, conditional text that is out, and the parser's position
 * markers, keeping every other byte where it is so positions map to the script.
 */
void cdefs_preprocess(struct cparser *P, char *text);

/* cdefs.c: what expressions need from the declaration parser */
struct type *cdefs_type_name(struct cparser *P);
bool cdefs_starts_type(const struct cparser *P);
/* Whether a piece of the script (a segment) starts between two positions. */
bool cdefs_new_piece(size_t from, size_t to);

#endif
