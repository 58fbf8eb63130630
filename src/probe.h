/*
 * probe.h: what each probe type is (names, program type, what its context
 * offers) and how attach point spellings become concrete attach points.
 * Adding a probe type means one row in the table in probe.c, an attach
 * function in the runtime's table (attach.c), and its builtins in lowering.
 */
#ifndef SONDE_PROBE_H
#define SONDE_PROBE_H

#include "ast.h"
#include "prog.h"
#include "util.h"

struct probe_info {
	enum probe_kind kind;
	const char *name;          /* "tracepoint" */
	const char *aliases[3];    /* "t" */
	enum bpf_prog_type prog_type;
	bool has_args;             /* `args` is meaningful */
	bool has_argn;             /* arg0..argN */
	bool has_retval;
	bool available_here;       /* filled at run time by probe_check_kernel */
};

const struct probe_info *probe_info(enum probe_kind kind);
/* Kind from a prefix spelling ("t", "tracepoint", "BEGIN"); -1 if unknown. */
int probe_kind_lookup(const char *prefix);

struct sw_event {
	const char *name, *alias;
	uint32_t config;           /* PERF_COUNT_SW_* / PERF_COUNT_HW_* */
	uint64_t default_period;
};
const struct sw_event *probe_sw_event(const char *name);     /* NULL if unknown */
const struct sw_event *probe_sw_events(size_t *n);
const struct sw_event *probe_hw_event(const char *name);
const struct sw_event *probe_hw_events(size_t *n);

typedef VEC(struct attach_point) attach_vec;

/* -p PID: user-space probes resolve libraries through this process's mappings and fire only in it. */
void probe_set_target_pid(int pid);
int probe_target_pid(void);
/* -c CMD: the command's first word, whose program watchpoint:FUNC+argN probes (without -p) */
void probe_set_command(const char *argv0);
/*
 * -p PID on the command line: as bpftrace (0.23), kernel probes fire only in
 * that process too; the program tests the pid first. Tools filter as their
 * options say and do not set it. 0: no filter.
 */
void probe_set_filter_pid(int pid);
/* --unsafe: attach points whose safety cannot be checked (a uprobe on a symbol of size 0) are allowed */
void probe_set_unsafe(bool unsafe);
bool probe_unsafe(void);
int probe_filter_pid(void);
/* Whether a probe of this kind is filtered by probe_filter_pid(). */
bool probe_kind_pid_filtered(enum probe_kind kind);
/* begin, end and self: programs sonde runs itself (test_run), attached to nothing */
bool probe_is_special(enum probe_kind kind);
/*
 * config missing_probes = "ignore": an attach point missing beside others of
 * its probe is skipped without the warning.
 */
void probe_set_quiet_missing(bool quiet);
bool probe_quiet_missing(void);
/*
 * Parses one attach point as written and appends the concrete points it
 * names (tracepoint wildcards are expanded against tracefs). Reports errors
 * with diag_error and returns -EINVAL; returns the number appended. A
 * wildcard that matches nothing is an error when it is its probe's only
 * attach point (`alone`); beside others it adds nothing, with a warning, as
 * in bpftrace (dcsnoop.bt's kprobe:lookup_fast.constprop.* on kernels
 * without that clone).
 */
int probe_expand(const struct ast_attach *a, bool alone, attach_vec *out);

#endif
