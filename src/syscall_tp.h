/*
 * syscall_tp.h: tracepoint:syscalls:sys_enter_X and sys_exit_X, run on the
 * raw sys_enter and sys_exit tracepoints.
 *
 * The syscalls tracepoints are perf events on the raw ones: attaching costs
 * a perf event per probe, and detaching waits for RCU grace periods under a
 * global mutex (about 75 ms a probe here, 17 s for sys_enter_*). A BTF raw
 * tracepoint program detaches in a tenth of a millisecond and is cheaper per
 * event. It runs for every syscall, so it filters by number first: inline
 * for a program that serves a few syscalls, or, for more, through a
 * dispatcher that tail-calls the program of that number from a prog array
 * (a missing slot costs one failed tail call). The fields of the tracepoint's
 * record come from where the kernel takes them: the arguments from pt_regs,
 * the number from the raw tracepoint (orig_ax at exit), `ret` from its
 * second argument. As the tracepoints do, compat (ia32) syscalls are skipped.
 */
#ifndef SONDE_SYSCALL_TP_H
#define SONDE_SYSCALL_TP_H

#include <stdbool.h>
#include <stdint.h>

struct syscall_tp_kernel {
	uint32_t btf_enter, btf_exit;   /* ids of btf_trace_sys_enter / btf_trace_sys_exit */
	int32_t arg_off[6];             /* struct pt_regs: where syscall argument i is */
	int32_t nr_off;                 /* struct pt_regs: orig_ax, the number at exit */
	int32_t compat_off;             /* task_struct: thread_info.status (TS_COMPAT) */
	uint32_t compat_bit;
};

/*
 * The syscall number of a syscalls tracepoint event ("sys_enter_read": 0),
 * and whether it is the exit; -1 when the event is not one sonde can run
 * on the raw tracepoints (an unknown name, another architecture).
 */
int syscall_tp_nr(const char *event, bool *is_exit);

/*
 * What the raw path needs from the running kernel, found once; NULL when it
 * cannot be used (no BTF, no BTF raw tracepoints, SONDE_SYSCALL_TP=perf).
 */
const struct syscall_tp_kernel *syscall_tp_kernel(void);

/* The name of syscall number nr on the build's architecture ("read" for 0 on x86-64); NULL if unknown. */
const char *syscall_tp_name(int nr);

/* Number of syscall numbers: prog arrays have this many slots. */
uint32_t syscall_tp_max_nr(void);

#endif
