/* import.h: bpftrace's `import "PATH";` of .bt scripts, .h headers and directories of them. */
#ifndef SONDE_IMPORT_H
#define SONDE_IMPORT_H

#include "ast.h"

/*
 * Resolves prog's imports (and theirs) into prog: imported scripts' probes,
 * macros, map declarations and C definitions before prog's own, headers' C
 * definitions likewise. script is the script's path (NULL for -e and stdin:
 * paths are looked up from the working directory). The positional
 * parameters replace $1... in imported scripts too. 0, or -EINVAL after
 * reporting errors; a syntax error in an imported script is diag_fatal.
 */
int import_resolve(struct ast_program *prog, const char *script, int nparams, char **params);

#endif
