/*
 * uprobe_files.c: which files a uprobe or USDT spelling names (paths, globs,
 * library names through the ld.so cache, the files a process maps, in its
 * mount namespace too), and their ELF images, opened once a run.
 */
#include "uprobe_priv.h"

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

struct elf_image *uprobe_image_open(const char *path, int *err)
{
	struct cached_image *c = image_get(path);
	*err = c->err;
	return c->img;
}

const struct usdt_probe *uprobe_image_usdt(const char *path, int *n)
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

bool uprobe_has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

bool uprobe_is_file(const char *path)
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
const char *uprobe_host_path(int pid, const char *path)
{
	if (pid > 0 && path[0] == '/' && other_mount_ns(pid)) {
		const char *p = arena_printf("/proc/%d/root%s", pid, path);
		if (uprobe_is_file(p))
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

const char *uprobe_lang_name(enum uprobe_lang l)
{
	switch (l) {
	case ULANG_CPP: return "cpp";
	case ULANG_RUST: return "rust";
	case ULANG_NONE: break;
	}
	return "";
}

enum uprobe_lang uprobe_lang_lookup(const char *s)
{
	if (!strcmp(s, "cpp"))
		return ULANG_CPP;
	if (!strcmp(s, "rust"))
		return ULANG_RUST;
	return ULANG_NONE;
}

/* Where the attach point at l has its text after the n-th ':' outside quotes (l itself if it cannot tell). */
struct loc uprobe_loc_after_colons(const struct loc *l, int n)
{
	struct loc sub = *l;
	const char *t = diag_text(l);
	bool quoted = false;
	int i = 0;

	if (!t)
		return sub;
	for (; t[i] && n > 0; i++) {
		if (t[i] == '"')
			quoted = !quoted;
		else if (t[i] == ':' && !quoted)
			n--;
	}
	if (n > 0 || !t[i])
		return sub;
	sub.col += i;
	sub.off += i;
	sub.len -= i;
	return sub;
}

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
		struct ubin b = { .display = p, .path = uprobe_host_path(r->pid, p) };
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
			const char *p = uprobe_host_path((int)pid, arena_strdup(paths[i]));
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
int uprobe_resolve_binaries(const struct resolve *r, const char *spec, ubin_vec *out)
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
	if (uprobe_has_glob(spec)) {
		glob_t g;
		int n = 0;
		if (glob(spec, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++) {
				if (!uprobe_is_file(g.gl_pathv[i]))
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
		const char *p = uprobe_host_path(r->pid, spec);
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
		path = uprobe_host_path(r->pid, arena_strdup(found));
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
bool uprobe_stripped_news(const char *path)
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
int uprobe_skip_missing(const struct resolve *r, const struct ubin *b, const char *what)
{
	if (!probe_quiet_missing())
		diag_warn(r->loc, "no function '%s' in %s: skipped", what, b->display);
	return 0;
}

/* The libc that exports NAME, when B is another library: scripts older than glibc 2.34 name libpthread. */
const char *uprobe_in_libc(const struct ubin *b, const char *name)
{
	/* the ld.so cache is read once, libc's image kept with the others */
	static const char *libc;
	static bool looked;
	int err;

	if (!looked) {
		char *path = elfsym_find_library("libc");
		libc = path ? arena_strdup(path) : NULL;
		free(path);
		looked = true;
	}
	if (!libc || !strcmp(libc, b->path))
		return NULL;
	struct elf_image *img = uprobe_image_open(libc, &err);
	return img && elfsym_func(img, name) ? libc : NULL;
}

struct elf_image *uprobe_open_binary(const struct resolve *r, const struct ubin *b)
{
	int err;
	struct elf_image *img = uprobe_image_open(b->path, &err);

	if (img)
		return img;
	if (err == ENOEXEC)
		diag_error(r->loc, "%s is not an ELF binary", b->display);
	else
		diag_error(r->loc, "cannot open %s: %s", b->display, strerror(err));
	return NULL;
}
