/* test_sema_types.c: the checker's typing of maps read before written, pointers and arrays (no kernel needed). */
#include "unit.h"
#include "ast.h"
#include "diag.h"
#include "sema.h"
#include "util.h"

/* Parses and checks src; returns what diagnostics printed ("" when clean). */
static char *check(const char *src, struct sonde_prog *prog, struct sema_result *sr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	jmp_buf jb;

	diag_reset();
	diag_set_output(f);
	diag_set_source("t.bt", src);
	if (setjmp(jb) == 0) {
		diag_catch(&jb);
		struct ast_program *ast = parse_program(src, 0, NULL);
		sema_check(ast, prog, sr);
	}
	diag_catch(NULL);
	diag_set_output(NULL);
	fclose(f);
	return buf;
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

UNIT_MAIN()
