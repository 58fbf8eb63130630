/*
 * uprobe.c: user-space attach points: the functions, offsets, source lines
 * and USDT call sites in the files a spelling names (uprobe_files.c).
 * Uprobes attach at a file offset, so everything ends as (file, offset):
 * where the file gets loaded is the kernel's business.
 */
#include "uprobe_priv.h"
#include "demangle.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- uprobe, uretprobe ---- */

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return *end || errno ? -EINVAL : 0;
}

static int push_func(const struct resolve *r, struct attach_point *proto, const struct ubin *b,
		     struct elf_image *img, const struct elfsym *s, uint64_t off, attach_vec *out)
{
	struct attach_point ap = *proto;
	uint64_t foff;
	char *d = demangle_dup(s->name);
	const char *shown = d ? arena_strdup(d) : s->name;

	free(d);
	if (off && s->size && off >= s->size) {
		diag_error(r->loc, "%s+%llu is beyond the end of %s (%llu bytes)", shown, (unsigned long long)off,
			   shown, (unsigned long long)s->size);
		return -EINVAL;
	}
	if (elfsym_vaddr_to_offset(img, s->addr + off, &foff)) {
		diag_error(r->loc, "%s in %s is not in a loaded segment of the file", shown, b->display);
		return -EINVAL;
	}
	ap.target = b->path;
	ap.func = arena_strdup(s->name);
	ap.func_demangled = shown != s->name ? shown : NULL;
	ap.offset = off;
	ap.file_offset = foff;
	ap.pid = r->pid;
	const char *kind = probe_info(ap.kind)->name;
	/* as bpftrace names a match of uprobe:BIN:cpp:NAME too: by its symbol (func gives it demangled) */
	ap.name = off ? arena_printf("%s:%s:%s+%llu", kind, b->display, s->name, (unsigned long long)off)
		      : arena_printf("%s:%s:%s", kind, b->display, s->name);
	vec_push(out, ap);
	return 1;
}

static const char *overloads_of(struct elf_image *img, const char *what);
static const char *nearest_demangled(struct elf_image *img, const char *what);

/* How an attach point names an address in the file, for notes. */
static const char *addr_spelling(const struct attach_point *proto, const struct ubin *b)
{
	if (proto->kind == PROBE_WATCHPOINT)
		return "watchpoint:0xADDRESS+argN:LENGTH:MODE";
	return arena_printf("%s:%s:0xADDRESS", probe_info(proto->kind)->name, b->display);
}

/* FUNC, FUNC+OFFSET, 0xADDR or a glob in one file. */
/*
 * FUNC+OFFSET, split at plus (NULL: no offset): the name in *name, the
 * offset in *off. -EINVAL after an error at loc.
 */
static int split_offset(const struct loc *loc, const struct attach_point *proto, const char *what,
			const char *plus, const char **name, uint64_t *off)
{
	*name = what;
	*off = 0;
	if (!plus)
		return 0;
	if (parse_u64(plus + 1, off)) {
		diag_error(loc, "'%s' is not a valid offset", plus + 1);
		return -EINVAL;
	}
	if (proto->kind == PROBE_URETPROBE && *off) {
		diag_error(loc, "uretprobes take no offset: they fire when the function returns");
		return -EINVAL;
	}
	*name = arena_strndup(what, plus - what);
	return 0;
}

static int expand_funcs(const struct resolve *r, struct attach_point *proto, const struct ubin *b,
			const char *what, bool many_files, attach_vec *out)
{
	struct elf_image *img = uprobe_open_binary(r, b);
	if (!img)
		return -ENOENT;

	if (what[0] >= '0' && what[0] <= '9') {
		uint64_t addr, foff;
		if (parse_u64(what, &addr)) {
			diag_error(r->loc, "'%s' is not a function name or an address", what);
			return -EINVAL;
		}
		if (!elfsym_vaddr_is_code(img, addr) || elfsym_vaddr_to_offset(img, addr, &foff)) {
			diag_error(r->loc, "address %s is not in the code of %s", what, b->display);
			return -EINVAL;
		}
		struct attach_point ap = *proto;
		const struct elfsym *s = elfsym_func_at(img, addr);
		/* a breakpoint between functions would corrupt whatever the bytes there are */
		if (!s && elfsym_has_symbols(img)) {
			diag_error(r->loc, "address %s is not in a function of %s", what, b->display);
			return -EINVAL;
		}
		ap.target = b->path;
		ap.func = s ? arena_strdup(s->name) : arena_strdup(what);
		char *d = s ? demangle_dup(s->name) : NULL;
		ap.func_demangled = d ? arena_strdup(d) : NULL;
		free(d);
		ap.offset = s ? addr - s->addr : 0;
		ap.file_offset = foff;
		ap.pid = r->pid;
		ap.name = arena_printf("%s:%s:%s", probe_info(ap.kind)->name, b->display, what);
		vec_push(out, ap);
		return 1;
	}

	if (!elfsym_has_symbols(img)) {
		if (many_files)
			return 0;
		diag_error(r->loc, "%s has no symbols (it is stripped): cannot find '%s'", b->display, what);
		diag_note("a stripped binary can still be probed by address: %s", addr_spelling(proto, b));
		return -ENOENT;
	}

	if (uprobe_has_glob(what)) {
		size_t n;
		const struct elfsym *syms = elfsym_funcs(img, &n);
		int count = 0;
		for (size_t i = 0; i < n; i++) {
			if (fnmatch(what, syms[i].name, 0))
				continue;
			int err = push_func(r, proto, b, img, &syms[i], 0, out);
			if (err < 0)
				return err;
			out->data[out->len - 1].optional = true;
			count++;
		}
		if (count == 0 && !many_files) {
			if (!r->alone)
				return uprobe_skip_missing(r, b, what);
			diag_error(r->loc, "no functions in %s match '%s'", b->display, what);
			return -ENOENT;
		}
		return count;
	}

	const char *name;
	uint64_t off;
	if (split_offset(r->loc, proto, what, strchr(what, '+'), &name, &off) < 0)
		return -EINVAL;
	const struct elfsym *s = elfsym_func(img, name);
	if (!s) {
		if (many_files)
			return 0;
		if (!r->alone)
			return uprobe_skip_missing(r, b, name);
		const char *near = elfsym_nearest(img, name), *cxx;
		diag_error(r->loc, "function '%s' not found in %s", name, b->display);
		/* watchpoint:FUNC+argN has no BIN:cpp: or library spelling */
		bool spell = proto->kind != PROBE_WATCHPOINT;
		const char *libc = spell ? uprobe_in_libc(b, name) : NULL;
		if (libc)
			diag_note("%s exports it (glibc 2.34 moved libpthread, libdl and librt into libc): "
				  "%s:libc:%s", libc, probe_info(proto->kind)->name, name);
		else if (spell && (cxx = overloads_of(img, name)))
			diag_note("a C++ function has that name: %s:%s:cpp:%s attaches to %s",
				  probe_info(proto->kind)->name, b->display, name, cxx);
		else if (near)
			diag_note("did you mean '%s'?", near);
		else if (spell && (cxx = nearest_demangled(img, name)))
			diag_note("did you mean the C++ function %s:%s:cpp:\"%s\"?", probe_info(proto->kind)->name,
				  b->display, cxx);
		else if (elfsym_section(img, ".symtab", NULL, NULL, NULL) && uprobe_stripped_news(b->path))
			diag_note("%s is stripped (it has no .symtab): only the functions it exports can be found; "
				  "%s probes any address", b->display, addr_spelling(proto, b));
		return -ENOENT;
	}
	/* as bpftrace: without a size, nothing shows the probe sits on an instruction of the function */
	if (!s->size && !probe_unsafe()) {
		diag_error(r->loc, "cannot tell where %s ends in %s: its symbol has size 0 (--unsafe attaches "
			   "anyway; a breakpoint inside an instruction would corrupt the process)", s->name, b->display);
		return -EINVAL;
	}
	if (s->is_ifunc)
		diag_warn(r->loc, "%s in %s is an indirect function (IFUNC): this probes its resolver, which "
			  "runs when the program starts, not the implementation the resolver picks", s->name,
			  b->display);
	int k = push_func(r, proto, b, img, s, off, out);
	if (k > 0 && many_files)
		out->data[out->len - 1].optional = true;
	return k;
}

/* ---- uprobe:BIN:cpp:NAME, uprobe:BIN:rust:NAME ---- */

static const char *lang_title(enum uprobe_lang l)
{
	return l == ULANG_RUST ? "Rust" : "C++";
}

/*
 * The function name nearest to `what` among the demangled names, for "did
 * you mean": the name without parameters (or, when `what` has them, the
 * whole name) within a few edits, or one that ends in "::WHAT" (the
 * namespace or class left out). NULL if none is close.
 */
static const char *nearest_demangled(struct elf_image *img, const char *what)
{
	size_t n, wlen = strlen(what);
	const struct elfsym *syms = elfsym_funcs(img, &n);
	bool params = strchr(what, '(') != NULL;
	const char *best = NULL, *suffix = NULL;
	int bd = (int)wlen / 3 + 1;

	if (bd > 3)
		bd = 3;
	for (size_t i = 0; i < n; i++) {
		char *d = demangle_dup(syms[i].name);
		char buf[256];
		if (!d)
			continue;
		const char *b = d;
		size_t bl = strlen(d);
		if (!params)
			bl = demangle_base(d, &b);
		if (bl < sizeof(buf)) {
			memcpy(buf, b, bl);
			buf[bl] = '\0';
			int dist = edit_distance(what, buf);
			if (dist <= bd && (!best || dist < bd)) {
				bd = dist;
				best = arena_strdup(buf);
			}
			/* "twice" for "ns::twice<int>": the name without its template arguments */
			size_t tl = bl;
			if (tl && buf[tl - 1] == '>') {
				int depth = 0;
				while (tl > 0) {
					char c = buf[--tl];
					depth += c == '>' ? 1 : c == '<' ? -1 : 0;
					if (!depth)
						break;
				}
			}
			if (!suffix && tl > wlen + 2 && !strncmp(buf + tl - wlen, what, wlen) && buf[tl - wlen - 1] == ':')
				suffix = arena_strdup(buf);
		}
		free(d);
	}
	return best ? best : suffix;
}

/*
 * The demangled names of the functions named as `what` without its
 * parameters ("ns::f(int), ns::f(long)"), or NULL: for a NAME(PARAMS) that
 * has the wrong parameters. With no '(' in `what`, the C++ functions whose
 * name is `what` (for uprobe:BIN:NAME written without cpp:).
 */
static const char *overloads_of(struct elf_image *img, const char *what)
{
	size_t n, wlen = strcspn(what, "(");
	const struct elfsym *syms = elfsym_funcs(img, &n);
	char *list = NULL;
	int count = 0;

	for (size_t i = 0; i < n && count < 6; i++) {
		char *d = demangle_dup(syms[i].name);
		const char *b;
		if (d && demangle_base(d, &b) == wlen && !strncmp(b, what, wlen)) {
			list = list ? arena_printf("%s, %s", list, d) : arena_strdup(d);
			count++;
		}
		free(d);
	}
	return list;
}

static int by_addr_then_name(const void *a, const void *b)
{
	const struct elfsym *x = *(const struct elfsym *const *)a, *y = *(const struct elfsym *const *)b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Functions whose demangled names match NAME, bpftrace's way: a name
 * without parameters takes every overload, '*' is the only wildcard, and a
 * mangled or C name matches as itself. Aliases (a constructor's C1 and C2
 * symbols share their code) are attached once.
 */
static int expand_lang_funcs(const struct resolve *r, struct attach_point *proto, const struct ubin *b,
			     const char *what, bool many_files, attach_vec *out)
{
	struct elf_image *img = uprobe_open_binary(r, b);
	if (!img)
		return -ENOENT;
	const char *kind = probe_info(proto->kind)->name;
	if (!elfsym_has_symbols(img)) {
		if (many_files)
			return 0;
		diag_error(r->loc, "%s has no symbols (it is stripped): cannot find '%s'", b->display, what);
		return -ENOENT;
	}

	/* NAME+OFFSET: an instruction inside one function ("operator+" ends in no digit) */
	uint64_t off;
	const char *plus = strrchr(what, '+');
	if (split_offset(r->fn_loc, proto, what, plus && plus > what && plus[1] >= '0' && plus[1] <= '9' ? plus : NULL,
			 &what, &off) < 0)
		return -EINVAL;

	size_t n, first = out->len;
	const struct elfsym *syms = elfsym_funcs(img, &n);
	bool wild = strchr(what, '*') != NULL;
	int count = 0;
	VEC(const struct elfsym *) hits = { 0 };
	for (size_t i = 0; i < n; i++) {
		char *d = demangle_dup(syms[i].name);
		if (demangle_match(what, syms[i].name, d))
			vec_push(&hits, &syms[i]);
		free(d);
	}
	/* by address, then name: an alias after the first symbol of its address goes */
	if (hits.len)
		qsort(hits.data, hits.len, sizeof(*hits.data), by_addr_then_name);
	for (size_t i = 0; i < hits.len; i++) {
		if (i && hits.data[i]->addr == hits.data[i - 1]->addr)
			continue;
		int err = push_func(r, proto, b, img, hits.data[i], off, out);
		if (err < 0) {
			vec_free(&hits);
			return err;
		}
		if (wild || many_files)
			out->data[out->len - 1].optional = true;
		count++;
	}
	vec_free(&hits);
	if (off && count > 1) {
		diag_error(r->fn_loc, "an offset is into one function, and '%s' names %d in %s", what, count, b->display);
		diag_note("give the parameters too: %s:%s:%s:\"%s\"+%llu", kind, b->display, uprobe_lang_name(r->lang),
			  out->data[first].func_demangled ? out->data[first].func_demangled : out->data[first].func,
			  (unsigned long long)off);
		return -EINVAL;
	}
	if (count == 0 && !many_files) {
		if (!r->alone)
			return uprobe_skip_missing(r, b, what);
		diag_error(r->fn_loc, "no %s function '%s' in %s", lang_title(r->lang), what, b->display);
		const char *near = nearest_demangled(img, what);
		const char *overloads = strchr(what, '(') ? overloads_of(img, what) : NULL;
		if (overloads)
			diag_note("its overloads here: %s", overloads);
		else if (near)
			diag_note("did you mean '%s'?", near);
		else
			diag_note("sonde -l '%s:%s:%s:*' lists its functions", kind, b->display, uprobe_lang_name(r->lang));
		return -ENOENT;
	}
	return count;
}

/* BIN@SRC:LINE: the address DWARF's line table gives the line, as BIN:0xADDR would probe it. */
static int expand_line(const struct resolve *r, struct attach_point *proto, const struct ubin *b, const char *src,
		       const char *line, const char *col, attach_vec *out)
{
	struct elf_image *img = uprobe_open_binary(r, b);
	uint64_t lno, cno = 0, addr, foff;
	if (!img)
		return -ENOENT;
	if (parse_u64(line, &lno) || lno == 0 || lno > INT32_MAX) {
		diag_error(r->loc, "'%s' is not a line number (%s:BINARY@FILE:LINE)", line,
			   probe_info(proto->kind)->name);
		return -EINVAL;
	}
	if (col && (parse_u64(col, &cno) || cno == 0 || cno > INT32_MAX)) {
		diag_error(r->loc, "'%s' is not a column number (%s:BINARY@FILE:LINE:COL)", col,
			   probe_info(proto->kind)->name);
		return -EINVAL;
	}
	if (proto->kind == PROBE_URETPROBE) {
		diag_error(r->loc, "uretprobes fire when a function returns, not at a source line; use uprobe");
		return -EINVAL;
	}
	int err = uprobe_dwarf_line_addr(b->path, src, (int)lno, (int)cno, &addr);
	const char *where = col ? arena_printf("%s:%s:%s", src, line, col) : arena_printf("%s:%s", src, line);
	if (err == -ENOTSUP) {
		diag_error(r->loc, "source lines need DWARF, and this sonde was built without libdw");
		return err;
	}
	if (err == -ENODATA) {
		diag_error(r->loc, "%s has no DWARF debug info (build it with -g) to find %s", b->display, where);
		return err;
	}
	if (err) {
		diag_error(r->loc, "no code at %s in %s", where, b->display);
		diag_note(col ? "the line table of its DWARF has no address for that line and column: a statement "
				"starts at another column, or the compiler removed it"
			      : "the line table of its DWARF has no address for that line: a blank line, a comment, "
				"or code the compiler removed");
		return err;
	}
	if (!elfsym_vaddr_is_code(img, addr) || elfsym_vaddr_to_offset(img, addr, &foff)) {
		diag_error(r->loc, "%s is at 0x%llx, not in the code of %s", where, (unsigned long long)addr,
			   b->display);
		return -EINVAL;
	}
	struct attach_point ap = *proto;
	const struct elfsym *s = elfsym_func_at(img, addr);
	ap.target = b->path;
	ap.func = s ? arena_strdup(s->name) : arena_printf("0x%llx", (unsigned long long)addr);
	/* args are known only at a function's entry: offset 0 when the line starts the function */
	ap.offset = s ? addr - s->addr : 0;
	ap.file_offset = foff;
	ap.pid = r->pid;
	ap.name = arena_printf("%s:%s@%s", probe_info(ap.kind)->name, b->display, where);
	vec_push(out, ap);
	return 1;
}

/* ---- usdt ---- */

static bool usdt_matches(const struct usdt_probe *p, const char *prov, const char *name)
{
	if (prov && fnmatch(prov, p->provider, 0))
		return false;
	return !fnmatch(name, p->name, 0);
}

/* One attach point per call site: each site keeps its arguments in its own places. */
static int expand_usdt_file(const struct resolve *r, struct attach_point *proto, const struct ubin *b,
			    const char *prov, const char *name, bool many_files, attach_vec *out)
{
	int err;
	struct elf_image *img = uprobe_image_open(b->path, &err);
	int n;

	if (!img)
		return many_files ? 0 : (uprobe_open_binary(r, b), -ENOENT);
	const struct usdt_probe *probes = uprobe_image_usdt(b->path, &n);
	int count = 0;
	for (int i = 0; i < n; i++) {
		const struct usdt_probe *p = &probes[i];
		if (!usdt_matches(p, prov, name))
			continue;
		struct attach_point ap = *proto;
		if (elfsym_vaddr_to_offset(img, p->pc, &ap.file_offset)) {
			diag_error(r->loc, "usdt probe %s:%s in %s is not in a loaded segment", p->provider, p->name,
				   b->display);
			return -EINVAL;
		}
		if (p->semaphore && elfsym_vaddr_to_offset(img, p->semaphore, &ap.ref_ctr_offset)) {
			diag_error(r->loc, "the semaphore of usdt probe %s:%s in %s is not in the file", p->provider,
				   p->name, b->display);
			return -EINVAL;
		}
		struct usdt_arg *args = arena_alloc(sizeof(*args) * (p->nargs ? p->nargs : 1));
		for (int j = 0; j < p->nargs; j++) {
			args[j] = p->args[j];
			args[j].spec = arena_strdup(p->args[j].spec);
			args[j].sym = NULL;
		}
		ap.target = b->path;
		ap.func = arena_printf("%s:%s", p->provider, p->name);
		ap.pid = r->pid;
		ap.usdt_args = args;
		ap.usdt_nargs = p->nargs;
		ap.name = arena_printf("usdt:%s:%s:%s", b->display, p->provider, p->name);
		vec_push(out, ap);
		count++;
	}
	return count;
}

/* ---- the entry point ---- */

/* The program process pid runs, as it names it. */
static const char *process_exe(const struct resolve *r)
{
	char link[64], buf[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/%d/exe", r->pid);
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0) {
		diag_error(r->loc, "cannot find the program of process %d: %s", r->pid, strerror(errno));
		return NULL;
	}
	buf[n] = '\0';
	return arena_strdup(buf);
}

/* uprobe:BIN:FN[+OFF], uprobe:BIN:0xADDR, uprobe:FN (-p), usdt:BIN:[PROV:]PROBE, usdt:PROBE (-p) */
int uprobe_expand(const char *text, char **parts, int nparts, bool alone, struct attach_point *ap,
		  attach_vec *out)
{
	bool usdt = ap->kind == PROBE_USDT;
	struct resolve r = { .loc = &ap->loc, .pid = probe_target_pid(), .alone = alone, .fn_loc = &ap->loc,
			     .any_process = usdt };
	struct loc fn_loc;
	const char *bin = NULL, *prov = NULL, *what = NULL, *src = NULL, *col = NULL;

	/* BIN@FILE:LINE:COL (bpftrace 0.26): a statement's column on the line */
	if (!usdt && nparts == 4 && strchr(parts[1], '@') && *parts[2] && strspn(parts[2], "0123456789") ==
	    strlen(parts[2]) && *parts[3] && strspn(parts[3], "0123456789") == strlen(parts[3])) {
		col = parts[3];
		nparts = 3;
	}
	if (usdt) {
		if (nparts < 2 || nparts > 4 || !*parts[nparts - 1]) {
			diag_error(r.loc, "%s: expected usdt:BINARY:[PROVIDER:]PROBE", text);
			return -EINVAL;
		}
		/* usdt:PROBE and usdt:* mean every file of the -p process */
		bin = nparts == 2 ? "" : parts[1];
		if (nparts == 4 && *parts[2])
			prov = parts[2];
		what = parts[nparts - 1];
	} else {
		if (nparts >= 4 && *parts[1]) {
			/* uprobe:BIN:cpp:NAME: NAME is the rest, "::" and all */
			const char *rest = text + strlen(parts[0]) + strlen(parts[1]) + strlen(parts[2]) + 3;
			const char *fn = text + strlen(parts[0]) + strlen(parts[1]) + 2;
			r.lang = uprobe_lang_lookup(parts[2]);
			fn_loc = uprobe_loc_after_colons(r.loc, 3);
			if (r.lang == ULANG_NONE && strstr(fn, "::")) {
				/* bpftrace before cpp: matched "ns::f" so: the same as cpp:ns::f */
				r.lang = ULANG_CPP;
				rest = fn;
				fn_loc = uprobe_loc_after_colons(r.loc, 2);
			} else if (r.lang == ULANG_NONE) {
				diag_error(r.loc, "%s: expected %s:BINARY:FUNCTION or %s:BINARY:cpp:FUNCTION ('%s' is "
						  "not cpp or rust)", text, probe_info(ap->kind)->name,
					   probe_info(ap->kind)->name, parts[2]);
				return -EINVAL;
			}
			if (!*rest) {
				diag_error(r.loc, "%s: expected %s:BINARY:%s:FUNCTION", text, probe_info(ap->kind)->name,
					   parts[2]);
				return -EINVAL;
			}
			bin = parts[1];
			what = rest;
			r.fn_loc = &fn_loc;
		} else if (nparts < 2 || nparts > 3 || !*parts[nparts - 1] || (nparts == 3 && !*parts[1])) {
			diag_error(r.loc, "%s: expected %s:BINARY:FUNCTION", text, probe_info(ap->kind)->name);
			return -EINVAL;
		}
		if (nparts == 2 && r.pid <= 0) {
			diag_error(r.loc, "%s: expected %s:BINARY:FUNCTION (without a binary, -p PID names the "
					  "process to probe)", text, probe_info(ap->kind)->name);
			return -EINVAL;
		}
		if (r.lang == ULANG_NONE) {
			bin = nparts == 2 ? process_exe(&r) : parts[1];
			if (!bin)
				return -EINVAL;
			what = parts[nparts - 1];
			/*
			 * BINARY@FILE:LINE, a source line; FILE may hold '/' (src/app.c) and
			 * BINARY's directories '@': the first '@' after a file or a name.
			 */
			for (const char *at = strchr(bin, '@'); nparts == 3 && at && at[1]; at = strchr(at + 1, '@')) {
				char *b = arena_strndup(bin, (size_t)(at - bin));
				if (*b && (!strchr(b, '/') || uprobe_is_file(uprobe_host_path(r.pid, b)))) {
					src = at + 1;
					bin = b;
					break;
				}
			}
		}
	}

	ubin_vec bins = { 0 };
	int n = uprobe_resolve_binaries(&r, bin, &bins);
	if (n < 0) {
		vec_free(&bins);
		return n;
	}
	bool many = bins.len > 1;
	int total = 0, err = 0;
	for (size_t i = 0; i < bins.len && !err; i++) {
		int k = usdt ? expand_usdt_file(&r, ap, &bins.data[i], prov, what, many, out)
			: r.lang != ULANG_NONE ? expand_lang_funcs(&r, ap, &bins.data[i], what, many, out)
			: src ? expand_line(&r, ap, &bins.data[i], src, what, col, out)
			      : expand_funcs(&r, ap, &bins.data[i], what, many, out);
		if (k < 0)
			err = k;
		else
			total += k;
	}
	if (!err && total == 0 && (alone || usdt)) {
		if (usdt) {
			const char *probe = prov ? arena_printf("%s:%s", prov, what) : what;
			if ((!*bin || !strcmp(bin, "*")) && r.pid <= 0)
				diag_error(r.loc, "usdt probe '%s' not found in any file a process maps", probe);
			else if (many || !*bin || !strcmp(bin, "*"))
				diag_error(r.loc, "usdt probe '%s' not found in any file of process %d", probe, r.pid);
			else
				diag_error(r.loc, "usdt probe '%s' not found in %s", probe, bins.data[0].display);
			if (bins.len == 1)
				diag_note("sonde -l 'usdt:%s:*' lists its probes", bins.data[0].display);
		} else {
			diag_error(r.loc, "no function matches '%s' in the files '%s' names", what, bin);
		}
		err = -ENOENT;
	}
	vec_free(&bins);
	return err ? -EINVAL : total;
}

/*
 * watchpoint:FUNC+argN: FUNC's matches in `bin` (-c's command as written),
 * or without it in the program -p's process runs.
 */
int uprobe_expand_watch(const char *bin, const char *what, bool alone, struct attach_point *ap, attach_vec *out)
{
	struct resolve r = { .loc = &ap->loc, .pid = probe_target_pid(), .alone = alone, .fn_loc = &ap->loc };

	if (!bin)
		bin = process_exe(&r);
	if (!bin)
		return -EINVAL;
	ubin_vec bins = { 0 };
	int n = uprobe_resolve_binaries(&r, bin, &bins);
	if (n > 0)
		n = expand_funcs(&r, ap, &bins.data[0], what, false, out);
	vec_free(&bins);
	return n < 0 ? -EINVAL : n;
}

/* ---- -l ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int uprobe_list(FILE *f, enum probe_kind kind, const char *rest)
{
	return uprobe_list_verbose(f, kind, rest, false);
}

int uprobe_list_verbose(FILE *f, enum probe_kind kind, const char *rest, bool verbose)
{
	struct resolve r = { .pid = probe_target_pid() };
	char *spec = arena_strdup(rest ? rest : "");
	char *colon = strchr(spec, ':');
	const char *pattern = "*";
	int count = 0;

	enum uprobe_lang lang = ULANG_NONE;

	if (colon) {
		*colon = '\0';
		pattern = colon + 1;
		/* -l 'uprobe:BIN:cpp:PATTERN' */
		char *c2 = kind != PROBE_USDT ? strchr(pattern, ':') : NULL;
		if (c2) {
			*c2 = '\0';
			lang = uprobe_lang_lookup(pattern);
			if (lang == ULANG_NONE) {
				diag_error(NULL, "'%s' is not a language sonde demangles: -l '%s:BINARY:cpp:PATTERN'",
					   pattern, probe_info(kind)->name);
				return -EINVAL;
			}
			/* quotes as the attach point has them (the lexer drops them there) */
			char *q = c2 + 1, *w = q;
			for (; *q; q++)
				if (*q != '"')
					*w++ = *q;
			*w = '\0';
			pattern = *(c2 + 1) ? c2 + 1 : "*";
		}
	}
	ubin_vec bins = { 0 };
	if (uprobe_resolve_binaries(&r, spec, &bins) < 0) {
		vec_free(&bins);
		return -ENOENT;
	}
	const char *type = probe_info(kind)->name;
	for (size_t i = 0; i < bins.len; i++) {
		const struct ubin *b = &bins.data[i];
		int err;
		struct elf_image *img = uprobe_image_open(b->path, &err);
		if (!img) {
			if (bins.len == 1)
				uprobe_open_binary(&r, b);
			continue;
		}
		if (kind == PROBE_USDT) {
			int n;
			const struct usdt_probe *p = uprobe_image_usdt(b->path, &n);
			VEC(const char *) names = { 0 };
			for (int j = 0; j < n; j++) {
				const char *full = arena_printf("%s:%s", p[j].provider, p[j].name);
				if (fnmatch(pattern, full, 0) && fnmatch(pattern, p[j].name, 0))
					continue;
				vec_push(&names, full);
			}
			if (names.len)
				qsort(names.data, names.len, sizeof(*names.data), cmp_str);
			for (size_t j = 0; j < names.len; j++) {
				if (j && !strcmp(names.data[j], names.data[j - 1]))
					continue;
				fprintf(f, "usdt:%s:%s\n", b->display, names.data[j]);
				count++;
			}
			vec_free(&names);
			continue;
		}
		size_t n;
		const struct elfsym *syms = elfsym_funcs(img, &n);
		char *last = NULL;
		for (size_t j = 0; j < n; j++) {
			if (lang != ULANG_NONE) {
				/* as bpftrace lists them: demangled and quoted, to paste as an attach point */
				char *d = demangle_dup(syms[j].name);
				const char *shown = d ? d : syms[j].name;
				/* a constructor's C1 and C2 symbols read the same: one line, as it attaches once */
				if (demangle_match(pattern, syms[j].name, d) && (!last || strcmp(last, shown))) {
					if (d)
						fprintf(f, "%s:%s:%s:\"%s\"\n", type, b->display, uprobe_lang_name(lang), d);
					else
						fprintf(f, "%s:%s:%s:%s\n", type, b->display, uprobe_lang_name(lang), shown);
					if (verbose)
						uprobe_dwarf_print_params(f, b->path, syms[j].name);
					free(last);
					last = xstrdup(shown);
					count++;
				}
				free(d);
				continue;
			}
			if (fnmatch(pattern, syms[j].name, 0))
				continue;
			fprintf(f, "%s:%s:%s\n", type, b->display, syms[j].name);
			if (verbose)
				uprobe_dwarf_print_params(f, b->path, syms[j].name);
			count++;
		}
		free(last);
	}
	vec_free(&bins);
	return count;
}
