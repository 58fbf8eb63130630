/*
 * test_kernel_probe.c: kernel attach points without attaching anything:
 * spellings, wildcard expansion against this machine's functions and BTF,
 * program types, and the tracepoints suggested where kprobes or fentry are
 * missing. /proc/kallsyms and /sys/kernel/btf/vmlinux are world-readable.
 */
#include "btf.h"
#include "diag.h"
#include "kernel_probe.h"
#include "unit.h"
#include "util.h"

#include <errno.h>
#include <unistd.h>

struct expanded {
	attach_vec aps;
	int ret;
	char *diag;   /* what diagnostics printed */
};

/* `alone`: the attach point is its probe's only one (a wildcard matching nothing is an error) */
static struct expanded expand_in(const char *text, bool alone)
{
	struct expanded e = { 0 };
	size_t len = 0;
	FILE *f = open_memstream(&e.diag, &len);
	struct ast_attach a = { .text = text, .loc = { 1, 1, (int)strlen(text), 0 } };
	int kind;
	char *copy = arena_strdup(text), *parts[6];
	int n = 0;

	diag_reset();
	diag_set_output(f);
	diag_set_source("t.bt", text);
	for (char *s = copy; n < 6;) {
		char *c = n < 5 ? strchr(s, ':') : NULL;
		parts[n++] = s;
		if (!c)
			break;
		*c = '\0';
		s = c + 1;
	}
	kind = probe_kind_lookup(parts[0]);
	struct attach_point ap = { .kind = kind, .loc = a.loc };
	e.ret = kind < 0 ? -EINVAL : kernel_probe_expand(text, parts, n, alone, &ap, &e.aps);
	diag_set_output(NULL);
	fclose(f);
	return e;
}

static struct expanded expand(const char *text)
{
	return expand_in(text, true);
}

static void done(struct expanded *e)
{
	vec_free(&e->aps);
	free(e->diag);
}

UNIT_TEST(test_kprobe_spellings)
{
	struct expanded e = expand("kprobe:vfs_read");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "kprobe:vfs_read");
	CHECK_STR(e.aps.data[0].func, "vfs_read");
	CHECK(e.aps.data[0].target == NULL);
	done(&e);

	e = expand("kprobe:vfs_read+0x10");
	CHECK_INT(e.ret, 1);
	CHECK_INT(e.aps.data[0].offset, 16);
	CHECK_STR(e.aps.data[0].name, "kprobe:vfs_read+16");
	done(&e);

	e = expand("k:vmlinux:vfs_read");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "kprobe:vfs_read");
	done(&e);

	e = expand("kr:vfs_read");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "kretprobe:vfs_read");
	done(&e);
}

UNIT_TEST(test_kprobe_errors)
{
	struct expanded e = expand("kretprobe:vfs_read+4");
	CHECK_INT(e.ret, -EINVAL);
	CHECK(strstr(e.diag, "t.bt:1:1: error: kretprobe:vfs_read+4: only kprobes take an offset"));
	done(&e);

	e = expand("kprobe:vfs_read+4x");
	CHECK(strstr(e.diag, "error: '4x' is not a valid offset"));
	done(&e);

	e = expand("kprobe:");
	CHECK(strstr(e.diag, "error: kprobe:: expected a function name"));
	done(&e);

	e = expand("kprobe:a:b:c");
	CHECK(strstr(e.diag, "expected a function name"));
	done(&e);

	/* one function is looked up when it is attached (or checked before), not when expanded */
	e = expand("kprobe:vfs_raed");
	CHECK_INT(e.ret, 1);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_set_output(f);
	CHECK_INT(kernel_probe_missing(&e.aps.data[0]), -ENOENT);
	struct attach_point ok = e.aps.data[0];
	ok.func = "vfs_read";
	CHECK_INT(kernel_probe_missing(&ok), 0);
	ok.target = "nf_tables";
	ok.name = "kprobe:nf_tables:vfs_read";
	CHECK_INT(kernel_probe_missing(&ok), -ENOENT);
	diag_set_output(NULL);
	fclose(f);
	CHECK(strstr(buf, "error: kprobe:vfs_raed: no kernel function named 'vfs_raed'; did you mean 'vfs_read'?"));
	CHECK(strstr(buf, "error: kprobe:nf_tables:vfs_read: 'vfs_read' is not a function of module nf_tables"));
	free(buf);
	done(&e);

	e = expand("kprobe:sonde_no_such_fn_*");
	CHECK(strstr(e.diag, "error: no kernel functions match 'kprobe:sonde_no_such_fn_*'"));
	done(&e);

	e = expand("kprobe:vfs_rea*+4");
	CHECK(strstr(e.diag, "a wildcard takes no offset"));
	done(&e);
}

static bool has_name(const struct expanded *e, const char *name)
{
	for (size_t i = 0; i < e->aps.len; i++)
		if (!strcmp(e->aps.data[i].name, name))
			return true;
	return false;
}

UNIT_TEST(test_wildcards)
{
	struct expanded e = expand("kprobe:vfs_rea*");
	CHECK(e.ret >= 2 && (size_t)e.ret == e.aps.len);
	CHECK(has_name(&e, "kprobe:vfs_read"));
	CHECK(has_name(&e, "kprobe:vfs_readv"));
	/* each function once */
	for (size_t i = 0; i < e.aps.len; i++)
		for (size_t j = i + 1; j < e.aps.len; j++)
			CHECK(strcmp(e.aps.data[i].name, e.aps.data[j].name));
	done(&e);

	/* in name order, as bpftrace lists them: vfs_read before vfs_readv */
	e = expand("kprobe:vfs_rea*");
	CHECK_STR(e.aps.data[0].name, "kprobe:vfs_read");
	for (size_t i = 1; i < e.aps.len; i++)
		CHECK(strcmp(e.aps.data[i - 1].func, e.aps.data[i].func) < 0);
	done(&e);

	/* beside other attach points, a wildcard that matches nothing is skipped with a warning */
	e = expand_in("kprobe:sonde_no_such_fn*", false);
	CHECK_INT(e.ret, 0);
	CHECK(e.diag && strstr(e.diag, "warning: kprobe:sonde_no_such_fn* matches nothing on this kernel: skipped"));
	done(&e);
	e = expand_in("kprobe:sonde_no_such_fn*", true);
	CHECK_INT(e.ret, -EINVAL);
	CHECK(e.diag && strstr(e.diag, "error: no kernel functions match 'kprobe:sonde_no_such_fn*'"));
	done(&e);

	/* the probe machinery's own functions are left out of wildcards */
	e = expand("kprobe:rcu_read_lock*");
	CHECK_INT(e.ret, -EINVAL);
	done(&e);

	e = expand("fentry:vfs_rea*");
	CHECK(e.ret >= 2);
	CHECK(has_name(&e, "fentry:vmlinux:vfs_read"));
	done(&e);

	e = expand("rawtracepoint:sched_switc?");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "rawtracepoint:vmlinux:sched_switch");
	done(&e);

	/* bpftrace 0.24's spelling, and a module wildcard matching vmlinux */
	e = expand("rt:vmlinu*:sys_e*");
	CHECK_INT(e.ret, 2);
	CHECK(has_name(&e, "rawtracepoint:vmlinux:sys_enter") && has_name(&e, "rawtracepoint:vmlinux:sys_exit"));
	done(&e);

	e = expand("rawtracepoint:vmlinux:sched_switch");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "rawtracepoint:vmlinux:sched_switch");
	CHECK(e.aps.data[0].target == NULL);
	done(&e);
}

UNIT_TEST(test_btf_probes)
{
	struct expanded e = expand("fentry:vfs_read");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "fentry:vmlinux:vfs_read");
	done(&e);

	e = expand("kretfunc:vfs_read");
	CHECK_STR(e.aps.data[0].name, "fexit:vmlinux:vfs_read");
	done(&e);

	e = expand("fentry:vfs_raed");
	CHECK(strstr(e.diag, "fentry:vfs_raed: no function with BTF named 'vfs_raed'; did you mean 'vfs_read'?"));
	done(&e);

	e = expand("fexit:vfs_read+8");
	CHECK(strstr(e.diag, "only kprobes take an offset"));
	done(&e);

	e = expand("fentry:no_such_mod:f");
	CHECK(strstr(e.diag, "no module 'no_such_mod' with BTF (/sys/kernel/btf/no_such_mod)"));
	done(&e);

	/* a module wildcard looks in modules' BTF only (this machine's modules, if any, have no such function) */
	e = expand("fentry:ext*:no_such_function_sonde");
	CHECK_INT(e.ret, -EINVAL);
	CHECK(strstr(e.diag, "fentry:ext*:no_such_function_sonde: no module with BTF matching 'ext*' has a "
			     "traceable function named 'no_such_function_sonde'"));
	done(&e);

	e = expand("fentry:*:vfs_read");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "fentry:vmlinux:vfs_read");
	done(&e);

	e = expand("rawtracepoint:sched_swich");
	CHECK(strstr(e.diag, "no raw tracepoint named 'sched_swich'; did you mean 'sched_switch'?"));
	done(&e);
}

UNIT_TEST(test_iter)
{
	struct expanded e = expand("iter:task");
	CHECK_INT(e.ret, 1);
	CHECK_STR(e.aps.data[0].name, "iter:task");
	CHECK_STR(e.aps.data[0].target, "task");
	CHECK(e.aps.data[0].func == NULL);
	done(&e);

	e = expand("it:task_file:files");
	CHECK_STR(e.aps.data[0].name, "iter:task_file:files");
	CHECK_STR(e.aps.data[0].func, "files");
	done(&e);

	e = expand("iter:tsak");
	CHECK_INT(e.ret, -EINVAL);
	CHECK(strstr(e.diag, "iter:tsak: this kernel has no iterator 'tsak'"));
	CHECK(strstr(e.diag, "note: its iterators: ") && strstr(e.diag, "task_vma"));
	done(&e);

	e = expand("iter:task*");
	CHECK(strstr(e.diag, "no wildcards"));
	done(&e);

	e = expand("iter:");
	CHECK(strstr(e.diag, "expected iter:NAME"));
	done(&e);
}

static struct prog_desc prepared(const char *text, int *err)
{
	struct expanded e = expand(text);
	struct prog_desc pd = { .aps = e.aps.data, .naps = e.aps.len, .type = BPF_PROG_TYPE_UNSPEC };
	*err = e.ret < 0 ? e.ret : kernel_probe_prepare(&pd);
	free(e.diag);
	return pd;
}

UNIT_TEST(test_prepare)
{
	int err, id = 0;
	struct prog_desc pd = prepared("fexit:vfs_read", &err);
	CHECK_INT(err, 0);
	CHECK_INT(pd.type, BPF_PROG_TYPE_TRACING);
	CHECK_INT(pd.expected_attach_type, BPF_TRACE_FEXIT);
	btf_func_args(NULL, "vfs_read", false, &id);
	CHECK_INT(pd.attach_btf_id, id);
	free(pd.aps);

	pd = prepared("iter:task_vma", &err);
	CHECK_INT(err, 0);
	CHECK_INT(pd.expected_attach_type, BPF_TRACE_ITER);
	btf_iter_ctx("task_vma", &id);
	CHECK_INT(pd.attach_btf_id, id);
	free(pd.aps);

	/* raw tracepoints sharing a program are plain raw tracepoints, attached by name */
	pd = prepared("rawtracepoint:sys_e*", &err);
	CHECK_INT(err, 0);
	CHECK_INT(pd.naps, 2);
	CHECK_INT(pd.type, BPF_PROG_TYPE_RAW_TRACEPOINT);
	CHECK_INT(pd.attach_btf_id, 0);
	free(pd.aps);

	pd = prepared("kprobe:vfs_read", &err);
	CHECK_INT(pd.type, BPF_PROG_TYPE_KPROBE);
	CHECK_INT(pd.expected_attach_type, 0);
	free(pd.aps);

	/* one fentry program serves one function */
	struct expanded e = expand("fentry:vfs_rea*");
	pd = (struct prog_desc){ .aps = e.aps.data, .naps = e.aps.len };
	diag_reset();
	FILE *devnull = fopen("/dev/null", "w");
	diag_set_output(devnull);
	CHECK_INT(kernel_probe_prepare(&pd), -EINVAL);
	diag_set_output(NULL);
	fclose(devnull);
	done(&e);
}

UNIT_TEST(test_alternatives)
{
	/* tracefs may be unreadable here (not root): suggestions are then not checked against it */
	const char *tp = kernel_probe_alternative(PROBE_KPROBE, "vfs_read");
	CHECK_STR(tp, "tracepoint:syscalls:sys_enter_read");
	CHECK_STR(kernel_probe_alternative(PROBE_KRETPROBE, "vfs_read"), "tracepoint:syscalls:sys_exit_read");
	CHECK_STR(kernel_probe_alternative(PROBE_FENTRY, "do_sys_openat2"), "tracepoint:syscalls:sys_enter_openat");
	CHECK_STR(kernel_probe_alternative(PROBE_FEXIT, "do_sys_openat2"), "tracepoint:syscalls:sys_exit_openat");
	CHECK_STR(kernel_probe_alternative(PROBE_KPROBE, "__x64_sys_getpid"), "tracepoint:syscalls:sys_enter_getpid");
	CHECK_STR(kernel_probe_alternative(PROBE_KRETPROBE, "__do_sys_getppid"),
		  "tracepoint:syscalls:sys_exit_getppid");
	CHECK_STR(kernel_probe_alternative(PROBE_KPROBE, "tcp_drop"), "tracepoint:skb:kfree_skb");
	CHECK_STR(kernel_probe_alternative(PROBE_KPROBE, "finish_task_switch"), "tracepoint:sched:sched_switch");
	/* block_io_done where the kernel has it (6.5), else the request's completion */
	tp = kernel_probe_alternative(PROBE_KPROBE, "blk_account_io_done");
	CHECK(tp && (!strcmp(tp, "tracepoint:block:block_io_done") || !strcmp(tp, "tracepoint:block:block_rq_complete")));
	CHECK(access("/sys/kernel/tracing/events/block/block_io_done", F_OK) != 0 ||
	      (tp && !strcmp(tp, "tracepoint:block:block_io_done")));
	CHECK_STR(kernel_probe_alternative(PROBE_KPROBE, "tcp_set_state"), "tracepoint:sock:inet_sock_set_state");
	/* a syscall tracepoint that does not exist is not suggested */
	CHECK(kernel_probe_alternative(PROBE_KPROBE, "__x64_sys_no_such_call_sonde") == NULL ||
	      access("/sys/kernel/tracing/events", X_OK) != 0);
	CHECK(kernel_probe_alternative(PROBE_KPROBE, "sonde_no_such_function") == NULL);
	CHECK(kernel_probe_alternative(PROBE_KPROBE, NULL) == NULL);
}

UNIT_MAIN()
