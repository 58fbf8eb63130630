/*
 * cdefs.c: a small C declaration parser for the definitions scripts carry
 * (see cdefs.h). It preprocesses the text (conditionals, #define, #include
 * ignored), then reads declarations: struct/union/enum definitions with C
 * layout, typedefs, enumerators. Function prototypes and variables are
 * skipped: scripts have no use for them.
 */
#include "cdefs_priv.h"
#include "btf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct cdefs_state cdefs_g;

/* ---- lookups ---- */

static struct tagdef *find_tag(char kind, const char *name)
{
	for (size_t i = 0; i < cdefs_g.tags.len; i++)
		if (cdefs_g.tags.data[i].kind == kind && cdefs_g.tags.data[i].name && !strcmp(cdefs_g.tags.data[i].name, name))
			return &cdefs_g.tags.data[i];
	return NULL;
}

/* Integer typedefs every C program has (stdint.h, the kernel's u32 family). */
static struct type *builtin_typedef(const char *w, size_t n)
{
	static const struct { const char *name; int size; bool sign; } names[] = {
		{ "int8_t", 1, true }, { "int16_t", 2, true }, { "int32_t", 4, true }, { "int64_t", 8, true },
		{ "uint8_t", 1, false }, { "uint16_t", 2, false }, { "uint32_t", 4, false },
		{ "uint64_t", 8, false }, { "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false },
		{ "u64", 8, false }, { "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
		{ "__u8", 1, false }, { "__u16", 2, false }, { "__u32", 4, false }, { "__u64", 8, false },
		{ "__s8", 1, true }, { "__s16", 2, true }, { "__s32", 4, true }, { "__s64", 8, true },
		{ "size_t", 8, false }, { "ssize_t", 8, true }, { "uintptr_t", 8, false },
		{ "intptr_t", 8, true }, { "pid_t", 4, true }, { "uid_t", 4, false }, { "gid_t", 4, false },
		{ "off_t", 8, true }, { "loff_t", 8, true }, { "__be16", 2, false }, { "__be32", 4, false },
		{ "__le16", 2, false }, { "__le32", 4, false }, { "__be64", 8, false }, { "__le64", 8, false },
		/* bpftrace's own integer names, in casts like (int64 *) */
		{ "int8", 1, true }, { "int16", 2, true }, { "int32", 4, true }, { "int64", 8, true },
		{ "uint8", 1, false }, { "uint16", 2, false }, { "uint32", 4, false }, { "uint64", 8, false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == n && !strncmp(names[i].name, w, n))
			return type_int(names[i].size, names[i].sign);
	if ((n == 4 && !strncmp(w, "bool", 4)) || (n == 5 && !strncmp(w, "_Bool", 5)))
		return &type_bool;
	return NULL;
}

/* A typedef name: the script's, a standard one, or the kernel's (BTF). */
static struct type *typedef_type(const char *w, size_t n)
{
	struct named *td = cdefs_find_named(&cdefs_g.typedefs, w, n);
	if (td)
		return td->t;
	struct type *t = builtin_typedef(w, n);
	if (t || btf_load() < 0)
		return t;
	char *name = arena_strndup(w, n);
	t = btf_parse_type(name);
	/* only plain names: "struct x" spelled as one word is not a typedef */
	return t;
}

/* The kernel's type for a tag (struct, union, enum) by name; NULL if BTF has none. */
static struct type *btf_tag(char kind, const char *name)
{
	if (btf_load() < 0)
		return NULL;
	const char *kw = kind == 's' ? "struct" : kind == 'u' ? "union" : "enum";
	struct type *bt = btf_parse_type(arena_printf("%s %s", kw, name));
	if (!bt || (kind != 'e' && bt->kind != TY_RECORD))
		return NULL;
	return bt;
}

/* The kernel's definition for a tag the script refers to but does not define. */
static bool tag_from_btf(struct tagdef *td)
{
	struct type *bt = btf_tag(td->kind, td->name);
	if (!bt)
		return false;
	if (td->kind == 'e')
		td->t = bt;
	else
		*td->t = *bt; /* pointers made earlier hold the shell: it becomes the kernel's record */
	td->defined = true;
	return true;
}

static struct type *record_shell(char kind, const char *name)
{
	struct type *t = type_new(TY_RECORD);
	t->is_union = kind == 'u';
	t->name = name ? arena_printf("%s %s", kind == 'u' ? "union" : "struct", name) : NULL;
	t->nfields = -1;
	return t;
}

/* ---- declarations ---- */

struct member {
	const char *name;
	struct type *t;
	int bits;         /* -1: not a bitfield */
	uint32_t align;   /* __attribute__((aligned(N))) on the member, else 0 */
	size_t pos;
	int len;
};

struct attrs {
	bool packed;
	uint32_t aligned;
};

static bool is_qualifier(const struct cparser *P)
{
	static const char *const quals[] = {
		"const", "volatile", "restrict", "__restrict", "__restrict__", "__user", "__kernel", "__iomem",
		"__rcu", "__percpu", "__force", "__const", "__volatile__", "static", "extern", "inline",
		"__inline", "__inline__", "register", "auto", "__extension__", "__signed__", "_Atomic",
	};
	if (P->tok.kind != CT_IDENT)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(quals); i++)
		if (cdefs_is_word(P, quals[i]))
			return true;
	return false;
}

/* __attribute__((packed, aligned(8))) and friends; others are skipped. */
static bool attribute(struct cparser *P, struct attrs *a)
{
	if (!cdefs_is_word(P, "__attribute__") && !cdefs_is_word(P, "__attribute") && !cdefs_is_word(P, "__packed") &&
	    !cdefs_is_word(P, "__aligned"))
		return false;
	if (cdefs_is_word(P, "__packed")) {
		cdefs_next(P);
		a->packed = true;
		return true;
	}
	bool short_aligned = cdefs_is_word(P, "__aligned");
	cdefs_next(P);
	if (short_aligned) {
		cdefs_expect(P, "(");
		a->aligned = cdefs_expr(P);
		cdefs_expect(P, ")");
		return true;
	}
	cdefs_expect(P, "(");
	cdefs_expect(P, "(");
	int depth = 2;
	while (depth > 0) {
		if (P->tok.kind == CT_EOF)
			cdefs_fail(P, "unterminated __attribute__");
		if (cdefs_is_word(P, "packed") || cdefs_is_word(P, "__packed__")) {
			a->packed = true;
		} else if (cdefs_is_word(P, "aligned") || cdefs_is_word(P, "__aligned__")) {
			cdefs_next(P);
			if (cdefs_accept(P, "(")) {
				int64_t v = cdefs_expr(P);
				if (v <= 0 || v > 4096 || (v & (v - 1)))
					cdefs_fail(P, "alignment must be a power of two up to 4096");
				a->aligned = v;
				cdefs_expect(P, ")");
			} else {
				a->aligned = 8;
			}
			continue;
		}
		if (cdefs_is_punct(P, "("))
			depth++;
		else if (cdefs_is_punct(P, ")"))
			depth--;
		cdefs_next(P);
	}
	return true;
}

static void skip_decoration(struct cparser *P, struct attrs *a)
{
	struct attrs dummy = { 0 };
	for (;;) {
		if (is_qualifier(P))
			cdefs_next(P);
		else if (!attribute(P, a ? a : &dummy))
			return;
	}
}

static bool is_base_word(const struct cparser *P)
{
	static const char *const words[] = { "void", "char", "short", "int", "long", "signed", "unsigned",
					     "float", "double", "_Bool", "__int128" };
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (cdefs_is_word(P, words[i]))
			return true;
	return false;
}

bool cdefs_starts_type(const struct cparser *P)
{
	if (P->tok.kind != CT_IDENT)
		return false;
	if (is_base_word(P) || is_qualifier(P) || cdefs_is_word(P, "struct") || cdefs_is_word(P, "union") ||
	    cdefs_is_word(P, "enum"))
		return true;
	return cdefs_find_named((void *)&cdefs_g.typedefs, P->tok.s, P->tok.len) || builtin_typedef(P->tok.s, P->tok.len);
}

static struct type *bytes_type(uint32_t size)
{
	struct type *t = type_new(TY_ARRAY);
	t->elem = &type_u8;
	t->count = size;
	t->size = size;
	return t;
}

/* Whether a piece of the script (a segment) starts between two positions. */
bool cdefs_new_piece(size_t from, size_t to)
{
	for (size_t i = 0; i < cdefs_g.segs.len; i++)
		if (cdefs_g.segs.data[i].start > from && cdefs_g.segs.data[i].start <= to)
			return true;
	return false;
}

struct spec {
	struct type *t;
	bool plain_char;  /* `char`: arrays of it are strings, as bpftrace reads them */
};

static struct type *tagged(struct cparser *P);

static struct spec specifiers(struct cparser *P)
{
	int longs = 0, shorts = 0, chars = 0, ints = 0, sign = 0, unsign = 0, voids = 0, bools = 0, floats = 0,
	    doubles = 0, int128 = 0, words = 0;
	struct spec sp = { 0 };
	size_t start = P->tok.pos;

	for (;;) {
		skip_decoration(P, NULL);
		if (P->tok.kind != CT_IDENT || cdefs_new_piece(start, P->tok.pos))
			break;
		if (cdefs_is_word(P, "struct") || cdefs_is_word(P, "union") || cdefs_is_word(P, "enum")) {
			if (sp.t || words)
				cdefs_fail(P, "two types in one declaration");
			sp.t = tagged(P);
			continue;
		}
		if (is_base_word(P)) {
			if (sp.t)
				cdefs_fail(P, "two types in one declaration");
			longs += cdefs_is_word(P, "long");
			shorts += cdefs_is_word(P, "short");
			chars += cdefs_is_word(P, "char");
			ints += cdefs_is_word(P, "int");
			sign += cdefs_is_word(P, "signed");
			unsign += cdefs_is_word(P, "unsigned");
			voids += cdefs_is_word(P, "void");
			bools += cdefs_is_word(P, "_Bool");
			floats += cdefs_is_word(P, "float");
			doubles += cdefs_is_word(P, "double");
			int128 += cdefs_is_word(P, "__int128");
			words++;
			cdefs_next(P);
			continue;
		}
		if (sp.t || words)
			break;
		sp.t = typedef_type(P->tok.s, P->tok.len);
		if (!sp.t) {
			P->err = ENOENT;
			cdefs_fail(P, "unknown type name '%.*s'", P->tok.len, P->tok.s);
		}
		cdefs_next(P);
	}
	if (sp.t)
		return sp;
	if (!words)
		cdefs_fail(P, "expected a type, found %s", cdefs_tok_text(P));
	bool bad = sign + unsign > 1 || chars + shorts + (longs > 0) + voids + bools + floats + (doubles && !longs) +
						int128 > 1 || longs > 2 || ints > 1;
	if ((voids || bools || floats) && words > 1)
		bad = true;
	if (bad)
		cdefs_fail_at(P, start, (int)(P->tok.pos - start), "invalid combination of type words");
	if (voids)
		sp.t = &type_void;
	else if (bools)
		sp.t = &type_bool;
	else if (floats || doubles) {
		/* no floating point in BPF: the bytes keep the layout, and print as bpftrace's none type */
		sp.t = bytes_type(floats ? 4 : longs ? 16 : 8);
		sp.t->is_float = true;
	}
	else if (int128)
		sp.t = bytes_type(16);
	else
		sp.t = type_int(chars ? 1 : shorts ? 2 : longs ? 8 : 4, !unsign);
	sp.plain_char = chars && !sign && !unsign;
	if (sp.t->kind == TY_ARRAY)
		sp.t->align = longs ? 16 : sp.t->size;
	return sp;
}

struct declarator {
	struct type *t;
	const char *name;
	size_t pos;
	int len;
	bool is_function;
	struct attrs attrs;
};

static void skip_parens(struct cparser *P)
{
	int depth = 0;
	do {
		if (P->tok.kind == CT_EOF)
			cdefs_fail(P, "unbalanced parentheses in C definition");
		if (cdefs_is_punct(P, "("))
			depth++;
		else if (cdefs_is_punct(P, ")"))
			depth--;
		cdefs_next(P);
	} while (depth > 0);
}

static struct type *array_of(struct cparser *P, struct type *elem, bool plain_char, uint64_t n, size_t pos)
{
	if (elem->kind == TY_VOID)
		cdefs_fail_at(P, pos, 1, "array of void");
	if (elem->kind == TY_RECORD && elem->nfields < 0 && !elem->btf_id)
		cdefs_fail_at(P, pos, 1, "array of incomplete type '%s'", type_str_name(elem));
	if (n > (1u << 24) || (elem->size && n * elem->size > (1u << 24)))
		cdefs_fail_at(P, pos, 1, "array is too large");
	return type_array(elem, n, plain_char && elem->kind == TY_INT && elem->size == 1);
}

/* '*'s, a name (optional when abstract), [N]s; function pointers become plain pointers. */
static struct declarator declarator(struct cparser *P, struct spec sp, bool abstract)
{
	struct declarator d = { .t = sp.t, .pos = P->tok.pos };
	bool plain_char = sp.plain_char;

	cdefs_enter(P);
	skip_decoration(P, &d.attrs);
	while (cdefs_accept(P, "*")) {
		d.t = type_ptr(d.t, false);
		plain_char = false;
		skip_decoration(P, &d.attrs);
	}
	if (cdefs_is_punct(P, "(")) {
		/* (*name)(params) or (*name)[N]: a pointer we only need the size of */
		cdefs_next(P);
		int ptrs = 0;
		while (cdefs_accept(P, "*")) {
			ptrs++;
			skip_decoration(P, NULL);
		}
		if (!ptrs)
			cdefs_fail(P, "unsupported declarator in C definition");
		if (P->tok.kind == CT_IDENT) {
			d.name = cdefs_ident(P);
			d.pos = P->tok.pos;
			d.len = P->tok.len;
			cdefs_next(P);
		}
		while (cdefs_is_punct(P, "[")) {
			cdefs_next(P);
			while (!cdefs_accept(P, "]")) {
				if (P->tok.kind == CT_EOF)
					cdefs_fail(P, "expected ']'");
				cdefs_next(P);
			}
		}
		cdefs_expect(P, ")");
		if (cdefs_is_punct(P, "("))
			skip_parens(P);
		while (cdefs_is_punct(P, "[")) {
			cdefs_next(P);
			while (!cdefs_accept(P, "]")) {
				if (P->tok.kind == CT_EOF)
					cdefs_fail(P, "expected ']'");
				cdefs_next(P);
			}
		}
		d.t = type_ptr(&type_void, false);
		skip_decoration(P, &d.attrs);
		P->depth--;
		return d;
	}
	if (P->tok.kind == CT_IDENT && !is_qualifier(P)) {
		d.name = cdefs_ident(P);
		d.pos = P->tok.pos;
		d.len = P->tok.len;
		cdefs_next(P);
	} else if (!abstract) {
		cdefs_fail(P, "expected a name in declaration, found %s", cdefs_tok_text(P));
	}
	uint64_t dims[MAX_DIMS];
	size_t dpos[MAX_DIMS];
	int ndims = 0;
	while (cdefs_is_punct(P, "[")) {
		size_t at = P->tok.pos;
		cdefs_next(P);
		if (ndims == MAX_DIMS)
			cdefs_fail(P, "too many array dimensions");
		int64_t n = 0;
		if (!cdefs_is_punct(P, "]")) {
			n = cdefs_expr(P);
			if (n < 0)
				cdefs_fail_at(P, at, 1, "array size is negative");
		}
		dpos[ndims] = at;
		dims[ndims++] = n;
		cdefs_expect(P, "]");
	}
	if (cdefs_is_punct(P, "(")) {
		d.is_function = true;
		skip_parens(P);
	}
	for (int i = ndims; i-- > 0;) {
		d.t = array_of(P, d.t, plain_char, dims[i], dpos[i]);
		plain_char = false;
	}
	skip_decoration(P, &d.attrs);
	P->depth--;
	return d;
}

static struct type *enum_body(struct cparser *P, const char *name)
{
	int64_t v = 0, lo = 0, hi = 0;
	size_t first = cdefs_g.consts.len;

	cdefs_expect(P, "{");
	while (!cdefs_accept(P, "}")) {
		if (P->tok.kind != CT_IDENT)
			cdefs_fail(P, "expected an enumerator name, found %s", cdefs_tok_text(P));
		struct named e = { .name = cdefs_ident(P), .has_value = true };
		cdefs_next(P);
		if (cdefs_accept(P, "="))
			v = cdefs_expr(P);
		e.value = v++;
		lo = e.value < lo ? e.value : lo;
		hi = e.value > hi ? e.value : hi;
		vec_push(&cdefs_g.consts, e);
		if (!cdefs_accept(P, ",")) {
			cdefs_expect(P, "}");
			break;
		}
	}
	/*
	 * The enum's type is the integer that holds its values, at least 4
	 * bytes, as in C; it knows its enumerators so values print by name, as
	 * bpftrace prints them. Enumerators themselves are 8-byte values of it.
	 */
	bool sign = lo < 0;
	int size = (sign ? (lo >= INT32_MIN && hi <= INT32_MAX) : (uint64_t)hi <= UINT32_MAX) ? 4 : 8;
	int n = cdefs_g.consts.len - first;
	struct type_enumerator *en = arena_alloc(sizeof(*en) * (n ? n : 1));
	for (int i = 0; i < n; i++)
		en[i] = (struct type_enumerator){ cdefs_g.consts.data[first + i].name, cdefs_g.consts.data[first + i].value };
	struct type *t = type_new(TY_INT), *wide = type_new(TY_INT);
	*t = *type_int(size, sign);
	t->name = name ? arena_printf("enum %s", name) : "enum";
	t->enumerators = en;
	t->nenumerators = n;
	*wide = *t;
	wide->size = wide->align = 8;
	for (size_t i = first; i < cdefs_g.consts.len; i++)
		cdefs_g.consts.data[i].t = wide;
	return t;
}

static void layout(struct cparser *P, struct type *rec, struct member *ms, int n, struct attrs a)
{
	uint64_t bit = 0, size = 0;
	uint32_t max_align = 1;
	int nf = 0;

	rec->fields = arena_alloc(sizeof(*rec->fields) * (n ? n : 1));
	for (int i = 0; i < n; i++) {
		struct member *m = &ms[i];
		struct type *t = m->t;
		if (t->kind == TY_RECORD && t->nfields < 0 && !t->btf_id) {
			/* a record by value that the script has not defined: the kernel's, if it has it */
			for (size_t j = 0; j < cdefs_g.tags.len; j++)
				if (cdefs_g.tags.data[j].t == t && !cdefs_g.tags.data[j].defined)
					tag_from_btf(&cdefs_g.tags.data[j]);
		}
		if (t->kind == TY_VOID || (t->kind == TY_RECORD && t->nfields < 0 && !t->btf_id))
			cdefs_fail_at(P, m->pos, m->len, "field '%s' has incomplete type '%s'", m->name ? m->name : "",
				type_str_name(t));
		uint32_t align = a.packed ? 1 : (t->align ? t->align : 1);
		if (m->align > align)
			align = m->align;
		if (rec->is_union)
			bit = 0;
		struct field *f = &rec->fields[nf];
		if (m->bits >= 0) {
			uint32_t unit = 8 * (t->size ? t->size : 1);
			if (t->kind != TY_INT && t->kind != TY_BOOL)
				cdefs_fail_at(P, m->pos, m->len, "bitfield '%s' needs an integer type", m->name ? m->name : "");
			if ((uint32_t)m->bits > unit)
				cdefs_fail_at(P, m->pos, m->len, "bitfield '%s' is wider than its type", m->name ? m->name : "");
			if (m->bits == 0) {
				bit = ALIGN_UP(bit, unit);
				continue;
			}
			/* a bitfield does not straddle a unit of its type unless packed */
			if (!a.packed && bit / unit != (bit + m->bits - 1) / unit)
				bit = ALIGN_UP(bit, unit);
			if (m->name) {
				uint32_t bytes = t->size;
				uint64_t u = bit / unit * bytes;
				/* bitfields read as unsigned, as bpftrace reads them */
				f->type = type_int(bytes, false);
				if (bit + m->bits > 8 * (u + bytes)) {
					/* packed across units: the smallest block from its first byte */
					uint32_t need = bit % 8 + m->bits;
					bytes = need <= 8 ? 1 : need <= 16 ? 2 : need <= 32 ? 4 : 8;
					f->type = type_int(bytes, false);
					u = bit / 8;
				}
				f->name = m->name;
				f->offset = u;
				f->bit_offset = bit - 8 * u;
				f->bit_size = m->bits;
				nf++;
			}
			bit += m->bits;
		} else {
			bit = ALIGN_UP(bit, 8 * (uint64_t)align);
			f->name = m->name;
			f->type = t;
			f->offset = bit / 8;
			nf++;
			bit += 8 * (uint64_t)t->size;
		}
		if (!a.packed || m->align)
			max_align = align > max_align ? align : max_align;
		uint64_t end = (bit + 7) / 8;
		size = end > size ? end : size;
		if (size > (1u << 24))
			cdefs_fail_at(P, m->pos, m->len, "struct is too large");
	}
	if (a.aligned > max_align)
		max_align = a.aligned;
	rec->nfields = nf;
	rec->align = max_align;
	rec->size = ALIGN_UP(size, max_align);
}

/* Members grow in the arena: an error longjmps out of the parser, and the arena is freed whole. */
struct member_list {
	struct member *data;
	int len, cap;
};

static void member_push(struct member_list *ml, struct member m)
{
	if (ml->len == ml->cap) {
		int cap = ml->cap ? 2 * ml->cap : 8;
		struct member *d = arena_alloc(sizeof(*d) * cap);
		if (ml->len)
			memcpy(d, ml->data, sizeof(*d) * ml->len);
		ml->data = d;
		ml->cap = cap;
	}
	ml->data[ml->len++] = m;
}

static void members(struct cparser *P, struct type *rec, struct attrs *a)
{
	struct member_list ms = { 0 };

	cdefs_expect(P, "{");
	while (!cdefs_accept(P, "}")) {
		if (P->tok.kind == CT_EOF)
			cdefs_fail(P, "expected '}' to end %s", type_str_name(rec));
		if (cdefs_accept(P, ";"))
			continue;
		size_t at = P->tok.pos;
		struct spec sp = specifiers(P);
		if (cdefs_accept(P, ";")) {
			/* struct { ... }; inside a struct: its members belong to the outer one */
			if (sp.t->kind == TY_RECORD) {
				struct member m = { .t = sp.t, .bits = -1, .pos = at, .len = 1 };
				member_push(&ms, m);
			}
			continue;
		}
		for (;;) {
			struct declarator d = declarator(P, sp, true);
			struct member m = { .name = d.name, .t = d.t, .bits = -1, .align = d.attrs.aligned,
					    .pos = d.name ? d.pos : at, .len = d.name ? d.len : 1 };
			if (cdefs_accept(P, ":")) {
				int64_t bits = cdefs_expr(P);
				if (bits < 0 || bits > 64)
					cdefs_fail_at(P, m.pos, m.len, "bitfield width must be from 0 to 64");
				m.bits = bits;
			} else if (!d.name) {
				cdefs_fail(P, "expected a member name, found %s", cdefs_tok_text(P));
			}
			skip_decoration(P, NULL);
			member_push(&ms, m);
			if (!cdefs_accept(P, ","))
				break;
		}
		/* clang lets the last member go without ';', and scripts rely on it */
		if (!cdefs_is_punct(P, "}"))
			cdefs_expect(P, ";");
	}
	skip_decoration(P, a);
	struct member *copy = ms.data;
	int n = ms.len;
	/* members with the same name are an error in C; the first would hide the second */
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (copy[i].name && copy[j].name && !strcmp(copy[i].name, copy[j].name))
				cdefs_fail_at(P, copy[i].pos, copy[i].len, "duplicate member '%s'", copy[i].name);
	layout(P, rec, copy, n, *a);
}

/* struct/union/enum [name] [{ ... }] */
static struct type *tagged(struct cparser *P)
{
	char kind = cdefs_is_word(P, "struct") ? 's' : cdefs_is_word(P, "union") ? 'u' : 'e';
	struct attrs a = { 0 };
	const char *name = NULL;
	size_t name_pos = P->tok.pos;
	int name_len = P->tok.len;

	cdefs_enter(P);
	cdefs_next(P);
	skip_decoration(P, &a);
	if (P->tok.kind == CT_IDENT) {
		name = cdefs_ident(P);
		name_pos = P->tok.pos;
		name_len = P->tok.len;
		cdefs_next(P);
	}
	skip_decoration(P, &a);
	if (!cdefs_is_punct(P, "{")) {
		if (!name)
			cdefs_fail(P, "expected a name or '{' after %s", kind == 's' ? "struct" : kind == 'u' ? "union" : "enum");
		struct tagdef *td = find_tag(kind, name);
		if (!td && !P->report) {
			/* a lookup (a cast, sizeof): names the script does not define are the kernel's */
			struct type *bt = btf_tag(kind, name);
			if (!bt) {
				P->err = ENOENT;
				cdefs_fail_at(P, name_pos, name_len, "unknown type");
			}
			P->depth--;
			return bt;
		}
		if (!td) {
			struct tagdef nt = { .kind = kind, .name = name };
			nt.t = kind == 'e' ? NULL : record_shell(kind, name);
			vec_push(&cdefs_g.tags, nt);
			td = &cdefs_g.tags.data[cdefs_g.tags.len - 1];
		}
		if (kind == 'e' && !td->t && !tag_from_btf(td))
			cdefs_fail_at(P, name_pos, name_len, "unknown enum '%s'", name);
		P->depth--;
		return td->t;
	}
	if (!P->report)
		cdefs_fail(P, "a type definition is not a type name");
	struct tagdef *td = name ? find_tag(kind, name) : NULL;
	if (td && td->defined)
		cdefs_fail_at(P, name_pos, name_len, "redefinition of '%s %s'",
			kind == 's' ? "struct" : kind == 'u' ? "union" : "enum", name);
	struct type *t;
	if (kind == 'e') {
		t = enum_body(P, name);
		skip_decoration(P, &a);
	} else {
		t = td ? td->t : record_shell(kind, name);
		if (!td && name) {
			struct tagdef nt = { .kind = kind, .name = name, .t = t };
			vec_push(&cdefs_g.tags, nt);
		}
		members(P, t, &a);
	}
	td = name ? find_tag(kind, name) : NULL;
	if (td) {
		td->t = t;
		td->defined = true;
	} else if (name) {
		struct tagdef nt = { .kind = kind, .name = name, .t = t, .defined = true };
		vec_push(&cdefs_g.tags, nt);
	}
	P->depth--;
	return t;
}

/* A type in a cast or sizeof: specifiers and an abstract declarator. */
struct type *cdefs_type_name(struct cparser *P)
{
	struct spec sp = specifiers(P);
	struct declarator d = declarator(P, sp, true);
	if (d.name)
		cdefs_fail_at(P, d.pos, d.len, "unexpected name '%s' in a type", d.name);
	return d.t;
}

static void declaration(struct cparser *P)
{
	if (cdefs_accept(P, ";"))
		return;
	bool is_typedef = false;
	skip_decoration(P, NULL);
	if (cdefs_is_word(P, "typedef")) {
		is_typedef = true;
		cdefs_next(P);
	}
	size_t start = P->tok.pos;
	struct spec sp = specifiers(P);
	if (cdefs_accept(P, ";"))
		return;
	/* `struct x { ... }` then a probe: the parser captured the definition alone */
	if (P->tok.kind == CT_EOF || cdefs_new_piece(start, P->tok.pos))
		return;
	for (;;) {
		struct declarator d = declarator(P, sp, false);
		if (cdefs_is_punct(P, "{"))
			cdefs_fail(P, "function definitions are not supported in C definitions");
		if (is_typedef) {
			struct named td = { .name = d.name, .t = d.t };
			vec_push(&cdefs_g.typedefs, td);
		}
		/* variables and function prototypes declare nothing a script can use */
		if (cdefs_accept(P, "=")) {
			while (!cdefs_is_punct(P, ",") && !cdefs_is_punct(P, ";") && P->tok.kind != CT_EOF)
				cdefs_next(P);
		}
		if (!cdefs_accept(P, ","))
			break;
	}
	cdefs_expect(P, ";");
}

/* Names the script only refers to take the kernel's definition, if it has one. */
static void resolve_shells(void)
{
	for (size_t i = 0; i < cdefs_g.tags.len; i++) {
		struct tagdef *td = &cdefs_g.tags.data[i];
		if (!td->defined && td->kind != 'e')
			tag_from_btf(td);
	}
}

static void reset(void)
{
	vec_free(&cdefs_g.segs);
	vec_free(&cdefs_g.tags);
	vec_free(&cdefs_g.typedefs);
	vec_free(&cdefs_g.consts);
	vec_free(&cdefs_g.macros);
}

int cdefs_load(const char *text)
{
	struct cparser P = { .report = true };

	reset();
	/* sonde reads kernel types from BTF: scripts' fallbacks for kernels without it are skipped */
	struct named have_btf = { .name = "BPFTRACE_HAVE_BTF" };
	vec_push(&cdefs_g.macros, have_btf);
	if (!text)
		return 0;
	char *clean = arena_strdup(text);
	P.src = clean;
	if (setjmp(P.jb))
		return -EINVAL;
	cdefs_preprocess(&P, clean);
	P.pos = 0;
	P.end = strlen(clean);
	cdefs_next(&P);
	while (P.tok.kind != CT_EOF)
		declaration(&P);
	resolve_shells();
	return 0;
}

struct type *cdefs_parse_type(const char *spelling)
{
	struct cparser P = { .src = spelling, .report = false };

	if (!spelling) {
		errno = EINVAL;
		return NULL;
	}
	P.end = strlen(spelling);
	if (setjmp(P.jb)) {
		errno = P.err ? P.err : EINVAL;
		return NULL;
	}
	cdefs_next(&P);
	struct type *t = cdefs_type_name(&P);
	if (P.tok.kind != CT_EOF) {
		errno = EINVAL;
		return NULL;
	}
	if (t->kind == TY_RECORD && t->nfields < 0 && !t->btf_id) {
		errno = ENOENT;
		return NULL;
	}
	return t;
}

bool cdefs_constant(const char *name, int64_t *value, struct type **type)
{
	struct named *e = cdefs_find_named(&cdefs_g.consts, name, strlen(name));
	if (e) {
		*value = e->value;
		if (type)
			*type = e->t;
		return true;
	}
	struct named *m = cdefs_find_named(&cdefs_g.macros, name, strlen(name));
	if (m && m->has_value) {
		*value = m->value;
		if (type)
			*type = &type_s64;
		return true;
	}
	return false;
}
