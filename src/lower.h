/* lower.h: lowering's internals, shared by lower.c (statements, probes), lower_expr.c and lower_map.c. */
#ifndef SONDE_LOWER_H
#define SONDE_LOWER_H

#include "ir.h"
#include "sema.h"

/*
 * Where an expression's value is: ints in a vreg or an immediate, strings
 * and tuples in stack memory (LV_MEM: slot + off), and records and arrays
 * still in kernel or user memory (LV_ADDR: the address in vreg `reg` plus
 * `off`, read only when a scalar member is reached).
 */
enum lval_kind { LV_REG, LV_IMM, LV_MEM, LV_ADDR };

struct lval {
	enum lval_kind kind;
	int reg;
	int64_t imm;
	int slot;
	int32_t off;
	struct type *type;
	bool user;       /* LV_ADDR: user memory */
};

/* Types whose values live in memory (strings, tuples) rather than in a register. */
static inline bool lower_is_mem(const struct type *t)
{
	switch (t->kind) {
	case TY_STR: case TY_TUPLE: case TY_STACK: case TY_USYM: case TY_INET: case TY_BUF:
	case TY_MACADDR:
	case TY_RECORD: case TY_ARRAY: /* copies of records and arrays read from memory */
		return true;
	default:
		return false;
	}
}

/* How many bytes a value occupies in keys, map values, variables and event payloads. */
static inline uint32_t lower_store_size(const struct type *t)
{
	return lower_is_mem(t) ? t->size : 8;
}

struct loop_labels {
	int brk, cont;
};

struct pool_slot {
	int slot;
	uint32_t size;
	bool busy;
};

typedef VEC(struct prog_callback) callback_vec;

/* A map id in ir_mapv() that stands for callback i of the program: codegen_program makes it a function. */
#define LOWER_CALLBACK_REF 0x40000000

struct lower {
	struct sonde_prog *prog;
	struct probe_sema *ps;
	int ap;                  /* the attach point this program serves */
	struct ir_func *f;
	int *var_reg;            /* per variable: vreg (ints) */
	int *var_slot;           /* per variable: slot (strings) */
	VEC(struct pool_slot) pool;
	int exit_label;
	VEC(struct loop_labels) loops;
	callback_vec *callbacks; /* the program's callback subprograms (for over maps) */
	int naps;                /* attach points from `ap` on that this program serves */
	int sys_arg[6];          /* raw syscalls tracepoints: vregs holding the arguments read, or -1 */
	int keep_slots;          /* inside a block expression: its statements keep the enclosing one's slots */
	bool in_callback;        /* a for loop's body: pointers from '&' come through memory, read with helpers */
	int *home_reg;           /* a loop body's: per variable, a vreg holding its home's address in the caller (or 0) */
	bool *crossed;           /* per variable: a for loop's body names it (lower_mark_crossing), NULL: none */
	const struct loc *loc;   /* the expression being lowered: where -k says a helper failed */
	/* this program's tables of probe (0) and func (1) names by attach cookie: constants offset + 1, 0 none */
	uint32_t name_table[2];
	/*
	 * The vreg holding the probe's context: 0, the program's argument, or
	 * in a for loop's body (a callback, whose argument is the loop's own
	 * block) the copy the caller left in that block.
	 */
	int ctx_reg;
};

/* The probe's context (pt_regs, a tracepoint's record, BTF arguments...), for reads and helpers. */
static inline struct ir_val lower_ctx(const struct lower *L)
{
	return ir_reg(L->ctx_reg);
}

/* statements (lower.c): a loop body with its break/continue targets */
void lower_loop_body(struct lower *L, struct node *body, struct loop_labels ll);
/* the statements of a block expression, within the statement that holds it (lower.c) */
void lower_block_stmts(struct lower *L, struct node *body);
/* for ($kv : @m) { body } and for ($i : a..b) { body } (lower_formap.c) */
void lower_for_map(struct lower *L, struct node *n);
void lower_for_range(struct lower *L, struct node *n);
/* Marks the variables some for loop's body names: they cross into a callback and back, through memory. */
void lower_mark_crossing(const struct node *n, bool *crossed);
/* len(@m): the number of elements of map map_id, as a value of type t (lower_formap.c) */
struct lval lower_map_len(struct lower *L, int map_id, struct type *t);
/* The program's callbacks linked after its code (lower_formap.c); frees their IR. */
int lower_link_callbacks(struct prog_desc *d);
/* Slots over PROG_STACK_STRLEN bytes moved to the scratch map when max_strlen needs it (lower_far.c). */
int lower_far_slots(struct sonde_prog *prog);

/* comm(PID) through bpf_task_from_pid (lower_kfunc.c) */
struct lval lower_comm_pid(struct lower *L, struct node *n, int dslot, int32_t doff);
/* Sends the printf-like event fmt_id with these values for its arguments (lower_map.c). */
void lower_send_fmt_vals(struct lower *L, int fmt_id, const struct ir_val *vals);

/* stack slots: scratch memory for one statement, reused by the next */
int lower_tmp_slot(struct lower *L, uint32_t size);
/* Appends read-only data to the counters map's value; returns its offset there (V_MAPVAL). */
uint32_t lower_const(struct lower *L, const void *data, uint32_t size);
/*
 * `probe` (or `func`) in a program that serves several attach points through
 * one multi link: its attach cookie indexes a table of their names (lower.c).
 */
void lower_name_by_cookie(struct lower *L, bool func, int slot, int32_t off, uint32_t size);
int lower_pid_tgid(struct lower *L, bool init_ns);
void lower_release_slots(struct lower *L);
/* One slot back before the statement ends: its bytes are dead (an event sent on a cold path). */
void lower_free_slot(struct lower *L, int slot);

/*
 * A helper whose result the program does without (bpf_probe_read_*,
 * bpf_map_update_elem), called with n args; with -k a negative result sends
 * EV_HELPER_ERROR from the expression being lowered (lower_map.c).
 */
void lower_checked_call(struct lower *L, int helper, int n, struct ir_val *args);

/* expressions (lower_expr.c) */
struct lval lower_expr(struct lower *L, struct node *n);
int lower_reg(struct lower *L, struct node *n);        /* an integer expression in a vreg */
struct ir_val lower_operand(struct lower *L, struct node *n); /* an integer as reg or imm */
void lower_into(struct lower *L, struct node *n, int slot, int32_t off, uint32_t size);
/* The same as type dt: a tuple of another layout (a narrower one) converted to dt's. */
void lower_into_type(struct lower *L, struct node *n, int slot, int32_t off, const struct type *dt);

/* tuples (lower_tuple.c) */
struct lval lower_tuple_elem(struct lower *L, struct node *n);          /* $t.N */
void lower_tuple_at(struct lower *L, struct node *n, int slot, int32_t off); /* (a, b, ...) at slot+off */
/* A tuple in stack memory written as the wider tuple type dt, into bytes already zeroed. */
void lower_tuple_convert(struct lower *L, struct lval src, int slot, int32_t off, const struct type *dt);
void lower_cond(struct lower *L, struct node *n, int false_label);
void lower_zero(struct lower *L, int slot, int32_t off, uint32_t size);
void lower_copy(struct lower *L, int dslot, int32_t doff, struct ir_val src, int32_t soff, uint32_t n);
void lower_store_lval(struct lower *L, struct lval v, int slot, int32_t off, uint32_t size);
int lower_extend(struct lower *L, int reg, const struct type *t);

/* probe-specific context: argN, retval, ... (lower_args.c) */
struct lval lower_probe_arg(struct lower *L, struct node *n);
/* Whether plain integers used as pointers (str(arg0)) point into user memory in this probe. */
bool lower_user_space(const struct lower *L);
struct lval lower_regs_arg(struct lower *L, struct node *n);  /* lower_regs.c: pt_regs probes */
struct lval lower_btf_arg(struct lower *L, struct node *n);   /* lower_btf.c: fentry, fexit, rawtracepoint */
/* lower_btf.c: the context slot at `off` (an args.NAME field, ctx->task) read as type t. */
struct lval lower_btf_load(struct lower *L, uint32_t off, struct type *t);
/* lower_btf.c: `args` as a whole value outside tracepoints, the record tt at slot+off */
void lower_args_record(struct lower *L, const struct type *tt, int slot, int32_t off);
/* lower_btf.c: at a probe's start; iterators skip their last call, which has no object. */
void lower_btf_prologue(struct lower *L);

/* tracepoint:syscalls on the raw tracepoints (lower_syscall.c, syscall_tp.h) */
void lower_syscall_prologue(struct lower *L, int naps);
struct lval lower_syscall_field(struct lower *L, const struct field *fl, struct type *t);
struct ir_func *lower_syscall_dispatcher(int map_id, bool is_exit);
/*
 * lower_regs.c: the uprobe program of watchpoint w (FUNC+argN): stops the
 * process unless w is async, then sends EV_WATCH_ARM (id: its own program's
 * index) with argN's value.
 */
struct ir_func *lower_watch_armer(const struct sonde_prog *prog, const struct attach_point *w, uint32_t id);

/* An event's kind as this program sends it: marked when the program is begin's (EV_FROM_BEGIN). */
static inline uint32_t lower_event_kind(const struct lower *L, enum event_kind kind)
{
	return kind | (L->ps->kind == PROBE_BEGIN ? EV_FROM_BEGIN : 0);
}

/* maps, aggregations and events (lower_map.c) */
struct lval lower_map_read(struct lower *L, struct node *n);
void lower_map_assign(struct lower *L, struct node *assign);
void lower_map_agg(struct lower *L, struct node *mapn, struct node *call);
struct lval lower_map_incdec(struct lower *L, struct node *n, bool value_used);
/* v * scale (pointer arithmetic steps), folded for constants (lower_expr.c) */
struct ir_val lower_scale(struct lower *L, struct ir_val v, int scale);
/* map_delete_elem on @m[key]: a vreg, 1 when the key was there and is gone, else 0 */
int lower_delete(struct lower *L, struct node *mapn);
/* find(@m, k, $v): one lookup; a vreg, 1 when found (and $v holds the value), else 0 ($v unchanged) */
int lower_find(struct lower *L, struct node *call);
/* globmatch(s, "pattern"): lower_glob.c */
struct lval lower_globmatch(struct lower *L, struct node *n);
void lower_event_call(struct lower *L, struct node *call);
/*
 * A value stored into integer register r of a variable of type vt wraps to
 * vt's width, as C stores it (let $x: uint8 = 300 holds 44); from is the
 * value's type when it is known to fit (NULL: always wrap).
 */
void lower_wrap_int(struct lower *L, int r, const struct type *vt, const struct type *from);
/* Sends the argument-less event of format fmt_id (a run-time warning). */
void lower_send_plain_fmt(struct lower *L, int fmt_id);
void lower_count_loss(struct lower *L, int counter);
/* The lookup of @m[k] (a map node with keys): a vreg holding the value pointer or 0. */
int lower_map_lookup(struct lower *L, struct node *mapn);

/* an aggregation's value in an expression: count, sum, min, max, avg over the CPUs (lower_aggread.c) */
bool lower_agg_readable(struct lower *L, const struct node *mapn);
struct lval lower_agg_read(struct lower *L, struct node *mapn);
/* The same for the key at `key` (a pointer to the map's key layout). */
struct lval lower_agg_combine(struct lower *L, const struct map_desc *m, struct ir_val key, struct type *t);

/* kernel and user memory: p->member, record.member, a[i], *p (lower_mem.c) */
struct lval lower_member(struct lower *L, struct node *n, int dslot, int32_t doff);
struct lval lower_index(struct lower *L, struct node *n, int dslot, int32_t doff);
struct lval lower_deref(struct lower *L, struct node *n, int dslot, int32_t doff);
/* &$x, &@m, &@m[k] (lower_mem.c) */
struct lval lower_addr(struct lower *L, struct node *n);
/*
 * Variable i's home: integers whose address is taken live in a vreg and are
 * also stored to a stack slot on every assignment, which '&' points to
 * (nothing writes through such pointers, so the two never differ).
 */
void lower_var_home(struct lower *L, int i);
void lower_var_sync(struct lower *L, int i);

/* standard library (lower_call.c) */
bool lower_value_call(struct lower *L, struct node *n, struct lval *out);
/* Whether the memory an expression's value points to (records in memory: holds them) is user memory. */
bool lower_points_to_user(struct lower *L, const struct node *e, const struct lval *v);
/* Copies n bytes from an address (LV_ADDR, a pointer value) or stack memory to slot+off. */
void lower_bytes_into(struct lower *L, struct lval v, bool user, int slot, int32_t off, uint32_t n);
/* the rest of the library (lower_stdlib.c): value calls, calls for effect, and builtins */
bool lower_stdlib_value(struct lower *L, struct node *n, struct lval *out);
bool lower_stdlib_event(struct lower *L, struct node *n);
struct lval lower_builtin_more(struct lower *L, struct node *n, int dslot, int32_t doff);
struct lval lower_stack(struct lower *L, struct type *t);
/* dw_ustack (lower_dwstack.c) */
struct lval lower_dw_stack(struct lower *L, struct node *n);
/* len(dw_ustack): the depth of its walk */
struct lval lower_dw_stack_len(struct lower *L, struct node *n);
void lower_join(struct lower *L, struct node *n);

#endif
