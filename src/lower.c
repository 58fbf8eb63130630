/*
 * lower.c: probes and statements to IR, and the driver that turns every
 * probe into BPF programs. A probe block becomes one program attached to all
 * its attach points, or one program per attach point when the code depends on
 * the point (`probe`, tracepoint fields whose offsets differ).
 */
#include "lower.h"
#include "syscall_tp.h"
#include "probe.h"
#include "kernel_probe.h"
#include "uprobe_multi.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

int lower_tmp_slot(struct lower *L, uint32_t size)
{
	size = ALIGN_UP(size ? size : 8, 8);
	for (size_t i = 0; i < L->pool.len; i++) {
		struct pool_slot *s = &L->pool.data[i];
		if (!s->busy && s->size == size) {
			s->busy = true;
			return s->slot;
		}
	}
	struct pool_slot s = { .slot = ir_slot(L->f, size, 8), .size = size, .busy = true };
	vec_push(&L->pool, s);
	return s.slot;
}

void lower_free_slot(struct lower *L, int slot)
{
	for (size_t i = 0; i < L->pool.len; i++)
		if (L->pool.data[i].slot == slot)
			L->pool.data[i].busy = false;
}

void lower_release_slots(struct lower *L)
{
	if (L->keep_slots)
		return;
	for (size_t i = 0; i < L->pool.len; i++)
		L->pool.data[i].busy = false;
}

static void lower_stmts(struct lower *L, struct node *n);

static void lower_stmt(struct lower *L, struct node *n)
{
	L->f->cur_loc = n->loc;
	switch (n->kind) {
	case N_EXPR_STMT: {
		struct node *e = n->operand;
		L->f->cur_loc = e->loc;
		if (e->kind == N_INCDEC && e->operand->kind == N_MAP)
			lower_map_incdec(L, e, false);
		else
			lower_expr(L, e);
		break;
	}
	case N_BLOCK:
		lower_stmts(L, n->body);
		break;
	case N_IF: {
		/* a constant condition (kfunc_allowed(), a positional parameter): only the branch that runs */
		int truth = sema_const_truth(n->cond);
		if (truth >= 0) {
			lower_stmts(L, truth ? n->then : n->els);
			break;
		}
		int els = ir_label(L->f), end = ir_label(L->f);
		lower_cond(L, n->cond, els);
		lower_release_slots(L);
		lower_stmts(L, n->then);
		if (n->els)
			ir_jmp(L->f, end);
		ir_place(L->f, els);
		lower_stmts(L, n->els);
		ir_place(L->f, end);
		break;
	}
	case N_WHILE: {
		struct loop_labels ll = { ir_label(L->f), ir_label(L->f) };
		ir_place(L->f, ll.cont);
		lower_cond(L, n->cond, ll.brk);
		lower_release_slots(L);
		lower_loop_body(L, n->body, ll);
		ir_jmp(L->f, ll.cont);
		ir_place(L->f, ll.brk);
		break;
	}
	case N_UNROLL:
		/* each copy gets labels of its own, since lowering allocates them afresh */
		for (int i = 0; i < n->aux; i++)
			lower_stmts(L, n->body);
		break;
	case N_FOR:
		/* both run their bodies as callbacks (lower_formap.c) */
		if (n->is_range)
			lower_for_range(L, n);
		else
			lower_for_map(L, n);
		break;
	case N_BREAK:
		ir_jmp(L->f, L->loops.data[L->loops.len - 1].brk);
		break;
	case N_CONTINUE:
		ir_jmp(L->f, L->loops.data[L->loops.len - 1].cont);
		break;
	case N_LET: {
		struct type *t = L->ps->vars[n->var_id].type;
		if (n->rhs) {
			if (lower_is_mem(t))
				lower_into_type(L, n->rhs, L->var_slot[n->var_id], 0, t);
			else {
				ir_mov(L->f, L->var_reg[n->var_id], lower_operand(L, n->rhs));
				lower_wrap_int(L, L->var_reg[n->var_id], t, n->rhs->type);
				lower_var_sync(L, n->var_id);
			}
		} else if (lower_is_mem(t)) {
			lower_zero(L, L->var_slot[n->var_id], 0, ALIGN_UP(t->size, 8));
		} else {
			ir_mov(L->f, L->var_reg[n->var_id], ir_imm(0));
			lower_var_sync(L, n->var_id);
		}
		break;
	}
	case N_RETURN:
		ir_ret(L->f, ir_imm(0));
		break;
	default:
		break;
	}
	lower_release_slots(L);
}

void lower_loop_body(struct lower *L, struct node *body, struct loop_labels ll)
{
	vec_push(&L->loops, ll);
	lower_stmts(L, body);
	L->loops.len--;
}

static void lower_stmts(struct lower *L, struct node *n)
{
	for (; n; n = n->next)
		lower_stmt(L, n);
}

void lower_block_stmts(struct lower *L, struct node *body)
{
	struct loc at = L->f->cur_loc;

	/* the enclosing expression's temporaries stay live across these statements */
	L->keep_slots++;
	lower_stmts(L, body);
	L->keep_slots--;
	L->f->cur_loc = at;
}

static struct ir_func *lower_probe(struct lower *L, const char *name)
{
	struct probe_sema *ps = L->ps;
	struct ir_func *f = ir_func_new(name);

	L->f = f;
	L->pool.len = 0;
	L->exit_label = ir_label(f);
	f->cur_loc = ps->ast->loc;
	/* Variables start at zero so every path the verifier walks sees them initialized. */
	for (int i = 0; i < ps->nvars; i++) {
		struct type *t = ps->vars[i].type;
		if (lower_is_mem(t)) {
			L->var_slot[i] = ir_slot(f, ALIGN_UP(t->size, 8), 8);
			lower_zero(L, L->var_slot[i], 0, ALIGN_UP(t->size, 8));
		} else {
			L->var_reg[i] = ir_vreg(f);
			ir_mov(f, L->var_reg[i], ir_imm(0));
			lower_var_home(L, i);
		}
	}
	lower_syscall_prologue(L, L->naps);
	lower_btf_prologue(L);
	if (probe_filter_pid() > 0 && probe_kind_pid_filtered(ps->aps[L->ap].kind)) {
		int r = lower_pid_tgid(L, false);
		ir_alu(f, ALU_RSH, r, ir_reg(r), ir_imm(32));
		ir_br(f, COND_NE, ir_reg(r), ir_imm(probe_filter_pid()), L->exit_label);
	}
	if (ps->ast->pred) {
		f->cur_loc = ps->ast->pred->loc;
		lower_cond(L, ps->ast->pred, L->exit_label);
		lower_release_slots(L);
	}
	lower_stmts(L, ps->ast->body);
	ir_place(f, L->exit_label);
	ir_ret(f, ir_imm(0));
	return f;
}

uint32_t lower_const(struct lower *L, const void *data, uint32_t size)
{
	struct sonde_prog *p = L->prog;
	uint32_t at = p->nconsts, padded = ALIGN_UP(size, 8);

	p->consts = xrealloc(p->consts, at + padded);
	memset(p->consts + at, 0, padded);
	memcpy(p->consts + at, data, size);
	p->nconsts = at + padded;
	return p->maps[p->counters_map].value_size + at;
}

void lower_name_by_cookie(struct lower *L, bool func, int slot, int32_t off, uint32_t size)
{
	struct ir_func *f = L->f;
	uint32_t stride = ALIGN_UP(size, 8);

	/* one table a program, however often it names probe or func (every use has the type's size) */
	if (!L->name_table[func]) {
		uint8_t *table = xcalloc(L->naps, stride);
		for (int i = 0; i < L->naps; i++) {
			const struct attach_point *ap = &L->ps->aps[L->ap + i];
			const char *name = func ? prog_func_text(ap, &L->prog->config) : ap->name;
			size_t len = strlen(name);
			memcpy(table + (size_t)i * stride, name, len < size ? len : size - 1);
		}
		L->name_table[func] = lower_const(L, table, L->naps * stride) + 1;
		free(table);
	}
	uint32_t at = L->name_table[func] - 1;

	/* the cookie is the attach point's index (uprobe_multi.c, kernel_attach.c) */
	int i = ir_vreg(f), p = ir_vreg(f), done = ir_label(f);
	ir_call(f, i, BPF_FUNC_get_attach_cookie, 1, (struct ir_val[]){ lower_ctx(L) });
	ir_br(f, COND_LT, ir_reg(i), ir_imm(L->naps), done);
	ir_mov(f, i, ir_imm(0));   /* never: bounds the index for the verifier */
	ir_place(f, done);
	ir_alu(f, ALU_MUL, i, ir_reg(i), ir_imm(stride));
	ir_mov(f, p, ir_mapval(L->prog->counters_map, at));
	ir_alu(f, ALU_ADD, p, ir_reg(p), ir_reg(i));
	/* whole words, NUL-padded, as a string literal is stored: the bytes past the NUL are keys' too */
	lower_copy(L, slot, off, ir_reg(p), 0, stride);
}

/* Whether `probe` or `func` appears in a for loop's body (a callback without the probe's context). */
static bool name_in_loop(const struct node *n, bool in_loop)
{
	for (; n; n = n->next) {
		if (in_loop && n->kind == N_BUILTIN && (n->builtin == BI_PROBE || n->builtin == BI_FUNC))
			return true;
		bool body_in_loop = in_loop || n->kind == N_FOR;
		if (name_in_loop(n->operand, in_loop) || name_in_loop(n->lhs, in_loop) ||
		    name_in_loop(n->rhs, in_loop) || name_in_loop(n->cond, in_loop) ||
		    name_in_loop(n->then, in_loop) || name_in_loop(n->els, in_loop) ||
		    name_in_loop(n->body, body_in_loop) || name_in_loop(n->args, in_loop))
			return true;
	}
	return false;
}

/*
 * Whether one program can serve all of a probe's attach points although it
 * uses `probe` or `func`: when they attach through one kprobe_multi or
 * uprobe_multi link, whose cookies tell them apart.
 */
static bool names_by_cookie(const struct probe_sema *ps)
{
	struct prog_desc d = { .aps = ps->aps, .naps = ps->naps, .fd = -1 };

	if (ps->naps < 2 || ps->uses_args || name_in_loop(ps->ast->pred, false) ||
	    name_in_loop(ps->ast->body, false))
		return false;
	switch (ps->kind) {
	case PROBE_KPROBE:
	case PROBE_KRETPROBE:
		if (kernel_probe_prepare(&d) < 0)
			return false;
		return d.expected_attach_type == BPF_TRACE_KPROBE_MULTI;
	case PROBE_UPROBE:
	case PROBE_URETPROBE:
		uprobe_multi_prepare(&d);
		return uprobe_multi_used(&d);
	default:
		return false;
	}
}

typedef VEC(struct prog_desc) prog_vec;

static bool same_program_kind(const struct attach_point *a, const struct attach_point *b)
{
	return a->raw_sys == b->raw_sys && (!a->raw_sys || a->sys_exit == b->sys_exit);
}

static int emit_prog(struct lower *L, prog_vec *out, int first, int count)
{
	struct probe_sema *ps = L->ps;
	struct prog_desc d = { 0 };

	L->ap = first;
	L->naps = count;
	L->name_table[0] = L->name_table[1] = 0;
	d.name = ps->aps[first].name;
	d.type = probe_info(ps->kind)->prog_type;
	d.aps = &ps->aps[first];
	d.naps = count;
	d.fd = -1;
	int err = kernel_probe_prepare(&d);
	if (err)
		return err;
	uprobe_multi_prepare(&d);
	if (d.aps[0].raw_sys) {
		const struct syscall_tp_kernel *k = syscall_tp_kernel();
		d.type = BPF_PROG_TYPE_TRACING;
		d.expected_attach_type = BPF_TRACE_RAW_TP;
		d.attach_btf_id = d.aps[0].sys_exit ? k->btf_exit : k->btf_enter;
	}
	callback_vec cbs = { 0 };
	L->callbacks = &cbs;
	d.ir = lower_probe(L, d.name);
	L->callbacks = NULL;
	d.callbacks = cbs.data;
	d.ncallbacks = cbs.len;
	vec_push(out, d);
	return 0;
}

/*
 * Marks the script's maps no program's code names (only code a constant
 * condition ruled out wrote them, as a tool's per-process histograms without
 * -P): the runtime does not create them. Maps are preallocated, and a
 * per-CPU hash of 67,584 entries takes 0.15 s to create.
 */
static void mark_unused_maps(struct sonde_prog *prog)
{
	bool *used = xcalloc(prog->nmaps + 1, sizeof(bool));

	for (int i = 0; i < prog->nprogs; i++) {
		const struct prog_desc *pd = &prog->progs[i];
		for (uint32_t k = 0; k + 1 < pd->ninsns; k++) {
			const struct bpf_insn *in = &pd->insns[k];
			if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
				continue;
			if ((in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE) &&
			    in->imm >= 0 && in->imm < prog->nmaps)
				used[in->imm] = true;
			k++;   /* an ld_imm64's second half */
		}
	}
	for (int i = 0; i < prog->nmaps; i++)
		prog->maps[i].unused = prog->maps[i].role == MAP_USER && !used[i];
	free(used);
}

int codegen_program(struct sonde_prog *prog)
{
	int err = lower_far_slots(prog);

	for (int i = 0; i < prog->nprogs && !err; i++) {
		struct prog_desc *d = &prog->progs[i];
		err = ir_codegen(d->ir, &d->insns, &d->ninsns, &d->insn_locs);
		if (!err)
			err = lower_link_callbacks(d);
	}
	/* after an error, the callbacks not linked are dropped all the same */
	for (int i = 0; i < prog->nprogs; i++) {
		struct prog_desc *d = &prog->progs[i];
		for (int k = 0; k < d->ncallbacks; k++)
			ir_func_free(d->callbacks[k].ir);
		free(d->callbacks);
		d->callbacks = NULL;
		d->ncallbacks = 0;
	}
	if (!err)
		mark_unused_maps(prog);
	return err;
}

/*
 * One program per syscalls prog array, after the programs it calls so that
 * they are in their slots before it attaches: on the raw tracepoint, it
 * tail-calls the program of the syscall's number.
 */
static void add_dispatchers(struct sema_result *s, prog_vec *progs)
{
	for (int i = 0; i < s->nprobes; i++) {
		struct probe_sema *ps = &s->probes[i];
		for (int a = 0; a < ps->naps; a++) {
			const struct attach_point *ap = &ps->aps[a];
			if (!ap->raw_sys || ap->tail_map < 0 || (a > 0 && ap->tail_map == ps->aps[a - 1].tail_map))
				continue;
			const struct syscall_tp_kernel *k = syscall_tp_kernel();
			struct attach_point *dap = arena_alloc(sizeof(*dap));
			*dap = (struct attach_point){
				.kind = PROBE_RAWTRACEPOINT,
				.name = ap->sys_exit ? "rawtracepoint:sys_exit" : "rawtracepoint:sys_enter",
				.func = ap->sys_exit ? "sys_exit" : "sys_enter",
				.loc = ap->loc,
				.internal = true,
			};
			struct prog_desc d = {
				.name = dap->name,
				.type = BPF_PROG_TYPE_TRACING,
				.expected_attach_type = BPF_TRACE_RAW_TP,
				.attach_btf_id = ap->sys_exit ? k->btf_exit : k->btf_enter,
				.aps = dap,
				.naps = 1,
				.fd = -1,
				.ir = lower_syscall_dispatcher(ap->tail_map, ap->sys_exit),
			};
			vec_push(progs, d);
		}
	}
}

/*
 * A uprobe program per watchpoint:FUNC+argN attach point, after the others:
 * its index is the id user space knows it by (watch.c).
 */
static void add_watch_armers(struct sonde_prog *prog, prog_vec *progs)
{
	size_t n = progs->len;

	for (size_t i = 0; i < n; i++) {
		for (int a = 0; a < progs->data[i].naps; a++) {
			const struct attach_point *w = &progs->data[i].aps[a];
			if (w->kind != PROBE_WATCHPOINT || !w->watch_func)
				continue;
			struct attach_point *u = arena_alloc(sizeof(*u));
			*u = *w;
			u->kind = PROBE_UPROBE;
			u->internal = true;
			u->watch_of = w;
			struct prog_desc d = {
				.name = arena_printf("%s (its uprobe)", w->name),
				.type = BPF_PROG_TYPE_KPROBE,
				.aps = u,
				.naps = 1,
				.fd = -1,
				.ir = lower_watch_armer(prog, w, (uint32_t)progs->len),
			};
			vec_push(progs, d);
		}
	}
}

int lower_program(struct sema_result *s, struct sonde_prog *prog)
{
	prog_vec progs = { 0 };
	int err = 0;

	for (int i = 0; i < s->nprobes; i++) {
		struct probe_sema *ps = &s->probes[i];
		struct lower L = { .prog = prog, .ps = ps };
		L.var_reg = xcalloc(ps->nvars + 1, sizeof(int));
		L.var_slot = xcalloc(ps->nvars + 1, sizeof(int));
		L.crossed = xcalloc(ps->nvars + 1, sizeof(bool));
		lower_mark_crossing(ps->ast->pred, L.crossed);
		lower_mark_crossing(ps->ast->body, L.crossed);
		bool split = ps->naps > 1 && (ps->uses_args || (ps->uses_probe && !names_by_cookie(ps)));
		if (split) {
			for (int a = 0; a < ps->naps && !err; a++)
				err = emit_prog(&L, &progs, a, 1);
		} else {
			/*
			 * raw syscalls tracepoints (grouped by sema_syscall.c): a perf
			 * event's program, sys_enter's and sys_exit's are three
			 */
			for (int a = 0, b; a < ps->naps && !err; a = b) {
				for (b = a + 1; b < ps->naps && same_program_kind(&ps->aps[a], &ps->aps[b]); b++)
					;
				err = emit_prog(&L, &progs, a, b - a);
			}
		}
		vec_free(&L.pool);
		vec_free(&L.loops);
		free(L.var_reg);
		free(L.var_slot);
		free(L.crossed);
		if (err)
			break;
	}
	if (!err) {
		add_dispatchers(s, &progs);
		add_watch_armers(prog, &progs);
	}
	prog->progs = progs.data;
	prog->nprogs = progs.len;
	return err;
}
