/*
 * front.h: runs the front end on a script for the unit tests, with the
 * diagnostics captured: parse (and dump), or parse and check.
 */
#ifndef SONDE_TEST_FRONT_H
#define SONDE_TEST_FRONT_H

#include "ast.h"
#include "diag.h"
#include "macro.h"
#include "sema.h"

#include <setjmp.h>
#include <stdio.h>

/*
 * Parses src as "t.bt" and runs step on the tree (NULL: nothing more), with
 * the diagnostics captured. Returns what was printed, diagnostics included
 * ("" when clean); free() it.
 */
static inline char *front_capture(const char *src, int nparams, char **params,
				  void (*step)(FILE *out, struct ast_program *ast, void *arg), void *arg)
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
		struct ast_program *ast = parse_program(src, nparams, params);
		if (step)
			step(f, ast, arg);
	}
	diag_catch(NULL);
	diag_set_output(NULL);
	fclose(f);
	return buf;
}

struct front_check {
	struct sonde_prog *prog;
	struct sema_result *sr;
	bool dump;
};

static inline void front_check_step(FILE *out, struct ast_program *ast, void *arg)
{
	struct front_check *c = arg;

	if (c->dump)
		ast_dump(out, ast);
	if (c->prog && macro_expand(ast) == 0)
		sema_check(ast, c->prog, c->sr);
}

/*
 * Parses src as "t.bt"; with prog, checks it too (results into prog and sr);
 * with dump, prints the syntax tree into the result. Returns what was
 * printed, diagnostics included ("" when clean); free() it.
 */
static inline char *front_run(const char *src, int nparams, char **params, struct sonde_prog *prog,
			      struct sema_result *sr, bool dump)
{
	struct front_check c = { prog, sr, dump };

	return front_capture(src, nparams, params, front_check_step, &c);
}

#endif
