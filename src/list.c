/*
 * list.c: sonde -l [PATTERN]: the probes this machine offers, one a line,
 * spelled as bpftrace -l spells them, with tracepoint fields under -v.
 */
#include "runtime.h"
#include "btf.h"
#include "kernel_probe.h"
#include "probe.h"
#include "uprobe.h"
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* Probe types in the order they are listed (alphabetical, as bpftrace sorts them). */
static const enum probe_kind listed[] = {
	PROBE_BEGIN, PROBE_END, PROBE_FENTRY, PROBE_FEXIT, PROBE_HARDWARE, PROBE_INTERVAL, PROBE_ITER,
	PROBE_KPROBE, PROBE_KRETPROBE, PROBE_PROFILE, PROBE_RAWTRACEPOINT, PROBE_SELF, PROBE_SOFTWARE,
	PROBE_TRACEPOINT,
};

static const char *const time_units[] = { "hz", "ms", "ns", "s", "us" };

/* Names sorted once, listed under two probe types. */
struct names {
	VEC(char *) v;
	bool done;
};

struct lister {
	FILE *out;
	const char *pattern;   /* with the probe type spelled out in full */
	bool type_only;        /* a pattern without ':' names probe types */
	bool verbose;
	int count;
	const char *name_glob; /* the pattern after its type, or NULL: names to collect */
	const char *fn_glob;   /* fentry/fexit: the function part of name_glob */
	VEC(char *) raw;       /* rawtracepoint and iter names, to sort and dedupe */
	struct names kfuncs, btf_funcs; /* collected once for kprobe and kretprobe, fentry and fexit */
	bool kprobe_noted;     /* the "no kprobes here" note is printed */
};

static bool matches(struct lister *l, const char *type, const char *full)
{
	if (!fnmatch(l->pattern, full, 0))
		return true;
	return l->type_only && !fnmatch(l->pattern, type, 0);
}

static void emit(struct lister *l, const char *type, const char *full)
{
	if (!matches(l, type, full))
		return;
	fprintf(l->out, "%s\n", full);
	l->count++;
}

/* -lv: the format file's fields after the common ones, as declared ("int dfd"). */
static void print_fields(FILE *out, const char *cat, const char *name)
{
	const char *dir = tracefs_dir();
	if (!dir)
		return;
	char *path = xasprintf("%s/events/%s/%s/format", dir, cat, name);
	char *text = read_file(path, NULL);
	free(path);
	if (!text)
		return;
	/* The common fields end at the first empty line. */
	char *p = strstr(text, "\n\n");
	for (char *line = p ? p + 2 : text, *eol; line && *line; line = eol) {
		eol = strchr(line, '\n');
		if (eol)
			*eol++ = '\0';
		if (strncmp(line, "\tfield:", 7))
			continue;
		char *decl = line + 7, *semi = strchr(decl, ';');
		if (semi)
			fprintf(out, "    %.*s\n", (int)(semi - decl), decl);
	}
	free(text);
}

static void on_tracepoint(const char *cat, const char *name, void *arg)
{
	struct lister *l = arg;
	char *full = xasprintf("tracepoint:%s:%s", cat, name);

	if (matches(l, "tracepoint", full)) {
		fprintf(l->out, "%s\n", full);
		l->count++;
		if (l->verbose)
			print_fields(l->out, cat, name);
	}
	free(full);
}

static void on_rawtracepoint(const char *cat, const char *name, void *arg)
{
	struct lister *l = arg;

	/* Syscall tracepoints are not raw tracepoints: they all come from sys_enter/sys_exit. */
	if (!strcmp(cat, "syscalls"))
		return;
	vec_push(&l->raw, xasprintf("vmlinux:%s", name));
}

static void on_raw_tp_btf(const char *name, void *arg)
{
	struct lister *l = arg;

	vec_push(&l->raw, xasprintf("vmlinux:%s", name));
}

static void on_module_raw_tp(const char *module, const char *name, void *arg)
{
	struct lister *l = arg;

	vec_push(&l->raw, xasprintf("%s:%s", module, name));
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* software:NAME: and hardware:NAME:, names and aliases alike, sorted as bpftrace sorts them. */
static void list_events(struct lister *l, const char *type, const struct sw_event *ev, size_t n)
{
	VEC(char *) names = { 0 };

	for (size_t i = 0; i < n; i++) {
		vec_push(&names, xasprintf("%s:%s:", type, ev[i].name));
		if (ev[i].alias)
			vec_push(&names, xasprintf("%s:%s:", type, ev[i].alias));
	}
	if (names.len)
		qsort(names.data, names.len, sizeof(char *), compare_str);
	for (size_t i = 0; i < names.len; i++) {
		emit(l, type, names.data[i]);
		free(names.data[i]);
	}
	vec_free(&names);
}

static int list_tracepoints(struct lister *l)
{
	/* tracepoint:CAT:NAME with no more colons: let tracefs match the two globs (fast, exact names). */
	const char *rest = !strncmp(l->pattern, "tracepoint:", 11) ? l->pattern + 11 : NULL;
	const char *colon = rest ? strchr(rest, ':') : NULL;
	if (colon && !strchr(colon + 1, ':')) {
		char *cat = xstrndup(rest, colon - rest);
		int n = tracefs_tp_foreach(cat, colon + 1, on_tracepoint, l);
		free(cat);
		return n < 0 ? n : 0;
	}
	int n = tracefs_tp_foreach("*", "*", on_tracepoint, l);
	return n < 0 ? n : 0;
}

/* Only names the pattern can match are kept: a full listing of kprobes is 100,000 names. */
static bool wanted(const struct lister *l, const char *name)
{
	return !l->name_glob || !fnmatch(l->name_glob, name, 0);
}

static void push_name(const char *name, void *arg)
{
	struct lister *l = arg;
	if (wanted(l, name))
		vec_push(&l->raw, xstrdup(name));
}

static void names_sort(struct names *n)
{
	if (n->v.len)
		qsort(n->v.data, n->v.len, sizeof(char *), compare_str);
	n->done = true;
}

static void names_free(struct names *n)
{
	for (size_t i = 0; i < n->v.len; i++)
		free(n->v.data[i]);
	vec_free(&n->v);
}

/*
 * Sorted names, once each, as TYPE:NAME; under -v with their arguments
 * from BTF (`what` < 0: none).
 */
static void emit_names(struct lister *l, const struct names *n, const char *type, int what)
{
	char full[512];

	for (size_t i = 0; i < n->v.len; i++) {
		if (i && !strcmp(n->v.data[i], n->v.data[i - 1]))
			continue;
		snprintf(full, sizeof(full), "%s:%s", type, n->v.data[i]);
		if (!matches(l, type, full))
			continue;
		fputs(full, l->out);
		fputc('\n', l->out);
		l->count++;
		if (l->verbose && what >= 0)
			btf_print_args(l->out, (enum btf_args_of)what, NULL, n->v.data[i]);
	}
}

/* The names collected in l->raw, sorted and listed, then dropped. */
static void emit_collected(struct lister *l, const char *type, int what)
{
	struct names n = { .v = { .data = l->raw.data, .len = l->raw.len, .cap = l->raw.cap } };

	names_sort(&n);
	emit_names(l, &n, type, what);
	names_free(&n);
	memset(&l->raw, 0, sizeof(l->raw));
}

/*
 * rawtracepoint:MODULE:EVENT, as bpftrace 0.24 lists them: vmlinux's from its
 * BTF, each module's from the module's BTF (tracefs' names without BTF). A
 * pattern without a module (rawtracepoint:sched_*) matches the event in any
 * module, as bpftrace expands it.
 */
static int list_raw_tracepoints(struct lister *l)
{
	char *mod_glob = xstrdup("*"), *ev_glob = xstrdup("*");
	const char *colon = l->name_glob ? strchr(l->name_glob, ':') : NULL;

	if (l->name_glob) {
		free(colon ? mod_glob : ev_glob);
		if (colon) {
			mod_glob = xstrndup(l->name_glob, colon - l->name_glob);
			free(ev_glob);
			ev_glob = xstrdup(colon + 1);
		} else {
			ev_glob = xstrdup(l->name_glob);
		}
	}
	if (!btf_available()) {
		int err = fnmatch(mod_glob, "vmlinux", 0) ? 0 : tracefs_tp_foreach("*", "*", on_rawtracepoint, l);
		if (err < 0) {
			free(mod_glob);
			free(ev_glob);
			return err;
		}
	} else {
		if (!fnmatch(mod_glob, "vmlinux", 0))
			btf_foreach_raw_tp(ev_glob, on_raw_tp_btf, l);
		btf_foreach_module_raw_tp(mod_glob, ev_glob, on_module_raw_tp, l);
	}
	struct names n = { .v = { .data = l->raw.data, .len = l->raw.len, .cap = l->raw.cap } };
	names_sort(&n);
	for (size_t i = 0; i < n.v.len; i++) {
		const char *modev = n.v.data[i], *ev = strchr(modev, ':') + 1;
		if (i && !strcmp(modev, n.v.data[i - 1]))
			continue;
		char *full = xasprintf("rawtracepoint:%s", modev);
		bool ok = matches(l, "rawtracepoint", full) ||
			  (l->name_glob && !colon && !fnmatch(ev_glob, ev, 0));
		if (ok) {
			fprintf(l->out, "%s\n", full);
			l->count++;
			/* a module's arguments: from its own split BTF */
			bool vml = !strncmp(modev, "vmlinux:", 8);
			char *mod = vml ? NULL : xstrndup(modev, ev - 1 - modev);
			if (l->verbose)
				btf_print_args(l->out, BTF_ARGS_RAW_TP, mod, ev);
			free(mod);
		}
		free(full);
	}
	names_free(&n);
	memset(&l->raw, 0, sizeof(l->raw));
	free(mod_glob);
	free(ev_glob);
	return 0;
}

static void on_kfunc(const char *name, const char *module, void *arg)
{
	struct lister *l = arg;
	char *full = module ? xasprintf("%s:%s", module, name) : xstrdup(name);

	if (wanted(l, full))
		vec_push(&l->kfuncs.v, full);
	else
		free(full);
}

static void on_btf_func(const char *name, void *arg)
{
	struct lister *l = arg;
	if (!l->fn_glob || !fnmatch(l->fn_glob, name, 0))
		vec_push(&l->btf_funcs.v, xstrdup(name));
}

static void on_module_func(const char *module, const char *name, void *arg)
{
	struct lister *l = arg;

	vec_push(&l->raw, xasprintf("%s:%s", module, name));
}

/* fentry:MOD*:FN*: the functions of the modules with BTF that match, each -lv from its own BTF. */
static void list_module_funcs(struct lister *l, const char *type, enum btf_args_of what, const char *mod_glob)
{
	btf_foreach_module_func(mod_glob, l->fn_glob ? l->fn_glob : "*", on_module_func, l);
	struct names n = { .v = { .data = l->raw.data, .len = l->raw.len, .cap = l->raw.cap } };
	names_sort(&n);
	for (size_t i = 0; i < n.v.len; i++) {
		const char *modfn = n.v.data[i], *fn = strchr(modfn, ':') + 1;
		if (i && !strcmp(modfn, n.v.data[i - 1]))
			continue;
		fprintf(l->out, "%s:%s\n", type, modfn);
		l->count++;
		char *mod = xstrndup(modfn, fn - 1 - modfn);
		if (l->verbose)
			btf_print_args(l->out, what, mod, fn);
		free(mod);
	}
	names_free(&n);
	memset(&l->raw, 0, sizeof(l->raw));
}

static void list_vmlinux_funcs(struct lister *l, const char *type, enum btf_args_of what)
{
	if (!l->btf_funcs.done) {
		btf_foreach_func("*", on_btf_func, l);
		names_sort(&l->btf_funcs);
	}
	const struct names *n = &l->btf_funcs;
	for (size_t i = 0; i < n->v.len; i++) {
		const char *fn = n->v.data[i];
		if (i && !strcmp(fn, n->v.data[i - 1]))
			continue;
		char *full = xasprintf("%s:vmlinux:%s", type, fn);
		if (matches(l, type, full) || (l->fn_glob && !fnmatch(l->fn_glob, fn, 0))) {
			fprintf(l->out, "%s\n", full);
			l->count++;
			if (l->verbose)
				btf_print_args(l->out, what, NULL, fn);
		}
		free(full);
	}
}

/*
 * fentry:vmlinux:FN and fexit:vmlinux:FN, as bpftrace 0.24 lists them; a pattern
 * without a module (fentry:vfs_*) matches the function name, as bpftrace expands it.
 * A module pattern (fentry:9p*:*) lists the matching modules' functions too.
 */
static void list_btf_funcs(struct lister *l, const char *type, enum btf_args_of what)
{
	const char *colon = l->name_glob ? strchr(l->name_glob, ':') : NULL;
	char *mod_glob = colon ? xstrndup(l->name_glob, colon - l->name_glob) : NULL;

	l->fn_glob = colon ? colon + 1 : l->name_glob;
	if (!mod_glob || !fnmatch(mod_glob, "vmlinux", 0))
		list_vmlinux_funcs(l, type, what);
	if (mod_glob && btf_available())
		list_module_funcs(l, type, what, mod_glob);
	free(mod_glob);
}

/* kprobe/kretprobe: the functions tracefs says can be traced (kallsyms' functions without it). */
static void list_kprobes(struct lister *l, const char *type)
{
	size_t before = (size_t)l->count;

	if (!l->kfuncs.done) {
		kernel_probe_foreach_func("*", on_kfunc, l);
		names_sort(&l->kfuncs);
	}
	emit_names(l, &l->kfuncs, type, -1);
	if ((size_t)l->count > before && !kernel_has_kprobes() && !l->kprobe_noted) {
		fprintf(stderr, "note: this kernel has no kprobes (no kprobe PMU in /sys/bus/event_source/devices): "
			"these functions are traceable but cannot be probed here; tracepoints can\n");
		l->kprobe_noted = true;
	}
}

static int list_kind(struct lister *l, enum probe_kind kind)
{
	const char *type = probe_info(kind)->name;
	size_t n;

	switch (kind) {
	case PROBE_BEGIN:
	case PROBE_END:
		emit(l, type, type);
		return 0;
	case PROBE_SELF:
		emit(l, type, "self:signal:SIGUSR1");
		emit(l, type, "self:signal:SIGUSR2");
		return 0;
	case PROBE_INTERVAL:
	case PROBE_PROFILE:
		for (size_t i = 0; i < ARRAY_SIZE(time_units); i++) {
			char *full = xasprintf("%s:%s:", type, time_units[i]);
			emit(l, type, full);
			free(full);
		}
		return 0;
	case PROBE_SOFTWARE: {
		const struct sw_event *ev = probe_sw_events(&n);
		list_events(l, type, ev, n);
		return 0;
	}
	case PROBE_HARDWARE: {
		const struct sw_event *ev = probe_hw_events(&n);
		list_events(l, type, ev, n);
		return 0;
	}
	case PROBE_TRACEPOINT:
		return list_tracepoints(l);
	case PROBE_RAWTRACEPOINT:
		return list_raw_tracepoints(l);
	case PROBE_FENTRY:
	case PROBE_FEXIT:
		if (!btf_available())
			return 0;
		list_btf_funcs(l, type, kind == PROBE_FENTRY ? BTF_ARGS_FENTRY : BTF_ARGS_FEXIT);
		return 0;
	case PROBE_ITER:
		if (!btf_available())
			return 0;
		btf_foreach_iter("*", push_name, l);
		emit_collected(l, type, BTF_ARGS_ITER);
		return 0;
	case PROBE_KPROBE:
	case PROBE_KRETPROBE:
		list_kprobes(l, type);
		return 0;
	default:
		return 0;
	}
}

int list_probes_verbose(FILE *out, const char *pattern, bool verbose)
{
	struct lister l = { .out = out, .verbose = verbose };
	char *owned = NULL;
	int only = -1;

	if (!pattern || !*pattern)
		pattern = "*";
	int ntypes = btf_list_types(out, pattern, verbose);
	if (ntypes != -ENOENT) {
		fflush(out);
		return ntypes;
	}
	const char *colon = strchr(pattern, ':');
	l.type_only = !colon;
	if (colon) {
		/* t:syscalls:... -> tracepoint:syscalls:...; a spelled-out type lists only that type. */
		char *prefix = xstrndup(pattern, colon - pattern);
		if (!strpbrk(prefix, "*?[")) {
			only = probe_kind_lookup(prefix);
			if (only >= 0)
				pattern = owned = xasprintf("%s%s", probe_info(only)->name, colon);
			else
				only = -2;   /* not a probe type: nothing can match */
		}
		free(prefix);
	} else if (!strpbrk(pattern, "*?[")) {
		only = probe_kind_lookup(pattern);
		if (only >= 0) {
			pattern = owned = xstrdup(probe_info(only)->name);
		}
	}
	l.pattern = pattern;
	/* TYPE:NAME with a type spelled out: only names NAME matches are collected */
	if (colon && only >= 0)
		l.name_glob = strchr(pattern, ':') + 1;

	/* user-space probes live in files: the pattern names them (uprobe.c lists them) */
	if (colon && (only == PROBE_UPROBE || only == PROBE_URETPROBE || only == PROBE_USDT)) {
		int n = uprobe_list_verbose(out, only, strchr(pattern, ':') + 1, verbose);
		fflush(out);
		free(owned);
		return n;
	}

	/* *:FILE:NAME: the type is a wildcard but the point names a file, so its uprobes and USDT */
	const char *file = colon ? colon + 1 : NULL;
	if (colon && only == -1 && strchr(file, '/') && (!strchr(file, ':') || strchr(file, '/') < strchr(file, ':'))) {
		static const enum probe_kind user_kinds[] = { PROBE_UPROBE, PROBE_USDT };
		char *prefix = xstrndup(pattern, colon - pattern);
		int n = 0;
		for (size_t i = 0; i < ARRAY_SIZE(user_kinds); i++) {
			if (fnmatch(prefix, probe_info(user_kinds[i])->name, 0))
				continue;
			int k = uprobe_list(out, user_kinds[i], file);
			if (k < 0)
				break;   /* no such file: said once */
			n += k;
		}
		free(prefix);
		fflush(out);
		free(owned);
		return n;
	}

	int err = 0;
	for (size_t i = 0; i < ARRAY_SIZE(listed) && !err && only != -2; i++) {
		if (only >= 0 && (int)listed[i] != only)
			continue;
		err = list_kind(&l, listed[i]);
	}
	/* -l -p PID: the uprobes and USDT probes of every file the process maps, too */
	if (!colon && !err && probe_target_pid() > 0) {
		static const enum probe_kind user_kinds[] = { PROBE_UPROBE, PROBE_USDT };
		for (size_t i = 0; i < ARRAY_SIZE(user_kinds); i++) {
			if (fnmatch(pattern, probe_info(user_kinds[i])->name, 0))
				continue;
			int k = uprobe_list(out, user_kinds[i], "*");
			if (k > 0)
				l.count += k;
		}
	}
	fflush(out);
	free(owned);
	names_free(&l.kfuncs);
	names_free(&l.btf_funcs);
	vec_free(&l.raw);
	return err < 0 ? err : l.count;
}

int list_probes(FILE *out, const char *pattern)
{
	return list_probes_verbose(out, pattern, false);
}
