/* test_macro.c: macro expansion alone: the probes' trees after it, and its errors. */
#include "unit.h"
#include "ast.h"
#include "diag.h"
#include "front.h"
#include "macro.h"
#include "util.h"

static void expand_step(FILE *out, struct ast_program *ast, void *arg)
{
	(void)arg;
	if (macro_expand(ast) == 0) {
		ast->macros = NULL;
		ast_dump(out, ast);
	}
}

/* The probes after expansion (macro definitions left out), or the diagnostics. */
static char *expand(const char *src)
{
	char *buf = front_capture(src, 0, NULL, expand_step, NULL);
	arena_free_all();
	return buf;
}

#define CHECK_EXPANDS(src, want)             \
	do {                                 \
		char *out_ = expand(src);    \
		CHECK_STR(out_, want);       \
		free(out_);                  \
	} while (0)

/* As a value: a block expression; $x is the caller's variable, the body's own $y renamed per use */
UNIT_TEST(value_and_hygiene)
{
	CHECK_EXPANDS("macro inc($x) { $y = $x + 1; $y } BEGIN { $y = 5; $z = inc($y) + inc($y); }",
		      "probe BEGIN\n"
		      " body\n"
		      "  assign =\n"
		      "   var $y\n"
		      "   int 5\n"
		      "  assign =\n"
		      "   var $z\n"
		      "   binary +\n"
		      "    block_expr\n"
		      "     assign =\n"
		      "      var $inc:y#1\n"
		      "      binary +\n"
		      "       var $y\n"
		      "       int 1\n"
		      "     value\n"
		      "      var $inc:y#1\n"
		      "    block_expr\n"
		      "     assign =\n"
		      "      var $inc:y#2\n"
		      "      binary +\n"
		      "       var $y\n"
		      "       int 1\n"
		      "     value\n"
		      "      var $inc:y#2\n");
}

/* As a statement: a block, the value kept as a statement; maps bound; bare names of macros without parameters */
UNIT_TEST(statement_map_and_bare_name)
{
	CHECK_EXPANDS("macro bump(@m, k) { @m[k]++; @m[k] } macro one() { 1 } BEGIN { bump(@hits, one); }",
		      "probe BEGIN\n"
		      " body\n"
		      "  block\n"
		      "   incdec post ++\n"
		      "    map @hits\n"
		      "     block_expr\n"
		      "      value\n"
		      "       int 1\n"
		      "   map @hits\n"
		      "    block_expr\n"
		      "     value\n"
		      "      int 1\n");
}

/* An expression argument is inserted, and so evaluated, at each use; nested macros see the caller's names */
UNIT_TEST(expression_args_and_nesting)
{
	CHECK_EXPANDS("macro twice(e) { e; e; } macro add1($v) { $v + 1 } macro outer($w) { add1($w) }"
		      " BEGIN { $a = 1; twice(print($a)); print(outer($a)); }",
		      "probe BEGIN\n"
		      " body\n"
		      "  assign =\n"
		      "   var $a\n"
		      "   int 1\n"
		      "  block\n"
		      "   call print\n"
		      "    var $a\n"
		      "   call print\n"
		      "    var $a\n"
		      "  call print\n"
		      "   block_expr\n"
		      "    value\n"
		      "     block_expr\n"
		      "      value\n"
		      "       binary +\n"
		      "        var $a\n"
		      "        int 1\n");
	/* a predicate may use a macro too */
	CHECK_EXPANDS("macro big(x) { x > 10 } BEGIN /big(pid)/ { }",
		      "probe BEGIN\n"
		      " pred\n"
		      "  block_expr\n"
		      "   value\n"
		      "    binary >\n"
		      "     builtin pid\n"
		      "     int 10\n"
		      " body\n");
}

/* $x given an expression: the expression stands wherever $x appears, as for a plain x */
UNIT_TEST(var_param_takes_expression)
{
	CHECK_EXPANDS("macro twice($x) { $x + $x } BEGIN { $z = twice(1 + 2); }",
		      "probe BEGIN\n"
		      " body\n"
		      "  assign =\n"
		      "   var $z\n"
		      "   block_expr\n"
		      "    value\n"
		      "     binary +\n"
		      "      binary +\n"
		      "       int 1\n"
		      "       int 2\n"
		      "      binary +\n"
		      "       int 1\n"
		      "       int 2\n");
}

UNIT_TEST(errors)
{
	CHECK_EXPANDS("macro a(x) { b(x) } macro b(x) { a(x) } BEGIN { print(a(1)); }",
		      "t.bt:1:34: error: recursive macro call: a > b > a\n"
		      "macro a(x) { b(x) } macro b(x) { a(x) } BEGIN { print(a(1)); }\n"
		      "                                 ^~~~\n");
	CHECK_EXPANDS("macro m($x) { $x++; $x } BEGIN { print(m(1 + 2)); }",
		      "t.bt:1:42: error: macro 'm' takes a variable for $x, not an expression: it assigns to $x (line 1)\n"
		      "macro m($x) { $x++; $x } BEGIN { print(m(1 + 2)); }\n"
		      "                                         ^~~~~\n");
	CHECK_EXPANDS("macro m(@x) { @x } BEGIN { $v = 1; print(m($v)); }",
		      "t.bt:1:44: error: macro 'm' takes a map for @x, not a variable\n"
		      "macro m(@x) { @x } BEGIN { $v = 1; print(m($v)); }\n"
		      "                                           ^~\n");
	CHECK_EXPANDS("macro m(x, y) { x } BEGIN { print(m(1)); }",
		      "t.bt:1:35: error: macro 'm' takes 2 arguments, not 1\n"
		      "macro m(x, y) { x } BEGIN { print(m(1)); }\n"
		      "                                  ^~~~\n");
	CHECK_EXPANDS("macro m() { @secret } BEGIN { @secret = 1; print(m); }",
		      "t.bt:1:13: error: macro 'm' uses @secret, which is not one of its parameters: a macro "
		      "reaches maps only through its parameters (macro m(@secret, ...))\n"
		      "macro m() { @secret } BEGIN { @secret = 1; print(m); }\n"
		      "            ^~~~~~~\n");
	CHECK_EXPANDS("macro m() { print(1); } BEGIN { $v = m(); }",
		      "t.bt:1:38: error: macro 'm' has no value: its body ends with a statement (drop the ';' "
		      "after its last expression to make that the value)\n"
		      "macro m() { print(1); } BEGIN { $v = m(); }\n"
		      "                                     ^~~\n");
	CHECK_EXPANDS("macro mine() { 1 } BEGIN { print(mien()); }",
		      "t.bt:1:34: error: unknown macro or function 'mien'; did you mean macro 'mine'?\n"
		      "macro mine() { 1 } BEGIN { print(mien()); }\n"
		      "                                 ^~~~~~\n");
}

/* Macros that use each other twice per level grow exponentially, or nest deep: expansion stops with an error */
UNIT_TEST(growth_is_bounded)
{
	char src[4096];
	int n = snprintf(src, sizeof(src), "macro m0(x) { x + x }");
	for (int i = 1; i < 30; i++)
		n += snprintf(src + n, sizeof(src) - n, " macro m%d(x) { m%d(x) + m%d(x) }", i, i - 1, i - 1);
	snprintf(src + n, sizeof(src) - n, " BEGIN { print(m29(1)); }");
	char *out = expand(src);
	CHECK(strstr(out, "error: macro expansion grows past") != NULL);
	free(out);

	/* and deep: the passes after it recurse over the tree */
	n = snprintf(src, sizeof(src), "macro d0(x) { ~x }");
	for (int i = 1; i < 30; i++)
		n += snprintf(src + n, sizeof(src) - n, " macro d%d(x) { ~~~~~~~~~~d%d(x) }", i, i - 1);
	snprintf(src + n, sizeof(src) - n, " BEGIN { print(d29(1)); }");
	out = expand(src);
	CHECK(strstr(out, "error: macro expansion nests more than 256 levels deep") != NULL);
	free(out);
}

UNIT_MAIN()
