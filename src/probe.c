/* probe.c: the probe types, and attach point spellings to concrete attach points. */
#include "probe.h"
#include "runtime.h"
#include "uprobe.h"
#include "kernel_probe.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>

static struct probe_info probes[PROBE_KIND_MAX] = {
	[PROBE_BEGIN] = { PROBE_BEGIN, "begin", { "BEGIN" }, BPF_PROG_TYPE_RAW_TRACEPOINT },
	[PROBE_END] = { PROBE_END, "end", { "END" }, BPF_PROG_TYPE_RAW_TRACEPOINT },
	[PROBE_TRACEPOINT] = { PROBE_TRACEPOINT, "tracepoint", { "t" }, BPF_PROG_TYPE_TRACEPOINT, .has_args = true },
	[PROBE_RAWTRACEPOINT] = { PROBE_RAWTRACEPOINT, "rawtracepoint", { "rt" }, BPF_PROG_TYPE_RAW_TRACEPOINT,
				  .has_args = true, .has_argn = true },
	[PROBE_INTERVAL] = { PROBE_INTERVAL, "interval", { "i" }, BPF_PROG_TYPE_PERF_EVENT },
	[PROBE_PROFILE] = { PROBE_PROFILE, "profile", { "p" }, BPF_PROG_TYPE_PERF_EVENT },
	[PROBE_SOFTWARE] = { PROBE_SOFTWARE, "software", { "s" }, BPF_PROG_TYPE_PERF_EVENT },
	[PROBE_HARDWARE] = { PROBE_HARDWARE, "hardware", { "h" }, BPF_PROG_TYPE_PERF_EVENT },
	[PROBE_KPROBE] = { PROBE_KPROBE, "kprobe", { "k" }, BPF_PROG_TYPE_KPROBE, .has_argn = true },
	[PROBE_KRETPROBE] = { PROBE_KRETPROBE, "kretprobe", { "kr" }, BPF_PROG_TYPE_KPROBE, .has_retval = true },
	[PROBE_FENTRY] = { PROBE_FENTRY, "fentry", { "f", "kfunc" }, BPF_PROG_TYPE_TRACING, .has_args = true },
	[PROBE_FEXIT] = { PROBE_FEXIT, "fexit", { "fr", "kretfunc" }, BPF_PROG_TYPE_TRACING, .has_args = true,
			  .has_retval = true },
	[PROBE_UPROBE] = { PROBE_UPROBE, "uprobe", { "u" }, BPF_PROG_TYPE_KPROBE, .has_argn = true },
	[PROBE_URETPROBE] = { PROBE_URETPROBE, "uretprobe", { "ur" }, BPF_PROG_TYPE_KPROBE, .has_retval = true },
	[PROBE_USDT] = { PROBE_USDT, "usdt", { "U" }, BPF_PROG_TYPE_KPROBE, .has_argn = true },
	[PROBE_ITER] = { PROBE_ITER, "iter", { "it" }, BPF_PROG_TYPE_TRACING, .has_args = true },
	[PROBE_WATCHPOINT] = { PROBE_WATCHPOINT, "watchpoint", { "w", "asyncwatchpoint", "aw" },
			       BPF_PROG_TYPE_PERF_EVENT },
	[PROBE_SELF] = { PROBE_SELF, "self", { NULL }, BPF_PROG_TYPE_RAW_TRACEPOINT },
};


const struct probe_info *probe_info(enum probe_kind kind)
{
	return kind < PROBE_KIND_MAX ? &probes[kind] : NULL;
}

static int target_pid;

void probe_set_target_pid(int pid)
{
	target_pid = pid;
}

int probe_target_pid(void)
{
	return target_pid;
}

static bool unsafe_mode;

void probe_set_unsafe(bool unsafe)
{
	unsafe_mode = unsafe;
}

bool probe_unsafe(void)
{
	return unsafe_mode;
}

static int filter_pid;

void probe_set_filter_pid(int pid)
{
	filter_pid = pid;
}

int probe_filter_pid(void)
{
	return filter_pid;
}

bool probe_is_special(enum probe_kind kind)
{
	return kind == PROBE_BEGIN || kind == PROBE_END || kind == PROBE_SELF;
}

bool probe_kind_pid_filtered(enum probe_kind kind)
{
	switch (kind) {
	case PROBE_TRACEPOINT:
	case PROBE_RAWTRACEPOINT:
	case PROBE_PROFILE:
	case PROBE_SOFTWARE:
	case PROBE_HARDWARE:
	case PROBE_KPROBE:
	case PROBE_KRETPROBE:
	case PROBE_FENTRY:
	case PROBE_FEXIT:
		return true;
	default:
		/*
		 * begin, end and interval run in no process of interest (bpftrace
		 * stopped filtering interval), iter in sonde's own; uprobes, usdt
		 * and watchpoints are attached to the process itself
		 */
		return false;
	}
}

static bool quiet_missing;

void probe_set_quiet_missing(bool quiet)
{
	quiet_missing = quiet;
}

bool probe_quiet_missing(void)
{
	return quiet_missing;
}

int probe_kind_lookup(const char *prefix)
{
	for (int k = 0; k < PROBE_KIND_MAX; k++) {
		if (!strcmp(prefix, probes[k].name))
			return k;
		for (size_t i = 0; i < ARRAY_SIZE(probes[k].aliases) && probes[k].aliases[i]; i++)
			if (!strcmp(prefix, probes[k].aliases[i]))
				return k;
	}
	return -1;
}

/* Default periods are bpftrace's, so that `software:page-faults` samples alike. */
static const struct sw_event sw_events[] = {
	{ "cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000 },
	{ "task-clock", NULL, PERF_COUNT_SW_TASK_CLOCK, 1000000 },
	{ "page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100 },
	{ "context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000 },
	{ "cpu-migrations", NULL, PERF_COUNT_SW_CPU_MIGRATIONS, 1 },
	{ "minor-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MIN, 100 },
	{ "major-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1 },
	{ "alignment-faults", NULL, PERF_COUNT_SW_ALIGNMENT_FAULTS, 1 },
	{ "emulation-faults", NULL, PERF_COUNT_SW_EMULATION_FAULTS, 1 },
	{ "dummy", NULL, PERF_COUNT_SW_DUMMY, 1 },
	{ "bpf-output", NULL, PERF_COUNT_SW_BPF_OUTPUT, 1 },
};

static const struct sw_event hw_events[] = {
	{ "cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES, 1000000 },
	{ "instructions", NULL, PERF_COUNT_HW_INSTRUCTIONS, 1000000 },
	{ "cache-references", NULL, PERF_COUNT_HW_CACHE_REFERENCES, 1000000 },
	{ "cache-misses", NULL, PERF_COUNT_HW_CACHE_MISSES, 1000000 },
	{ "branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 100000 },
	{ "branch-misses", NULL, PERF_COUNT_HW_BRANCH_MISSES, 100000 },
	{ "bus-cycles", NULL, PERF_COUNT_HW_BUS_CYCLES, 100000 },
	{ "frontend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 1000000 },
	{ "backend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 1000000 },
	{ "ref-cycles", NULL, PERF_COUNT_HW_REF_CPU_CYCLES, 1000000 },
};

static const struct sw_event *find_event(const struct sw_event *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name) || (t[i].alias && !strcmp(t[i].alias, name)))
			return &t[i];
	return NULL;
}

const struct sw_event *probe_sw_event(const char *name)
{
	return find_event(sw_events, ARRAY_SIZE(sw_events), name);
}

const struct sw_event *probe_sw_events(size_t *n)
{
	*n = ARRAY_SIZE(sw_events);
	return sw_events;
}

const struct sw_event *probe_hw_event(const char *name)
{
	return find_event(hw_events, ARRAY_SIZE(hw_events), name);
}

const struct sw_event *probe_hw_events(size_t *n)
{
	*n = ARRAY_SIZE(hw_events);
	return hw_events;
}

/* The attach point split at ':' (quotes already removed by the lexer). */
struct parts {
	char *p[6];
	int n;
	struct loc loc;
	const char *text;
};

static void split(const struct ast_attach *a, struct parts *ps)
{
	char *s = arena_strdup(a->text);

	ps->n = 0;
	ps->loc = a->loc;
	ps->text = a->text;
	for (;;) {
		char *c = ps->n < (int)ARRAY_SIZE(ps->p) - 1 ? strchr(s, ':') : NULL;
		ps->p[ps->n++] = s;
		if (!c)
			break;
		*c = '\0';
		s = c + 1;
	}
}

static int bad(const struct parts *ps, const char *fmt, const char *arg)
{
	diag_error(&ps->loc, fmt, arg);
	return -EINVAL;
}

/* A positive count: decimal with optional '_' separators or k/M suffixes users write for rates. */
static bool parse_count(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s == '_')
			continue;
		if (!isdigit((unsigned char)*s))
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

static int64_t unit_ns(const char *u)
{
	static const struct { const char *name; int64_t ns; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
		{ "m", 60000000000 }, { "min", 60000000000 }, { "h", 3600000000000 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (!strcmp(u, units[i].name))
			return units[i].ns;
	return strcmp(u, "hz") ? -1 : 0;
}

/*
 * interval:s:N, interval:hz:N and the short interval:Ns. Periods are in
 * nanoseconds; hz sets freq instead. The name keeps the unit as written, as
 * bpftrace's `probe` and -l show it: interval:ms:1000, interval:ms:100 for
 * interval:100ms.
 */
static int parse_rate(const struct parts *ps, enum probe_kind kind, struct attach_point *ap)
{
	const char *unit, *num;
	char buf[32];

	if (ps->n == 3) {
		unit = ps->p[1];
		num = ps->p[2];
	} else if (ps->n == 2) {
		/* interval:100ms: digits then a unit */
		const char *s = ps->p[1];
		size_t i = 0;
		while (isdigit((unsigned char)s[i]) || s[i] == '_')
			i++;
		if (i == 0 || !s[i] || i >= sizeof(buf))
			return bad(ps, "%s: expected a rate like interval:s:1, interval:hz:99 or interval:100ms",
				   ps->text);
		memcpy(buf, s, i);
		buf[i] = '\0';
		num = buf;
		unit = s + i;
	} else {
		return bad(ps, "%s: expected a rate like interval:s:1, interval:hz:99 or interval:100ms", ps->text);
	}
	int64_t mult = unit_ns(unit);
	if (mult < 0)
		return bad(ps, "unknown time unit '%s': use s, ms, us, ns or hz", unit);
	uint64_t n;
	if (!parse_count(num, &n) || n == 0)
		return bad(ps, "'%s' is not a positive whole number", num);
	if (mult == 0) {
		ap->freq = n;
	} else {
		if (n > UINT64_MAX / (uint64_t)mult)
			return bad(ps, "%s: the period is too long", ps->text);
		ap->period = n * (uint64_t)mult;
	}
	ap->name = arena_printf("%s:%s:%llu", probes[kind].name, unit, (unsigned long long)n);
	return 0;
}

/* self:signal:SIGUSR1 (or USR1): the signals a self probe may take */
static int self_signal(const char *name)
{
	if (!strncmp(name, "SIG", 3))
		name += 3;
	if (!strcmp(name, "USR1"))
		return SIGUSR1;
	if (!strcmp(name, "USR2"))
		return SIGUSR2;
	return -EINVAL;
}

static int expand_self(const struct parts *ps, struct attach_point *ap, attach_vec *out)
{
	if (ps->n != 3 || strcmp(ps->p[1], "signal"))
		return bad(ps, "%s: expected self:signal:SIGNAL (SIGUSR1 or SIGUSR2)", ps->text);
	int sig = self_signal(ps->p[2]);
	if (sig < 0)
		return bad(ps, "a self probe takes SIGUSR1 or SIGUSR2, not '%s' (sonde stops on SIGINT and SIGTERM)",
			   ps->p[2]);
	ap->perf_config = (uint32_t)sig;
	ap->name = arena_printf("self:signal:%s", sig == SIGUSR1 ? "SIGUSR1" : "SIGUSR2");
	vec_push(out, *ap);
	return 1;
}

struct tp_expand {
	attach_vec *out;
	struct attach_point proto;
	int n;
};

static void add_tracepoint(const char *cat, const char *name, void *arg)
{
	struct tp_expand *x = arg;
	struct attach_point ap = x->proto;

	ap.target = arena_strdup(cat);
	ap.func = arena_strdup(name);
	ap.name = arena_printf("tracepoint:%s:%s", cat, name);
	vec_push(x->out, ap);
	x->n++;
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int expand_tracepoint(const struct parts *ps, bool alone, struct attach_point *ap, attach_vec *out)
{
	if (ps->n != 3 || !*ps->p[1] || !*ps->p[2])
		return bad(ps, "%s: expected tracepoint:CATEGORY:EVENT", ps->text);
	if (!has_glob(ps->p[1]) && !has_glob(ps->p[2])) {
		ap->target = ps->p[1];
		ap->func = ps->p[2];
		ap->name = arena_printf("tracepoint:%s:%s", ap->target, ap->func);
		vec_push(out, *ap);
		return 1;
	}
	struct tp_expand x = { .out = out, .proto = *ap };
	if (!tracefs_dir())
		return bad(ps, "%s: cannot list tracepoints without tracefs", ps->text);
	tracefs_tp_foreach(ps->p[1], ps->p[2], add_tracepoint, &x);
	if (x.n == 0 && alone)
		return bad(ps, "no tracepoints match '%s'", ps->text);
	if (x.n == 0)
		diag_warn(&ap->loc, "%s matches nothing on this kernel: skipped", ps->text);
	return x.n;
}

static int expand_perf(const struct parts *ps, struct attach_point *ap, attach_vec *out, bool hw)
{
	if (ps->n < 2 || ps->n > 3 || !*ps->p[1])
		return bad(ps, hw ? "%s: expected hardware:EVENT[:COUNT]" : "%s: expected software:EVENT[:COUNT]",
			   ps->text);
	const struct sw_event *ev = hw ? probe_hw_event(ps->p[1]) : probe_sw_event(ps->p[1]);
	if (!ev)
		return bad(ps, hw ? "unknown hardware event '%s' (sonde -l 'hardware:*' lists them)"
				  : "unknown software event '%s' (sonde -l 'software:*' lists them)",
			   ps->p[1]);
	ap->perf_type = hw ? PERF_TYPE_HARDWARE : PERF_TYPE_SOFTWARE;
	ap->perf_config = ev->config;
	ap->period = ev->default_period;
	if (ps->n == 3 && (!parse_count(ps->p[2], &ap->period) || ap->period == 0))
		return bad(ps, "'%s' is not a positive count", ps->p[2]);
	ap->target = ev->name;
	/*
	 * Named as written, as bpftrace names it (`probe`, -l, messages):
	 * software:cpu:1000 stays so, not software:cpu-clock:1000, and a count
	 * left out is left out of the name, though the default period applies.
	 */
	const char *type = hw ? "hardware" : "software";
	ap->name = ps->n == 3 ? arena_printf("%s:%s:%llu", type, ps->p[1], (unsigned long long)ap->period)
			      : arena_printf("%s:%s", type, ps->p[1]);
	vec_push(out, *ap);
	return 1;
}

/*
 * LEN and MODE of a watchpoint: LEN bytes (1, 2, 4 or 8) into ap->perf_type,
 * the mode's HW_BREAKPOINT_* into ap->perf_config, its letters in rwx order
 * into sorted. Modes as x86 debug registers take them: w, rw or x (no reads
 * alone, no execution with data accesses).
 */
static int watch_len_mode(const struct parts *ps, struct attach_point *ap, char sorted[4])
{
	static const struct { const char *mode; uint32_t type; } modes[] = {
		{ "w", HW_BREAKPOINT_W }, { "rw", HW_BREAKPOINT_RW }, { "x", HW_BREAKPOINT_X },
	};
	size_t nsorted = 0;

	if (strcmp(ps->p[2], "1") && strcmp(ps->p[2], "2") && strcmp(ps->p[2], "4") && strcmp(ps->p[2], "8"))
		return bad(ps, "watchpoint length '%s' must be 1, 2, 4 or 8", ps->p[2]);
	ap->perf_type = (uint32_t)atoi(ps->p[2]);
	/* the mode's letters in any order, each once: rw == wr */
	memset(sorted, 0, 4);
	const char *m = ps->p[3];
	size_t len = strlen(m);
	if (len == 0 || len > 3 || strspn(m, "rwx") != len)
		return bad(ps, "watchpoint mode '%s' must be made of r, w and x", m);
	for (const char *c = "rwx"; *c; c++) {
		const char *at = strchr(m, *c);
		if (at && strchr(at + 1, *c))
			return bad(ps, "watchpoint mode '%s' repeats a letter", m);
		if (at)
			sorted[nsorted++] = *c;
	}
	ap->perf_config = 0;
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (!strcmp(sorted, modes[i].mode))
			ap->perf_config = modes[i].type;
	if (!ap->perf_config)
		return bad(ps, "watchpoint mode '%s' is not one this machine can watch: w, rw or x", m);
	if (ap->perf_config == HW_BREAKPOINT_X && ap->perf_type != sizeof(long))
		return bad(ps, "%s: an execution watchpoint watches one instruction: its length must be 8", ps->text);
	return 0;
}

static const char *command_word;

void probe_set_command(const char *argv0)
{
	command_word = argv0;
}

/*
 * watchpoint:FUNC+argN:LEN:MODE: each function FUNC (a glob) names in the
 * program of -p's process or -c's command is an attach point of its own,
 * named watchpoint:BINARY:FUNC:LEN:MODE as bpftrace names it. The uprobe on
 * it arms the breakpoint at run time (watch.c).
 */
static int expand_watch_func(const struct parts *ps, struct attach_point *ap, bool alone, attach_vec *out)
{
	char *func = arena_strdup(ps->p[1]);
	char *plus = strrchr(func, '+');
	char sorted[4];

	*plus = '\0';
	const char *arg = plus + 1;
	if (!*func || strncmp(arg, "arg", 3) || arg[3] < '0' || arg[3] > '5' || arg[4])
		return bad(ps, "%s: expected watchpoint:FUNCTION+argN:LENGTH:MODE with N from 0 to 5 (an argument "
			   "passed in a register holds the address to watch)", ps->text);
	if (watch_len_mode(ps, ap, sorted))
		return -EINVAL;
	if (target_pid <= 0 && !command_word)
		return bad(ps, "%s: a function's argument is an address in a process: run sonde with -p PID or "
			   "-c CMD to name it", ps->text);
	ap->watch_func = true;
	ap->watch_arg = arg[3] - '0';
	ap->async = ps->p[0][0] == 'a';
	size_t first = out->len;
	int n = uprobe_expand_watch(target_pid > 0 ? NULL : command_word, func, alone, ap, out);
	if (n < 0)
		return n;
	for (size_t i = first; i < out->len; i++) {
		struct attach_point *w = &out->data[i];
		/* "watchpoint:BINARY:FUNC" as the uprobe side names it */
		w->name = arena_printf("%s%s:%s:%s", ap->async ? "async" : "", w->name, ps->p[2], sorted);
	}
	return n;
}

/*
 * watchpoint:ADDR:LEN:MODE (asyncwatchpoint, w, aw alike): a hardware
 * breakpoint on LEN (1, 2, 4 or 8) bytes at ADDR, firing on reads (r),
 * writes (w) or execution (x). ADDR is in the kernel, or with -p/-c in that
 * process. watchpoint:FUNC+argN:LEN:MODE watches the address in a
 * function's argument N when the function is called.
 */
static int expand_watchpoint(const struct parts *ps, bool alone, struct attach_point *ap, attach_vec *out)
{
	bool async = ps->p[0][0] == 'a';
	char sorted[4];
	char *end;

	if (ps->n != 4 || !*ps->p[1])
		return bad(ps, "%s: expected watchpoint:ADDRESS:LENGTH:MODE (watchpoint:0x10000000:8:rw) or "
			   "watchpoint:FUNCTION+argN:LENGTH:MODE", ps->text);
	if (strchr(ps->p[1], '+'))
		return expand_watch_func(ps, ap, alone, out);
	errno = 0;
	ap->offset = strtoull(ps->p[1], &end, 0);
	if (errno || *end || ps->p[1][0] == '-')
		return bad(ps, "watchpoint address '%s' is not a number (a function's argument is FUNCTION+argN)",
			   ps->p[1]);
	if (ap->offset == 0)
		return bad(ps, "%s: the watched address must not be 0", ps->text);
	if (watch_len_mode(ps, ap, sorted))
		return -EINVAL;
	ap->pid = target_pid;
	ap->name = arena_printf("%s:0x%llx:%s:%s", async ? "asyncwatchpoint" : "watchpoint",
				(unsigned long long)ap->offset, ps->p[2], sorted);
	vec_push(out, *ap);
	return 1;
}

int probe_expand(const struct ast_attach *a, bool alone, attach_vec *out)
{
	struct parts ps;
	struct attach_point ap = { .loc = a->loc };

	split(a, &ps);
	int kind = probe_kind_lookup(ps.p[0]);
	if (kind < 0) {
		if (ps.n == 1)
			return bad(&ps, "unknown probe '%s' (probes look like tracepoint:CATEGORY:EVENT; "
					"sonde -l lists them)", ps.text);
		return bad(&ps, "unknown probe type '%s'", ps.p[0]);
	}
	ap.kind = kind;
	switch ((enum probe_kind)kind) {
	case PROBE_BEGIN:
	case PROBE_END:
		if (ps.n != 1)
			return bad(&ps, "%s takes no arguments", probes[kind].name);
		ap.name = probes[kind].name;
		vec_push(out, ap);
		return 1;
	case PROBE_TRACEPOINT:
		return expand_tracepoint(&ps, alone, &ap, out);
	case PROBE_INTERVAL:
	case PROBE_PROFILE:
		if (parse_rate(&ps, kind, &ap))
			return -EINVAL;
		vec_push(out, ap);
		return 1;
	case PROBE_SOFTWARE:
		return expand_perf(&ps, &ap, out, false);
	case PROBE_HARDWARE:
		return expand_perf(&ps, &ap, out, true);
	case PROBE_KPROBE:
	case PROBE_KRETPROBE:
	case PROBE_FENTRY:
	case PROBE_FEXIT:
	case PROBE_RAWTRACEPOINT:
	case PROBE_ITER:
		return kernel_probe_expand(ps.text, ps.p, ps.n, alone, &ap, out);
	case PROBE_UPROBE:
	case PROBE_URETPROBE:
	case PROBE_USDT:
		return uprobe_expand(ps.text, ps.p, ps.n, alone, &ap, out);
	case PROBE_WATCHPOINT:
		return expand_watchpoint(&ps, alone, &ap, out);
	case PROBE_SELF:
		return expand_self(&ps, &ap, out);
	case PROBE_KIND_MAX:
		break;
	}
	return bad(&ps, "unknown probe '%s'", ps.text);
}
