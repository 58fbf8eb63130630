/* test_fmt.c: --fmt's output for each construct, its comments and blank lines, and idempotence. */
#include "unit.h"
#include "fmt.h"
#include "diag.h"
#include "util.h"

/* The formatted text of src, or what the diagnostics printed. */
static char *fmt(const char *src)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	diag_reset();

	if (fmt_program(f, "t.bt", src))
		fputs("(error)", f);
	fclose(f);
	arena_free_all();
	return buf;
}

/* src formats to want, and want to itself. */
#define CHECK_FMT(src, want)                                     \
	do {                                                     \
		char *a_ = fmt(src);                             \
		CHECK_STR(a_, want);                             \
		char *b_ = fmt(a_);                              \
		CHECK_STR(b_, a_);                               \
		free(a_);                                        \
		free(b_);                                        \
	} while (0)

UNIT_TEST(fmt_probe_layout)
{
	CHECK_FMT("BEGIN{printf(\"hi\\n\");exit()}",
		  "BEGIN\n{\n\tprintf(\"hi\\n\");\n\texit();\n}\n");
	CHECK_FMT("kprobe:a,kprobe:b /pid==1/ { @x=1; }",
		  "kprobe:a, kprobe:b\n/pid == 1/\n{\n\t@x = 1;\n}\n");
	/* past 80 columns: one attach point a line */
	CHECK_FMT("tracepoint:syscalls:sys_enter_openat,tracepoint:syscalls:sys_enter_open,"
		  "tracepoint:syscalls:sys_enter_creat {}",
		  "tracepoint:syscalls:sys_enter_openat,\ntracepoint:syscalls:sys_enter_open,\n"
		  "tracepoint:syscalls:sys_enter_creat\n{\n}\n");
	/* quotes and case as written; a blank line between probes */
	CHECK_FMT("uprobe:\"/bin/a b\":f{} begin{}",
		  "uprobe:\"/bin/a b\":f\n{\n}\n\nbegin\n{\n}\n");
	/* a predicate starting with * must not open a comment */
	CHECK_FMT("BEGIN / *(uint8 *)0 == 1/ {}", "BEGIN\n/ *(uint8 *)0 == 1/\n{\n}\n");
}

UNIT_TEST(fmt_parentheses)
{
	CHECK_FMT("BEGIN { $a = (1 + 2) * 3; $b = 1 + (2 * 3); $c = 1 - (2 - 3); $d = (1 - 2) - 3; }",
		  "BEGIN\n{\n\t$a = (1 + 2) * 3;\n\t$b = 1 + 2 * 3;\n\t$c = 1 - (2 - 3);\n\t$d = 1 - 2 - 3;\n}\n");
	CHECK_FMT("BEGIN { $a = (1 ? 2 : 3) ? 4 : 5; $b = 1 ? 2 : (3 ? 4 : 5); $c = -(-1); $d = !(1 && 2); }",
		  "BEGIN\n{\n\t$a = (1 ? 2 : 3) ? 4 : 5;\n\t$b = 1 ? 2 : 3 ? 4 : 5;\n\t$c = - -1;\n"
		  "\t$d = !(1 && 2);\n}\n");
	CHECK_FMT("BEGIN { $p = ((struct task_struct *)curtask)->pid; $q = (uint32)(1 + 2); }",
		  "BEGIN\n{\n\t$p = ((struct task_struct *)curtask)->pid;\n\t$q = (uint32)(1 + 2);\n}\n");
}

UNIT_TEST(fmt_literals_as_written)
{
	CHECK_FMT("BEGIN { @a[0x1F, 1_000, 5ms] = \"t\\tx\\x41\"; $b = $1 + $#; $c = str($2); }",
		  "BEGIN\n{\n\t@a[0x1F, 1_000, 5ms] = \"t\\tx\\x41\";\n\t$b = $1 + $#;\n\t$c = str($2);\n}\n");
	CHECK_FMT("BEGIN { $o = getopt(\"n\", -5); $t = (1,); $r = (a = 1, b = (2, 3)); $x = $r.b.0; }",
		  "BEGIN\n{\n\t$o = getopt(\"n\", -5);\n\t$t = (1,);\n\t$r = (a = 1, b = (2, 3));\n\t$x = $r.b.0;\n}\n");
}

UNIT_TEST(fmt_statements)
{
	CHECK_FMT("BEGIN { if (1) { $a = 1 } else if (2) { $a = 2 } else { if (3) {} } "
		  "while ($a < 3) { $a++; break } unroll(2) { continue; } for ($i : 0..3) { } "
		  "for ($kv : @m) { delete(@m, $kv.0); } let $v: uint8 = 1; let $w; return; }",
		  "BEGIN\n{\n\tif (1) {\n\t\t$a = 1;\n\t} else if (2) {\n\t\t$a = 2;\n\t} else {\n"
		  "\t\tif (3) {\n\t\t}\n\t}\n\twhile ($a < 3) {\n\t\t$a++;\n\t\tbreak;\n\t}\n"
		  "\tunroll (2) {\n\t\tcontinue;\n\t}\n\tfor ($i : 0..3) {\n\t}\n"
		  "\tfor ($kv : @m) {\n\t\tdelete(@m, $kv.0);\n\t}\n\tlet $v: uint8 = 1;\n\tlet $w;\n\treturn;\n}\n");
}

UNIT_TEST(fmt_top_level)
{
	CHECK_FMT("#include <linux/sched.h>\nstruct s { int a;  };\nconfig={max_strlen=8;stack_mode=perf}\n"
		  "let @m=lruhash( 1_024 );\nmacro m($x, y) { $x + y }\nBEGIN { @n = m($a, 1); }",
		  "#include <linux/sched.h>\nstruct s { int a;  };\nconfig = { max_strlen = 8; stack_mode = perf }\n"
		  "let @m = lruhash(1_024);\n\nmacro m($x, y) {\n\t$x + y\n}\n\nBEGIN\n{\n\t@n = m($a, 1);\n}\n");
}

UNIT_TEST(fmt_comments)
{
	/* before a probe, at the end of a line, before a statement, before '}' */
	CHECK_FMT("// top\nBEGIN { // open\n  $a = 1; // a\n  /* b */ $b = 2;\n  // last\n}\n// end\n",
		  "// top\nBEGIN\n{ // open\n\t$a = 1; // a\n\t/* b */\n\t$b = 2;\n\t// last\n}\n// end\n");
	/* inside an expression: to the end of its line */
	CHECK_FMT("BEGIN { $a = 1 + /* one */ 2; }", "BEGIN\n{\n\t$a = 1 + 2; /* one */\n}\n");
	/* among attach points: one a line */
	CHECK_FMT("BEGIN, // b\nEND {}", "BEGIN, // b\nEND\n{\n}\n");
	CHECK_FMT("#!/usr/bin/env sonde\nBEGIN {}", "#!/usr/bin/env sonde\nBEGIN\n{\n}\n");
	CHECK_FMT("// only\n", "// only\n");
	CHECK_FMT("", "");
}

UNIT_TEST(fmt_blank_lines)
{
	/* at most one, never right after '{' or before '}' */
	CHECK_FMT("BEGIN {\n\n  $a = 1;\n\n\n\n  $b = 2;\n  $c = 3;\n\n}\n\n\n\nEND {}\n",
		  "BEGIN\n{\n\t$a = 1;\n\n\t$b = 2;\n\t$c = 3;\n}\n\nEND\n{\n}\n");
	/* a comment between probes keeps the blank lines around it */
	CHECK_FMT("BEGIN {}\n\n// section\n\nEND {}\n", "BEGIN\n{\n}\n\n// section\n\nEND\n{\n}\n");
	CHECK_FMT("BEGIN {}\n// end's\nEND {}\n", "BEGIN\n{\n}\n\n// end's\nEND\n{\n}\n");
	CHECK_FMT("BEGIN {\n  $a = 1;\n\n  // why\n  $b = 2;\n}\n",
		  "BEGIN\n{\n\t$a = 1;\n\n\t// why\n\t$b = 2;\n}\n");
}

UNIT_TEST(fmt_errors)
{
	char *out = fmt("BEGIN { $a = ; }");
	CHECK_STR(out, "(error)");
	free(out);
}

UNIT_MAIN()
