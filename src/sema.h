/*
 * sema.h: the type checker. It resolves every name in the AST (builtins,
 * variables, maps, tracepoint fields), gives every expression a type, decides
 * each map's key and value layout, and collects the printf-like formats, so
 * that lowering only has to translate.
 */
#ifndef SONDE_SEMA_H
#define SONDE_SEMA_H

#include "ast.h"
#include "prog.h"

struct var {
	const char *name;
	struct type *type;
	struct loc loc;
	int scope;      /* block depth of a `let`; 0 for variables the probe's first assignment declares */
	bool closed;    /* its block has ended: no longer visible */
	bool typed;     /* let $x: TYPE: assignments keep the type (wider integers wrap, as C stores them) */
	bool addr_taken; /* &$x: it keeps a stack slot, written on every assignment, that the pointer reaches */
	/* assignments of '&...' and of anything else: a pointer only ever set by '&' is loaded directly */
	int addr_assigns, other_assigns;
};

/* What the checker learned about one probe block. */
struct probe_sema {
	struct ast_probe *ast;
	struct attach_point *aps;
	int naps;
	struct type **args;     /* per attach point: the record `args` points to (tracepoints), or NULL */
	struct var *vars;       /* scratch variables, indexed by node->var_id */
	int nvars;
	bool uses_probe;        /* `probe` builtin: one program per attach point */
	bool uses_args;         /* field offsets may differ per attach point: one program per attach point */
	enum probe_kind kind;
	/*
	 * tracepoint:syscalls on the raw tracepoints (syscall_tp.h): the
	 * attach points, enter events first, say how; the counts tell whether
	 * `args` is only ever used for its fields (args_words: bit i, a field
	 * at record offset 8 * i).
	 */
	bool raw_sys;
	int args_refs, args_fields;
	uint32_t args_words;
};

struct sema_result {
	struct probe_sema *probes;
	int nprobes;
};

struct sema_opts {
	uint32_t max_strlen, max_map_keys;
	bool unsafe;
};

/* Checks the whole program; fills prog's maps, fmts, strings and config. Returns -EINVAL after reporting errors. */
/* -1 if an if's condition is not an integer constant expression; else whether it holds (sema_kfunc.c) */
int sema_const_truth(const struct node *cond);
int sema_check(struct ast_program *ast, struct sonde_prog *prog, struct sema_result *out);

/* -d types: the maps' layouts, the probes' variables, the typed syntax tree (sema_dump.c). */
void sema_dump(FILE *f, const struct sonde_prog *prog, const struct sema_result *sr, const struct ast_program *ast);

/* AST -> IR for every probe, into prog->progs (ir). */
int lower_program(struct sema_result *s, struct sonde_prog *prog);
/* IR -> BPF instructions for every program (register allocation, emission). */
int codegen_program(struct sonde_prog *prog);

#endif
