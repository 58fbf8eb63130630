/*
 * sema_stdlib.c: checking the rest of bpftrace's standard library: the
 * builtins that need more than a helper call (username, usermode, sargN,
 * ppid, pcomm, probetype, has_cpid), builtins written as calls (pid(),
 * nsecs(boot)), and the functions that resolve names at compile time (kaddr,
 * uaddr, cgroupid, pton) or record values user space prints later
 * (strftime, cgroup_path, macaddr, strerror).
 */
#include "sema_priv.h"
#include "btf.h"
#include "elfsym.h"
#include "probe.h"
#include "kernel_probe.h"

#include <arpa/inet.h>
#include <asm/ptrace.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct type *value_type(enum type_kind kind, uint32_t size, const char *fmt)
{
	struct type *t = type_new(kind);
	t->size = size;
	t->align = 8;
	t->fmt = fmt;
	return t;
}

static bool is_pt_regs_probe(enum probe_kind k)
{
	return k == PROBE_KPROBE || k == PROBE_KRETPROBE || k == PROBE_UPROBE || k == PROBE_URETPROBE ||
	       k == PROBE_USDT;
}

/* A string literal argument, typed; NULL (after an error) when it is something else. */
static const char *literal_arg(struct sema *S, struct node *n, struct node *a, const char *what)
{
	if (!a || a->kind != N_STRING) {
		sema_err(S, a ? &a->loc : &n->loc, "%s() takes %s as a string literal", func_name(n->func), what);
		if (a)
			sema_expr(S, a);
		return NULL;
	}
	a->type = type_str(a->str_len + 1);
	return a->str;
}

static bool scalar_arg(struct sema *S, struct node *n, struct node *a, const char *what)
{
	struct type *t = sema_expr(S, a);
	if (t->kind == TY_NONE)
		return false;
	if (!sema_is_scalar(t)) {
		sema_err(S, &a->loc, "%s() takes %s, not %s", func_name(n->func), what, type_str_name(t));
		return false;
	}
	return true;
}

/*
 * skboutput(PATH, SKB, LEN, OFFSET): bpf_skb_output, which the kernel offers
 * to BTF programs (fentry, fexit, raw tracepoints through BTF), whose
 * struct sk_buff pointers it trusts. n->aux gets the file's index.
 */
static struct type *check_skboutput(struct sema *S, struct node *n)
{
	enum probe_kind k = S->probe->kind;

	if (!sema_want_args(S, n, 4, 4))
		return &type_none;
	const char *path = literal_arg(S, n, n->args, "a file name");
	if (!path)
		return &type_none;
	struct node *skb = n->args->next;
	struct type *t = sema_expr(S, skb);
	if (t->kind == TY_NONE)
		return &type_none;
	if (t->kind != TY_PTR || !t->elem || !t->elem->name || strcmp(t->elem->name, "struct sk_buff")) {
		sema_err(S, &skb->loc, "skboutput() takes a struct sk_buff *, not %s", type_str_name(t));
		return &type_none;
	}
	if (!scalar_arg(S, n, skb->next, "a length") || !scalar_arg(S, n, skb->next->next, "an offset"))
		return &type_none;
	if (k != PROBE_FENTRY && k != PROBE_FEXIT && k != PROBE_RAWTRACEPOINT) {
		sema_err(S, &n->loc, "skboutput() is only available in fentry, fexit and rawtracepoint probes "
			 "(bpf_skb_output), not in %s probes", probe_info(k)->name);
		return &type_none;
	}
	/* a BTF raw tracepoint program serves one tracepoint */
	S->probe->uses_args = true;
	n->aux = -1;
	for (size_t i = 0; i < S->skb_paths.len && n->aux < 0; i++)
		if (!strcmp(S->skb_paths.data[i], path))
			n->aux = (int)i;
	if (n->aux < 0) {
		vec_push(&S->skb_paths, path);
		n->aux = (int)S->skb_paths.len - 1;
	}
	return &type_s32;
}

/*
 * socket_cookie(SK): bpf_get_socket_cookie, which BTF programs (fentry,
 * fexit, raw tracepoints through BTF, iterators) may call on the struct sock
 * pointers the kernel hands them.
 */
static struct type *check_socket_cookie(struct sema *S, struct node *n)
{
	enum probe_kind k = S->probe->kind;

	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	struct type *t = sema_expr(S, n->args);
	if (t->kind == TY_NONE)
		return &type_none;
	if (t->kind != TY_PTR || !t->elem || !t->elem->name || strcmp(t->elem->name, "struct sock")) {
		sema_err(S, &n->args->loc, "socket_cookie() takes a struct sock *, not %s", type_str_name(t));
		return &type_none;
	}
	if (k != PROBE_FENTRY && k != PROBE_FEXIT && k != PROBE_RAWTRACEPOINT && k != PROBE_ITER) {
		sema_err(S, &n->loc, "socket_cookie() needs a socket the kernel vouches for: it is only available in "
			 "fentry, fexit, rawtracepoint and iter probes (for example rawtracepoint:sock_send_length), "
			 "not in %s probes", probe_info(k)->name);
		return &type_none;
	}
	S->probe->uses_args = true;
	return &type_u64;
}

/*
 * percpu_kaddr(NAME[, CPU]): the kernel hands out per-CPU addresses for the
 * variables its BTF lists in .data..percpu; n->ival gets the variable's id.
 */
static struct type *check_percpu_kaddr(struct sema *S, struct node *n)
{
	if (!sema_want_args(S, n, 1, 2))
		return &type_none;
	const char *name = literal_arg(S, n, n->args, "a per-CPU kernel variable's name");
	if (!name)
		return &type_none;
	if (n->args->next && !scalar_arg(S, n, n->args->next, "a CPU number"))
		return &type_none;
	if (!btf_available()) {
		sema_err(S, &n->loc, "percpu_kaddr() needs the kernel's BTF (/sys/kernel/btf/vmlinux)");
		return &type_none;
	}
	int id = btf_percpu_var(name);
	if (id == -EINVAL) {
		sema_err(S, &n->args->loc, "percpu_kaddr(): '%s' is not a per-CPU kernel variable", name);
		return &type_none;
	}
	if (id < 0) {
		sema_err(S, &n->args->loc, "percpu_kaddr(): the kernel's BTF has no variable '%s'", name);
		return &type_none;
	}
	n->ival = id;
	return type_ptr(&type_u64, false);
}

/* x86-64's struct pt_regs, in bpftrace's spelling of the registers (the kernel's, without the "r"). */
static const struct { const char *name; uint16_t off; } regs_x86_64[] = {
	{ "r15", offsetof(struct pt_regs, r15) }, { "r14", offsetof(struct pt_regs, r14) },
	{ "r13", offsetof(struct pt_regs, r13) }, { "r12", offsetof(struct pt_regs, r12) },
	{ "bp", offsetof(struct pt_regs, rbp) },  { "bx", offsetof(struct pt_regs, rbx) },
	{ "r11", offsetof(struct pt_regs, r11) }, { "r10", offsetof(struct pt_regs, r10) },
	{ "r9", offsetof(struct pt_regs, r9) },   { "r8", offsetof(struct pt_regs, r8) },
	{ "ax", offsetof(struct pt_regs, rax) },  { "cx", offsetof(struct pt_regs, rcx) },
	{ "dx", offsetof(struct pt_regs, rdx) },  { "si", offsetof(struct pt_regs, rsi) },
	{ "di", offsetof(struct pt_regs, rdi) },  { "orig_ax", offsetof(struct pt_regs, orig_rax) },
	{ "ip", offsetof(struct pt_regs, rip) },  { "cs", offsetof(struct pt_regs, cs) },
	{ "flags", offsetof(struct pt_regs, eflags) }, { "sp", offsetof(struct pt_regs, rsp) },
	{ "ss", offsetof(struct pt_regs, ss) },
};

/*
 * reg(NAME): a register of the probed code. kprobe-type programs get its
 * struct pt_regs as their context, and a perf event's sample starts with one
 * (profile, interval, software); n->ival gets the offset.
 */
static struct type *check_reg(struct sema *S, struct node *n)
{
	enum probe_kind k = S->probe->kind;

	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	const char *name = literal_arg(S, n, n->args, "a register name");
	if (!name)
		return &type_none;
	size_t i = 0;
	while (i < ARRAY_SIZE(regs_x86_64) && strcmp(regs_x86_64[i].name, name))
		i++;
	if (i == ARRAY_SIZE(regs_x86_64)) {
		sema_err(S, &n->args->loc, "reg(): '%s' is not an x86-64 register (ip, sp, bp, ax, bx, cx, dx, si, "
			 "di, r8..r15, flags, cs, ss, orig_ax)", name);
		return &type_none;
	}
	if (!is_pt_regs_probe(k) && k != PROBE_PROFILE && k != PROBE_INTERVAL && k != PROBE_SOFTWARE &&
	    k != PROBE_HARDWARE) {
		sema_err(S, &n->loc, "reg() reads the registers of kprobe, uprobe, usdt and profile probes, not of %s "
			 "probes (they have no registers in their context)", probe_info(k)->name);
		return &type_none;
	}
	n->ival = regs_x86_64[i].off;
	return &type_u64;
}

/* ---- builtins ---- */

/* `expr->a->b` built in place of n: ppid, pcomm and leader_tid are members of the task. */
static struct type *task_member(struct sema *S, struct node *n, struct node *task, const char *via,
				const char *member)
{
	const char *what = n->kind == N_CALL ? func_name(n->func) : builtin_name(n->builtin);

	if (!task) {
		task = node_new(N_BUILTIN, &n->loc);
		task->builtin = BI_CURTASK;
		task->name = "curtask";
	}
	struct node *p = node_new(N_FIELD, &n->loc);
	p->operand = task;
	p->name = via;
	p->is_arrow = true;
	n->kind = N_FIELD;
	n->operand = p;
	n->name = member;
	n->is_arrow = true;
	n->args = NULL;
	if (btf_load() < 0) {
		sema_err(S, &n->loc, "%s needs the kernel's BTF (/sys/kernel/btf/vmlinux) to read the task", what);
		return &type_none;
	}
	return sema_expr(S, n);
}

/*
 * is_err(p): whether p is an ERR_PTR, one of the top MAX_ERRNO (4095)
 * addresses that kernel functions return for -errno: made the comparison
 * (uint64)p >= -4095 in place of n.
 */
static struct type *check_is_err(struct sema *S, struct node *n)
{
	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	struct type *t = sema_expr(S, n->args);
	if (t->kind == TY_NONE)
		return &type_none;
	if (t->kind != TY_PTR && t->kind != TY_INT) {
		sema_err(S, &n->args->loc, "is_err() takes a pointer or an integer, not %s", type_str_name(t));
		return &type_none;
	}
	struct node *cast = node_new(N_CAST, &n->args->loc);
	cast->type_name = "uint64";
	cast->operand = n->args;
	struct node *lim = node_new(N_INT, &n->loc);
	lim->ival = (uint64_t)-4095;
	n->kind = N_BINARY;
	n->op = BIN_GE;
	n->lhs = cast;
	n->rhs = lim;
	n->args = NULL;
	return sema_expr(S, n);
}

/*
 * write_user(dst, src, len): bpf_probe_write_user of len bytes of the value
 * src (a string, an integer, a record...) to the user address dst. The
 * helper wants a constant length within the copy it reads from.
 */
static struct type *check_write_user(struct sema *S, struct node *n)
{
	if (!sema_want_args(S, n, 3, 3))
		return &type_none;
	if (!S->prog->unsafe)
		sema_err(S, &n->loc, "write_user() writes to traced processes' memory: it needs --unsafe");
	struct node *dst = n->args, *src = dst->next, *len = src->next;
	if (!scalar_arg(S, n, dst, "a user address"))
		return &type_none;
	struct type *t = sema_expr(S, src);
	if (t->kind == TY_NONE)
		return &type_none;
	if (!sema_storable(t)) {
		sema_store_error(S, &src->loc, t);
		return &type_none;
	}
	int64_t v;
	/* integers are copied out as 64 bits */
	uint32_t size = sema_is_scalar(t) ? 8 : sema_storage_type(t)->size;
	if (!sema_const_int(len, &v) || v < 1 || (uint64_t)v > size) {
		sema_err(S, &len->loc, "write_user() writes a constant length of 1 to %u bytes here (the size of "
			 "%s)", size, type_str_name(t));
		return &type_none;
	}
	n->aux = v;
	const char *lockdown = kernel_lockdown();
	if (lockdown && strcmp(lockdown, "none")) {
		sema_err(S, &n->loc, "write_user(): this kernel is locked down (%s), which forbids "
			 "bpf_probe_write_user to every program", lockdown);
		return &type_none;
	}
	return &type_s64;
}

/* The name of the probe type, as bpftrace's `probetype` spells it. */
static const char *probetype_name(enum probe_kind k)
{
	if (k == PROBE_BEGIN || k == PROBE_END)
		return "special";
	return probe_info(k)->name;
}

struct type *sema_builtin_more(struct sema *S, struct node *n)
{
	enum probe_kind k = S->probe->kind;

	switch (n->builtin) {
	case BI_USERNAME:
		return value_type(TY_USERNAME, 8, NULL);
	case BI_USERMODE:
		return &type_u8;
	case BI_SARG:
		if (!is_pt_regs_probe(k)) {
			sema_err(S, &n->loc, "sarg%d is only available in kprobe, uprobe and usdt probes", n->index);
			return &type_none;
		}
		return &type_u64;
	case BI_PPID:
		return task_member(S, n, NULL, "real_parent", "tgid");
	case BI_PCOMM:
	case BI_LEADER_COMM:
		return task_member(S, n, NULL, "group_leader", "comm");
	case BI_LEADER_TID:
		/* the leader's own thread id: its pid member (tgid is the process's) */
		return task_member(S, n, NULL, "group_leader", "pid");
	case BI_PROBETYPE:
		/* one probe block, one kind: a literal, which conditions (and fail()) can use at compile time */
		n->kind = N_STRING;
		n->str = probetype_name(k);
		n->str_len = (int)strlen(n->str);
		return type_str(n->str_len + 1);
	case BI_HAS_CPID:
		return &type_bool;
	case BI_CTX:
		if (k == PROBE_ITER || k == PROBE_FENTRY || k == PROBE_FEXIT || k == PROBE_RAWTRACEPOINT) {
			/* their context is a BTF-typed record: that belongs with args */
			sema_err(S, &n->loc, "ctx in %s probes is not supported by sonde yet", probe_info(k)->name);
			return &type_none;
		}
		/* the context pointer as a number: casts to a struct read through it */
		return &type_u64;
	default:
		sema_err(S, &n->loc, "the builtin '%s' is not supported by sonde yet", builtin_name(n->builtin));
		return &type_none;
	}
}

/* pid(), comm(), nsecs() ...: a builtin written as a call; pid(init), tid(curr_ns) too. */
struct type *sema_builtin_call(struct sema *S, struct node *n, int b)
{
	struct node *a = n->args;
	int init_ns = 0;

	if (a && (b == BI_PID || b == BI_TID) && !a->next && a->kind == N_IDENT &&
	    (!strcmp(a->name, "curr_ns") || !strcmp(a->name, "init"))) {
		/* curr_ns is the default: the ids seen from sonde's PID namespace */
		init_ns = !strcmp(a->name, "init");
		a = NULL;
	}
	if (a) {
		if (b == BI_PID || b == BI_TID)
			sema_err(S, &n->loc, "%s() takes a PID namespace: curr_ns or init", n->name);
		else if (b == BI_COMM)
			return sema_comm_pid(S, n);
		else
			sema_err(S, &n->loc, "%s() takes no arguments", n->name);
		return &type_none;
	}
	n->kind = N_BUILTIN;
	n->builtin = b;
	n->index = init_ns;
	n->args = NULL;
	return sema_expr(S, n);
}

/* ---- compile-time lookups ---- */

/* A kernel symbol's address from /proc/kallsyms (0 when absent). */
static uint64_t kallsyms_addr(const char *name)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512];
	uint64_t found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, sym[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) != 3 || strcmp(sym, name))
			continue;
		found = addr;
		/* prefer vmlinux over a module's symbol of the same name */
		if (!strchr(line, '['))
			break;
	}
	fclose(f);
	return found;
}

static int cgroup_id_of(const char *path, uint64_t *id)
{
	struct {
		struct file_handle fh;
		uint64_t id;
	} h;
	int mount_id;

	h.fh.handle_bytes = sizeof(uint64_t);
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0) < 0)
		return -errno;
	memcpy(id, h.fh.f_handle, sizeof(*id));
	return 0;
}

/* uaddr("sym"): the symbol in each attach point's binary; the type follows its size. */
static struct type *check_uaddr(struct sema *S, struct node *n)
{
	const char *sym = literal_arg(S, n, n->args, "a symbol name");
	struct probe_sema *ps = S->probe;
	uint64_t size = 0;

	if (!sym)
		return &type_none;
	if (ps->kind != PROBE_UPROBE && ps->kind != PROBE_URETPROBE && ps->kind != PROBE_USDT) {
		sema_err(S, &n->loc, "uaddr() is only available in uprobe, uretprobe and usdt probes");
		return &type_none;
	}
	for (int i = 0; i < ps->naps; i++) {
		struct elf_image *img = elfsym_open(ps->aps[i].target);
		if (!img) {
			sema_err(S, &n->loc, "uaddr(): cannot read %s: %s", ps->aps[i].target, strerror(errno));
			return &type_none;
		}
		const struct elfsym *e = elfsym_object(img, sym);
		if (!e)
			e = elfsym_func(img, sym);
		if (!e) {
			sema_err(S, &n->args->loc, "uaddr(): %s has no symbol '%s'", ps->aps[i].target, sym);
			elfsym_close(img);
			return &type_none;
		}
		if (i == 0)
			size = e->size;
		elfsym_close(img);
		if (i && strcmp(ps->aps[i].target, ps->aps[0].target))
			ps->uses_args = true;   /* one program per binary: each has its own address */
	}
	struct type *elem = size == 1 ? &type_u8 : size == 2 ? &type_u16 : size == 4 ? &type_u32 : &type_u64;
	return type_ptr(elem, true);
}

/* ---- calls ---- */

static struct type *check_nsecs(struct sema *S, struct node *n)
{
	static const char *const modes[] = { "monotonic", "boot", "tai", "sw_tai" };
	struct node *a = n->args;

	if (!sema_want_args(S, n, 0, 1))
		return &type_none;
	if (!a)
		return sema_builtin_call(S, n, BI_NSECS);
	for (size_t i = 0; a->kind == N_IDENT && i < ARRAY_SIZE(modes); i++) {
		if (!strcmp(a->name, modes[i])) {
			a->type = &type_void;
			n->aux = i;
			return &type_u64;
		}
	}
	sema_err(S, &a->loc, "nsecs() takes a clock: monotonic, boot, tai or sw_tai");
	return &type_none;
}

static struct type *check_macaddr(struct sema *S, struct node *n)
{
	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	struct type *t = sema_expr(S, n->args);
	if (t->kind == TY_NONE)
		return &type_none;
	bool bytes = t->kind == TY_ARRAY || t->kind == TY_STR || t->kind == TY_BUF;
	bool ok = sema_is_scalar(t) || (bytes && t->size >= 6);
	if (!ok) {
		sema_err(S, &n->args->loc, "macaddr() takes 6 bytes: an array like char[6] or a pointer to them, not %s",
			 type_str_name(t));
		return &type_none;
	}
	return value_type(TY_MACADDR, 6, NULL);
}

static struct type *check_pton(struct sema *S, struct node *n)
{
	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	const char *s = literal_arg(S, n, n->args, "an address");
	if (!s)
		return &type_none;
	bool v6 = strchr(s, ':') != NULL;
	uint8_t *bytes = arena_alloc(16);
	if (inet_pton(v6 ? AF_INET6 : AF_INET, s, bytes) != 1) {
		sema_err(S, &n->args->loc, "pton(): '%s' is not an IPv%d address", s, v6 ? 6 : 4);
		return &type_none;
	}
	/* the bytes ride on the node: lowering stores them */
	n->str = (const char *)bytes;
	n->str_len = v6 ? 16 : 4;
	struct type *t = type_new(TY_ARRAY);
	t->elem = &type_u8;
	t->count = n->str_len;
	t->size = n->str_len;
	t->align = 1;
	return t;
}

static struct type *check_pointer_mark(struct sema *S, struct node *n)
{
	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	struct type *t = sema_expr(S, n->args);
	if (t->kind == TY_NONE)
		return &type_none;
	if (!sema_is_scalar(t)) {
		sema_err(S, &n->args->loc, "%s() takes a pointer, not %s", func_name(n->func), type_str_name(t));
		return &type_none;
	}
	bool user = n->func == F_UPTR;
	if (t->kind != TY_PTR)
		return type_ptr(&type_u8, user);
	struct type *p = type_new(TY_PTR);
	*p = *t;
	p->is_user = user;
	return p;
}

static struct type *check_path(struct sema *S, struct node *n)
{
	enum probe_kind k = S->probe->kind;

	if (!sema_want_args(S, n, 1, 2))
		return &type_none;
	struct type *t = sema_expr(S, n->args);
	int64_t size = sema_str_size(S);
	if (n->args->next) {
		if (!sema_const_int(n->args->next, &size) || size < 1 || size > 4096) {
			sema_err(S, &n->args->next->loc, "path() size must be an integer literal from 1 to 4096");
			return &type_none;
		}
		n->args->next->type = &type_s64;
	}
	if (t->kind == TY_NONE)
		return &type_none;
	bool ok = (t->kind == TY_RECORD && t->name && !strcmp(t->name, "struct path")) ||
		  (t->kind == TY_PTR && t->elem && t->elem->kind == TY_RECORD && t->elem->name &&
		   !strcmp(t->elem->name, "struct path"));
	if (!ok) {
		sema_err(S, &n->args->loc, "path() takes a struct path or a pointer to one, not %s", type_str_name(t));
		return &type_none;
	}
	if (k != PROBE_FENTRY && k != PROBE_FEXIT && k != PROBE_ITER) {
		sema_err(S, &n->loc,
			 "path() reads paths with bpf_d_path(), which the kernel allows only in fentry/fexit probes "
			 "(of the functions it lists) and in iter probes, not in %s probes", probe_info(k)->name);
		return &type_none;
	}
	return type_str(size);
}

/*
 * The kernel's bpf_trace_vprintk understands %d %i %u %x %X with l/ll, %c,
 * %s and %%: every integer goes as 64 bits ("ll"), %p as 0x%llx. Returns
 * the kernel's format, or NULL after an error; *nconv counts conversions,
 * and strs[i] says whether conversion i is %s.
 */
static const char *debugf_format(struct sema *S, struct node *f, int *nconv, bool *strs, int max)
{
	struct sbuf_lite { char *s; size_t len; } out = { arena_alloc(3 * strlen(f->str) + 8), 0 };
	const char *p = f->str;

	*nconv = 0;
	while (*p) {
		if (*p != '%') {
			out.s[out.len++] = *p++;
			continue;
		}
		if (p[1] == '%') {
			memcpy(out.s + out.len, "%%", 2);
			out.len += 2;
			p += 2;
			continue;
		}
		const char *start = p++;
		while (*p && strchr("-+ #0123456789.", *p))
			p++;
		size_t flags = p - start;
		while (*p && strchr("hlzjt", *p))
			p++;
		char c = *p;
		if (!c || !strchr("diuxXcsp", c)) {
			sema_err(S, &f->loc, "debugf(): the kernel cannot print '%%%c' (use d i u x X c s p)", c ? c : ' ');
			return NULL;
		}
		p++;
		if (*nconv < max)
			strs[*nconv] = c == 's';
		(*nconv)++;
		if (c == 'p') {
			memcpy(out.s + out.len, "0x%", 3);
			out.len += 3;
			memcpy(out.s + out.len, start + 1, flags - 1);
			out.len += flags - 1;
			memcpy(out.s + out.len, "llx", 3);
			out.len += 3;
			continue;
		}
		memcpy(out.s + out.len, start, flags);
		out.len += flags;
		if (c != 's' && c != 'c') {
			memcpy(out.s + out.len, "ll", 2);
			out.len += 2;
		}
		out.s[out.len++] = c;
	}
	out.s[out.len] = 0;
	return out.s;
}

static struct type *check_debugf(struct sema *S, struct node *n)
{
	struct node *f = n->args;
	int nargs = 0, nconv = 0;
	bool strs[12];

	if (!f || f->kind != N_STRING) {
		sema_err(S, f ? &f->loc : &n->loc, "debugf() needs a format string literal first");
		return &type_void;
	}
	f->type = type_str(f->str_len + 1);
	const char *kfmt = debugf_format(S, f, &nconv, strs, ARRAY_SIZE(strs));
	for (struct node *a = f->next; a; a = a->next, nargs++) {
		struct type *t = sema_expr(S, a);
		if (t->kind == TY_NONE || !kfmt || nargs >= nconv || nargs >= (int)ARRAY_SIZE(strs))
			continue;
		if (strs[nargs] ? !sema_is_str(t) : !sema_is_scalar(t))
			sema_err(S, &a->loc, "debugf(): argument %d is %s, but the format wants %s", nargs + 1,
				 type_str_name(t), strs[nargs] ? "a string" : "an integer");
	}
	if (!kfmt)
		return &type_void;
	/* bpf_trace_vprintk takes at most 12 arguments */
	if (nargs > 12)
		sema_err(S, &n->loc, "debugf() takes at most 12 arguments after the format, not %d", nargs);
	else if (nargs != nconv)
		sema_err(S, &n->loc, "the format has %d conversion%s but %d argument%s follow%s", nconv,
			 nconv == 1 ? "" : "s", nargs, nargs == 1 ? "" : "s", nargs == 1 ? "s" : "");
	if (strlen(kfmt) > 256)
		sema_err(S, &f->loc, "debugf() formats are at most 256 bytes");
	n->str = kfmt;
	n->aux = nargs;
	return &type_void;
}

struct type *sema_stdlib_call(struct sema *S, struct node *n)
{
	enum probe_kind k = S->probe->kind;

	switch (n->func) {
	case F_NSECS:
		return check_nsecs(S, n);
	case F_STRFTIME: {
		if (!sema_want_args(S, n, 2, 2))
			return &type_none;
		const char *fmt = literal_arg(S, n, n->args, "a format");
		if (!scalar_arg(S, n, n->args->next, "a timestamp in nanoseconds") || !fmt)
			return &type_none;
		return value_type(TY_TIMESTAMP, 8, fmt);
	}
	case F_CGROUPID: {
		if (!sema_want_args(S, n, 1, 1))
			return &type_none;
		const char *path = literal_arg(S, n, n->args, "a cgroup path");
		uint64_t id = 0;
		if (!path)
			return &type_none;
		int err = cgroup_id_of(path, &id);
		if (err < 0) {
			sema_err(S, &n->args->loc, "cgroupid(): cannot get the cgroup id of '%s': %s%s", path,
				 strerror(-err), err == -EOVERFLOW ? " (not a cgroup v2 directory?)" : "");
			return &type_none;
		}
		n->kind = N_INT;
		n->ival = id;
		n->args = NULL;
		return &type_u64;
	}
	case F_CGROUP_PATH: {
		if (!sema_want_args(S, n, 1, 2))
			return &type_none;
		const char *filter = NULL;
		if (n->args->next && !(filter = literal_arg(S, n, n->args->next, "a hierarchy filter")))
			return &type_none;
		if (!scalar_arg(S, n, n->args, "a cgroup id"))
			return &type_none;
		return value_type(TY_CGROUP_PATH, 8, filter);
	}
	case F_MACADDR:
		return check_macaddr(S, n);
	case F_PTON:
		return check_pton(S, n);
	case F_KADDR: {
		if (!sema_want_args(S, n, 1, 1))
			return &type_none;
		const char *name = literal_arg(S, n, n->args, "a kernel symbol name");
		if (!name)
			return &type_none;
		/* found on an earlier pass: kallsyms is long */
		uint64_t addr = n->ival ? n->ival : kallsyms_addr(name);
		if (!addr) {
			/* without CONFIG_KALLSYMS_ALL, kallsyms lists only functions */
			sema_err(S, &n->args->loc, "kaddr(): no kernel symbol '%s' in /proc/kallsyms", name);
			/* every kernel has jiffies: when even it is missing, no variable can be found */
			if (S->report && !kallsyms_addr("jiffies"))
				diag_note("this kernel's /proc/kallsyms lists functions only (built without "
					  "CONFIG_KALLSYMS_ALL): no kernel variable has an address to read");
			return &type_none;
		}
		n->ival = addr;
		return type_ptr(&type_u64, false);
	}
	case F_UADDR:
		if (!sema_want_args(S, n, 1, 1))
			return &type_none;
		return check_uaddr(S, n);
	case F_PERCPU_KADDR:
		return check_percpu_kaddr(S, n);
	case F_KPTR:
	case F_UPTR:
		return check_pointer_mark(S, n);
	case F_PATH:
		return check_path(S, n);
	case F_OVERRIDE:
		if (!sema_want_args(S, n, 1, 1))
			return &type_void;
		if (!S->prog->unsafe)
			sema_err(S, &n->loc, "override() changes what kernel functions return: it needs --unsafe");
		if (k != PROBE_KPROBE) {
			sema_err(S, &n->loc, "override() is only available in kprobe probes (bpf_override_return), "
				 "not in %s probes", probe_info(k)->name);
			return &type_void;
		}
		scalar_arg(S, n, n->args, "a return value");
		return &type_void;
	case F_DEBUGF:
		return check_debugf(S, n);
	case F_REG:
		return check_reg(S, n);
	case F_ASSERT: case F_STATIC_ASSERT: case F_ASSERT_STR: case F_IS_ARRAY: case F_IS_INTEGER: case F_IS_LITERAL:
	case F_IS_PTR: case F_IS_STR: case F_IS_UNSIGNED_INTEGER:
		return sema_comptime_call(S, n);
	case F_STRERROR:
		if (!sema_want_args(S, n, 1, 1) || !scalar_arg(S, n, n->args, "an error number"))
			return &type_none;
		return value_type(TY_STRERROR, 8, NULL);
	case F_SYSCALL_NAME:
		if (!sema_want_args(S, n, 1, 1) || !scalar_arg(S, n, n->args, "a syscall number"))
			return &type_none;
		return value_type(TY_SYSCALL_NAME, 8, NULL);
	case F_SIGNAL_NAME:
		if (!sema_want_args(S, n, 1, 1) || !scalar_arg(S, n, n->args, "a signal number"))
			return &type_none;
		return value_type(TY_SIGNAL_NAME, 8, NULL);
	case F_IS_ERR:
		return check_is_err(S, n);
	case F_WRITE_USER:
		return check_write_user(S, n);
	case F_PPID:
	case F_PCOMM:
	case F_LEADER_TID:
	case F_LEADER_COMM: {
		if (!sema_want_args(S, n, 0, 1))
			return &type_none;
		struct node *task = n->args;
		if (task) {
			struct type *t = sema_expr(S, task);
			if (t->kind != TY_NONE && (t->kind != TY_PTR || !t->elem || !t->elem->name ||
						   strcmp(t->elem->name, "struct task_struct"))) {
				sema_err(S, &task->loc, "%s() takes a struct task_struct *, not %s", func_name(n->func),
					 type_str_name(t));
				return &type_none;
			}
		}
		if (n->func == F_PPID)
			return task_member(S, n, task, "real_parent", "tgid");
		return task_member(S, n, task, "group_leader", n->func == F_LEADER_TID ? "pid" : "comm");
	}
	case F_STRSTR: {
		if (!sema_want_args(S, n, 2, 2))
			return &type_none;
		struct type *h = sema_expr(S, n->args);
		if (h->kind != TY_NONE && !sema_is_str(h)) {
			sema_err(S, &n->args->loc, "strstr() searches a string, not %s", type_str_name(h));
			return &type_none;
		}
		if (!literal_arg(S, n, n->args->next, "the needle"))
			return &type_none;
		return &type_s64;
	}
	case F_UNWATCH:
		/* asynchronous: user space detaches the watchpoints on that address */
		if (sema_want_args(S, n, 1, 1))
			scalar_arg(S, n, n->args, "a watched address");
		return &type_void;
	case F_SKBOUTPUT:
		return check_skboutput(S, n);
	case F_SOCKET_COOKIE:
		return check_socket_cookie(S, n);
	case F_STRCAP:
	case F_DEFAULT_STR_LENGTH:
	case F_CONFIG:
		return sema_comptime_call(S, n);
	case F_COMM_PID:
		return sema_comm_pid(S, n);
	case F_KFUNC_ALLOWED:
		return sema_kfunc_allowed(S, n);
	case F_FAIL:
		return sema_fail(S, n);
	case F_KFUNC_EXIST: {
		/* whether the kernel's BTF has the function: a bool literal */
		if (!sema_want_args(S, n, 1, 1))
			return &type_none;
		const char *name = literal_arg(S, n, n->args, "a kernel function's name");
		if (!name)
			return &type_none;
		n->kind = N_INT;
		n->ival = btf_available() && btf_func_args(NULL, name, false, NULL) != NULL;
		n->type_name = "bool";
		n->args = NULL;
		return &type_bool;
	}
	case F_LEN: {
		if (!sema_want_args(S, n, 1, 1))
			return &type_none;
		struct node *a = n->args;
		if (a->kind == N_MAP) {
			/* counted in the kernel by bpf_for_each_map_elem (lower_formap.c): one element a key */
			sema_check_map_arg(S, n, a, false);
			struct sema_map *m = sema_get_map(S, a);
			if (S->report && m->agg_known && (m->agg == AGG_HIST || m->agg == AGG_LHIST))
				sema_err(S, &a->loc, "len() of a %s map is not supported: its buckets are elements of "
					 "their own", m->agg == AGG_HIST ? "hist" : "lhist");
			return &type_s64;
		}
		struct type *t = sema_expr(S, a);
		if (t->kind == TY_NONE)
			return &type_none;
		if (t->kind != TY_STACK) {
			sema_err(S, &a->loc, "len() takes a map or a kstack/ustack, not %s", type_str_name(t));
			return &type_none;
		}
		if (t->stack_dwarf)
			return &type_s64;
		uint32_t need = sizeof(uint64_t) * t->stack_limit;
		if (S->scratch_size < need)
			S->scratch_size = need;
		return &type_s64;
	}
	default:
		sema_err(S, &n->loc, "%s() is not supported by sonde yet", func_name(n->func));
		for (struct node *a = n->args; a; a = a->next)
			sema_expr(S, a);
		return &type_none;
	}
}
