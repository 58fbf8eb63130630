/* parser_expr.c: expressions, by precedence climbing over C's operator table. */
#include "parser_impl.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- positional parameters ---- */

/* A number as bpftrace reads one: decimal, 0x hex or 0 octal, maybe negative. */
static bool param_number(const char *s, uint64_t *v, bool *neg)
{
	char *end;

	*neg = *s == '-';
	if (*neg)
		s++;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

struct node *parser_positional(struct parser *p, const struct token *t, bool as_string)
{
	const char *arg;
	struct node *n;
	uint64_t v;
	bool neg;

	if (t->value == 0)
		diag_fatal(&t->loc, "$0 is not a positional parameter: they start at $1");
	arg = parser_param(p, t->value);
	if (as_string || (arg && !param_number(arg, &v, &neg))) {
		n = node_new(N_STRING, &t->loc);
		n->str = arg ? arg : "";
		n->str_len = strlen(n->str);
		return n;
	}
	n = node_new(N_INT, &t->loc);
	if (!arg)
		return n;
	n->ival = v;
	if (neg) {
		struct node *u = node_new(N_UNARY, &t->loc);
		u->uop = UN_NEG;
		u->operand = n;
		return u;
	}
	return n;
}

/* ---- type names (casts, sizeof, offsetof, let) ---- */

static bool word_in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return true;
	return false;
}

/* C's type words, which combine: "unsigned long long", "const char". */
static bool is_c_word(const char *w)
{
	static const char *const words[] = {
		"unsigned", "signed", "char", "short", "int", "long", "const", "volatile", "void",
	};
	return word_in(w, words, ARRAY_SIZE(words));
}

static bool is_type_word(const char *w)
{
	static const char *const words[] = {
		"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool",
		"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
		"__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64",
	};
	return is_c_word(w) || word_in(w, words, ARRAY_SIZE(words));
}

static bool ends_with_t(const char *w)
{
	size_t n = strlen(w);
	return n > 2 && !strcmp(w + n - 2, "_t");
}

bool parser_type_ahead(const struct parser *p, bool at_lparen)
{
	struct lexer lx = p->lx;
	struct token t = at_lparen ? lexer_next(&lx) : p->tok;

	if (t.kind == TOK_STRUCT || t.kind == TOK_UNION || t.kind == TOK_ENUM)
		return true;
	if (t.kind != TOK_IDENT)
		return false;
	if (is_type_word(t.text))
		return true;
	if (!strcmp(t.text, "string")) {
		/* (string) and (string[N]) casts */
		struct token n = lexer_next(&lx);
		return n.kind == TOK_RPAREN || n.kind == TOK_LBRACKET;
	}
	for (int i = 0; i < p->ntypedefs; i++)
		if (!strcmp(p->typedefs[i], t.text))
			return true;
	/* Otherwise only a spelling no expression has: (foo *), (pid_t). */
	struct token n = lexer_next(&lx);
	if (n.kind == TOK_STAR) {
		while (n.kind == TOK_STAR)
			n = lexer_next(&lx);
		return n.kind == TOK_RPAREN;
	}
	return ends_with_t(t.text) && n.kind == TOK_RPAREN;
}

/* Does tok start a named element, `NAME = value`? ('==' is another token) */
static bool named_elem_ahead(const struct parser *p)
{
	return p->tok.kind == TOK_IDENT && parser_peek(p, 1).kind == TOK_ASSIGN;
}

/* At '(': does a record follow? `(a = 1` is one; `(a == 1)`, `(a)` and casts are not. */
static bool record_ahead(const struct parser *p)
{
	return parser_peek(p, 1).kind == TOK_IDENT && parser_peek(p, 2).kind == TOK_ASSIGN;
}

/* Appends a word to a type spelling; a sane type has a handful of words. */
static const char *type_word(struct parser *p, const char *base, const char *word, int *nwords)
{
	if (++*nwords > 8)
		diag_fatal(&p->tok.loc, "type name is too long");
	return base ? arena_printf("%s %s", base, word) : word;
}

const char *parse_type_name(struct parser *p)
{
	const char *base = NULL;
	int stars = 0, nwords = 0;

	while (p->tok.kind == TOK_IDENT && (!strcmp(p->tok.text, "const") || !strcmp(p->tok.text, "volatile"))) {
		base = type_word(p, base, p->tok.text, &nwords);
		parser_next(p);
	}
	if (p->tok.kind == TOK_STRUCT || p->tok.kind == TOK_UNION || p->tok.kind == TOK_ENUM) {
		const char *kw = p->tok.text;
		parser_next(p);
		struct token name = parser_expect(p, TOK_IDENT, "type name");
		const char *t = arena_printf("%s %s", kw, name.text);
		base = base ? arena_printf("%s %s", base, t) : t;
	} else if (p->tok.kind == TOK_IDENT && is_c_word(p->tok.text)) {
		while (p->tok.kind == TOK_IDENT && is_c_word(p->tok.text)) {
			base = type_word(p, base, p->tok.text, &nwords);
			parser_next(p);
		}
	} else if (p->tok.kind == TOK_IDENT) {
		base = type_word(p, base, p->tok.text, &nwords);
		parser_next(p);
	} else if (!base) {
		parser_unexpected(p, "type name");
	}
	while (parser_accept(p, TOK_STAR))
		if (++stars > 8)
			diag_fatal(&p->prev, "too many '*' in a type name");
	if (stars)
		base = arena_printf("%s %.*s", base, stars, "********");
	if (p->tok.kind == TOK_LBRACKET) {
		parser_next(p);
		struct token n = parser_expect(p, TOK_INT, "array length");
		parser_expect(p, TOK_RBRACKET, "']'");
		base = arena_printf("%s[%llu]", base, (unsigned long long)n.value);
	}
	return base;
}

/* ---- operators ---- */

static int binop_prec(enum tok_kind k, enum binop *op)
{
	static const struct {
		enum tok_kind tok;
		enum binop op;
		int prec;
	} table[] = {
		{ TOK_OROR, BIN_LOR, 1 },  { TOK_ANDAND, BIN_LAND, 2 }, { TOK_PIPE, BIN_OR, 3 },
		{ TOK_CARET, BIN_XOR, 4 }, { TOK_AMP, BIN_AND, 5 },     { TOK_EQ, BIN_EQ, 6 },
		{ TOK_NE, BIN_NE, 6 },     { TOK_LT, BIN_LT, 7 },       { TOK_LE, BIN_LE, 7 },
		{ TOK_GT, BIN_GT, 7 },     { TOK_GE, BIN_GE, 7 },       { TOK_SHL, BIN_SHL, 8 },
		{ TOK_SHR, BIN_SHR, 8 },   { TOK_PLUS, BIN_ADD, 9 },    { TOK_MINUS, BIN_SUB, 9 },
		{ TOK_STAR, BIN_MUL, 10 }, { TOK_SLASH, BIN_DIV, 10 },  { TOK_PERCENT, BIN_MOD, 10 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		if (table[i].tok == k) {
			*op = table[i].op;
			return table[i].prec;
		}
	}
	return 0;
}

static struct node *parse_unary(struct parser *p);

static struct node *parse_binary(struct parser *p, int min_prec)
{
	struct loc start = p->tok.loc;
	struct node *lhs = parse_unary(p);
	int chain = 0;

	for (;;) {
		enum binop op;
		int prec = binop_prec(p->tok.kind, &op);
		if (!prec || prec < min_prec)
			break;
		if (p->tok.kind == TOK_SLASH && p->in_pred) {
			/* `/pred/ {`: this '/' closes the predicate, it does not divide. */
			enum tok_kind nk = parser_peek(p, 1).kind;
			if (nk == TOK_LBRACE || nk == TOK_EOF)
				break;
		}
		parser_next(p);
		/* A long chain a+b+c+... is as deep a tree as nested parentheses. */
		parser_enter(p, &start);
		chain++;
		struct node *b = node_new(N_BINARY, &start);
		b->op = op;
		b->lhs = lhs;
		b->rhs = parse_binary(p, prec + 1);
		b->loc = parser_span(p, &start);
		lhs = b;
	}
	p->depth -= chain;
	return lhs;
}

struct node *parse_expr(struct parser *p)
{
	struct loc start = p->tok.loc;
	struct node *n;

	parser_enter(p, &start);
	n = parse_binary(p, 1);
	if (parser_accept(p, TOK_QUESTION)) {
		struct node *t = node_new(N_TERNARY, &start);
		t->cond = n;
		t->then = parse_expr(p);
		parser_expect(p, TOK_COLON, "':'");
		t->els = parse_expr(p);
		t->loc = parser_span(p, &start);
		n = t;
	}
	parser_leave(p);
	return n;
}

static struct node *parse_postfix(struct parser *p);

static struct node *parse_unary(struct parser *p)
{
	struct token t = p->tok;
	struct node *n;
	enum unop uop;

	switch (t.kind) {
	case TOK_BANG: uop = UN_NOT; break;
	case TOK_TILDE: uop = UN_BNOT; break;
	case TOK_MINUS: uop = UN_NEG; break;
	case TOK_STAR: uop = UN_DEREF; break;
	case TOK_AMP: uop = UN_ADDR; break;
	case TOK_INC:
	case TOK_DEC:
		parser_next(p);
		parser_enter(p, &t.loc);
		n = node_new(N_INCDEC, &t.loc);
		n->is_inc = t.kind == TOK_INC;
		n->operand = parse_unary(p);
		n->loc = parser_span(p, &t.loc);
		parser_leave(p);
		return n;
	case TOK_LPAREN:
		if (record_ahead(p) || !parser_type_ahead(p, true))
			return parse_postfix(p);
		parser_next(p);
		parser_enter(p, &t.loc);
		n = node_new(N_CAST, &t.loc);
		n->type_name = parse_type_name(p);
		parser_expect(p, TOK_RPAREN, "')'");
		n->operand = parse_unary(p);
		n->loc = parser_span(p, &t.loc);
		parser_leave(p);
		return n;
	default:
		return parse_postfix(p);
	}
	parser_next(p);
	parser_enter(p, &t.loc);
	n = node_new(N_UNARY, &t.loc);
	n->uop = uop;
	n->operand = parse_unary(p);
	n->loc = parser_span(p, &t.loc);
	parser_leave(p);
	return n;
}

/* Comma-separated expressions up to `close`; returns the count. */
static int parse_list(struct parser *p, struct node **head, enum tok_kind close, const char *what)
{
	struct node **tail = head;
	int n = 0;

	if (parser_accept(p, close))
		return 0;
	for (;;) {
		*tail = parse_expr(p);
		tail = &(*tail)->next;
		n++;
		if (parser_accept(p, close))
			return n;
		if (p->tok.kind != TOK_COMMA)
			parser_unexpected(p, what);
		parser_next(p);
	}
}

static bool is_keyword(enum tok_kind k)
{
	return k >= TOK_IF && k < TOK_KIND_MAX;
}

static struct node *parse_postfix_op(struct parser *p, struct node *n, const struct loc *start)
{
	struct node *m;

	switch (p->tok.kind) {
	case TOK_LBRACKET:
		parser_next(p);
		m = node_new(N_INDEX, start);
		m->operand = n;
		m->rhs = parse_expr(p);
		parser_expect(p, TOK_RBRACKET, "']'");
		break;
	case TOK_DOT:
	case TOK_ARROW:
		m = node_new(N_FIELD, start);
		m->operand = n;
		m->is_arrow = p->tok.kind == TOK_ARROW;
		parser_next(p);
		if (!m->is_arrow && p->tok.kind == TOK_INT) {
			if (p->tok.value > INT_MAX)
				diag_fatal(&p->tok.loc, "tuple index is too large");
			m->index = (int)p->tok.value;
		} else if (p->tok.kind == TOK_IDENT || is_keyword(p->tok.kind)) {
			/* Kernel structs have fields named like our keywords (`.enum`). */
			m->name = p->tok.text;
		} else {
			parser_unexpected(p, "field name");
		}
		parser_next(p);
		break;
	case TOK_INC:
	case TOK_DEC:
		m = node_new(N_INCDEC, start);
		m->is_inc = p->tok.kind == TOK_INC;
		m->is_post = true;
		m->operand = n;
		parser_next(p);
		break;
	default:
		return NULL;
	}
	m->loc = parser_span(p, start);
	return m;
}

static struct node *parse_primary(struct parser *p);

static struct node *parse_postfix(struct parser *p)
{
	struct loc start = p->tok.loc;
	struct node *n = parse_primary(p), *m;
	int chain = 0;

	while ((m = parse_postfix_op(p, n, &start))) {
		n = m;
		parser_enter(p, &start);
		chain++;
	}
	p->depth -= chain;
	return n;
}

/*
 * str($1) is the argument's text even when it looks like a number, and
 * str($1 + k) skips k bytes of it, as in bpftrace.
 */
static struct node *str_positional(struct parser *p, const struct token *name)
{
	struct token pos = p->tok, nx = parser_peek(p, 1);
	uint64_t skip = 0;
	int consumed = 2;

	if (nx.kind == TOK_PLUS) {
		struct token k = parser_peek(p, 2);
		if (k.kind != TOK_INT || parser_peek(p, 3).kind != TOK_RPAREN)
			return NULL;
		skip = k.value;
		consumed = 4;
	} else if (nx.kind != TOK_RPAREN) {
		return NULL;
	}
	struct node *s = parser_positional(p, &pos, true);
	if (skip > (uint64_t)s->str_len)
		diag_fatal(&pos.loc, "str($%llu + %llu) reaches past the end of the parameter (%d bytes)",
			   (unsigned long long)pos.value, (unsigned long long)skip, s->str_len);
	for (int i = 0; i < consumed; i++)
		parser_next(p);
	s->str += skip;
	s->str_len -= skip;
	s->loc = parser_span(p, &name->loc);
	return s;
}

/* An integer literal, negative ones as -N (as positional parameters). */
static struct node *int_node(const struct loc *loc, uint64_t v, bool neg)
{
	struct node *n = node_new(N_INT, loc);

	n->ival = v;
	if (!neg || !v)
		return n;
	struct node *u = node_new(N_UNARY, loc);
	u->uop = UN_NEG;
	u->operand = n;
	return u;
}

/*
 * getopt_args := string [',' (['-'] int | string)] ')'
 * bpftrace's named parameters: getopt("name", default) is the value given as
 * --name=value after the program, else the default; getopt("name") is a
 * flag: 1 when --name is given (or --name=true), else 0. An integer one reads
 * true and false as 1 and 0.
 */
static struct node *parse_getopt(struct parser *p, const struct token *name)
{
	struct token key = p->tok, d;
	struct node *def = NULL;
	bool neg = false;

	if (key.kind != TOK_STRING)
		parser_unexpected(p, "a parameter name (a string literal)");
	parser_next(p);
	if (parser_accept(p, TOK_COMMA)) {
		d = p->tok;
		if (d.kind == TOK_MINUS) {
			neg = true;
			parser_next(p);
			d = p->tok;
		}
		if (d.kind == TOK_INT)
			def = int_node(&d.loc, d.value, neg);
		else if (d.kind == TOK_STRING && !neg) {
			def = node_new(N_STRING, &d.loc);
			def->str = d.text;
			def->str_len = d.text_len;
		} else
			parser_unexpected(p, "a default value (an integer or a string literal)");
		parser_next(p);
	}
	parser_expect(p, TOK_RPAREN, "')'");
	struct loc loc = parser_span(p, &name->loc);
	struct named_param *np = parser_named(p, key.text);
	const char *v = np ? np->value : NULL;
	if (np)
		np->used = true;
	/* the default stands for the whole call (--fmt prints it as written) */
	if (def && !np) {
		def->loc = loc;
		if (def->operand)
			def->operand->loc = loc;
	}
	if (def && def->kind == N_STRING) {
		if (!np)
			return def;
		struct node *s = node_new(N_STRING, &loc);
		s->str = v ? v : "";
		s->str_len = strlen(s->str);
		return s;
	}
	if (!np)
		return def ? def : int_node(&loc, 0, false);
	if (!v || !strcasecmp(v, "true"))
		return int_node(&loc, 1, false);
	if (!strcasecmp(v, "false"))
		return int_node(&loc, 0, false);
	uint64_t u;
	bool vneg;
	if (!param_number(v, &u, &vneg))
		diag_fatal(&loc, "getopt(\"%s\"): --%s=%s is not a number%s", key.text, key.text, v,
			   def ? "" : " nor true or false");
	return int_node(&loc, u, vneg);
}

/* Within the first 256 tokens of @m[...]: a '*' standing alone as a key part. */
static bool wildcard_key_ahead(const struct parser *p)
{
	enum tok_kind prev = TOK_LBRACKET;
	int depth = 0;

	if (p->tok.kind != TOK_MAP || parser_peek(p, 1).kind != TOK_LBRACKET)
		return false;
	for (int i = 2; i < 256; i++) {
		struct token t = parser_peek(p, i);
		switch (t.kind) {
		case TOK_EOF:
			return false;
		case TOK_LBRACKET:
		case TOK_LPAREN:
		case TOK_LBRACE:
			depth++;
			break;
		case TOK_RBRACKET:
		case TOK_RPAREN:
		case TOK_RBRACE:
			if (depth-- == 0)
				return false;
			break;
		case TOK_STAR:
			if (depth == 0 && (prev == TOK_LBRACKET || prev == TOK_COMMA)) {
				enum tok_kind next = parser_peek(p, i + 1).kind;
				if (next == TOK_COMMA || next == TOK_RBRACKET)
					return true;
			}
			break;
		default:
			break;
		}
		prev = t.kind;
	}
	return false;
}

static struct node *var_node(const struct loc *loc, const char *name)
{
	struct node *n = node_new(N_VAR, loc);
	n->name = name;
	return n;
}

static struct node *field_node(const struct loc *loc, struct node *operand, int index)
{
	struct node *n = node_new(N_FIELD, loc);
	n->operand = operand;
	n->index = index;
	return n;
}

/*
 * delete_wildcard := 'delete' '(' MAP '[' (expr | '*') (',' (expr | '*'))* ']' ')'
 *
 * Deletes every element whose key has the given parts, a '*' matching any
 * (bpftrace's delete_wildcard tests). It becomes a loop over the map, in the
 * checker's own terms, with names no script can spell:
 *   { let $w1 = K1; for ($kv : @m) { if ($kv.0.1 == $w1) { delete(@m, $kv.0); } } true }
 * each given part evaluated once, before the loop.
 */
static struct node *parse_delete_wildcard(struct parser *p, const struct token *name)
{
	static int serial;
	struct token mt = p->tok;
	struct node *block = node_new(N_BLOCK_EXPR, &name->loc), **stmts = &block->body;
	struct node *parts[64], *cond = NULL;
	struct loc locs[64];
	int nparts = 0;

	serial++;
	const char *kv = arena_printf("delete:kv#%d", serial);
	parser_next(p); /* @m */
	parser_next(p); /* [ */
	for (;;) {
		if (nparts == 64)
			diag_fatal(&p->tok.loc, "a map key has at most 64 parts");
		locs[nparts] = p->tok.loc;
		if (p->tok.kind == TOK_STAR &&
		    (parser_peek(p, 1).kind == TOK_COMMA || parser_peek(p, 1).kind == TOK_RBRACKET)) {
			parser_next(p);
			parts[nparts++] = NULL;
		} else {
			parts[nparts++] = parse_expr(p);
		}
		if (parser_accept(p, TOK_RBRACKET))
			break;
		parser_expect(p, TOK_COMMA, "',' or ']'");
	}
	parser_expect(p, TOK_RPAREN, "')'");
	struct loc whole = parser_span(p, &name->loc);
	block->loc = whole;

	for (int i = 0; i < nparts; i++) {
		if (!parts[i])
			continue;
		const char *w = arena_printf("delete:w%d#%d", i + 1, serial);
		struct node *let = node_new(N_LET, &locs[i]);
		let->lhs = var_node(&locs[i], w);
		let->name = w;
		let->rhs = parts[i];
		*stmts = let;
		stmts = &let->next;
		/* the key part: $kv.0 of a one-part key, else $kv.0.i */
		struct node *key = field_node(&locs[i], var_node(&locs[i], kv), 0);
		if (nparts > 1)
			key = field_node(&locs[i], key, i);
		struct node *eq = node_new(N_BINARY, &locs[i]);
		eq->op = BIN_EQ;
		eq->lhs = key;
		eq->rhs = var_node(&locs[i], w);
		if (cond) {
			struct node *and = node_new(N_BINARY, &locs[i]);
			and->op = BIN_LAND;
			and->lhs = cond;
			and->rhs = eq;
			eq = and;
		}
		cond = eq;
	}

	struct node *del = node_new(N_CALL, &whole);
	del->name = name->text;
	del->func = F_DELETE;
	del->args = node_new(N_MAP, &mt.loc);
	del->args->name = mt.text;
	/*
	 * the key as its parts, ($kv.0.0, $kv.0.1): the map has that many keys
	 * even where this comes before the statements that set its types
	 */
	if (nparts > 1) {
		struct node *tuple = node_new(N_TUPLE, &whole), **tail = &tuple->args;
		for (int i = 0; i < nparts; i++) {
			*tail = field_node(&whole, field_node(&whole, var_node(&whole, kv), 0), i);
			tail = &(*tail)->next;
		}
		tuple->nargs = nparts;
		del->args->next = tuple;
	} else {
		del->args->next = field_node(&whole, var_node(&whole, kv), 0);
	}
	del->nargs = 2;
	struct node *body = node_new(N_EXPR_STMT, &whole);
	body->operand = del;
	if (cond) {
		struct node *iff = node_new(N_IF, &whole);
		iff->cond = cond;
		iff->then = body;
		body = iff;
	}
	struct node *loop = node_new(N_FOR, &whole);
	loop->lhs = var_node(&whole, kv);
	loop->name = kv;
	loop->rhs = node_new(N_MAP, &mt.loc);
	loop->rhs->name = mt.text;
	loop->body = body;
	*stmts = loop;
	block->operand = node_new(N_IDENT, &whole);
	block->operand->name = "true";
	return block;
}

static struct node *parse_call(struct parser *p, const struct token *name)
{
	struct node *n = node_new(N_CALL, &name->loc);

	n->name = name->text;
	n->func = func_lookup(name->text);
	parser_next(p); /* ( */
	if (n->func == F_DELETE && wildcard_key_ahead(p))
		return parse_delete_wildcard(p, name);
	if (n->func == F_GETOPT)
		return parse_getopt(p, name);
	if (n->func == F_STR && p->tok.kind == TOK_POSITIONAL) {
		struct node *s = str_positional(p, name);
		if (s)
			return s;
		if (parser_peek(p, 1).kind == TOK_COMMA) {
			/* str($1, 8): the text, then the length. */
			struct token pos = p->tok;
			parser_next(p);
			parser_next(p);
			n->args = parser_positional(p, &pos, true);
			n->nargs = 1 + parse_list(p, &n->args->next, TOK_RPAREN, "',' or ')'");
			n->loc = parser_span(p, &name->loc);
			return n;
		}
	}
	n->nargs = parse_list(p, &n->args, TOK_RPAREN, "',' or ')'");
	n->loc = parser_span(p, &name->loc);
	return n;
}

static struct node *parse_sizeof(struct parser *p)
{
	struct token kw = p->tok;
	struct node *n = node_new(N_SIZEOF, &kw.loc);

	parser_next(p);
	parser_expect(p, TOK_LPAREN, "'('");
	if (parser_type_ahead(p, false))
		n->type_name = parse_type_name(p);
	else
		n->operand = parse_expr(p);
	parser_expect(p, TOK_RPAREN, "')'");
	n->loc = parser_span(p, &kw.loc);
	return n;
}

/* offsetof := 'offsetof' '(' (type_name | expr) ',' IDENT ('.' IDENT)* ')' */
static struct node *parse_offsetof(struct parser *p)
{
	struct token kw = p->tok;
	struct node *n = node_new(N_OFFSETOF, &kw.loc);
	const char *member = NULL;

	parser_next(p);
	parser_expect(p, TOK_LPAREN, "'('");
	/* offsetof(struct a, m) or offsetof(EXPR, m), the struct an expression is */
	if (parser_type_ahead(p, false))
		n->type_name = parse_type_name(p);
	else
		n->operand = parse_expr(p);
	parser_expect(p, TOK_COMMA, "','");
	/* offsetof(struct a, b.c): a path of members. */
	int nmembers = 0;
	do {
		if (p->tok.kind != TOK_IDENT && !is_keyword(p->tok.kind))
			parser_unexpected(p, "member name");
		if (++nmembers > 32)
			diag_fatal(&p->tok.loc, "offsetof: member path is too long");
		member = member ? arena_printf("%s.%s", member, p->tok.text) : p->tok.text;
		parser_next(p);
	} while (parser_accept(p, TOK_DOT));
	parser_expect(p, TOK_RPAREN, "')'");
	n->name = member;
	n->loc = parser_span(p, &kw.loc);
	return n;
}

/*
 * record := '(' NAME '=' expr { ',' NAME '=' expr } ')'
 * bpftrace's records: every element named, each name once. The elements
 * are evaluated in the order written.
 */
static struct node *parse_record(struct parser *p, const struct token *open)
{
	struct node *t = node_new(N_TUPLE, &open->loc), **tail = &t->args;
	struct field_name *names = NULL;
	int cap = 0;

	do {
		if (!named_elem_ahead(p)) {
			if (p->tok.kind == TOK_RPAREN || p->tok.kind == TOK_IDENT)
				parser_unexpected(p, "'NAME = value'");
			diag_fatal(&p->tok.loc, "a record names all its elements: write 'NAME = value' "
				   "(a tuple names none)");
		}
		struct token name = p->tok;
		for (int i = 0; i < t->nargs; i++)
			if (!strcmp(names[i].name, name.text))
				diag_fatal(&name.loc, "duplicate field '%s' in a record", name.text);
		if (t->nargs == cap) {
			struct field_name *grown = arena_alloc(sizeof(*grown) * (cap = cap ? 2 * cap : 4));
			if (t->nargs)
				memcpy(grown, names, sizeof(*grown) * t->nargs);
			names = grown;
		}
		names[t->nargs].name = name.text;
		names[t->nargs].loc = name.loc;
		parser_next(p);
		parser_next(p); /* = */
		*tail = parse_expr(p);
		tail = &(*tail)->next;
		t->nargs++;
	} while (parser_accept(p, TOK_COMMA));
	parser_expect(p, TOK_RPAREN, "',' or ')'");
	t->fnames = names;
	t->loc = parser_span(p, &open->loc);
	return t;
}

/*
 * paren := '(' expr ')' | tuple | record
 * tuple := '(' expr ',' [ expr { ',' expr } ] ')'
 */
static struct node *parse_paren(struct parser *p)
{
	struct token open = p->tok;
	struct node *e, *t, **tail;

	if (record_ahead(p)) {
		parser_next(p);
		return parse_record(p, &open);
	}
	parser_next(p);
	e = parse_expr(p);
	if (parser_accept(p, TOK_RPAREN))
		return e;
	if (p->tok.kind != TOK_COMMA)
		parser_unexpected(p, "')'");
	parser_next(p);
	t = node_new(N_TUPLE, &open.loc);
	t->args = e;
	t->nargs = 1;
	tail = &e->next;
	while (!parser_accept(p, TOK_RPAREN)) {
		if (named_elem_ahead(p))
			diag_fatal(&p->tok.loc, "a tuple's elements have no names: name every element to make "
				   "a record");
		*tail = parse_expr(p);
		tail = &(*tail)->next;
		t->nargs++;
		if (parser_accept(p, TOK_RPAREN))
			break;
		if (p->tok.kind != TOK_COMMA)
			parser_unexpected(p, "',' or ')'");
		parser_next(p);
	}
	t->loc = parser_span(p, &open.loc);
	return t;
}

/* brace_value := '{' expr [';'] '}' */
static struct node *parse_brace_value(struct parser *p)
{
	struct node *e;

	parser_expect(p, TOK_LBRACE, "'{'");
	e = parse_expr(p);
	parser_accept(p, TOK_SEMI);
	parser_expect(p, TOK_RBRACE, "'}': an if used as a value holds one expression per branch");
	return e;
}

/*
 * if_value := 'if' '(' expr ')' brace_value 'else' ( brace_value | if_value )
 * bpftrace 0.24's if as an expression; it means what ?: means.
 */
static struct node *parse_if_value(struct parser *p)
{
	struct token kw = p->tok;
	struct node *n = node_new(N_TERNARY, &kw.loc);

	parser_next(p);
	parser_enter(p, &kw.loc);
	n->cond = parse_cond(p);
	n->then = parse_brace_value(p);
	parser_expect(p, TOK_ELSE, "'else': an if used as a value needs both branches");
	n->els = p->tok.kind == TOK_IF ? parse_if_value(p) : parse_brace_value(p);
	parser_leave(p);
	n->loc = parser_span(p, &kw.loc);
	return n;
}

/* block_expr := '{' { stmt ';' } expr [';'] '}' ... the last expression, without ';', is the value */
static struct node *parse_block_expr(struct parser *p)
{
	struct token open = p->tok;
	struct node *n = node_new(N_BLOCK_EXPR, &open.loc);

	n->body = parse_block_value(p, &n->operand);
	if (!n->operand)
		diag_fatal(&open.loc, "a block used as a value must end with an expression that has no ';' after it");
	n->loc = parser_span(p, &open.loc);
	return n;
}

static struct node *parse_primary(struct parser *p)
{
	struct token t = p->tok;
	struct node *n;
	int index;

	switch (t.kind) {
	case TOK_IF:
		return parse_if_value(p);
	case TOK_LBRACE:
		return parse_block_expr(p);
	case TOK_INT:
		parser_next(p);
		n = node_new(N_INT, &t.loc);
		n->ival = t.value;
		return n;
	case TOK_STRING:
		parser_next(p);
		n = node_new(N_STRING, &t.loc);
		n->str = t.text;
		n->str_len = t.text_len;
		return n;
	case TOK_VAR:
		parser_next(p);
		n = node_new(N_VAR, &t.loc);
		n->name = t.text;
		return n;
	case TOK_MAP:
		parser_next(p);
		n = node_new(N_MAP, &t.loc);
		n->name = t.text;
		if (parser_accept(p, TOK_LBRACKET)) {
			if (p->tok.kind == TOK_RBRACKET)
				parser_unexpected(p, "map key");
			n->nargs = parse_list(p, &n->args, TOK_RBRACKET, "',' or ']'");
			n->loc = parser_span(p, &t.loc);
		}
		return n;
	case TOK_POSITIONAL:
		parser_next(p);
		return parser_positional(p, &t, false);
	case TOK_PARAMCOUNT:
		parser_next(p);
		n = node_new(N_INT, &t.loc);
		n->ival = p->nparams;
		return n;
	case TOK_LPAREN:
		return parse_paren(p);
	case TOK_SIZEOF:
		return parse_sizeof(p);
	case TOK_OFFSETOF:
		return parse_offsetof(p);
	case TOK_CONFIG:
		/* config() or config: the settings as a record (a config block is no expression) */
		parser_next(p);
		n = node_new(N_CALL, &t.loc);
		n->name = t.text;
		n->func = F_CONFIG;
		if (parser_accept(p, TOK_LPAREN)) {
			parser_expect(p, TOK_RPAREN, "')': config() takes no arguments");
			n->loc = parser_span(p, &t.loc);
		}
		return n;
	case TOK_IDENT:
		parser_next(p);
		if (p->tok.kind == TOK_LPAREN)
			return parse_call(p, &t);
		int b = builtin_lookup(t.text, &index);
		if (b >= 0) {
			n = node_new(N_BUILTIN, &t.loc);
			n->builtin = b;
			n->index = index;
			n->name = t.text;
			return n;
		}
		n = node_new(N_IDENT, &t.loc);
		n->name = t.text;
		return n;
	default:
		parser_unexpected(p, "expression");
	}
}
