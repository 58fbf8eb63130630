/*
 * kernel_check.c: whether this kernel can run a script's kernel probes, and
 * what to use instead where it cannot. Kernels built without kprobes, or
 * that refuse fentry programs, still have tracepoints: most functions people
 * probe have a tracepoint at, or near, the same place.
 */
#include "kernel_probe.h"
#include "btf.h"
#include "diag.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

/* Kernel functions and the tracepoint that fires at (about) the same place; the first this kernel has wins. */
static const struct {
	const char *func;
	const char *tp;      /* CATEGORY:EVENT */
} alternatives[] = {
	{ "do_sys_openat2", "syscalls:sys_enter_openat" },
	{ "do_sys_open", "syscalls:sys_enter_openat" },
	{ "do_filp_open", "syscalls:sys_enter_openat" },
	{ "vfs_open", "syscalls:sys_enter_openat" },
	{ "vfs_read", "syscalls:sys_enter_read" },
	{ "ksys_read", "syscalls:sys_enter_read" },
	{ "vfs_readv", "syscalls:sys_enter_readv" },
	{ "vfs_write", "syscalls:sys_enter_write" },
	{ "ksys_write", "syscalls:sys_enter_write" },
	{ "vfs_writev", "syscalls:sys_enter_writev" },
	{ "vfs_fsync", "syscalls:sys_enter_fsync" },
	{ "vfs_fsync_range", "syscalls:sys_enter_fsync" },
	{ "vfs_unlink", "syscalls:sys_enter_unlinkat" },
	{ "do_unlinkat", "syscalls:sys_enter_unlinkat" },
	{ "vfs_rename", "syscalls:sys_enter_renameat2" },
	{ "vfs_mkdir", "syscalls:sys_enter_mkdirat" },
	{ "do_nanosleep", "syscalls:sys_enter_clock_nanosleep" },
	{ "hrtimer_nanosleep", "syscalls:sys_enter_clock_nanosleep" },
	{ "do_execveat_common", "syscalls:sys_enter_execve" },
	{ "bprm_execve", "sched:sched_process_exec" },
	{ "exec_binprm", "sched:sched_process_exec" },
	{ "security_bprm_check", "sched:sched_process_exec" },
	{ "kernel_clone", "sched:sched_process_fork" },
	{ "_do_fork", "sched:sched_process_fork" },
	{ "copy_process", "sched:sched_process_fork" },
	{ "wake_up_new_task", "sched:sched_wakeup_new" },
	{ "do_exit", "sched:sched_process_exit" },
	{ "do_group_exit", "sched:sched_process_exit" },
	{ "finish_task_switch", "sched:sched_switch" },
	{ "__schedule", "sched:sched_switch" },
	{ "schedule", "sched:sched_switch" },
	{ "try_to_wake_up", "sched:sched_waking" },
	{ "ttwu_do_wakeup", "sched:sched_wakeup" },
	{ "kfree_skb", "skb:kfree_skb" },
	{ "kfree_skb_reason", "skb:kfree_skb" },
	{ "sk_skb_reason_drop", "skb:kfree_skb" },
	{ "tcp_drop", "skb:kfree_skb" },
	{ "consume_skb", "skb:consume_skb" },
	{ "tcp_set_state", "sock:inet_sock_set_state" },
	{ "inet_csk_accept", "sock:inet_sock_set_state" },
	{ "tcp_connect", "sock:inet_sock_set_state" },
	{ "tcp_v4_connect", "sock:inet_sock_set_state" },
	{ "tcp_v6_connect", "sock:inet_sock_set_state" },
	{ "tcp_close", "sock:inet_sock_set_state" },
	{ "tcp_retransmit_skb", "tcp:tcp_retransmit_skb" },
	{ "__tcp_retransmit_skb", "tcp:tcp_retransmit_skb" },
	{ "tcp_v4_send_reset", "tcp:tcp_send_reset" },
	{ "tcp_send_active_reset", "tcp:tcp_send_reset" },
	{ "tcp_reset", "tcp:tcp_receive_reset" },
	{ "tcp_rcv_established", "tcp:tcp_probe" },
	{ "dev_queue_xmit", "net:net_dev_queue" },
	{ "__dev_queue_xmit", "net:net_dev_queue" },
	{ "netif_receive_skb", "net:netif_receive_skb" },
	{ "__netif_receive_skb", "net:netif_receive_skb" },
	{ "napi_gro_receive", "net:napi_gro_receive_entry" },
	/* block_io_start/done (6.5) fire inside blk_account_io_start/done: older kernels get the rq events */
	{ "blk_account_io_done", "block:block_io_done" },
	{ "blk_account_io_done", "block:block_rq_complete" },
	{ "__blk_account_io_done", "block:block_io_done" },
	{ "__blk_account_io_done", "block:block_rq_complete" },
	{ "blk_mq_end_request", "block:block_rq_complete" },
	{ "blk_update_request", "block:block_rq_complete" },
	{ "blk_account_io_start", "block:block_io_start" },
	{ "blk_account_io_start", "block:block_rq_insert" },
	{ "__blk_account_io_start", "block:block_io_start" },
	{ "__blk_account_io_start", "block:block_rq_insert" },
	{ "blk_mq_start_request", "block:block_rq_issue" },
	{ "submit_bio", "block:block_bio_queue" },
	{ "submit_bio_noacct", "block:block_bio_queue" },
	{ "__kmalloc", "kmem:kmalloc" },
	{ "__kmalloc_node", "kmem:kmalloc" },
	{ "kmalloc_trace", "kmem:kmalloc" },
	{ "kmem_cache_alloc", "kmem:kmem_cache_alloc" },
	{ "kfree", "kmem:kfree" },
	{ "kmem_cache_free", "kmem:kmem_cache_free" },
	{ "__alloc_pages", "kmem:mm_page_alloc" },
	{ "__free_pages", "kmem:mm_page_free" },
	{ "handle_mm_fault", "exceptions:page_fault_user" },
	{ "__send_signal", "signal:signal_generate" },
	{ "__send_signal_locked", "signal:signal_generate" },
	{ "send_signal", "signal:signal_generate" },
	{ "do_send_sig_info", "signal:signal_generate" },
	{ "get_signal", "signal:signal_deliver" },
	{ "oom_kill_process", "oom:mark_victim" },
	{ "__writeback_single_inode", "writeback:writeback_single_inode" },
	{ "wb_writeback", "writeback:writeback_start" },
	{ "balance_dirty_pages", "writeback:balance_dirty_pages" },
	{ "handle_irq_event", "irq:irq_handler_entry" },
	{ "__handle_irq_event_percpu", "irq:irq_handler_entry" },
	{ "__do_softirq", "irq:softirq_entry" },
	{ "mutex_lock", "lock:contention_begin" },
	{ "cap_capable", "capability:cap_capable" },
};

/* The prefixes of syscall implementations: __x64_sys_read is read(2). */
static const char *const syscall_prefixes[] = {
	"__x64_sys_", "__ia32_sys_", "__ia32_compat_sys_", "__arm64_sys_", "__se_sys_", "__do_sys_",
	"__do_compat_sys_", "ksys_", "sys_",
};

static const char *const tracefs_roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

/* 1: the kernel has tracepoint CAT:EVENT; 0: it has not; -1: tracefs cannot tell. */
static int tp_exists(const char *cat_event)
{
	const char *colon = strchr(cat_event, ':');

	for (size_t i = 0; i < ARRAY_SIZE(tracefs_roots); i++) {
		char *events = xasprintf("%s/events", tracefs_roots[i]);
		bool have_events = access(events, X_OK) == 0;
		free(events);
		if (!have_events)
			continue;
		char *id = xasprintf("%s/events/%.*s/%s/id", tracefs_roots[i], (int)(colon - cat_event), cat_event,
				     colon + 1);
		int ok = access(id, R_OK) == 0;
		free(id);
		return ok;
	}
	return -1;
}

/* Return probes get the syscall's exit tracepoint; other tracepoints fire once, at their place. */
static const char *for_kind(enum probe_kind kind, const char *tp)
{
	bool ret = kind == PROBE_KRETPROBE || kind == PROBE_FEXIT;
	const char *enter = strstr(tp, "sys_enter_");

	if (ret && enter)
		return arena_printf("%.*ssys_exit_%s", (int)(enter - tp), tp, enter + strlen("sys_enter_"));
	return tp;
}

static const char *checked(enum probe_kind kind, const char *tp)
{
	tp = for_kind(kind, tp);
	return tp_exists(tp) == 0 ? NULL : arena_printf("tracepoint:%s", tp);
}

const char *kernel_probe_alternative(enum probe_kind kind, const char *func)
{
	if (!func)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(alternatives); i++) {
		const char *tp = strcmp(func, alternatives[i].func) ? NULL : checked(kind, alternatives[i].tp);
		if (tp)
			return tp;
	}
	for (size_t i = 0; i < ARRAY_SIZE(syscall_prefixes); i++) {
		size_t n = strlen(syscall_prefixes[i]);
		if (!strncmp(func, syscall_prefixes[i], n) && func[n]) {
			const char *tp = checked(kind, arena_printf("syscalls:sys_enter_%s", func + n));
			if (tp)
				return tp;
		}
	}
	/* many functions share their name with the tracepoint inside them (kfree_skb, ...) */
	static const char *const categories[] = { "sched", "skb", "tcp", "sock", "block", "kmem", "irq",
						  "net", "writeback", "signal", "timer", "workqueue" };
	for (size_t i = 0; i < ARRAY_SIZE(categories); i++) {
		const char *tp = arena_printf("%s:%s", categories[i], func);
		if (tp_exists(tp) == 1)
			return arena_printf("tracepoint:%s", tp);
	}
	return NULL;
}

/* "use tracepoint:... instead", or the other kind of kernel probe when this kernel has it. */
static void suggest(const struct attach_point *ap, const char *instead)
{
	const char *tp = kernel_probe_alternative(ap->kind, ap->func);

	if (tp) {
		diag_note("%s fires at about the same place: use it instead (sonde -lv '%s' lists its args)",
			  tp, tp);
	} else if (instead) {
		diag_note("%s traces the same function on this kernel", instead);
	} else {
		diag_note("tracepoints and raw tracepoints work on this kernel: sonde -l 'tracepoint:*' lists them");
	}
	if (tp && instead)
		diag_note("%s also works on this kernel", instead);
}

static const char *fentry_instead(const struct attach_point *ap)
{
	bool ret = ap->kind == PROBE_KRETPROBE;
	int id = 0;

	if (!ap->func || !btf_func_args(NULL, ap->func, false, &id))
		return NULL;
	if (kernel_tracing_error(ret ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY, id) != 0)
		return NULL;
	return arena_printf("%s:%s", ret ? "fexit" : "fentry", ap->func);
}

static int check_kprobe(const struct attach_point *ap)
{
	if (kernel_has_kprobes())
		return 0;
	/* a misspelt function first: the alternative for a function that does not exist helps nobody */
	int err = kernel_probe_missing(ap);
	if (err) {
		diag_note("this kernel has no kprobes either (built without CONFIG_KPROBES): tracepoints and raw "
			  "tracepoints work: sonde -l 'tracepoint:*' lists them");
		return err;
	}
	/* a wildcard's first match means little to the reader: name the pattern as written */
	const char *written = diag_text(&ap->loc);
	const char *what = written && strpbrk(written, "*?[") ? written : ap->name;
	diag_error(&ap->loc, "cannot attach %s: this kernel has no kprobes (built without CONFIG_KPROBES: no "
			     "kprobe event source in /sys/bus/event_source/devices)", what);
	suggest(ap, fentry_instead(ap));
	return -EOPNOTSUPP;
}

static int check_tracing(const struct prog_desc *pd, const struct attach_point *ap)
{
	/* the capability probe loads against vmlinux's BTF: a module's program tells for itself */
	if (pd->attach_btf_module)
		return 0;
	int err = kernel_tracing_error(pd->expected_attach_type, pd->attach_btf_id);

	if (err == 0 || pd->type != BPF_PROG_TYPE_TRACING)
		return 0;
	if (ap->kind == PROBE_ITER) {
		diag_error(&ap->loc, "cannot run %s: this kernel refuses iterator programs (%s)", ap->name,
			   strerror(-err));
		return err;
	}
	diag_error(&ap->loc, "cannot attach %s: this kernel refuses fentry and fexit programs (loading one "
			     "failed: %s)", ap->name, strerror(-err));
	const char *instead = NULL;
	if (kernel_has_kprobes())
		instead = arena_printf("%s:%s", ap->kind == PROBE_FEXIT ? "kretprobe" : "kprobe", ap->func);
	suggest(ap, instead);
	return err;
}

/* As bpftrace: a kretprobe on these spin lock functions can deadlock the kernel. */
static int check_banned(const struct attach_point *ap)
{
	static const char *const banned[] = {
		"_raw_spin_lock", "_raw_spin_lock_irqsave", "_raw_spin_unlock_irqrestore",
		"queued_spin_lock_slowpath",
	};
	const char *written = diag_text(&ap->loc);

	if (ap->kind != PROBE_KRETPROBE || !ap->func || (written && strpbrk(written, "*?[")))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(banned); i++) {
		if (strcmp(ap->func, banned[i]))
			continue;
		diag_error(&ap->loc, "kretprobe:%s can't be used as it might lock up your system.", ap->func);
		return -EPERM;
	}
	return 0;
}

int kernel_probe_check(const struct sonde_prog *p)
{
	bool reported[PROBE_KIND_MAX] = { false };
	int first = 0;

	for (int i = 0; i < p->nprogs; i++) {
		const struct prog_desc *pd = &p->progs[i];
		for (int j = 0; j < pd->naps; j++) {
			const struct attach_point *ap = &pd->aps[j];
			int err = 0;
			if (check_banned(ap)) {
				first = first ? first : -EPERM;
				continue;
			}
			if (ap->kind >= PROBE_KIND_MAX || reported[ap->kind])
				continue;
			switch (ap->kind) {
			case PROBE_KPROBE:
			case PROBE_KRETPROBE:
				err = check_kprobe(ap);
				break;
			case PROBE_FENTRY:
			case PROBE_FEXIT:
			case PROBE_ITER:
				err = check_tracing(pd, ap);
				break;
			default:
				break;
			}
			/* one message per kind of probe: a wildcard's hundred functions fail alike */
			if (err) {
				reported[ap->kind] = true;
				if (!first)
					first = err;
			}
		}
	}
	return first;
}

/*
 * The kernel's lockdown mode (none, integrity, confidentiality), read from
 * securityfs, which is mounted where it is not yet (as root; systemd
 * mounts it on most machines). NULL when the kernel does not say.
 */
const char *kernel_lockdown(void)
{
	static char mode[32];
	static bool done;
	const char *path = "/sys/kernel/security/lockdown";

	if (done)
		return mode[0] ? mode : NULL;
	done = true;
	if (access(path, R_OK) < 0 && geteuid() == 0)
		mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char line[128];
	/* "none [integrity] confidentiality": the active mode is bracketed */
	if (fgets(line, sizeof(line), f)) {
		char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
		if (close && (size_t)(close - open - 1) < sizeof(mode)) {
			memcpy(mode, open + 1, close - open - 1);
			mode[close - open - 1] = '\0';
		}
	}
	fclose(f);
	return mode[0] ? mode : NULL;
}
