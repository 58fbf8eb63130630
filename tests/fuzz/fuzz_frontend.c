/*
 * fuzz_frontend.c: libFuzzer target for the lexer, parser and AST dump.
 * Any input must end in a parse or a diagnostic: never a crash, a hang or a
 * sanitizer report. `make fuzz && build/fuzz_frontend -max_total_time=120`
 */
#include "ast.h"
#include "diag.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *params[] = { "42", "-0x10", "hello world", "" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	char *src = malloc(size + 1);
	jmp_buf jb;

	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	diag_set_output(devnull);
	diag_set_source("fuzz.bt", src);
	diag_reset();
	if (setjmp(jb) == 0) {
		diag_catch(&jb);
		struct ast_program *prog = parse_program(src, (int)ARRAY_SIZE(params), params);
		if (devnull)
			ast_dump(devnull, prog);
	}
	diag_catch(NULL);
	arena_free_all();
	free(src);
	return 0;
}
