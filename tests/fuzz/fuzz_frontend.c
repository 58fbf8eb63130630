/*
 * fuzz_frontend.c: libFuzzer target for the lexer, parser and AST dump, the
 * formatter (--fmt, whose output must format to itself), and,
 * for programs whose probes need no kernel support to compile (begin, end,
 * interval), the middle end too: the type checker, lowering to IR, register
 * allocation and BPF emission. Nothing is loaded into the kernel.
 * Any input must end in BPF code or a diagnostic: never a crash, a hang or a
 * sanitizer report.
 *   make fuzz && build/fuzz_frontend -max_total_time=120 [corpus dir]
 */
#include "ast.h"
#include "diag.h"
#include "fmt.h"
#include "lexer.h"
#include "ir.h"
#include "macro.h"
#include "prog.h"
#include "sema.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *params[] = { "42", "-0x10", "hello world", "" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Probes whose compilation reads nothing but the script (and BTF). */
static bool kernel_free(const struct ast_program *prog)
{
	static const char *const ok[] = { "BEGIN", "END", "begin", "end", "interval:", "i:" };

	for (const struct ast_probe *p = prog->probes; p; p = p->next)
		for (const struct ast_attach *a = p->attach; a; a = a->next) {
			bool found = false;
			for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
				if (!strncmp(a->text, ok[i], strlen(ok[i])))
					found = true;
			if (!found)
				return false;
		}
	return prog->probes != NULL;
}

static void prog_free(struct sonde_prog *prog)
{
	for (int i = 0; i < prog->nprogs; i++) {
		free(prog->progs[i].insns);
		free(prog->progs[i].insn_locs);
		ir_func_free(prog->progs[i].ir);
	}
	free(prog->progs);
	free(prog);
}

static void middle_end(struct ast_program *ast, FILE *out, bool sdiv)
{
	struct sonde_prog *prog = xcalloc(1, sizeof(*prog));
	struct sema_result sr = { 0 };

	prog->filename = "fuzz.bt";
	prog->unsafe = true;
	if (sema_check(ast, prog, &sr) == 0) {
		if (out)
			ast_dump(out, ast);
		/* both ways of dividing signed numbers, whatever this kernel has */
		ir_codegen_set_sdiv(sdiv);
		if (lower_program(&sr, prog) == 0 && codegen_program(prog) == 0 && out)
			for (int i = 0; i < prog->nprogs; i++)
				bpf_disasm(out, prog->progs[i].insns, prog->progs[i].ninsns);
	}
	prog_free(prog);
}

/* src through --fmt, as text (NULL after a syntax error). */
static char *formatted(const char *src)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	diag_reset();
	int rc = fmt_program(f, "fuzz.bt", src);
	fclose(f);
	lexer_keep_comments(false);
	diag_set_no_warnings(false);
	if (rc) {
		free(buf);
		return NULL;
	}
	return buf;
}

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
		if (macro_expand(prog) == 0 && kernel_free(prog))
			middle_end(prog, devnull, size & 1);
	}
	diag_catch(NULL);
	arena_free_all();
	/* --fmt: what it prints must parse and print the same again */
	char *once = formatted(src);
	if (once) {
		char *twice = formatted(once);
		if (!twice || strcmp(once, twice))
			abort();
		free(twice);
		free(once);
	}
	arena_free_all();
	free(src);
	return 0;
}
