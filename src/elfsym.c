/*
 * elfsym.c: ELF symbols, segments, sections and notes through libelf, and
 * finding libraries by name (the dynamic linker's cache, a process's maps,
 * $PATH).
 */
#include "elfsym.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct elf_image {
	char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
	bool loaded;                /* symbols read */
	bool has_symbols;
	struct elfsym *funcs;       /* sorted by name, unique names */
	size_t nfuncs;
	struct elfsym *objects;     /* sorted by name */
	size_t nobjects;
	struct elfsym *by_addr;     /* the functions again, sorted by address (elfsym_func_at) */
	char *names;                /* owns every symbol name */
	size_t names_len;
};

struct elf_image *elfsym_open(const char *path)
{
	struct stat st;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		errno = ENOEXEC;
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? EISDIR : ENOEXEC;
		close(fd);
		errno = err;
		return NULL;
	}
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	struct elf_image *img = NULL;
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		goto not_elf;
	img = xcalloc(1, sizeof(*img));
	if (!gelf_getehdr(elf, &img->ehdr))
		goto not_elf;
	img->path = xstrdup(path);
	img->fd = fd;
	img->elf = elf;
	return img;
not_elf:
	free(img);
	if (elf)
		elf_end(elf);
	close(fd);
	errno = ENOEXEC;
	return NULL;
}

void elfsym_close(struct elf_image *img)
{
	if (!img)
		return;
	elf_end(img->elf);
	close(img->fd);
	free(img->funcs);
	free(img->objects);
	free(img->by_addr);
	free(img->names);
	free(img->path);
	free(img);
}

const char *elfsym_path(const struct elf_image *img)
{
	return img->path;
}

bool elfsym_is_dyn(const struct elf_image *img)
{
	return img->ehdr.e_type == ET_DYN;
}

typedef VEC(struct elfsym) sym_vec;
typedef VEC(char) char_vec;

static int by_name(const void *a, const void *b)
{
	const struct elfsym *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	/* among equal names, the one read first (.symtab, then lower addresses) wins */
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int by_addr(const void *a, const void *b)
{
	const struct elfsym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Reads one symbol table. Names are stored as offsets into img->names until
 * every table is read (the buffer moves as it grows), then fixed up.
 */
static void read_symtab(struct elf_image *img, Elf_Scn *scn, GElf_Shdr *sh, sym_vec *funcs, sym_vec *objs,
			char_vec *names)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	if (!data || sh->sh_entsize == 0)
		return;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym))
			break;
		int type = GELF_ST_TYPE(sym.st_info);
		bool func = type == STT_FUNC || type == STT_GNU_IFUNC;
		if ((!func && type != STT_OBJECT) || sym.st_shndx == SHN_UNDEF || sym.st_value == 0)
			continue;
		const char *name = elf_strptr(img->elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		size_t len = strlen(name);
		/* static binaries spell versioned symbols "memcpy@GLIBC_2.2.5": users write "memcpy" */
		const char *at = strchr(name, '@');
		if (at && at != name)
			len = at - name;
		struct elfsym s = {
			.name = (const char *)(uintptr_t)names->len,
			.addr = sym.st_value,
			.size = sym.st_size,
			.is_func = func,
			.is_ifunc = type == STT_GNU_IFUNC,
		};
		vec_grow(names, len + 1);
		memcpy(names->data + names->len, name, len);
		names->data[names->len + len] = '\0';
		names->len += len + 1;
		if (func)
			vec_push(funcs, s);
		else
			vec_push(objs, s);
	}
}

/* Sorts by name and keeps the first of each name. */
static size_t sort_unique(struct elfsym *v, size_t n)
{
	size_t out = 0;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), by_name);
	for (size_t i = 0; i < n; i++) {
		if (out && !strcmp(v[out - 1].name, v[i].name))
			continue;
		v[out++] = v[i];
	}
	return out;
}

static void load_symbols(struct elf_image *img)
{
	sym_vec funcs = { 0 }, objs = { 0 };
	char_vec names = { 0 };

	if (img->loaded)
		return;
	img->loaded = true;
	/* .symtab first: it has local functions, and the same global names as .dynsym */
	static const uint32_t kinds[] = { SHT_SYMTAB, SHT_DYNSYM };
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		Elf_Scn *scn = NULL;
		while ((scn = elf_nextscn(img->elf, scn))) {
			GElf_Shdr sh;
			if (!gelf_getshdr(scn, &sh) || sh.sh_type != kinds[k])
				continue;
			img->has_symbols = true;
			read_symtab(img, scn, &sh, &funcs, &objs, &names);
		}
	}
	for (size_t i = 0; i < funcs.len; i++)
		funcs.data[i].name = names.data + (uintptr_t)funcs.data[i].name;
	for (size_t i = 0; i < objs.len; i++)
		objs.data[i].name = names.data + (uintptr_t)objs.data[i].name;
	img->names = names.data;
	img->names_len = names.len;
	img->nfuncs = sort_unique(funcs.data, funcs.len);
	img->funcs = funcs.data;
	img->nobjects = sort_unique(objs.data, objs.len);
	img->objects = objs.data;
	if (img->nfuncs) {
		img->by_addr = xmalloc(img->nfuncs * sizeof(*img->by_addr));
		memcpy(img->by_addr, img->funcs, img->nfuncs * sizeof(*img->by_addr));
		qsort(img->by_addr, img->nfuncs, sizeof(*img->by_addr), by_addr);
	}
}

bool elfsym_has_symbols(struct elf_image *img)
{
	load_symbols(img);
	return img->has_symbols;
}

const struct elfsym *elfsym_funcs(struct elf_image *img, size_t *n)
{
	load_symbols(img);
	*n = img->nfuncs;
	return img->funcs;
}

static const struct elfsym *find(const struct elfsym *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].name, name);
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct elfsym *elfsym_func(struct elf_image *img, const char *name)
{
	load_symbols(img);
	return find(img->funcs, img->nfuncs, name);
}

const struct elfsym *elfsym_object(struct elf_image *img, const char *name)
{
	load_symbols(img);
	const struct elfsym *s = find(img->objects, img->nobjects, name);
	return s ? s : find(img->funcs, img->nfuncs, name);
}

const struct elfsym *elfsym_func_at(struct elf_image *img, uint64_t vaddr)
{
	load_symbols(img);
	size_t lo = 0, hi = img->nfuncs;
	/* the last symbol starting at or below vaddr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (img->by_addr[mid].addr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct elfsym *s = &img->by_addr[lo - 1];
	if (vaddr == s->addr || vaddr < s->addr + s->size)
		return s;
	return NULL;
}

const char *elfsym_nearest(struct elf_image *img, const char *name)
{
	const char *best = NULL;
	int bd = (int)strlen(name) / 3 + 1;

	if (bd > 3)
		bd = 3;
	load_symbols(img);
	for (size_t i = 0; i < img->nfuncs; i++) {
		int d = edit_distance(name, img->funcs[i].name);
		if (d <= bd && (!best || d < bd)) {
			bd = d;
			best = img->funcs[i].name;
		}
	}
	return best;
}

static bool find_segment(struct elf_image *img, uint64_t vaddr, GElf_Phdr *ph)
{
	size_t n;

	if (elf_getphdrnum(img->elf, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(img->elf, (int)i, ph) || ph->p_type != PT_LOAD)
			continue;
		if (vaddr >= ph->p_vaddr && vaddr < ph->p_vaddr + ph->p_filesz)
			return true;
	}
	return false;
}

int elfsym_vaddr_to_offset(struct elf_image *img, uint64_t vaddr, uint64_t *offset)
{
	GElf_Phdr ph;

	if (!find_segment(img, vaddr, &ph))
		return -ENOENT;
	*offset = vaddr - ph.p_vaddr + ph.p_offset;
	return 0;
}

bool elfsym_vaddr_is_code(struct elf_image *img, uint64_t vaddr)
{
	GElf_Phdr ph;

	return find_segment(img, vaddr, &ph) && (ph.p_flags & PF_X);
}

static Elf_Scn *find_section(struct elf_image *img, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(img->elf, &shstrndx) != 0)
		return NULL;
	while ((scn = elf_nextscn(img->elf, scn))) {
		if (!gelf_getshdr(scn, sh))
			continue;
		const char *s = elf_strptr(img->elf, shstrndx, sh->sh_name);
		if (s && !strcmp(s, name))
			return scn;
	}
	return NULL;
}

int elfsym_section(struct elf_image *img, const char *name, const void **data, size_t *size, uint64_t *addr)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_section(img, name, &sh);

	if (!scn)
		return -ENOENT;
	Elf_Data *d = sh.sh_type == SHT_NOBITS ? NULL : elf_getdata(scn, NULL);
	if (data)
		*data = d ? d->d_buf : NULL;
	if (size)
		*size = d ? d->d_size : 0;
	if (addr)
		*addr = sh.sh_addr;
	return 0;
}

int elfsym_notes(struct elf_image *img, const char *secname, const char *owner, uint32_t type,
		 void (*fn)(const void *desc, size_t size, void *arg), void *arg)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_section(img, secname, &sh);
	int count = 0;

	if (!scn || sh.sh_type != SHT_NOTE)
		return 0;
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d)
		return -EIO;
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;
	while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *nm = (const char *)d->d_buf + name_off;
		if (nh.n_type != type || nh.n_namesz != strlen(owner) + 1 || memcmp(nm, owner, nh.n_namesz))
			continue;
		fn((const char *)d->d_buf + desc_off, nh.n_descsz, arg);
		count++;
	}
	return count;
}

/* ---- finding libraries ---- */

/*
 * /etc/ld.so.cache, the format glibc 2.32+ writes ("glibc-ld.so.cache1.1"),
 * possibly after the old "ld.so-1.7.0" table. String offsets count from the
 * start of the new-format header.
 */
#define CACHE_OLD_MAGIC "ld.so-1.7.0"
#define CACHE_NEW_MAGIC "glibc-ld.so.cache1.1"
#define CACHE_NEW_HDR 48     /* magic, version, nlibs, len_strings, flags, pad, extension offset, unused */
#define CACHE_NEW_ENTRY 24   /* flags, key, value, osversion, hwcap */
#define CACHE_OLD_ENTRY 12   /* flags, key, value */
#define CACHE_FLAG_TYPE_MASK 0x00ff
#define CACHE_FLAG_ELF_LIBC6 0x0003
#define CACHE_FLAG_REQ_MASK 0xff00
#define CACHE_FLAG_X8664_LIB64 0x0300

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Whether a cache key (a soname like "libc.so.6") is the library the user named. */
static bool lib_name_matches(const char *key, const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(key, name))
		return true;
	/* "libc" names libc.so.6, not libcap.so.2 */
	if (!strncmp(key, name, n) && !strncmp(key + n, ".so", 3))
		return true;
	/* "c" and "ssl" as well, like the linker's -l */
	if (strncmp(name, "lib", 3) && !strncmp(key, "lib", 3) && !strncmp(key + 3, name, n) &&
	    !strncmp(key + 3 + n, ".so", 3))
		return true;
	return false;
}

char *elfsym_find_in_cache(const void *cache, size_t size, const char *name)
{
	const unsigned char *p = cache, *hdr = p;
	size_t left = size;

	if (!name || !*name)
		return NULL;
	if (left >= sizeof(CACHE_OLD_MAGIC) - 1 + 4 && !memcmp(p, CACHE_OLD_MAGIC, sizeof(CACHE_OLD_MAGIC) - 1)) {
		/* skip the old table: the new one follows, 8-byte aligned */
		uint32_t n = get32(p + 12);
		uint64_t skip = ALIGN_UP(16 + (uint64_t)n * CACHE_OLD_ENTRY, 8);
		if (skip >= left)
			return NULL;
		hdr = p + skip;
		left -= skip;
	}
	if (left < CACHE_NEW_HDR || memcmp(hdr, CACHE_NEW_MAGIC, sizeof(CACHE_NEW_MAGIC) - 1))
		return NULL;
	uint32_t nlibs = get32(hdr + 20);
	if ((uint64_t)nlibs * CACHE_NEW_ENTRY > left - CACHE_NEW_HDR)
		return NULL;
	for (uint32_t i = 0; i < nlibs; i++) {
		const unsigned char *e = hdr + CACHE_NEW_HDR + (size_t)i * CACHE_NEW_ENTRY;
		uint32_t flags = get32(e), key = get32(e + 4), value = get32(e + 8);
		if ((flags & CACHE_FLAG_TYPE_MASK) != CACHE_FLAG_ELF_LIBC6 ||
		    (flags & CACHE_FLAG_REQ_MASK) != CACHE_FLAG_X8664_LIB64)
			continue;
		if (key >= left || value >= left || !memchr(hdr + key, '\0', left - key) ||
		    !memchr(hdr + value, '\0', left - value))
			continue;
		if (lib_name_matches((const char *)hdr + key, name))
			return xstrdup((const char *)hdr + value);
	}
	return NULL;
}

char *elfsym_find_library(const char *name)
{
	size_t len;
	char *cache = read_file("/etc/ld.so.cache", &len);

	if (!cache)
		return NULL;
	char *path = elfsym_find_in_cache(cache, len, name);
	free(cache);
	return path;
}

/* Calls fn with the path of every file mapping of pid (executable ones if exec_only). */
static int foreach_mapping(int pid, bool exec_only, bool (*fn)(const char *path, void *arg), void *arg)
{
	char maps[64];
	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	FILE *f = fopen(maps, "re");
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		char perms[8];
		int pos = 0;
		/* start-end perms offset dev inode path */
		if (sscanf(line, "%*x-%*x %7s %*x %*x:%*x %*u %n", perms, &pos) != 1 || pos == 0)
			continue;
		char *path = line + pos;
		path[strcspn(path, "\n")] = '\0';
		if (path[0] != '/' || (exec_only && perms[2] != 'x'))
			continue;
		if (fn(path, arg))
			break;
	}
	free(line);
	fclose(f);
	return 0;
}

struct mapped_find {
	const char *name;
	char *found;
};

static bool match_mapping(const char *path, void *arg)
{
	struct mapped_find *m = arg;
	const char *base = strrchr(path, '/') + 1;

	if (strchr(m->name, '/') ? !strcmp(path, m->name) : lib_name_matches(base, m->name)) {
		m->found = xstrdup(path);
		return true;
	}
	return false;
}

char *elfsym_find_mapped(int pid, const char *name)
{
	struct mapped_find m = { .name = name };

	if (pid <= 0 || !name || !*name)
		return NULL;
	foreach_mapping(pid, false, match_mapping, &m);
	return m.found;
}

typedef VEC(char *) str_vec;

struct mapped_all {
	str_vec paths;
};

static bool add_mapping(const char *path, void *arg)
{
	struct mapped_all *m = arg;
	/* [vdso] and friends do not start with '/'; deleted files cannot be probed */
	if (strstr(path, " (deleted)"))
		return false;
	for (size_t i = 0; i < m->paths.len; i++)
		if (!strcmp(m->paths.data[i], path))
			return false;
	vec_push(&m->paths, xstrdup(path));
	return false;
}

int elfsym_mapped_files(int pid, char ***paths)
{
	struct mapped_all m = { 0 };
	int err = foreach_mapping(pid, true, add_mapping, &m);

	if (err < 0) {
		*paths = NULL;
		return err;
	}
	*paths = m.paths.data;
	return (int)m.paths.len;
}

char *elfsym_find_in_path(const char *name)
{
	const char *env = getenv("PATH");
	char *dirs = xstrdup(env && *env ? env : "/usr/local/bin:/usr/bin:/bin");
	char *found = NULL, *save = NULL;

	for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *d ? d : ".", name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(dirs);
	return found;
}
