/*
 * sema_kfunc.c: the checker's side of what needs the kernel's functions or is
 * decided at compile time: comm(PID) (bpf_task_from_pid), kfunc_allowed(),
 * fail(), and the branches of an `if` whose condition is a constant, where
 * those two report nothing (bpftrace's `if (kfunc_allowed(...))` idiom).
 */
#include "sema_priv.h"
#include "btf.h"
#include "kfunc.h"
#include "output.h"

#include <stdio.h>
#include <string.h>

#define COMM_LEN 16

static const char *prog_type_name(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_KPROBE: return "kprobe";
	case BPF_PROG_TYPE_TRACEPOINT: return "tracepoint";
	case BPF_PROG_TYPE_PERF_EVENT: return "perf event";
	case BPF_PROG_TYPE_RAW_TRACEPOINT: return "raw tracepoint";
	case BPF_PROG_TYPE_TRACING: return "tracing";
	default: return "other";
	}
}

/* The program type this probe loads as, as lowering will choose it (kernel_probe_prepare). */
static enum bpf_prog_type probe_prog_type(const struct probe_sema *ps)
{
	if (ps->raw_sys)
		return BPF_PROG_TYPE_TRACING;
	/* raw tracepoints sharing one program cannot be BTF ones */
	if (ps->kind == PROBE_RAWTRACEPOINT && ps->naps > 1 && !ps->uses_probe && !ps->uses_args)
		return BPF_PROG_TYPE_RAW_TRACEPOINT;
	return kfunc_prog_type(ps->kind);
}

static const char *kind_name(enum probe_kind k)
{
	return k == PROBE_BEGIN ? "BEGIN" : k == PROBE_END ? "END" : probe_info(k)->name;
}

/*
 * Whether this probe's program may call `name`; reports why not at n (as
 * `what`) unless the call sits in a branch that never runs.
 */
static bool kfunc_usable(struct sema *S, struct node *n, const char *what, const char *name, const char *since)
{
	enum probe_kind k = S->probe->kind;
	enum bpf_prog_type t = probe_prog_type(S->probe);

	if (kfunc_btf_id(name) < 0) {
		if (!S->dead)
			sema_err(S, &n->loc, "%s needs the kernel function %s, which this kernel does not have (%s)",
				 what, name, btf_available() ? since : "no BTF: /sys/kernel/btf/vmlinux");
		return false;
	}
	if (kfunc_allowed(name, t))
		return true;
	if (S->dead)
		return false;
	char kinds[256];
	kfunc_allowed_kinds(name, kinds, sizeof(kinds));
	sema_err(S, &n->loc, "%s calls the kernel function %s, which this kernel does not allow in %s probes (%s "
		 "programs)%s%s", what, name, kind_name(k), prog_type_name(t),
		 kinds[0] ? "; it does in: " : "", kinds);
	return false;
}

/* comm(PID): the comm of the task with that PID, read under a reference bpf_task_from_pid takes. */
struct type *sema_comm_pid(struct sema *S, struct node *n)
{
	n->kind = N_CALL;
	n->func = F_COMM_PID;
	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	struct type *t = sema_expr(S, n->args);
	if (t->kind == TY_NONE)
		return &type_none;
	if (t->kind != TY_INT) {
		sema_err(S, &n->args->loc, "comm() takes a PID, an integer, not %s", type_str_name(t));
		return &type_none;
	}
	if (kfunc_usable(S, n, "comm(PID)", "bpf_task_from_pid", "it came in Linux 6.2"))
		kfunc_usable(S, n, "comm(PID)", "bpf_task_release", "it came in Linux 6.2");
	/* as bpftrace: a PID with no task gives "N/A" and this warning */
	n->index = 1 + sema_add_fmt(S, EV_WARNF, "No such process (pid=%d)", n->args, &n->loc);
	return type_str(COMM_LEN);
}

/* kfunc_allowed("name"): whether this probe's program may call that kernel function; a bool literal. */
struct type *sema_kfunc_allowed(struct sema *S, struct node *n)
{
	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	if (n->args->kind != N_STRING) {
		sema_err(S, &n->args->loc, "kfunc_allowed() takes a kernel function's name as a string literal");
		return &type_none;
	}
	enum bpf_prog_type t = probe_prog_type(S->probe);
	n->kind = N_INT;
	n->ival = kfunc_allowed(n->args->str, t);
	n->type_name = "bool";
	n->args = NULL;
	return &type_bool;
}

/* One argument of fail() as text: literals, and what the checker knows (probetype). */
static bool fail_arg(struct sema *S, struct node *a, const struct printf_conv *c, const char *spec, char *out,
		     size_t size)
{
	int64_t v;

	if (c->cls == CONV_STR || c->cls == CONV_BUF) {
		if (a->kind == N_STRING) {
			snprintf(out, size, spec, a->str);
			return true;
		}
		if (a->kind == N_BUILTIN && a->builtin == BI_PROBETYPE) {
			enum probe_kind k = S->probe->kind;
			/* bpftrace's probetype: BEGIN and END are "special" */
			snprintf(out, size, spec, k == PROBE_BEGIN || k == PROBE_END ? "special" : probe_info(k)->name);
			return true;
		}
		if (!sema_const_eval(a, &v))
			return false;
		snprintf(out, size, "%lld", (long long)v);
		return true;
	}
	if (!sema_const_eval(a, &v))
		return false;
	/* the length modifiers as written do not matter: the value is 64 bits here */
	char ispec[32];
	size_t j = 0;
	for (const char *p = spec; *p && j + 3 < sizeof(ispec); p++) {
		if (strchr("hlzjtqL", *p))
			continue;
		if (p[1] == '\0') {
			ispec[j++] = 'l';
			ispec[j++] = 'l';
		}
		ispec[j++] = *p;
	}
	ispec[j] = '\0';
	if (c->cls == CONV_CHAR)
		snprintf(out, size, "%c", (int)v);
	else
		snprintf(out, size, ispec, (long long)v);
	return true;
}

/*
 * fail(fmt, args...): bpftrace's static assert. Checking reaches it only in a
 * branch that may run (in a macro: only where a use expands it): the
 * formatted message is a compile-time error at the call.
 */
struct type *sema_fail(struct sema *S, struct node *n)
{
	struct node *f = n->args;
	struct printf_conv convs[32];
	int off = 0, nconv;
	const char *why = NULL;

	if (S->dead) {
		/* never reached: neither its message nor its arguments are made */
		for (struct node *a = f; a; a = a->next)
			sema_expr(S, a);
		return &type_void;
	}
	if (!f || f->kind != N_STRING) {
		sema_err(S, f ? &f->loc : &n->loc, "fail() needs a format string literal first");
		return &type_void;
	}
	f->type = type_str(f->str_len + 1);
	nconv = printf_parse(f->str, convs, ARRAY_SIZE(convs), &off, &why);
	if (nconv < 0) {
		sema_err(S, &f->loc, "fail(): bad format: %s", why);
		return &type_void;
	}
	int nargs = 0;
	for (struct node *a = f->next; a; a = a->next) {
		sema_expr(S, a);
		nargs++;
	}
	if (nargs != nconv) {
		sema_err(S, &n->loc, "the format has %d conversion%s but %d argument%s follow%s", nconv,
			 nconv == 1 ? "" : "s", nargs, nargs == 1 ? "" : "s", nargs == 1 ? "s" : "");
		return &type_void;
	}
	char msg[512];
	size_t len = 0;
	int pos = 0;
	struct node *a = f->next;
	for (int i = 0; i <= nconv; i++) {
		int end = i < nconv ? convs[i].start : f->str_len;
		/* the literal text between conversions, with %% as % */
		for (int j = pos; j < end && len + 1 < sizeof(msg); j++) {
			msg[len++] = f->str[j];
			if (f->str[j] == '%' && f->str[j + 1] == '%')
				j++;
		}
		if (i == nconv)
			break;
		char spec[32], text[256];
		int sl = convs[i].len < (int)sizeof(spec) - 1 ? convs[i].len : (int)sizeof(spec) - 1;
		memcpy(spec, f->str + convs[i].start, sl);
		spec[sl] = '\0';
		if (!fail_arg(S, a, &convs[i], spec, text, sizeof(text))) {
			sema_err(S, &a->loc, "fail() takes literals only: its message is made at compile time");
			return &type_void;
		}
		len += snprintf(msg + len, sizeof(msg) - len, "%s", text);
		if (len >= sizeof(msg))
			len = sizeof(msg) - 1;
		pos = convs[i].start + convs[i].len;
		a = a->next;
	}
	msg[len] = '\0';
	sema_err(S, &n->loc, "%s", msg);
	return &type_void;
}

/* -1: not a constant; else whether it is true. */
int sema_const_truth(const struct node *cond)
{
	int64_t v;

	return sema_const_eval(cond, &v) ? v != 0 : -1;
}
