/* lexer.h: bpftrace source text to tokens, pulled one at a time by the parser. */
#ifndef SONDE_LEXER_H
#define SONDE_LEXER_H

#include "diag.h"
#include <stdint.h>
#include <stdbool.h>

enum tok_kind {
	TOK_EOF,
	TOK_IDENT,      /* foo, also keywords' spellings are separate kinds below */
	TOK_INT,        /* 42, 0x2a, 052, 1_000, 1e6, 5ms (duration suffixes scale to ns) */
	TOK_STRING,     /* "a\n" : text holds the decoded bytes */
	TOK_VAR,        /* $x : text is "x" */
	TOK_MAP,        /* @x or @ : text is "x" or "" */
	TOK_POSITIONAL, /* $1 : value is 1 */
	TOK_PARAMCOUNT, /* $# */
	TOK_ATTACH,     /* raw attach point text, from lexer_attach_point() */
	TOK_INCLUDE,    /* #include <...> or "..." line: text is the header name */
	TOK_CPP,        /* any other # line (#define, #ifndef, ...): text is the whole line */
	/* punctuation */
	TOK_LBRACE, TOK_RBRACE, TOK_LPAREN, TOK_RPAREN, TOK_LBRACKET, TOK_RBRACKET,
	TOK_SEMI, TOK_COMMA, TOK_COLON, TOK_DOT, TOK_ARROW, TOK_QUESTION, TOK_DOTDOT,
	TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_PERCENT,
	TOK_AMP, TOK_PIPE, TOK_CARET, TOK_TILDE, TOK_BANG, TOK_SHL, TOK_SHR,
	TOK_LT, TOK_GT, TOK_LE, TOK_GE, TOK_EQ, TOK_NE, TOK_ANDAND, TOK_OROR,
	TOK_ASSIGN, TOK_PLUSEQ, TOK_MINUSEQ, TOK_STAREQ, TOK_SLASHEQ, TOK_PERCENTEQ,
	TOK_AMPEQ, TOK_PIPEEQ, TOK_CARETEQ, TOK_SHLEQ, TOK_SHREQ,
	TOK_INC, TOK_DEC,
	/* keywords */
	TOK_IF, TOK_ELSE, TOK_WHILE, TOK_FOR, TOK_UNROLL, TOK_RETURN, TOK_BREAK,
	TOK_CONTINUE, TOK_LET, TOK_CONFIG, TOK_STRUCT, TOK_UNION, TOK_ENUM,
	TOK_SIZEOF, TOK_OFFSETOF, TOK_MACRO, TOK_FN, TOK_IMPORT,
	TOK_KIND_MAX
};

struct token {
	enum tok_kind kind;
	struct loc loc;
	const char *text; /* arena copy: identifier, decoded string, var/map name, attach text */
	int text_len;     /* strings may hold NUL bytes */
	uint64_t value;   /* TOK_INT, TOK_POSITIONAL */
	bool has_space_before; /* whitespace or a comment precedes it (predicates need this) */
};

struct lexer {
	const char *src;
	int pos, line, col;
	int file;   /* the source its locs name (diag_add_source); 0 the script */
};

void lexer_init(struct lexer *lx, const char *src);
/* Next token; malformed input (bad escape, unterminated string/comment) is diag_fatal. */
struct token lexer_next(struct lexer *lx);
/*
 * Attach points are not made of ordinary tokens (`uprobe:/bin/bash:readline`,
 * `interval:1s`, `tracepoint:syscalls:sys_enter_*`). The parser, when a probe
 * starts, rewinds to the start of `at` and asks for the raw text up to white
 * space, `,`, `{` or a `/` that follows white space (a predicate). Quoted parts
 * ("...") are kept, without the quotes.
 */
struct token lexer_attach_point(struct lexer *lx, const struct token *at);
/*
 * --fmt: with keep on, the lexer records where each comment of the script
 * (file 0) is, `#!` line included; lexer_comments gives them in source order.
 * Each call starts a new list.
 */
void lexer_keep_comments(bool on);
const struct loc *lexer_comments(int *n);
const char *tok_kind_name(enum tok_kind k); /* "'{'", "identifier", ... for messages */

#endif
