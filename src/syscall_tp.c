/* syscall_tp.c: which syscalls tracepoints run on the raw tracepoints, and the kernel facts that takes. */
#include "syscall_tp.h"
#include "btf_scan.h"
#include "kernel_probe.h"

#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>

struct syscall_nr {
	const char *name;
	int nr;
};

#if defined(__x86_64__)
/* from the build's <asm/unistd.h> (scripts/syscall-nrs.sh), sorted by name */
static const struct syscall_nr nrs[] = {
#include "syscall_nrs.h"
};

/*
 * Events named after the kernel function rather than the syscall (the
 * x86-64 syscall table's entry point differs from its name).
 */
static const struct { const char *event, *syscall; } renamed[] = {
	{ "newfstat", "fstat" }, { "newlstat", "lstat" }, { "newstat", "stat" },
	{ "newuname", "uname" }, { "sendfile64", "sendfile" }, { "umount", "umount2" },
};

/* thread_info.status while a compat (ia32) syscall runs: arch/x86/include/asm/thread_info.h */
#define X86_TS_COMPAT 0x0002
#else
static const struct syscall_nr nrs[] = { { "", -1 } };
static const struct { const char *event, *syscall; } renamed[] = { { "", "" } };
#endif

static int cmp_nr(const void *key, const void *elem)
{
	return strcmp(key, ((const struct syscall_nr *)elem)->name);
}

int syscall_tp_nr(const char *event, bool *is_exit)
{
	const char *name;

	if (!strncmp(event, "sys_enter_", 10)) {
		name = event + 10;
		*is_exit = false;
	} else if (!strncmp(event, "sys_exit_", 9)) {
		name = event + 9;
		*is_exit = true;
	} else {
		return -1;
	}
	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		if (!strcmp(name, renamed[i].event))
			name = renamed[i].syscall;
	const struct syscall_nr *s = bsearch(name, nrs, sizeof(nrs) / sizeof(nrs[0]), sizeof(nrs[0]), cmp_nr);
	return s ? s->nr : -1;
}

const char *syscall_tp_name(int nr)
{
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		if (nrs[i].nr == nr && nrs[i].name[0])
			return nrs[i].name;
	return NULL;
}

uint32_t syscall_tp_max_nr(void)
{
	int max = -1;

	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		if (nrs[i].nr > max)
			max = nrs[i].nr;
	return max + 1;
}

#if defined(__x86_64__)
static bool find_kernel(struct syscall_tp_kernel *k)
{
	/* the registers syscall_get_arguments() reads, in order */
	static const char *const arg_regs[6] = { "di", "si", "dx", "r10", "r8", "r9" };
	struct btf_scan_query q[11] = {
		{ "btf_trace_sys_enter", BTF_KIND_TYPEDEF },
		{ "btf_trace_sys_exit", BTF_KIND_TYPEDEF },
		{ "pt_regs", BTF_KIND_STRUCT, "orig_ax" },
		{ "task_struct", BTF_KIND_STRUCT, "thread_info" },
		{ "thread_info", BTF_KIND_STRUCT, "status" },
	};
	for (int i = 0; i < 6; i++)
		q[5 + i] = (struct btf_scan_query){ "pt_regs", BTF_KIND_STRUCT, arg_regs[i] };
	if (btf_scan("/sys/kernel/btf/vmlinux", q, 11) < 0)
		return false;
	for (int i = 0; i < 11; i++)
		if (!q[i].id || (i >= 2 && q[i].offset < 0))
			return false;
	k->btf_enter = q[0].id;
	k->btf_exit = q[1].id;
	k->nr_off = q[2].offset;
	k->compat_off = q[3].offset + q[4].offset;
	k->compat_bit = X86_TS_COMPAT;
	for (int i = 0; i < 6; i++)
		k->arg_off[i] = q[5 + i].offset;
	/* a kernel without BTF raw tracepoints (or one that refuses them) keeps the perf events */
	return kernel_tracing_error(BPF_TRACE_RAW_TP, k->btf_enter) == 0;
}
#else
static bool find_kernel(struct syscall_tp_kernel *k)
{
	(void)k;
	return false;
}
#endif

const struct syscall_tp_kernel *syscall_tp_kernel(void)
{
	static struct syscall_tp_kernel k;
	static int state;   /* 0: not looked yet, 1: usable, -1: not */

	if (!state) {
		const char *env = getenv("SONDE_SYSCALL_TP");
		state = (env && !strcmp(env, "perf")) || !find_kernel(&k) ? -1 : 1;
	}
	return state > 0 ? &k : NULL;
}
