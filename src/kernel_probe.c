/*
 * kernel_probe.c: kernel attach points, on the compiler's side: expanding
 * kprobe:vfs_* against the kernel's functions, fentry:vfs_* against its BTF,
 * choosing each program's type and BTF id, and telling the user, before
 * anything is loaded, when this kernel cannot run a probe and what to use
 * instead.
 */
#include "kernel_probe.h"
#include "btf.h"
#include "btf_src.h"
#include "diag.h"
#include "runtime.h"
#include "util.h"

#include <bpf/bpf.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Beyond this many kprobes, attaching one perf event each takes minutes (kprobe_multi takes more). */
#define MAX_KPROBES 1024
#define MAX_KPROBES_MULTI 50000
/* Each fentry function is a program of its own, loaded and verified separately. */
#define MAX_FENTRY 512

static const char *const tracefs_roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

/* ---- the kernel's functions ---- */

struct kfunc {
	const char *name;
	const char *module;  /* NULL: vmlinux */
};

static struct {
	bool loaded;
	bool traceable;      /* from available_filter_functions: what ftrace (fentry, kprobe_multi) can attach to */
	VEC(struct kfunc) v;
	uint32_t *slots;     /* hash of names: index + 1 into v */
	uint32_t mask;
	VEC(char *) blacklist;  /* sorted */
	char *text, *blacklist_text;  /* the names point into these */
} kf;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint32_t str_hash(const char *s)
{
	return fnv32(FNV32_BASIS, s, strlen(s));
}

static const struct kfunc *kfunc_find(const char *name)
{
	if (!kf.slots)
		return NULL;
	for (uint32_t i = str_hash(name) & kf.mask; kf.slots[i]; i = (i + 1) & kf.mask)
		if (!strcmp(kf.v.data[kf.slots[i] - 1].name, name))
			return &kf.v.data[kf.slots[i] - 1];
	return NULL;
}

static void kfunc_add(char *name, char *module)
{
	if (!*name || !strncmp(name, "__ftrace_invalid_address__", 26))
		return;
	vec_push(&kf.v, ((struct kfunc){ name, module }));
}

/* "name" or "name [module]" lines (available_filter_functions). */
static void parse_filter_functions(char *text)
{
	for (char *line = text, *eol; *line; line = eol) {
		eol = strchr(line, '\n');
		if (eol)
			*eol++ = '\0';
		else
			eol = line + strlen(line);
		char *sp = strchr(line, ' ');
		char *mod = NULL;
		if (sp) {
			*sp = '\0';
			char *lb = strchr(sp + 1, '['), *rb = lb ? strchr(lb, ']') : NULL;
			if (rb) {
				*rb = '\0';
				mod = lb + 1;
			}
		}
		kfunc_add(line, mod);
	}
}

/* The address on the line of kallsyms that names SYM ("ffffffff83576000 T _sinittext"), 0 without one. */
static unsigned long long kallsyms_line_addr(const char *text, const char *sym)
{
	size_t n = strlen(sym);

	for (const char *p = strstr(text, sym); p; p = strstr(p + 1, sym)) {
		if (p - text < 3 || p[-1] != ' ' || (p[n] != '\n' && p[n] != '\0'))
			continue;
		const char *line = p;
		while (line > text && line[-1] != '\n')
			line--;
		return strtoull(line, NULL, 16);
	}
	return 0;
}

/* "ffffffff816d5b70 T vfs_read" or "... t name\t[module]" lines: text symbols only. */
static void parse_kallsyms(char *text)
{
	/* init code (vfs_caches_init) is freed after boot: nothing can probe it */
	unsigned long long init_start = kallsyms_line_addr(text, "_sinittext");
	unsigned long long init_end = kallsyms_line_addr(text, "_einittext");

	for (char *line = text, *eol; *line; line = eol) {
		eol = strchr(line, '\n');
		if (eol)
			*eol++ = '\0';
		else
			eol = line + strlen(line);
		char *type = strchr(line, ' ');
		if (!type || (type[1] != 't' && type[1] != 'T') || type[2] != ' ')
			continue;
		char *name = type + 3, *mod = NULL;
		char *tab = strpbrk(name, "\t ");
		if (tab) {
			*tab = '\0';
			char *lb = strchr(tab + 1, '['), *rb = lb ? strchr(lb, ']') : NULL;
			if (rb) {
				*rb = '\0';
				mod = lb + 1;
			}
		}
		/* compiler-made copies (foo.cold, foo.isra.0) are not functions anyone names */
		if (strchr(name, '.'))
			continue;
		unsigned long long addr = strtoull(line, NULL, 16);
		if (!mod && addr >= init_start && addr < init_end)
			continue;
		kfunc_add(name, mod);
	}
}

/* Functions the kernel refuses to kprobe: "0xstart-0xend\tname" lines (debugfs, root only). */
static void load_blacklist(void)
{
	char *text = read_file("/sys/kernel/debug/kprobes/blacklist", NULL);

	if (!text)
		return;
	kf.blacklist_text = text;
	for (char *line = text, *eol; *line; line = eol) {
		eol = strchr(line, '\n');
		if (eol)
			*eol++ = '\0';
		else
			eol = line + strlen(line);
		char *name = strchr(line, '\t');
		if (!name)
			continue;
		name++;
		char *sp = strchr(name, ' ');
		if (sp)
			*sp = '\0';
		/* names point into text, which stays */
		vec_push(&kf.blacklist, name);
	}
	if (kf.blacklist.len)
		qsort(kf.blacklist.data, kf.blacklist.len, sizeof(char *), cmp_str);
}

static bool blacklisted(const char *name)
{
	return kf.blacklist.len && bsearch(&name, kf.blacklist.data, kf.blacklist.len, sizeof(char *), cmp_str);
}

static void kfuncs_load(void)
{
	char *text = NULL;

	if (kf.loaded)
		return;
	kf.loaded = true;
	for (size_t i = 0; i < ARRAY_SIZE(tracefs_roots) && !text; i++) {
		char *path = xasprintf("%s/available_filter_functions", tracefs_roots[i]);
		text = read_file(path, NULL);
		free(path);
	}
	if (text) {
		kf.traceable = true;
		parse_filter_functions(text);
	} else if ((text = read_file("/proc/kallsyms", NULL)) != NULL) {
		parse_kallsyms(text);
	}
	kf.text = text;
	load_blacklist();
	uint32_t size = 64;
	while (size < 2 * kf.v.len)
		size *= 2;
	kf.slots = xcalloc(size, sizeof(*kf.slots));
	kf.mask = size - 1;
	for (size_t i = 0; i < kf.v.len; i++) {
		uint32_t j = str_hash(kf.v.data[i].name) & kf.mask;
		bool dup = false;
		for (; kf.slots[j]; j = (j + 1) & kf.mask)
			if (!strcmp(kf.v.data[kf.slots[j] - 1].name, kf.v.data[i].name))
				dup = true;
		if (!dup)
			kf.slots[j] = i + 1;
	}
}

static bool module_matches(const char *glob, const char *module)
{
	if (!glob)
		return true;
	return !fnmatch(glob, module ? module : "vmlinux", 0);
}

/*
 * Functions no wildcard should attach to: RCU's own, which the probe
 * machinery runs inside of (bpftrace refuses them too), and the few the
 * kernel refuses to trampoline.
 */
static bool wildcard_banned(const char *name)
{
	static const char *const banned[] = {
		"migrate_disable", "migrate_enable", "rcu_read_unlock_strict", "preempt_count_add",
		"preempt_count_sub", "__rcu_read_lock", "__rcu_read_unlock",
	};
	if (!strncmp(name, "rcu_", 4) || !strncmp(name, "__rcu_", 6))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(banned); i++)
		if (!strcmp(name, banned[i]))
			return true;
	return false;
}

int kernel_probe_foreach_func(const char *glob, void (*fn)(const char *name, const char *module, void *arg),
			      void *arg)
{
	int n = 0;

	kfuncs_load();
	for (size_t i = 0; i < kf.v.len; i++) {
		const struct kfunc *k = &kf.v.data[i];
		/* a name listed twice (two static functions) is one attach point */
		if (kfunc_find(k->name) != k || fnmatch(glob, k->name, 0))
			continue;
		fn(k->name, k->module, arg);
		n++;
	}
	return n;
}

/* ---- what this kernel offers ---- */

static const struct bpf_insn return_zero[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

int kernel_load_empty(enum bpf_prog_type type, enum bpf_attach_type attach, uint32_t btf_id)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = attach, .attach_btf_id = btf_id);
	int fd = bpf_prog_load(type, "sonde_probe", "GPL", return_zero, ARRAY_SIZE(return_zero), &o);
	return fd < 0 ? -errno : fd;
}

static int try_load(enum bpf_prog_type type, enum bpf_attach_type attach, uint32_t btf_id)
{
	int fd = kernel_load_empty(type, attach, btf_id);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

bool kernel_has_kprobes(void)
{
	static int have = -1;

	if (have < 0)
		have = access("/sys/bus/event_source/devices/kprobe/type", R_OK) == 0;
	return have;
}

bool kernel_has_kprobe_multi(void)
{
	static int have = -1;

	if (have >= 0)
		return have;
	have = 0;
	int fd = kernel_load_empty(BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, 0);
	if (fd < 0)
		return have;
	/* a kernel with kprobe_multi looks the symbol up and fails to find it; one without refuses the link type */
	const char *sym = "sonde_no_such_function";
	LIBBPF_OPTS(bpf_link_create_opts, lo, .kprobe_multi.syms = &sym, .kprobe_multi.cnt = 1);
	int link = bpf_link_create(fd, 0, BPF_TRACE_KPROBE_MULTI, &lo);
	int err = errno;
	if (link >= 0)
		close(link);
	else
		have = err == ENOENT || err == ESRCH;
	close(fd);
	return have;
}

int kernel_tracing_error(enum bpf_attach_type type, uint32_t btf_id)
{
	static int cached[__MAX_BPF_ATTACH_TYPE];
	static bool known[__MAX_BPF_ATTACH_TYPE];

	if ((unsigned)type >= __MAX_BPF_ATTACH_TYPE)
		return -EINVAL;
	if (!known[type]) {
		cached[type] = try_load(BPF_PROG_TYPE_TRACING, type, btf_id);
		/*
		 * When every program is refused, the cause is missing privileges,
		 * not the program type: load.c says so better.
		 */
		if (cached[type] == -EPERM && try_load(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0) == -EPERM)
			cached[type] = 0;
		known[type] = true;
	}
	return cached[type];
}

/* ---- expansion ---- */

static int bad(const struct attach_point *ap, const char *fmt, const char *arg)
{
	diag_error(&ap->loc, fmt, arg);
	return -EINVAL;
}

static bool has_glob(const char *s)
{
	return s && strpbrk(s, "*?[") != NULL;
}

struct expansion {
	attach_vec *out;
	struct attach_point proto;
	const char *kind;
	const char *mod_glob;
	int n;
	bool alone;
};

static void push(struct expansion *x, const char *module, const char *func)
{
	struct attach_point ap = x->proto;

	ap.target = module ? arena_strdup(module) : NULL;
	ap.func = arena_strdup(func);
	ap.name = module ? arena_printf("%s:%s:%s", x->kind, module, func) : arena_printf("%s:%s", x->kind, func);
	/*
	 * bpftrace 0.24 names every raw tracepoint and fentry/fexit function by its module:
	 * rawtracepoint:vmlinux:sched_switch, fentry:vmlinux:vfs_read
	 */
	if ((ap.kind == PROBE_RAWTRACEPOINT || ap.kind == PROBE_FENTRY || ap.kind == PROBE_FEXIT) && !module)
		ap.name = arena_printf("%s:vmlinux:%s", x->kind, func);
	if (ap.offset)
		ap.name = arena_printf("%s+%llu", ap.name, (unsigned long long)ap.offset);
	vec_push(x->out, ap);
	x->n++;
}

static void push_kfunc(const char *name, const char *module, void *arg)
{
	struct expansion *x = arg;

	if (!module_matches(x->mod_glob, module) || wildcard_banned(name) || blacklisted(name))
		return;
	push(x, module, name);
}

static void push_btf_func(const char *name, void *arg)
{
	struct expansion *x = arg;

	/* a trampoline needs ftrace's hook at the function's start: only traceable functions */
	if (wildcard_banned(name) || (kf.traceable && !kfunc_find(name)) || btf_func_variadic(NULL, name))
		return;
	push(x, NULL, name);
}

static void push_name(const char *name, void *arg)
{
	push(arg, NULL, name);
}

struct nearest {
	const char *want;
	const char *best;
	int best_d;
};

static void nearest_cb(const char *name, void *arg)
{
	struct nearest *nr = arg;
	int d = edit_distance(nr->want, name);

	if (d < nr->best_d) {
		nr->best_d = d;
		nr->best = arena_strdup(name);
	}
}

static void nearest_kfunc_cb(const char *name, const char *module, void *arg)
{
	nearest_cb(name, arg);
}

static void nearest_module_cb(const char *module, const char *name, void *arg)
{
	nearest_cb(name, arg);
}

/* module: the module of fentry:MODULE:FN or rawtracepoint:MODULE:EVENT, whose own names are meant */
static const char *nearest_name(enum probe_kind kind, const char *module, const char *want)
{
	struct nearest nr = { .want = want, .best_d = strlen(want) < 6 ? 2 : 3 };

	if (module && (kind == PROBE_FENTRY || kind == PROBE_FEXIT))
		btf_foreach_module_func(module, "*", nearest_module_cb, &nr);
	else if (module && kind == PROBE_RAWTRACEPOINT)
		btf_foreach_module_raw_tp(module, "*", nearest_module_cb, &nr);
	if (module && kind != PROBE_KPROBE && kind != PROBE_KRETPROBE)
		return nr.best;
	switch (kind) {
	case PROBE_KPROBE:
	case PROBE_KRETPROBE:
		kernel_probe_foreach_func("*", nearest_kfunc_cb, &nr);
		break;
	case PROBE_FENTRY:
	case PROBE_FEXIT:
		btf_foreach_func("*", nearest_cb, &nr);
		break;
	case PROBE_RAWTRACEPOINT:
		btf_foreach_raw_tp("*", nearest_cb, &nr);
		break;
	default:
		break;
	}
	return nr.best;
}

static int no_match(const struct attach_point *ap, const char *text, const char *what, const char *func)
{
	const char *near = has_glob(func) ? NULL : nearest_name(ap->kind, ap->target, func);

	if (has_glob(func))
		diag_error(&ap->loc, "no %s match '%s'", what, text);
	else if (near)
		diag_error(&ap->loc, "%s: no %s named '%s'; did you mean '%s'?", text, what, func, near);
	else
		diag_error(&ap->loc, "%s: no %s named '%s'", text, what, func);
	return -EINVAL;
}

/* A wildcard beside other attach points that matches nothing: bpftrace goes on without it. */
static int skip_empty(const struct attach_point *ap, const char *text)
{
	if (!probe_quiet_missing())
		diag_warn(&ap->loc, "%s matches nothing on this kernel: skipped", text);
	return 0;
}

/*
 * A function the kernel lacks beside other attach points of its probe
 * (kprobe:a,kprobe:b): skipped with a warning, as bpftrace skips a probe it
 * cannot attach ("Unable to attach probe: ... Skipping."), and as sonde skips
 * a missing tracepoint or uprobe function there.
 */
static int skip_missing(const struct attach_point *ap, const char *text, const char *what, const char *func)
{
	if (probe_quiet_missing())
		return 0;
	const char *near = nearest_name(ap->kind, ap->target, func);
	if (near)
		diag_warn(&ap->loc, "%s: no %s named '%s' (did you mean '%s'?): skipped", text, what, func, near);
	else
		diag_warn(&ap->loc, "%s: no %s named '%s': skipped", text, what, func);
	return 0;
}

/* Whether the kernel's list of functions says FN (in MOD, if named) is missing; false when there is no list. */
static bool kfunc_missing(const char *mod, const char *fn)
{
	kfuncs_load();
	if (kf.v.len == 0)
		return false;
	const struct kfunc *k = kfunc_find(fn);
	return !k || (mod && strcmp(mod, "vmlinux") && !module_matches(mod, k->module));
}

int kernel_probe_missing(const struct attach_point *ap)
{
	kfuncs_load();
	const struct kfunc *k = ap->func ? kfunc_find(ap->func) : NULL;

	/* without a list of the kernel's functions, nothing can be said */
	if (!ap->func || kf.v.len == 0)
		return 0;
	if (k && !ap->target)
		return 0;
	if (k && module_matches(ap->target, k->module))
		return 0;
	if (k) {
		diag_error(&ap->loc, "%s: '%s' is not a function of module %s", ap->name, ap->func, ap->target);
		return -ENOENT;
	}
	no_match(ap, ap->name, "kernel function", ap->func);
	return -ENOENT;
}

static int cmp_ap_func(const void *a, const void *b)
{
	const struct attach_point *x = a, *y = b;

	return strcmp(x->func, y->func);
}

static int expand_kprobe(struct expansion *x, const char *text, const char *mod, char *fn)
{
	struct attach_point *ap = &x->proto;
	char *plus = strchr(fn, '+');

	if (plus) {
		if (ap->kind != PROBE_KPROBE)
			return bad(ap, "%s: only kprobes take an offset", text);
		*plus = '\0';
		char *end;
		errno = 0;
		ap->offset = strtoull(plus + 1, &end, 0);
		if (*end || errno || plus[1] == '\0')
			return bad(ap, "'%s' is not a valid offset", plus + 1);
		if (has_glob(fn))
			return bad(ap, "%s: a wildcard takes no offset", text);
	}
	if (!*fn)
		return bad(ap, "%s: expected a function name", text);
	/*
	 * One function: the kernel says at attach time whether it has it.
	 * Reading its list of functions costs a fifth of a second, and
	 * seconds on a slow machine: only wildcards and errors pay for it.
	 */
	if (!has_glob(fn) && !has_glob(mod)) {
		/* beside others, a missing one must be known now, to go on without it */
		if (!x->alone && kfunc_missing(mod, fn))
			return skip_missing(ap, text, "kernel function", fn);
		push(x, mod && strcmp(mod, "vmlinux") ? mod : NULL, fn);
		return x->n;
	}
	kfuncs_load();
	x->mod_glob = mod;
	kernel_probe_foreach_func(fn, push_kfunc, x);
	if (x->n == 0)
		return x->alone ? no_match(ap, text, "kernel functions", fn) : skip_empty(ap, text);
	/* by name, as bpftrace lists them: kprobe:vfs_read* starts at vfs_read, not at kallsyms' first */
	qsort(x->out->data + x->out->len - x->n, x->n, sizeof(*x->out->data), cmp_ap_func);
	int max = kernel_has_kprobe_multi() && kf.traceable ? MAX_KPROBES_MULTI : MAX_KPROBES;
	if (x->n > max) {
		diag_error(&ap->loc, "%s matches %d functions; sonde attaches at most %d: narrow the pattern",
			   text, x->n, max);
		return -EINVAL;
	}
	return x->n;
}

static void push_module_btf_func(const char *module, const char *name, void *arg)
{
	struct expansion *x = arg;
	const struct kfunc *k = kf.traceable ? kfunc_find(name) : NULL;

	/* as vmlinux's: the module's traceable functions only */
	if (wildcard_banned(name) || (kf.traceable && (!k || !module_matches(module, k->module))) ||
	    btf_func_variadic(module, name))
		return;
	btf_use_module(module);
	push(x, module, name);
}

/*
 * fentry:vfs_*, fentry:MOD*:FN*: vmlinux's functions (when the module
 * pattern matches vmlinux or there is none) and those of every module with
 * BTF that match, each typed by its own module's BTF.
 */
static int expand_func_glob(struct expansion *x, const char *text, const char *mod, const char *fn)
{
	struct attach_point *ap = &x->proto;

	kfuncs_load();
	if (!mod || !fnmatch(mod, "vmlinux", 0))
		btf_foreach_func(fn, push_btf_func, x);
	if (mod)
		btf_foreach_module_func(mod, fn, push_module_btf_func, x);
	if (x->n == 0 && x->alone && mod && !has_glob(fn)) {
		/* the module pattern missed: "did you mean" the very name would help nobody */
		diag_error(&ap->loc, "%s: %s with BTF matching '%s' has a traceable function named '%s'", text,
			   fnmatch(mod, "vmlinux", 0) ? "no module" : "neither vmlinux nor a module", mod, fn);
		return -EINVAL;
	}
	if (x->n == 0)
		return x->alone ? no_match(ap, text, "functions", fn) : skip_empty(ap, text);
	if (x->n > MAX_FENTRY) {
		diag_error(&ap->loc, "%s matches %d functions; each is a program of its own and sonde loads at "
				     "most %d: narrow the pattern", text, x->n, MAX_FENTRY);
		return -EINVAL;
	}
	return x->n;
}

/* MODULE:NAME: typed by the module's own BTF (split over vmlinux's). */
static int expand_module_btf(struct expansion *x, const char *text, const char *mod, const char *fn)
{
	struct attach_point *ap = &x->proto;
	bool raw = ap->kind == PROBE_RAWTRACEPOINT;

	if (btf_use_module(mod)) {
		diag_error(&ap->loc, "%s: no module '%s' with BTF (%s/%s)", text, mod, btf_module_dir(), mod);
		return -ENOENT;
	}
	if (!raw && has_glob(fn))
		return expand_func_glob(x, text, mod, fn);
	/* "did you mean" among the module's own names */
	ap->target = mod;
	bool found = raw ? btf_raw_tp_args(mod, fn, NULL) != NULL : btf_func_args(mod, fn, false, NULL) != NULL;
	if (!found && !x->alone)
		return skip_missing(ap, text, raw ? "raw tracepoint" : "function with BTF", fn);
	if (!found)
		return no_match(ap, text, raw ? "raw tracepoint" : "function with BTF", fn);
	push(x, mod, fn);
	return x->n;
}

static void push_module_raw_tp(const char *module, const char *name, void *arg)
{
	btf_use_module(module);
	push(arg, module, name);
}

/*
 * A raw tracepoint pattern (rawtracepoint:sched_*, rawtracepoint:*:EVENT,
 * rawtracepoint:MOD*:EV*): as bpftrace expands it, the events of vmlinux and
 * of every module with BTF that match, each typed by its own module's BTF.
 */
static int expand_raw_glob(struct expansion *x, const char *text, const char *mod, const char *fn)
{
	struct attach_point *ap = &x->proto;

	if (!mod || !fnmatch(mod, "vmlinux", 0))
		btf_foreach_raw_tp(fn, push_name, x);
	btf_foreach_module_raw_tp(mod ? mod : "*", fn, push_module_raw_tp, x);
	if (x->n == 0 && x->alone && !has_glob(fn) && fnmatch(mod, "vmlinux", 0)) {
		/* the module pattern missed: "did you mean" the very name would help nobody */
		diag_error(&ap->loc, "%s: neither vmlinux nor a module with BTF matching '%s' has a raw tracepoint "
				     "named '%s'", text, mod, fn);
		return -EINVAL;
	}
	if (x->n == 0)
		return x->alone ? no_match(ap, text, has_glob(fn) ? "raw tracepoints" : "raw tracepoint", fn)
				: skip_empty(ap, text);
	return x->n;
}

/* fentry, fexit and raw tracepoints: vmlinux BTF names them, a module's BTF those of MODULE:NAME. */
static int expand_btf(struct expansion *x, const char *text, const char *mod, const char *fn)
{
	struct attach_point *ap = &x->proto;
	bool raw = ap->kind == PROBE_RAWTRACEPOINT;

	if (strchr(fn, '+'))
		return bad(ap, "%s: only kprobes take an offset", text);
	if (raw && btf_available() && (has_glob(mod) || has_glob(fn)))
		return expand_raw_glob(x, text, mod, fn);
	if (!raw && btf_available() && has_glob(mod))
		return expand_func_glob(x, text, mod, fn);
	if (mod && fnmatch(mod, "vmlinux", 0) && btf_available())
		return expand_module_btf(x, text, mod, fn);
	if (mod && fnmatch(mod, "vmlinux", 0)) {
		diag_error(&ap->loc, "%s: a module's probes need the kernel's BTF, which this kernel does not have",
			   text);
		return -EINVAL;
	}
	if (!btf_available()) {
		if (!raw) {
			diag_error(&ap->loc, "%s: %s probes need the kernel's BTF (/sys/kernel/btf/vmlinux), which "
					     "this kernel does not have", text, probe_info(ap->kind)->name);
			diag_note("kprobe:%s works without BTF", fn);
			return -EINVAL;
		}
		/* plain raw tracepoints work without BTF: the names are the tracepoints' */
		if (!has_glob(fn)) {
			push(x, NULL, fn);
			return x->n;
		}
		return bad(ap, "%s: listing raw tracepoints needs the kernel's BTF", text);
	}
	if (!has_glob(fn)) {
		bool found = raw ? btf_raw_tp_args(NULL, fn, NULL) != NULL
				 : btf_func_args(NULL, fn, false, NULL) != NULL;
		if (!found && !x->alone)
			return skip_missing(ap, text, raw ? "raw tracepoint" : "function with BTF", fn);
		if (!found)
			return no_match(ap, text, raw ? "raw tracepoint" : "function with BTF", fn);
		push(x, NULL, fn);
		return x->n;
	}
	return expand_func_glob(x, text, NULL, fn);
}

static void collect_iter(const char *name, void *arg)
{
	char **s = arg;
	*s = arena_printf("%s%s%s", *s, **s ? ", " : "", name);
}

static int expand_iter(struct expansion *x, const char *text, char **parts, int nparts)
{
	struct attach_point *ap = &x->proto;

	if (nparts < 2 || nparts > 3 || !*parts[1] || (nparts == 3 && !*parts[2]))
		return bad(ap, "%s: expected iter:NAME or iter:NAME:PIN", text);
	if (has_glob(parts[1]))
		return bad(ap, "%s: an iterator is named in full (no wildcards)", text);
	if (btf_available() && !btf_iter_ctx(parts[1], NULL)) {
		char *names = "";
		btf_foreach_iter("*", collect_iter, &names);
		diag_error(&ap->loc, "%s: this kernel has no iterator '%s'", text, parts[1]);
		if (*names)
			diag_note("its iterators: %s", names);
		return -EINVAL;
	}
	ap->target = parts[1];
	ap->func = nparts == 3 ? parts[2] : NULL;
	ap->name = nparts == 3 ? arena_printf("iter:%s:%s", parts[1], parts[2]) : arena_printf("iter:%s", parts[1]);
	vec_push(x->out, *ap);
	return 1;
}

int kernel_probe_expand(const char *text, char **parts, int nparts, bool alone, struct attach_point *ap,
			attach_vec *out)
{
	struct expansion x = { .out = out, .proto = *ap, .kind = probe_info(ap->kind)->name, .alone = alone };

	if (ap->kind == PROBE_ITER)
		return expand_iter(&x, text, parts, nparts);
	if (nparts < 2 || nparts > 3 || !*parts[nparts - 1] || (nparts == 3 && !*parts[1]))
		return bad(ap, "%s: expected a function name", text);
	const char *mod = nparts == 3 ? parts[1] : NULL;
	char *fn = parts[nparts - 1];
	switch (ap->kind) {
	case PROBE_KPROBE:
	case PROBE_KRETPROBE:
		return expand_kprobe(&x, text, mod, fn);
	case PROBE_FENTRY:
	case PROBE_FEXIT:
	case PROBE_RAWTRACEPOINT:
		return expand_btf(&x, text, mod, fn);
	default:
		return bad(ap, "internal error: %s is not a kernel probe", text);
	}
}

/* ---- programs ---- */

static bool same_kind(const struct prog_desc *pd)
{
	for (int i = 1; i < pd->naps; i++)
		if (pd->aps[i].kind != pd->aps[0].kind)
			return false;
	return true;
}

static int one_btf_target(const struct prog_desc *pd)
{
	for (int i = 1; i < pd->naps; i++) {
		if (pd->aps[i].func != pd->aps[0].func &&
		    (!pd->aps[i].func || !pd->aps[0].func || strcmp(pd->aps[i].func, pd->aps[0].func))) {
			diag_error(&pd->aps[i].loc, "internal error: %s shares a program with %s", pd->aps[i].name,
				   pd->aps[0].name);
			return -EINVAL;
		}
	}
	return 0;
}

int kernel_probe_prepare(struct prog_desc *pd)
{
	if (pd->naps == 0)
		return 0;
	const struct attach_point *ap = &pd->aps[0];
	int id = 0;

	switch (ap->kind) {
	case PROBE_KPROBE:
	case PROBE_KRETPROBE: {
		pd->type = BPF_PROG_TYPE_KPROBE;
		bool offsets = false;
		for (int i = 0; i < pd->naps; i++)
			offsets |= pd->aps[i].offset != 0;
		/* one link for all the functions: attaching is one ftrace update instead of one per function */
		if (pd->naps > 1 && same_kind(pd) && !offsets && kf.traceable && kernel_has_kprobe_multi())
			pd->expected_attach_type = BPF_TRACE_KPROBE_MULTI;
		return 0;
	}
	case PROBE_FENTRY:
	case PROBE_FEXIT:
		if (one_btf_target(pd) < 0)
			return -EINVAL;
		if (!btf_func_args(ap->target, ap->func, false, &id)) {
			diag_error(&ap->loc, "%s: no BTF for function '%s'", ap->name, ap->func);
			return -ENOENT;
		}
		pd->type = BPF_PROG_TYPE_TRACING;
		pd->expected_attach_type = ap->kind == PROBE_FENTRY ? BPF_TRACE_FENTRY : BPF_TRACE_FEXIT;
		pd->attach_btf_id = id;
		pd->attach_btf_module = ap->target;
		return 0;
	case PROBE_RAWTRACEPOINT:
		/* a BTF raw tracepoint serves one tracepoint; a plain one attaches by name to any number */
		/* a module's id means nothing without its BTF object: no capability probe for it */
		if (pd->naps == 1 && btf_raw_tp_args(ap->target, ap->func, &id) &&
		    (ap->target || kernel_tracing_error(BPF_TRACE_RAW_TP, id) == 0)) {
			pd->type = BPF_PROG_TYPE_TRACING;
			pd->expected_attach_type = BPF_TRACE_RAW_TP;
			pd->attach_btf_id = id;
			pd->attach_btf_module = ap->target;
		} else {
			pd->type = BPF_PROG_TYPE_RAW_TRACEPOINT;
			pd->expected_attach_type = 0;
			pd->attach_btf_id = 0;
		}
		return 0;
	case PROBE_ITER:
		if (pd->naps > 1) {
			diag_error(&pd->aps[1].loc, "an iterator probe cannot share its block with other probes");
			return -EINVAL;
		}
		if (!btf_iter_ctx(ap->target, &id)) {
			diag_error(&ap->loc, "%s: this kernel has no iterator '%s'", ap->name, ap->target);
			return -ENOENT;
		}
		pd->type = BPF_PROG_TYPE_TRACING;
		pd->expected_attach_type = BPF_TRACE_ITER;
		pd->attach_btf_id = id;
		return 0;
	default:
		return 0;
	}
}
