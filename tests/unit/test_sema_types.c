/* test_sema_types.c: the checker's typing of maps read before written, pointers and arrays (no kernel needed). */
#include "unit.h"
#include "front.h"
#include "ast.h"
#include "diag.h"
#include "sema.h"
#include "util.h"

/* Parses and checks src; returns what diagnostics printed ("" when clean). */
static char *check(const char *src, struct sonde_prog *prog, struct sema_result *sr)
{
	return front_run(src, 0, NULL, prog, sr, false);
}

/* The map named name of a checked program, or NULL. */
static const struct map_desc *map_named(const struct sonde_prog *prog, const char *name)
{
	for (int i = 0; i < prog->nuser_maps; i++)
		if (!strcmp(prog->maps[i].name, name))
			return &prog->maps[i];
	return NULL;
}

/* Checks src, expecting no diagnostics, and returns the value type of map name. */
static const struct type *map_value(const char *src, const char *name)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check(src, &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	const struct map_desc *d = map_named(&prog, name);
	CHECK(d != NULL);
	return d ? d->value : &type_none;
}

static char *errors_of(const char *src)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	return check(src, &prog, &sr);
}

UNIT_TEST(map_read_before_write_in_one_probe)
{
	/* the read decides nothing; the write, typed by the read, decides int64 */
	const struct type *t = map_value("begin { $n = @x[1]; @x[1] = $n + 1; }", "@x");
	CHECK_INT(t->kind, TY_INT);
	CHECK_INT(t->size, 8);
	CHECK(t->is_signed);
}

UNIT_TEST(map_read_in_one_probe_written_in_a_later_one)
{
	const struct type *t = map_value("begin { $n = @x; @y = $n * 2; } end { @x = @y + 1; }", "@y");
	CHECK_INT(t->kind, TY_INT);
	t = map_value("begin { $n = @x; @y = $n * 2; } end { @x = @y + 1; }", "@x");
	CHECK_INT(t->kind, TY_INT);
}

UNIT_TEST(map_write_wins_over_the_int64_guess)
{
	/* a string written later types the earlier read too */
	const struct type *t = map_value("begin { $s = @x; printf(\"%s\\n\", $s); @x = comm; }", "@x");
	CHECK_INT(t->kind, TY_STR);
	t = map_value("begin { @y = @x; @x = \"abc\"; }", "@y");
	CHECK_INT(t->kind, TY_STR);
}

UNIT_TEST(map_read_never_written_is_one_error)
{
	/* as bpftrace's "Undefined map"; the variable it was read into is int64, no second error */
	char *out = errors_of("begin { $n = @x; printf(\"%d\\n\", $n + 1); }");
	CHECK_STR(out, "t.bt:1:14: error: @x is read but never assigned\n"
		       "begin { $n = @x; printf(\"%d\\n\", $n + 1); }\n"
		       "             ^~\n");
	free(out);
}

UNIT_TEST(map_printed_or_cleared_but_never_written)
{
	char *out = errors_of("begin { print(@x); }");
	CHECK(strstr(out, "t.bt:1:15: error: @x is printed but never assigned\n") == out);
	free(out);
	out = errors_of("begin { zero(@x); }");
	CHECK(strstr(out, "t.bt:1:14: error: @x is never assigned: zero() has nothing to work on\n") == out);
	free(out);
	/* written in a later probe: fine */
	out = errors_of("begin { print(@x); clear(@x); } end { @x[1] = count(); }");
	CHECK_STR(out, "");
	free(out);
}

/* The type of variable name in the first probe of src, which must check cleanly. */
static const struct type *var_type(const char *src, const char *name)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check(src, &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	for (int i = 0; sr.nprobes && i < sr.probes[0].nvars; i++)
		if (!strcmp(sr.probes[0].vars[i].name, name + 1))   /* kept without the '$' */
			return sr.probes[0].vars[i].type;
	CHECK(!"no such variable");
	return &type_none;
}

#define STRUCT_S "struct S { int a; long b; char c[8]; }; "

UNIT_TEST(ternary_keeps_pointer_types)
{
	const struct type *t = var_type(STRUCT_S "begin { $p = nsecs ? (struct S *)1 : (struct S *)2; $x = $p->b; }",
					"$p");
	CHECK_INT(t->kind, TY_PTR);
	CHECK_STR(type_str_name(t), "struct S *");
	/* a literal 0 is a null pointer of the other branch's type */
	t = var_type(STRUCT_S "begin { $p = nsecs ? 0 : (struct S *)2; }", "$p");
	CHECK_STR(type_str_name(t), "struct S *");
	/* pointers to different types: an integer, as before */
	t = var_type(STRUCT_S "begin { $p = nsecs ? (struct S *)1 : (int32 *)2; }", "$p");
	CHECK_INT(t->kind, TY_INT);
	/* bools stay bools */
	t = var_type("begin { $b = nsecs ? true : pid > 1; }", "$b");
	CHECK_INT(t->kind, TY_BOOL);
}

UNIT_TEST(pointer_arithmetic_types)
{
	const char *src = STRUCT_S "begin { $p = (struct S *)4096; $q = $p + 2; $r = 1 + $p; $s = $q - 1;"
			  " $d = $q - $p; $u = (uint32 *)$p + 3; $v = $u[1]; $w = *((uint8 *)$p + 5); $x = ($p + 1)->b;"
			  " $p++; $p += 2; }";
	CHECK_STR(type_str_name(var_type(src, "$q")), "struct S *");
	CHECK_STR(type_str_name(var_type(src, "$r")), "struct S *");
	CHECK_STR(type_str_name(var_type(src, "$s")), "struct S *");
	CHECK_STR(type_str_name(var_type(src, "$d")), "int64");
	CHECK_STR(type_str_name(var_type(src, "$u")), "uint32 *");
	CHECK_STR(type_str_name(var_type(src, "$v")), "uint32");
	CHECK_STR(type_str_name(var_type(src, "$w")), "uint8");
	CHECK_STR(type_str_name(var_type(src, "$p")), "struct S *");
}

/* The scale the checker records on the first binary + or - of the first statement's value. */
static int scale_of(const char *src)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check(src, &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	struct node *a = sr.nprobes ? sr.probes[0].ast->body : NULL;
	if (a && a->kind == N_EXPR_STMT)
		a = a->operand;
	if (!a || a->kind != N_ASSIGN || a->rhs->kind != N_BINARY)
		return 0;
	return a->rhs->aux;
}

UNIT_TEST(pointer_arithmetic_scales_by_the_pointee)
{
	CHECK_INT(scale_of(STRUCT_S "begin { $q = (struct S *)0 + 2; }"), 24);
	CHECK_INT(scale_of("begin { $q = 2 + (uint16 *)0; }"), 2);
	CHECK_INT(scale_of("begin { $q = (uint64 **)0 - 1; }"), 8);
	CHECK_INT(scale_of("begin { $q = (uint8 *)0 + 7; }"), 1);
	/* p - q divides by the size: recorded negated */
	CHECK_INT(scale_of("begin { $q = (uint32 *)8 - (uint32 *)0; }"), -4);
	/* no pointer: no scale */
	CHECK_INT(scale_of("begin { $q = 8 + 1; }"), 0);
}

UNIT_TEST(pointer_arithmetic_errors)
{
	char *out = errors_of("begin { $q = (uint32 *)8 + (uint32 *)0; }");
	CHECK(strstr(out, "t.bt:1:14: error: '+' cannot be applied to uint32 * and uint32 *") == out);
	free(out);
	out = errors_of("begin { $q = 1 - (uint32 *)8; }");
	CHECK(strstr(out, "t.bt:1:14: error: cannot subtract uint32 * from an integer") == out);
	free(out);
	out = errors_of("begin { $q = (uint32 *)8 - (uint64 *)0; }");
	CHECK(strstr(out, "t.bt:1:14: error: '-' cannot be applied to uint32 * and uint64 *") == out);
	free(out);
}

UNIT_TEST(declared_hist_maps_hold_n_keys_with_all_buckets)
{
	struct sonde_prog prog = { 0 };
	struct sema_result sr = { 0 };
	char *out = check("let @h = hash(3); let @l = lruhash(5); let @c = hash(7);"
			  " begin { @h[pid] = hist(nsecs); @l[comm] = lhist(pid, 0, 100, 10); @c[pid] = count();"
			  " @u = hist(1, 2); }", &prog, &sr);
	CHECK_STR(out, "");
	free(out);
	const struct map_desc *h = map_named(&prog, "@h"), *l = map_named(&prog, "@l"), *c = map_named(&prog, "@c");
	const struct map_desc *u = map_named(&prog, "@u");
	CHECK(h && l && c && u);
	if (!h || !l || !c || !u)
		return;
	/* hist(n): 64 power-of-two buckets and the two ends, per key */
	CHECK_INT(h->max_keys, 3);
	CHECK(h->declared);
	CHECK_INT(h->max_entries, 3 * (64 + 2));
	/* lhist(0, 100, 10): 10 buckets and the two ends */
	CHECK_INT(l->max_keys, 5);
	CHECK_INT(l->max_entries, 5 * 12);
	CHECK_INT(l->bpf_type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	CHECK_INT(c->max_entries, 7);
	/* undeclared: max_map_keys, and a map without keys holds one */
	CHECK(!u->declared);
	CHECK_INT(u->max_keys, 1);
	CHECK_INT(u->max_entries, (64 << 2) + 2);
}

UNIT_TEST(array_comparisons)
{
	const struct type *t = var_type("struct A { int x[4]; int y[4]; uint8 z[4]; }; "
					"begin { $a = (struct A *)0; $e = $a->x == $a->y; $n = $a->x != $a->y; }", "$e");
	CHECK_INT(t->kind, TY_BOOL);
	char *out = errors_of("struct A { int x[4]; uint8 z[4]; }; begin { $a = (struct A *)0; $e = $a->x == $a->z; }");
	CHECK(strstr(out, "t.bt:1:70: error: '==' compares arrays of the same integer type, not int32[4] and uint8[4]") ==
	      out);
	free(out);
	out = errors_of("struct A { int x[4]; int y[4]; }; begin { $a = (struct A *)0; $e = $a->x < $a->y; }");
	CHECK(strstr(out, "t.bt:1:") == out);
	free(out);
}

/* Checks a tuple's size, alignment and field offsets. */
static void check_layout(const struct type *t, uint32_t size, uint32_t align, int n, const uint32_t *offs)
{
	CHECK_INT(t->kind, TY_TUPLE);
	CHECK_INT(t->size, size);
	CHECK_INT(t->align, align);
	CHECK_INT(t->nfields, n);
	for (int i = 0; i < n && i < t->nfields; i++)
		CHECK_INT(t->fields[i].offset, offs[i]);
}

UNIT_TEST(tuple_layout_natural_alignment)
{
	/* bpftrace's runtime tests tuples "tuple struct sizing" 1 to 3: C struct layout */
	check_layout(var_type("begin { $t = ((int8)1, (int64)1, (int8)1, (int64)1); }", "$t"), 32, 8, 4,
		     (uint32_t[]){ 0, 8, 16, 24 });
	check_layout(var_type("begin { $t = ((int8)1, (int16)1, (int32)1); }", "$t"), 8, 4, 3,
		     (uint32_t[]){ 0, 2, 4 });
	check_layout(var_type("begin { $t = ((int32)1, (int16)1, (int8)1); }", "$t"), 8, 4, 3,
		     (uint32_t[]){ 0, 4, 6 });
	/* strings take their own size, alignment 1; a nested tuple its own alignment */
	const struct type *t = var_type("begin { $t = ((int8)1, \"abc\", ((int8)2, (int16)3), true); }", "$t");
	check_layout(t, 12, 2, 4, (uint32_t[]){ 0, 1, 6, 10 });
	check_layout(t->fields[2].type, 4, 2, 2, (uint32_t[]){ 0, 2 });
	CHECK_INT(t->fields[3].type->kind, TY_BOOL);
	/* other values take 8-byte words, as before */
	t = var_type("begin { $t = ((int8)1, kstack, (uint16)2); }", "$t");
	check_layout(t, 8 + ALIGN_UP(t->fields[1].type->size, 8) + 8, 8, 3,
		     (uint32_t[]){ 0, 8, 8 + ALIGN_UP(t->fields[1].type->size, 8) });
}

UNIT_TEST(tuple_types_widen_field_by_field)
{
	/* the wider integer, the longer string: bpftrace's tuple resizing */
	const struct type *t = var_type("begin { $a = (\"hi\", (int8)1); $a = (\"hellolong\", (int16)-2); }", "$a");
	check_layout(t, 12, 2, 2, (uint32_t[]){ 0, 10 });
	CHECK_INT(t->fields[0].type->size, 10);
	CHECK_INT(t->fields[1].type->size, 2);
	CHECK(t->fields[1].type->is_signed);
	/* uint8 with int8 fits int16; a nested tuple widens inside */
	t = map_value("begin { @m = (1, ((uint8)1, (uint32)2)); @m = (2, ((int8)-1, (uint8)3)); }", "@m");
	CHECK_INT(t->fields[1].type->fields[0].type->size, 2);
	CHECK(t->fields[1].type->fields[0].type->is_signed);
	CHECK_INT(t->fields[1].type->fields[1].type->size, 4);
	CHECK(!t->fields[1].type->fields[1].type->is_signed);
	char *out = errors_of("begin { $a = (1, 2); $a = (1, \"x\"); }");
	CHECK(strstr(out, "t.bt:1:27: error: $a holds") == out);
	free(out);
}

UNIT_TEST(tuple_merge_and_layout_functions)
{
	struct type *a = type_new(TY_TUPLE), *b = type_new(TY_TUPLE);
	a->nfields = b->nfields = 2;
	a->fields = (struct field[2]){ { .type = &type_u8 }, { .type = type_str(3) } };
	b->fields = (struct field[2]){ { .type = &type_s8 }, { .type = type_str(5) } };
	type_tuple_layout(a);
	type_tuple_layout(b);
	CHECK_INT(a->size, 4);
	CHECK_INT(a->align, 1);
	struct type *m = type_tuple_merge(a, b);
	CHECK(m != NULL);
	CHECK_INT(m->fields[0].type->size, 2);
	CHECK(m->fields[0].type->is_signed);
	CHECK_INT(m->fields[1].offset, 2);
	CHECK_INT(m->size, 8);
	CHECK(type_tuple_merge(a, a) == a);
	CHECK(type_tuple_merge(m, a) == m);
	/* uint64 with a signed integer: int64 (bpftrace refuses it) */
	CHECK(type_tuple_merge(&type_u64, &type_s8) == &type_s64);
	b->fields[1].type = &type_s64;
	CHECK(type_tuple_merge(a, b) == NULL);
}

/* Records: tuples with named fields, laid out in the order written. */
UNIT_TEST(record_layout_and_names)
{
	const struct type *t = var_type("begin { $r = (a = (int8)1, b = \"xy\", c = (int32)2, d = (e = (int16)3)); }",
					"$r");
	check_layout(t, 12, 4, 4, (uint32_t[]){ 0, 1, 4, 8 });
	CHECK(type_is_record_tuple(t));
	CHECK_STR(t->fields[0].name, "a");
	CHECK_STR(t->fields[3].name, "d");
	CHECK(type_is_record_tuple(t->fields[3].type));
	CHECK_STR(type_str_name(t), "(a=int8, b=string[3], c=int32, d=(e=int16))");
	CHECK_INT(type_tuple_field(t, "c"), 2);
	CHECK_INT(type_tuple_field(t, "z"), -1);
	/* a field's type, by name */
	t = var_type("begin { $r = (a = (int8)1, b = \"xy\"); $b = $r.b; }", "$b");
	CHECK_INT(t->kind, TY_STR);
	CHECK_INT(t->size, 3);
}

UNIT_TEST(record_types_widen_by_name)
{
	/* another order: the first assignment's order stays, fields widen by name */
	const struct type *t = var_type("begin { $a = (s = \"hi\", n = (int8)1); $a = (n = (int16)-300, s = \"hello\"); }",
					"$a");
	CHECK_STR(t->fields[0].name, "s");
	CHECK_INT(t->fields[0].type->size, 6);
	CHECK_STR(t->fields[1].name, "n");
	CHECK_INT(t->fields[1].type->size, 2);
	/* a record is one map key, not one per field */
	t = map_value("begin { @m[(a = 1, b = 2)] = (p = 1); @m[(b = 3, a = 4)] = (p = 2); }", "@m");
	CHECK(type_is_record_tuple(t));
	char *out = errors_of("begin { $a = (a = 1, b = 2); $a = (1, 2); }");
	CHECK(strstr(out, "t.bt:1:35: error: $a holds (a=uint8, b=uint8); cannot assign (uint8, uint8)") == out);
	free(out);
	out = errors_of("begin { $a = (a = 1, b = 2); $a = (a = 1, c = 2); }");
	CHECK(strstr(out, "t.bt:1:35: error: $a holds") == out);
	free(out);
	out = errors_of("begin { $a = (a = 1, b = 2); $x = $a.c; }");
	CHECK(strstr(out, "t.bt:1:35: error: record (a=uint8, b=uint8) has no field 'c'; did you mean 'a'?") == out);
	free(out);
}

UNIT_TEST(record_merge_functions)
{
	struct type *a = type_new(TY_TUPLE), *b = type_new(TY_TUPLE), *c = type_new(TY_TUPLE);
	a->nfields = b->nfields = c->nfields = 2;
	a->fields = (struct field[2]){ { .name = "x", .type = &type_u8 }, { .name = "y", .type = type_str(3) } };
	b->fields = (struct field[2]){ { .name = "y", .type = type_str(5) }, { .name = "x", .type = &type_s8 } };
	c->fields = (struct field[2]){ { .type = &type_u8 }, { .type = type_str(3) } };
	type_tuple_layout(a);
	type_tuple_layout(b);
	type_tuple_layout(c);
	CHECK(!type_equal(a, b));
	CHECK(!type_equal(a, c));
	CHECK_INT(type_tuple_source(a, b, 0), 1);
	CHECK_INT(type_tuple_source(c, c, 1), 1);
	struct type *m = type_tuple_merge(a, b);
	CHECK(m != NULL);
	CHECK_STR(m->fields[0].name, "x");
	CHECK_INT(m->fields[0].type->size, 2);
	CHECK(m->fields[0].type->is_signed);
	CHECK_STR(m->fields[1].name, "y");
	CHECK_INT(m->fields[1].type->size, 5);
	/* a record and a tuple never merge, nor records of other names */
	CHECK(type_tuple_merge(a, c) == NULL);
	CHECK(type_tuple_merge(c, a) == NULL);
	b->fields[0].name = "z";
	CHECK(type_tuple_merge(a, b) == NULL);
}

UNIT_TEST(let_typeof_takes_the_expression_type)
{
	/* the variable holds what the expression gives, without its literal's freedom to widen */
	const struct type *t = map_value("begin { $a = (int16)1; let $b: typeof($a); @v = $b; }", "@v");
	CHECK_INT(t->kind, TY_INT);
	CHECK_INT(t->size, 8);   /* map values widen */
	t = map_value("begin { let $b: typeof((uint32)1); @s = sizeof($b); @v = $b; }", "@s");
	CHECK_INT(t->kind, TY_INT);
	t = map_value("begin { let $s: typeof(comm); @v = $s; }", "@v");
	CHECK_INT(t->kind, TY_STR);
	CHECK_INT(t->size, 16);
	/* typeof(@m), typeof(@m[k]): the map's values */
	t = map_value("begin { @m = \"abc\"; let $k: typeof(@m); @v = $k; }", "@v");
	CHECK_INT(t->kind, TY_STR);
	CHECK_INT(t->size, 4);
	t = map_value("begin { @m[1] = (int16)-1; let $k: typeof(@m[0]) = 7; @v = $k; }", "@v");
	CHECK_INT(t->kind, TY_INT);
	CHECK_INT(t->is_signed, 1);
	char *out = errors_of("begin { @m[1] = 1; let $k: typeof(@m); }");
	CHECK_STR(out, "t.bt:1:35: error: @m needs 1 key, as elsewhere in the script\n"
		       "begin { @m[1] = 1; let $k: typeof(@m); }\n"
		       "                                  ^~\n");
	free(out);
	out = errors_of("begin { let $k: typeof(1) = \"a\"; }");
	CHECK_STR(out, "t.bt:1:29: error: $k is declared uint8; cannot assign string[2]\n"
		       "begin { let $k: typeof(1) = \"a\"; }\n"
		       "                            ^~~\n");
	free(out);
}

UNIT_MAIN()

/* The variable named name (with its '$') of the first probe of src, which must check cleanly. */
static const struct var *var_named(const char *src, const char *name, struct sema_result *sr)
{
	struct sonde_prog prog = { 0 };
	char *out = check(src, &prog, sr);
	CHECK_STR(out, "");
	free(out);
	for (int i = 0; sr->nprobes && i < sr->probes[0].nvars; i++)
		if (!strcmp(sr->probes[0].vars[i].name, name + 1))
			return &sr->probes[0].vars[i];
	CHECK(!"no such variable");
	return NULL;
}

UNIT_TEST(address_of_gives_local_pointers)
{
	const struct type *t = var_type("begin { $a = (int32)1; $p = &$a; }", "$p");
	CHECK_INT(t->kind, TY_PTR);
	CHECK(t->is_local);
	CHECK(!t->is_user);
	CHECK_STR(type_str_name(t), "int32 *");
	t = var_type("begin { @m[1] = \"x\"; $p = &@m[1]; }", "$p");
	CHECK_INT(t->kind, TY_PTR);
	CHECK(t->is_local);
	CHECK_INT(t->elem->kind, TY_STR);
	t = var_type("begin { $a = 1; $v = *&$a; }", "$v");
	CHECK_INT(t->kind, TY_INT);
}

UNIT_TEST(address_of_marks_the_variable)
{
	struct sema_result sr = { 0 };
	const struct var *v = var_named("begin { $a = 1; $p = &$a; }", "$a", &sr);
	CHECK(v && v->addr_taken);
	/* a pointer only ever set by '&' is read directly; one set otherwise is not */
	v = var_named("begin { $a = 1; $p = &$a; }", "$p", &sr);
	CHECK(v && v->addr_assigns == 1 && v->other_assigns == 0);
	v = var_named("begin { $a = 1; @q = &$a; $p = &$a; $p = @q; }", "$p", &sr);
	CHECK(v && v->addr_assigns == 1 && v->other_assigns == 1);
}

UNIT_TEST(address_of_refuses_values)
{
	char *e = errors_of("begin { $p = &1; }");
	CHECK(strstr(e, "1:15: error:") && strstr(e, "literal"));
	free(e);
	e = errors_of("begin { $p = &pid; }");
	CHECK(strstr(e, "builtin") != NULL);
	free(e);
	e = errors_of("begin { @c = count(); $p = &@c; }");
	CHECK(strstr(e, "count()") != NULL);
	free(e);
}
