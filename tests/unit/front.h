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
 * Parses src as "t.bt"; with prog, checks it too (results into prog and sr);
 * with dump, prints the syntax tree into the result. Returns what was
 * printed, diagnostics included ("" when clean); free() it.
 */
static inline char *front_run(const char *src, int nparams, char **params, struct sonde_prog *prog,
			      struct sema_result *sr, bool dump)
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
		if (dump)
			ast_dump(f, ast);
		if (prog && macro_expand(ast) == 0)
			sema_check(ast, prog, sr);
	}
	diag_catch(NULL);
	diag_set_output(NULL);
	fclose(f);
	return buf;
}

#endif
