/* fmt.h: --fmt, a script printed back in canonical form (fmt.c). */
#ifndef SONDE_FMT_H
#define SONDE_FMT_H

#include "ast.h"
#include <stdio.h>

/* The text of a parsed script (src) with its comments (lexer_comments), formatted; the caller frees it. */
char *fmt_format(const char *src, const struct ast_program *prog, const struct loc *comments, int ncomments);
/* Parses src and prints it formatted to out: 0, or 1 after a syntax error was reported. */
int fmt_program(FILE *out, const char *filename, const char *src);

#endif
