/*
 * cdefs.c: a small C declaration parser for the definitions scripts carry
 * (see cdefs.h). It preprocesses the text (conditionals, #define, #include
 * ignored), then reads declarations: struct/union/enum definitions with C
 * layout, typedefs, enumerators. Function prototypes and variables are
 * skipped: scripts have no use for them.
 */
#include "cdefs.h"
#include "btf.h"
#include "diag.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NESTING 64   /* #if nesting, and nesting of types and expressions */
#define MAX_DIMS 8

/* Text position `start` of the cleaned text is at script location `at`. */
struct segment {
	size_t start;
	struct loc at;
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

static struct {
	VEC(struct segment) segs;
	VEC(struct tagdef) tags;
	VEC(struct named) typedefs;
	VEC(struct named) consts;   /* enumerators */
	VEC(struct named) macros;
} C;

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

/* ---- locations ---- */

static struct loc loc_at(size_t pos, int len)
{
	struct loc l = { 0 };
	const struct segment *seg = NULL;

	for (size_t i = 0; i < C.segs.len; i++)
		if (C.segs.data[i].start <= pos)
			seg = &C.segs.data[i];
	if (!seg)
		return l;
	l = seg->at;
	l.len = len > 0 ? len : 1;
	l.off = seg->at.off + (int)(pos - seg->start);
	return l;
}

/* Line and column need the text between the segment start and pos. */
static struct loc loc_in(const char *text, size_t pos, int len)
{
	struct loc l = loc_at(pos, len);
	const struct segment *seg = NULL;

	for (size_t i = 0; i < C.segs.len; i++)
		if (C.segs.data[i].start <= pos)
			seg = &C.segs.data[i];
	if (!seg)
		return l;
	for (size_t i = seg->start; i < pos; i++) {
		if (text[i] == '\n') {
			l.line++;
			l.col = 1;
		} else {
			l.col++;
		}
	}
	return l;
}

static _Noreturn void fail_at(struct cparser *P, size_t pos, int len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static _Noreturn void fail_at(struct cparser *P, size_t pos, int len, const char *fmt, ...)
{
	if (P->report) {
		char buf[512];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		struct loc l = loc_in(P->src, pos, len);
		diag_error(l.line ? &l : NULL, "%s", buf);
	}
	longjmp(P->jb, 1);
}

#define fail(P, ...) fail_at(P, (P)->tok.pos, (P)->tok.len, __VA_ARGS__)

/* ---- tokens ---- */

static void skip_space(struct cparser *P)
{
	const char *s = P->src;

	while (P->pos < P->end) {
		char c = s[P->pos];
		if (isspace((unsigned char)c) || (c == '\\' && s[P->pos + 1] == '\n')) {
			P->pos++;
		} else if (c == '/' && s[P->pos + 1] == '/') {
			while (P->pos < P->end && s[P->pos] != '\n')
				P->pos++;
		} else if (c == '/' && s[P->pos + 1] == '*') {
			P->pos += 2;
			while (P->pos < P->end && !(s[P->pos] == '*' && s[P->pos + 1] == '/'))
				P->pos++;
			P->pos = P->pos + 2 < P->end ? P->pos + 2 : P->end;
		} else {
			break;
		}
	}
}

static void next(struct cparser *P)
{
	static const char *const puncts[] = { "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->", "..." };
	const char *s = P->src;
	struct ctok *t = &P->tok;

	skip_space(P);
	t->pos = P->pos;
	t->s = s + P->pos;
	t->num = 0;
	if (P->pos >= P->end) {
		t->kind = CT_EOF;
		t->len = 0;
		return;
	}
	char c = s[P->pos];
	if (isalpha((unsigned char)c) || c == '_') {
		size_t b = P->pos;
		while (P->pos < P->end && (isalnum((unsigned char)s[P->pos]) || s[P->pos] == '_'))
			P->pos++;
		t->kind = CT_IDENT;
		t->len = P->pos - b;
		return;
	}
	if (isdigit((unsigned char)c)) {
		size_t b = P->pos;
		char *e;
		errno = 0;
		t->num = strtoull(s + b, &e, 0);
		if (errno || e == s + b)
			t->num = 0;
		P->pos = e - s;
		while (P->pos < P->end && (isalnum((unsigned char)s[P->pos]) || s[P->pos] == '.'))
			P->pos++;
		t->kind = CT_NUM;
		t->len = P->pos - b;
		if (P->pos != (size_t)(e - s)) {
			/* suffixes: u, l, ul, ull; anything else is not an integer */
			for (const char *x = e; x < s + P->pos; x++)
				if (!strchr("uUlL", *x))
					fail(P, "'%.*s' is not an integer constant", t->len, t->s);
		}
		return;
	}
	if (c == '\'' || c == '"') {
		size_t b = P->pos++;
		while (P->pos < P->end && s[P->pos] != c && s[P->pos] != '\n') {
			if (s[P->pos] == '\\' && P->pos + 1 < P->end)
				P->pos++;
			P->pos++;
		}
		if (P->pos >= P->end || s[P->pos] != c)
			fail_at(P, b, 1, "unterminated %s", c == '"' ? "string" : "character constant");
		P->pos++;
		t->len = P->pos - b;
		t->kind = c == '"' ? CT_STR : CT_NUM;
		if (c == '\'') {
			const char *q = s + b + 1;
			if (*q == '\\') {
				static const char esc[] = "n\nt\tr\r0\0\\\\''";
				const char *m = q[1] ? strchr(esc, q[1]) : NULL;
				t->num = m && (m - esc) % 2 == 0 ? (unsigned char)m[1] : (unsigned char)q[1];
			} else {
				t->num = (unsigned char)*q;
			}
		}
		return;
	}
	t->kind = CT_PUNCT;
	t->len = 1;
	for (size_t i = 0; i < ARRAY_SIZE(puncts); i++) {
		size_t n = strlen(puncts[i]);
		if (P->pos + n <= P->end && !strncmp(s + P->pos, puncts[i], n)) {
			t->len = n;
			break;
		}
	}
	P->pos += t->len;
}

static bool is_punct(const struct cparser *P, const char *p)
{
	return P->tok.kind == CT_PUNCT && P->tok.len == (int)strlen(p) && !strncmp(P->tok.s, p, P->tok.len);
}

static bool is_word(const struct cparser *P, const char *w)
{
	return P->tok.kind == CT_IDENT && P->tok.len == (int)strlen(w) && !strncmp(P->tok.s, w, P->tok.len);
}

static bool accept(struct cparser *P, const char *p)
{
	if (!is_punct(P, p))
		return false;
	next(P);
	return true;
}

static const char *tok_text(const struct cparser *P)
{
	if (P->tok.kind == CT_EOF)
		return "end of definitions";
	return arena_printf("'%.*s'", P->tok.len > 40 ? 40 : P->tok.len, P->tok.s);
}

static void expect(struct cparser *P, const char *p)
{
	if (!accept(P, p))
		fail(P, "expected '%s' in C definition, found %s", p, tok_text(P));
}

static const char *ident(struct cparser *P)
{
	return arena_strndup(P->tok.s, P->tok.len);
}

static void enter(struct cparser *P)
{
	if (++P->depth > MAX_NESTING)
		fail(P, "C definition nested too deeply");
}

/* ---- lookups ---- */

static struct named *find_named(void *vec, const char *name, size_t len)
{
	VEC(struct named) *v = vec;

	for (size_t i = v->len; i-- > 0;)
		if (strlen(v->data[i].name) == len && !strncmp(v->data[i].name, name, len))
			return &v->data[i];
	return NULL;
}

static struct tagdef *find_tag(char kind, const char *name)
{
	for (size_t i = 0; i < C.tags.len; i++)
		if (C.tags.data[i].kind == kind && C.tags.data[i].name && !strcmp(C.tags.data[i].name, name))
			return &C.tags.data[i];
	return NULL;
}

/* Integer typedefs every C program has (stdint.h, the kernel's u32 family). */
static struct type *builtin_typedef(const char *w, size_t n)
{
	static const struct { const char *name; int size; bool sign; } names[] = {
		{ "int8_t", 1, true }, { "int16_t", 2, true }, { "int32_t", 4, true }, { "int64_t", 8, true },
		{ "uint8_t", 1, false }, { "uint16_t", 2, false }, { "uint32_t", 4, false },
		{ "uint64_t", 8, false }, { "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false },
		{ "u64", 8, false }, { "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
		{ "__u8", 1, false }, { "__u16", 2, false }, { "__u32", 4, false }, { "__u64", 8, false },
		{ "__s8", 1, true }, { "__s16", 2, true }, { "__s32", 4, true }, { "__s64", 8, true },
		{ "size_t", 8, false }, { "ssize_t", 8, true }, { "uintptr_t", 8, false },
		{ "intptr_t", 8, true }, { "pid_t", 4, true }, { "uid_t", 4, false }, { "gid_t", 4, false },
		{ "off_t", 8, true }, { "loff_t", 8, true }, { "__be16", 2, false }, { "__be32", 4, false },
		{ "__le16", 2, false }, { "__le32", 4, false }, { "__be64", 8, false }, { "__le64", 8, false },
		/* bpftrace's own integer names, in casts like (int64 *) */
		{ "int8", 1, true }, { "int16", 2, true }, { "int32", 4, true }, { "int64", 8, true },
		{ "uint8", 1, false }, { "uint16", 2, false }, { "uint32", 4, false }, { "uint64", 8, false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == n && !strncmp(names[i].name, w, n))
			return type_int(names[i].size, names[i].sign);
	if ((n == 4 && !strncmp(w, "bool", 4)) || (n == 5 && !strncmp(w, "_Bool", 5)))
		return &type_bool;
	return NULL;
}

/* A typedef name: the script's, a standard one, or the kernel's (BTF). */
static struct type *typedef_type(const char *w, size_t n)
{
	struct named *td = find_named(&C.typedefs, w, n);
	if (td)
		return td->t;
	struct type *t = builtin_typedef(w, n);
	if (t || btf_load() < 0)
		return t;
	char *name = arena_strndup(w, n);
	t = btf_parse_type(name);
	/* only plain names: "struct x" spelled as one word is not a typedef */
	return t;
}

/* The kernel's type for a tag (struct, union, enum) by name; NULL if BTF has none. */
static struct type *btf_tag(char kind, const char *name)
{
	if (btf_load() < 0)
		return NULL;
	const char *kw = kind == 's' ? "struct" : kind == 'u' ? "union" : "enum";
	struct type *bt = btf_parse_type(arena_printf("%s %s", kw, name));
	if (!bt || (kind != 'e' && bt->kind != TY_RECORD))
		return NULL;
	return bt;
}

/* The kernel's definition for a tag the script refers to but does not define. */
static bool tag_from_btf(struct tagdef *td)
{
	struct type *bt = btf_tag(td->kind, td->name);
	if (!bt)
		return false;
	if (td->kind == 'e')
		td->t = bt;
	else
		*td->t = *bt; /* pointers made earlier hold the shell: it becomes the kernel's record */
	td->defined = true;
	return true;
}

static struct type *record_shell(char kind, const char *name)
{
	struct type *t = type_new(TY_RECORD);
	t->is_union = kind == 'u';
	t->name = name ? arena_printf("%s %s", kind == 'u' ? "union" : "struct", name) : NULL;
	t->nfields = -1;
	return t;
}

/* ---- constant expressions ---- */

static int64_t cond_expr(struct cparser *P);
static struct type *type_name(struct cparser *P);
static bool starts_type(const struct cparser *P);

static int64_t macro_value(struct cparser *P, const char *w, size_t n, bool *found)
{
	struct named *m = find_named(&C.macros, w, n);
	struct named *e = find_named(&C.consts, w, n);
	*found = true;
	if (e)
		return e->value;
	if (m && m->has_value)
		return m->value;
	*found = false;
	return 0;
}

static int64_t primary(struct cparser *P)
{
	enter(P);
	int64_t v = 0;
	if (P->tok.kind == CT_NUM) {
		v = (int64_t)P->tok.num;
		next(P);
	} else if (accept(P, "(")) {
		if (starts_type(P)) {
			/* a cast: C truncation to the type's size */
			struct type *t = type_name(P);
			expect(P, ")");
			v = primary(P);
			if (t->kind == TY_INT && t->size < 8) {
				int bits = 8 * t->size;
				uint64_t x = (uint64_t)v & ((1ull << bits) - 1);
				if (t->is_signed && (x >> (bits - 1)))
					x |= ~((1ull << bits) - 1);
				v = (int64_t)x;
			}
		} else {
			v = cond_expr(P);
			expect(P, ")");
		}
	} else if (accept(P, "-")) {
		v = (int64_t)(0 - (uint64_t)primary(P));
	} else if (accept(P, "+")) {
		v = primary(P);
	} else if (accept(P, "~")) {
		v = ~primary(P);
	} else if (accept(P, "!")) {
		v = !primary(P);
	} else if (is_word(P, "sizeof")) {
		next(P);
		expect(P, "(");
		struct type *t = type_name(P);
		expect(P, ")");
		v = t->size;
	} else if (P->pp && is_word(P, "defined")) {
		next(P);
		bool paren = accept(P, "(");
		if (P->tok.kind != CT_IDENT)
			fail(P, "expected a macro name after 'defined'");
		v = find_named(&C.macros, P->tok.s, P->tok.len) != NULL;
		next(P);
		if (paren)
			expect(P, ")");
	} else if (P->tok.kind == CT_IDENT) {
		bool found;
		v = macro_value(P, P->tok.s, P->tok.len, &found);
		if (!found && !P->pp)
			fail(P, "unknown constant '%.*s' in C definition", P->tok.len, P->tok.s);
		next(P);
	} else {
		fail(P, "expected a constant expression, found %s", tok_text(P));
	}
	P->depth--;
	return v;
}

static int prec(const struct cparser *P)
{
	static const struct { const char *op; int prec; } ops[] = {
		{ "*", 10 }, { "/", 10 }, { "%", 10 }, { "+", 9 }, { "-", 9 }, { "<<", 8 }, { ">>", 8 },
		{ "<", 7 }, { "<=", 7 }, { ">", 7 }, { ">=", 7 }, { "==", 6 }, { "!=", 6 }, { "&", 5 },
		{ "^", 4 }, { "|", 3 }, { "&&", 2 }, { "||", 1 },
	};
	if (P->tok.kind != CT_PUNCT)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (is_punct(P, ops[i].op))
			return ops[i].prec;
	return 0;
}

static int64_t binary(struct cparser *P, int min_prec)
{
	int64_t a = primary(P);

	for (;;) {
		int p = prec(P);
		if (!p || p < min_prec)
			return a;
		char op[3] = { 0 };
		memcpy(op, P->tok.s, P->tok.len);
		size_t at = P->tok.pos;
		next(P);
		enter(P);
		int64_t b = binary(P, p + 1);
		P->depth--;
		uint64_t ua = a, ub = b;
		if ((!strcmp(op, "/") || !strcmp(op, "%")) && b == 0)
			fail_at(P, at, 1, "division by zero in C definition");
		switch (op[0]) {
		case '*': a = (int64_t)(ua * ub); break;
		case '/': a = (a == INT64_MIN && b == -1) ? a : a / b; break;
		case '%': a = (a == INT64_MIN && b == -1) ? 0 : a % b; break;
		case '+': a = (int64_t)(ua + ub); break;
		case '-': a = (int64_t)(ua - ub); break;
		case '^': a ^= b; break;
		case '<':
			a = op[1] == '<' ? (int64_t)(ua << (ub & 63)) : op[1] == '=' ? a <= b : a < b;
			break;
		case '>':
			a = op[1] == '>' ? a >> (ub & 63) : op[1] == '=' ? a >= b : a > b;
			break;
		case '=': a = a == b; break;
		case '!': a = a != b; break;
		case '&': a = op[1] == '&' ? (a && b) : (a & b); break;
		case '|': a = op[1] == '|' ? (a || b) : (a | b); break;
		}
	}
}

static int64_t cond_expr(struct cparser *P)
{
	enter(P);
	int64_t c = binary(P, 1);
	if (accept(P, "?")) {
		int64_t a = cond_expr(P);
		expect(P, ":");
		int64_t b = cond_expr(P);
		c = c ? a : b;
	}
	P->depth--;
	return c;
}

/* ---- declarations ---- */

struct member {
	const char *name;
	struct type *t;
	int bits;         /* -1: not a bitfield */
	uint32_t align;   /* __attribute__((aligned(N))) on the member, else 0 */
	size_t pos;
	int len;
};

struct attrs {
	bool packed;
	uint32_t aligned;
};

static bool is_qualifier(const struct cparser *P)
{
	static const char *const quals[] = {
		"const", "volatile", "restrict", "__restrict", "__restrict__", "__user", "__kernel", "__iomem",
		"__rcu", "__percpu", "__force", "__const", "__volatile__", "static", "extern", "inline",
		"__inline", "__inline__", "register", "auto", "__extension__", "__signed__", "_Atomic",
	};
	if (P->tok.kind != CT_IDENT)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(quals); i++)
		if (is_word(P, quals[i]))
			return true;
	return false;
}

/* __attribute__((packed, aligned(8))) and friends; others are skipped. */
static bool attribute(struct cparser *P, struct attrs *a)
{
	if (!is_word(P, "__attribute__") && !is_word(P, "__attribute") && !is_word(P, "__packed") &&
	    !is_word(P, "__aligned"))
		return false;
	if (is_word(P, "__packed")) {
		next(P);
		a->packed = true;
		return true;
	}
	bool short_aligned = is_word(P, "__aligned");
	next(P);
	if (short_aligned) {
		expect(P, "(");
		a->aligned = cond_expr(P);
		expect(P, ")");
		return true;
	}
	expect(P, "(");
	expect(P, "(");
	int depth = 2;
	while (depth > 0) {
		if (P->tok.kind == CT_EOF)
			fail(P, "unterminated __attribute__");
		if (is_word(P, "packed") || is_word(P, "__packed__")) {
			a->packed = true;
		} else if (is_word(P, "aligned") || is_word(P, "__aligned__")) {
			next(P);
			if (accept(P, "(")) {
				int64_t v = cond_expr(P);
				if (v <= 0 || v > 4096 || (v & (v - 1)))
					fail(P, "alignment must be a power of two up to 4096");
				a->aligned = v;
				expect(P, ")");
			} else {
				a->aligned = 8;
			}
			continue;
		}
		if (is_punct(P, "("))
			depth++;
		else if (is_punct(P, ")"))
			depth--;
		next(P);
	}
	return true;
}

static void skip_decoration(struct cparser *P, struct attrs *a)
{
	struct attrs dummy = { 0 };
	for (;;) {
		if (is_qualifier(P))
			next(P);
		else if (!attribute(P, a ? a : &dummy))
			return;
	}
}

static bool is_base_word(const struct cparser *P)
{
	static const char *const words[] = { "void", "char", "short", "int", "long", "signed", "unsigned",
					     "float", "double", "_Bool", "__int128" };
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (is_word(P, words[i]))
			return true;
	return false;
}

static bool starts_type(const struct cparser *P)
{
	if (P->tok.kind != CT_IDENT)
		return false;
	if (is_base_word(P) || is_qualifier(P) || is_word(P, "struct") || is_word(P, "union") || is_word(P, "enum"))
		return true;
	return find_named((void *)&C.typedefs, P->tok.s, P->tok.len) || builtin_typedef(P->tok.s, P->tok.len);
}

static struct type *bytes_type(uint32_t size)
{
	struct type *t = type_new(TY_ARRAY);
	t->elem = &type_u8;
	t->count = size;
	t->size = size;
	return t;
}

/* Whether a piece of the script (a segment) starts between two positions. */
static bool new_piece(size_t from, size_t to)
{
	for (size_t i = 0; i < C.segs.len; i++)
		if (C.segs.data[i].start > from && C.segs.data[i].start <= to)
			return true;
	return false;
}

struct spec {
	struct type *t;
	bool plain_char;  /* `char`: arrays of it are strings, as bpftrace reads them */
};

static struct type *tagged(struct cparser *P);

static struct spec specifiers(struct cparser *P)
{
	int longs = 0, shorts = 0, chars = 0, ints = 0, sign = 0, unsign = 0, voids = 0, bools = 0, floats = 0,
	    doubles = 0, int128 = 0, words = 0;
	struct spec sp = { 0 };
	size_t start = P->tok.pos;

	for (;;) {
		skip_decoration(P, NULL);
		if (P->tok.kind != CT_IDENT || new_piece(start, P->tok.pos))
			break;
		if (is_word(P, "struct") || is_word(P, "union") || is_word(P, "enum")) {
			if (sp.t || words)
				fail(P, "two types in one declaration");
			sp.t = tagged(P);
			continue;
		}
		if (is_base_word(P)) {
			if (sp.t)
				fail(P, "two types in one declaration");
			longs += is_word(P, "long");
			shorts += is_word(P, "short");
			chars += is_word(P, "char");
			ints += is_word(P, "int");
			sign += is_word(P, "signed");
			unsign += is_word(P, "unsigned");
			voids += is_word(P, "void");
			bools += is_word(P, "_Bool");
			floats += is_word(P, "float");
			doubles += is_word(P, "double");
			int128 += is_word(P, "__int128");
			words++;
			next(P);
			continue;
		}
		if (sp.t || words)
			break;
		sp.t = typedef_type(P->tok.s, P->tok.len);
		if (!sp.t) {
			P->err = ENOENT;
			fail(P, "unknown type name '%.*s'", P->tok.len, P->tok.s);
		}
		next(P);
	}
	if (sp.t)
		return sp;
	if (!words)
		fail(P, "expected a type, found %s", tok_text(P));
	bool bad = sign + unsign > 1 || chars + shorts + (longs > 0) + voids + bools + floats + (doubles && !longs) +
						int128 > 1 || longs > 2 || ints > 1;
	if ((voids || bools || floats) && words > 1)
		bad = true;
	if (bad)
		fail_at(P, start, (int)(P->tok.pos - start), "invalid combination of type words");
	if (voids)
		sp.t = &type_void;
	else if (bools)
		sp.t = &type_bool;
	else if (floats)
		sp.t = bytes_type(4);
	else if (doubles)
		sp.t = bytes_type(longs ? 16 : 8);
	else if (int128)
		sp.t = bytes_type(16);
	else
		sp.t = type_int(chars ? 1 : shorts ? 2 : longs ? 8 : 4, !unsign);
	sp.plain_char = chars && !sign && !unsign;
	if (sp.t->kind == TY_ARRAY)
		sp.t->align = longs ? 16 : sp.t->size;
	return sp;
}

struct declarator {
	struct type *t;
	const char *name;
	size_t pos;
	int len;
	bool is_function;
	struct attrs attrs;
};

static void skip_parens(struct cparser *P)
{
	int depth = 0;
	do {
		if (P->tok.kind == CT_EOF)
			fail(P, "unbalanced parentheses in C definition");
		if (is_punct(P, "("))
			depth++;
		else if (is_punct(P, ")"))
			depth--;
		next(P);
	} while (depth > 0);
}

static struct type *array_of(struct cparser *P, struct type *elem, bool plain_char, uint64_t n, size_t pos)
{
	if (elem->kind == TY_VOID)
		fail_at(P, pos, 1, "array of void");
	if (elem->kind == TY_RECORD && elem->nfields < 0 && !elem->btf_id)
		fail_at(P, pos, 1, "array of incomplete type '%s'", type_str_name(elem));
	if (n > (1u << 24) || (elem->size && n * elem->size > (1u << 24)))
		fail_at(P, pos, 1, "array is too large");
	if (plain_char && elem->kind == TY_INT && elem->size == 1) {
		struct type *s = type_new(TY_STR);
		s->size = n;
		s->align = 1;
		return s;
	}
	struct type *a = type_new(TY_ARRAY);
	a->elem = elem;
	a->count = n;
	a->size = elem->size * n;
	a->align = elem->align ? elem->align : 1;
	return a;
}

/* '*'s, a name (optional when abstract), [N]s; function pointers become plain pointers. */
static struct declarator declarator(struct cparser *P, struct spec sp, bool abstract)
{
	struct declarator d = { .t = sp.t, .pos = P->tok.pos };
	bool plain_char = sp.plain_char;

	enter(P);
	skip_decoration(P, &d.attrs);
	while (accept(P, "*")) {
		d.t = type_ptr(d.t, false);
		plain_char = false;
		skip_decoration(P, &d.attrs);
	}
	if (is_punct(P, "(")) {
		/* (*name)(params) or (*name)[N]: a pointer we only need the size of */
		next(P);
		int ptrs = 0;
		while (accept(P, "*")) {
			ptrs++;
			skip_decoration(P, NULL);
		}
		if (!ptrs)
			fail(P, "unsupported declarator in C definition");
		if (P->tok.kind == CT_IDENT) {
			d.name = ident(P);
			d.pos = P->tok.pos;
			d.len = P->tok.len;
			next(P);
		}
		while (is_punct(P, "[")) {
			next(P);
			while (!accept(P, "]")) {
				if (P->tok.kind == CT_EOF)
					fail(P, "expected ']'");
				next(P);
			}
		}
		expect(P, ")");
		if (is_punct(P, "("))
			skip_parens(P);
		while (is_punct(P, "[")) {
			next(P);
			while (!accept(P, "]")) {
				if (P->tok.kind == CT_EOF)
					fail(P, "expected ']'");
				next(P);
			}
		}
		d.t = type_ptr(&type_void, false);
		skip_decoration(P, &d.attrs);
		P->depth--;
		return d;
	}
	if (P->tok.kind == CT_IDENT && !is_qualifier(P)) {
		d.name = ident(P);
		d.pos = P->tok.pos;
		d.len = P->tok.len;
		next(P);
	} else if (!abstract) {
		fail(P, "expected a name in declaration, found %s", tok_text(P));
	}
	uint64_t dims[MAX_DIMS];
	size_t dpos[MAX_DIMS];
	int ndims = 0;
	while (is_punct(P, "[")) {
		size_t at = P->tok.pos;
		next(P);
		if (ndims == MAX_DIMS)
			fail(P, "too many array dimensions");
		int64_t n = 0;
		if (!is_punct(P, "]")) {
			n = cond_expr(P);
			if (n < 0)
				fail_at(P, at, 1, "array size is negative");
		}
		dpos[ndims] = at;
		dims[ndims++] = n;
		expect(P, "]");
	}
	if (is_punct(P, "(")) {
		d.is_function = true;
		skip_parens(P);
	}
	for (int i = ndims; i-- > 0;) {
		d.t = array_of(P, d.t, plain_char, dims[i], dpos[i]);
		plain_char = false;
	}
	skip_decoration(P, &d.attrs);
	P->depth--;
	return d;
}

static struct type *enum_body(struct cparser *P, const char *name)
{
	int64_t v = 0, lo = 0, hi = 0;
	size_t first = C.consts.len;

	expect(P, "{");
	while (!accept(P, "}")) {
		if (P->tok.kind != CT_IDENT)
			fail(P, "expected an enumerator name, found %s", tok_text(P));
		struct named e = { .name = ident(P), .has_value = true };
		next(P);
		if (accept(P, "="))
			v = cond_expr(P);
		e.value = v++;
		lo = e.value < lo ? e.value : lo;
		hi = e.value > hi ? e.value : hi;
		vec_push(&C.consts, e);
		if (!accept(P, ",")) {
			expect(P, "}");
			break;
		}
	}
	/* the enum's type is the integer that holds its values, at least 4 bytes, as in C */
	bool sign = lo < 0;
	int size = (sign ? (lo >= INT32_MIN && hi <= INT32_MAX) : (uint64_t)hi <= UINT32_MAX) ? 4 : 8;
	struct type *t = type_int(size, sign);
	for (size_t i = first; i < C.consts.len; i++)
		C.consts.data[i].t = t;
	(void)name;
	return t;
}

static void layout(struct cparser *P, struct type *rec, struct member *ms, int n, struct attrs a)
{
	uint64_t bit = 0, size = 0;
	uint32_t max_align = 1;
	int nf = 0;

	rec->fields = arena_alloc(sizeof(*rec->fields) * (n ? n : 1));
	for (int i = 0; i < n; i++) {
		struct member *m = &ms[i];
		struct type *t = m->t;
		if (t->kind == TY_RECORD && t->nfields < 0 && !t->btf_id) {
			/* a record by value that the script has not defined: the kernel's, if it has it */
			for (size_t j = 0; j < C.tags.len; j++)
				if (C.tags.data[j].t == t && !C.tags.data[j].defined)
					tag_from_btf(&C.tags.data[j]);
		}
		if (t->kind == TY_VOID || (t->kind == TY_RECORD && t->nfields < 0 && !t->btf_id))
			fail_at(P, m->pos, m->len, "field '%s' has incomplete type '%s'", m->name ? m->name : "",
				type_str_name(t));
		uint32_t align = a.packed ? 1 : (t->align ? t->align : 1);
		if (m->align > align)
			align = m->align;
		if (rec->is_union)
			bit = 0;
		struct field *f = &rec->fields[nf];
		if (m->bits >= 0) {
			uint32_t unit = 8 * (t->size ? t->size : 1);
			if (t->kind != TY_INT && t->kind != TY_BOOL)
				fail_at(P, m->pos, m->len, "bitfield '%s' needs an integer type", m->name ? m->name : "");
			if ((uint32_t)m->bits > unit)
				fail_at(P, m->pos, m->len, "bitfield '%s' is wider than its type", m->name ? m->name : "");
			if (m->bits == 0) {
				bit = ALIGN_UP(bit, unit);
				continue;
			}
			/* a bitfield does not straddle a unit of its type unless packed */
			if (!a.packed && bit / unit != (bit + m->bits - 1) / unit)
				bit = ALIGN_UP(bit, unit);
			if (m->name) {
				uint32_t bytes = t->size;
				uint64_t u = bit / unit * bytes;
				/* bitfields read as unsigned, as bpftrace reads them */
				f->type = type_int(bytes, false);
				if (bit + m->bits > 8 * (u + bytes)) {
					/* packed across units: the smallest block from its first byte */
					uint32_t need = bit % 8 + m->bits;
					bytes = need <= 8 ? 1 : need <= 16 ? 2 : need <= 32 ? 4 : 8;
					f->type = type_int(bytes, false);
					u = bit / 8;
				}
				f->name = m->name;
				f->offset = u;
				f->bit_offset = bit - 8 * u;
				f->bit_size = m->bits;
				nf++;
			}
			bit += m->bits;
		} else {
			bit = ALIGN_UP(bit, 8 * (uint64_t)align);
			f->name = m->name;
			f->type = t;
			f->offset = bit / 8;
			nf++;
			bit += 8 * (uint64_t)t->size;
		}
		if (!a.packed || m->align)
			max_align = align > max_align ? align : max_align;
		uint64_t end = (bit + 7) / 8;
		size = end > size ? end : size;
		if (size > (1u << 24))
			fail_at(P, m->pos, m->len, "struct is too large");
	}
	if (a.aligned > max_align)
		max_align = a.aligned;
	rec->nfields = nf;
	rec->align = max_align;
	rec->size = ALIGN_UP(size, max_align);
}

/* Members grow in the arena: an error longjmps out of the parser, and the arena is freed whole. */
struct member_list {
	struct member *data;
	int len, cap;
};

static void member_push(struct member_list *ml, struct member m)
{
	if (ml->len == ml->cap) {
		int cap = ml->cap ? 2 * ml->cap : 8;
		struct member *d = arena_alloc(sizeof(*d) * cap);
		if (ml->len)
			memcpy(d, ml->data, sizeof(*d) * ml->len);
		ml->data = d;
		ml->cap = cap;
	}
	ml->data[ml->len++] = m;
}

static void members(struct cparser *P, struct type *rec, struct attrs *a)
{
	struct member_list ms = { 0 };

	expect(P, "{");
	while (!accept(P, "}")) {
		if (P->tok.kind == CT_EOF)
			fail(P, "expected '}' to end %s", type_str_name(rec));
		if (accept(P, ";"))
			continue;
		size_t at = P->tok.pos;
		struct spec sp = specifiers(P);
		if (accept(P, ";")) {
			/* struct { ... }; inside a struct: its members belong to the outer one */
			if (sp.t->kind == TY_RECORD) {
				struct member m = { .t = sp.t, .bits = -1, .pos = at, .len = 1 };
				member_push(&ms, m);
			}
			continue;
		}
		for (;;) {
			struct declarator d = declarator(P, sp, true);
			struct member m = { .name = d.name, .t = d.t, .bits = -1, .align = d.attrs.aligned,
					    .pos = d.name ? d.pos : at, .len = d.name ? d.len : 1 };
			if (accept(P, ":")) {
				int64_t bits = cond_expr(P);
				if (bits < 0 || bits > 64)
					fail_at(P, m.pos, m.len, "bitfield width must be from 0 to 64");
				m.bits = bits;
			} else if (!d.name) {
				fail(P, "expected a member name, found %s", tok_text(P));
			}
			skip_decoration(P, NULL);
			member_push(&ms, m);
			if (!accept(P, ","))
				break;
		}
		/* clang lets the last member go without ';', and scripts rely on it */
		if (!is_punct(P, "}"))
			expect(P, ";");
	}
	skip_decoration(P, a);
	struct member *copy = ms.data;
	int n = ms.len;
	/* members with the same name are an error in C; the first would hide the second */
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (copy[i].name && copy[j].name && !strcmp(copy[i].name, copy[j].name))
				fail_at(P, copy[i].pos, copy[i].len, "duplicate member '%s'", copy[i].name);
	layout(P, rec, copy, n, *a);
}

/* struct/union/enum [name] [{ ... }] */
static struct type *tagged(struct cparser *P)
{
	char kind = is_word(P, "struct") ? 's' : is_word(P, "union") ? 'u' : 'e';
	struct attrs a = { 0 };
	const char *name = NULL;
	size_t name_pos = P->tok.pos;
	int name_len = P->tok.len;

	enter(P);
	next(P);
	skip_decoration(P, &a);
	if (P->tok.kind == CT_IDENT) {
		name = ident(P);
		name_pos = P->tok.pos;
		name_len = P->tok.len;
		next(P);
	}
	skip_decoration(P, &a);
	if (!is_punct(P, "{")) {
		if (!name)
			fail(P, "expected a name or '{' after %s", kind == 's' ? "struct" : kind == 'u' ? "union" : "enum");
		struct tagdef *td = find_tag(kind, name);
		if (!td && !P->report) {
			/* a lookup (a cast, sizeof): names the script does not define are the kernel's */
			struct type *bt = btf_tag(kind, name);
			if (!bt) {
				P->err = ENOENT;
				fail_at(P, name_pos, name_len, "unknown type");
			}
			P->depth--;
			return bt;
		}
		if (!td) {
			struct tagdef nt = { .kind = kind, .name = name };
			nt.t = kind == 'e' ? NULL : record_shell(kind, name);
			vec_push(&C.tags, nt);
			td = &C.tags.data[C.tags.len - 1];
		}
		if (kind == 'e' && !td->t && !tag_from_btf(td))
			fail_at(P, name_pos, name_len, "unknown enum '%s'", name);
		P->depth--;
		return td->t;
	}
	if (!P->report)
		fail(P, "a type definition is not a type name");
	struct tagdef *td = name ? find_tag(kind, name) : NULL;
	if (td && td->defined)
		fail_at(P, name_pos, name_len, "redefinition of '%s %s'",
			kind == 's' ? "struct" : kind == 'u' ? "union" : "enum", name);
	struct type *t;
	if (kind == 'e') {
		t = enum_body(P, name);
		skip_decoration(P, &a);
	} else {
		t = td ? td->t : record_shell(kind, name);
		if (!td && name) {
			struct tagdef nt = { .kind = kind, .name = name, .t = t };
			vec_push(&C.tags, nt);
		}
		members(P, t, &a);
	}
	td = name ? find_tag(kind, name) : NULL;
	if (td) {
		td->t = t;
		td->defined = true;
	} else if (name) {
		struct tagdef nt = { .kind = kind, .name = name, .t = t, .defined = true };
		vec_push(&C.tags, nt);
	}
	P->depth--;
	return t;
}

/* A type in a cast or sizeof: specifiers and an abstract declarator. */
static struct type *type_name(struct cparser *P)
{
	struct spec sp = specifiers(P);
	struct declarator d = declarator(P, sp, true);
	if (d.name)
		fail_at(P, d.pos, d.len, "unexpected name '%s' in a type", d.name);
	return d.t;
}

static void declaration(struct cparser *P)
{
	if (accept(P, ";"))
		return;
	bool is_typedef = false;
	skip_decoration(P, NULL);
	if (is_word(P, "typedef")) {
		is_typedef = true;
		next(P);
	}
	size_t start = P->tok.pos;
	struct spec sp = specifiers(P);
	if (accept(P, ";"))
		return;
	/* `struct x { ... }` then a probe: the parser captured the definition alone */
	if (P->tok.kind == CT_EOF || new_piece(start, P->tok.pos))
		return;
	for (;;) {
		struct declarator d = declarator(P, sp, false);
		if (is_punct(P, "{"))
			fail(P, "function definitions are not supported in C definitions");
		if (is_typedef) {
			struct named td = { .name = d.name, .t = d.t };
			vec_push(&C.typedefs, td);
		}
		/* variables and function prototypes declare nothing a script can use */
		if (accept(P, "=")) {
			while (!is_punct(P, ",") && !is_punct(P, ";") && P->tok.kind != CT_EOF)
				next(P);
		}
		if (!accept(P, ","))
			break;
	}
	expect(P, ";");
}

/* Names the script only refers to take the kernel's definition, if it has one. */
static void resolve_shells(void)
{
	for (size_t i = 0; i < C.tags.len; i++) {
		struct tagdef *td = &C.tags.data[i];
		if (!td->defined && td->kind != 'e')
			tag_from_btf(td);
	}
}

/* ---- preprocessing ---- */

static bool word_at(const char *s, const char *w)
{
	size_t n = strlen(w);
	return !strncmp(s, w, n) && !(isalnum((unsigned char)s[n]) || s[n] == '_');
}

static void define_macro(struct cparser *P, size_t from, size_t to)
{
	P->pos = from;
	P->end = to;
	next(P);
	if (P->tok.kind != CT_IDENT)
		fail(P, "expected a macro name after #define");
	struct named m = { .name = ident(P) };
	bool function_like = P->pos < to && P->src[P->pos] == '(';
	next(P);
	if (!function_like && P->tok.kind != CT_EOF) {
		/* an integer value if the rest is a constant expression; otherwise just defined */
		struct cparser Q = *P;
		Q.report = false;
		if (!setjmp(Q.jb)) {
			int64_t v = cond_expr(&Q);
			if (Q.tok.kind == CT_EOF) {
				m.value = v;
				m.has_value = true;
			}
		}
	}
	vec_push(&C.macros, m);
}

static void undef_macro(struct cparser *P, size_t from, size_t to)
{
	P->pos = from;
	P->end = to;
	next(P);
	if (P->tok.kind != CT_IDENT)
		return;
	for (size_t i = 0; i < C.macros.len; i++)
		if ((int)strlen(C.macros.data[i].name) == P->tok.len &&
		    !strncmp(C.macros.data[i].name, P->tok.s, P->tok.len))
			C.macros.data[i].name = "";
}

static bool pp_value(struct cparser *P, size_t from, size_t to)
{
	P->pos = from;
	P->end = to;
	P->pp = true;
	next(P);
	int64_t v = cond_expr(P);
	if (P->tok.kind != CT_EOF)
		fail(P, "unexpected %s in #if", tok_text(P));
	P->pp = false;
	return v != 0;
}

struct cond {
	bool active;      /* this branch's text is in */
	bool taken;       /* a branch of this #if was taken */
	bool outer;       /* the enclosing text is in */
};

/*
 * Blanks directives, conditional text that is out, and the parser's position
 * markers, keeping every other byte where it is so positions map to the script.
 */
static void preprocess(struct cparser *P, char *text)
{
	struct cond stack[MAX_NESTING];
	int depth = 0;
	bool active = true;
	size_t len = strlen(text), pos = 0;

	while (pos < len) {
		size_t ls = pos, le = pos;
		while (le < len && text[le] != '\n') {
			if (text[le] == '\\' && text[le + 1] == '\n')
				le++;
			le++;
		}
		pos = le < len ? le + 1 : le;
		size_t p = ls;
		while (p < le && (text[p] == ' ' || text[p] == '\t'))
			p++;
		bool directive = p < le && text[p] == '#';
		if (directive) {
			p++;
			while (p < le && (text[p] == ' ' || text[p] == '\t'))
				p++;
			const char *d = text + p;
			size_t w = p;
			while (w < le && (isalnum((unsigned char)text[w]) || text[w] == '_'))
				w++;
			size_t dirpos = ls;
			P->tok.pos = dirpos;
			P->tok.len = (int)(w - ls);
			if (word_at(d, "sonde_loc")) {
				struct segment seg = { .start = pos };
				if (sscanf(d, "sonde_loc %d %d %d", &seg.at.off, &seg.at.line, &seg.at.col) == 3)
					vec_push(&C.segs, seg);
			} else if (word_at(d, "if") || word_at(d, "ifdef") || word_at(d, "ifndef")) {
				if (depth == MAX_NESTING)
					fail(P, "#if nested too deeply");
				bool v = false;
				if (active) {
					if (word_at(d, "if")) {
						v = pp_value(P, w, le);
					} else {
						P->pos = w;
						P->end = le;
						next(P);
						if (P->tok.kind != CT_IDENT)
							fail_at(P, dirpos, (int)(w - ls), "expected a macro name");
						bool def = find_named(&C.macros, P->tok.s, P->tok.len) != NULL;
						v = word_at(d, "ifdef") ? def : !def;
					}
				}
				stack[depth++] = (struct cond){ .active = v, .taken = v, .outer = active };
				active = active && v;
			} else if (word_at(d, "elif") || word_at(d, "else")) {
				if (!depth)
					fail(P, "#%s without #if", word_at(d, "else") ? "else" : "elif");
				struct cond *c = &stack[depth - 1];
				bool v = false;
				if (c->outer && !c->taken)
					v = word_at(d, "else") ? true : pp_value(P, w, le);
				c->active = v;
				c->taken |= v;
				active = c->outer && v;
			} else if (word_at(d, "endif")) {
				if (!depth)
					fail(P, "#endif without #if");
				active = stack[--depth].outer;
			} else if (active && word_at(d, "define")) {
				define_macro(P, w, le);
			} else if (active && word_at(d, "undef")) {
				undef_macro(P, w, le);
			} else if (active && word_at(d, "error")) {
				fail(P, "#error in the script's C definitions");
			}
			/* #include, #pragma and the rest need nothing: types come from BTF */
		}
		if (directive || !active)
			for (size_t i = ls; i < le; i++)
				if (text[i] != '\n')
					text[i] = ' ';
	}
	if (depth) {
		P->tok.pos = len;
		fail(P, "missing #endif");
	}
}

static void reset(void)
{
	vec_free(&C.segs);
	vec_free(&C.tags);
	vec_free(&C.typedefs);
	vec_free(&C.consts);
	vec_free(&C.macros);
}

int cdefs_load(const char *text)
{
	struct cparser P = { .report = true };

	reset();
	/* sonde reads kernel types from BTF: scripts' fallbacks for kernels without it are skipped */
	struct named have_btf = { .name = "BPFTRACE_HAVE_BTF" };
	vec_push(&C.macros, have_btf);
	if (!text)
		return 0;
	char *clean = arena_strdup(text);
	P.src = clean;
	if (setjmp(P.jb))
		return -EINVAL;
	preprocess(&P, clean);
	P.pos = 0;
	P.end = strlen(clean);
	next(&P);
	while (P.tok.kind != CT_EOF)
		declaration(&P);
	resolve_shells();
	return 0;
}

struct type *cdefs_parse_type(const char *spelling)
{
	struct cparser P = { .src = spelling, .report = false };

	if (!spelling) {
		errno = EINVAL;
		return NULL;
	}
	P.end = strlen(spelling);
	if (setjmp(P.jb)) {
		errno = P.err ? P.err : EINVAL;
		return NULL;
	}
	next(&P);
	struct type *t = type_name(&P);
	if (P.tok.kind != CT_EOF) {
		errno = EINVAL;
		return NULL;
	}
	if (t->kind == TY_RECORD && t->nfields < 0 && !t->btf_id) {
		errno = ENOENT;
		return NULL;
	}
	return t;
}

bool cdefs_constant(const char *name, int64_t *value, struct type **type)
{
	struct named *e = find_named(&C.consts, name, strlen(name));
	if (e) {
		*value = e->value;
		if (type)
			*type = e->t;
		return true;
	}
	struct named *m = find_named(&C.macros, name, strlen(name));
	if (m && m->has_value) {
		*value = m->value;
		if (type)
			*type = &type_s64;
		return true;
	}
	return false;
}
