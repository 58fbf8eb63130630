/*
 * sema_mem.c: the checker's kernel and user memory: casts to kernel and
 * script types, members through pointers (-> and .), indexing, dereference,
 * sizeof and offsetof, pointer arithmetic, tuples and records, and fields
 * (tuple elements, record fields, members, tracepoint and BTF arguments).
 */
#include "sema_priv.h"
#include "btf.h"
#include "probe.h"
#include "uprobe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- kernel types: casts, members, indexing ---- */

/* t as seen through memory of the given address space: pointers inherit it. */
static struct type *in_space(struct type *t, bool user)
{
	/* an array of pointers read out of user memory holds user pointers (struct C *foos[2]) */
	if (t->kind == TY_ARRAY && t->elem && (t->elem->kind == TY_PTR || t->elem->kind == TY_ARRAY)) {
		struct type *elem = in_space(t->elem, user);
		if (elem == t->elem)
			return t;
		struct type *c = type_new(TY_ARRAY);
		*c = *t;
		c->elem = elem;
		return c;
	}
	if (t->kind != TY_PTR || t->is_user == user)
		return t;
	struct type *c = type_new(TY_PTR);
	*c = *t;
	c->is_user = user;
	return c;
}

/*
 * A char array read as a string gets one byte more than the array, always
 * NUL: one that fills its array prints whole, not as a truncated string
 * (lowering reads size - 1 bytes for these).
 */
static struct type *array_string(struct type *t)
{
	return t->kind == TY_STR ? type_str(t->size + 1) : t;
}

/* Integers and pointers read from memory; records and arrays stay in memory. */
static bool readable(const struct type *t)
{
	return sema_is_scalar(t) || t->kind == TY_STR || t->kind == TY_RECORD || t->kind == TY_ARRAY;
}

static bool probe_is_user(const struct sema *S)
{
	enum probe_kind k = S->probe->kind;
	return k == PROBE_UPROBE || k == PROBE_URETPROBE || k == PROBE_USDT;
}

/*
 * A pointer type a script names (let $p : struct C *) points where the
 * probe's casts do, as do the pointers of an array of them (struct C *[2]).
 */
struct type *sema_probe_space(struct sema *S, struct type *t)
{
	return in_space(t, probe_is_user(S));
}

/*
 * A type only the traced binary's DWARF knows (struct Foo, then '*'s, then
 * [N]s: `struct Foo *[2]`), in a user-space probe, as bpftrace finds them;
 * NULL if none of the probe's files defines it.
 */
struct type *sema_dwarf_type(struct sema *S, const char *spelling)
{
	size_t n = strlen(spelling);

	if (!probe_is_user(S))
		return NULL;
	/* the last [N] is the outermost array: struct Foo *[2][3] is two arrays of three */
	if (n > 2 && spelling[n - 1] == ']') {
		const char *open = strrchr(spelling, '[');
		char *end;
		unsigned long count = open ? strtoul(open + 1, &end, 10) : 0;
		if (!open || end != spelling + n - 1 || count == 0 || count > UINT32_MAX)
			return NULL;
		size_t k = (size_t)(open - spelling);
		while (k && spelling[k - 1] == ' ')
			k--;
		struct type *elem = sema_dwarf_type(S, arena_strndup(spelling, k));
		return elem ? type_array(elem, (uint32_t)count, false) : NULL;
	}
	struct type *t = NULL;
	for (int i = 0; !t && i < S->probe->naps; i++)
		t = uprobe_dwarf_type(S->probe->aps[i].target, spelling);
	return t;
}

struct type *sema_string_type(struct sema *S, const char *name, const struct loc *loc)
{
	if (!strcmp(name, "string"))
		return type_str(sema_str_size(S));
	if (strncmp(name, "string[", 7))
		return NULL;
	char *end;
	unsigned long n = strtoul(name + 7, &end, 10);
	if (n < 1 || n > PROG_MAX_STRLEN || strcmp(end, "]")) {
		sema_err(S, loc, "%s: sonde's strings hold 1 to %d bytes", name, PROG_MAX_STRLEN);
		return &type_none;
	}
	/* longer strings than the stack holds live in the scratch map */
	if (n > PROG_STACK_STRLEN)
		S->prog->far_slots = true;
	return type_str(n);
}

struct type *sema_check_cast(struct sema *S, struct node *n)
{
	struct type *t = sema_expr(S, n->operand);
	struct type *str = sema_string_type(S, n->type_name, &n->loc);
	if (str) {
		/* (string[N])s: the string cut or padded to N bytes */
		if (str->kind != TY_NONE && t->kind != TY_STR && t->kind != TY_NONE) {
			sema_err(S, &n->loc, "cannot cast %s to %s: only strings become strings", type_str_name(t),
				 type_str_name(str));
			return &type_none;
		}
		return str;
	}
	struct type *to = sema_int_type(n->type_name);
	if (!to) {
		to = sema_type_by_name(n->type_name);
		if (!to)
			to = sema_dwarf_type(S, n->type_name);
		if (!to) {
			if (errno == ENOENT && btf_load() < 0)
				sema_err(S, &n->loc, "cannot cast to '%s': this kernel has no BTF type information",
					 n->type_name);
			else
				sema_err(S, &n->loc, "unknown type '%s'", n->type_name);
			return &type_none;
		}
		bool int_array = to->kind == TY_ARRAY && to->elem &&
				 (to->elem->kind == TY_INT || to->elem->kind == TY_BOOL);
		if (int_array && (t->kind == TY_INT || t->kind == TY_BOOL) && t->size == to->size)
			return to;  /* (uint8[4])x, (bool[2])(uint16)1: the integer's bytes */
		if (int_array && t->kind != TY_NONE) {
			sema_err(S, &n->loc, "cannot cast %s to %s: an integer becomes an array of its own size",
				 type_str_name(t), type_str_name(to));
			return &type_none;
		}
		if (to->kind != TY_PTR && to->kind != TY_INT && to->kind != TY_BOOL) {
			sema_err(S, &n->loc, "cannot cast to %s: casts take integer and pointer types",
				 type_str_name(to));
			return &type_none;
		}
	}
	if (t->kind == TY_STR && to->kind == TY_BOOL)
		return to;  /* true unless empty */
	if (t->kind == TY_ARRAY && to->kind == TY_INT && t->size == to->size && t->elem &&
	    (t->elem->kind == TY_INT || t->elem->kind == TY_BOOL))
		return to;  /* (uint32)$a of a uint8[4]: the array's bytes */
	if (t->kind != TY_NONE && !sema_is_scalar(t)) {
		sema_err(S, &n->loc, "cannot cast %s to %s", type_str_name(t), type_str_name(to));
		return &type_none;
	}
	if (to->kind == TY_PTR)
		to = in_space(to, t->kind == TY_PTR ? t->is_user : probe_is_user(S));
	return to;
}

/* p->member and record.member, where the record lives in kernel or user memory. */
struct type *sema_check_member(struct sema *S, struct node *n, struct type *base)
{
	struct type *rec;
	bool user;

	/* as in bpftrace, '.' follows a pointer to a record and '->' reads a record value */
	if (!n->is_arrow && base->kind == TY_PTR && base->elem && base->elem->kind == TY_RECORD)
		n->is_arrow = true;
	else if (n->is_arrow && base->kind == TY_RECORD)
		n->is_arrow = false;
	if (n->is_arrow && base->kind == TY_PTR && base->elem && base->elem->kind == TY_RECORD &&
	    !base->elem->btf_id && base->elem->name) {
		/* a tracepoint format names the struct; BTF knows its layout */
		struct type *bt = sema_type_by_name(base->elem->name);
		if (bt && bt->kind == TY_RECORD) {
			struct type *p = type_new(TY_PTR);
			*p = *base;
			p->elem = bt;
			n->operand->type = base = p;
		}
	}
	if (n->is_arrow) {
		if (base->kind != TY_PTR || !base->elem || base->elem->kind != TY_RECORD) {
			sema_err(S, &n->loc, "'->' needs a pointer to a struct or union, not %s", type_str_name(base));
			return &type_none;
		}
		rec = base->elem;
		user = base->is_user;
	} else {
		if (base->kind == TY_PTR && base->elem && base->elem->kind == TY_RECORD) {
			sema_err(S, &n->loc, "%s is a pointer: use '->' to reach '%s'", type_str_name(base), n->name);
			return &type_none;
		}
		if (base->kind != TY_RECORD) {
			sema_err(S, &n->loc, "%s has no fields", type_str_name(base));
			return &type_none;
		}
		rec = base;
		user = n->operand->is_user_mem;
	}
	if (btf_complete(rec) < 0 || rec->nfields < 0) {
		sema_err(S, &n->loc, "%s has no known layout", type_str_name(rec));
		return &type_none;
	}
	const struct field *f = btf_member(rec, n->name);
	if (!f) {
		const char *near = btf_nearest_member(rec, n->name);
		if (near)
			sema_err(S, &n->loc, "%s has no member '%s'; did you mean '%s'?", type_str_name(rec), n->name,
				 near);
		else
			sema_err(S, &n->loc, "%s has no member '%s'", type_str_name(rec), n->name);
		return &type_none;
	}
	if (!readable(f->type)) {
		sema_err(S, &n->loc, "member '%s' has type %s, which sonde cannot read yet", n->name,
			 type_str_name(f->type));
		return &type_none;
	}
	n->is_user_mem = user;
	n->aux = f->offset;
	return in_space(array_string(f->type), user);
}

/* a[i] on arrays in memory and on pointers */
struct type *sema_check_index(struct sema *S, struct node *n)
{
	struct type *base = sema_expr(S, n->operand);
	struct type *it = sema_expr(S, n->rhs);
	if (base->kind == TY_NONE || it->kind == TY_NONE)
		return &type_none;
	if (!sema_is_scalar(it)) {
		sema_err(S, &n->rhs->loc, "an index must be an integer, not %s", type_str_name(it));
		return &type_none;
	}
	if (base->kind == TY_ARRAY) {
		int64_t i;
		if (sema_const_int(n->rhs, &i) && (i < 0 || (uint64_t)i >= base->count))
			sema_err(S, &n->rhs->loc, "index %lld is out of bounds for %s", (long long)i,
				 type_str_name(base));
		n->is_user_mem = n->operand->is_user_mem;
		/*
		 * Elements in user memory read as user memory; a pointer element of an
		 * array copied out (a variable, a map value) keeps the space it was read with.
		 */
		return n->is_user_mem ? in_space(array_string(base->elem), true) : array_string(base->elem);
	}
	if (base->kind == TY_PTR && base->elem && base->elem->kind != TY_VOID && base->elem->size) {
		n->is_user_mem = base->is_user;
		if (!readable(base->elem)) {
			sema_err(S, &n->loc, "sonde cannot read %s values yet", type_str_name(base->elem));
			return &type_none;
		}
		return in_space(array_string(base->elem), base->is_user);
	}
	sema_err(S, &n->loc, "%s cannot be indexed", type_str_name(base));
	return &type_none;
}

struct type *sema_check_deref(struct sema *S, struct node *n, struct type *t)
{
	/* '&' of a tuple or record variable reads back whole */
	bool whole = t->kind == TY_PTR && t->is_local && t->elem && sema_storable(t->elem);
	if (t->kind != TY_PTR || !t->elem || !t->elem->size || (!readable(t->elem) && !whole)) {
		sema_err(S, &n->loc, "cannot dereference %s", type_str_name(t));
		return &type_none;
	}
	n->is_user_mem = t->is_user;
	return in_space(array_string(t->elem), t->is_user);
}

/* What '&' cannot take the address of, for its message. */
static const char *addr_refusal(const struct node *o)
{
	switch (o->kind) {
	case N_INT: case N_STRING:
		return "a literal has no address";
	case N_BUILTIN:
		return "a builtin is a value, not a variable";
	case N_CALL:
		return "a function's result is a value, not a variable";
	case N_FIELD: case N_INDEX:
		return "members and elements have no address sonde can give";
	default:
		return "an expression's value has no address";
	}
}

/*
 * &$x, &@m (a map without keys) and &@m[k]: a pointer into the program's own
 * memory, its stack slot or the map's value (is_local). A variable whose
 * address is taken keeps a slot for the whole program.
 */
struct type *sema_check_addr(struct sema *S, struct node *n)
{
	struct node *o = n->operand;

	if (o->kind != N_VAR && o->kind != N_MAP) {
		sema_err(S, &o->loc, "'&' takes a scratch variable or a map value (&$x, &@m, &@m[k]): %s",
			 addr_refusal(o));
		return &type_none;
	}
	struct type *t = sema_expr(S, o);
	if (t->kind == TY_NONE)
		return t;
	if (o->kind == N_VAR) {
		S->vars.data[o->var_id].addr_taken = true;
	} else {
		struct sema_map *m = &S->maps.data[o->map_id];
		if (m->agg_known && m->agg != AGG_NONE) {
			sema_err(S, &o->loc, "'&' cannot take the address of @%s: it holds %s(), one value per CPU",
				 o->name, agg_name(m->agg));
			return &type_none;
		}
	}
	if (!sema_storable(t) || t->kind == TY_VOID) {
		sema_err(S, &o->loc, "'&' cannot take the address of %s", type_str_name(t));
		return &type_none;
	}
	struct type *p = type_ptr(t, false);
	p->is_local = true;
	return p;
}

/* An assignment to variable id: '&...' (through block expressions) or anything else. */
void sema_note_var_assign(struct sema *S, int id, const struct node *rhs)
{
	while (rhs && rhs->kind == N_BLOCK_EXPR)
		rhs = rhs->operand;
	if (id < 0 || (size_t)id >= S->vars.len)
		return;
	if (rhs && rhs->kind == N_UNARY && rhs->uop == UN_ADDR)
		S->vars.data[id].addr_assigns++;
	else
		S->vars.data[id].other_assigns++;
}

/* sizeof(type or expr) and offsetof(struct, member) are constants. */
struct type *sema_check_sizeof(struct sema *S, struct node *n)
{
	struct type *t = NULL;
	if (n->type_name) {
		t = sema_int_type(n->type_name);
		if (!t)
			t = sema_type_by_name(n->type_name);
		if (!t) {
			sema_err(S, &n->loc, "unknown type '%s'", n->type_name);
			return &type_none;
		}
	} else if (n->operand) {
		t = sema_expr(S, n->operand);
		if (t->kind == TY_NONE)
			return t;
		/* a char array read as a string carries one byte more than its size */
		struct node *o = n->operand;
		if (t->kind == TY_STR && t->size > 0 &&
		    ((o->kind == N_FIELD && o->name && !(o->operand->kind == N_BUILTIN && o->operand->builtin == BI_ARGS)) ||
		     o->kind == N_INDEX || (o->kind == N_UNARY && o->uop == UN_DEREF)))
			t = type_str(t->size - 1);
	}
	if (!t)
		return &type_none;
	uint64_t v = t->size;
	if (n->kind == N_OFFSETOF) {
		if (t->kind != TY_RECORD || btf_complete(t) < 0) {
			sema_err(S, &n->loc, "offsetof() needs a struct or union, not %s", type_str_name(t));
			return &type_none;
		}
		/* offsetof(struct a, b.c): the offsets along the path add up */
		v = 0;
		for (const char *m = n->name; m;) {
			const char *dot = strchr(m, '.');
			const char *name = dot ? arena_strndup(m, dot - m) : m;
			const struct field *f = btf_member(t, name);
			if (!f) {
				sema_err(S, &n->loc, "%s has no member '%s'", type_str_name(t), name);
				return &type_none;
			}
			v += f->offset;
			m = dot ? dot + 1 : NULL;
			t = f->type;
			if (m && (t->kind != TY_RECORD || btf_complete(t) < 0)) {
				sema_err(S, &n->loc, "offsetof(): member '%s' is %s, not a struct or union", name,
					 type_str_name(t));
				return &type_none;
			}
		}
	}
	n->kind = N_INT;
	n->ival = v;
	return &type_u64;
}

/* ---- pointer arithmetic ---- */

/* C's pointer arithmetic steps by the pointee's size; by bytes through void * and incomplete types. */
int sema_ptr_scale(const struct type *p)
{
	const struct type *e = p->elem;
	return e && e->kind != TY_VOID && e->size ? (int)e->size : 1;
}

/*
 * p + i, i + p, p - i: a pointer of p's type, i scaled by the pointee's size
 * (n->aux, which lowering multiplies by); p - q: how many elements apart
 * (n->aux = -size, the divisor).
 */
struct type *sema_pointer_arith(struct sema *S, struct node *n, struct type *a, struct type *b)
{
	if (a->kind == TY_PTR && b->kind == TY_PTR) {
		if (n->op == BIN_ADD || !type_equal(a->elem, b->elem)) {
			sema_err(S, &n->loc, "'%s' cannot be applied to %s and %s", binop_str(n->op), type_str_name(a),
				 type_str_name(b));
			return &type_none;
		}
		n->aux = -sema_ptr_scale(a);
		return &type_s64;
	}
	if (b->kind == TY_PTR && n->op == BIN_SUB) {
		sema_err(S, &n->loc, "cannot subtract %s from an integer", type_str_name(b));
		return &type_none;
	}
	struct type *p = a->kind == TY_PTR ? a : b;
	n->aux = sema_ptr_scale(p);
	return p;
}

/* ---- fields: tuple elements, members, tracepoint and BTF arguments ---- */

static const struct field *find_field(const struct type *rec, const char *name)
{
	for (int i = 0; i < rec->nfields; i++)
		if (rec->fields[i].name && !strcmp(rec->fields[i].name, name))
			return &rec->fields[i];
	return NULL;
}

/*
 * The type an element keeps in a tuple: integers their own width and sign
 * (an enum its enumerators too), strings their own size, as in bpftrace.
 */
static struct type *tuple_elem_type(struct type *e)
{
	if (e->kind == TY_INT && !e->nenumerators)
		return type_int(e->size, e->is_signed);
	if (e->kind == TY_INT || e->kind == TY_STR)
		return e;
	return sema_storage_type(e);
}

/*
 * (a, b, ...): laid out as a C struct of the elements (type_tuple_layout);
 * a record (a = 1, ...) the same, its fields named.
 */
struct type *sema_check_tuple(struct sema *S, struct node *n)
{
	struct type *t = type_new(TY_TUPLE);
	int count = 0;
	for (struct node *a = n->args; a; a = a->next)
		count++;
	t->fields = arena_alloc(sizeof(*t->fields) * (count ? count : 1));
	for (struct node *a = n->args; a; a = a->next) {
		struct type *e = sema_expr(S, a);
		if (e->kind == TY_NONE)
			return e;
		if (!sema_storable(e)) {
			if (e->kind == TY_RECORD || e->kind == TY_ARRAY)
				sema_store_error(S, &a->loc, e);
			else
				sema_err(S, &a->loc, "a %s cannot hold %s", n->fnames ? "record" : "tuple",
					 type_str_name(e));
			return &type_none;
		}
		if (n->fnames)
			t->fields[t->nfields].name = n->fnames[t->nfields].name;
		t->fields[t->nfields++].type = tuple_elem_type(e);
	}
	type_tuple_layout(t);
	return t;
}

/* $r.name of a record: the field's position, for lowering as a tuple element. */
static struct type *check_record_field(struct sema *S, struct node *n, struct type *rec)
{
	if (!n->name) {
		sema_err(S, &n->loc, "a record's fields are reached by name, not by position: %s has no element %d",
			 type_str_name(rec), n->index);
		return &type_none;
	}
	int i = type_tuple_field(rec, n->name);
	if (i >= 0) {
		n->index = i;
		return rec->fields[i].type;
	}
	const char *best = NULL;
	int bd = 4;
	for (int j = 0; j < rec->nfields; j++) {
		int d = edit_distance(n->name, rec->fields[j].name);
		if (d < bd) {
			bd = d;
			best = rec->fields[j].name;
		}
	}
	if (best)
		sema_err(S, &n->loc, "record %s has no field '%s'; did you mean '%s'?", type_str_name(rec), n->name,
			 best);
	else
		sema_err(S, &n->loc, "record %s has no field '%s'", type_str_name(rec), n->name);
	return &type_none;
}

struct type *sema_check_field(struct sema *S, struct node *n)
{
	/* args.NAME: `args` here is no whole value (check_builtin) */
	if (n->operand->kind == N_BUILTIN && n->operand->builtin == BI_ARGS)
		n->operand->aux = 1;
	struct type *base = sema_expr(S, n->operand);
	if (base->kind == TY_NONE)
		return &type_none;
	if (type_is_record_tuple(base))
		return check_record_field(S, n, base);
	if (base->kind == TY_TUPLE) {
		if (n->name) {
			sema_err(S, &n->loc, "%s has no field '%s': a tuple's elements are numbered (.0, .1, ...)",
				 type_str_name(base), n->name);
			return &type_none;
		}
		if (n->index < 0 || n->index >= base->nfields) {
			sema_err(S, &n->loc, "%s has no element %d (it has %d)", type_str_name(base), n->index,
				 base->nfields);
			return &type_none;
		}
		return base->fields[n->index].type;
	}
	if (!n->name) {
		sema_err(S, &n->loc, "only tuples have numbered elements, not %s", type_str_name(base));
		return &type_none;
	}
	if (!(n->operand->kind == N_BUILTIN && n->operand->builtin == BI_ARGS))
		return sema_check_member(S, n, base);
	if (n->operand->kind != N_BUILTIN || n->operand->builtin != BI_ARGS || base->kind != TY_RECORD) {
		sema_err(S, &n->loc, "field access on %s is not supported by sonde yet", type_str_name(base));
		return &type_none;
	}
	S->probe->uses_args = true;
	S->probe->args_fields++;
	struct type *result = NULL;
	for (int i = 0; i < S->probe->naps; i++) {
		const struct type *rec = S->probe->args[i];
		const struct field *f = rec ? find_field(rec, n->name) : NULL;
		if (!f) {
			const char *best = NULL;
			int bd = 4;
			for (int j = 0; rec && j < rec->nfields; j++) {
				int d = edit_distance(n->name, rec->fields[j].name);
				if (d < bd) {
					bd = d;
					best = rec->fields[j].name;
				}
			}
			if (best)
				sema_err(S, &n->loc, "%s has no field '%s'; did you mean '%s'?", S->probe->aps[i].name,
				    n->name, best);
			else
				sema_err(S, &n->loc, "%s has no field '%s'", S->probe->aps[i].name, n->name);
			return &type_none;
		}
		struct type *t = f->type;
		S->probe->args_words |= f->offset < 256 ? 1u << (f->offset / 8) : 1u << 31;
		if (t->kind == TY_STR && f->data_loc)
			t = type_str(sema_str_size(S));
		/* arrays in a tracepoint's record (__u8 saddr[4]) are copied out of it, as BTF arguments are */
		bool by_value = (sema_btf_typed(S->probe->kind) || S->probe->kind == PROBE_TRACEPOINT) &&
				(t->kind == TY_BOOL || ((t->kind == TY_RECORD || t->kind == TY_ARRAY) && sema_storable(t)));
		if (t->kind == TY_ARRAY && f->data_loc) {
			sema_err(S, &n->loc, "field '%s' is a variable-length array (__data_loc), which sonde cannot "
				 "read yet", n->name);
			return &type_none;
		}
		if (t->kind != TY_INT && t->kind != TY_STR && t->kind != TY_PTR && !by_value) {
			sema_err(S, &n->loc, "field '%s' has type %s, which sonde cannot read yet", n->name,
			    type_str_name(t));
			return &type_none;
		}
		if (result && !type_equal(sema_storage_type(result), sema_storage_type(t)) &&
		    !(sema_is_str(result) && sema_is_str(t))) {
			sema_err(S, &n->loc, "field '%s' has different types in the probes of this block", n->name);
			return &type_none;
		}
		if (!result || (sema_is_str(t) && t->size > result->size))
			result = t;
	}
	return result ? result : &type_none;
}

/*
 * `args` as a whole value where the arguments are registers (uprobes) or
 * context slots (fentry, fexit, raw tracepoints): a record of the parameters
 * in their order, laid out as a tuple is, which lowering fills field by field
 * (lower_btf_args_record). Every attach point of the block must give the same.
 */
struct type *sema_args_record(struct sema *S, struct node *n)
{
	struct type *result = NULL;

	for (int i = 0; i < S->probe->naps; i++) {
		const struct type *rec = S->probe->args[i];
		if (!rec || rec->nfields == 0) {
			sema_err(S, &n->loc, "%s has no arguments to make args of", S->probe->aps[i].name);
			return &type_none;
		}
		struct type *t = type_new(TY_TUPLE);
		t->nfields = rec->nfields;
		t->fields = arena_alloc(sizeof(struct field) * rec->nfields);
		for (int j = 0; j < rec->nfields; j++) {
			const struct field *f = &rec->fields[j];
			enum type_kind k = f->type->kind;
			if (!f->name || (k != TY_INT && k != TY_BOOL && k != TY_PTR)) {
				sema_err(S, &n->loc, "argument '%s' of %s has type %s, which sonde cannot put in args as "
					 "a whole value yet; use args.NAME", f->name ? f->name : "?", S->probe->aps[i].name,
					 type_str_name(f->type));
				return &type_none;
			}
			t->fields[j] = (struct field){ .name = f->name, .type = f->type };
		}
		type_tuple_layout(t);
		if (result && !type_equal(result, t)) {
			/* attach points with other args were grouped into blocks of their own (sema_regroup.c) */
			sema_err(S, &n->loc, "args differ between the probes of this block (%s, %s): write one block each",
				 S->probe->aps[0].name, S->probe->aps[i].name);
			return &type_none;
		}
		result = t;
	}
	S->probe->uses_args = true;
	return result;
}
