/*
 * usyms.c: the symbolizer: kernel symbols (loaded on first use) and, per
 * process, the mappings that turn a user address into a file and an offset,
 * then into a symbol of that file (usyms_elf.c) or of the process's perf map.
 *
 * Mappings are captured once per process and kept after it exits, so that
 * stacks of short-lived processes print with names: the runtime notes the
 * pids it sees in stack keys while the script runs (symbolizer_note_pid).
 * Files are opened while the process lives, through /proc/PID/map_files
 * (the mapped file itself: right for other mount namespaces, deleted and
 * replaced files), else through /proc/PID/root.
 *
 * Memory is bounded: at most max_pids processes (least recently used go
 * first) and max_files parsed symbol tables (the least recently used is
 * dropped and parsed again if needed).
 */
#include "symbolize.h"
#include "demangle.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_MAX_PIDS 4096
#define DEFAULT_MAX_FILES 512
/* A process whose address is in no mapping is read again, but not more often than this. */
#define RECAPTURE_NS (250 * 1000000ull)

/* One file, as mappings name it (device, inode, path). Entries live as long as the symbolizer. */
struct ufile {
	dev_t dev;
	uint64_t ino;
	char *path;          /* as the process sees it */
	char *root;          /* "/proc/PID/root" of the process that mapped it first, "" for ours */
	int fd;              /* opened while a process mapping it lived; -1: open by path when needed */
	struct usym_file *syms;
	bool failed;         /* not an ELF file, or gone */
	int8_t build_id_len; /* -1: not read yet */
	unsigned char build_id[20];
	uint64_t last_use;
	struct ufile *next;  /* all files */
};

struct umap {
	uint64_t start, end, pgoff;
	char *name;          /* path, "[vdso]", "[heap]"... or NULL (anonymous) */
	struct ufile *file;  /* file-backed mappings */
};

struct perf_sym {
	uint64_t start, size;
	char *name;
	size_t seq;          /* line number: the later line wins at one start */
};

struct uproc {
	int pid;
	struct umap *maps;
	size_t nmaps;
	bool gone;           /* its maps could not be read (again) */
	uint64_t captured_ns;
	uint64_t last_use;
	int nspid;           /* its pid in its own namespace (perf map names use it) */
	struct perf_sym *perf;
	size_t nperf;
	off_t perf_size;     /* of the perf map when read: it only grows */
	char *perf_path;
	struct uproc *hnext;
};

struct probe_site {
	char *path;
	uint64_t file_offset;
};

struct symbolizer {
	struct symbolizer_opts o;
	char proc[64];
	struct ksyms *k;
	bool k_tried;
	struct uproc **tab;  /* hash by pid */
	size_t tab_size, nprocs;
	struct ufile *files;
	size_t nloaded;      /* files with a parsed table */
	size_t nfds;         /* files held open */
	uint64_t clock;      /* use counter for LRU */
	dev_t root_dev;
	ino_t root_ino;
	VEC(struct probe_site) sites; /* symbolizer_add_probe_site */
};

struct symbolizer *symbolizer_new(const struct symbolizer_opts *o)
{
	struct symbolizer *s = xcalloc(1, sizeof(*s));
	struct stat st;

	if (o)
		s->o = *o;
	if (s->o.max_pids <= 0)
		s->o.max_pids = DEFAULT_MAX_PIDS;
	if (s->o.max_files <= 0)
		s->o.max_files = DEFAULT_MAX_FILES;
	snprintf(s->proc, sizeof(s->proc), "%s", s->o.proc ? s->o.proc : "/proc");
	s->tab_size = 256;
	s->tab = xcalloc(s->tab_size, sizeof(*s->tab));
	if (stat("/", &st) == 0) {
		s->root_dev = st.st_dev;
		s->root_ino = st.st_ino;
	}
	return s;
}

static void proc_free_maps(struct uproc *p)
{
	for (size_t i = 0; i < p->nmaps; i++)
		free(p->maps[i].name);
	free(p->maps);
	p->maps = NULL;
	p->nmaps = 0;
}

static void proc_free(struct uproc *p)
{
	proc_free_maps(p);
	for (size_t i = 0; i < p->nperf; i++)
		free(p->perf[i].name);
	free(p->perf);
	free(p->perf_path);
	free(p);
}

void symbolizer_free(struct symbolizer *s)
{
	if (!s)
		return;
	ksyms_free(s->k);
	for (size_t i = 0; i < s->tab_size; i++) {
		struct uproc *p = s->tab[i], *n;
		for (; p; p = n) {
			n = p->hnext;
			proc_free(p);
		}
	}
	free(s->tab);
	for (struct ufile *f = s->files, *n; f; f = n) {
		n = f->next;
		usym_file_free(f->syms);
		if (f->fd >= 0)
			close(f->fd);
		free(f->path);
		free(f->root);
		free(f);
	}
	for (size_t i = 0; i < s->sites.len; i++)
		free(s->sites.data[i].path);
	vec_free(&s->sites);
	free(s);
}

/* ---- kernel ---- */

bool symbolizer_kernel(struct symbolizer *s, uint64_t addr, struct sym_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return false;
	if (!s->k_tried) {
		s->k_tried = true;
		s->k = ksyms_load(s->o.kallsyms);
	}
	return ksyms_lookup(s->k, addr, out);
}

/* ---- files ---- */

static struct ufile *file_get(struct symbolizer *s, dev_t dev, uint64_t ino, const char *path, const char *root)
{
	for (struct ufile *f = s->files; f; f = f->next)
		if (f->dev == dev && f->ino == ino && !strcmp(f->path, path))
			return f;
	struct ufile *f = xcalloc(1, sizeof(*f));
	f->dev = dev;
	f->ino = ino;
	f->path = xstrdup(path);
	f->root = xstrdup(root);
	f->fd = -1;
	f->build_id_len = -1;
	f->next = s->files;
	s->files = f;
	return f;
}

/* Drops the least recently used parsed table when over budget. */
static void files_trim(struct symbolizer *s)
{
	while (s->nloaded > (size_t)s->o.max_files) {
		struct ufile *old = NULL;
		for (struct ufile *f = s->files; f; f = f->next)
			if (f->syms && (!old || f->last_use < old->last_use))
				old = f;
		if (!old)
			return;
		usym_file_free(old->syms);
		old->syms = NULL;
		s->nloaded--;
	}
}

static const struct usym_file *file_syms(struct symbolizer *s, struct ufile *f)
{
	f->last_use = ++s->clock;
	if (f->syms || f->failed)
		return f->syms;
	if (f->fd >= 0) {
		/* keep the descriptor: the table may be dropped and read again */
		int fd = dup(f->fd);
		if (fd >= 0) {
			lseek(fd, 0, SEEK_SET);
			f->syms = usym_file_open_fd(fd, f->path, f->root);
		}
	} else {
		f->syms = usym_file_open(f->path, f->root);
		/* the process is gone and with it /proc/PID/root: try the path as we see it */
		if (!f->syms && *f->root)
			f->syms = usym_file_open(f->path, "");
	}
	if (!f->syms) {
		f->failed = true;
		return NULL;
	}
	s->nloaded++;
	files_trim(s);
	return f->syms;
}

/* ---- processes ---- */

static struct uproc **proc_slot(struct symbolizer *s, int pid)
{
	struct uproc **pp = &s->tab[(unsigned)pid % s->tab_size];
	while (*pp && (*pp)->pid != pid)
		pp = &(*pp)->hnext;
	return pp;
}

static void proc_evict_lru(struct symbolizer *s)
{
	struct uproc **victim = NULL;

	for (size_t i = 0; i < s->tab_size; i++)
		for (struct uproc **pp = &s->tab[i]; *pp; pp = &(*pp)->hnext)
			if (!victim || (*pp)->last_use < (*victim)->last_use)
				victim = pp;
	if (!victim)
		return;
	struct uproc *p = *victim;
	*victim = p->hnext;
	proc_free(p);
	s->nprocs--;
}

static int umap_cmp(const void *a, const void *b)
{
	const struct umap *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static bool is_other_root(struct symbolizer *s, const char *root)
{
	struct stat st;
	if (stat(root, &st) < 0)
		return false;
	return st.st_dev != s->root_dev || st.st_ino != s->root_ino;
}

static int read_nspid(struct symbolizer *s, int pid)
{
	char path[96];
	snprintf(path, sizeof(path), "%s/%d/status", s->proc, pid);
	char *text = read_file(path, NULL);
	int nspid = pid;

	if (!text)
		return pid;
	char *l = strstr(text, "\nNSpid:");
	if (l) {
		l += 7;
		char *end = strchr(l, '\n');
		if (end)
			*end = '\0';
		/* the last field is the innermost namespace's pid */
		char *save = NULL;
		for (char *t = strtok_r(l, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
			nspid = atoi(t);
	}
	free(text);
	return nspid > 0 ? nspid : pid;
}

/* Reads /proc/PID/maps into p; false if the process is gone (or a zombie: no mappings). */
static bool proc_capture(struct symbolizer *s, struct uproc *p)
{
	char path[96], root[96];
	VEC(struct umap) maps = { 0 };

	snprintf(path, sizeof(path), "%s/%d/maps", s->proc, p->pid);
	snprintf(root, sizeof(root), "%s/%d/root", s->proc, p->pid);
	p->captured_ns = now_ns(CLOCK_MONOTONIC);
	FILE *fp = fopen(path, "re");
	if (!fp)
		return false;
	bool other = is_other_root(s, root);
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, fp) > 0) {
		unsigned long long start, end, pgoff, ino;
		unsigned maj, min;
		char perms[8];
		int pos = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &pgoff, &maj, &min, &ino,
			   &pos) < 7)
			continue;
		/* only code can be in a stack (and usym() of code); data mappings are skipped */
		if (perms[2] != 'x')
			continue;
		char *name = line + pos;
		name[strcspn(name, "\n")] = '\0';
		struct umap m = { .start = start, .end = end, .pgoff = pgoff };
		if (*name)
			m.name = xstrdup(name);
		if (name[0] == '/') {
			bool deleted = false;
			size_t nl = strlen(m.name);
			if (nl > 10 && !strcmp(m.name + nl - 10, " (deleted)")) {
				m.name[nl - 10] = '\0';
				deleted = true;
			}
			m.file = file_get(s, makedev(maj, min), ino, m.name, other ? root : "");
			/*
			 * Open the file now, through the mapping itself: once the
			 * process is gone its /proc/PID/root is too, and the file
			 * may be deleted or replaced by then (a rebuilt binary).
			 * Past the budget, files are opened by path when needed.
			 */
			if (m.file->fd < 0 && !m.file->syms && s->nfds < (size_t)s->o.max_files) {
				char mf[128];
				snprintf(mf, sizeof(mf), "%s/%d/map_files/%llx-%llx", s->proc, p->pid, start, end);
				m.file->fd = open(mf, O_RDONLY | O_CLOEXEC);
				if (m.file->fd < 0 && (other || !deleted)) {
					char *full = xasprintf("%s%s", other ? root : "", m.name);
					m.file->fd = open(full, O_RDONLY | O_CLOEXEC);
					free(full);
				}
				if (m.file->fd >= 0)
					s->nfds++;
			}
		}
		vec_push(&maps, m);
	}
	free(line);
	fclose(fp);
	if (maps.len)
		qsort(maps.data, maps.len, sizeof(*maps.data), umap_cmp);
	proc_free_maps(p);
	p->maps = maps.data;
	p->nmaps = maps.len;
	p->nspid = read_nspid(s, p->pid);
	if (!p->perf_path)
		p->perf_path = xasprintf("%s/tmp/perf-%d.map", other ? root : "", p->nspid);
	return maps.len > 0;
}

static struct uproc *proc_get(struct symbolizer *s, int pid)
{
	struct uproc **pp = proc_slot(s, pid);

	if (*pp) {
		(*pp)->last_use = ++s->clock;
		return *pp;
	}
	if (s->nprocs >= (size_t)s->o.max_pids)
		proc_evict_lru(s);
	struct uproc *p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	p->last_use = ++s->clock;
	p->gone = !proc_capture(s, p);
	pp = proc_slot(s, pid);
	*pp = p;
	s->nprocs++;
	return p;
}

void symbolizer_note_pid(struct symbolizer *s, int pid)
{
	if (s && pid > 0)
		proc_get(s, pid);
}

void symbolizer_add_probe_site(struct symbolizer *s, const char *path, uint64_t file_offset)
{
	char real[PATH_MAX];

	if (!s || !path || !realpath(path, real))
		return;
	for (size_t i = 0; i < s->sites.len; i++)
		if (s->sites.data[i].file_offset == file_offset && !strcmp(s->sites.data[i].path, real))
			return;
	vec_push(&s->sites, ((struct probe_site){ .path = xstrdup(real), .file_offset = file_offset }));
}

/*
 * A process that ran briefly (sonde -c ./prog) may be gone before its first
 * event is read: its mappings are lost, but a stack taken at a probe site
 * starts at the site, which places the site's file. A mapping keeps file
 * offsets and addresses equal modulo the page size; a site whose offset
 * does not match ip0 so cannot be the one, and two that match are not guessed
 * between.
 */
void symbolizer_stack_hint(struct symbolizer *s, int pid, uint64_t ip0)
{
	const struct probe_site *site = NULL;
	struct stat st;

	if (!s || pid <= 0 || !s->sites.len)
		return;
	for (size_t i = 0; i < s->sites.len; i++) {
		const struct probe_site *c = &s->sites.data[i];
		if (ip0 < c->file_offset || ((ip0 - c->file_offset) & 4095))
			continue;
		if (site && strcmp(site->path, c->path))
			return;
		site = c;
	}
	if (!site)
		return;
	struct uproc *p = proc_get(s, pid);
	if (p->nmaps || !p->gone || stat(site->path, &st))
		return;
	p->maps = xcalloc(1, sizeof(*p->maps));
	p->maps[0] = (struct umap){ .start = ip0 - site->file_offset, .end = ip0 - site->file_offset + st.st_size,
				    .name = xstrdup(site->path) };
	p->maps[0].file = file_get(s, st.st_dev, st.st_ino, p->maps[0].name, "");
	p->nmaps = 1;
}

static const struct umap *find_map(const struct uproc *p, uint64_t addr)
{
	size_t lo = 0, hi = p->nmaps;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->maps[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct umap *m = &p->maps[lo - 1];
	return addr < m->end ? m : NULL;
}

/* ---- perf maps (JIT runtimes write /tmp/perf-PID.map: "START SIZE name" in hex) ---- */

static int perf_sym_cmp(const void *a, const void *b)
{
	const struct perf_sym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static size_t perfmap_parse(const char *text, size_t len, struct perf_sym **out)
{
	VEC(struct perf_sym) v = { 0 };
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		char *e1, *e2;
		unsigned long long start = strtoull(p, &e1, 16);
		if (e1 != p && e1 < le && *e1 == ' ') {
			unsigned long long size = strtoull(e1 + 1, &e2, 16);
			if (e2 != e1 + 1 && e2 < le && *e2 == ' ' && e2 + 1 < le && size > 0) {
				struct perf_sym ps = { start, size, xstrndup(e2 + 1, (size_t)(le - e2 - 1)), v.len };
				vec_push(&v, ps);
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (v.len)
		qsort(v.data, v.len, sizeof(*v.data), perf_sym_cmp);
	/* code regenerated at one place: the later line describes what is there now */
	size_t n = 0;
	for (size_t i = 0; i < v.len; i++) {
		if (n && v.data[n - 1].start == v.data[i].start) {
			free(v.data[n - 1].name);
			v.data[n - 1] = v.data[i];
			continue;
		}
		v.data[n++] = v.data[i];
	}
	*out = v.data;
	return n;
}

static const struct perf_sym *perfmap_find(const struct perf_sym *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct perf_sym *ps = &v[lo - 1];
	return addr - ps->start < ps->size ? ps : NULL;
}

bool symbolizer_perfmap_lookup(const char *text, size_t len, uint64_t addr, struct sym_info *out, char *name,
			       size_t name_size)
{
	struct perf_sym *v;
	size_t n = perfmap_parse(text, len, &v);
	const struct perf_sym *ps = perfmap_find(v, n, addr);

	memset(out, 0, sizeof(*out));
	if (ps) {
		snprintf(name, name_size, "%s", ps->name);
		out->name = name;
		out->offset = addr - ps->start;
		out->module = "[perf-map]";
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return ps != NULL;
}

static bool perf_lookup(struct uproc *p, uint64_t addr, struct sym_info *out)
{
	struct stat st;
	const struct perf_sym *ps = perfmap_find(p->perf, p->nperf, addr);

	/* the file only grows while the JIT runs: read it again when it did */
	if (!ps && p->perf_path && stat(p->perf_path, &st) == 0 && st.st_size != p->perf_size) {
		size_t len;
		char *text = read_file(p->perf_path, &len);
		if (text) {
			for (size_t i = 0; i < p->nperf; i++)
				free(p->perf[i].name);
			free(p->perf);
			p->nperf = perfmap_parse(text, len, &p->perf);
			p->perf_size = st.st_size;
			free(text);
			ps = perfmap_find(p->perf, p->nperf, addr);
		}
	}
	if (!ps)
		return false;
	out->name = ps->name;
	out->offset = addr - ps->start;
	out->module = "[perf-map]";
	return true;
}

/* ---- user addresses ---- */

static bool pid_alive(int pid)
{
	return kill(pid, 0) == 0 || errno != ESRCH;
}

/* The mapping of pid holding addr, read again if the process mapped more since (dlopen, a JIT's new code). */
static const struct umap *user_map(struct symbolizer *s, struct uproc *p, uint64_t addr)
{
	const struct umap *m = find_map(p, addr);
	if (!m && now_ns(CLOCK_MONOTONIC) - p->captured_ns > RECAPTURE_NS && pid_alive(p->pid)) {
		if (proc_capture(s, p))
			p->gone = false;
		m = find_map(p, addr);
	}
	return m;
}

bool symbolizer_user_build_id(struct symbolizer *s, int pid, uint64_t addr, unsigned char id[20], uint64_t *offset)
{
	if (!s || pid <= 0)
		return false;
	const struct umap *m = user_map(s, proc_get(s, pid), addr);
	if (!m || !m->file)
		return false;
	struct ufile *f = m->file;
	if (f->build_id_len < 0) {
		int fd = f->fd >= 0 ? dup(f->fd) : -1;
		if (fd < 0) {
			char *path = xasprintf("%s%s", f->root, f->path);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			free(path);
		}
		f->build_id_len = fd >= 0 ? (int8_t)usym_build_id(fd, f->build_id, sizeof(f->build_id)) : 0;
		if (fd >= 0)
			close(fd);
	}
	if (!f->build_id_len)
		return false;
	memset(id, 0, 20);
	memcpy(id, f->build_id, f->build_id_len);
	*offset = addr - m->start + m->pgoff;
	return true;
}

static bool user_lookup(struct symbolizer *s, int pid, uint64_t addr, struct sym_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!s || pid <= 0)
		return false;
	struct uproc *p = proc_get(s, pid);
	const struct umap *m = user_map(s, p, addr);
	if (m && m->file) {
		const struct usym_file *f = file_syms(s, m->file);
		uint64_t vaddr;
		out->module = m->file->path;
		if (f && usym_file_offset_to_vaddr(f, addr - m->start + m->pgoff, &vaddr) &&
		    usym_file_lookup(f, vaddr, out)) {
			out->module = m->file->path;
			return true;
		}
		return false;
	}
	/* anonymous code: a JIT's, named in its perf map */
	if ((!m || !m->name || !strncmp(m->name, "[anon", 5)) && perf_lookup(p, addr, out))
		return true;
	if (m && m->name)
		out->module = m->name;
	return false;
}

bool symbolizer_user(struct symbolizer *s, int pid, uint64_t addr, struct sym_info *out)
{
	if (!user_lookup(s, pid, addr, out))
		return false;
	/* C++ and Rust names as people read them; a C name costs a two-byte test */
	if (!s->o.no_demangle)
		out->name = demangle_cached(out->name);
	return true;
}
