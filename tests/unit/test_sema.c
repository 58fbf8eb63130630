/* test_sema.c: the type checker's decisions and its error messages (no kernel needed). */
#include "unit.h"
#include "front.h"
#include "ast.h"
#include "diag.h"
#include "sema.h"
#include "util.h"
#include "btf.h"
#include "cdefs.h"

#include <errno.h>

/* Parses and checks src; returns what diagnostics printed ("" when clean). */
static char *check(const char *src, struct sonde_prog *prog, struct sema_result *sr)
{
	return front_run(src, 0, NULL, prog, sr, false);
}

static char *errors_of(const char *src)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	return check(src, &prog, &sr);
}

/* The first line of the diagnostics. */
static char *first_line(char *s)
{
	char *nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	return s;
}

#define CHECK_ERR(src, want)                                     \
	do {                                                     \
		char *out_ = errors_of(src);                     \
		CHECK_STR(first_line(out_), want);               \
		free(out_);                                      \
	} while (0)

UNIT_TEST(clean_program_has_no_errors)
{
	char *out = errors_of("begin { @x = 1; $y = @x + 2; printf(\"%d %s\\n\", $y, comm); exit(); }");
	CHECK_STR(out, "");
	free(out);
}

UNIT_TEST(map_layouts)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check("begin { @c[comm, pid] = count(); @h = hist(5); @l[1] = lhist(3, 0, 100, 10);"
			  " @s[\"a\"] = \"hello\"; @m = min(-1); @a = avg(2); }", &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	CHECK_INT(prog.nmaps, 6 + 2);
	const struct map_desc *c = &prog.maps[0];
	CHECK_STR(c->name, "@c");
	CHECK_INT(c->agg, AGG_COUNT);
	CHECK_INT(c->bpf_type, BPF_MAP_TYPE_PERCPU_HASH);
	CHECK_INT(c->key_size, 24); /* comm: 16, pid: 8 */
	CHECK_INT(c->key->kind, TY_TUPLE);
	CHECK_INT(c->max_entries, 4096);
	const struct map_desc *h = &prog.maps[1];
	CHECK_INT(h->agg, AGG_HIST);
	CHECK_INT(h->user_key_size, 0);
	CHECK_INT(h->key_size, 8); /* just the bucket */
	const struct map_desc *l = &prog.maps[2];
	CHECK_INT(l->agg, AGG_LHIST);
	CHECK_INT(l->key_size, 16);
	CHECK_INT(l->lhist_max, 100);
	CHECK_INT(l->lhist_step, 10);
	const struct map_desc *s = &prog.maps[3];
	CHECK_INT(s->agg, AGG_NONE);
	CHECK_INT(s->bpf_type, BPF_MAP_TYPE_HASH);
	CHECK_INT(s->value->kind, TY_STR);
	CHECK_INT(s->value_size, 8);
	CHECK_INT(prog.maps[4].value_size, 16);
	CHECK_INT(prog.maps[5].agg, AGG_AVG);
	CHECK_INT(prog.maps[6].role, MAP_RINGBUF);
	CHECK_INT(prog.maps[7].role, MAP_COUNTERS);
	CHECK_INT(prog.maps[7].max_entries, 1);
	CHECK_INT(prog.maps[7].value_size, 8 * (COUNTER_NUM + 6)); /* lost events, lost stacks, per map */
}

/* tseries(): a ring of 24-byte buckets per key; the largest ring sizes the zeros new keys start from */
UNIT_TEST(map_layouts_tseries)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check("begin { @t = tseries(1, 100ms, 20, \"avg\"); @k[1] = tseries(2, 1s, 5); }", &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	CHECK_INT(prog.nmaps, 2 + 3);
	const struct map_desc *t = &prog.maps[0];
	CHECK_INT(t->agg, AGG_TSERIES);
	CHECK_INT(t->bpf_type, BPF_MAP_TYPE_PERCPU_HASH);
	CHECK_INT(t->value_size, 20 * sizeof(struct agg_tseries_bucket));
	CHECK_INT(t->ts_interval_ns, 100000000);
	CHECK_INT(t->ts_intervals, 20);
	CHECK_INT(t->ts_agg, TS_AVG);
	const struct map_desc *k = &prog.maps[1];
	CHECK_INT(k->key_size, 8);
	CHECK_INT(k->value_size, 5 * sizeof(struct agg_tseries_bucket));
	CHECK_INT(k->ts_agg, TS_LAST);
	CHECK_INT(prog.zero_map, 4);
	CHECK_INT(prog.maps[4].role, MAP_ZERO);
	CHECK_INT(prog.maps[4].value_size, 20 * sizeof(struct agg_tseries_bucket));
	CHECK_INT(prog.maps[4].max_entries, 1);
}

UNIT_TEST(error_tseries_args)
{
	CHECK_ERR("begin { @t = tseries(1, 0, 5); }", "t.bt:1:25: error: tseries() interval must be >= 1 (0 provided)");
	CHECK_ERR("begin { @t = tseries(1, 1s, 5, \"stats\"); }",
		  "t.bt:1:32: error: tseries() expects one of the following aggregation functions: avg, max, min, sum "
		  "(\"stats\" provided)");
}

UNIT_TEST(map_read_before_assignment_settles)
{
	/* @x is printed in the first probe but typed by the second */
	char *out = errors_of("begin { printf(\"%s\\n\", @x); } end { @x = comm; }");
	CHECK_STR(out, "");
	free(out);
}

UNIT_TEST(string_keys_widen)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check("begin { @[\"ab\"] = 1; @[comm] = 2; }", &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	CHECK_INT(prog.maps[0].key->size, 16);
}

UNIT_TEST(printf_formats)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check("begin { printf(\"%d %s %x\\n\", 1, comm, pid); }", &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	CHECK_INT(prog.nfmts, 1);
	CHECK_INT(prog.fmts[0].nargs, 3);
	CHECK_INT(prog.fmts[0].args[1].offset, 8);
	CHECK_INT(prog.fmts[0].args[2].offset, 24);
	CHECK_INT(prog.fmts[0].size, 32);
}

UNIT_TEST(error_undefined_variable)
{
	CHECK_ERR("begin { @x = $y; }", "t.bt:1:14: error: undefined variable '$y'");
}

UNIT_TEST(error_unknown_function_suggests)
{
	CHECK_ERR("begin { prinf(\"x\"); }", "t.bt:1:9: error: unknown function 'prinf'; did you mean 'printf'?");
}

UNIT_TEST(error_printf_arg_count)
{
	CHECK_ERR("begin { printf(\"%d %d\\n\", 1); }",
		  "t.bt:1:9: error: the format has 2 conversions but 1 argument follows");
}

UNIT_TEST(error_printf_type)
{
	CHECK_ERR("begin { printf(\"%d\\n\", comm); }", "t.bt:1:24: error: %d expects an integer, but argument 1 is string[16]");
}

UNIT_TEST(error_agg_outside_map)
{
	CHECK_ERR("begin { $x = count(); }",
		  "t.bt:1:14: error: count() is an aggregation: assign it to a map, as in @x = count(...)");
}

UNIT_TEST(error_map_kind_mismatch)
{
	CHECK_ERR("begin { @x = count(); } end { @x = 5; }",
		  "t.bt:1:31: error: @x holds count(); assign it only with count()");
}

UNIT_TEST(error_map_agg_mismatch)
{
	CHECK_ERR("begin { @x = count(); } end { @x = sum(5); }",
		  "t.bt:1:36: error: @x is sum() here but count() elsewhere");
}

UNIT_TEST(error_key_count)
{
	CHECK_ERR("begin { @x[1] = 1; @x[1, 2] = 2; }", "t.bt:1:20: error: @x has 2 keys here but 1 elsewhere");
}

UNIT_TEST(error_keyless_then_keyed)
{
	CHECK_ERR("begin { @x = 1; @x[1] = 2; }",
		  "t.bt:1:17: error: @x is used without keys elsewhere; it cannot take 1 here");
}

UNIT_TEST(error_string_into_int_var)
{
	CHECK_ERR("begin { $x = 1; $x = comm; }", "t.bt:1:22: error: $x holds uint8; cannot assign string[16]");
}

UNIT_TEST(error_hist_precision)
{
	CHECK_ERR("begin { @h = hist(1, 9); }", "t.bt:1:22: error: hist() precision must be an integer literal from 0 to 5");
}

UNIT_TEST(error_lhist_step)
{
	CHECK_ERR("begin { @h = lhist(1, 0, 10, 0); }", "t.bt:1:30: error: lhist() step must be positive");
}

UNIT_TEST(error_lhist_args)
{
	CHECK_ERR("begin { @h = lhist(1, 0, 10); }", "t.bt:1:14: error: lhist() takes 4 arguments, not 3");
}

UNIT_TEST(error_args_in_begin)
{
	CHECK_ERR("begin { @x = args.foo; }", "t.bt:1:14: error: args is not available in begin probes");
}

UNIT_TEST(error_retval_in_interval)
{
	CHECK_ERR("interval:s:1 { @x = retval; }",
		  "t.bt:1:21: error: retval is only available in return probes (kretprobe, uretprobe, fexit)");
}

UNIT_TEST(error_arg_in_tracepointless)
{
	CHECK_ERR("begin { @x = arg0; }", "t.bt:1:14: error: arg0 is not available in begin probes");
}

UNIT_TEST(error_string_arith)
{
	CHECK_ERR("begin { @x = comm + 1; }", "t.bt:1:14: error: '+' cannot be applied to string[16] and uint8");
}

UNIT_TEST(error_division_by_zero)
{
	CHECK_ERR("begin { @x = 5 / 0; }", "t.bt:1:18: error: division by zero");
}

UNIT_TEST(error_unknown_probe)
{
	CHECK_ERR("nosuch:foo { }", "t.bt:1:1: error: unknown probe type 'nosuch'");
}

UNIT_TEST(error_interval_rate)
{
	CHECK_ERR("interval:s:0 { }", "t.bt:1:1: error: '0' is not a positive whole number");
	CHECK_ERR("interval:x:1 { }", "t.bt:1:1: error: unknown time unit 'x': use s, ms, us, ns or hz");
	CHECK_ERR("interval { }",
		  "t.bt:1:1: error: interval: expected a rate like interval:s:1, interval:hz:99 or interval:100ms");
}

UNIT_TEST(error_software_event)
{
	CHECK_ERR("software:nosuch { }",
		  "t.bt:1:1: error: unknown software event 'nosuch' (sonde -l 'software:*' lists them)");
}

UNIT_TEST(error_exit_args)
{
	CHECK_ERR("begin { exit(1, 2); }", "t.bt:1:9: error: exit() takes 0 to 1 arguments, not 2");
	CHECK_ERR("begin { exit(300); }", "t.bt:1:14: error: exit() takes an exit status from 0 to 255");
}

UNIT_TEST(error_str_of_string_literal_ok_but_of_map)
{
	CHECK_ERR("begin { @c = hist(1); printf(\"%s\", str(@c)); }",
		  "t.bt:1:40: error: @c holds hist(): its value can only be printed");
}

UNIT_TEST(error_config)
{
	CHECK_ERR("config = { nosuch = 1 } begin { }",
		  "t.bt:1:12: error: unknown config key 'nosuch' (known: max_strlen, max_map_keys, max_cat_bytes, "
		  "missing_probes, print_maps_on_exit, "
		  "stack_mode, str_trunc_trailer, cpp_demangle, unstable_dw_ustack)");
}

UNIT_TEST(error_clear_needs_map)
{
	CHECK_ERR("begin { clear(1); }", "t.bt:1:15: error: clear() takes a map like @name");
}

UNIT_TEST(error_ternary_mismatch)
{
	CHECK_ERR("begin { @x = pid ? comm : 1; }",
		  "t.bt:1:14: error: the branches of '?:' have different types: string[16] and uint8");
}

UNIT_TEST(error_read_unassigned_map)
{
	CHECK_ERR("begin { @y = @x; }", "t.bt:1:14: error: @x is read but never assigned");
}

UNIT_TEST(error_unknown_cast_type)
{
	CHECK_ERR("begin { @x = (struct nosuchtype_sonde *)1; }",
		  "t.bt:1:14: error: unknown type 'struct nosuchtype_sonde *'");
}

UNIT_TEST(error_unknown_member_suggests)
{
	CHECK_ERR("begin { @x = curtask->pidd; }",
		  "t.bt:1:14: error: struct task_struct has no member 'pidd'; did you mean 'pid'?");
}

UNIT_TEST(error_arrow_on_int)
{
	CHECK_ERR("begin { $x = 1; @y = $x->foo; }",
		  "t.bt:1:22: error: '->' needs a pointer to a struct or union, not uint8");
}

UNIT_TEST(error_stack_mode)
{
	CHECK_ERR("begin { @[kstack(fast)] = count(); }",
		  "t.bt:1:18: error: unknown stack mode 'fast' (bpftrace, perf, raw or build_id)");
}

UNIT_TEST(error_break_outside_loop)
{
	CHECK_ERR("begin { break; }", "t.bt:1:9: error: break outside of a loop");
}

UNIT_TEST(error_let_redeclared)
{
	CHECK_ERR("begin { let $a = 1; let $a = 2; }", "t.bt:1:21: error: $a is already declared in this block");
}

UNIT_TEST(error_unroll_count)
{
	CHECK_ERR("begin { unroll(0) { } }", "t.bt:1:16: error: unroll takes an integer literal from 1 to 100");
}

UNIT_TEST(error_tuple_index)
{
	CHECK_ERR("begin { $t = (1, 2); @x = $t.5; }", "t.bt:1:27: error: (uint8, uint8) has no element 5 (it has 2)");
}

UNIT_TEST(error_system_needs_unsafe)
{
	CHECK_ERR("begin { system(\"ls\"); }", "t.bt:1:9: error: system() runs commands: it needs --unsafe");
}

UNIT_TEST(let_scoping)
{
	char *out = errors_of("begin { if (1) { let $a = 1; } $a = 2; }");
	CHECK_STR(out, "");
	free(out);
}

UNIT_TEST(let_untyped_takes_its_first_value)
{
	char *out = errors_of("begin { let $a; let $n; if (1) { $a = \"str\"; } @s = $a; $n += 2; }");
	CHECK_STR(out, "");
	free(out);
	CHECK_ERR("begin { let $a; $a = 1; $a = \"s\"; }", "t.bt:1:30: error: $a holds uint8; cannot assign string[2]");
	CHECK_ERR("begin { let $a; @x = $a; }", "t.bt:1:22: error: $a is read before any value is assigned to it");
}

UNIT_TEST(error_in_a_value_does_not_cascade)
{
	/* $a is defined although its value was wrong: its uses add nothing */
	char *out = errors_of("begin { $a = str(); $b = $a; printf(\"%s\\n\", $a); }");
	char *first = strstr(out, "error:");
	CHECK(first && !strstr(first + 1, "error:"));
	CHECK(!strstr(out, "undefined variable"));
	free(out);
}

/* ---- C definitions (cdefs.c) ---- */

static const struct field *member_of(const char *type, const char *name)
{
	struct type *t = cdefs_parse_type(type);
	return t ? btf_member(t, name) : NULL;
}

UNIT_TEST(cdefs_layout)
{
	CHECK_INT(cdefs_load("struct s { char a; int b; short c; long d; char e[3]; };\n"
			     "union u { char c[5]; int i; };\n"
			     "struct p { char a; long b; short c; } __attribute__((packed));\n"
			     "struct __attribute__((aligned(16))) al { char a; };\n"), 0);
	struct type *t = cdefs_parse_type("struct s");
	CHECK(t != NULL);
	CHECK_INT(t->size, 32);
	CHECK_INT(t->align, 8);
	CHECK_INT(member_of("struct s", "b")->offset, 4);
	CHECK_INT(member_of("struct s", "c")->offset, 8);
	CHECK_INT(member_of("struct s", "d")->offset, 16);
	CHECK_INT(member_of("struct s", "e")->offset, 24);
	CHECK_INT(member_of("struct s", "e")->type->kind, TY_STR);
	CHECK_INT(cdefs_parse_type("union u")->size, 8);
	CHECK_INT(member_of("union u", "i")->offset, 0);
	CHECK_INT(cdefs_parse_type("struct p")->size, 11);
	CHECK_INT(member_of("struct p", "c")->offset, 9);
	CHECK_INT(cdefs_parse_type("struct al")->size, 16);
	CHECK_INT(cdefs_parse_type("struct s *")->kind, TY_PTR);
}

UNIT_TEST(cdefs_bitfields)
{
	CHECK_INT(cdefs_load("struct b { short a:4, b:8, c:3, d:1; int e:9, f:15, g:1, h:2, i:5; char z; };"), 0);
	CHECK_INT(cdefs_parse_type("struct b")->size, 8); /* as gcc lays it out */
	const struct field *e = member_of("struct b", "e"), *f = member_of("struct b", "f");
	CHECK_INT(e->offset, 0);
	CHECK_INT(e->bit_offset, 16);
	CHECK_INT(e->bit_size, 9);
	CHECK_INT(f->offset, 4);
	CHECK_INT(f->bit_offset, 0);
	CHECK_INT(member_of("struct b", "i")->bit_offset, 18);
	CHECK_INT(member_of("struct b", "z")->offset, 7);
	/* read unsigned, as bpftrace reads them */
	CHECK(!e->type->is_signed);
}

UNIT_TEST(cdefs_arrays_typedefs_enums)
{
	CHECK_INT(cdefs_load("#define N (2 * 4)\n"
			     "enum e { A, B = N + 2, C };\n"
			     "typedef struct node { int v; struct node *next; uint8_t raw[N]; int m[2][3]; } node_t;\n"
			     "struct anon { int x; union { int y; char z[4]; }; struct { int w; } named; };\n"), 0);
	int64_t v = 0;
	CHECK(cdefs_constant("C", &v, NULL));
	CHECK_INT(v, 11);
	CHECK(cdefs_constant("N", &v, NULL));
	CHECK_INT(v, 8);
	struct type *n = cdefs_parse_type("node_t *");
	CHECK(n != NULL && n->kind == TY_PTR && n->elem->kind == TY_RECORD);
	CHECK_STR(n->elem->name, "struct node");
	const struct field *next = member_of("node_t", "next");
	CHECK(next && next->type->kind == TY_PTR && next->type->elem == n->elem);
	CHECK_INT(member_of("node_t", "raw")->type->kind, TY_ARRAY);
	const struct field *m = member_of("node_t", "m");
	CHECK_INT(m->type->count, 2);
	CHECK_INT(m->type->elem->count, 3);
	CHECK_INT(m->offset, 24);
	CHECK_INT(member_of("struct anon", "y")->offset, 4);
	CHECK_INT(member_of("struct anon", "z")->offset, 4);
	CHECK(member_of("struct anon", "w") == NULL);
	CHECK_INT(cdefs_parse_type("enum e")->size, 4);
}

UNIT_TEST(cdefs_preprocessor)
{
	CHECK_INT(cdefs_load("#ifndef BPFTRACE_HAVE_BTF\nstruct task_struct { int x; };\n#else\n"
			     "#if defined(BPFTRACE_HAVE_BTF) && 0\nstruct no { int a; };\n#elif 1\n"
			     "struct yes { long a; };\n#endif\n#endif\n#include <linux/sched.h>\n"), 0);
	CHECK(cdefs_parse_type("struct yes") != NULL);
	errno = 0;
	CHECK(cdefs_parse_type("struct no") == NULL || btf_available());
	CHECK(cdefs_parse_type("struct yes")->size == 8);
}

UNIT_TEST(cdefs_lookup_failures)
{
	CHECK_INT(cdefs_load(NULL), 0);
	errno = 0;
	CHECK(cdefs_parse_type("struct sonde_no_such_struct *") == NULL);
	CHECK_INT(errno, ENOENT);
	CHECK(cdefs_parse_type("no_such_type_t") == NULL);
	CHECK_INT(errno, ENOENT);
	CHECK(cdefs_parse_type("int int") == NULL);
	CHECK_INT(errno, EINVAL);
	CHECK(cdefs_parse_type("struct { int a; }") == NULL);
}

UNIT_TEST(error_cdefs_point_at_script)
{
	CHECK_ERR("begin { }\nstruct a {\n\tint x;\n\tfoo_t y;\n};",
		  "t.bt:4:2: error: unknown type name 'foo_t'");
	CHECK_ERR("struct a { int x; };\nstruct a { int y; };\nbegin { }",
		  "t.bt:2:8: error: redefinition of 'struct a'");
	CHECK_ERR("struct a { int x:40; };\nbegin { }", "t.bt:1:16: error: bitfield 'x' is wider than its type");
	CHECK_ERR("#define W 0\nstruct a { char x[1 / W]; };\nbegin { }",
		  "t.bt:2:21: error: division by zero in C definition");
	CHECK_ERR("struct a { struct sonde_nope b; };\nbegin { }",
		  "t.bt:1:30: error: field 'b' has incomplete type 'struct sonde_nope'");
	CHECK_ERR("#if 1\nstruct a { int x; };\nbegin { }",
		  "t.bt:1:1: error: unterminated conditional directive: missing #endif");
	CHECK_ERR("struct a { int x; };\nbegin { $p = (struct a *)0; @ = $p->y; }",
		  "t.bt:2:33: error: struct a has no member 'y'; did you mean 'x'?");
}

UNIT_TEST(cdefs_script_types_in_programs)
{
	char *out = errors_of("typedef unsigned short port_t; struct s { port_t p; char name[8]; }\n"
			      "begin { $s = (struct s *)0; $x = (port_t)1; @ = sizeof(port_t) + sizeof($s->name); "
			      "let $q: struct s * = $s; @n = $q->name; }");
	CHECK_STR(out, "");
	free(out);
}

UNIT_TEST(error_record_too_big_to_copy)
{
	CHECK_ERR("struct big { char b[9000]; }; begin { $b = *(struct big *)0; }",
		  "t.bt:1:44: error: struct big is 9000 bytes, too large to copy (at most 8192): "
		  "keep a pointer to it, or the members you need");
}

UNIT_TEST(bools_and_aggregate_reads)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check("begin { @c = count(); @a = avg(3); $x = @c + @a; @b = 1 < 2; @t = true; $v = (bool)\"s\"; "
			  "@h = hist(1); }", &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	CHECK_INT(prog.maps[2].value->kind, TY_BOOL);  /* @b */
	CHECK_INT(prog.maps[3].value->kind, TY_BOOL);  /* @t */
	CHECK_ERR("begin { @h = hist(1); $x = @h; }", "t.bt:1:28: error: @h holds hist(): its value can only be printed");
}

UNIT_TEST(for_map_types_and_errors)
{
	char *out = errors_of("begin { @m[1, \"a\"] = 5; @c[comm] = count(); "
			      "for ($kv : @m) { $k = $kv.0.1; $v = $kv.1 + 1; } for ($x : @c) { @t = $x.1; } }");
	CHECK_STR(out, "");
	free(out);
	CHECK_ERR("begin { @m[1] = 1; for ($kv : @m) { return; } }",
		  "t.bt:1:37: error: return cannot leave a for loop over a map: use break");
	CHECK_ERR("begin { @h = hist(1); for ($kv : @h) { } }",
		  "t.bt:1:34: error: for loops cannot go over @h: it holds hist(), which only prints");
	CHECK_ERR("begin { @s = 1; for ($kv : @s) { } }",
		  "t.bt:1:28: error: @s has no keys: there is nothing to loop over");
	/* the body is a callback, but the probe's context travels with it (lower_formap.c) */
	char *ok = errors_of("begin { @m[1] = 1; for ($kv : @m) { @k = kstack; } }");
	CHECK_STR(ok, "");
	free(ok);
	CHECK_ERR("begin { for ($kv : @never) { } }",
		  "t.bt:1:20: error: @never is looped over but never given keys and values");
}

UNIT_TEST(config_keys)
{
	char *out = errors_of("config = { stack_mode = raw; BPFTRACE_MAX_STRLEN = 16 } begin { @k[kstack] = 1; }");
	CHECK_STR(out, "");
	free(out);
	CHECK_ERR("config = { stack_mode = fancy } begin { }", "t.bt:1:12: error: stack_mode must be bpftrace, perf, raw or build_id");
	CHECK_ERR("config = { log_size = 100 } begin { }", "t.bt:1:12: warning: config log_size has no effect in sonde");
}

UNIT_MAIN()
