/*
 * info.c: `sonde --info`, what this machine offers sonde, in the shape of
 * bpftrace's --info: the system, the build, and the kernel's helpers,
 * features, map types and probe types, each probed (libbpf's feature probes
 * load a tiny program or create a map).
 */
#include "kernel_probe.h"
#include "info.h"
#include "btf.h"
#include "runtime.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* libbpf cannot probe helpers of tracing programs (they need a function to attach to) */
static const char *helper_answer(enum bpf_prog_type type, enum bpf_func_id id)
{
	int r = libbpf_probe_bpf_helper(type, id, NULL);
	return r == -EOPNOTSUPP ? "unknown (fentry programs only)" : yes_no(r > 0);
}

static bool path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

void info_print(FILE *out, const char *version)
{
	static const struct { const char *name; enum bpf_func_id id; } helpers[] = {
		{ "probe_read_user", BPF_FUNC_probe_read_user },
		{ "probe_read_user_str", BPF_FUNC_probe_read_user_str },
		{ "probe_read_kernel", BPF_FUNC_probe_read_kernel },
		{ "probe_read_kernel_str", BPF_FUNC_probe_read_kernel_str },
		{ "get_current_cgroup_id", BPF_FUNC_get_current_cgroup_id },
		{ "send_signal", BPF_FUNC_send_signal },
		{ "override_return", BPF_FUNC_override_return },
		{ "get_boot_ns", BPF_FUNC_ktime_get_boot_ns },
		{ "dpath", BPF_FUNC_d_path },
		{ "skboutput", BPF_FUNC_skb_output },
		{ "get_tai_ns", BPF_FUNC_ktime_get_tai_ns },
		{ "get_func_ip", BPF_FUNC_get_func_ip },
		{ "jiffies64", BPF_FUNC_jiffies64 },
		{ "for_each_map_elem", BPF_FUNC_for_each_map_elem },
		{ "get_ns_current_pid_tgid", BPF_FUNC_get_ns_current_pid_tgid },
		{ "lookup_percpu_elem", BPF_FUNC_map_lookup_percpu_elem },
		{ "loop", BPF_FUNC_loop },
	};
	static const struct { const char *name; enum bpf_map_type type; } maps[] = {
		{ "hash", BPF_MAP_TYPE_HASH },
		{ "percpu hash", BPF_MAP_TYPE_PERCPU_HASH },
		{ "lru hash", BPF_MAP_TYPE_LRU_HASH },
		{ "array", BPF_MAP_TYPE_ARRAY },
		{ "percpu array", BPF_MAP_TYPE_PERCPU_ARRAY },
		{ "stack_trace", BPF_MAP_TYPE_STACK_TRACE },
		{ "perf_event_array", BPF_MAP_TYPE_PERF_EVENT_ARRAY },
		{ "ringbuf", BPF_MAP_TYPE_RINGBUF },
		{ "prog_array", BPF_MAP_TYPE_PROG_ARRAY },
	};
	struct utsname u;

	fprintf(out, "System\n");
	if (uname(&u) == 0) {
		fprintf(out, "  OS: %s %s %s\n", u.sysname, u.release, u.version);
		fprintf(out, "  Arch: %s\n", u.machine);
	}
	fprintf(out, "\nBuild\n  version: %s\n  libbpf: %s\n  LLVM: none (sonde emits BPF itself)\n", version,
		libbpf_version_string());

	fprintf(out, "\nKernel helpers\n");
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		/* d_path and skb_output are for tracing programs; kprobe programs answer for the others */
		enum bpf_prog_type t = helpers[i].id == BPF_FUNC_d_path || helpers[i].id == BPF_FUNC_skb_output
				       ? BPF_PROG_TYPE_TRACING : BPF_PROG_TYPE_KPROBE;
		fprintf(out, "  %s: %s\n", helpers[i].name, helper_answer(t, helpers[i].id));
	}

	fprintf(out, "\nKernel features\n");
	fprintf(out, "  btf: %s\n", yes_no(btf_available()));
	fprintf(out, "  module btf: %s\n", yes_no(path_exists("/sys/kernel/btf") && btf_available()));
	fprintf(out, "  tracefs: %s\n", yes_no(tracefs_dir() != NULL));
	/* integrity lockdown refuses bpf_probe_write_user (write_user); confidentiality kernel reads too */
	const char *lockdown = kernel_lockdown();
	fprintf(out, "  lockdown: %s\n", lockdown ? lockdown : "unknown");

	fprintf(out, "\nMap types\n");
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		fprintf(out, "  %s: %s\n", maps[i].name, yes_no(libbpf_probe_bpf_map_type(maps[i].type, NULL) > 0));

	fprintf(out, "\nProbe types\n");
	fprintf(out, "  kprobe: %s\n", yes_no(path_exists("/sys/bus/event_source/devices/kprobe")));
	fprintf(out, "  uprobe: %s\n", yes_no(path_exists("/sys/bus/event_source/devices/uprobe")));
	fprintf(out, "  tracepoint: %s\n", yes_no(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACEPOINT, NULL) > 0));
	fprintf(out, "  raw_tracepoint: %s\n",
		yes_no(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_RAW_TRACEPOINT, NULL) > 0));
	fprintf(out, "  perf_event: %s\n", yes_no(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_PERF_EVENT, NULL) > 0));
	fprintf(out, "  hardware: %s\n", yes_no(path_exists("/sys/bus/event_source/devices/cpu/events")));
	fprintf(out, "  fentry: %s\n", yes_no(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) > 0));
}
