/*
 * kernel_probe.h: kernel attach points (kprobe, kretprobe, fentry, fexit,
 * rawtracepoint, iter): resolving and expanding them, what this kernel can
 * run, tracepoints to use instead where it cannot, and attaching them.
 *
 * The compiler's side (kernel_probe.c):
 *   probe_expand   -> kernel_probe_expand    wildcards, existence, canonical names
 *   lowering       -> kernel_probe_prepare   program type, attach type, BTF id
 *   before loading -> kernel_probe_check     "this kernel has no kprobes; use ..."
 * The runtime's side (kernel_attach.c): the attach functions of attach.c's
 * table, and kernel_iter_run, which runs iterators once after begin.
 */
#ifndef SONDE_KERNEL_PROBE_H
#define SONDE_KERNEL_PROBE_H

#include "probe.h"
#include "prog.h"

/*
 * Expands kprobe:[MOD:]FN[+OFF], kretprobe:[MOD:]FN, fentry/fexit:[MOD:]FN,
 * rawtracepoint:[MOD:]NAME (MOD and FN may be globs) and iter:NAME[:PIN]
 * (parts split at ':', parts[0] the probe type) into concrete attach points:
 * target is the module (NULL for the kernel itself; the iterator for iter),
 * func the function (the pin path for iter). A name that matches nothing is
 * an error naming the nearest ones; a wildcard that matches nothing adds
 * nothing, with a warning, unless it is `alone` (see probe_expand). Returns
 * the number added, or -EINVAL after diag_error.
 */
int kernel_probe_expand(const char *text, char **parts, int nparts, bool alone, struct attach_point *ap,
			attach_vec *out);

/*
 * Fills pd->type, expected_attach_type and attach_btf_id for a program whose
 * attach points are kernel probes (no-op for other programs). fentry, fexit,
 * iter and BTF raw tracepoints need one program per attach point: a program
 * serves one BTF id. Raw tracepoints sharing a program fall back to plain raw
 * tracepoints. -errno after diag_error.
 */
int kernel_probe_prepare(struct prog_desc *pd);

/* The kernel's active lockdown mode ("none", "integrity", "confidentiality"), or NULL if unknown. */
const char *kernel_lockdown(void);

/*
 * Before loading: whether this kernel can run the programs' kernel probes
 * (kprobes built in, fentry allowed, ...). Reports each kind that cannot run
 * at its first attach point, with a tracepoint at the same place where one
 * exists. 0 or -errno.
 */
int kernel_probe_check(const struct sonde_prog *p);

/*
 * The probe to use instead of kprobe/kretprobe/fentry/fexit on `func` where
 * this kernel lacks them: "tracepoint:syscalls:sys_enter_read". Only
 * tracepoints this kernel has (when tracefs can tell). NULL if none is known.
 */
const char *kernel_probe_alternative(enum probe_kind kind, const char *func);

/*
 * kprobe/kretprobe on one function: if the kernel has no function of that
 * name (in that module), reports it with the nearest names and returns
 * -ENOENT; 0 if it has one, or if its functions cannot be listed.
 */
int kernel_probe_missing(const struct attach_point *ap);

/* What this kernel offers (each probed once). */
bool kernel_has_kprobes(void);           /* the perf kprobe PMU */
bool kernel_has_kprobe_multi(void);      /* BPF_TRACE_KPROBE_MULTI links (5.18+) */
/* A program that returns 0, loaded to ask the kernel what it takes: its fd, or -errno. */
int kernel_load_empty(enum bpf_prog_type type, enum bpf_attach_type attach, uint32_t btf_id);
int kernel_tracing_error(enum bpf_attach_type type, uint32_t btf_id); /* 0, or why a TRACING program fails to load */

/* Calls fn for the kernel functions kprobes can attach to that match glob (module NULL: vmlinux). */
int kernel_probe_foreach_func(const char *glob, void (*fn)(const char *name, const char *module, void *arg),
			      void *arg);

/* ---- runtime (kernel_attach.c) ---- */
struct runtime;
int kernel_attach_kprobe(struct runtime *rt, int prog, const struct attach_point *ap);
int kernel_attach_tracing(struct runtime *rt, int prog, const struct attach_point *ap);
int kernel_attach_iter(struct runtime *rt, int prog, const struct attach_point *ap);
/*
 * Once begin has run: reads every iterator to its end, delivering its
 * events as it goes. Returns 1 if the program has iterators (the run is then
 * over, as with bpftrace), 0 if not, -errno after diag_error.
 */
int kernel_iter_run(struct runtime *rt);

#endif
