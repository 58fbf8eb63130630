/*
 * fmt.c: --fmt, the script printed back in canonical form from its syntax
 * tree (bpftrace 0.25's formatter): tab indentation, one statement a line,
 * probes as bpftrace's tools write them (attach points, /predicate/ and '{'
 * each on a line), parentheses only where precedence needs them.
 *
 * What the tree does not hold comes from the source through the nodes'
 * spans: literals keep their spelling (0x10, 1_000, 5ms, "a\n", $1,
 * getopt(...)), attach points their quotes, C definitions and # lines are
 * copied as written. The comments, which the lexer records on the side
 * (lexer_comments), are printed where they fall between the nodes: `cur`
 * is the source offset up to which everything is printed, a comment before
 * the next node goes on its own line, one on the line where `cur` stands
 * goes at the end of the printed line.
 */
#include "fmt.h"
#include "ast.h"
#include "lexer.h"
#include "util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Attach points joined on one line up to this width, else one a line. */
#define FMT_ATTACH_WIDTH 80

struct fmt {
	const char *src;
	int src_len;
	const struct loc *cm;  /* the comments, in source order */
	int ncm, ci;           /* ci: the next one to print */
	int cur;               /* source offset printed up to */
	int indent;
	char *buf;
	size_t len, cap;
	bool line_open;
	bool line_comment;     /* the open line ends in a // comment: nothing more may follow on it */
};

enum gap_mode {
	GAP_FIRST,  /* first in a block: no blank line before it */
	GAP_KEEP,   /* one blank line where the source has one or more */
	GAP_FORCE,  /* always one blank line (between probes) */
};

static void fmt_raw(struct fmt *f, const char *s, size_t n)
{
	if (f->len + n + 1 > f->cap) {
		f->cap = (f->len + n + 1) * 2;
		f->buf = xrealloc(f->buf, f->cap);
	}
	memcpy(f->buf + f->len, s, n);
	f->len += n;
	f->buf[f->len] = '\0';
}

/* Text on the current line; the first on a line is indented. */
static void put_n(struct fmt *f, const char *s, size_t n)
{
	if (!f->line_open) {
		for (int i = 0; i < f->indent; i++)
			fmt_raw(f, "\t", 1);
		f->line_open = true;
	}
	fmt_raw(f, s, n);
}

static void put(struct fmt *f, const char *s)
{
	put_n(f, s, strlen(s));
}

static void putf(struct fmt *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct fmt *f, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put_n(f, tmp, n < (int)sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void advance_to(struct fmt *f, int off)
{
	if (off > f->cur)
		f->cur = off;
}

/* The source text of loc, as written. */
static void put_src(struct fmt *f, const struct loc *l)
{
	put_n(f, f->src + l->off, l->len);
	advance_to(f, l->off + l->len);
}

static void blank_line(struct fmt *f)
{
	if (f->len == 0 || (f->len >= 2 && f->buf[f->len - 1] == '\n' && f->buf[f->len - 2] == '\n'))
		return;
	fmt_raw(f, "\n", 1);
}

static int newlines(const struct fmt *f, int from, int to)
{
	int n = 0;

	for (int i = from; i < to && i < f->src_len; i++)
		n += f->src[i] == '\n';
	return n;
}

static void put_comment(struct fmt *f, const struct loc *c)
{
	int len = c->len;

	while (len > 0 && (f->src[c->off + len - 1] == '\r' || f->src[c->off + len - 1] == ' ' ||
			   f->src[c->off + len - 1] == '\t'))
		len--;
	put_n(f, f->src + c->off, len);
	advance_to(f, c->off + c->len);
	f->ci++;
	if (f->src[c->off + 1] == '/')
		f->line_comment = true;
}

/* Is only punctuation that closes what is printed between cur and off, on one line? */
static bool same_line_after(const struct fmt *f, int off)
{
	for (int i = f->cur; i < off; i++)
		if (!strchr(" \t;,)/", f->src[i]))
			return false;
	return true;
}

/*
 * Ends the printed line: comments inside what it printed (within an
 * expression, where the tree keeps none) and those after it on its source
 * line go at its end.
 */
static void end_line(struct fmt *f)
{
	/* nothing more after a // comment: the next ones go on lines of their own (gap) */
	while (f->ci < f->ncm && !f->line_comment) {
		const struct loc *c = &f->cm[f->ci];
		if (c->off >= f->cur && !same_line_after(f, c->off))
			break;
		put(f, " ");
		put_comment(f, c);
	}
	if (f->line_open)
		fmt_raw(f, "\n", 1);
	f->line_open = false;
	f->line_comment = false;
}

/* The comments before the node at `upto`, each on its line, and the blank lines between. */
static void gap(struct fmt *f, int upto, enum gap_mode mode, bool closing)
{
	bool first = mode == GAP_FIRST;

	if (mode == GAP_FORCE)
		blank_line(f);
	while (f->ci < f->ncm && f->cm[f->ci].off < upto) {
		if (!first && newlines(f, f->cur, f->cm[f->ci].off) >= 2)
			blank_line(f);
		first = false;
		put_comment(f, &f->cm[f->ci]);
		end_line(f);
	}
	if (!first && !closing && newlines(f, f->cur, upto) >= 2)
		blank_line(f);
}

/* Comments inside text printed as written are part of it. */
static void skip_comments_before(struct fmt *f, int off)
{
	while (f->ci < f->ncm && f->cm[f->ci].off < off)
		f->ci++;
}

/* The offset of the next `ch` from cur, past white space and comments; -1 if none. */
static int scan_to(const struct fmt *f, char ch)
{
	int i = f->cur, k = f->ci;

	while (i < f->src_len) {
		while (k < f->ncm && f->cm[k].off < i)
			k++;
		if (k < f->ncm && f->cm[k].off == i) {
			i += f->cm[k].len;
			continue;
		}
		if (f->src[i] == ch)
			return i;
		i++;
	}
	return -1;
}

/* ---- expressions ---- */

static int binop_prec(enum binop op)
{
	static const int prec[BIN_MAX] = {
		[BIN_LOR] = 1, [BIN_LAND] = 2, [BIN_OR] = 3, [BIN_XOR] = 4, [BIN_AND] = 5,
		[BIN_EQ] = 6, [BIN_NE] = 6, [BIN_LT] = 7, [BIN_LE] = 7, [BIN_GT] = 7, [BIN_GE] = 7,
		[BIN_SHL] = 8, [BIN_SHR] = 8, [BIN_ADD] = 9, [BIN_SUB] = 9,
		[BIN_MUL] = 10, [BIN_DIV] = 10, [BIN_MOD] = 10,
	};
	return (unsigned)op < BIN_MAX ? prec[op] : 0;
}

#define PREC_UNARY 11
#define PREC_POSTFIX 12
#define PREC_PRIMARY 13

static int expr_prec(const struct node *n)
{
	switch (n->kind) {
	case N_TERNARY:
		return 0;
	case N_BINARY:
		return binop_prec(n->op);
	case N_UNARY:
	case N_CAST:
		return PREC_UNARY;
	case N_INCDEC:
		return n->is_post ? PREC_POSTFIX : PREC_UNARY;
	case N_FIELD:
	case N_INDEX:
		return PREC_POSTFIX;
	default:
		return PREC_PRIMARY;
	}
}

static void print_expr(struct fmt *f, const struct node *n, int min_prec);
static void print_stmts(struct fmt *f, const struct node *first);
static void print_block_value(struct fmt *f, const struct node *body, const struct node *value);

static void print_list(struct fmt *f, const struct node *n)
{
	for (; n; n = n->next) {
		print_expr(f, n, 0);
		if (n->next)
			put(f, ", ");
	}
}

static void print_unary(struct fmt *f, const struct node *n)
{
	const struct node *o = n->operand;

	/* -$1 with a negative argument: the parser made -N of `$1` */
	if (o->loc.off == n->loc.off) {
		put_src(f, &n->loc);
		return;
	}
	put(f, unop_str(n->uop));
	/* `- -x` and `& &x` must not lex as -- and && */
	if ((n->uop == UN_NEG && ((o->kind == N_UNARY && o->uop == UN_NEG) ||
				  (o->kind == N_INCDEC && !o->is_post && !o->is_inc))) ||
	    (n->uop == UN_ADDR && o->kind == N_UNARY && o->uop == UN_ADDR))
		put(f, " ");
	print_expr(f, o, PREC_UNARY);
}

static void print_tuple(struct fmt *f, const struct node *n)
{
	int i = 0;

	put(f, "(");
	for (const struct node *a = n->args; a; a = a->next, i++) {
		if (n->fnames)
			putf(f, "%s = ", n->fnames[i].name);
		print_expr(f, a, 0);
		if (a->next)
			put(f, ", ");
	}
	if (n->nargs == 1 && !n->fnames)
		put(f, ",");
	put(f, ")");
}

static void print_expr_inner(struct fmt *f, const struct node *n)
{
	switch (n->kind) {
	case N_INT:
	case N_STRING:
	case N_BUILTIN:
		put_src(f, &n->loc);
		break;
	case N_IDENT:
		put(f, n->name);
		break;
	case N_VAR:
		putf(f, "$%s", n->name);
		break;
	case N_MAP:
		putf(f, "@%s", n->name);
		if (n->args) {
			put(f, "[");
			print_list(f, n->args);
			put(f, "]");
		}
		break;
	case N_CALL:
		put(f, n->name);
		/* `config` without parentheses */
		if (n->args || n->loc.len > (int)strlen(n->name)) {
			put(f, "(");
			print_list(f, n->args);
			put(f, ")");
		}
		break;
	case N_BINARY:
		print_expr(f, n->lhs, binop_prec(n->op));
		putf(f, " %s ", binop_str(n->op));
		print_expr(f, n->rhs, binop_prec(n->op) + 1);
		break;
	case N_UNARY:
		print_unary(f, n);
		break;
	case N_TERNARY:
		print_expr(f, n->cond, 1);
		put(f, " ? ");
		print_expr(f, n->then, 0);
		put(f, " : ");
		print_expr(f, n->els, 0);
		break;
	case N_ASSIGN:
		print_expr(f, n->lhs, 0);
		putf(f, " %s= ", binop_str(n->op));
		print_expr(f, n->rhs, 0);
		break;
	case N_INCDEC:
		if (!n->is_post)
			put(f, n->is_inc ? "++" : "--");
		print_expr(f, n->operand, n->is_post ? PREC_POSTFIX : PREC_UNARY);
		if (n->is_post)
			put(f, n->is_inc ? "++" : "--");
		break;
	case N_FIELD:
		print_expr(f, n->operand, PREC_POSTFIX);
		if (n->name)
			putf(f, "%s%s", n->is_arrow ? "->" : ".", n->name);
		else
			putf(f, ".%d", n->index);
		break;
	case N_INDEX:
		print_expr(f, n->operand, PREC_POSTFIX);
		put(f, "[");
		print_expr(f, n->rhs, 0);
		put(f, "]");
		break;
	case N_CAST:
		putf(f, "(%s)", n->type_name);
		print_expr(f, n->operand, PREC_UNARY);
		break;
	case N_TUPLE:
		print_tuple(f, n);
		break;
	case N_SIZEOF:
		put(f, "sizeof(");
		if (n->type_name)
			put(f, n->type_name);
		else
			print_expr(f, n->operand, 0);
		put(f, ")");
		break;
	case N_OFFSETOF:
		put(f, "offsetof(");
		if (n->type_name)
			put(f, n->type_name);
		else
			print_expr(f, n->operand, 0);
		putf(f, ", %s)", n->name);
		break;
	case N_BLOCK_EXPR:
		/* delete(@m[*, k]) is parsed into a loop: printed as written */
		if (f->src[n->loc.off] != '{') {
			put_src(f, &n->loc);
			skip_comments_before(f, n->loc.off + n->loc.len);
			break;
		}
		print_block_value(f, n->body, n->operand);
		break;
	default:
		putf(f, "/* ? %d */", n->kind);
		break;
	}
	advance_to(f, n->loc.off + n->loc.len);
}

static void print_expr(struct fmt *f, const struct node *n, int min_prec)
{
	bool paren = expr_prec(n) < min_prec;

	if (paren)
		put(f, "(");
	print_expr_inner(f, n);
	if (paren)
		put(f, ")");
}

/* ---- statements ---- */

/* '{' ... '}' around statements (and a value, for block expressions and macros). */
static void print_block_value(struct fmt *f, const struct node *body, const struct node *value)
{
	int open = scan_to(f, '{');

	put(f, "{");
	if (open >= 0)
		advance_to(f, open + 1);
	end_line(f);
	f->indent++;
	print_stmts(f, body);
	if (value) {
		gap(f, value->loc.off, body ? GAP_KEEP : GAP_FIRST, false);
		print_expr(f, value, 0);
		end_line(f);
	}
	int close = scan_to(f, '}');
	if (close >= 0) {
		gap(f, close, body || value ? GAP_KEEP : GAP_FIRST, true);
		advance_to(f, close + 1);
	}
	f->indent--;
	put(f, "}");
}

static void print_block(struct fmt *f, const struct node *body)
{
	print_block_value(f, body, NULL);
}

static void print_if(struct fmt *f, const struct node *n)
{
	put(f, "if (");
	print_expr(f, n->cond, 0);
	put(f, ") ");
	print_block(f, n->then);
	if (!n->els)
		return;
	put(f, " else ");
	/* `else if` as written; `else { if ... }` keeps its braces */
	int open = scan_to(f, '{');
	if (n->els->kind == N_IF && !n->els->next && (open < 0 || open > n->els->loc.off))
		print_if(f, n->els);
	else
		print_block(f, n->els);
}

static void print_stmt(struct fmt *f, const struct node *n)
{
	switch (n->kind) {
	case N_EXPR_STMT:
		print_expr(f, n->operand, 0);
		put(f, ";");
		break;
	case N_LET:
		putf(f, "let $%s", n->name);
		if (n->type_name && n->args) {
			put(f, ": typeof(");
			print_expr(f, n->args, 0);
			put(f, ")");
		} else if (n->type_name) {
			putf(f, ": %s", n->type_name);
		}
		if (n->rhs) {
			put(f, " = ");
			print_expr(f, n->rhs, 0);
		}
		put(f, ";");
		break;
	case N_RETURN:
		put(f, "return");
		if (n->operand) {
			put(f, " ");
			print_expr(f, n->operand, 0);
		}
		put(f, ";");
		break;
	case N_BREAK:
	case N_CONTINUE:
		put(f, n->kind == N_BREAK ? "break;" : "continue;");
		break;
	case N_BLOCK:
		print_block(f, n->body);
		break;
	case N_IF:
		print_if(f, n);
		break;
	case N_WHILE:
		put(f, "while (");
		print_expr(f, n->cond, 0);
		put(f, ") ");
		print_block(f, n->body);
		break;
	case N_UNROLL:
		put(f, "unroll (");
		print_expr(f, n->operand, 0);
		put(f, ") ");
		print_block(f, n->body);
		break;
	case N_FOR:
		putf(f, "for ($%s : ", n->name);
		if (n->is_range) {
			print_expr(f, n->args, 0);
			put(f, "..");
			print_expr(f, n->args->next, 0);
		} else {
			print_expr(f, n->rhs, 0);
		}
		put(f, ") ");
		print_block(f, n->body);
		break;
	default:
		print_expr(f, n, 0);
		put(f, ";");
		break;
	}
	advance_to(f, n->loc.off + n->loc.len);
	end_line(f);
}

static void print_stmts(struct fmt *f, const struct node *first)
{
	for (const struct node *s = first; s; s = s->next) {
		gap(f, s->loc.off, s == first ? GAP_FIRST : GAP_KEEP, false);
		print_stmt(f, s);
	}
}

/* ---- the top level ---- */

enum top_kind { TOP_IMPORT, TOP_CONFIG, TOP_DECL, TOP_C, TOP_MACRO, TOP_PROBE };

struct top_item {
	enum top_kind kind;
	int off;
	const void *item;
};

static int top_cmp(const void *a, const void *b)
{
	const struct top_item *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

static void print_config(struct fmt *f, const struct ast_program *prog)
{
	put(f, "config = {");
	for (const struct ast_config *c = prog->config; c; c = c->next) {
		putf(f, " %s = ", c->key);
		put_src(f, &c->value->loc);
		put(f, c->next ? ";" : " ");
	}
	put(f, "}");
	int close = scan_to(f, '}');
	if (close >= 0)
		advance_to(f, close + 1);
}

static void print_decl(struct fmt *f, const struct ast_map_decl *d)
{
	const char *s = f->src + d->loc.off;
	const char *open = memchr(s, '(', d->loc.len);
	const char *close = open ? memchr(open, ')', d->loc.len - (open - s)) : NULL;

	putf(f, "let @%s = %s(", d->name, d->kind);
	if (open && close) {
		/* the size as written */
		const char *a = open + 1, *b = close;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		put_n(f, a, b - a);
	} else {
		putf(f, "%llu", (unsigned long long)d->max_entries);
	}
	put(f, ");");
	advance_to(f, d->loc.off + d->loc.len);
}

static void print_macro(struct fmt *f, const struct ast_macro *m)
{
	putf(f, "macro %s(", m->name);
	for (const struct node *p = m->params; p; p = p->next) {
		putf(f, "%s%s", p->kind == N_VAR ? "$" : p->kind == N_MAP ? "@" : "", p->name);
		if (p->next)
			put(f, ", ");
		advance_to(f, p->loc.off + p->loc.len);
	}
	put(f, ") ");
	print_block_value(f, m->body, m->value);
}

static int attach_width(const struct ast_probe *p)
{
	int w = 0;

	for (const struct ast_attach *a = p->attach; a; a = a->next)
		w += a->loc.len + (a->next ? 2 : 0);
	return w;
}

/* Comments among the attach points keep them one a line, each comment by its own. */
static bool attach_comments(const struct fmt *f, const struct ast_probe *p)
{
	const struct ast_attach *last = p->attach;

	while (last->next)
		last = last->next;
	for (int i = f->ci; i < f->ncm && f->cm[i].off < last->loc.off + last->loc.len; i++)
		if (f->cm[i].off > p->attach->loc.off)
			return true;
	return false;
}

static void print_probe(struct fmt *f, const struct ast_probe *p)
{
	bool one_line = attach_width(p) <= FMT_ATTACH_WIDTH && !attach_comments(f, p);

	for (const struct ast_attach *a = p->attach; a; a = a->next) {
		put_src(f, &a->loc);
		if (a->next)
			put(f, one_line ? ", " : ",");
		if (!one_line || !a->next)
			end_line(f);
	}
	if (p->pred) {
		put(f, "/");
		size_t first = f->len;
		print_expr(f, p->pred, 0);
		/* a predicate starting with a deref: slash-star would open a comment */
		if (f->buf[first] == '*') {
			fmt_raw(f, " ", 1);
			memmove(f->buf + first + 1, f->buf + first, f->len - first - 1);
			f->buf[first] = ' ';
		}
		put(f, "/");
		end_line(f);
	}
	print_block(f, p->body);
}

/* `macro` before a macro's name (m->loc). */
static int macro_start(const struct fmt *f, const struct ast_macro *m)
{
	int i = m->loc.off;

	while (i > 0 && strchr(" \t\r\n", f->src[i - 1]))
		i--;
	return i >= 5 && !strncmp(f->src + i - 5, "macro", 5) ? i - 5 : m->loc.off;
}

static struct top_item *top_items(const struct fmt *f, const struct ast_program *prog, int *n)
{
	int cap = 1;
	if (prog->config)
		cap++;
	for (const struct ast_import *x = prog->imports; x; x = x->next)
		cap++;
	for (const struct ast_map_decl *x = prog->map_decls; x; x = x->next)
		cap++;
	for (const struct ast_span *x = prog->c_spans; x; x = x->next)
		cap++;
	for (const struct ast_macro *x = prog->macros; x; x = x->next)
		cap++;
	for (const struct ast_probe *x = prog->probes; x; x = x->next)
		cap++;

	struct top_item *it = xcalloc(cap, sizeof(*it));
	int k = 0;
	if (prog->config)
		it[k++] = (struct top_item){ TOP_CONFIG, prog->config_loc.off, prog };
	for (const struct ast_import *x = prog->imports; x; x = x->next)
		it[k++] = (struct top_item){ TOP_IMPORT, x->kw.off, x };
	for (const struct ast_map_decl *x = prog->map_decls; x; x = x->next)
		it[k++] = (struct top_item){ TOP_DECL, x->loc.off, x };
	for (const struct ast_span *x = prog->c_spans; x; x = x->next)
		it[k++] = (struct top_item){ TOP_C, x->loc.off, x };
	for (const struct ast_macro *x = prog->macros; x; x = x->next)
		it[k++] = (struct top_item){ TOP_MACRO, macro_start(f, x), x };
	for (const struct ast_probe *x = prog->probes; x; x = x->next)
		it[k++] = (struct top_item){ TOP_PROBE, x->loc.off, x };
	qsort(it, k, sizeof(*it), top_cmp);
	*n = k;
	return it;
}

static void print_top(struct fmt *f, const struct ast_program *prog, const struct top_item *t)
{
	switch (t->kind) {
	case TOP_IMPORT: {
		const struct ast_import *im = t->item;
		put(f, "import ");
		put_src(f, &im->loc);
		put(f, ";");
		break;
	}
	case TOP_CONFIG:
		print_config(f, prog);
		break;
	case TOP_DECL:
		print_decl(f, t->item);
		break;
	case TOP_C: {
		const struct ast_span *sp = t->item;
		int len = sp->loc.len;
		while (len > 0 && strchr(" \t\r\n", f->src[sp->loc.off + len - 1]))
			len--;
		put_n(f, f->src + sp->loc.off, len);
		advance_to(f, sp->loc.off + sp->loc.len);
		skip_comments_before(f, sp->loc.off + sp->loc.len);
		break;
	}
	case TOP_MACRO:
		print_macro(f, t->item);
		break;
	case TOP_PROBE:
		print_probe(f, t->item);
		break;
	}
	end_line(f);
}

static bool top_is_block(enum top_kind k)
{
	return k == TOP_MACRO || k == TOP_PROBE;
}

char *fmt_format(const char *src, const struct ast_program *prog, const struct loc *comments, int ncomments)
{
	struct fmt F = { .src = src, .src_len = strlen(src), .cm = comments, .ncm = ncomments }, *f = &F;
	int n;
	struct top_item *it = top_items(f, prog, &n);

	for (int i = 0; i < n; i++) {
		enum gap_mode mode = i == 0 ? GAP_FIRST : GAP_KEEP;
		if (i > 0 && (top_is_block(it[i].kind) || top_is_block(it[i - 1].kind)))
			mode = GAP_FORCE;
		/* the comments above the first item stay apart from it as written */
		gap(f, it[i].off, mode, false);
		print_top(f, prog, &it[i]);
	}
	gap(f, f->src_len, n ? GAP_KEEP : GAP_FIRST, true);
	free(it);
	if (!f->buf)
		fmt_raw(f, "", 0);
	return f->buf;
}

int fmt_program(FILE *out, const char *filename, const char *src)
{
	/*
	 * $N print as written whatever they hold; long dummy arguments keep
	 * str($N + k) from reaching past the end of an empty one.
	 */
	static char dummy[256];
	static char *params[64];
	jmp_buf jb;

	memset(dummy, 'x', sizeof(dummy) - 1);
	for (size_t i = 0; i < ARRAY_SIZE(params); i++)
		params[i] = dummy;

	diag_set_source(filename, src);
	lexer_keep_comments(true);
	/* headers not found and the like concern running the script, not its text */
	diag_set_no_warnings(true);
	if (setjmp(jb)) {
		diag_catch(NULL);
		return 1;
	}
	diag_catch(&jb);
	struct ast_program *prog = parse_program(src, ARRAY_SIZE(params), params);
	diag_catch(NULL);
	if (diag_error_count())
		return 1;
	int ncm;
	const struct loc *cm = lexer_comments(&ncm);
	char *text = fmt_format(src, prog, cm, ncm);
	fputs(text, out);
	free(text);
	return 0;
}
