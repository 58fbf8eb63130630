/* types.c: constructing, comparing and naming types. */
#include "types.h"
#include "util.h"

#include <string.h>

#define INT_TYPE(sz, sg, nm) { .kind = TY_INT, .size = sz, .align = sz, .is_signed = sg, .name = nm }
struct type type_void = { .kind = TY_VOID, .name = "void" };
struct type type_none = { .kind = TY_NONE, .name = "none" };
struct type type_bool = { .kind = TY_BOOL, .size = 1, .align = 1, .name = "bool" };
struct type type_u8 = INT_TYPE(1, false, "uint8");
struct type type_u16 = INT_TYPE(2, false, "uint16");
struct type type_u32 = INT_TYPE(4, false, "uint32");
struct type type_u64 = INT_TYPE(8, false, "uint64");
struct type type_s8 = INT_TYPE(1, true, "int8");
struct type type_s16 = INT_TYPE(2, true, "int16");
struct type type_s32 = INT_TYPE(4, true, "int32");
struct type type_s64 = INT_TYPE(8, true, "int64");
#define LIT_TYPE(sz, sg, nm) { .kind = TY_INT, .size = sz, .align = sz, .is_signed = sg, .name = nm, .is_literal = true }
static struct type type_lit_u8 = LIT_TYPE(1, false, "uint8");
static struct type type_lit_u16 = LIT_TYPE(2, false, "uint16");
static struct type type_lit_u32 = LIT_TYPE(4, false, "uint32");
static struct type type_lit_s8 = LIT_TYPE(1, true, "int8");
static struct type type_lit_s16 = LIT_TYPE(2, true, "int16");
static struct type type_lit_s32 = LIT_TYPE(4, true, "int32");

struct type *type_literal(uint64_t v, bool negative)
{
	if (negative) {
		/* v is the magnitude */
		if (v <= 128)
			return &type_lit_s8;
		if (v <= 32768)
			return &type_lit_s16;
		return v <= 0x80000000u ? &type_lit_s32 : &type_s64;
	}
	if (v <= UINT8_MAX)
		return &type_lit_u8;
	if (v <= UINT16_MAX)
		return &type_lit_u16;
	if (v <= UINT32_MAX)
		return &type_lit_u32;
	return v > INT64_MAX ? &type_u64 : &type_s64;
}

static struct type *literal_of(uint32_t size, bool is_signed)
{
	switch (size) {
	case 1: return is_signed ? &type_lit_s8 : &type_lit_u8;
	case 2: return is_signed ? &type_lit_s16 : &type_lit_u16;
	case 4: return is_signed ? &type_lit_s32 : &type_lit_u32;
	default: return is_signed ? &type_s64 : &type_u64;
	}
}

struct type *type_new(enum type_kind kind)
{
	struct type *t = arena_alloc(sizeof(*t));
	t->kind = kind;
	t->align = 1;
	return t;
}

struct type *type_int(int size, bool is_signed)
{
	switch (size) {
	case 1: return is_signed ? &type_s8 : &type_u8;
	case 2: return is_signed ? &type_s16 : &type_u16;
	case 4: return is_signed ? &type_s32 : &type_u32;
	default: return is_signed ? &type_s64 : &type_u64;
	}
}

struct type *type_str(uint32_t size)
{
	struct type *t = type_new(TY_STR);
	t->size = size;
	t->align = 1;
	return t;
}

struct type *type_ptr(struct type *elem, bool is_user)
{
	struct type *t = type_new(TY_PTR);
	t->size = 8;
	t->align = 8;
	t->elem = elem;
	t->is_user = is_user;
	return t;
}

struct type *type_array(struct type *elem, uint32_t n, bool as_string)
{
	if (as_string) {
		struct type *s = type_new(TY_STR);
		s->size = n;
		s->align = 1;
		return s;
	}
	struct type *a = type_new(TY_ARRAY);
	a->elem = elem;
	a->count = n;
	a->size = elem->size * n;
	a->align = elem->align ? elem->align : 1;
	return a;
}

void type_set_fields(struct type *rec, const struct field *fields, int n)
{
	rec->nfields = n;
	rec->fields = arena_alloc(sizeof(struct field) * (n ? n : 1));
	if (n)
		memcpy(rec->fields, fields, sizeof(struct field) * n);
}

struct type *type_agg(enum agg_kind agg, struct type *arg)
{
	struct type *t = type_new(TY_AGG);
	t->agg = agg;
	t->agg_arg = arg;
	t->size = 8;
	t->align = 8;
	return t;
}

bool type_is_int(const struct type *t)
{
	return t && (t->kind == TY_INT || t->kind == TY_BOOL);
}

bool type_equal(const struct type *a, const struct type *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind)
		return false;
	switch (a->kind) {
	case TY_INT:
		return a->size == b->size && a->is_signed == b->is_signed;
	case TY_STR:
	case TY_BUF:
		return a->size == b->size;
	case TY_PTR:
	case TY_ARRAY:
		return a->count == b->count && type_equal(a->elem, b->elem);
	case TY_RECORD:
		if (a->btf_id || b->btf_id)
			return a->btf_id == b->btf_id && a->btf_obj == b->btf_obj;
		return a->name && b->name && !strcmp(a->name, b->name);
	case TY_TUPLE:
		if (a->nfields != b->nfields)
			return false;
		for (int i = 0; i < a->nfields; i++) {
			const char *na = a->fields[i].name, *nb = b->fields[i].name;
			if (!type_equal(a->fields[i].type, b->fields[i].type))
				return false;
			if ((na || nb) && (!na || !nb || strcmp(na, nb)))
				return false;
		}
		return true;
	case TY_AGG:
		return a->agg == b->agg;
	case TY_STACK:
		return a->stack_user == b->stack_user && a->stack_mode == b->stack_mode &&
		       a->stack_limit == b->stack_limit && a->stack_dwarf == b->stack_dwarf;
	case TY_TIMESTAMP:
	case TY_CGROUP_PATH:
		/* the format or filter is part of the type: user space prints by it */
		return (!a->fmt && !b->fmt) || (a->fmt && b->fmt && !strcmp(a->fmt, b->fmt));
	default:
		return true;
	}
}

const char *agg_name(enum agg_kind a)
{
	static const char *const names[AGG_MAX_KIND] = {
		[AGG_NONE] = "none", [AGG_COUNT] = "count", [AGG_SUM] = "sum", [AGG_MIN] = "min",
		[AGG_MAX] = "max", [AGG_AVG] = "avg", [AGG_STATS] = "stats", [AGG_HIST] = "hist",
		[AGG_LHIST] = "lhist", [AGG_TSERIES] = "tseries",
	};
	return a < AGG_MAX_KIND ? names[a] : "?";
}

const char *type_str_name(const struct type *t)
{
	if (!t)
		return "none";
	switch (t->kind) {
	case TY_NONE: return "none";
	case TY_VOID: return "void";
	case TY_BOOL: return "bool";
	case TY_INT: return type_int(t->size, t->is_signed)->name;
	case TY_STR: return arena_printf("string[%u]", t->size);
	case TY_BUF: return arena_printf("buffer[%u]", t->size);
	case TY_PTR: return arena_printf("%s *", type_str_name(t->elem));
	case TY_RECORD: return t->name ? t->name : (t->is_union ? "union" : "struct");
	case TY_ARRAY: return arena_printf("%s[%u]", type_str_name(t->elem), t->count);
	case TY_TUPLE: {
		char *s = "(";
		for (int i = 0; i < t->nfields; i++)
			s = arena_printf("%s%s%s%s%s", s, i ? ", " : "", t->fields[i].name ? t->fields[i].name : "",
					 t->fields[i].name ? "=" : "", type_str_name(t->fields[i].type));
		return arena_printf("%s)", s);
	}
	case TY_STACK: {
		/* mode and limit tell two stack types apart in messages: kstack(raw, 2) */
		static const char *const modes[] = { [STACK_BPFTRACE] = "bpftrace", [STACK_PERF] = "perf",
						     [STACK_RAW] = "raw", [STACK_BUILD_ID] = "build_id" };
		const char *mode = (unsigned)t->stack_mode < ARRAY_SIZE(modes) ? modes[t->stack_mode] : "?";
		return arena_printf("%s(%s, %d)", t->stack_dwarf ? "dw_ustack" : t->stack_user ? "ustack" : "kstack", mode,
				    t->stack_limit);
	}
	case TY_KSYM: return "ksym";
	case TY_USYM: return "usym";
	case TY_INET: return "inet";
	case TY_TIMESTAMP: return "timestamp";
	case TY_MACADDR: return "macaddr";
	case TY_CGROUP_PATH: return "cgroup_path";
	case TY_USERNAME: return "username";
	case TY_STRERROR: return "strerror";
	case TY_SYSCALL_NAME: return "syscall_name";
	case TY_SIGNAL_NAME: return "signal_name";
	case TY_AGG: return arena_printf("%s()", agg_name(t->agg));
	default: return "?";
	}
}

/* A register-held value other than an integer (pointer, ksym, ...) takes a whole 8-byte word. */
static bool field_is_word(const struct type *t)
{
	switch (t->kind) {
	case TY_INT: case TY_BOOL: case TY_STR: case TY_TUPLE: case TY_RECORD: case TY_ARRAY:
		return false;
	default:
		return true;
	}
}

uint32_t type_field_size(const struct type *t)
{
	if (field_is_word(t))
		return ALIGN_UP(t->size ? t->size : 8, 8);
	return t->size;
}

uint32_t type_field_align(const struct type *t)
{
	if (field_is_word(t))
		return 8;
	if (t->kind == TY_STR)
		return 1;
	return t->align ? t->align : 1;
}

void type_tuple_layout(struct type *t)
{
	uint32_t off = 0, align = 1;
	for (int i = 0; i < t->nfields; i++) {
		const struct type *e = t->fields[i].type;
		uint32_t a = type_field_align(e);
		off = ALIGN_UP(off, a);
		t->fields[i].offset = off;
		off += type_field_size(e);
		if (a > align)
			align = a;
	}
	t->align = align;
	t->size = ALIGN_UP(off, align);
}

struct type *type_int_merge(const struct type *a, const struct type *b)
{
	uint32_t size;
	bool sg = a->is_signed || b->is_signed;
	if (a->is_signed == b->is_signed) {
		size = a->size > b->size ? a->size : b->size;
	} else {
		const struct type *s = a->is_signed ? a : b, *u = a->is_signed ? b : a;
		size = u->size * 2 > s->size ? u->size * 2 : s->size;
		size = size > 8 ? 8 : size;
	}
	/* two literals make a literal: still stored as int64 */
	return a->is_literal && b->is_literal ? literal_of(size, sg) : type_int(size, sg);
}

bool type_is_record_tuple(const struct type *t)
{
	return t && t->kind == TY_TUPLE && t->nfields > 0 && t->fields[0].name;
}

int type_tuple_field(const struct type *t, const char *name)
{
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].name && !strcmp(t->fields[i].name, name))
			return i;
	return -1;
}

int type_tuple_source(const struct type *dst, const struct type *src, int i)
{
	if (!dst->fields[i].name)
		return i < src->nfields ? i : -1;
	return type_tuple_field(src, dst->fields[i].name);
}

struct type *type_tuple_merge(struct type *a, struct type *b)
{
	if (type_equal(a, b))
		return a;
	if (a->kind != b->kind)
		return NULL;
	if (a->kind == TY_INT)
		return a->nenumerators || b->nenumerators ? NULL : type_int_merge(a, b);
	if (a->kind == TY_STR)
		return a->size >= b->size ? a : b;
	if (a->kind != TY_TUPLE || a->nfields != b->nfields || type_is_record_tuple(a) != type_is_record_tuple(b))
		return NULL;
	struct type *t = type_new(TY_TUPLE);
	t->nfields = a->nfields;
	t->fields = arena_alloc(sizeof(*t->fields) * (a->nfields ? a->nfields : 1));
	for (int i = 0; i < a->nfields; i++) {
		/* a record's fields pair up by name; the merged record keeps a's order */
		int j = type_tuple_source(a, b, i);
		if (j < 0)
			return NULL;
		t->fields[i].name = a->fields[i].name;
		t->fields[i].type = type_tuple_merge(a->fields[i].type, b->fields[j].type);
		if (!t->fields[i].type)
			return NULL;
	}
	type_tuple_layout(t);
	return type_equal(t, a) ? a : t;
}
