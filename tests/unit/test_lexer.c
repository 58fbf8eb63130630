/* test_lexer.c: tokens, literals, attach points and the lexer's error messages. */
#include "unit.h"
#include "diag.h"
#include "lexer.h"
#include "util.h"

/* Lexes src fully into toks (at most max); returns the count, EOF included. */
static int lex_all(const char *src, struct token *toks, int max)
{
	struct lexer lx;
	int n = 0;

	diag_set_source("t.bt", src);
	lexer_init(&lx, src);
	while (n < max) {
		toks[n] = lexer_next(&lx);
		if (toks[n++].kind == TOK_EOF)
			break;
	}
	return n;
}

static struct token lex1(const char *src)
{
	struct token t[2];
	lex_all(src, t, 2);
	return t[0];
}

/* What lexing src reports ("" when it lexes cleanly). */
static char *lex_error(const char *src)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	jmp_buf jb;
	struct token toks[64];

	diag_set_output(f);
	if (setjmp(jb) == 0) {
		diag_catch(&jb);
		lex_all(src, toks, 64);
	}
	diag_catch(NULL);
	diag_set_output(NULL);
	fclose(f);
	arena_free_all();
	return buf;
}

#define CHECK_LEX_ERR(src, want)                                 \
	do {                                                     \
		char *out_ = lex_error(src);                     \
		CHECK_STR(out_, want);                           \
		free(out_);                                      \
	} while (0)

static uint64_t int_of(const char *src)
{
	struct token t = lex1(src);
	CHECK_INT(t.kind, TOK_INT);
	return t.value;
}

UNIT_TEST(integers)
{
	CHECK_INT(int_of("0"), 0);
	CHECK_INT(int_of("42"), 42);
	CHECK_INT(int_of("0x2a"), 42);
	CHECK_INT(int_of("0X2A"), 42);
	CHECK_INT(int_of("052"), 42);
	CHECK_INT(int_of("1_000_000"), 1000000);
	CHECK_INT(int_of("1e6"), 1000000);
	CHECK_INT(int_of("2E3"), 2000);
	CHECK_INT(int_of("0e99999"), 0);
	CHECK(int_of("18446744073709551615") == UINT64_MAX);
	CHECK(int_of("0xffffffffffffffff") == UINT64_MAX);
	/* C suffixes are accepted and ignored. */
	CHECK_INT(int_of("123UL"), 123);
	CHECK_INT(int_of("123u"), 123);
	CHECK_INT(int_of("123LL"), 123);
	CHECK_INT(int_of("0x10ull"), 16);
}

UNIT_TEST(durations_scale_to_nanoseconds)
{
	CHECK_INT(int_of("5ns"), 5);
	CHECK_INT(int_of("5us"), 5000);
	CHECK_INT(int_of("5ms"), 5000000);
	CHECK_INT(int_of("5s"), 5000000000LL);
	CHECK_INT(int_of("1m"), 60000000000LL);
	CHECK_INT(int_of("2h"), 7200000000000LL);
	CHECK_INT(int_of("1d"), 86400000000000LL);
	CHECK_INT(int_of("1_500ms"), 1500000000LL);
}

UNIT_TEST(char_literals)
{
	CHECK_INT(int_of("'a'"), 'a');
	CHECK_INT(int_of("'\\n'"), '\n');
	CHECK_INT(int_of("'\\x41'"), 0x41);
	CHECK_INT(int_of("'\\0'"), 0);
	CHECK_INT(int_of("'\\''"), '\'');
}

UNIT_TEST(strings_and_escapes)
{
	struct token t = lex1("\"a\\n\\t\\\\\\\"b\\x41\\101\\0z\"");
	CHECK_INT(t.kind, TOK_STRING);
	CHECK_INT(t.text_len, 10);
	CHECK(!memcmp(t.text, "a\n\t\\\"bAA\0z", 10));
	CHECK_INT(t.loc.len, 23);

	t = lex1("\"\"");
	CHECK_INT(t.kind, TOK_STRING);
	CHECK_INT(t.text_len, 0);
	CHECK_STR(t.text, "");

	t = lex1("\"\\r\\'\"");
	CHECK_INT(t.text_len, 2);
	CHECK(!memcmp(t.text, "\r'", 2));
}

UNIT_TEST(names_variables_maps)
{
	struct token t[16];
	int n = lex_all("foo $x @y @ $12 $# arg0 _a1", t, 16);

	CHECK_INT(n, 9);
	CHECK_INT(t[0].kind, TOK_IDENT);
	CHECK_STR(t[0].text, "foo");
	CHECK_INT(t[1].kind, TOK_VAR);
	CHECK_STR(t[1].text, "x");
	CHECK_INT(t[2].kind, TOK_MAP);
	CHECK_STR(t[2].text, "y");
	CHECK_INT(t[3].kind, TOK_MAP);
	CHECK_STR(t[3].text, "");
	CHECK_INT(t[4].kind, TOK_POSITIONAL);
	CHECK_INT(t[4].value, 12);
	CHECK_INT(t[5].kind, TOK_PARAMCOUNT);
	CHECK_INT(t[6].kind, TOK_IDENT);
	CHECK_STR(t[6].text, "arg0");
	CHECK_INT(t[7].kind, TOK_IDENT);
	CHECK_INT(t[8].kind, TOK_EOF);
}

UNIT_TEST(keywords)
{
	struct token t[24];
	int n = lex_all("if else while for unroll return break continue let config struct union enum "
			"sizeof offsetof macro fn import iff", t, 24);
	enum tok_kind want[] = {
		TOK_IF, TOK_ELSE, TOK_WHILE, TOK_FOR, TOK_UNROLL, TOK_RETURN, TOK_BREAK, TOK_CONTINUE,
		TOK_LET, TOK_CONFIG, TOK_STRUCT, TOK_UNION, TOK_ENUM, TOK_SIZEOF, TOK_OFFSETOF,
		TOK_MACRO, TOK_FN, TOK_IMPORT, TOK_IDENT, TOK_EOF,
	};
	CHECK_INT(n, (int)ARRAY_SIZE(want));
	for (int i = 0; i < n && i < (int)ARRAY_SIZE(want); i++)
		CHECK_INT(t[i].kind, want[i]);
	CHECK_STR(t[0].text, "if");
}

UNIT_TEST(punctuation_longest_match)
{
	struct token t[64];
	int n = lex_all("{ } ( ) [ ] ; , : . -> ? .. + - * / % & | ^ ~ ! << >> < > <= >= == != && || "
			"= += -= *= /= %= &= |= ^= <<= >>= ++ --", t, 64);
	enum tok_kind want[] = {
		TOK_LBRACE, TOK_RBRACE, TOK_LPAREN, TOK_RPAREN, TOK_LBRACKET, TOK_RBRACKET,
		TOK_SEMI, TOK_COMMA, TOK_COLON, TOK_DOT, TOK_ARROW, TOK_QUESTION, TOK_DOTDOT,
		TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_PERCENT, TOK_AMP, TOK_PIPE, TOK_CARET,
		TOK_TILDE, TOK_BANG, TOK_SHL, TOK_SHR, TOK_LT, TOK_GT, TOK_LE, TOK_GE, TOK_EQ, TOK_NE,
		TOK_ANDAND, TOK_OROR, TOK_ASSIGN, TOK_PLUSEQ, TOK_MINUSEQ, TOK_STAREQ, TOK_SLASHEQ,
		TOK_PERCENTEQ, TOK_AMPEQ, TOK_PIPEEQ, TOK_CARETEQ, TOK_SHLEQ, TOK_SHREQ, TOK_INC,
		TOK_DEC, TOK_EOF,
	};
	CHECK_INT(n, (int)ARRAY_SIZE(want));
	for (int i = 0; i < n && i < (int)ARRAY_SIZE(want); i++)
		CHECK_INT(t[i].kind, want[i]);

	/* Without spaces too: a--b is a -- b, x<<=1 is x <<= 1. */
	n = lex_all("a--b x<<=1 $t.0..5", t, 64);
	CHECK_INT(t[1].kind, TOK_DEC);
	CHECK_INT(t[4].kind, TOK_SHLEQ);
	CHECK_INT(t[7].kind, TOK_DOT);
	CHECK_INT(t[8].kind, TOK_INT);
	CHECK_INT(t[9].kind, TOK_DOTDOT);
	CHECK_INT(t[10].kind, TOK_INT);
	CHECK_INT(n, 12);
}

UNIT_TEST(comments_and_locations)
{
	struct token t[8];
	int n = lex_all("// line\na /* block\n comment */ b\n\tc//x", t, 8);

	CHECK_INT(n, 4);
	CHECK_STR(t[0].text, "a");
	CHECK_INT(t[0].loc.line, 2);
	CHECK_INT(t[0].loc.col, 1);
	CHECK(t[0].has_space_before);
	CHECK_STR(t[1].text, "b");
	CHECK_INT(t[1].loc.line, 3);
	CHECK_INT(t[1].loc.col, 13);
	CHECK_INT(t[2].loc.line, 4);
	CHECK_INT(t[2].loc.col, 2);
	CHECK_INT(t[2].loc.off, 34);
	CHECK_INT(t[2].loc.len, 1);

	n = lex_all("a+b", t, 8);
	CHECK(!t[0].has_space_before);
	CHECK(!t[1].has_space_before);
	CHECK_INT(t[2].loc.col, 3);
}

UNIT_TEST(shebang_is_skipped)
{
	struct token t[4];
	int n = lex_all("#!/usr/bin/env bpftrace\nBEGIN", t, 4);
	CHECK_INT(n, 2);
	CHECK_INT(t[0].kind, TOK_IDENT);
	CHECK_INT(t[0].loc.line, 2);
}

UNIT_TEST(preprocessor_lines)
{
	struct token t[8];
	int n = lex_all("#include <linux/sched.h>\n#include \"foo.h\"\n#define X \\\n 1\n#ifndef Y", t, 8);

	CHECK_INT(n, 5);
	CHECK_INT(t[0].kind, TOK_INCLUDE);
	CHECK_STR(t[0].text, "linux/sched.h");
	CHECK_INT(t[0].loc.len, 24);
	CHECK_INT(t[1].kind, TOK_INCLUDE);
	CHECK_STR(t[1].text, "foo.h");
	CHECK_INT(t[2].kind, TOK_CPP);
	CHECK_STR(t[2].text, "#define X \\\n 1");
	CHECK_INT(t[3].kind, TOK_CPP);
	CHECK_STR(t[3].text, "#ifndef Y");
	CHECK_INT(t[3].loc.line, 5);
}

/* The attach point starting at the first token of src, and the token after it. */
static const char *attach_of(const char *src, enum tok_kind *after)
{
	struct lexer lx;
	struct token t;

	diag_set_source("t.bt", src);
	lexer_init(&lx, src);
	t = lexer_next(&lx);
	t = lexer_attach_point(&lx, &t);
	CHECK_INT(t.kind, TOK_ATTACH);
	if (after)
		*after = lexer_next(&lx).kind;
	return t.text;
}

UNIT_TEST(attach_points)
{
	enum tok_kind after;

	CHECK_STR(attach_of("tracepoint:syscalls:sys_enter_* {", &after), "tracepoint:syscalls:sys_enter_*");
	CHECK_INT(after, TOK_LBRACE);
	CHECK_STR(attach_of("interval:s:1{", &after), "interval:s:1");
	CHECK_INT(after, TOK_LBRACE);
	CHECK_STR(attach_of("interval:1s /pid/", &after), "interval:1s");
	CHECK_INT(after, TOK_SLASH);
	CHECK_STR(attach_of("BEGIN", &after), "BEGIN");
	CHECK_INT(after, TOK_EOF);
	CHECK_STR(attach_of("begin,end", &after), "begin");
	CHECK_INT(after, TOK_COMMA);
	CHECK_STR(attach_of("uprobe:/bin/bash:readline {", NULL), "uprobe:/bin/bash:readline");
	CHECK_STR(attach_of("uprobe:\"/path with space\":f {", &after), "uprobe:/path with space:f");
	CHECK_INT(after, TOK_LBRACE);
	CHECK_STR(attach_of("kprobe:vfs_read+10 {", NULL), "kprobe:vfs_read+10");
	CHECK_STR(attach_of("usdt:/x:prov:p {", NULL), "usdt:/x:prov:p");
	CHECK_STR(attach_of("profile:hz:99 {", NULL), "profile:hz:99");
	CHECK_STR(attach_of("software:cpu-clock:100000 {", NULL), "software:cpu-clock:100000");
	CHECK_STR(attach_of("i:ms:100\n{", NULL), "i:ms:100");
	CHECK_STR(attach_of("uprobe:/usr/lib/*/libc.so.6:malloc {", NULL), "uprobe:/usr/lib/*/libc.so.6:malloc");

	struct lexer lx;
	const char *src = "  x\n  kprobe:f+1 {";
	lexer_init(&lx, src);
	struct token t = lexer_next(&lx);
	t = lexer_next(&lx);
	t = lexer_attach_point(&lx, &t);
	CHECK_INT(t.loc.line, 2);
	CHECK_INT(t.loc.col, 3);
	CHECK_INT(t.loc.len, 10);
	t = lexer_next(&lx);
	CHECK_INT(t.kind, TOK_LBRACE);
	CHECK_INT(t.loc.col, 14);
	arena_free_all();
}

UNIT_TEST(lexer_errors)
{
	CHECK_LEX_ERR("\"abc", "t.bt:1:1: error: unterminated string\n\"abc\n^\n");
	CHECK_LEX_ERR("x = \"ab\ncd\"", "t.bt:1:5: error: unterminated string\nx = \"ab\n    ^\n");
	CHECK_LEX_ERR("\"a\\qb\"", "t.bt:1:3: error: invalid escape '\\q'\n\"a\\qb\"\n  ^~\n");
	CHECK_LEX_ERR("\"\\x\"", "t.bt:1:2: error: invalid escape '\\x': expected hexadecimal digits\n\"\\x\"\n ^~\n");
	CHECK_LEX_ERR("\"\\777\"", "t.bt:1:2: error: octal escape out of range\n\"\\777\"\n ^~~~\n");
	CHECK_LEX_ERR("a /* b", "t.bt:1:3: error: unterminated comment\na /* b\n  ^~\n");
	CHECK_LEX_ERR("a ` b", "t.bt:1:3: error: invalid character '`'\na ` b\n  ^\n");
	CHECK_LEX_ERR("a \x01 b", "t.bt:1:3: error: invalid character '\\x01'\na \x01 b\n  ^\n");
	CHECK_LEX_ERR("12abc", "t.bt:1:1: error: invalid suffix 'abc' on integer literal\n12abc\n^~~~~\n");
	CHECK_LEX_ERR("1M", "t.bt:1:1: error: invalid suffix 'M' on integer literal\n1M\n^~\n");
	CHECK_LEX_ERR("0x", "t.bt:1:1: error: invalid hexadecimal literal\n0x\n^~\n");
	CHECK_LEX_ERR("019", "t.bt:1:3: error: invalid digit '9' in octal literal\n019\n  ^\n");
	CHECK_LEX_ERR("18446744073709551616",
		      "t.bt:1:1: error: integer literal is too large\n18446744073709551616\n^~~~~~~~~~~~~~~~~~~~\n");
	CHECK_LEX_ERR("20000000d", "t.bt:1:1: error: integer literal is too large\n20000000d\n^~~~~~~~~\n");
	CHECK_LEX_ERR("''", "t.bt:1:1: error: empty character literal\n''\n^~\n");
	CHECK_LEX_ERR("'ab'", "t.bt:1:1: error: character literal holds more than one character\n'ab'\n^~~~\n");
	CHECK_LEX_ERR("'a", "t.bt:1:1: error: unterminated character literal\n'a\n^\n");
	CHECK_LEX_ERR("$ x", "t.bt:1:1: error: expected a variable name after '$'\n$ x\n^\n");
	CHECK_LEX_ERR("#include foo", "t.bt:1:1: error: expected <file> or \"file\" after #include\n"
				      "#include foo\n^~~~~~~~~~~~\n");
	CHECK_LEX_ERR("ok 1 \"s\" // fine", "");
}

UNIT_TEST(attach_point_unterminated_quote)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	jmp_buf jb;
	const char *src = "uprobe:\"/a b:f {";

	diag_set_output(f);
	diag_set_source("t.bt", src);
	if (setjmp(jb) == 0) {
		diag_catch(&jb);
		attach_of(src, NULL);
	}
	diag_catch(NULL);
	diag_set_output(NULL);
	fclose(f);
	CHECK_STR(buf, "t.bt:1:8: error: unterminated string\nuprobe:\"/a b:f {\n       ^\n");
	free(buf);
	arena_free_all();
}

UNIT_TEST(kind_names)
{
	CHECK_STR(tok_kind_name(TOK_RBRACE), "'}'");
	CHECK_STR(tok_kind_name(TOK_EOF), "end of file");
	CHECK_STR(tok_kind_name(TOK_IDENT), "identifier");
	CHECK_STR(tok_kind_name(TOK_SHLEQ), "'<<='");
	CHECK_STR(tok_kind_name(TOK_IMPORT), "'import'");
	for (int k = 0; k < TOK_KIND_MAX; k++)
		CHECK(strcmp(tok_kind_name(k), "token") != 0);
	CHECK_STR(tok_kind_name(TOK_KIND_MAX), "token");
}

UNIT_MAIN()
