/*
 * uprobe.c: user-space attach points: which files a spelling names (paths,
 * globs, library names, the files a process maps), and the functions,
 * offsets and USDT call sites in them. Uprobes attach at a file offset, so
 * everything ends as (file, offset): where the file gets loaded is the
 * kernel's business.
 */
#include "uprobe.h"
#include "elfsym.h"
#include "usdt.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- opened files, kept for the run: several attach points often name the same one ---- */

struct cached_image {
	char *path;
	struct elf_image *img;
	int err;                  /* errno of a failed open */
	struct usdt_probe *usdt;  /* read on first use */
	int nusdt;                /* -1 until read */
};

static VEC(struct cached_image) cache;

/* Nothing points into a file once its attach points are made: a glob over many files keeps few open. */
#define CACHE_MAX 32

static void cache_flush(void)
{
	for (size_t i = 0; i < cache.len; i++) {
		struct cached_image *c = &cache.data[i];
		usdt_free(c->usdt, c->nusdt);
		elfsym_close(c->img);
		free(c->path);
	}
	cache.len = 0;
}

static struct cached_image *image_get(const char *path)
{
	for (size_t i = 0; i < cache.len; i++)
		if (!strcmp(cache.data[i].path, path))
			return &cache.data[i];
	if (cache.len >= CACHE_MAX)
		cache_flush();
	struct cached_image c = { .path = xstrdup(path), .nusdt = -1 };
	c.img = elfsym_open(path);
	c.err = c.img ? 0 : errno;
	vec_push(&cache, c);
	return &cache.data[cache.len - 1];
}

static struct elf_image *image_open(const char *path, int *err)
{
	struct cached_image *c = image_get(path);
	*err = c->err;
	return c->img;
}

static const struct usdt_probe *image_usdt(const char *path, int *n)
{
	struct cached_image *c = image_get(path);
	if (!c->img) {
		*n = 0;
		return NULL;
	}
	if (c->nusdt < 0) {
		c->nusdt = usdt_read_probes(c->img, &c->usdt);
		if (c->nusdt < 0)
			c->nusdt = 0;
	}
	*n = c->nusdt;
	return c->usdt;
}

/* ---- which files ---- */

/* A file to probe: `path` is opened and attached to; `display` is how probe names spell it. */
struct ubin {
	const char *display;
	const char *path;
};

typedef VEC(struct ubin) ubin_vec;

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A process in another mount namespace sees its files under /proc/PID/root. */
static bool other_mount_ns(int pid)
{
	char self[64], other[64], p[64];
	ssize_t a = readlink("/proc/self/ns/mnt", self, sizeof(self) - 1);
	snprintf(p, sizeof(p), "/proc/%d/ns/mnt", pid);
	ssize_t b = readlink(p, other, sizeof(other) - 1);
	if (a < 0 || b < 0)
		return false;
	return a != b || memcmp(self, other, a);
}

/* The path sonde opens for a path as process pid spells it. */
static const char *host_path(int pid, const char *path)
{
	if (pid > 0 && path[0] == '/' && other_mount_ns(pid)) {
		const char *p = arena_printf("/proc/%d/root%s", pid, path);
		if (is_file(p))
			return p;
	}
	return path;
}

/* An absolute path (in the arena), so the kernel finds the file whatever the working directory. */
static const char *absolute(const char *path)
{
	char buf[PATH_MAX];
	if (path[0] == '/' || !realpath(path, buf))
		return arena_strdup(path);
	return arena_strdup(buf);
}

struct resolve {
	const struct loc *loc;      /* NULL: listing (messages without a location) */
	int pid;
	bool quiet;
	bool alone;                 /* its probe's only attach point: a missing function is an error */
	bool any_process;           /* without -p, '*' is every file any process maps (usdt:*:PROV:NAME) */
};

static int not_found(const struct resolve *r, const char *spec)
{
	if (strchr(spec, '/')) {
		diag_error(r->loc, "%s: no such file", spec);
	} else if (r->pid > 0) {
		diag_error(r->loc, "'%s' not found: not a library process %d maps, a program on $PATH, "
				   "or a library in the linker cache (/etc/ld.so.cache)", spec, r->pid);
	} else {
		diag_error(r->loc, "'%s' not found: not a program on $PATH or a library in the linker cache "
				   "(/etc/ld.so.cache); give its path", spec);
	}
	return -ENOENT;
}

/* Every file process pid maps executable (`usdt:*` and `uprobe:*:FN` with -p). */
static int process_files(const struct resolve *r, ubin_vec *out)
{
	char **paths;
	int n = elfsym_mapped_files(r->pid, &paths);
	if (n < 0) {
		diag_error(r->loc, "cannot read the mappings of process %d: %s", r->pid, strerror(-n));
		return n;
	}
	for (int i = 0; i < n; i++) {
		const char *p = arena_strdup(paths[i]);
		struct ubin b = { .display = p, .path = host_path(r->pid, p) };
		free(paths[i]);
		vec_push(out, b);
	}
	free(paths);
	return n;
}

static int cmp_ubin(const void *a, const void *b)
{
	return strcmp(((const struct ubin *)a)->path, ((const struct ubin *)b)->path);
}

/*
 * Every file some process maps executable, once each (through /proc/PID/root
 * for another mount namespace's): usdt:*:PROV:NAME without -p, as bpftrace
 * attaches it in all processes. Processes that end meanwhile are skipped.
 */
static int all_process_files(const struct resolve *r, ubin_vec *out)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	ubin_vec all = { 0 };

	if (!d) {
		diag_error(r->loc, "cannot read /proc: %s", strerror(errno));
		return -errno;
	}
	while ((e = readdir(d))) {
		char **paths, *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0 || pid == getpid())
			continue;
		int n = elfsym_mapped_files((int)pid, &paths);
		for (int i = 0; i < n; i++) {
			const char *p = host_path((int)pid, arena_strdup(paths[i]));
			vec_push(&all, ((struct ubin){ .display = p, .path = p }));
			free(paths[i]);
		}
		if (n >= 0)
			free(paths);
	}
	closedir(d);
	if (all.len)
		qsort(all.data, all.len, sizeof(*all.data), cmp_ubin);
	for (size_t i = 0; i < all.len; i++)
		if (i == 0 || strcmp(all.data[i].path, all.data[i - 1].path))
			vec_push(out, all.data[i]);
	vec_free(&all);
	return (int)out->len;
}

/*
 * BINARY as written: a path, a glob of paths, a library or program name, or
 * (with -p) nothing or '*' for every file the process maps.
 */
static int resolve_binaries(const struct resolve *r, const char *spec, ubin_vec *out)
{
	if (!*spec || !strcmp(spec, "*")) {
		if (r->pid <= 0 && r->any_process)
			return all_process_files(r, out);
		if (r->pid <= 0) {
			diag_error(r->loc, "probes in every file a process maps need that process: run sonde with "
					   "-p PID");
			return -EINVAL;
		}
		return process_files(r, out);
	}
	if (has_glob(spec)) {
		glob_t g;
		int n = 0;
		if (glob(spec, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++) {
				if (!is_file(g.gl_pathv[i]))
					continue;
				struct ubin b = { .display = arena_strdup(g.gl_pathv[i]),
						  .path = absolute(g.gl_pathv[i]) };
				vec_push(out, b);
				n++;
			}
		}
		globfree(&g);
		if (n == 0) {
			diag_error(r->loc, "no files match '%s'", spec);
			return -ENOENT;
		}
		return n;
	}
	if (strchr(spec, '/')) {
		const char *p = host_path(r->pid, spec);
		if (access(p, F_OK) != 0)
			return not_found(r, spec);
		struct ubin b = { .display = spec, .path = absolute(p) };
		vec_push(out, b);
		return 1;
	}
	/* a name: the process's own copy first, then programs, then libraries */
	char *found = r->pid > 0 ? elfsym_find_mapped(r->pid, spec) : NULL;
	const char *path = NULL;
	if (found) {
		path = host_path(r->pid, arena_strdup(found));
	} else if ((found = elfsym_find_in_path(spec)) || (found = elfsym_find_library(spec))) {
		path = absolute(arena_strdup(found));
	}
	if (!found)
		return not_found(r, spec);
	struct ubin b = { .display = arena_strdup(found), .path = path };
	free(found);
	vec_push(out, b);
	return 1;
}

/* Whether PATH's strippedness is news: said once, not for each of a script's missing functions in it. */
static bool stripped_news(const char *path)
{
	static const char *last;

	if (last && !strcmp(last, path))
		return false;
	last = arena_strdup(path);
	return true;
}

/*
 * A function missing beside other attach points of its probe: skipped with a
 * warning, as bpftrace does with missing probes (sslsnoop.bt names libcrypto
 * internals that a stripped library does not have).
 */
static int skip_missing(const struct resolve *r, const struct ubin *b, const char *what)
{
	diag_warn(r->loc, "no function '%s' in %s: skipped", what, b->display);
	return 0;
}

/* The libc that exports NAME, when B is another library: scripts older than glibc 2.34 name libpthread. */
static const char *in_libc(const struct ubin *b, const char *name)
{
	char *libc = elfsym_find_library("libc");
	const char *found = NULL;

	if (!libc || !strcmp(libc, b->path)) {
		free(libc);
		return NULL;
	}
	struct elf_image *img = elfsym_open(libc);
	if (img && elfsym_func(img, name))
		found = arena_strdup(libc);
	if (img)
		elfsym_close(img);
	free(libc);
	return found;
}

static struct elf_image *open_binary(const struct resolve *r, const struct ubin *b)
{
	int err;
	struct elf_image *img = image_open(b->path, &err);

	if (img)
		return img;
	if (err == ENOEXEC)
		diag_error(r->loc, "%s is not an ELF binary", b->display);
	else
		diag_error(r->loc, "cannot open %s: %s", b->display, strerror(err));
	return NULL;
}

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

	if (off && s->size && off >= s->size) {
		diag_error(r->loc, "%s+%llu is beyond the end of %s (%llu bytes)", s->name, (unsigned long long)off,
			   s->name, (unsigned long long)s->size);
		return -EINVAL;
	}
	if (elfsym_vaddr_to_offset(img, s->addr + off, &foff)) {
		diag_error(r->loc, "%s in %s is not in a loaded segment of the file", s->name, b->display);
		return -EINVAL;
	}
	ap.target = b->path;
	ap.func = arena_strdup(s->name);
	ap.offset = off;
	ap.file_offset = foff;
	ap.pid = r->pid;
	const char *kind = probe_info(ap.kind)->name;
	ap.name = off ? arena_printf("%s:%s:%s+%llu", kind, b->display, s->name, (unsigned long long)off)
		      : arena_printf("%s:%s:%s", kind, b->display, s->name);
	vec_push(out, ap);
	return 1;
}

/* FUNC, FUNC+OFFSET, 0xADDR or a glob in one file. */
static int expand_funcs(const struct resolve *r, struct attach_point *proto, const struct ubin *b,
			const char *what, bool many_files, attach_vec *out)
{
	struct elf_image *img = open_binary(r, b);
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
		diag_note("a stripped binary can still be probed by address: %s:%s:0xADDRESS",
			  probe_info(proto->kind)->name, b->display);
		return -ENOENT;
	}

	if (has_glob(what)) {
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
				return skip_missing(r, b, what);
			diag_error(r->loc, "no functions in %s match '%s'", b->display, what);
			return -ENOENT;
		}
		return count;
	}

	char *name = arena_strdup(what);
	uint64_t off = 0;
	char *plus = strchr(name, '+');
	if (plus) {
		*plus = '\0';
		if (parse_u64(plus + 1, &off)) {
			diag_error(r->loc, "'%s' is not a valid offset", plus + 1);
			return -EINVAL;
		}
		if (proto->kind == PROBE_URETPROBE && off) {
			diag_error(r->loc, "uretprobes take no offset: they fire when the function returns");
			return -EINVAL;
		}
	}
	const struct elfsym *s = elfsym_func(img, name);
	if (!s) {
		if (many_files)
			return 0;
		if (!r->alone)
			return skip_missing(r, b, name);
		const char *near = elfsym_nearest(img, name);
		diag_error(r->loc, "function '%s' not found in %s", name, b->display);
		const char *libc = in_libc(b, name);
		if (libc)
			diag_note("%s exports it (glibc 2.34 moved libpthread, libdl and librt into libc): "
				  "%s:libc:%s", libc, probe_info(proto->kind)->name, name);
		else if (near)
			diag_note("did you mean '%s'?", near);
		else if (elfsym_section(img, ".symtab", NULL, NULL, NULL) && stripped_news(b->path))
			diag_note("%s is stripped (it has no .symtab): only the functions it exports can be found; "
				  "%s:%s:0xADDRESS probes any address", b->display, probe_info(proto->kind)->name,
				  b->display);
		return -ENOENT;
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

/* BIN@SRC:LINE: the address DWARF's line table gives the line, as BIN:0xADDR would probe it. */
static int expand_line(const struct resolve *r, struct attach_point *proto, const struct ubin *b, const char *src,
		       const char *line, attach_vec *out)
{
	struct elf_image *img = open_binary(r, b);
	uint64_t lno, addr, foff;
	if (!img)
		return -ENOENT;
	if (parse_u64(line, &lno) || lno == 0 || lno > INT32_MAX) {
		diag_error(r->loc, "'%s' is not a line number (%s:BINARY@FILE:LINE)", line,
			   probe_info(proto->kind)->name);
		return -EINVAL;
	}
	if (proto->kind == PROBE_URETPROBE) {
		diag_error(r->loc, "uretprobes fire when a function returns, not at a source line; use uprobe");
		return -EINVAL;
	}
	int err = uprobe_dwarf_line_addr(b->path, src, (int)lno, &addr);
	if (err == -ENOTSUP) {
		diag_error(r->loc, "source lines need DWARF, and this sonde was built without libdw");
		return err;
	}
	if (err == -ENODATA) {
		diag_error(r->loc, "%s has no DWARF debug info (build it with -g) to find %s:%s", b->display, src,
			   line);
		return err;
	}
	if (err) {
		diag_error(r->loc, "no code at %s:%s in %s", src, line, b->display);
		diag_note("the line table of its DWARF has no address for that line: a blank line, a comment, "
			  "or code the compiler removed");
		return err;
	}
	if (!elfsym_vaddr_is_code(img, addr) || elfsym_vaddr_to_offset(img, addr, &foff)) {
		diag_error(r->loc, "%s:%s is at 0x%llx, not in the code of %s", src, line, (unsigned long long)addr,
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
	ap.name = arena_printf("%s:%s@%s:%s", probe_info(ap.kind)->name, b->display, src, line);
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
	struct elf_image *img = image_open(b->path, &err);
	int n;

	if (!img)
		return many_files ? 0 : (open_binary(r, b), -ENOENT);
	const struct usdt_probe *probes = image_usdt(b->path, &n);
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
	struct resolve r = { .loc = &ap->loc, .pid = probe_target_pid(), .alone = alone, .any_process = usdt };
	const char *bin, *prov = NULL, *what, *src = NULL;

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
		if (nparts < 2 || nparts > 3 || !*parts[nparts - 1] || (nparts == 3 && !*parts[1])) {
			diag_error(r.loc, "%s: expected %s:BINARY:FUNCTION", text, probe_info(ap->kind)->name);
			return -EINVAL;
		}
		if (nparts == 2 && r.pid <= 0) {
			diag_error(r.loc, "%s: expected %s:BINARY:FUNCTION (without a binary, -p PID names the "
					  "process to probe)", text, probe_info(ap->kind)->name);
			return -EINVAL;
		}
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
			if (*b && (!strchr(b, '/') || is_file(host_path(r.pid, b)))) {
				src = at + 1;
				bin = b;
				break;
			}
		}
	}

	ubin_vec bins = { 0 };
	int n = resolve_binaries(&r, bin, &bins);
	if (n < 0) {
		vec_free(&bins);
		return n;
	}
	bool many = bins.len > 1;
	int total = 0, err = 0;
	for (size_t i = 0; i < bins.len && !err; i++) {
		int k = usdt  ? expand_usdt_file(&r, ap, &bins.data[i], prov, what, many, out)
			: src ? expand_line(&r, ap, &bins.data[i], src, what, out)
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

	if (colon) {
		*colon = '\0';
		pattern = colon + 1;
	}
	ubin_vec bins = { 0 };
	if (resolve_binaries(&r, spec, &bins) < 0) {
		vec_free(&bins);
		return -ENOENT;
	}
	const char *type = probe_info(kind)->name;
	for (size_t i = 0; i < bins.len; i++) {
		const struct ubin *b = &bins.data[i];
		int err;
		struct elf_image *img = image_open(b->path, &err);
		if (!img) {
			if (bins.len == 1)
				open_binary(&r, b);
			continue;
		}
		if (kind == PROBE_USDT) {
			int n;
			const struct usdt_probe *p = image_usdt(b->path, &n);
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
		for (size_t j = 0; j < n; j++) {
			if (fnmatch(pattern, syms[j].name, 0))
				continue;
			fprintf(f, "%s:%s:%s\n", type, b->display, syms[j].name);
			if (verbose)
				uprobe_dwarf_print_params(f, b->path, syms[j].name);
			count++;
		}
	}
	vec_free(&bins);
	return count;
}
