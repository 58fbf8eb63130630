/*
 * lower_stdlib.c: BPF code for the rest of the standard library: clocks,
 * values user space formats later (strftime, cgroup_path, macaddr,
 * strerror, username), addresses resolved at compile time (kaddr, uaddr,
 * pton), bpf_d_path, debugf through bpf_trace_vprintk, override, stack
 * depths, and the builtins usermode, sargN, probetype, has_cpid and ctx.
 */
#include "lower.h"
#include "elfsym.h"
#include "probe.h"
#include "symbolize.h"

#include <asm/ptrace.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

static struct lval reg_val(int r, struct type *t)
{
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

static struct lval imm_val(int64_t v, struct type *t)
{
	return (struct lval){ .kind = LV_IMM, .imm = v, .type = t };
}

static struct lval mem_val(int slot, int32_t off, struct type *t)
{
	return (struct lval){ .kind = LV_MEM, .slot = slot, .off = off, .type = t };
}

static int call0(struct lower *L, int helper)
{
	int r = ir_vreg(L->f);
	ir_call(L->f, r, helper, 0, NULL);
	return r;
}

/* A destination for a value in memory: the caller's, or a fresh slot. */
static int dest_slot(struct lower *L, int dslot, int32_t *doff, uint32_t size)
{
	if (dslot >= 0)
		return dslot;
	*doff = 0;
	return lower_tmp_slot(L, size);
}

/* Bytes known at compile time, stored 4 at a time and zero-padded to whole words. */
static void store_bytes(struct lower *L, const uint8_t *p, uint32_t len, int slot, int32_t off, uint32_t size)
{
	for (uint32_t i = 0; i < ALIGN_UP(size, 8); i += 4) {
		uint32_t w = 0;
		for (uint32_t b = 0; b < 4; b++)
			if (i + b < len)
				w |= (uint32_t)p[i + b] << (8 * b);
		ir_store(L->f, 4, ir_slotv(slot, 0), off + i, ir_imm((int32_t)w));
	}
}

/*
 * percpu_kaddr(NAME[, CPU]): ld_imm64 of the variable's BTF id gives a
 * per-CPU pointer, which bpf_this_cpu_ptr / bpf_per_cpu_ptr turn into this
 * (or that) CPU's copy. bpf_per_cpu_ptr may return NULL (no such CPU); the
 * branch on it tells the verifier which, so scripts may use the value
 * without checking it first (reading through NULL fails harmlessly).
 */
static struct lval lower_percpu_kaddr(struct lower *L, struct node *n)
{
	struct ir_val args[2] = { ir_kvar((int)n->ival) };
	int r = ir_vreg(L->f);
	struct loc stmt = L->f->cur_loc;

	if (n->args->next)
		args[1] = lower_operand(L, n->args->next);
	/* the kernel resolves the variable at load time: its failure points at this call */
	L->f->cur_loc = n->loc;
	ir_call(L->f, r, n->args->next ? BPF_FUNC_per_cpu_ptr : BPF_FUNC_this_cpu_ptr, n->args->next ? 2 : 1, args);
	L->f->cur_loc = stmt;
	if (!n->args->next)
		return reg_val(r, n->type);
	int out = ir_vreg(L->f), null = ir_label(L->f), done = ir_label(L->f);
	ir_br(L->f, COND_EQ, ir_reg(r), ir_imm(0), null);
	ir_mov(L->f, out, ir_reg(r));
	ir_jmp(L->f, done);
	ir_place(L->f, null);
	ir_mov(L->f, out, ir_imm(0));
	ir_place(L->f, done);
	return reg_val(out, n->type);
}

/*
 * skboutput(PATH, SKB, LEN, OFFSET): the kernel copies the skb's first
 * OFFSET + LEN bytes (the flags' upper half) after the meta record; user
 * space keeps [OFFSET, OFFSET + LEN). Returns the helper's 0 or -errno.
 */
static struct lval lower_skboutput(struct lower *L, struct node *n)
{
	struct node *skb = n->args->next, *len = skb->next, *off = len->next;
	int meta = lower_tmp_slot(L, sizeof(struct skb_meta));
	int flags = ir_vreg(L->f), ts = call0(L, BPF_FUNC_ktime_get_ns);
	struct ir_val vlen = lower_operand(L, len), voff = lower_operand(L, off);

	ir_store(L->f, 4, ir_slotv(meta, 0), offsetof(struct skb_meta, id), ir_imm(n->aux));
	ir_store(L->f, 4, ir_slotv(meta, 0), offsetof(struct skb_meta, offset), voff);
	ir_store(L->f, 4, ir_slotv(meta, 0), offsetof(struct skb_meta, len), vlen);
	ir_store(L->f, 4, ir_slotv(meta, 0), offsetof(struct skb_meta, pad), ir_imm(0));
	ir_store(L->f, 8, ir_slotv(meta, 0), offsetof(struct skb_meta, ts), ir_reg(ts));
	/* (offset + len) << 32 | BPF_F_CURRENT_CPU, the byte count kept to 32 bits */
	ir_alu(L->f, ALU_ADD, flags, voff, vlen);
	ir_alu(L->f, ALU_LSH, flags, ir_reg(flags), ir_imm(32));
	ir_alu(L->f, ALU_OR, flags, ir_reg(flags), ir_imm((int64_t)BPF_F_CURRENT_CPU));
	struct ir_val args[5] = {
		lower_operand(L, skb), ir_mapv(L->prog->skb_map), ir_reg(flags), ir_slotv(meta, 0),
		ir_imm(sizeof(struct skb_meta)),
	};
	int r = ir_vreg(L->f);
	ir_call(L->f, r, BPF_FUNC_skb_output, 5, args);
	return reg_val(r, n->type);
}

/* nsecs(monotonic | boot | tai | sw_tai) */
static struct lval lower_nsecs(struct lower *L, struct node *n)
{
	static const int helpers[] = { BPF_FUNC_ktime_get_ns, BPF_FUNC_ktime_get_boot_ns, BPF_FUNC_ktime_get_tai_ns };

	if (n->aux < 3)
		return reg_val(call0(L, helpers[n->aux]), n->type);
	/*
	 * sw_tai: the boot clock plus TAI's offset from it, measured once
	 * here, for kernels whose programs cannot read CLOCK_TAI.
	 */
	struct timespec tai, boot;
	clock_gettime(CLOCK_TAI, &tai);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	int64_t delta = (tai.tv_sec - boot.tv_sec) * 1000000000LL + (tai.tv_nsec - boot.tv_nsec);
	int r = call0(L, BPF_FUNC_ktime_get_boot_ns);
	ir_alu(L->f, ALU_ADD, r, ir_reg(r), ir_imm(delta));
	return reg_val(r, n->type);
}

/* macaddr(x): the 6 bytes of an array in memory or at a pointer, in an 8-byte slot. */
static struct lval lower_macaddr(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	int slot = dest_slot(L, dslot, &doff, 8);
	struct lval v = lower_expr(L, n->args);

	ir_store(L->f, 8, ir_slotv(slot, 0), doff, ir_imm(0));
	lower_bytes_into(L, v, lower_points_to_user(L, n->args, &v), slot, doff, 6);
	return mem_val(slot, doff, n->type);
}

/* The virtual address (in its file's layout) of where an attach point's probe sits. */
static bool probe_vaddr(const struct attach_point *ap, uint64_t *vaddr)
{
	struct usym_file *uf = usym_file_open(ap->target, "");
	bool ok = uf && usym_file_offset_to_vaddr(uf, ap->file_offset, vaddr);
	if (uf)
		usym_file_free(uf);
	return ok;
}

/*
 * uaddr("sym"): the symbol's address in the attach point's binary. A PIE or
 * a library is loaded at some base: in uprobes and USDT probes the probed
 * instruction's run-time address (ctx->ip) minus its address in the file
 * gives that base; a uretprobe takes it from the function's entry.
 */
static struct lval lower_uaddr(struct lower *L, struct node *n)
{
	const struct attach_point *ap = &L->ps->aps[L->ap];
	struct elf_image *img = elfsym_open(ap->target);
	uint64_t addr = 0, at = 0;
	bool dyn = false;

	if (img) {
		const struct elfsym *e = elfsym_object(img, n->args->str);
		if (!e)
			e = elfsym_func(img, n->args->str);
		addr = e ? e->addr : 0;
		dyn = elfsym_is_dyn(img);
		if (dyn && ap->kind == PROBE_URETPROBE) {
			const struct elfsym *fn = ap->func ? elfsym_func(img, ap->func) : NULL;
			dyn = fn != NULL;
			at = fn ? fn->addr : 0;
		}
		elfsym_close(img);
	}
	if (!dyn || (ap->kind != PROBE_URETPROBE && !probe_vaddr(ap, &at)))
		return imm_val(addr, n->type);
	int r = ir_vreg(L->f);
	if (ap->kind == PROBE_URETPROBE)
		ir_call(L->f, r, BPF_FUNC_get_func_ip, 1, (struct ir_val[]){ lower_ctx(L) });
	else
		ir_load(L->f, 8, r, lower_ctx(L), offsetof(struct pt_regs, rip));
	ir_alu(L->f, ALU_ADD, r, ir_reg(r), ir_imm((int64_t)(addr - at)));
	return reg_val(r, n->type);
}

/* path(p[, size]): bpf_d_path on the struct path at an address the verifier knows as BTF-typed. */
static struct lval lower_path(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	uint32_t size = n->type->size;
	int slot = dest_slot(L, dslot, &doff, size);
	struct lval v = lower_expr(L, n->args);
	int p = ir_vreg(L->f);

	if (v.kind == LV_ADDR)
		ir_alu(L->f, ALU_ADD, p, ir_reg(v.reg), ir_imm(v.off));
	else
		ir_mov(L->f, p, lower_operand(L, n->args));
	lower_zero(L, slot, doff, ALIGN_UP(size, 8));
	struct ir_val args[3] = { ir_reg(p), ir_slotv(slot, doff), ir_imm(size) };
	ir_call(L->f, -1, BPF_FUNC_d_path, 3, args);
	return mem_val(slot, doff, n->type);
}

/* len(kstack/ustack): the depth bpf_get_stack reports, read into the scratch map's buffer. */
static struct lval lower_stack_len(struct lower *L, struct node *n)
{
	const struct type *st = n->args->type;
	struct ir_func *f = L->f;
	int key = lower_tmp_slot(L, 8);
	int p = ir_vreg(f), r = ir_vreg(f), done = ir_label(f);

	ir_mov(f, r, ir_imm(0));
	ir_store(f, 4, ir_slotv(key, 0), 0, ir_imm(0));
	struct ir_val la[2] = { ir_mapv(L->prog->scratch_map), ir_slotv(key, 0) };
	ir_call(f, p, BPF_FUNC_map_lookup_elem, 2, la);
	ir_br(f, COND_EQ, ir_reg(p), ir_imm(0), done);
	struct ir_val ga[4] = { lower_ctx(L), ir_reg(p), ir_imm(8 * st->stack_limit),
				ir_imm(st->stack_user ? BPF_F_USER_STACK : 0) };
	ir_call(f, r, BPF_FUNC_get_stack, 4, ga);
	int ok = ir_label(f);
	ir_br(f, COND_SGE, ir_reg(r), ir_imm(0), ok);
	ir_mov(f, r, ir_imm(0));
	ir_place(f, ok);
	ir_alu(f, ALU_RSH, r, ir_reg(r), ir_imm(3));
	ir_place(f, done);
	return reg_val(r, n->type);
}

/*
 * strstr(h, "lit"): the index of the literal's first occurrence in h, -1
 * when absent. Unrolled: for each start, compare the literal's bytes,
 * stopping at h's NUL.
 */
static struct lval lower_strstr(struct lower *L, struct node *n)
{
	struct lval h = lower_expr(L, n->args);
	const char *needle = n->args->next->str;
	int m = strlen(needle), size = h.type->size;
	int r = ir_vreg(L->f), x = ir_vreg(L->f), done = ir_label(L->f);

	ir_mov(L->f, r, ir_imm(m ? -1 : 0));
	for (int start = 0; m > 0 && start + m <= size; start++) {
		int next = ir_label(L->f);
		for (int j = 0; j < m; j++) {
			ir_load(L->f, 1, x, ir_slotv(h.slot, 0), h.off + start + j);
			if (j == 0)
				ir_br(L->f, COND_EQ, ir_reg(x), ir_imm(0), done);
			ir_br(L->f, COND_NE, ir_reg(x), ir_imm((unsigned char)needle[j]), next);
		}
		ir_mov(L->f, r, ir_imm(start));
		ir_jmp(L->f, done);
		ir_place(L->f, next);
	}
	ir_place(L->f, done);
	return reg_val(r, n->type);
}

bool lower_stdlib_value(struct lower *L, struct node *n, struct lval *out)
{
	switch (n->func) {
	case F_NSECS:
		*out = lower_nsecs(L, n);
		return true;
	case F_STRFTIME:
		*out = reg_val(lower_reg(L, n->args->next), n->type);
		return true;
	case F_CGROUP_PATH:
	case F_STRERROR:
	case F_SYSCALL_NAME:
	case F_SIGNAL_NAME:
		*out = reg_val(lower_reg(L, n->args), n->type);
		return true;
	case F_MACADDR:
		*out = lower_macaddr(L, n, -1, 0);
		return true;
	case F_WRITE_USER: {
		uint32_t size = lower_store_size(n->args->next->type);
		int slot = lower_tmp_slot(L, ALIGN_UP(size, 8));
		int r = ir_vreg(L->f);
		struct ir_val dst = lower_operand(L, n->args);
		lower_into(L, n->args->next, slot, 0, size);
		struct ir_val args[3] = { dst, ir_slotv(slot, 0), ir_imm(n->aux) };
		ir_call(L->f, r, BPF_FUNC_probe_write_user, 3, args);
		*out = reg_val(r, n->type);
		return true;
	}
	case F_PTON: {
		int slot = lower_tmp_slot(L, ALIGN_UP(n->str_len, 8));
		store_bytes(L, (const uint8_t *)n->str, n->str_len, slot, 0, n->str_len);
		*out = mem_val(slot, 0, n->type);
		return true;
	}
	case F_KADDR:
		*out = imm_val((int64_t)n->ival, n->type);
		return true;
	case F_PERCPU_KADDR:
		*out = lower_percpu_kaddr(L, n);
		return true;
	case F_SKBOUTPUT:
		*out = lower_skboutput(L, n);
		return true;
	case F_UADDR:
		*out = lower_uaddr(L, n);
		return true;
	case F_KPTR:
	case F_UPTR: {
		struct ir_val v = lower_operand(L, n->args);
		*out = v.kind == V_IMM ? imm_val(v.imm, n->type) : reg_val(v.n, n->type);
		return true;
	}
	case F_PATH:
		*out = lower_path(L, n, -1, 0);
		return true;
	case F_LEN:
		*out = n->args->kind == N_MAP ? lower_map_len(L, n->args->map_id, n->type) :
		       n->args->type->stack_dwarf ? lower_dw_stack_len(L, n) : lower_stack_len(L, n);
		return true;
	case F_STRSTR:
		*out = lower_strstr(L, n);
		return true;
	case F_SOCKET_COOKIE: {
		struct ir_val a = lower_operand(L, n->args);
		int r = ir_vreg(L->f);
		ir_call(L->f, r, BPF_FUNC_get_socket_cookie, 1, &a);
		*out = reg_val(r, n->type);
		return true;
	}
	case F_REG: {
		int r = ir_vreg(L->f);
		ir_load(L->f, 8, r, lower_ctx(L), (int32_t)n->ival);
		*out = reg_val(r, n->type);
		return true;
	}
	default:
		return false;
	}
}

/* debugf(): the format (converted for the kernel by the checker) and the arguments as u64s. */
static void lower_debugf(struct lower *L, struct node *n)
{
	const char *fmt = n->str;
	uint32_t flen = strlen(fmt) + 1;
	int nargs = n->aux;
	int fslot = lower_tmp_slot(L, ALIGN_UP(flen, 8));
	int dslot = nargs ? lower_tmp_slot(L, 8 * nargs) : -1;
	int i = 0;

	for (struct node *a = n->args->next; a; a = a->next, i++) {
		if (a->type->kind == TY_STR) {
			int s = lower_tmp_slot(L, a->type->size);
			lower_into(L, a, s, 0, a->type->size);
			ir_store(L->f, 8, ir_slotv(dslot, 0), 8 * i, ir_slotv(s, 0));
		} else {
			ir_store(L->f, 8, ir_slotv(dslot, 0), 8 * i, lower_operand(L, a));
		}
	}
	store_bytes(L, (const uint8_t *)fmt, flen, fslot, 0, flen);
	struct ir_val args[4] = { ir_slotv(fslot, 0), ir_imm(flen), nargs ? ir_slotv(dslot, 0) : ir_imm(0),
				  ir_imm(8 * nargs) };
	ir_call(L->f, -1, BPF_FUNC_trace_vprintk, 4, args);
}

bool lower_stdlib_event(struct lower *L, struct node *n)
{
	switch (n->func) {
	case F_OVERRIDE: {
		struct ir_val args[2] = { lower_ctx(L), lower_operand(L, n->args) };
		ir_call(L->f, -1, BPF_FUNC_override_return, 2, args);
		return true;
	}
	case F_DEBUGF:
		lower_debugf(L, n);
		return true;
	default:
		return false;
	}
}

/* ---- builtins ---- */

static bool regs_context(enum probe_kind k)
{
	switch (k) {
	case PROBE_KPROBE: case PROBE_KRETPROBE: case PROBE_UPROBE: case PROBE_URETPROBE: case PROBE_USDT:
	case PROBE_INTERVAL: case PROBE_PROFILE: case PROBE_SOFTWARE: case PROBE_HARDWARE:
		return true;
	default:
		return false;
	}
}

/*
 * usermode: whether the interrupted code ran in user mode (x86-64: the low
 * bits of cs are 3). Probes with registers in their context (pt_regs, or a
 * perf event's sample, whose regs come first) read them; tracepoints and
 * BTF probes run inside the kernel; BEGIN and END, as in bpftrace, count as
 * user mode.
 */
static struct lval lower_usermode(struct lower *L, struct node *n)
{
	enum probe_kind k = L->ps->kind;

	if (probe_is_special(k))
		return imm_val(1, n->type);
	if (!regs_context(k))
		return imm_val(0, n->type);
	int r = ir_vreg(L->f), done = ir_label(L->f);
	ir_load(L->f, 8, r, lower_ctx(L), offsetof(struct pt_regs, cs));
	ir_alu(L->f, ALU_AND, r, ir_reg(r), ir_imm(3));
	ir_br(L->f, COND_NE, ir_reg(r), ir_imm(3), done);
	ir_mov(L->f, r, ir_imm(1));
	int out = ir_label(L->f);
	ir_jmp(L->f, out);
	ir_place(L->f, done);
	ir_mov(L->f, r, ir_imm(0));
	ir_place(L->f, out);
	return reg_val(r, n->type);
}

/* sargN: the Nth argument passed on the stack, above the return address. */
static struct lval lower_sarg(struct lower *L, struct node *n)
{
	int addr = ir_vreg(L->f), r = ir_vreg(L->f), slot = lower_tmp_slot(L, 8);
	bool user = lower_user_space(L);

	ir_load(L->f, 8, addr, lower_ctx(L), offsetof(struct pt_regs, rsp));
	ir_alu(L->f, ALU_ADD, addr, ir_reg(addr), ir_imm(8 * (n->index + 1)));
	ir_store(L->f, 8, ir_slotv(slot, 0), 0, ir_imm(0));
	struct ir_val args[3] = { ir_slotv(slot, 0), ir_imm(8), ir_reg(addr) };
	lower_checked_call(L, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, args);
	ir_load(L->f, 8, r, ir_slotv(slot, 0), 0);
	return reg_val(r, n->type);
}

struct lval lower_builtin_more(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	switch (n->builtin) {
	case BI_USERNAME: {
		int r = call0(L, BPF_FUNC_get_current_uid_gid);
		ir_alu(L->f, ALU_AND, r, ir_reg(r), ir_imm(0xffffffff));
		return reg_val(r, n->type);
	}
	case BI_USERMODE:
		return lower_usermode(L, n);
	case BI_SARG:
		return lower_sarg(L, n);
	case BI_PROBETYPE: {
		enum probe_kind k = L->ps->kind;
		const char *s = k == PROBE_BEGIN || k == PROBE_END ? "special" : probe_info(k)->name;
		int slot = dest_slot(L, dslot, &doff, n->type->size);
		store_bytes(L, (const uint8_t *)s, strlen(s), slot, doff, n->type->size);
		return mem_val(slot, doff, n->type);
	}
	case BI_HAS_CPID:
		return imm_val(L->prog->cpid != 0, n->type);
	case BI_CTX: {
		int r = ir_vreg(L->f);
		ir_mov(L->f, r, lower_ctx(L));
		return reg_val(r, n->type);
	}
	case BI_ARGS:
		if (n->type->kind == TY_TUPLE) {
			int slot = dest_slot(L, dslot, &doff, n->type->size);
			lower_args_record(L, n->type, slot, doff);
			return mem_val(slot, doff, n->type);
		}
		if (L->ps->kind == PROBE_TRACEPOINT && n->type->kind == TY_RECORD && n->type->size) {
			/*
			 * a tracepoint's `args` as a value: a copy of its record, which
			 * is the context; programs may not read its first 8 bytes, the
			 * common fields, which `args` does not show
			 */
			int slot = dest_slot(L, dslot, &doff, n->type->size);
			uint32_t size = ALIGN_UP(n->type->size, 8);
			lower_zero(L, slot, doff, 8);
			if (n->type->size > 8)
				lower_copy(L, slot, doff + 8, lower_ctx(L), 8, n->type->size - 8);
			lower_zero(L, slot, doff + n->type->size, size - n->type->size);
			return mem_val(slot, doff, n->type);
		}
		return imm_val(0, n->type);
	default:
		return imm_val(0, n->type);
	}
}
