/*
 * usyms_elf.c: the symbols of one ELF file, for turning user addresses into
 * names. Sources, in order, all merged into one table sorted by address:
 *
 *   .symtab and .dynsym of the file itself;
 *   when it has no .symtab (stripped): a separate debug file, found by
 *     build-id (/usr/lib/debug/.build-id/xx/yyyy.debug) or .gnu_debuglink
 *     (next to the file, in .debug/, or under /usr/lib/debug, CRC checked);
 *   when that is absent too: MiniDebugInfo, an xz-compressed ELF with a
 *     .symtab in the .gnu_debugdata section (Fedora and friends ship it).
 *
 * elfsym.c answers different questions for uprobes (by name, one symbol per
 * name); this file keeps every sized code and data symbol by address.
 */
#include "symbolize.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* MiniDebugInfo holds only symbols: anything larger than this is not believed. */
#define MINIDEBUG_MAX (64u << 20)
#define DEBUG_DIR "/usr/lib/debug"

struct usym_ent {
	uint64_t addr, size;
	uint32_t name;     /* offset in names */
	uint8_t rank;      /* among symbols at one address, the lowest is kept */
};

struct load_seg {
	uint64_t offset, vaddr, filesz;
};

struct usym_file {
	char *path;
	struct usym_ent *ents;
	size_t n;
	char *names;
	struct load_seg *segs;
	size_t nsegs;
	unsigned sources;
};

typedef VEC(struct usym_ent) ent_vec;
typedef VEC(char) char_vec;
typedef VEC(struct load_seg) seg_vec;

uint32_t usym_debuglink_crc(const void *data, size_t len, uint32_t crc)
{
	/* The debuglink checksum is the ordinary CRC-32 (zlib's), fed in chunks. */
	while (len > 0) {
		uInt chunk = len > (1u << 30) ? (1u << 30) : (uInt)len;
		crc = (uint32_t)crc32(crc, data, chunk);
		data = (const uint8_t *)data + chunk;
		len -= chunk;
	}
	return crc;
}

static Elf_Scn *find_section(Elf *elf, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, sh))
			continue;
		const char *s = elf_strptr(elf, shstrndx, sh->sh_name);
		if (s && !strcmp(s, name))
			return scn;
	}
	return NULL;
}

static uint8_t sym_rank(int type, int bind, uint64_t size)
{
	uint8_t r = 0;

	if (size == 0)
		r += 8;
	if (type == STT_OBJECT)
		r += 4;
	if (bind == STB_LOCAL)
		r += 2;
	else if (bind == STB_WEAK)
		r += 1;
	return r;
}

/* Adds the defined code and data symbols of every table of type `kind`; true if there was one. */
static bool read_symbols(Elf *elf, uint32_t kind, ent_vec *ents, char_vec *names)
{
	Elf_Scn *scn = NULL;
	bool found = false;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != kind || sh.sh_entsize == 0)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		found = true;
		size_t n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(data, (int)i, &sym))
				break;
			int type = GELF_ST_TYPE(sym.st_info);
			if (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT)
				continue;
			if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS || sym.st_value == 0)
				continue;
			const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			size_t len = strlen(name);
			struct usym_ent e = {
				.addr = sym.st_value,
				.size = sym.st_size,
				.name = (uint32_t)names->len,
				.rank = sym_rank(type, GELF_ST_BIND(sym.st_info), sym.st_size),
			};
			vec_grow(names, len + 1);
			memcpy(names->data + names->len, name, len + 1);
			names->len += len + 1;
			vec_push(ents, e);
		}
	}
	return found;
}

static void read_segments(Elf *elf, seg_vec *segs)
{
	size_t n;

	if (elf_getphdrnum(elf, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		struct load_seg s = { ph.p_offset, ph.p_vaddr, ph.p_filesz };
		vec_push(segs, s);
	}
}

/* ---- separate debug files ---- */

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static Elf *open_elf(const char *path, int *fd)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	Elf *elf = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		close(*fd);
		*fd = -1;
		return NULL;
	}
	return elf;
}

/* The GNU build id of the ELF file open at fd (the descriptor stays open); its length, 0 if none. */
size_t usym_build_id(int fd, unsigned char *id, size_t max)
{
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	GElf_Shdr sh;
	Elf_Scn *scn = elf && elf_kind(elf) == ELF_K_ELF ? find_section(elf, ".note.gnu.build-id", &sh) : NULL;
	Elf_Data *d = scn && sh.sh_type == SHT_NOTE ? elf_getdata(scn, NULL) : NULL;
	size_t off = 0, name_off, desc_off, len = 0;
	GElf_Nhdr nh;

	while (d && !len && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0)
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && !memcmp((char *)d->d_buf + name_off, "GNU", 4) &&
		    nh.n_descsz > 0 && nh.n_descsz <= max) {
			memcpy(id, (const char *)d->d_buf + desc_off, nh.n_descsz);
			len = nh.n_descsz;
		}
	if (elf)
		elf_end(elf);
	return len;
}

static char *build_id_path(Elf *elf, const char *dir)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_section(elf, ".note.gnu.build-id", &sh);

	if (!scn || sh.sh_type != SHT_NOTE)
		return NULL;
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d)
		return NULL;
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;
	while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 || memcmp((char *)d->d_buf + name_off, "GNU", 4) ||
		    nh.n_descsz < 2 || nh.n_descsz > 64)
			continue;
		const uint8_t *id = (const uint8_t *)d->d_buf + desc_off;
		char hex[129];
		for (size_t i = 0; i < nh.n_descsz; i++)
			snprintf(hex + 2 * i, 3, "%02x", id[i]);
		return xasprintf("%s/.build-id/%.2s/%s.debug", dir, hex, hex + 2);
	}
	return NULL;
}

static bool crc_matches(const char *path, uint32_t want)
{
	size_t len;
	char *data = read_file(path, &len);

	if (!data)
		return false;
	uint32_t crc = usym_debuglink_crc(data, len, 0);
	free(data);
	return crc == want;
}

/* The debug file .gnu_debuglink names: next to the file, in .debug/, under the debug directory or in it. */
static char *debuglink_path(Elf *elf, const char *file, const char *root, const char *dir)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_section(elf, ".gnu_debuglink", &sh);

	if (!scn)
		return NULL;
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || d->d_size < 6)
		return NULL;
	const char *name = d->d_buf;
	size_t nlen = strnlen(name, d->d_size);
	if (nlen == 0 || nlen >= d->d_size || strchr(name, '/'))
		return NULL;
	size_t crc_off = ALIGN_UP(nlen + 1, 4);
	if (crc_off + 4 > d->d_size)
		return NULL;
	uint32_t crc;
	memcpy(&crc, (const char *)d->d_buf + crc_off, 4);

	/* `file` is the path as the process sees it: strip the root to get its directory. */
	const char *slash = strrchr(file, '/');
	char *fdir = slash ? xstrndup(file, (size_t)(slash - file)) : xstrdup(".");
	const char *pdir = fdir;
	size_t rlen = strlen(root);
	if (rlen && !strncmp(pdir, root, rlen))
		pdir += rlen;
	char *cands[4] = {
		xasprintf("%s/%s", fdir, name),
		xasprintf("%s/.debug/%s", fdir, name),
		xasprintf("%s%s/%s", dir, pdir, name),
		xasprintf("%s/%s", dir, name),
	};
	char *found = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(cands); i++) {
		/* never the file itself: a debuglink naming its own file is a packaging slip */
		if (!found && strcmp(cands[i], file) && file_exists(cands[i]) && crc_matches(cands[i], crc)) {
			found = cands[i];
			continue;
		}
		free(cands[i]);
	}
	free(fdir);
	return found;
}

/* --debuginfo DIR: searched before DEBUG_DIR, as it is */
static VEC(char *) extra_dirs;

void usym_add_debug_dir(const char *dir)
{
	vec_push(&extra_dirs, xstrdup(dir));
}

/*
 * Calls fn on each separate debug file of `elf` that exists, by build-id
 * then .gnu_debuglink, in the --debuginfo directories and then the debug
 * directory (under the process's root first), until fn returns true.
 */
static bool each_debug_file(Elf *elf, const char *path, const char *root, bool (*fn)(const char *, void *),
			    void *arg)
{
	VEC(char *) dirs = { 0 };
	bool ok = false;

	for (size_t i = 0; i < extra_dirs.len; i++)
		vec_push(&dirs, xstrdup(extra_dirs.data[i]));
	vec_push(&dirs, xasprintf("%s%s", root, DEBUG_DIR));
	if (*root)
		vec_push(&dirs, xstrdup(DEBUG_DIR));
	for (size_t i = 0; i < dirs.len && !ok; i++) {
		char *cand[2] = { build_id_path(elf, dirs.data[i]), debuglink_path(elf, path, root, dirs.data[i]) };
		for (size_t j = 0; j < 2 && !ok; j++)
			ok = cand[j] && file_exists(cand[j]) && fn(cand[j], arg);
		free(cand[0]);
		free(cand[1]);
	}
	for (size_t i = 0; i < dirs.len; i++)
		free(dirs.data[i]);
	vec_free(&dirs);
	return ok;
}

struct symtab_read {
	ent_vec *ents;
	char_vec *names;
};

static bool read_debug_symtab(const char *cand, void *arg)
{
	struct symtab_read *r = arg;
	int fd;
	Elf *dbg = open_elf(cand, &fd);
	if (!dbg)
		return false;
	bool ok = read_symbols(dbg, SHT_SYMTAB, r->ents, r->names);
	elf_end(dbg);
	close(fd);
	return ok;
}

/* Reads the .symtab of a separate debug file; true if it had one. */
static bool read_debug_file(Elf *elf, const char *path, const char *root, ent_vec *ents, char_vec *names)
{
	struct symtab_read r = { ents, names };
	return each_debug_file(elf, path, root, read_debug_symtab, &r);
}

static bool take_path(const char *cand, void *arg)
{
	*(char **)arg = xstrdup(cand);
	return true;
}

char *usym_debug_file(const char *path)
{
	char *found = NULL;
	int fd;
	Elf *elf = open_elf(path, &fd);

	if (!elf)
		return NULL;
	each_debug_file(elf, path, "", take_path, &found);
	elf_end(elf);
	close(fd);
	return found;
}

/* ---- MiniDebugInfo ---- */

static uint8_t *xz_decode(const uint8_t *in, size_t in_len, size_t *out_len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = in_len * 4 + 4096;
	uint8_t *out = NULL;

	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return NULL;
	out = xmalloc(cap);
	s.next_in = in;
	s.avail_in = in_len;
	s.next_out = out;
	s.avail_out = cap;
	for (;;) {
		lzma_ret r = lzma_code(&s, LZMA_FINISH);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK && r != LZMA_BUF_ERROR) {
			free(out);
			out = NULL;
			break;
		}
		if (s.avail_out == 0) {
			if (cap >= MINIDEBUG_MAX) {
				free(out);
				out = NULL;
				break;
			}
			size_t used = cap;
			cap *= 2;
			out = xrealloc(out, cap);
			s.next_out = out + used;
			s.avail_out = cap - used;
		} else if (r == LZMA_BUF_ERROR) {
			/* no progress possible: truncated input */
			free(out);
			out = NULL;
			break;
		}
	}
	if (out)
		*out_len = cap - s.avail_out;
	lzma_end(&s);
	return out;
}

static bool read_minidebuginfo(Elf *elf, ent_vec *ents, char_vec *names)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_section(elf, ".gnu_debugdata", &sh);

	if (!scn || sh.sh_type == SHT_NOBITS)
		return false;
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf || d->d_size == 0)
		return false;
	size_t len;
	uint8_t *raw = xz_decode(d->d_buf, d->d_size, &len);
	if (!raw)
		return false;
	bool ok = false;
	Elf *mini = elf_memory((char *)raw, len);
	if (mini && elf_kind(mini) == ELF_K_ELF)
		ok = read_symbols(mini, SHT_SYMTAB, ents, names);
	if (mini)
		elf_end(mini);
	free(raw);
	return ok;
}

/* ---- the table ---- */

static int ent_cmp(const void *a, const void *b)
{
	const struct usym_ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

struct usym_file *usym_file_open_fd(int fd, const char *path, const char *root)
{
	ent_vec ents = { 0 };
	char_vec names = { 0 };
	seg_vec segs = { 0 };
	unsigned sources = 0;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		close(fd);
		errno = ENOEXEC;
		return NULL;
	}
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		close(fd);
		errno = ENOEXEC;
		return NULL;
	}
	if (!root)
		root = "";
	read_segments(elf, &segs);
	if (read_symbols(elf, SHT_SYMTAB, &ents, &names))
		sources |= USYM_SRC_SYMTAB;
	if (read_symbols(elf, SHT_DYNSYM, &ents, &names))
		sources |= USYM_SRC_DYNSYM;
	if (!(sources & USYM_SRC_SYMTAB)) {
		if (read_debug_file(elf, path, root, &ents, &names))
			sources |= USYM_SRC_DEBUGFILE;
		else if (read_minidebuginfo(elf, &ents, &names))
			sources |= USYM_SRC_MINIDEBUG;
	}
	elf_end(elf);
	close(fd);

	if (ents.len)
		qsort(ents.data, ents.len, sizeof(*ents.data), ent_cmp);
	size_t out = 0;
	for (size_t i = 0; i < ents.len; i++) {
		if (out && ents.data[out - 1].addr == ents.data[i].addr) {
			/* the same symbol from two tables: keep the best, but its size if it had none */
			if (!ents.data[out - 1].size)
				ents.data[out - 1].size = ents.data[i].size;
			continue;
		}
		ents.data[out++] = ents.data[i];
	}
	struct usym_file *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->ents = ents.data;
	f->n = out;
	f->names = names.data;
	f->segs = segs.data;
	f->nsegs = segs.len;
	f->sources = sources;
	return f;
}

struct usym_file *usym_file_open(const char *path, const char *root)
{
	char *full = xasprintf("%s%s", root ? root : "", path);
	int fd = open(full, O_RDONLY | O_CLOEXEC);
	int err = errno;

	if (fd < 0) {
		free(full);
		errno = err;
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		free(full);
		errno = ENOEXEC;
		return NULL;
	}
	struct usym_file *f = usym_file_open_fd(fd, full, root);
	free(full);
	return f;
}

void usym_file_free(struct usym_file *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->ents);
	free(f->names);
	free(f->segs);
	free(f);
}

unsigned usym_file_sources(const struct usym_file *f)
{
	return f ? f->sources : 0;
}

size_t usym_file_count(const struct usym_file *f)
{
	return f ? f->n : 0;
}

bool usym_file_offset_to_vaddr(const struct usym_file *f, uint64_t offset, uint64_t *vaddr)
{
	for (size_t i = 0; f && i < f->nsegs; i++) {
		const struct load_seg *s = &f->segs[i];
		if (offset >= s->offset && offset < s->offset + s->filesz) {
			*vaddr = offset - s->offset + s->vaddr;
			return true;
		}
	}
	return false;
}

static bool contains(const struct usym_ent *e, uint64_t vaddr)
{
	return vaddr == e->addr || (vaddr > e->addr && vaddr - e->addr < e->size);
}

/* How far back to look for an enclosing symbol past smaller ones nested in it. */
#define NESTED_LOOKBACK 8

bool usym_file_lookup(const struct usym_file *f, uint64_t vaddr, struct sym_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!f || !f->n)
		return false;
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->ents[mid].addr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo, k = 0; i > 0 && k < NESTED_LOOKBACK; i--, k++) {
		const struct usym_ent *e = &f->ents[i - 1];
		if (!contains(e, vaddr))
			continue;
		out->name = f->names + e->name;
		out->offset = vaddr - e->addr;
		out->module = f->path;
		return true;
	}
	return false;
}
