/* parser_stmt.c: statements and blocks. */
#include "parser_impl.h"
#include "util.h"

#include <string.h>

static struct node *parse_stmt(struct parser *p, bool *needs_semi);

/* The '{' of a block that bpftrace requires (if/while/for bodies). */
static struct node *parse_body(struct parser *p, const char *expecting)
{
	if (p->tok.kind != TOK_LBRACE)
		parser_unexpected(p, expecting);
	return parse_block(p);
}

/*
 * block := '{' { stmt [';'] } '}'
 * With value non-NULL, a last expression without ';' (not an assignment) is
 * taken out of the statements into *value: a block expression's or a
 * macro's value.
 */
static struct node *parse_block_items(struct parser *p, struct node **value)
{
	struct loc open = p->tok.loc;
	struct node *head = NULL, **tail = &head;

	parser_expect(p, TOK_LBRACE, "'{'");
	parser_enter(p, &open);
	while (p->tok.kind != TOK_RBRACE) {
		bool needs_semi;

		if (parser_accept(p, TOK_SEMI))
			continue;
		if (p->tok.kind == TOK_EOF)
			parser_unexpected(p, "'}'");
		struct node *s = parse_stmt(p, &needs_semi);
		if (value && needs_semi && p->tok.kind == TOK_RBRACE && s->kind == N_EXPR_STMT &&
		    s->operand->kind != N_ASSIGN) {
			*value = s->operand;
			break;
		}
		*tail = s;
		tail = &s->next;
		/* The last statement of a block may go without its ';'. */
		if (needs_semi && p->tok.kind != TOK_RBRACE)
			parser_expect(p, TOK_SEMI, p->tok.kind == TOK_EOF ? "'}'" : "';'");
	}
	parser_next(p);
	parser_leave(p);
	return head;
}

struct node *parse_block(struct parser *p)
{
	return parse_block_items(p, NULL);
}

struct node *parse_block_value(struct parser *p, struct node **value)
{
	*value = NULL;
	return parse_block_items(p, value);
}

/* cond := '(' expr ')' */
struct node *parse_cond(struct parser *p)
{
	struct node *c;

	parser_expect(p, TOK_LPAREN, "'('");
	c = parse_expr(p);
	parser_expect(p, TOK_RPAREN, "')'");
	return c;
}

static struct node *parse_if(struct parser *p)
{
	struct token kw = p->tok;
	struct node *n = node_new(N_IF, &kw.loc);

	parser_next(p);
	/* else-if chains recurse: they count toward the nesting limit. */
	parser_enter(p, &kw.loc);
	n->cond = parse_cond(p);
	n->then = parse_body(p, "'{'");
	if (parser_accept(p, TOK_ELSE)) {
		if (p->tok.kind == TOK_IF)
			n->els = parse_if(p);
		else
			n->els = parse_body(p, "'{' or 'if'");
	}
	parser_leave(p);
	return n;
}

static struct node *parse_for(struct parser *p)
{
	struct token kw = p->tok;
	struct node *n = node_new(N_FOR, &kw.loc), *e;
	bool paren;

	parser_next(p);
	/* Both `for ($x : @m)` and today's `for $x : @m` are accepted. */
	paren = parser_accept(p, TOK_LPAREN);
	struct token var = p->tok;
	if (var.kind != TOK_VAR)
		parser_unexpected(p, "variable");
	parser_next(p);
	n->lhs = node_new(N_VAR, &var.loc);
	n->lhs->name = var.text;
	n->name = var.text;
	parser_expect(p, TOK_COLON, "':'");
	e = parse_expr(p);
	if (parser_accept(p, TOK_DOTDOT)) {
		n->is_range = true;
		n->args = e;
		e->next = parse_expr(p);
		n->nargs = 2;
	} else if (e->kind == N_MAP && !e->args) {
		n->rhs = e;
	} else {
		diag_fatal(&e->loc, "syntax error: a for loop iterates over a map (@m) or a range (lo..hi)");
	}
	if (paren)
		parser_expect(p, TOK_RPAREN, "')'");
	n->body = parse_body(p, "'{'");
	return n;
}

/* let := 'let' VAR [':' (type | 'typeof' '(' expr ')')] ['=' expr] */
static struct node *parse_let(struct parser *p)
{
	struct token kw = p->tok;
	struct node *n = node_new(N_LET, &kw.loc);

	parser_next(p);
	if (p->tok.kind == TOK_MAP)
		diag_fatal(&p->tok.loc, "map declarations (let @m = hash(N);) belong before the probes");
	struct token var = p->tok;
	if (var.kind != TOK_VAR)
		parser_unexpected(p, "variable");
	parser_next(p);
	n->lhs = node_new(N_VAR, &var.loc);
	n->lhs->name = var.text;
	n->name = var.text;
	if (parser_accept(p, TOK_COLON)) {
		if (p->tok.kind == TOK_IDENT && !strcmp(p->tok.text, "typeof")) {
			/* typeof(EXPR): the expression's type, checked, never run */
			parser_next(p);
			parser_expect(p, TOK_LPAREN, "'('");
			n->args = parse_expr(p);
			parser_expect(p, TOK_RPAREN, "')'");
			n->type_name = "typeof";
		} else {
			n->type_name = parse_type_name(p);
		}
	}
	if (parser_accept(p, TOK_ASSIGN))
		n->rhs = parse_expr(p);
	n->loc = parser_span(p, &kw.loc);
	return n;
}

static bool assign_op(enum tok_kind k, enum binop *op)
{
	switch (k) {
	case TOK_ASSIGN: *op = BIN_NONE; return true;
	case TOK_PLUSEQ: *op = BIN_ADD; return true;
	case TOK_MINUSEQ: *op = BIN_SUB; return true;
	case TOK_STAREQ: *op = BIN_MUL; return true;
	case TOK_SLASHEQ: *op = BIN_DIV; return true;
	case TOK_PERCENTEQ: *op = BIN_MOD; return true;
	case TOK_AMPEQ: *op = BIN_AND; return true;
	case TOK_PIPEEQ: *op = BIN_OR; return true;
	case TOK_CARETEQ: *op = BIN_XOR; return true;
	case TOK_SHLEQ: *op = BIN_SHL; return true;
	case TOK_SHREQ: *op = BIN_SHR; return true;
	default: return false;
	}
}

static struct node *parse_expr_stmt(struct parser *p)
{
	struct loc start = p->tok.loc;
	struct node *e = parse_expr(p), *s;
	enum binop op;

	/* Assignments are statements, not expressions: `$a = $b = 1` is refused. */
	if (assign_op(p->tok.kind, &op)) {
		struct node *a = node_new(N_ASSIGN, &start);
		parser_next(p);
		a->op = op;
		a->lhs = e;
		a->rhs = parse_expr(p);
		a->loc = parser_span(p, &start);
		e = a;
	}
	s = node_new(N_EXPR_STMT, &e->loc);
	s->operand = e;
	return s;
}

static struct node *parse_stmt(struct parser *p, bool *needs_semi)
{
	struct token t = p->tok;
	struct node *n;

	*needs_semi = true;
	switch (t.kind) {
	case TOK_IMPORT:
		/* bpftrace's import statements are unstable, for its standard library's C files */
		diag_fatal(&t.loc, "import inside a block is not supported: import .bt scripts and .h headers at the "
				   "top level of the script");
	case TOK_IF:
		*needs_semi = false;
		return parse_if(p);
	case TOK_WHILE:
		*needs_semi = false;
		parser_next(p);
		n = node_new(N_WHILE, &t.loc);
		n->cond = parse_cond(p);
		n->body = parse_body(p, "'{'");
		return n;
	case TOK_UNROLL:
		*needs_semi = false;
		parser_next(p);
		n = node_new(N_UNROLL, &t.loc);
		n->operand = parse_cond(p);
		n->body = parse_body(p, "'{'");
		return n;
	case TOK_FOR:
		*needs_semi = false;
		return parse_for(p);
	case TOK_LBRACE:
		*needs_semi = false;
		n = node_new(N_BLOCK, &t.loc);
		n->body = parse_block(p);
		return n;
	case TOK_RETURN:
		parser_next(p);
		n = node_new(N_RETURN, &t.loc);
		if (p->tok.kind != TOK_SEMI && p->tok.kind != TOK_RBRACE)
			n->operand = parse_expr(p);
		n->loc = parser_span(p, &t.loc);
		return n;
	case TOK_BREAK:
	case TOK_CONTINUE:
		parser_next(p);
		return node_new(t.kind == TOK_BREAK ? N_BREAK : N_CONTINUE, &t.loc);
	case TOK_LET:
		return parse_let(p);
	case TOK_ELSE:
		diag_fatal(&t.loc, "syntax error: 'else' without a matching 'if'");
	default:
		return parse_expr_stmt(p);
	}
}
