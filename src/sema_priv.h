/* sema_priv.h: the type checker's internals, shared by the sema*.c files. */
#ifndef SONDE_SEMA_PRIV_H
#define SONDE_SEMA_PRIV_H

#include "sema.h"
#include "util.h"

#define MAX_KEYS 8
#define JOIN_MAX_ARGS 16   /* join() prints at most this many elements, as bpftrace */

struct sema_map {
	const char *name;
	struct loc loc;
	int nkeys;                 /* -1 until a use decides */
	struct type *keys[MAX_KEYS];
	enum agg_kind agg;
	struct type *value;        /* NULL until an assignment decides */
	int hist_bits;
	int64_t lmin, lmax, lstep;
	uint64_t ts_interval;      /* tseries(): 0 until a call decides */
	uint32_t ts_n;
	enum tseries_agg ts_agg;
	bool agg_known;            /* a write (assignment, aggregation, ++) decided agg and value */
	bool read_unknown;         /* read while nothing decided its value: a candidate for the int64 default */
};

/* let @m = lruhash(N); */
struct sema_decl {
	const char *name;
	enum bpf_map_type type;      /* plain hash kinds; aggregations pick the per-CPU form */
	uint32_t max_entries;
	struct loc loc;
	bool used;
};

struct sema_macro {
	const char *name;
	int64_t value;
	const char *str;   /* a string macro's text (#define NAME "text"), else NULL */
};

struct sema {
	struct sonde_prog *prog;
	VEC(struct sema_map) maps;
	VEC(struct fmt_desc) fmts;
	VEC(const char *) strings;
	struct probe_sema *probe;  /* the probe being checked */
	VEC(struct var) vars;
	int scope;                 /* block depth in the current probe */
	int loops;                 /* loops enclosing the current statement */
	int map_loops;             /* for ($kv : @map) loops enclosing it: their bodies run in callbacks */
	enum stack_mode stack_mode; /* config stack_mode: how kstack/ustack print unless they say */
	enum missing_probes missing_probes; /* config missing_probes */
	enum { UNSTABLE_WARN, UNSTABLE_ENABLE, UNSTABLE_ERROR } unstable_dw_ustack; /* config unstable_dw_ustack */
	uint32_t scratch_size;     /* bytes of the per-CPU scratch map programs need (0: none) */
	VEC(struct sema_macro) macros; /* #define NAME VALUE lines of the script */
	VEC(struct type *) stacks;
	VEC(const char *) skb_paths;     /* skboutput() files: the meta's id indexes them */
	VEC(struct sema_decl) decls;     /* kstack/ustack types in use; stack_map is an index here until maps are laid out */
	int ntail_maps, tail_base; /* syscalls dispatchers' prog arrays: how many, the first's map id */
	int dead;                  /* inside a branch of an if whose constant condition skips it */
	bool report;               /* the final pass: report errors */
	bool changed;              /* a map's type changed during this pass */
	int errors;
};

void sema_err(struct sema *S, const struct loc *loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Splits blocks whose attach points need different code for `args` (sema_regroup.c). */
void sema_regroup_args(struct ast_program *ast, struct sema_result *out);
/* The buffer of a string read without a bound: max_strlen characters and the NUL, as current bpftrace. */
static inline uint32_t sema_str_size(const struct sema *S)
{
	return S->prog->config.max_strlen + 1;
}
/* A builtin's type (sema_builtin.c). */
struct type *sema_check_builtin(struct sema *S, struct node *n);
/*
 * A string known whole (a literal, probe, func): its own size, one NUL byte
 * more when it would read as a str() that was cut.
 */
struct type *sema_whole_str_type(struct sema *S, size_t len);
bool sema_is_scalar(const struct type *t);
bool sema_is_str(const struct type *t);
struct type *sema_storage_type(struct type *t);
bool sema_unify(struct type **to, struct type *from, bool *changed);
bool sema_const_int(const struct node *n, int64_t *v);
/* the step of pointer arithmetic on p: its pointee's size, 1 for void * and incomplete types */
int sema_ptr_scale(const struct type *p);

/* a type as scripts spell it in casts, sizeof and let (the script's C definitions, then BTF) */
struct type *sema_type_by_name(const char *spelling);
/* bpftrace's integer spellings: int8, uint64, unsigned long, pid_t, ...; NULL otherwise */
struct type *sema_int_type(const char *name);
/* `string` (max_strlen bytes) and `string[N]`: NULL for other names, &type_none (reported) for bad N. */
struct type *sema_string_type(struct sema *S, const char *name, const struct loc *loc);

/* variables (sema.c) */
struct var *sema_find_var(struct sema *S, const char *name, int *id);
int sema_declare_var(struct sema *S, const char *name, struct type *t, const struct loc *loc, int scope);
void sema_close_scope(struct sema *S);
void sema_settle_vars(struct sema *S); /* `let $x;` never assigned: int64 */
/* the type a variable takes from its first value */
struct type *sema_var_type(struct type *t);
/* values a variable, a map or a tuple can hold; why not */
bool sema_storable(const struct type *t);
/* Whether a record or array over PROG_STACK_STRLEN bytes was found storable (reset: and forget it). */
bool sema_big_copies(bool reset);
/* `args` as a whole value in uprobes, fentry, fexit, raw tracepoints: a record of the arguments */
struct type *sema_args_record(struct sema *S, struct node *n);
void sema_store_error(struct sema *S, const struct loc *loc, const struct type *t);

/* casts, members, indexing, dereference, sizeof/offsetof (sema_mem.c) */
struct type *sema_check_cast(struct sema *S, struct node *n);
struct type *sema_check_member(struct sema *S, struct node *n, struct type *base);
struct type *sema_probe_space(struct sema *S, struct type *t);
struct type *sema_dwarf_type(struct sema *S, const char *spelling);
struct type *sema_check_index(struct sema *S, struct node *n);
struct type *sema_check_deref(struct sema *S, struct node *n, struct type *t);
/* &$x, &@m, &@m[k] */
struct type *sema_check_addr(struct sema *S, struct node *n);
/* Counts an assignment to variable id: of '&...', or of another value (rhs NULL: $x++, find()) */
void sema_note_var_assign(struct sema *S, int id, const struct node *rhs);
struct type *sema_check_sizeof(struct sema *S, struct node *n);
/* p + i, i + p, p - i, p - q (n->aux: the step, or minus the divisor) */
struct type *sema_pointer_arith(struct sema *S, struct node *n, struct type *a, struct type *b);
/* (a, b) and records (a = 1, b = 2) */
struct type *sema_check_tuple(struct sema *S, struct node *n);
/* t.N, r.name of a record, rec.member, p->member, args.NAME */
struct type *sema_check_field(struct sema *S, struct node *n);
/* tracepoint:syscalls blocks that can run on the raw tracepoints: how (sema_syscall.c) */
void sema_plan_raw_syscalls(struct sema *S, struct probe_sema *ps);
/* probes whose context is an array of u64 argument slots typed by BTF (raw tracepoints, fentry, fexit) */
bool sema_btf_typed(enum probe_kind k);

/* maps */
struct sema_map *sema_get_map(struct sema *S, struct node *n);
/* A whole-map argument (clear(@m), len(@m)); keyed_ok also takes @m[k]. */
void sema_check_map_arg(struct sema *S, struct node *n, struct node *a, bool keyed_ok);
const char *sema_map_display(const struct node *n);
struct sema_map *sema_map_ref(struct sema *S, struct node *n);
void sema_set_map_agg(struct sema *S, struct node *mapn, struct sema_map *m, enum agg_kind agg,
		      struct type *value, const struct loc *loc);

/* expressions and statements (sema.c) */
struct type *sema_expr(struct sema *S, struct node *n);
void sema_stmts(struct sema *S, struct node *n);
void sema_cond(struct sema *S, struct node *c);

/* the script's #define lines and the few header constants tools rely on (sema_prog.c) */
const struct sema_macro *sema_macro(struct sema *S, const char *name);

/* kstack/ustack types, one stack map per (user, limit) (sema_call.c) */
struct type *sema_stack_type(struct sema *S, bool user, enum stack_mode mode, int limit);
/* dw_ustack's type, after its checks (a target process, the feature flag, the probe kind); none on error */
struct type *sema_dw_stack_type(struct sema *S, struct node *n, enum stack_mode mode, int limit);
/* The mode a kstack or ustack gets (kstack has no build_id mode: raw, with a warning at loc). */
enum stack_mode sema_stack_mode(struct sema *S, bool user, enum stack_mode mode, const struct loc *loc);

/* calls (sema_call.c) */
struct type *sema_call(struct sema *S, struct node *n);
bool sema_is_agg_func(enum func f);
void sema_agg_assign(struct sema *S, struct node *mapn, struct node *call);
/* The call has min..max arguments; reports it otherwise. */
bool sema_want_args(struct sema *S, struct node *n, int min, int max);
int sema_add_fmt(struct sema *S, enum event_kind kind, const char *fmt, struct node *args, const struct loc *loc);

/* the rest of the standard library (sema_stdlib.c) */
struct type *sema_stdlib_call(struct sema *S, struct node *n);
/* sema_comptime.c: assert/static_assert statements (true: the statement is done) and is_*() */
bool sema_comptime_stmt(struct sema *S, struct node *stmt);
struct type *sema_comptime_call(struct sema *S, struct node *n);
/* sema_comptime.c: an integer constant expression's value (false: not one) */
bool sema_const_eval(const struct node *n, int64_t *v);
/* sema_kfunc.c: comm(PID), kfunc_allowed(), fail(); -1 or the truth of a constant condition */
struct type *sema_comm_pid(struct sema *S, struct node *n);
struct type *sema_kfunc_allowed(struct sema *S, struct node *n);
struct type *sema_fail(struct sema *S, struct node *n);
int sema_const_truth(const struct node *cond);
/* Builtins check_builtin leaves to the library: username, usermode, sargN, ppid, ... */
struct type *sema_builtin_more(struct sema *S, struct node *n);
/* A builtin written as a call, pid() or nsecs(): becomes the builtin b. */
struct type *sema_builtin_call(struct sema *S, struct node *n, int b);

#endif
