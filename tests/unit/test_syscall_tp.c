/*
 * test_syscall_tp.c: the syscall numbers behind tracepoint:syscalls events,
 * and the BTF facts the raw path reads without loading BTF (btf_scan),
 * checked against libbpf reading the same file.
 */
#include "btf_scan.h"
#include "syscall_tp.h"
#include "unit.h"

#include <bpf/btf.h>
#include <linux/btf.h>

UNIT_TEST(test_nr_names)
{
	bool is_exit = true;

	CHECK_INT(syscall_tp_nr("sys_enter_read", &is_exit), 0);
	CHECK(!is_exit);
	CHECK_INT(syscall_tp_nr("sys_exit_openat", &is_exit), 257);
	CHECK(is_exit);
	CHECK_INT(syscall_tp_nr("sys_enter_getppid", &is_exit), 110);
	/* named after the kernel function, not the syscall */
	CHECK_INT(syscall_tp_nr("sys_enter_newstat", &is_exit), 4);
	CHECK_INT(syscall_tp_nr("sys_enter_newuname", &is_exit), 63);
	CHECK_INT(syscall_tp_nr("sys_exit_umount", &is_exit), 166);
	CHECK_INT(syscall_tp_nr("sys_enter_sendfile64", &is_exit), 40);
	/* newer than Debian 12's headers: from the kernel's table */
	CHECK_INT(syscall_tp_nr("sys_enter_cachestat", &is_exit), 451);
	CHECK_INT(syscall_tp_nr("sys_enter_file_setattr", &is_exit), 469);
	CHECK_INT(syscall_tp_nr("sys_enter_uretprobe", &is_exit), 335);
	/* not syscalls events, or no such syscall */
	CHECK_INT(syscall_tp_nr("sched_switch", &is_exit), -1);
	CHECK_INT(syscall_tp_nr("sys_enter_no_such_call", &is_exit), -1);
	CHECK_INT(syscall_tp_nr("sys_enter_", &is_exit), -1);
	CHECK(syscall_tp_max_nr() > 469);
}

static int libbpf_member(struct btf *b, const char *sname, const char *member)
{
	int id = btf__find_by_name_kind(b, sname, BTF_KIND_STRUCT);
	if (id < 0)
		return -2;
	const struct btf_type *t = btf__type_by_id(b, id);
	for (int i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(b, btf_members(t)[i].name_off), member))
			return btf_member_bit_offset(t, i) / 8;
	return -1;
}

UNIT_TEST(test_btf_scan_matches_libbpf)
{
	struct btf *b = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	CHECK(b != NULL);
	if (!b)
		return;
	struct btf_scan_query q[] = {
		{ "btf_trace_sys_enter", BTF_KIND_TYPEDEF },
		{ "btf_trace_sys_exit", BTF_KIND_TYPEDEF },
		{ "pt_regs", BTF_KIND_STRUCT, "di" },
		{ "pt_regs", BTF_KIND_STRUCT, "orig_ax" },
		{ "task_struct", BTF_KIND_STRUCT, "thread_info" },
		{ "thread_info", BTF_KIND_STRUCT, "status" },
		{ "sk_buff", BTF_KIND_STRUCT, "len" },
		{ "no_such_type_here", BTF_KIND_STRUCT, "x" },
		{ "pt_regs", BTF_KIND_STRUCT, "no_such_member" },
	};
	CHECK_INT(btf_scan("/sys/kernel/btf/vmlinux", q, 9), 0);
	CHECK_INT(q[0].id, btf__find_by_name_kind(b, "btf_trace_sys_enter", BTF_KIND_TYPEDEF));
	CHECK_INT(q[1].id, btf__find_by_name_kind(b, "btf_trace_sys_exit", BTF_KIND_TYPEDEF));
	CHECK_INT(q[2].offset, libbpf_member(b, "pt_regs", "di"));
	CHECK_INT(q[3].offset, libbpf_member(b, "pt_regs", "orig_ax"));
	CHECK_INT(q[4].offset, libbpf_member(b, "task_struct", "thread_info"));
	CHECK_INT(q[5].offset, libbpf_member(b, "thread_info", "status"));
	CHECK_INT(q[6].offset, libbpf_member(b, "sk_buff", "len"));
	CHECK_INT(q[6].id, btf__find_by_name_kind(b, "sk_buff", BTF_KIND_STRUCT));
	CHECK_INT(q[7].id, 0);
	CHECK_INT(q[8].offset, -1);
	CHECK(q[8].id > 0);
	btf__free(b);
	/* not BTF */
	struct btf_scan_query bad = { "pt_regs", BTF_KIND_STRUCT };
	CHECK(btf_scan("/proc/self/status", &bad, 1) < 0);
	CHECK(btf_scan("/nonexistent", &bad, 1) < 0);
}

UNIT_MAIN()
