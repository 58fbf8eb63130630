/*
 * sema_builtin.c: the types of builtins (pid, comm, probe, func, args,
 * retval, stacks...): the probe's arguments from tracepoint formats, DWARF
 * (uprobes) or BTF (fentry, fexit, raw tracepoints, iterators).
 */
#include "sema_priv.h"
#include "btf.h"
#include "probe.h"
#include "uprobe.h"
#include "usdt.h"
#include "util.h"

#include <errno.h>
#include <string.h>

/* uprobe args: the function's parameters, from the binary's DWARF (uprobe_dwarf.c). */
static struct type *check_uprobe_args(struct sema *S, struct node *n)
{
	for (int i = 0; i < S->probe->naps; i++) {
		const struct attach_point *ap = &S->probe->aps[i];
		if (S->probe->args[i])
			continue;
		if (ap->kind != PROBE_UPROBE || ap->offset) {
			sema_err(S, &n->loc, "args are only known at a function's entry, not at %s; use arg0..argN",
				 ap->name);
			return &type_none;
		}
		S->probe->args[i] = uprobe_dwarf_args(ap->target, ap->func, NULL);
		if (S->probe->args[i])
			continue;
		if (errno == ENOTSUP)
			sema_err(S, &n->loc, "args in uprobes needs DWARF, and this sonde was built without libdw; "
				 "use arg0..argN");
		else if (errno == ENOENT)
			sema_err(S, &n->loc, "the debug info of %s does not describe %s; use arg0..argN", ap->target,
				 ap->func);
		else
			sema_err(S, &n->loc, "%s has no DWARF debug info (build it with -g) for args; use arg0..argN",
				 ap->target);
		return &type_none;
	}
	return S->probe->args[0];
}

/* uretprobe retval: the function's return type when DWARF gives one and every probe agrees. */
static struct type *uretprobe_type(struct sema *S)
{
	struct type *rt = NULL;

	for (int i = 0; i < S->probe->naps; i++) {
		const struct attach_point *ap = &S->probe->aps[i];
		struct type *t = NULL;
		if (ap->kind != PROBE_URETPROBE)
			return &type_u64;
		uprobe_dwarf_args(ap->target, ap->func, &t);
		if (!t || (rt && !type_equal(rt, t)))
			return &type_u64;
		rt = t;
	}
	return rt ? rt : &type_u64;
}

/* Probes whose context is an array of u64 argument slots typed by BTF. */
bool sema_btf_typed(enum probe_kind k)
{
	return k == PROBE_RAWTRACEPOINT || k == PROBE_FENTRY || k == PROBE_FEXIT;
}

/* args in fentry, fexit and raw tracepoints: the function's or tracepoint's parameters from BTF. */
static struct type *check_btf_args(struct sema *S, struct node *n)
{
	for (int i = 0; i < S->probe->naps; i++) {
		const struct attach_point *ap = &S->probe->aps[i];
		if (S->probe->args[i])
			continue;
		if (btf_load() < 0) {
			sema_err(S, &n->loc, "args in %s probes needs the kernel's BTF, which this kernel does not have",
				 probe_info(ap->kind)->name);
			return &type_none;
		}
		S->probe->args[i] = ap->kind == PROBE_RAWTRACEPOINT ? btf_raw_tp_args(ap->target, ap->func, NULL)
			: btf_func_args(ap->target, ap->func, false, NULL);
		if (!S->probe->args[i]) {
			sema_err(S, &n->loc, "BTF does not describe the arguments of %s", ap->name);
			return &type_none;
		}
	}
	return S->probe->args[0];
}

/* iter:NAME's ctx: a pointer to struct bpf_iter__NAME (ctx->meta, ctx->task, ...). */
static struct type *check_iter_ctx(struct sema *S, struct node *n)
{
	struct type *t = NULL;
	for (int i = 0; i < S->probe->naps; i++) {
		struct type *c = btf_iter_ctx(S->probe->aps[i].target, NULL);
		if (!c || (t && !type_equal(t, c))) {
			sema_err(S, &n->loc, c ? "ctx differs between the iterators of this block: write one block each"
					       : "BTF does not describe the context of %s", S->probe->aps[i].name);
			return &type_none;
		}
		t = c;
	}
	return t ? t : &type_none;
}

/*
 * A string known whole (a literal, probe, func). The printer takes
 * max_strlen characters in a buffer of max_strlen + 1 bytes for a str() read
 * that was cut (output_str_len), so such a string gets one more NUL byte.
 */
struct type *sema_whole_str_type(struct sema *S, size_t len)
{
	return type_str(len + 1 + (len + 1 == sema_str_size(S)));
}

struct type *sema_check_builtin(struct sema *S, struct node *n)
{
	const struct probe_info *pi = probe_info(S->probe->kind);

	switch (n->builtin) {
	case BI_PID: case BI_TID: case BI_UID: case BI_GID: case BI_CPU: case BI_NUMAID: case BI_RAND:
		return &type_u32;
	case BI_NSECS: case BI_ELAPSED: case BI_NCPUS: case BI_CGROUP: case BI_JIFFIES:
		return &type_u64;
	case BI_COMM:
		return type_str(16);
	case BI_CURTASK: {
		/* a struct task_struct of the script's own comes first, as in casts (bpftrace's too) */
		struct type *t = sema_type_by_name("struct task_struct *");
		return t ? t : &type_u64;
	}
	case BI_CPID:
		if (!S->prog->cpid) {
			sema_err(S, &n->loc, "cpid needs a command to trace: run sonde with -c CMD");
			return &type_none;
		}
		return &type_u32;
	case BI_PROBE:
	case BI_FUNC: {
		/* per attach point constants: a literal, or a table by attach cookie (lower_name_by_cookie) */
		size_t len = 0;
		if (n->builtin == BI_FUNC && !pi->has_argn && !pi->has_retval && S->probe->kind != PROBE_FENTRY) {
			sema_err(S, &n->loc, "func is only available in function probes (kprobe, uprobe, fentry, ...)");
			return &type_none;
		}
		for (int i = 0; i < S->probe->naps; i++) {
			const struct attach_point *ap = &S->probe->aps[i];
			const char *s = n->builtin == BI_PROBE ? ap->name : prog_func_text(ap, &S->prog->config);
			if (strlen(s) > len)
				len = strlen(s);
		}
		S->probe->uses_probe = true;
		return sema_whole_str_type(S, len);
	}
	case BI_DW_USTACK:
		return sema_dw_stack_type(S, n, S->stack_mode, S->prog->config.stack_limit);
	case BI_KSTACK:
	case BI_USTACK:
		return sema_stack_type(S, n->builtin == BI_USTACK,
				       sema_stack_mode(S, n->builtin == BI_USTACK, S->stack_mode, &n->loc),
				       S->prog->config.stack_limit);
	case BI_ARGS:
		if (!pi->has_args && S->probe->kind != PROBE_UPROBE) {
			sema_err(S, &n->loc, "args is not available in %s probes", pi->name);
			return &type_none;
		}
		if (S->probe->kind == PROBE_UPROBE || sema_btf_typed(S->probe->kind)) {
			struct type *rec = S->probe->kind == PROBE_UPROBE ? check_uprobe_args(S, n) : check_btf_args(S, n);
			/* outside tracepoints the arguments are registers or context slots: gathered into a record */
			return n->aux || rec->kind == TY_NONE ? rec : sema_args_record(S, n);
		}
		if (S->probe->kind != PROBE_TRACEPOINT) {
			sema_err(S, &n->loc, "args in %s probes is not supported by sonde yet", pi->name);
			return &type_none;
		}
		S->probe->args_refs++;
		return S->probe->args[0] ? S->probe->args[0] : &type_none;
	case BI_CTX:
		if (S->probe->kind == PROBE_ITER)
			return check_iter_ctx(S, n);
		return sema_builtin_more(S, n);
	case BI_ARG:
		if (!pi->has_argn) {
			sema_err(S, &n->loc, "arg%d is not available in %s probes%s", n->index, pi->name,
			    pi->has_args ? "; use args.NAME" : "");
			return &type_none;
		}
		/* USDT: every call site says how many arguments it has and where they are */
		bool usdt = false;
		for (int i = 0; i < S->probe->naps; i++) {
			const struct attach_point *ap = &S->probe->aps[i];
			if (ap->kind != PROBE_USDT)
				continue;
			usdt = true;
			if (n->index >= ap->usdt_nargs) {
				if (ap->usdt_nargs == 0)
					sema_err(S, &n->loc, "%s has no arguments", ap->name);
				else if (ap->usdt_nargs == 1)
					sema_err(S, &n->loc, "%s has 1 argument, arg0: there is no arg%d", ap->name,
						 n->index);
				else
					sema_err(S, &n->loc, "%s has %d arguments, arg0 to arg%d: there is no arg%d",
						 ap->name, ap->usdt_nargs, ap->usdt_nargs - 1, n->index);
				return &type_none;
			}
			if (ap->usdt_args[n->index].kind == USDT_ARG_UNSUPPORTED) {
				sema_err(S, &n->loc, "arg%d of %s is at '%s', which sonde cannot read", n->index,
					 ap->name, ap->usdt_args[n->index].spec);
				return &type_none;
			}
		}
		/* sign-extended from each site's own size, as bpftrace types them */
		return usdt ? &type_s64 : &type_u64;
	case BI_RETVAL:
		if (S->probe->kind == PROBE_FEXIT) {
			/* the function's return type, when every function of the block agrees */
			struct type *rt = NULL;
			for (int i = 0; i < S->probe->naps; i++) {
				struct type *a = btf_func_args(S->probe->aps[i].target, S->probe->aps[i].func, true, NULL);
				struct type *t = a && a->nfields > 0 ? a->fields[a->nfields - 1].type : NULL;
				if (!t || !sema_is_scalar(t) || (rt && !type_equal(rt, t))) {
					rt = &type_u64;
					break;
				}
				rt = t;
			}
			return rt ? rt : &type_u64;
		}
		if (!pi->has_retval) {
			sema_err(S, &n->loc, "retval is only available in return probes (kretprobe, uretprobe, fexit)");
			return &type_none;
		}
		if (S->probe->kind == PROBE_URETPROBE)
			return uretprobe_type(S);
		return &type_u64;
	default:
		/* issue 3: the standard library's other builtins (sema_stdlib.c) */
		return sema_builtin_more(S, n);
	}
}

