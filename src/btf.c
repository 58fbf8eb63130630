/*
 * btf.c: kernel types from BTF, converted to sonde types on demand.
 *
 * The sources are vmlinux's BTF and the split BTF of each module a probe
 * names (btf_src.h). Converted types are cached by source and BTF id and
 * live as long as the process (so does the BTF they describe), so one kernel
 * type is one struct type everywhere and lookups after the first cost
 * nothing. Records start as shells (nfields = -1) and get their members in
 * btf_complete(), which converts member types the same lazy way. libbpf's
 * name lookup is a linear scan over 100k+ types: names are hashed once instead.
 */
#include "btf.h"
#include "btf_src.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Deep enough for any real chain of typedefs, qualifiers and pointers. */
#define MAX_DEPTH 32

static struct btf_src vml;
static int load_err;
/* modules' sources, by index - 1; those in use in the order probes named them */
static VEC(struct btf_src *) mods, used;

struct name_slot {
	uint32_t hash;
	uint32_t id;       /* 0: empty */
	uint32_t index;    /* enumerators: position in the enum */
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = fnv32(FNV32_BASIS, s, strlen(s));

	return h ? h : 1;
}

static void table_init(struct name_table *t, uint32_t n)
{
	uint32_t size = 64;

	while (size < 2 * n)
		size *= 2;
	t->slots = xcalloc(size, sizeof(*t->slots));
	t->mask = size - 1;
}

static void table_add(struct name_table *t, const char *name, uint32_t id, uint32_t index)
{
	uint32_t h = name_hash(name), i = h & t->mask;

	while (t->slots[i].id)
		i = (i + 1) & t->mask;
	t->slots[i] = (struct name_slot){ .hash = h, .id = id, .index = index };
}

const char *btf_src_name(const struct btf_src *s, uint32_t name_off)
{
	const char *name = btf__name_by_offset(s->btf, name_off);
	return name ? name : "";
}

static const char *type_name(const struct btf_src *s, const struct btf_type *t)
{
	return btf_src_name(s, t->name_off);
}

static bool indexed_kind(int kind)
{
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
		return true;
	default:
		return false;
	}
}

/* s's own named types: functions (half of vmlinux's names) or all the others. */
static void index_types(struct btf_src *s, struct name_table *tab, bool funcs)
{
	uint32_t n = 0;

	for (uint32_t id = s->first; id < s->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);
		if (t->name_off && indexed_kind(btf_kind(t)) && (btf_kind(t) == BTF_KIND_FUNC) == funcs)
			n++;
	}
	table_init(tab, n);
	for (uint32_t id = s->first; id < s->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);
		if (t->name_off && indexed_kind(btf_kind(t)) && (btf_kind(t) == BTF_KIND_FUNC) == funcs &&
		    *type_name(s, t))
			table_add(tab, type_name(s, t), id, 0);
	}
}

static void src_init(struct btf_src *s, struct btf *b, uint32_t first)
{
	s->btf = b;
	s->first = first;
	s->ntypes = btf__type_cnt(b);
	s->cache = xcalloc(s->ntypes - first, sizeof(*s->cache));
}

/*
 * vmlinux BTF, mapped where the kernel allows it (Linux 6.16): reading the
 * 5 MB file through sysfs costs about as much as parsing it. btf__new()
 * copies what it is given, so the mapping goes at once.
 */
static struct btf *load_vmlinux(void)
{
	struct btf *b = NULL;
	struct stat st;
	int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
		void *p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			b = btf__new(p, st.st_size);
			munmap(p, st.st_size);
		}
	}
	if (fd >= 0)
		close(fd);
	return b ? b : btf__load_vmlinux_btf();
}

int btf_load(void)
{
	if (vml.btf)
		return 0;
	if (load_err)
		return load_err;
	const char *path = getenv("SONDE_BTF");
	struct btf *b = path && *path ? btf__parse(path, NULL) : load_vmlinux();
	if (!b) {
		load_err = errno ? -errno : -ENOENT;
		return load_err;
	}
	src_init(&vml, b, 1);
	return 0;
}

bool btf_available(void)
{
	return btf_load() == 0;
}

struct btf_src *btf_src_vmlinux(void)
{
	return btf_load() < 0 ? NULL : &vml;
}

const char *btf_module_dir(void)
{
	const char *dir = getenv("SONDE_MODULE_BTF");
	return dir && *dir ? dir : "/sys/kernel/btf";
}

struct btf_src *btf_src_module(const char *module)
{
	if (btf_load() < 0)
		return NULL;
	for (size_t i = 0; i < mods.len; i++)
		if (!strcmp(mods.data[i]->module, module))
			return mods.data[i];
	/* a module's BTF as the kernel numbers it: split over vmlinux's */
	char *path = xasprintf("%s/%s", btf_module_dir(), module);
	struct btf *split = strchr(module, '/') || !strcmp(module, "vmlinux") ? NULL
										 : btf__parse_split(path, vml.btf);
	free(path);
	if (!split) {
		errno = ENOENT;
		return NULL;
	}
	struct btf_src *s = xcalloc(1, sizeof(*s));
	s->module = xstrdup(module);
	s->index = mods.len + 1;
	src_init(s, split, vml.ntypes);
	vec_push(&mods, s);
	return s;
}

struct btf_src *btf_src_of(const char *module)
{
	return module ? btf_src_module(module) : btf_src_vmlinux();
}

struct btf_src *btf_src_by_index(int index)
{
	if (index == 0)
		return btf_src_vmlinux();
	return index > 0 && (size_t)index <= mods.len ? mods.data[index - 1] : NULL;
}

void btf_src_use(struct btf_src *s)
{
	if (s->in_use || !s->module)
		return;
	s->in_use = true;
	vec_push(&used, s);
}

/* Kinds a lookup accepts: an enum lookup takes both enum kinds. */
static bool kind_matches(int want, int have)
{
	if (want == BTF_KIND_ENUM)
		return have == BTF_KIND_ENUM || have == BTF_KIND_ENUM64;
	return want == have;
}

bool btf_src_decl_only(const struct btf_src *s, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(s->btf, id);
	return t && btf_is_composite(t) && btf_vlen(t) == 0 && t->size == 0;
}

/*
 * The type named `name` of kind `kind` among s's own types. A struct may
 * appear more than once (a declaration-only copy from some compilation
 * unit): the one with members wins.
 */
uint32_t btf_src_find(struct btf_src *s, const char *name, int kind)
{
	if (!s || !*name)
		return 0;
	/* indexed on first use: a wildcard over modules parses many that no lookup ever names */
	struct name_table *tab = kind == BTF_KIND_FUNC ? &s->func_names : &s->type_names;
	if (!tab->slots)
		index_types(s, tab, kind == BTF_KIND_FUNC);
	uint32_t h = name_hash(name), fallback = 0;
	for (uint32_t i = h & tab->mask; tab->slots[i].id; i = (i + 1) & tab->mask) {
		const struct name_slot *slot = &tab->slots[i];
		if (slot->hash != h)
			continue;
		const struct btf_type *t = btf__type_by_id(s->btf, slot->id);
		if (!kind_matches(kind, btf_kind(t)) || strcmp(type_name(s, t), name))
			continue;
		if ((kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION) && btf_src_decl_only(s, slot->id)) {
			if (!fallback)
				fallback = slot->id;
			continue;
		}
		return slot->id;
	}
	return fallback;
}

/* A name as s's types see it: its own, then its base's (vmlinux's) for a module. */
static uint32_t find_type(struct btf_src *s, const char *name, int kind)
{
	uint32_t id = btf_src_find(s, name, kind);

	if (s->module && (!id || btf_src_decl_only(s, id))) {
		uint32_t base = btf_src_find(&vml, name, kind);
		if (base && (!id || !btf_src_decl_only(&vml, base)))
			id = base;
	}
	return id;
}

/* ---- conversion ---- */

static struct type *persistent_type(enum type_kind kind)
{
	struct type *t = xcalloc(1, sizeof(*t));

	t->kind = kind;
	t->align = 1;
	return t;
}

static const struct btf_type *skip_mods(const struct btf_src *s, uint32_t *id, bool *is_user)
{
	const struct btf_type *t = btf__type_by_id(s->btf, *id);

	for (int depth = 0; t && depth < MAX_DEPTH; depth++) {
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
			break;
		case BTF_KIND_TYPE_TAG:
			/* clang-built kernels mark __user pointers with a type tag */
			if (is_user && !strcmp(type_name(s, t), "user"))
				*is_user = true;
			break;
		default:
			return t;
		}
		*id = t->type;
		t = btf__type_by_id(s->btf, *id);
	}
	return t;
}

static struct type *conv(struct btf_src *s, uint32_t id, int depth);

static struct type *byte_array(uint32_t size)
{
	struct type *t = persistent_type(TY_ARRAY);

	t->elem = &type_u8;
	t->count = size;
	t->size = size;
	return t;
}

static struct type *conv_int(const struct btf_type *t)
{
	uint8_t enc = btf_int_encoding(t);

	if (enc & BTF_INT_BOOL)
		return &type_bool;
	switch (t->size) {
	case 1: case 2: case 4: case 8:
		return type_int(t->size, enc & BTF_INT_SIGNED);
	default:
		/* __int128 and friends: bytes sonde can copy and print, not arithmetic */
		return byte_array(t->size);
	}
}

static bool enum_is_signed(const struct btf_type *t)
{
	if (btf_kflag(t))
		return true;
	/* BTF before kernel 6.0 has no signedness flag: a negative value tells. */
	if (btf_is_enum(t)) {
		const struct btf_enum *e = btf_enum(t);
		for (int i = 0; i < btf_vlen(t); i++)
			if (e[i].val < 0)
				return true;
	}
	return false;
}

static bool is_plain_char(const struct btf_src *s, uint32_t id)
{
	const struct btf_type *t = skip_mods(s, &id, NULL);
	return t && btf_is_int(t) && t->size == 1 && !strcmp(type_name(s, t), "char");
}

static struct type *conv_array(struct btf_src *s, const struct btf_type *t, int depth)
{
	const struct btf_array *a = btf_array(t);

	/* bpftrace reads char arrays (comm, names) as strings */
	if (a->nelems > 0 && is_plain_char(s, a->type)) {
		struct type *str = persistent_type(TY_STR);
		str->size = a->nelems;
		return str;
	}
	struct type *elem = conv(s, a->type, depth + 1);
	struct type *arr = persistent_type(TY_ARRAY);
	arr->elem = elem;
	arr->count = a->nelems;
	arr->size = elem->size * a->nelems;
	arr->align = elem->align ? elem->align : 1;
	return arr;
}

static struct type *record_shell(const struct btf_src *s, uint32_t id, const struct btf_type *t)
{
	struct type *r = persistent_type(TY_RECORD);
	bool is_union = btf_kind(t) == BTF_KIND_UNION ||
			(btf_kind(t) == BTF_KIND_FWD && btf_kflag(t));
	const char *name = type_name(s, t);

	r->is_union = is_union;
	r->name = *name ? xasprintf("%s %s", is_union ? "union" : "struct", name) : NULL;
	r->btf_id = id;
	r->btf_obj = s->index;
	if (btf_kind(t) == BTF_KIND_FWD) {
		/* declared, never defined: no members to read */
		r->nfields = 0;
		return r;
	}
	r->size = t->size;
	int align = btf__align_of(s->btf, id);
	r->align = align > 0 ? align : 1;
	r->nfields = -1;
	return r;
}

static struct type *conv_ptr(struct btf_src *s, uint32_t id, const struct btf_type *t, int depth)
{
	uint32_t target = t->type;
	bool is_user = false;
	const struct btf_type *tt = skip_mods(s, &target, &is_user);

	/* function pointers are addresses to print, not something to follow */
	if (tt && btf_is_func_proto(tt))
		return &type_u64;
	struct type *p = persistent_type(TY_PTR);
	p->size = 8;
	p->align = 8;
	p->is_user = is_user;
	p->btf_id = id;
	p->btf_obj = s->index;
	/* cached before converting the target: records refer back to their pointers */
	s->cache[id - s->first] = p;
	p->elem = conv(s, t->type, depth + 1);
	return p;
}

static struct type *conv(struct btf_src *s, uint32_t id, int depth)
{
	if (id == 0)
		return &type_void;
	/* a module's reference to a vmlinux type: vmlinux's one struct type */
	if (id < s->first)
		s = &vml;
	if (id >= s->ntypes || depth > MAX_DEPTH)
		return &type_none;
	if (s->cache[id - s->first])
		return s->cache[id - s->first];

	const struct btf_type *t = btf__type_by_id(s->btf, id);
	struct type *ty;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		ty = conv_int(t);
		break;
	case BTF_KIND_PTR:
		return conv_ptr(s, id, t, depth);
	case BTF_KIND_ARRAY:
		ty = conv_array(s, t, depth);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		ty = record_shell(s, id, t);
		break;
	case BTF_KIND_FWD: {
		uint32_t def = find_type(s, type_name(s, t), btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT);
		ty = def && def != id ? conv(s, def, depth + 1) : record_shell(s, id, t);
		break;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		ty = t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8
			     ? type_int(t->size, enum_is_signed(t)) : &type_u64;
		break;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		ty = conv(s, t->type, depth + 1);
		break;
	case BTF_KIND_FLOAT:
		ty = t->size == 4 || t->size == 8 ? type_int(t->size, false) : byte_array(t->size);
		break;
	case BTF_KIND_FUNC_PROTO:
		ty = &type_u64;
		break;
	default:
		/* FUNC, VAR, DATASEC, DECL_TAG are not value types */
		ty = &type_none;
		break;
	}
	s->cache[id - s->first] = ty;
	return ty;
}

/* ---- records ---- */

/*
 * A bitfield's unit: the naturally aligned block of its type's size that holds
 * its bits. Packed structs can put bits across such a boundary; those get the
 * smallest unit from their first byte that holds them.
 */
static void place_bitfield(struct field *f, uint32_t bit_off, uint32_t bits)
{
	uint32_t size = f->type->size;

	if (size == 1 || size == 2 || size == 4 || size == 8) {
		uint32_t unit = bit_off / (8 * size) * size;
		if (bit_off - 8 * unit + bits <= 8 * size) {
			f->offset = unit;
			f->bit_offset = bit_off - 8 * unit;
			f->bit_size = bits;
			return;
		}
	}
	uint32_t first = bit_off / 8, need = bit_off % 8 + bits;
	uint32_t bytes = need <= 8 ? 1 : need <= 16 ? 2 : need <= 32 ? 4 : 8;
	f->type = type_int(bytes, f->type->kind == TY_INT && f->type->is_signed);
	f->offset = first;
	f->bit_offset = bit_off % 8;
	f->bit_size = bits;
}

int btf_complete(struct type *rec)
{
	if (!rec || rec->kind != TY_RECORD)
		return -EINVAL;
	if (rec->nfields >= 0)
		return 0;
	struct btf_src *s = rec->btf_id ? btf_src_by_index(rec->btf_obj) : NULL;
	if (!s || (uint32_t)rec->btf_id < s->first || (uint32_t)rec->btf_id >= s->ntypes)
		return -EINVAL;

	const struct btf_type *t = btf__type_by_id(s->btf, rec->btf_id);
	if (!btf_is_composite(t))
		return -EINVAL;
	int n = btf_vlen(t);
	const struct btf_member *m = btf_members(t);
	struct field *fields = xcalloc(n ? n : 1, sizeof(*fields));
	for (int i = 0; i < n; i++) {
		const char *name = btf__name_by_offset(s->btf, m[i].name_off);
		struct field *f = &fields[i];
		uint32_t bit_off = btf_member_bit_offset(t, i), bits = btf_member_bitfield_size(t, i);

		f->name = name && *name ? name : NULL;
		f->type = conv(s, m[i].type, 0);
		f->offset = bit_off / 8;
		if (bits)
			place_bitfield(f, bit_off, bits);
	}
	rec->fields = fields;
	rec->nfields = n;
	return 0;
}

const struct field *btf_member(struct type *rec, const char *name)
{
	if (!rec || rec->kind != TY_RECORD || !name || btf_complete(rec) < 0)
		return NULL;
	for (int i = 0; i < rec->nfields; i++)
		if (rec->fields[i].name && !strcmp(rec->fields[i].name, name))
			return &rec->fields[i];
	/* C members of anonymous structs and unions are members of the outer record */
	for (int i = 0; i < rec->nfields; i++) {
		const struct field *anon = &rec->fields[i];
		if (anon->name || anon->type->kind != TY_RECORD)
			continue;
		const struct field *f = btf_member(anon->type, name);
		if (f) {
			struct field *c = arena_alloc(sizeof(*c));
			*c = *f;
			c->offset += anon->offset;
			return c;
		}
	}
	return NULL;
}

static void nearest_in(struct type *rec, const char *name, const char **best, int *best_d, int depth)
{
	if (depth > MAX_DEPTH || btf_complete(rec) < 0)
		return;
	for (int i = 0; i < rec->nfields; i++) {
		const struct field *f = &rec->fields[i];
		if (!f->name) {
			if (f->type->kind == TY_RECORD)
				nearest_in(f->type, name, best, best_d, depth + 1);
			continue;
		}
		int d = edit_distance(name, f->name);
		if (d < *best_d) {
			*best_d = d;
			*best = f->name;
		}
	}
}

const char *btf_nearest_member(struct type *rec, const char *name)
{
	const char *best = NULL;
	int len = name ? strlen(name) : 0;
	/* close enough to be a typo, not just another short name */
	int best_d = len < 3 ? 2 : len < 6 ? 3 : 4;

	if (!rec || rec->kind != TY_RECORD || !name)
		return NULL;
	nearest_in(rec, name, &best, &best_d, 0);
	return best;
}

/* ---- enumerators ---- */

static void index_enumerators(struct btf_src *s)
{
	uint32_t n = 0;

	for (uint32_t id = s->first; id < s->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);
		if (btf_is_any_enum(t))
			n += btf_vlen(t);
	}
	table_init(&s->enum_names, n);
	for (uint32_t id = s->first; id < s->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);
		if (!btf_is_any_enum(t))
			continue;
		for (int i = 0; i < btf_vlen(t); i++) {
			uint32_t off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
			const char *name = btf__name_by_offset(s->btf, off);
			if (name && *name)
				table_add(&s->enum_names, name, id, i);
		}
	}
}

static bool enum_value_in(struct btf_src *s, const char *name, int64_t *value, struct type **enum_type)
{
	if (!s->enum_names.slots)
		index_enumerators(s);
	uint32_t h = name_hash(name);
	struct name_table *tab = &s->enum_names;
	for (uint32_t i = h & tab->mask; tab->slots[i].id; i = (i + 1) & tab->mask) {
		const struct name_slot *slot = &tab->slots[i];
		if (slot->hash != h)
			continue;
		const struct btf_type *t = btf__type_by_id(s->btf, slot->id);
		bool is_signed = enum_is_signed(t);
		uint32_t off;
		int64_t v;
		if (btf_is_enum(t)) {
			const struct btf_enum *e = &btf_enum(t)[slot->index];
			off = e->name_off;
			v = is_signed ? (int64_t)e->val : (int64_t)(uint32_t)e->val;
		} else {
			const struct btf_enum64 *e = &btf_enum64(t)[slot->index];
			off = e->name_off;
			v = (int64_t)btf_enum64_value(e);
		}
		if (strcmp(btf_src_name(s, off), name))
			continue;
		if (value)
			*value = v;
		if (enum_type)
			*enum_type = conv(s, slot->id, 0);
		return true;
	}
	return false;
}

/* vmlinux's enumerators, then those of the modules probes attach to. */
bool btf_enum_value(const char *name, int64_t *value, struct type **enum_type)
{
	if (!name || btf_load() < 0)
		return false;
	if (enum_value_in(&vml, name, value, enum_type))
		return true;
	for (size_t i = 0; i < used.len; i++)
		if (enum_value_in(used.data[i], name, value, enum_type))
			return true;
	return false;
}

/* ---- C spellings ---- */

static bool is_qualifier(const char *w, size_t n)
{
	static const char *const quals[] = { "const", "volatile", "restrict", "__restrict", "__user",
					     "__volatile__", "__const" };
	for (size_t i = 0; i < ARRAY_SIZE(quals); i++)
		if (strlen(quals[i]) == n && !strncmp(w, quals[i], n))
			return true;
	return false;
}

/* "unsigned long int", "short", "char": the C integer types, whatever the word order. */
static struct type *c_int_type(char words[][64], int nwords)
{
	int longs = 0, shorts = 0, chars = 0, ints = 0, sign = 0, unsign = 0, bools = 0;

	for (int i = 0; i < nwords; i++) {
		const char *w = words[i];
		if (!strcmp(w, "long"))
			longs++;
		else if (!strcmp(w, "short"))
			shorts++;
		else if (!strcmp(w, "char"))
			chars++;
		else if (!strcmp(w, "int"))
			ints++;
		else if (!strcmp(w, "signed"))
			sign++;
		else if (!strcmp(w, "unsigned"))
			unsign++;
		else if (!strcmp(w, "_Bool") || !strcmp(w, "bool"))
			bools++;
		else
			return NULL;
	}
	if (bools)
		return nwords == 1 ? &type_bool : NULL;
	if (sign + unsign > 1 || chars + shorts + (longs > 0) > 1 || longs > 2 || ints > 1 || (chars && ints))
		return NULL;
	int size = chars ? 1 : shorts ? 2 : longs ? 8 : 4;
	return type_int(size, !unsign);
}

/*
 * A name in a script's cast or sizeof: vmlinux's type, else one of the
 * modules probes attach to (in the order their probes come), a definition
 * with members before a declaration.
 */
static uint32_t find_any(const char *name, int kind, struct btf_src **src)
{
	uint32_t id = btf_load() < 0 ? 0 : btf_src_find(&vml, name, kind), decl = 0;
	struct btf_src *decl_src = NULL;

	*src = &vml;
	for (size_t i = 0; (!id || btf_src_decl_only(*src, id)) && i < used.len; i++) {
		if (id && !decl) {
			decl = id;
			decl_src = *src;
		}
		*src = used.data[i];
		id = btf_src_find(*src, name, kind);
	}
	if (id && !btf_src_decl_only(*src, id))
		return id;
	if (decl) {
		*src = decl_src;
		return decl;
	}
	return id;
}

struct type *btf_parse_type(const char *spelling)
{
	char words[8][64];
	int nwords = 0, ptrs = 0;
	const char *s = spelling;
	uint32_t array_n = 0;
	bool array = false;

	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	/* words, then '*'s, then an optional [N] */
	while (*s) {
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (*s == '*') {
			ptrs++;
			s++;
		} else if (*s == '[' && !array) {
			char *end;
			array_n = strtoul(s + 1, &end, 0);
			if (*end != ']')
				goto bad;
			array = true;
			s = end + 1;
		} else if (isalpha((unsigned char)*s) || *s == '_') {
			const char *w = s;
			while (isalnum((unsigned char)*s) || *s == '_')
				s++;
			size_t n = s - w;
			if (is_qualifier(w, n))
				continue;
			if (ptrs || array || nwords == (int)ARRAY_SIZE(words) || n >= sizeof(words[0]))
				goto bad;
			memcpy(words[nwords], w, n);
			words[nwords++][n] = '\0';
		} else {
			goto bad;
		}
	}
	if (nwords == 0)
		goto bad;

	struct type *t = NULL;
	if (!strcmp(words[0], "struct") || !strcmp(words[0], "union") || !strcmp(words[0], "enum")) {
		if (nwords != 2)
			goto bad;
		int kind = words[0][0] == 's' ? BTF_KIND_STRUCT : words[0][0] == 'u' ? BTF_KIND_UNION
										      : BTF_KIND_ENUM;
		struct btf_src *s;
		uint32_t id = find_any(words[1], kind, &s);
		if (!id && kind != BTF_KIND_ENUM)
			id = find_any(words[1], BTF_KIND_FWD, &s);
		if (!id)
			goto unknown;
		t = conv(s, id, 0);
	} else if (nwords == 1 && !strcmp(words[0], "void")) {
		t = &type_void;
	} else if ((t = c_int_type(words, nwords)) == NULL) {
		if (nwords != 1)
			goto bad;
		struct btf_src *s;
		uint32_t id = find_any(words[0], BTF_KIND_TYPEDEF, &s);
		if (!id)
			id = find_any(words[0], BTF_KIND_INT, &s);
		if (!id)
			goto unknown;
		t = conv(s, id, 0);
	}
	for (int i = 0; i < ptrs; i++)
		t = type_ptr(t, false);
	if (array) {
		if (t->kind == TY_VOID)
			goto bad;
		struct type *a = type_new(TY_ARRAY);
		a->elem = t;
		a->count = array_n;
		a->size = t->size * array_n;
		a->align = t->align;
		t = a;
	}
	return t;
unknown:
	errno = ENOENT;
	return NULL;
bad:
	errno = EINVAL;
	return NULL;
}

/* ---- function arguments ---- */

/*
 * The arguments of a BTF-typed program's context: an array of u64, one slot
 * per argument, two for a struct passed by value in two registers.
 */
static struct type *args_record(struct btf_src *s, const char *name, const struct btf_type *proto,
				const struct btf_type *names, int skip, bool with_retval)
{
	int n = btf_vlen(proto);
	const struct btf_param *p = btf_params(proto);
	const struct btf_param *np = names && btf_vlen(names) == n ? btf_params(names) : NULL;
	struct type *rec = type_new(TY_RECORD);
	struct field *fields = arena_alloc(sizeof(*fields) * (n + 1));
	int nf = 0;
	uint32_t slot = 0;

	for (int i = skip; i < n; i++) {
		if (p[i].type == 0)
			break;   /* ... of a variadic function */
		const char *pname = np ? btf_src_name(s, np[i].name_off) : NULL;
		if (!pname || !*pname)
			pname = btf_src_name(s, p[i].name_off);
		struct field *f = &fields[nf];
		f->name = pname && *pname ? pname : arena_printf("arg%d", nf);
		f->type = conv(s, p[i].type, 0);
		f->offset = 8 * slot;
		slot += f->type->size > 8 ? (f->type->size + 7) / 8 : 1;
		nf++;
	}
	if (with_retval) {
		struct type *ret = conv(s, proto->type, 0);
		fields[nf].name = "$retval";
		/* void functions: the slot exists and holds nothing meaningful */
		fields[nf].type = ret->kind == TY_VOID ? &type_u64 : ret;
		fields[nf].offset = 8 * slot;
		slot += 1;
		nf++;
	}
	rec->name = name;
	rec->fields = fields;
	rec->nfields = nf;
	rec->size = 8 * slot;
	rec->align = 8;
	return rec;
}

const struct btf_type *btf_src_func_proto(const struct btf_src *s, uint32_t func_id)
{
	const struct btf_type *t = btf__type_by_id(s->btf, func_id);
	if (!t || !btf_is_func(t))
		return NULL;
	t = btf__type_by_id(s->btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

struct type *btf_func_args(const char *module, const char *func, bool with_retval, int *btf_id)
{
	struct btf_src *s = btf_src_of(module);
	/* a module's own functions: its base's are vmlinux's */
	uint32_t id = func && s ? btf_src_find(s, func, BTF_KIND_FUNC) : 0;
	const struct btf_type *proto = id ? btf_src_func_proto(s, id) : NULL;

	if (!proto) {
		errno = ENOENT;
		return NULL;
	}
	if (btf_id)
		*btf_id = id;
	return args_record(s, arena_printf("struct %s_args", func), proto, NULL, 0, with_retval);
}

bool btf_func_variadic(const char *module, const char *func)
{
	struct btf_src *s = btf_src_of(module);
	uint32_t id = s ? btf_src_find(s, func, BTF_KIND_FUNC) : 0;
	const struct btf_type *proto = id ? btf_src_func_proto(s, id) : NULL;

	return proto && btf_vlen(proto) > 0 && btf_params(proto)[btf_vlen(proto) - 1].type == 0;
}

/* btf_trace_NAME: a typedef of a pointer to the probe's prototype (void *__data, args...). */
const struct btf_type *btf_src_raw_tp_proto(struct btf_src *s, const char *name, uint32_t *id)
{
	char buf[256];

	if (snprintf(buf, sizeof(buf), "btf_trace_%s", name) >= (int)sizeof(buf))
		return NULL;
	*id = btf_src_find(s, buf, BTF_KIND_TYPEDEF);
	if (!*id)
		return NULL;
	uint32_t target = btf__type_by_id(s->btf, *id)->type;
	const struct btf_type *t = skip_mods(s, &target, NULL);
	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(s->btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

struct type *btf_raw_tp_args(const char *module, const char *name, int *btf_id)
{
	struct btf_src *s = btf_src_of(module);
	uint32_t id;
	const struct btf_type *proto = name && s ? btf_src_raw_tp_proto(s, name, &id) : NULL;

	if (!proto || btf_vlen(proto) < 1) {
		errno = ENOENT;
		return NULL;
	}
	/* the typedef's prototype has no parameter names; the probe function __bpf_trace_NAME has */
	uint32_t fid = btf_src_find(s, arena_printf("__bpf_trace_%s", name), BTF_KIND_FUNC);
	const struct btf_type *named = fid ? btf_src_func_proto(s, fid) : NULL;
	if (btf_id)
		*btf_id = id;
	return args_record(s, arena_printf("struct %s_args", name), proto, named, 1, false);
}

struct type *btf_iter_ctx(const char *name, int *btf_id)
{
	struct btf_src *s = btf_src_vmlinux();
	uint32_t fid = name ? btf_src_find(s, arena_printf("bpf_iter_%s", name), BTF_KIND_FUNC) : 0;
	uint32_t sid = name ? btf_src_find(s, arena_printf("bpf_iter__%s", name), BTF_KIND_STRUCT) : 0;

	if (!fid || !sid || !btf_src_func_proto(s, fid)) {
		errno = ENOENT;
		return NULL;
	}
	if (btf_id)
		*btf_id = fid;
	return type_ptr(conv(s, sid, 0), false);
}

struct btf *btf_handle(void)
{
	return btf_load() < 0 ? NULL : vml.btf;
}
