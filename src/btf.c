/*
 * btf.c: kernel types from vmlinux BTF, converted to sonde types on demand.
 *
 * Converted types are cached by BTF id and live as long as the process (so
 * does the BTF they describe), so one kernel type is one struct type
 * everywhere and lookups after the first cost nothing. Records start as
 * shells (nfields = -1) and get their members in btf_complete(), which
 * converts member types the same lazy way. libbpf's name lookup is a linear
 * scan over 100k+ types: names are hashed once instead.
 */
#include "btf.h"
#include "util.h"

#include <bpf/btf.h>
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

static struct btf *vmlinux;
static int load_err;
static uint32_t ntypes;
static uint32_t vmlinux_ntypes;  /* vmlinux's own types once a module's split BTF is in use, else 0 */
static struct type **cache;

struct name_slot {
	uint32_t hash;
	uint32_t id;       /* 0: empty */
	uint32_t index;    /* enumerators: position in the enum */
};

struct name_table {
	struct name_slot *slots;
	uint32_t mask;
};

/* functions (half of vmlinux's names) get a table of their own, built on the first lookup of one */
static struct name_table type_names, func_names, enum_names;

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
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

static const char *type_name(const struct btf_type *t)
{
	const char *s = btf__name_by_offset(vmlinux, t->name_off);
	return s ? s : "";
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

static void index_types(struct name_table *tab, bool funcs)
{
	uint32_t n = 0;

	for (uint32_t id = 1; id < ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(vmlinux, id);
		if (t->name_off && indexed_kind(btf_kind(t)) && (btf_kind(t) == BTF_KIND_FUNC) == funcs)
			n++;
	}
	table_init(tab, n);
	for (uint32_t id = 1; id < ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(vmlinux, id);
		if (t->name_off && indexed_kind(btf_kind(t)) && (btf_kind(t) == BTF_KIND_FUNC) == funcs &&
		    *type_name(t))
			table_add(tab, type_name(t), id, 0);
	}
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
	if (vmlinux)
		return 0;
	if (load_err)
		return load_err;
	const char *path = getenv("SONDE_BTF");
	vmlinux = path && *path ? btf__parse(path, NULL) : load_vmlinux();
	if (!vmlinux) {
		load_err = errno ? -errno : -ENOENT;
		return load_err;
	}
	ntypes = btf__type_cnt(vmlinux);
	cache = xcalloc(ntypes, sizeof(*cache));
	index_types(&type_names, false);
	return 0;
}

bool btf_available(void)
{
	return btf_load() == 0;
}

/* Kinds a lookup accepts: an enum lookup takes both enum kinds. */
static bool kind_matches(int want, int have)
{
	if (want == BTF_KIND_ENUM)
		return have == BTF_KIND_ENUM || have == BTF_KIND_ENUM64;
	return want == have;
}

/*
 * The type named `name` of kind `kind`. A struct may appear more than once
 * (a declaration-only copy from some compilation unit): the one with members wins.
 */
static uint32_t find_type(const char *name, int kind)
{
	if (btf_load() < 0 || !*name)
		return 0;
	struct name_table *tab = &type_names;
	if (kind == BTF_KIND_FUNC) {
		if (!func_names.slots)
			index_types(&func_names, true);
		tab = &func_names;
	}
	uint32_t h = name_hash(name), fallback = 0;
	for (uint32_t i = h & tab->mask; tab->slots[i].id; i = (i + 1) & tab->mask) {
		const struct name_slot *s = &tab->slots[i];
		if (s->hash != h)
			continue;
		const struct btf_type *t = btf__type_by_id(vmlinux, s->id);
		if (!kind_matches(kind, btf_kind(t)) || strcmp(type_name(t), name))
			continue;
		if ((kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION) && btf_vlen(t) == 0 && t->size == 0) {
			if (!fallback)
				fallback = s->id;
			continue;
		}
		return s->id;
	}
	return fallback;
}

/* ---- conversion ---- */

static struct type *persistent_type(enum type_kind kind)
{
	struct type *t = xcalloc(1, sizeof(*t));

	t->kind = kind;
	t->align = 1;
	return t;
}

static const struct btf_type *skip_mods(uint32_t *id, bool *is_user)
{
	const struct btf_type *t = btf__type_by_id(vmlinux, *id);

	for (int depth = 0; t && depth < MAX_DEPTH; depth++) {
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
			break;
		case BTF_KIND_TYPE_TAG:
			/* clang-built kernels mark __user pointers with a type tag */
			if (is_user && !strcmp(type_name(t), "user"))
				*is_user = true;
			break;
		default:
			return t;
		}
		*id = t->type;
		t = btf__type_by_id(vmlinux, *id);
	}
	return t;
}

static struct type *conv(uint32_t id, int depth);

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

static bool is_plain_char(uint32_t id)
{
	const struct btf_type *t = skip_mods(&id, NULL);
	return t && btf_is_int(t) && t->size == 1 && !strcmp(type_name(t), "char");
}

static struct type *conv_array(const struct btf_type *t, int depth)
{
	const struct btf_array *a = btf_array(t);

	/* bpftrace reads char arrays (comm, names) as strings */
	if (a->nelems > 0 && is_plain_char(a->type)) {
		struct type *s = persistent_type(TY_STR);
		s->size = a->nelems;
		return s;
	}
	struct type *elem = conv(a->type, depth + 1);
	struct type *arr = persistent_type(TY_ARRAY);
	arr->elem = elem;
	arr->count = a->nelems;
	arr->size = elem->size * a->nelems;
	arr->align = elem->align ? elem->align : 1;
	return arr;
}

static struct type *record_shell(uint32_t id, const struct btf_type *t)
{
	struct type *r = persistent_type(TY_RECORD);
	bool is_union = btf_kind(t) == BTF_KIND_UNION ||
			(btf_kind(t) == BTF_KIND_FWD && btf_kflag(t));
	const char *name = type_name(t);

	r->is_union = is_union;
	r->name = *name ? xasprintf("%s %s", is_union ? "union" : "struct", name) : NULL;
	r->btf_id = id;
	if (btf_kind(t) == BTF_KIND_FWD) {
		/* declared, never defined: no members to read */
		r->nfields = 0;
		return r;
	}
	r->size = t->size;
	int align = btf__align_of(vmlinux, id);
	r->align = align > 0 ? align : 1;
	r->nfields = -1;
	return r;
}

static struct type *conv_ptr(uint32_t id, const struct btf_type *t, int depth)
{
	uint32_t target = t->type;
	bool is_user = false;
	const struct btf_type *tt = skip_mods(&target, &is_user);

	/* function pointers are addresses to print, not something to follow */
	if (tt && btf_is_func_proto(tt))
		return &type_u64;
	struct type *p = persistent_type(TY_PTR);
	p->size = 8;
	p->align = 8;
	p->is_user = is_user;
	p->btf_id = id;
	/* cached before converting the target: records refer back to their pointers */
	cache[id] = p;
	p->elem = conv(t->type, depth + 1);
	return p;
}

static struct type *conv(uint32_t id, int depth)
{
	if (id == 0)
		return &type_void;
	if (id >= ntypes || depth > MAX_DEPTH)
		return &type_none;
	if (cache[id])
		return cache[id];

	const struct btf_type *t = btf__type_by_id(vmlinux, id);
	struct type *ty;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		ty = conv_int(t);
		break;
	case BTF_KIND_PTR:
		return conv_ptr(id, t, depth);
	case BTF_KIND_ARRAY:
		ty = conv_array(t, depth);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		ty = record_shell(id, t);
		break;
	case BTF_KIND_FWD: {
		uint32_t def = find_type(type_name(t), btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT);
		ty = def && def != id ? conv(def, depth + 1) : record_shell(id, t);
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
		ty = conv(t->type, depth + 1);
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
	cache[id] = ty;
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
	if (!rec->btf_id || btf_load() < 0 || (uint32_t)rec->btf_id >= ntypes)
		return -EINVAL;

	const struct btf_type *t = btf__type_by_id(vmlinux, rec->btf_id);
	if (!btf_is_composite(t))
		return -EINVAL;
	int n = btf_vlen(t);
	const struct btf_member *m = btf_members(t);
	struct field *fields = xcalloc(n ? n : 1, sizeof(*fields));
	for (int i = 0; i < n; i++) {
		const char *name = btf__name_by_offset(vmlinux, m[i].name_off);
		struct field *f = &fields[i];
		uint32_t bit_off = btf_member_bit_offset(t, i), bits = btf_member_bitfield_size(t, i);

		f->name = name && *name ? name : NULL;
		f->type = conv(m[i].type, 0);
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

static void index_enumerators(void)
{
	uint32_t n = 0;

	for (uint32_t id = 1; id < ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(vmlinux, id);
		if (btf_is_any_enum(t))
			n += btf_vlen(t);
	}
	table_init(&enum_names, n);
	for (uint32_t id = 1; id < ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(vmlinux, id);
		if (!btf_is_any_enum(t))
			continue;
		for (int i = 0; i < btf_vlen(t); i++) {
			uint32_t off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
			const char *name = btf__name_by_offset(vmlinux, off);
			if (name && *name)
				table_add(&enum_names, name, id, i);
		}
	}
}

bool btf_enum_value(const char *name, int64_t *value, struct type **enum_type)
{
	if (!name || btf_load() < 0)
		return false;
	if (!enum_names.slots)
		index_enumerators();
	uint32_t h = name_hash(name);
	for (uint32_t i = h & enum_names.mask; enum_names.slots[i].id; i = (i + 1) & enum_names.mask) {
		const struct name_slot *s = &enum_names.slots[i];
		if (s->hash != h)
			continue;
		const struct btf_type *t = btf__type_by_id(vmlinux, s->id);
		bool is_signed = enum_is_signed(t);
		uint32_t off;
		int64_t v;
		if (btf_is_enum(t)) {
			const struct btf_enum *e = &btf_enum(t)[s->index];
			off = e->name_off;
			v = is_signed ? (int64_t)e->val : (int64_t)(uint32_t)e->val;
		} else {
			const struct btf_enum64 *e = &btf_enum64(t)[s->index];
			off = e->name_off;
			v = (int64_t)btf_enum64_value(e);
		}
		if (strcmp(btf__name_by_offset(vmlinux, off), name))
			continue;
		if (value)
			*value = v;
		if (enum_type)
			*enum_type = conv(s->id, 0);
		return true;
	}
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
		uint32_t id = find_type(words[1], kind);
		if (!id && kind != BTF_KIND_ENUM)
			id = find_type(words[1], BTF_KIND_FWD);
		if (!id)
			goto unknown;
		t = conv(id, 0);
	} else if (nwords == 1 && !strcmp(words[0], "void")) {
		t = &type_void;
	} else if ((t = c_int_type(words, nwords)) == NULL) {
		if (nwords != 1)
			goto bad;
		uint32_t id = find_type(words[0], BTF_KIND_TYPEDEF);
		if (!id)
			id = find_type(words[0], BTF_KIND_INT);
		if (!id)
			goto unknown;
		t = conv(id, 0);
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
static struct type *args_record(const char *name, const struct btf_type *proto,
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
		const char *pname = np ? btf__name_by_offset(vmlinux, np[i].name_off) : NULL;
		if (!pname || !*pname)
			pname = btf__name_by_offset(vmlinux, p[i].name_off);
		struct field *f = &fields[nf];
		f->name = pname && *pname ? pname : arena_printf("arg%d", nf);
		f->type = conv(p[i].type, 0);
		f->offset = 8 * slot;
		slot += f->type->size > 8 ? (f->type->size + 7) / 8 : 1;
		nf++;
	}
	if (with_retval) {
		struct type *ret = conv(proto->type, 0);
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

static const struct btf_type *func_proto(uint32_t func_id)
{
	const struct btf_type *t = btf__type_by_id(vmlinux, func_id);
	if (!t || !btf_is_func(t))
		return NULL;
	t = btf__type_by_id(vmlinux, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

struct type *btf_func_args(const char *func, bool with_retval, int *btf_id)
{
	uint32_t id = func ? find_type(func, BTF_KIND_FUNC) : 0;
	const struct btf_type *proto = id ? func_proto(id) : NULL;

	if (!proto) {
		errno = ENOENT;
		return NULL;
	}
	if (btf_id)
		*btf_id = id;
	return args_record(arena_printf("struct %s_args", func), proto, NULL, 0, with_retval);
}

/* btf_trace_NAME: a typedef of a pointer to the probe's prototype (void *__data, args...). */
static const struct btf_type *raw_tp_proto(const char *name, uint32_t *id)
{
	char buf[256];

	if (snprintf(buf, sizeof(buf), "btf_trace_%s", name) >= (int)sizeof(buf))
		return NULL;
	*id = find_type(buf, BTF_KIND_TYPEDEF);
	if (!*id)
		return NULL;
	uint32_t target = btf__type_by_id(vmlinux, *id)->type;
	const struct btf_type *t = skip_mods(&target, NULL);
	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(vmlinux, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

struct type *btf_raw_tp_args(const char *name, int *btf_id)
{
	uint32_t id;
	const struct btf_type *proto = name ? raw_tp_proto(name, &id) : NULL;

	if (!proto || btf_vlen(proto) < 1) {
		errno = ENOENT;
		return NULL;
	}
	/* the typedef's prototype has no parameter names; the probe function __bpf_trace_NAME has */
	uint32_t fid = find_type(arena_printf("__bpf_trace_%s", name), BTF_KIND_FUNC);
	const struct btf_type *named = fid ? func_proto(fid) : NULL;
	if (btf_id)
		*btf_id = id;
	return args_record(arena_printf("struct %s_args", name), proto, named, 1, false);
}

struct type *btf_iter_ctx(const char *name, int *btf_id)
{
	uint32_t fid = name ? find_type(arena_printf("bpf_iter_%s", name), BTF_KIND_FUNC) : 0;
	uint32_t sid = name ? find_type(arena_printf("bpf_iter__%s", name), BTF_KIND_STRUCT) : 0;

	if (!fid || !sid || !func_proto(fid)) {
		errno = ENOENT;
		return NULL;
	}
	if (btf_id)
		*btf_id = fid;
	return type_ptr(conv(sid, 0), false);
}

/* ---- listing ---- */

static int foreach_named(int kind, const char *prefix, const char *glob,
			 void (*fn)(const char *name, void *arg), void *arg)
{
	size_t plen = strlen(prefix);
	int n = 0;

	if (btf_load() < 0)
		return 0;
	/* raw tracepoints are vmlinux's only: a module's are btf_foreach_module_raw_tp's, with their module */
	uint32_t end = kind == BTF_KIND_TYPEDEF && vmlinux_ntypes ? vmlinux_ntypes : ntypes;
	for (uint32_t id = 1; id < end; id++) {
		const struct btf_type *t = btf__type_by_id(vmlinux, id);
		if (btf_kind(t) != kind || !t->name_off)
			continue;
		const char *name = type_name(t);
		if (strncmp(name, prefix, plen))
			continue;
		name += plen;
		/* bpf_iter_task_destroy and friends are kfuncs of open-coded iterators, not iterators */
		if (kind == BTF_KIND_FUNC && plen && !find_type(arena_printf("bpf_iter__%s", name), BTF_KIND_STRUCT))
			continue;
		if (*name && fnmatch(glob, name, 0) == 0) {
			fn(name, arg);
			n++;
		}
	}
	return n;
}

int btf_foreach_func(const char *glob, void (*fn)(const char *name, void *arg), void *arg)
{
	return foreach_named(BTF_KIND_FUNC, "", glob, fn, arg);
}

int btf_foreach_raw_tp(const char *glob, void (*fn)(const char *name, void *arg), void *arg)
{
	return foreach_named(BTF_KIND_TYPEDEF, "btf_trace_", glob, fn, arg);
}

int btf_foreach_iter(const char *glob, void (*fn)(const char *name, void *arg), void *arg)
{
	return foreach_named(BTF_KIND_FUNC, "bpf_iter_", glob, fn, arg);
}

/* The C name of a BTF type: "struct sock *", "unsigned int", "u64". */
static const char *c_name(uint32_t id, int depth)
{
	const struct btf_type *t = id ? btf__type_by_id(vmlinux, id) : NULL;

	if (!t)
		return "void";
	if (depth > MAX_DEPTH)
		return "?";
	switch (btf_kind(t)) {
	case BTF_KIND_PTR: {
		const char *inner = c_name(t->type, depth + 1);
		size_t n = strlen(inner);
		return arena_printf("%s%s*", inner, n && inner[n - 1] == '*' ? "" : " ");
	}
	case BTF_KIND_CONST:
		return arena_printf("const %s", c_name(t->type, depth + 1));
	case BTF_KIND_VOLATILE:
		return arena_printf("volatile %s", c_name(t->type, depth + 1));
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return c_name(t->type, depth + 1);
	case BTF_KIND_STRUCT:
		return arena_printf("struct %s", t->name_off ? type_name(t) : "(anon)");
	case BTF_KIND_UNION:
		return arena_printf("union %s", t->name_off ? type_name(t) : "(anon)");
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return arena_printf("enum %s", t->name_off ? type_name(t) : "(anon)");
	case BTF_KIND_FWD:
		return arena_printf("%s %s", btf_kflag(t) ? "union" : "struct", type_name(t));
	case BTF_KIND_ARRAY:
		return arena_printf("%s[%u]", c_name(btf_array(t)->type, depth + 1), btf_array(t)->nelems);
	case BTF_KIND_FUNC_PROTO:
		return "void (*)()";
	default:
		return t->name_off ? type_name(t) : "?";
	}
}

static void print_params(FILE *out, const struct btf_type *proto, const struct btf_type *names, int skip)
{
	int n = btf_vlen(proto);
	const struct btf_param *p = btf_params(proto);
	const struct btf_param *np = names && btf_vlen(names) == n ? btf_params(names) : p;

	for (int i = skip; i < n && p[i].type; i++) {
		const char *name = btf__name_by_offset(vmlinux, np[i].name_off);
		fprintf(out, "    %s %s\n", c_name(p[i].type, 0), name && *name ? name : arena_printf("arg%d", i - skip));
	}
}

/*
 * An iterator's context, as bpftrace lists it: its members, each pointer
 * wrapped in an anonymous union by __bpf_md_ptr listed by its own name.
 */
static void print_ctx_members(FILE *out, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++) {
		uint32_t id = m[i].type, name_off = m[i].name_off;
		const struct btf_type *mt = btf__type_by_id(vmlinux, id);
		if (!name_off && btf_is_composite(mt) && btf_vlen(mt) > 0) {
			id = btf_members(mt)[0].type;
			name_off = btf_members(mt)[0].name_off;
		}
		const char *name = btf__name_by_offset(vmlinux, name_off);
		fprintf(out, "    %s %s\n", c_name(id, 0), name && *name ? name : "?");
	}
}

int btf_print_args(FILE *out, enum btf_args_of what, const char *name)
{
	const struct btf_type *proto = NULL, *named = NULL;
	uint32_t id = 0;
	int skip = 0;

	if (!name || btf_load() < 0)
		return -ENOENT;
	switch (what) {
	case BTF_ARGS_FENTRY:
	case BTF_ARGS_FEXIT:
		id = find_type(name, BTF_KIND_FUNC);
		proto = id ? func_proto(id) : NULL;
		break;
	case BTF_ARGS_RAW_TP:
		proto = raw_tp_proto(name, &id);
		id = find_type(arena_printf("__bpf_trace_%s", name), BTF_KIND_FUNC);
		named = id ? func_proto(id) : NULL;
		skip = 1;
		break;
	case BTF_ARGS_ITER: {
		uint32_t sid = find_type(arena_printf("bpf_iter__%s", name), BTF_KIND_STRUCT);
		if (!sid)
			return -ENOENT;
		print_ctx_members(out, btf__type_by_id(vmlinux, sid));
		return 0;
	}
	}
	if (!proto)
		return -ENOENT;
	print_params(out, proto, named, skip);
	if (what == BTF_ARGS_FEXIT && proto->type)
		fprintf(out, "    %s retval\n", c_name(proto->type, 0));
	return 0;
}

struct btf *btf_handle(void)
{
	return btf_load() < 0 ? NULL : vmlinux;
}

int btf_switch(struct btf *split)
{
	uint32_t n = btf__type_cnt(split);

	if (n < ntypes)
		return -EINVAL;
	/* a split BTF keeps its base's ids: converted types stay valid, the new ids start empty */
	cache = xrealloc(cache, n * sizeof(*cache));
	memset(cache + ntypes, 0, (n - ntypes) * sizeof(*cache));
	if (!vmlinux_ntypes)
		vmlinux_ntypes = ntypes;
	vmlinux = split;
	ntypes = n;
	free(type_names.slots);
	index_types(&type_names, false);
	free(func_names.slots);
	func_names.slots = NULL;
	free(enum_names.slots);
	enum_names.slots = NULL;
	return 0;
}
