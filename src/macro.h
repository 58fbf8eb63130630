/*
 * macro.h: bpftrace's macros (`macro NAME(params) { stmts; value }`),
 * expanded into the probes between parsing and type checking.
 *
 * A call NAME(args), or a bare NAME for a macro without parameters, becomes
 * a copy of the macro's body: a block where it stands as a statement, a
 * block expression (N_BLOCK_EXPR) where its value is used. Parameters bind
 * by kind: `$x` takes the caller's scratch variable itself (the macro may
 * change it) or, in a macro that never writes $x, any expression, which then
 * stands for $x as for x; `@m` the caller's map, and a plain `x` an
 * expression that is inserted, and so evaluated, wherever x appears. The body's own variables
 * are renamed for each expansion so that they cannot meet the caller's
 * (hygiene), and it reaches no map but through a parameter.
 */
#ifndef SONDE_MACRO_H
#define SONDE_MACRO_H

#include "ast.h"

/*
 * Expands every macro use in the probes (their predicates and bodies), in
 * place. The -d ast dump shows the program before; the -d types dump after.
 * Returns 0, or -EINVAL after reporting errors (diag_error).
 */
int macro_expand(struct ast_program *prog);

/*
 * How far args are from what m takes: 0 when each argument is of its
 * parameter's kind, 1 more for each expression a $x parameter takes (it fits,
 * less closely than a plain name does), MACRO_NO_FIT or more when m does not
 * take them (a missing or extra argument, a map parameter given something
 * else, an expression for a $x the macro assigns to). One name may have
 * several definitions (overloads); a use gets the closest, the first written
 * among equals.
 */
#define MACRO_NO_FIT 128
int macro_distance(const struct ast_macro *m, struct node *const *args, int nargs);

#endif
