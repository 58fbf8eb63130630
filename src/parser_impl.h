/* parser_impl.h: state and helpers shared by parser.c, parser_expr.c and parser_stmt.c. */
#ifndef SONDE_PARSER_IMPL_H
#define SONDE_PARSER_IMPL_H

#include "ast.h"
#include "lexer.h"

/* Expressions and blocks deeper than this are refused, so recursion cannot exhaust the stack. */
#define PARSER_MAX_DEPTH 256

struct parser {
	struct lexer lx;       /* positioned right after tok */
	struct token tok;      /* the current token */
	struct loc prev;       /* the token before tok: where a construct ends */
	int depth;
	int nparams;
	char **params;
	struct named_param *named;
	int nnamed;
	bool in_pred;          /* a '/' followed by '{' closes the predicate */
	const char *typedefs[64]; /* names the script's C typedefs declare: (name)x is a cast */
	int ntypedefs;
	struct ast_macro *macros; /* those defined so far, for redefinitions */
	struct ast_span **span_tail; /* the program's c_spans */
};

void parser_next(struct parser *p);
bool parser_accept(struct parser *p, enum tok_kind k);
/* Consumes a token of kind k or reports "unexpected X, expecting <what>". */
struct token parser_expect(struct parser *p, enum tok_kind k, const char *what);
_Noreturn void parser_unexpected(struct parser *p, const char *expecting);
/* The n-th token after tok (1: the next one), without consuming anything. */
struct token parser_peek(const struct parser *p, int n);
void parser_enter(struct parser *p, const struct loc *loc);
void parser_leave(struct parser *p);
/* A location from the start of `from` to the end of the last consumed token. */
struct loc parser_span(const struct parser *p, const struct loc *from);
/* Positional parameter n (1-based), NULL when not given. */
const char *parser_param(const struct parser *p, uint64_t n);

/* The named parameter --name, NULL when not given. */
struct named_param *parser_named(const struct parser *p, const char *name);

/* parser_expr.c */
struct node *parse_expr(struct parser *p);
/* At `(`: does a type name follow (a cast)? With at_lparen false: does tok start a type? */
bool parser_type_ahead(const struct parser *p, bool at_lparen);
const char *parse_type_name(struct parser *p);
/* $N as a literal (see parse_program in ast.h); str($N) wants the text always. */
struct node *parser_positional(struct parser *p, const struct token *t, bool as_string);

/* parser_stmt.c */
/* { statements }: the first statement, or NULL for an empty block. */
struct node *parse_block(struct parser *p);
/* { statements; value }: the statements, and the last expression without ';' in *value (NULL if none). */
struct node *parse_block_value(struct parser *p, struct node **value);
/* cond := '(' expr ')' (parser_stmt.c) */
struct node *parse_cond(struct parser *p);

#endif
