/* ast.h: the syntax tree the parser builds and the type checker annotates. */
#ifndef SONDE_AST_H
#define SONDE_AST_H

#include "diag.h"
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

struct type;

/* A record element's name as written: (a = 1, ...) */
struct field_name {
	const char *name;
	struct loc loc;
};

enum node_kind {
	/* expressions */
	N_INT,        /* 42: ival (uint64 bits; a leading '-' is a unary minus) */
	N_STRING,     /* "x": str, str_len */
	N_BUILTIN,    /* pid, comm, arg0, ...: builtin (+ index for argN/sargN) */
	N_VAR,        /* $x: name */
	N_MAP,        /* @x or @x[k1, k2]: name, args = keys (NULL when unkeyed) */
	N_CALL,       /* f(args): func, name (the spelling), args */
	N_BINARY,     /* lhs op rhs: op */
	N_UNARY,      /* op operand: op in {NEG, NOT, BNOT, DEREF, ADDR} */
	N_TERNARY,    /* cond ? then : els */
	N_ASSIGN,     /* lhs op= rhs: op is BIN_NONE for plain '=' */
	N_INCDEC,     /* ++x, x--: is_inc, is_post, operand */
	N_FIELD,      /* operand.name or operand->name (is_arrow); tuple operand.N: name NULL, index N */
	N_INDEX,      /* operand[rhs] */
	N_CAST,       /* (type) operand: cast_type (text in type_name) */
	N_TUPLE,      /* (a, b, ...): args; a record (a = 1, b = "x") also has fnames, one a element */
	N_SIZEOF,     /* sizeof(type or expr): operand or type_name */
	N_OFFSETOF,   /* offsetof(type, member): type_name, name */
	N_IDENT,      /* a bare identifier (enum constant, kstack mode, ...): name; the checker resolves it */
	N_BLOCK_EXPR, /* { body; operand }: the statements run, then operand is the value (macros expand to these) */
	/* statements */
	N_EXPR_STMT,  /* operand; (assignments and ++/-- statements are N_EXPR_STMT too) */
	N_BLOCK,      /* { body } */
	N_IF,         /* if (cond) then else els: statement lists (els may be one N_IF) */
	N_WHILE,      /* while (cond) body */
	N_UNROLL,     /* unroll (operand) body */
	N_FOR,        /* for (lhs : rhs) body: lhs the N_VAR, rhs the N_MAP; is_range: for (lhs : args..args->next) */
	N_RETURN,     /* return [operand]; */
	N_BREAK,
	N_CONTINUE,
	N_LET,        /* let $x [: type_name] [= rhs]; lhs the N_VAR, name "x" */
	N_KIND_MAX
};

enum binop {
	BIN_NONE,
	BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV, BIN_MOD,
	BIN_AND, BIN_OR, BIN_XOR, BIN_SHL, BIN_SHR,
	BIN_EQ, BIN_NE, BIN_LT, BIN_LE, BIN_GT, BIN_GE,
	BIN_LAND, BIN_LOR,
	BIN_MAX
};

enum unop { UN_NEG, UN_NOT, UN_BNOT, UN_DEREF, UN_ADDR, UN_MAX };

enum builtin {
	BI_PID, BI_TID, BI_UID, BI_GID, BI_COMM, BI_NSECS, BI_ELAPSED, BI_CPU,
	BI_NCPUS, BI_PROBE, BI_ARGS, BI_ARG, /* arg0..argN: index */
	BI_SARG,       /* sarg0..: index */
	BI_RETVAL, BI_FUNC, BI_CURTASK, BI_RAND, BI_CGROUP, BI_KSTACK, BI_USTACK,
	BI_CPID, BI_USERNAME, BI_JIFFIES, BI_USERMODE, BI_NUMAID, BI_CTX,
	BI_PPID, BI_PCOMM, BI_PROBETYPE, BI_HAS_CPID, BI_LEADER_TID, BI_LEADER_COMM, BI_DW_USTACK,
	BI_MAX
};

enum func {
	F_UNKNOWN,
	/* core */
	F_PRINTF, F_PRINT, F_TIME, F_EXIT, F_STR,
	F_COUNT, F_SUM, F_AVG, F_MIN, F_MAX, F_STATS, F_HIST, F_LHIST,
	F_DELETE, F_CLEAR, F_ZERO,
	/* the rest of the standard library (issue 3) */
	F_KSYM, F_KADDR, F_USYM, F_UADDR, F_NTOP, F_PTON, F_MACADDR, F_CGROUPID,
	F_STRFTIME, F_JOIN, F_CAT, F_SYSTEM, F_SIGNAL, F_BSWAP, F_HAS_KEY, F_LEN,
	F_ERRORF, F_STRNCMP, F_STRCONTAINS, F_STRLEN, F_BUF, F_KSTACK, F_USTACK,
	F_REG, F_OVERRIDE, F_PATH, F_CGROUP_PATH, F_DEBUGF, F_UNWATCH, F_SKBOUTPUT,
	F_PERCPU_KADDR, F_NSECS, F_WARNF, F_KPTR, F_UPTR, F_SIZEOF_FN,
	F_PPID, F_PCOMM, F_SIGNAL_THREAD, F_STRERROR, F_STRSTR, F_DW_USTACK,
	/* answered by the checker (sema_comptime.c) */
	F_ASSERT, F_STATIC_ASSERT, F_ASSERT_STR, F_IS_ARRAY, F_IS_INTEGER, F_IS_LITERAL, F_IS_PTR, F_IS_STR,
	F_IS_UNSIGNED_INTEGER,
	F_SYSCALL_NAME, F_FIND, F_SOCKET_COOKIE, F_KFUNC_EXIST, F_MEMCMP, F_GLOBMATCH,
	F_STRCAP, F_DEFAULT_STR_LENGTH, F_CONFIG,
	F_TSERIES, F_FAIL, F_KFUNC_ALLOWED,
	F_SIGNAL_NAME, F_IS_ERR, F_LEADER_TID, F_LEADER_COMM, F_WRITE_USER,
	F_COMM_PID,        /* comm(PID): the checker makes it of comm with an argument */
	F_GETOPT,          /* replaced by a literal while parsing */
	F_KIND_MAX
};

struct node {
	enum node_kind kind;
	struct loc loc;
	struct type *type;     /* set by the type checker for expressions */

	struct node *next;     /* next statement in a block, next argument in a list */

	/* operands, by kind (see the comments on enum node_kind) */
	struct node *lhs, *rhs;
	struct node *operand;
	struct node *cond, *then, *els;
	struct node *body;     /* first statement of a block / loop body */
	struct node *args;     /* call arguments, map keys, tuple elements */
	int nargs;
	const struct field_name *fnames; /* N_TUPLE of a record: the names of args, in order; NULL otherwise */

	const char *name;      /* variable, map, field, function spelling */
	const char *str;       /* string literal bytes (NUL-terminated copy) */
	int str_len;
	const char *type_name; /* casts, sizeof, offsetof, let: the written type, e.g. "struct task_struct *" */
	uint64_t ival;
	enum binop op;
	enum unop uop;
	enum builtin builtin;
	enum func func;
	int index;             /* argN / sargN index, tuple .N, for-loop variable slot */
	bool is_arrow, is_inc, is_post, is_range;
	bool is_user_mem;      /* checker: a record/array in memory reached through a user-space pointer */

	/* filled by later stages */
	int map_id;            /* N_MAP: index into prog->maps */
	int var_id;            /* N_VAR, N_LET: index of the scratch variable in its probe */
	int aux;               /* per-kind scratch for the checker/lowering (printf id, ...; `args` of args.NAME: 1) */
};

/* One attach point as written, before expansion: `tracepoint:syscalls:sys_enter_*`. */
struct ast_attach {
	struct ast_attach *next;
	const char *text;      /* the whole spelling */
	struct loc loc;
};

struct ast_probe {
	struct ast_probe *next;
	struct ast_attach *attach;  /* comma-separated list */
	struct node *pred;          /* NULL without /predicate/ */
	struct node *body;          /* first statement */
	struct loc loc;
	int index;                  /* order in the script */
};

/* config = { key = value; ... } */
struct ast_config {
	struct ast_config *next;
	const char *key;
	struct node *value;         /* N_INT or N_STRING */
	struct loc loc;
};

/* let @m = hash(N); and friends */
struct ast_map_decl {
	struct ast_map_decl *next;
	const char *name;           /* without '@' */
	const char *kind;           /* "hash", "lruhash", "percpuhash", "percpulruhash" */
	uint64_t max_entries;
	struct loc loc;
};

/*
 * macro NAME(params) { body; value }: bpftrace's macros, expanded into the
 * probes by macro_expand() (macro.h) before type checking.
 */
struct ast_macro {
	struct ast_macro *next;
	const char *name;
	struct node *params;        /* N_VAR ($x: a caller's variable), N_MAP (@m: a map), N_IDENT (x: an expression) */
	int nparams;
	struct node *body;          /* statements, NULL for none */
	struct node *value;         /* the last expression, without ';': the value; NULL when the body ends with a statement */
	struct loc loc;             /* the name */
	int state;                  /* macro.c: 0 body not checked yet, 1 fit to expand, -1 not */
};

/* import "PATH"; (import.c resolves it) */
struct ast_import {
	struct ast_import *next;
	const char *path;
	struct loc loc;             /* the quoted path */
	struct loc kw;              /* the `import` keyword */
};

/* --fmt: a top-level piece printed as written (C definitions, #include and other # lines). */
struct ast_span {
	struct ast_span *next;
	struct loc loc;
};

struct ast_program {
	struct ast_import *imports; /* in the order written; import_resolve() empties the list */
	struct ast_probe *probes;
	struct ast_macro *macros;   /* in the order written */
	struct ast_config *config;
	struct ast_map_decl *map_decls;
	const char *c_definitions;  /* struct/enum definitions and #includes as written, for the C parser (issue 3) */
	struct ast_span *c_spans;   /* where each piece of c_definitions stands in the script, in order */
	struct loc config_loc;      /* the `config` keyword of the (first) config block; len 0 without one */
	int nprobes;
};

/*
 * Parses a whole script. Positional parameters ($1, $#, str($1)) are replaced by
 * literals while parsing: an argument that is a number becomes N_INT, others
 * N_STRING (str($N) always a string); missing ones are 0 / "".
 * On a syntax error: diag_fatal (see diag.h).
 */
struct ast_program *parse_program(const char *src, int nparams, char **params);
/* The same for an imported script: its locs name source `file` (diag_add_source). */
struct ast_program *parse_program_file(const char *src, int file, int nparams, char **params);

/*
 * bpftrace's named program parameters, `--name` or `--name=value` among the
 * arguments after the program: getopt("name"[, default]) reads them while
 * parsing (each one read is marked used). The array stays the caller's.
 */
struct named_param {
	const char *name;
	const char *value;  /* NULL for a bare --name */
	bool used;
};
void parse_set_named_params(struct named_param *np, int n);
/* Reports the --name parameters no getopt() read (bpftrace refuses them: typos); true if any. */
bool parse_named_params_unused(void);

/* The spelling of each enum, for dumps and messages. */
const char *binop_str(enum binop op);
const char *unop_str(enum unop op);
const char *builtin_name(enum builtin b);
const char *func_name(enum func f);
/* A deep copy of a list of nodes (statements or arguments), before checking. */
struct node *ast_clone(const struct node *n);
/* Name tables used by the parser: -1 / F_UNKNOWN when not a builtin / function. */
int builtin_lookup(const char *name, int *index);
enum func func_lookup(const char *name);

struct node *node_new(enum node_kind kind, const struct loc *loc);
/* -d ast: an indented tree, one node a line, with types once checked. */
void ast_dump(FILE *f, const struct ast_program *prog);

#endif
