/*
 * cdefs_lex.c: the C definition parser's lower layers: where text came from
 * in the script, tokens, integer constant expressions (array sizes, enum
 * values, #if), and the preprocessor (conditionals, #define; #include is
 * ignored).
 */
#include "cdefs_priv.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- locations ---- */

static struct loc loc_at(size_t pos, int len)
{
	struct loc l = { 0 };
	const struct segment *seg = NULL;

	for (size_t i = 0; i < cdefs_g.segs.len; i++)
		if (cdefs_g.segs.data[i].start <= pos)
			seg = &cdefs_g.segs.data[i];
	if (!seg)
		return l;
	l = seg->at;
	if (seg->file)
		return l;
	l.len = len > 0 ? len : 1;
	l.off = seg->at.off + (int)(pos - seg->start);
	return l;
}

/* Line and column need the text between the segment start and pos. */
struct loc cdefs_loc(const char *text, size_t pos, int len)
{
	struct loc l = loc_at(pos, len);
	const struct segment *seg = NULL;

	for (size_t i = 0; i < cdefs_g.segs.len; i++)
		if (cdefs_g.segs.data[i].start <= pos)
			seg = &cdefs_g.segs.data[i];
	cdefs_g.err_file = NULL;
	if (!seg)
		return l;
	if (seg->file) {
		/* in a header: the script's #include, and the header's line for the message */
		cdefs_g.err_file = seg->file;
		cdefs_g.err_line = seg->fline;
		for (size_t i = seg->start; i < pos; i++)
			cdefs_g.err_line += text[i] == '\n';
		return l;
	}
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

_Noreturn void cdefs_fail_at(struct cparser *P, size_t pos, int len, const char *fmt, ...)
{
	if (P->report) {
		char buf[512];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		struct loc l = cdefs_loc(P->src, pos, len);
		if (cdefs_g.err_file)
			diag_error(l.line ? &l : NULL, "in %s:%d: %s", cdefs_g.err_file, cdefs_g.err_line, buf);
		else
			diag_error(l.line ? &l : NULL, "%s", buf);
	}
	longjmp(P->jb, 1);
}

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

void cdefs_next(struct cparser *P)
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
					cdefs_fail(P, "'%.*s' is not an integer constant", t->len, t->s);
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
			cdefs_fail_at(P, b, 1, "unterminated %s", c == '"' ? "string" : "character constant");
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

bool cdefs_is_punct(const struct cparser *P, const char *p)
{
	return P->tok.kind == CT_PUNCT && P->tok.len == (int)strlen(p) && !strncmp(P->tok.s, p, P->tok.len);
}

bool cdefs_is_word(const struct cparser *P, const char *w)
{
	return P->tok.kind == CT_IDENT && P->tok.len == (int)strlen(w) && !strncmp(P->tok.s, w, P->tok.len);
}

bool cdefs_accept(struct cparser *P, const char *p)
{
	if (!cdefs_is_punct(P, p))
		return false;
	cdefs_next(P);
	return true;
}

const char *cdefs_tok_text(const struct cparser *P)
{
	if (P->tok.kind == CT_EOF)
		return "end of definitions";
	return arena_printf("'%.*s'", P->tok.len > 40 ? 40 : P->tok.len, P->tok.s);
}

void cdefs_expect(struct cparser *P, const char *p)
{
	if (!cdefs_accept(P, p))
		cdefs_fail(P, "expected '%s' in C definition, found %s", p, cdefs_tok_text(P));
}

const char *cdefs_ident(struct cparser *P)
{
	return arena_strndup(P->tok.s, P->tok.len);
}

void cdefs_enter(struct cparser *P)
{
	if (++P->depth > MAX_NESTING)
		cdefs_fail(P, "C definition nested too deeply");
}

struct named *cdefs_find_named(void *vec, const char *name, size_t len)
{
	VEC(struct named) *v = vec;

	for (size_t i = v->len; i-- > 0;)
		if (strlen(v->data[i].name) == len && !strncmp(v->data[i].name, name, len))
			return &v->data[i];
	return NULL;
}

/* ---- constant expressions ---- */

static int64_t macro_value(struct cparser *P, const char *w, size_t n, bool *found)
{
	struct named *m = cdefs_find_named(&cdefs_g.macros, w, n);
	struct named *e = cdefs_find_named(&cdefs_g.consts, w, n);
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
	cdefs_enter(P);
	int64_t v = 0;
	if (P->tok.kind == CT_NUM) {
		v = (int64_t)P->tok.num;
		cdefs_next(P);
	} else if (cdefs_accept(P, "(")) {
		if (cdefs_starts_type(P)) {
			/* a cast: C truncation to the type's size */
			struct type *t = cdefs_type_name(P);
			cdefs_expect(P, ")");
			v = primary(P);
			if (t->kind == TY_INT && t->size < 8) {
				int bits = 8 * t->size;
				uint64_t x = (uint64_t)v & ((1ull << bits) - 1);
				if (t->is_signed && (x >> (bits - 1)))
					x |= ~((1ull << bits) - 1);
				v = (int64_t)x;
			}
		} else {
			v = cdefs_expr(P);
			cdefs_expect(P, ")");
		}
	} else if (cdefs_accept(P, "-")) {
		v = (int64_t)(0 - (uint64_t)primary(P));
	} else if (cdefs_accept(P, "+")) {
		v = primary(P);
	} else if (cdefs_accept(P, "~")) {
		v = ~primary(P);
	} else if (cdefs_accept(P, "!")) {
		v = !primary(P);
	} else if (cdefs_is_word(P, "sizeof")) {
		cdefs_next(P);
		cdefs_expect(P, "(");
		struct type *t = cdefs_type_name(P);
		cdefs_expect(P, ")");
		v = t->size;
	} else if (P->pp && cdefs_is_word(P, "defined")) {
		cdefs_next(P);
		bool paren = cdefs_accept(P, "(");
		if (P->tok.kind != CT_IDENT)
			cdefs_fail(P, "expected a macro name after 'defined'");
		v = cdefs_find_named(&cdefs_g.macros, P->tok.s, P->tok.len) != NULL;
		cdefs_next(P);
		if (paren)
			cdefs_expect(P, ")");
	} else if (P->tok.kind == CT_IDENT) {
		bool found;
		v = macro_value(P, P->tok.s, P->tok.len, &found);
		if (!found && !P->pp)
			cdefs_fail(P, "unknown constant '%.*s' in C definition", P->tok.len, P->tok.s);
		cdefs_next(P);
	} else {
		cdefs_fail(P, "expected a constant expression, found %s", cdefs_tok_text(P));
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
		if (cdefs_is_punct(P, ops[i].op))
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
		cdefs_next(P);
		cdefs_enter(P);
		int64_t b = binary(P, p + 1);
		P->depth--;
		uint64_t ua = a, ub = b;
		if ((!strcmp(op, "/") || !strcmp(op, "%")) && b == 0)
			cdefs_fail_at(P, at, 1, "division by zero in C definition");
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

int64_t cdefs_expr(struct cparser *P)
{
	cdefs_enter(P);
	int64_t c = binary(P, 1);
	if (cdefs_accept(P, "?")) {
		int64_t a = cdefs_expr(P);
		cdefs_expect(P, ":");
		int64_t b = cdefs_expr(P);
		c = c ? a : b;
	}
	P->depth--;
	return c;
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
	cdefs_next(P);
	if (P->tok.kind != CT_IDENT)
		cdefs_fail(P, "expected a macro name after #define");
	struct named m = { .name = cdefs_ident(P) };
	bool function_like = P->pos < to && P->src[P->pos] == '(';
	cdefs_next(P);
	if (!function_like && P->tok.kind != CT_EOF) {
		/* an integer value if the rest is a constant expression; otherwise just defined */
		struct cparser Q = *P;
		Q.report = false;
		if (!setjmp(Q.jb)) {
			int64_t v = cdefs_expr(&Q);
			if (Q.tok.kind == CT_EOF) {
				m.value = v;
				m.has_value = true;
			}
		}
	}
	vec_push(&cdefs_g.macros, m);
}

static void undef_macro(struct cparser *P, size_t from, size_t to)
{
	P->pos = from;
	P->end = to;
	cdefs_next(P);
	if (P->tok.kind != CT_IDENT)
		return;
	for (size_t i = 0; i < cdefs_g.macros.len; i++)
		if ((int)strlen(cdefs_g.macros.data[i].name) == P->tok.len &&
		    !strncmp(cdefs_g.macros.data[i].name, P->tok.s, P->tok.len))
			cdefs_g.macros.data[i].name = "";
}

static bool pp_value(struct cparser *P, size_t from, size_t to)
{
	P->pos = from;
	P->end = to;
	P->pp = true;
	cdefs_next(P);
	int64_t v = cdefs_expr(P);
	if (P->tok.kind != CT_EOF)
		cdefs_fail(P, "unexpected %s in #if", cdefs_tok_text(P));
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
void cdefs_preprocess(struct cparser *P, char *text)
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
				if (sscanf(d, "sonde_loc %d %d %d %d", &seg.at.off, &seg.at.line, &seg.at.col, &seg.at.file) >= 3)
					vec_push(&cdefs_g.segs, seg);
			} else if (word_at(d, "sonde_inc")) {
				struct segment seg = { .start = pos };
				int n = 0;
				if (sscanf(d, "sonde_inc %d %d %d %d %d %d %n", &seg.at.off, &seg.at.line, &seg.at.col,
					   &seg.at.len, &seg.at.file, &seg.fline, &n) == 6 && n > 0) {
					seg.file = arena_strndup(d + n, le - (size_t)(d + n - text));
					vec_push(&cdefs_g.segs, seg);
				}
			} else if (word_at(d, "if") || word_at(d, "ifdef") || word_at(d, "ifndef")) {
				if (depth == MAX_NESTING)
					cdefs_fail(P, "#if nested too deeply");
				bool v = false;
				if (active) {
					if (word_at(d, "if")) {
						v = pp_value(P, w, le);
					} else {
						P->pos = w;
						P->end = le;
						cdefs_next(P);
						if (P->tok.kind != CT_IDENT)
							cdefs_fail_at(P, dirpos, (int)(w - ls), "expected a macro name");
						bool def = cdefs_find_named(&cdefs_g.macros, P->tok.s, P->tok.len) != NULL;
						v = word_at(d, "ifdef") ? def : !def;
					}
				}
				stack[depth++] = (struct cond){ .active = v, .taken = v, .outer = active };
				active = active && v;
			} else if (word_at(d, "elif") || word_at(d, "else")) {
				if (!depth)
					cdefs_fail(P, "#%s without #if", word_at(d, "else") ? "else" : "elif");
				struct cond *c = &stack[depth - 1];
				bool v = false;
				if (c->outer && !c->taken)
					v = word_at(d, "else") ? true : pp_value(P, w, le);
				c->active = v;
				c->taken |= v;
				active = c->outer && v;
			} else if (word_at(d, "endif")) {
				if (!depth)
					cdefs_fail(P, "#endif without #if");
				active = stack[--depth].outer;
			} else if (active && word_at(d, "define")) {
				define_macro(P, w, le);
			} else if (active && word_at(d, "undef")) {
				undef_macro(P, w, le);
			} else if (active && word_at(d, "error")) {
				cdefs_fail(P, "#error in the script's C definitions");
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
		cdefs_fail(P, "missing #endif");
	}
}

