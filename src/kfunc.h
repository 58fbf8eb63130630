/*
 * kfunc.h: kernel functions (kfuncs) that generated programs call with
 * BPF_PSEUDO_KFUNC_CALL: their vmlinux BTF ids, and whether this kernel lets
 * a program type call them.
 *
 * A kernel registers each kfunc for some program types only (bpf_task_from_pid:
 * tracing programs, and from 6.12 tracepoint and perf event programs too),
 * and says so only when a program is loaded. kfunc_allowed() asks the
 * verifier with a program of that type that calls the function once.
 */
#ifndef SONDE_KFUNC_H
#define SONDE_KFUNC_H

#include "probe.h"

#include <linux/bpf.h>
#include <stdbool.h>

/* The vmlinux BTF id of the kernel function `name`, or -ENOENT (no BTF, no such function). */
int kfunc_btf_id(const char *name);

/* Whether a program of this type may call the kernel function `name` here (false if it does not exist). */
bool kfunc_allowed(const char *name, enum bpf_prog_type type);

/*
 * The program type a probe of this kind loads as on this kernel, for what
 * kfunc_allowed() answers: rawtracepoint is a BTF (tracing) program where
 * the kernel runs those. A probe's real program may differ in its attach type
 * only, which does not change which kfuncs it may call.
 */
enum bpf_prog_type kfunc_prog_type(enum probe_kind kind);

/*
 * The probe kinds whose programs may call `name`, as "tracepoint, interval,
 * ..." (bpftrace's names), into buf; empty when none.
 */
void kfunc_allowed_kinds(const char *name, char *buf, size_t size);

#endif
