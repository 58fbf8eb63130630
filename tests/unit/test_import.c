/* test_import.c: import "PATH"; parsed, then resolved against files in a temporary directory. */
#include "unit.h"
#include "front.h"
#include "ast.h"
#include "cinclude.h"
#include "diag.h"
#include "import.h"
#include "util.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static void resolve_step(FILE *out, struct ast_program *ast, void *arg)
{
	struct ast_program **keep = arg;

	import_resolve(ast, NULL, 0, NULL);
	*keep = ast;
}

/* Resolves src's imports with the -I directory set up; what diagnostics printed, and the program. */
static char *resolve(const char *src, struct ast_program **prog)
{
	*prog = NULL;
	return front_capture(src, 0, NULL, resolve_step, prog);
}

UNIT_TEST(import_statements_parse_with_their_paths)
{
	struct ast_program *prog = NULL;
	char *out = front_capture("import \"a.bt\";\nimport \"b.h\"\nbegin { exit(); }", 0, NULL,
				  (void (*)(FILE *, struct ast_program *, void *))NULL, NULL);
	CHECK_STR(out, "");
	free(out);
	diag_set_source("t.bt", "");
	prog = parse_program("import \"a.bt\";\nimport \"b.h\"\nbegin { exit(); }", 0, NULL);
	CHECK(prog->imports != NULL);
	if (prog->imports) {
		CHECK_STR(prog->imports->path, "a.bt");
		CHECK_INT(prog->imports->loc.line, 1);
		CHECK_INT(prog->imports->loc.col, 8);
		CHECK(prog->imports->next && !strcmp(prog->imports->next->path, "b.h"));
	}
	CHECK_INT(prog->nprobes, 1);
}

UNIT_TEST(imported_scripts_come_first_once)
{
	snprintf(dir, sizeof(dir), "/tmp/sonde-import-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	chmod(dir, 0755);
	cinclude_add_dir(dir);
	put("lib.bt", "import \"defs.h\";\nmacro twice(x) { x * 2 }\nlet @m = hash(4);\nbegin { @m[1] = 1; }\n");
	put("defs.h", "#define LIB_ANSWER 42\n");
	put("other.bt", "import \"lib.bt\";\nend { exit(); }\n");

	struct ast_program *prog;
	char *out = resolve("import \"lib.bt\";\nimport \"other.bt\";\nimport \"lib.bt\";\nbegin { exit(); }\n", &prog);
	CHECK_STR(out, "");
	free(out);
	CHECK(prog != NULL);
	if (prog) {
		/* lib's begin, other's end, then the script's begin; lib.bt once */
		CHECK_INT(prog->nprobes, 3);
		CHECK(prog->imports == NULL);
		CHECK(prog->macros && !strcmp(prog->macros->name, "twice") && !prog->macros->next);
		CHECK(prog->map_decls && !strcmp(prog->map_decls->name, "m"));
		CHECK(prog->c_definitions && strstr(prog->c_definitions, "LIB_ANSWER"));
		int i = 0;
		for (struct ast_probe *p = prog->probes; p; p = p->next, i++)
			CHECK_INT(p->index, i);
		/* the imported probe's locations name its own file */
		CHECK(prog->probes && prog->probes->loc.file > 0);
		CHECK(prog->probes && strstr(diag_source_name(prog->probes->loc.file), "lib.bt"));
	}
}

UNIT_TEST(import_errors_name_the_file)
{
	struct ast_program *prog;

	put("c1.bt", "import \"c2.bt\";\n");
	put("c2.bt", "import \"c1.bt\";\n");
	char *out = resolve("import \"c1.bt\";\nbegin { exit(); }\n", &prog);
	CHECK(strstr(out, "c2.bt:1:8: error: import cycle:") != NULL);
	free(out);

	put("bad.bt", "begin {\n  $x = ;\n}\n");
	out = resolve("import \"bad.bt\";\n", &prog);
	CHECK(strstr(out, "bad.bt:2:8: error: syntax error") != NULL);
	free(out);

	out = resolve("import \"x.bpf.c\";\n", &prog);
	CHECK(strstr(out, "t.bt:1:8: error: cannot import 'x.bpf.c'") != NULL);
	free(out);

	out = resolve("import \"missing.bt\";\n", &prog);
	CHECK(strstr(out, "t.bt:1:8: error: cannot find import 'missing.bt'") != NULL);
	free(out);

	/* a directory: its .bt and .h files in name order, nothing else */
	char *sub = xasprintf("%s/pkg", dir);
	CHECK_INT(mkdir(sub, 0755), 0);
	free(sub);
	put("pkg/b.bt", "macro from_b() { 2 }\n");
	put("pkg/a.bt", "macro from_a() { 1 }\n");
	put("pkg/c.h", "#define FROM_C 3\n");
	put("pkg/notes.txt", "not imported\n");
	out = resolve("import \"pkg\";\nbegin { exit(); }\n", &prog);
	CHECK_STR(out, "");
	free(out);
	CHECK(prog && prog->macros && !strcmp(prog->macros->name, "from_a"));
	CHECK(prog && prog->macros && prog->macros->next && !strcmp(prog->macros->next->name, "from_b"));
	CHECK(prog && prog->c_definitions && strstr(prog->c_definitions, "FROM_C"));

	char *cmd = xasprintf("rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
}

UNIT_MAIN()
