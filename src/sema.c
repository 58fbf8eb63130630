/*
 * sema.c: the type checker.
 *
 * Maps are global and may be read before the statement that decides their
 * type (a map printed in `end` but filled in a tracepoint), so the checker
 * walks the whole program until map types settle, silently, and then once
 * more reporting errors. Scratch variables belong to their probe.
 *
 * This file checks expressions; sema_builtin.c builtins (pid, args, probe...),
 * sema_stmt.c statements, sema_mem.c what
 * reads memory (casts, members, indexing, pointer arithmetic, args fields),
 * sema_call.c calls, sema_prog.c the program as a whole.
 */
#include "sema_priv.h"
#include "output.h"
#include "probe.h"
#include "runtime.h"
#include "util.h"
#include "btf.h"
#include "cdefs.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void sema_err(struct sema *S, const struct loc *loc, const char *fmt, ...)
{
	S->errors++;
	if (!S->report)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_error(loc, "%s", buf);
}

bool sema_is_scalar(const struct type *t)
{
	return t && (t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_PTR);
}

bool sema_is_str(const struct type *t)
{
	return t && t->kind == TY_STR;
}

/* ---- integers ---- */

/* The type of a binary arithmetic result: 64-bit, unsigned only if an operand is an unsigned 64-bit value. */
static struct type *arith_type(const struct type *a, const struct type *b)
{
	bool u = (a->kind == TY_PTR || (a->kind == TY_INT && a->size == 8 && !a->is_signed)) ||
		 (b->kind == TY_PTR || (b->kind == TY_INT && b->size == 8 && !b->is_signed));
	return u ? &type_u64 : &type_s64;
}

/* Integer types as scripts spell them in casts. */
struct type *sema_int_type(const char *name)
{
	static const struct { const char *name; int size; bool sign; } names[] = {
		{ "int8", 1, true }, { "int16", 2, true }, { "int32", 4, true }, { "int64", 8, true },
		{ "uint8", 1, false }, { "uint16", 2, false }, { "uint32", 4, false }, { "uint64", 8, false },
		{ "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
		{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
		{ "__s8", 1, true }, { "__s16", 2, true }, { "__s32", 4, true }, { "__s64", 8, true },
		{ "__u8", 1, false }, { "__u16", 2, false }, { "__u32", 4, false }, { "__u64", 8, false },
		{ "char", 1, true }, { "signed char", 1, true }, { "unsigned char", 1, false },
		{ "short", 2, true }, { "unsigned short", 2, false }, { "int", 4, true },
		{ "unsigned int", 4, false }, { "unsigned", 4, false }, { "long", 8, true },
		{ "unsigned long", 8, false }, { "long long", 8, true }, { "unsigned long long", 8, false },
		{ "pid_t", 4, true }, { "size_t", 8, false }, { "ssize_t", 8, true },
	};
	if (!strcmp(name, "bool"))
		return &type_bool;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(names[i].name, name))
			return type_int(names[i].size, names[i].sign);
	return NULL;
}

/*
 * A type as a cast, sizeof or let spells it: the script's C definitions first,
 * then bpftrace's integer names, then the kernel's BTF. NULL with errno ENOENT
 * (unknown name) or EINVAL (not a type).
 */
struct type *sema_type_by_name(const char *spelling)
{
	struct type *t = cdefs_parse_type(spelling);
	if (t)
		return t;
	int err = errno;
	t = sema_int_type(spelling);
	if (!t)
		errno = err;
	return t;
}

/* ---- variables ---- */

/* The innermost visible variable of that name. */
struct var *sema_find_var(struct sema *S, const char *name, int *id)
{
	for (size_t i = S->vars.len; i-- > 0;)
		if (!S->vars.data[i].closed && !strcmp(S->vars.data[i].name, name)) {
			*id = i;
			return &S->vars.data[i];
		}
	return NULL;
}

int sema_declare_var(struct sema *S, const char *name, struct type *t, const struct loc *loc, int scope)
{
	struct var v = { .name = name, .type = t, .loc = *loc, .scope = scope };
	vec_push(&S->vars, v);
	return S->vars.len - 1;
}

/* Ends a block: its `let` variables go out of sight. */
void sema_close_scope(struct sema *S)
{
	for (size_t i = 0; i < S->vars.len; i++)
		if (S->vars.data[i].scope == S->scope && S->scope > 0)
			S->vars.data[i].closed = true;
	S->scope--;
}

/*
 * The type a variable takes from its first value: integers keep their width
 * and sign, as in bpftrace (bswap($port) of a u16 swaps two bytes); the
 * register holds them extended to 64 bits.
 */
struct type *sema_var_type(struct type *t)
{
	if (t->kind == TY_INT && t->is_literal)
		return t;   /* $x = 1 is a uint8, as in bpftrace, kept as int64 in maps */
	return t->kind == TY_INT && !t->nenumerators ? type_int(t->size, t->is_signed) : sema_storage_type(t);
}

/* The type a value is kept in when stored (variables, map values, keys): ints widen to 64 bits. */
struct type *sema_storage_type(struct type *t)
{
	if (t->kind == TY_INT && t->nenumerators) {
		/* an enum's values stay its own when stored, to print by name */
		if (t->size == 8)
			return t;
		struct type *w = type_new(TY_INT);
		*w = *t;
		w->size = w->align = 8;
		return w;
	}
	if (t->kind == TY_INT)
		return t->is_literal ? &type_s64 : type_int(8, t->is_signed);
	/* bools keep their type, to print as true/false; they take 8 bytes like every scalar */
	return t;
}

/*
 * Whether a value of type `from` can be stored where `*to` lives; widens
 * *to (string sizes) when needed. Returns false on a kind mismatch.
 */
bool sema_unify(struct type **to, struct type *from, bool *changed)
{
	struct type *s = sema_storage_type(from);
	if (!*to) {
		*to = s;
		*changed = true;
		return true;
	}
	/* none comes from an expression already reported: no second error about it */
	if ((*to)->kind == TY_NONE || s->kind == TY_NONE)
		return true;
	if (sema_is_scalar(*to) && sema_is_scalar(s))
		return true;
	if ((*to)->kind == TY_STR && s->kind == TY_STR) {
		if (s->size > (*to)->size) {
			*to = type_str(s->size);
			*changed = true;
		}
		return true;
	}
	if ((*to)->kind == TY_TUPLE && s->kind == TY_TUPLE) {
		/* tuples widen field by field; lowering converts a value to the wider layout */
		struct type *m = type_tuple_merge(*to, s);
		if (m && m != *to) {
			*to = m;
			*changed = true;
		}
		return m != NULL;
	}
	return type_equal(*to, s);
}

bool sema_storable(const struct type *t);
void sema_store_error(struct sema *S, const struct loc *loc, const struct type *t);

/* ---- maps ---- */

struct sema_map *sema_get_map(struct sema *S, struct node *n)
{
	for (size_t i = 0; i < S->maps.len; i++)
		if (!strcmp(S->maps.data[i].name, n->name)) {
			n->map_id = i;
			return &S->maps.data[i];
		}
	struct sema_map m = { .name = n->name, .loc = n->loc, .nkeys = -1 };
	vec_push(&S->maps, m);
	S->changed = true;
	n->map_id = S->maps.len - 1;
	return &S->maps.data[S->maps.len - 1];
}

const char *sema_map_display(const struct node *n)
{
	return arena_printf("@%s", n->name);
}

/* $v, $v.0, $v.a.1: reading it twice reads the same value */
static bool pure_var_path(const struct node *n)
{
	while (n->kind == N_FIELD)
		n = n->operand;
	return n->kind == N_VAR;
}

/* Checks and records the keys of a map reference @m[k1, k2]. */
struct sema_map *sema_map_ref(struct sema *S, struct node *n)
{
	struct sema_map *m = sema_get_map(S, n);
	int id = n->map_id;
	int nkeys = 0;

	/*
	 * @m[(a, b)] is @m[a, b], as in bpftrace: has_key(@m, (a, b)), delete(@m, (a, b));
	 * a record is one key
	 */
	if (n->args && !n->args->next && n->args->kind == N_TUPLE && n->args->args && !n->args->fnames)
		n->args = n->args->args;
	/*
	 * @m[$t] of a tuple variable is @m[$t.0, $t.1, ...], as bpftrace's keys
	 * are one tuple; so is @m[$kv.0], a for loop's key (the spread reads the
	 * expression once a part, so only side-effect-free ones spread)
	 */
	if (n->args && !n->args->next && pure_var_path(n->args)) {
		struct type *t = sema_expr(S, n->args);
		if (t->kind == TY_TUPLE && t->nfields > 1 && t->nfields <= MAX_KEYS && !type_is_record_tuple(t)) {
			struct node *var = n->args, **tail = &n->args;
			for (int i = 0; i < t->nfields; i++) {
				struct node *f = node_new(N_FIELD, &var->loc);
				f->operand = var;
				f->index = i;
				*tail = f;
				tail = &f->next;
			}
		}
	}

	for (struct node *k = n->args; k; k = k->next) {
		struct type *t = sema_expr(S, k);
		m = &S->maps.data[id];
		if (nkeys >= MAX_KEYS) {
			sema_err(S, &k->loc, "a map key has at most %d parts", MAX_KEYS);
			return m;
		}
		if (!sema_storable(t)) {
			if (t->kind == TY_RECORD || t->kind == TY_ARRAY)
				sema_store_error(S, &k->loc, t);
			else if (t->kind != TY_NONE)
				sema_err(S, &k->loc, "a map key cannot be %s", type_str_name(t));
			nkeys++;
			continue;
		}
		if (m->nkeys >= 0 && nkeys < m->nkeys && m->keys[nkeys]) {
			if (!sema_unify(&m->keys[nkeys], t, &S->changed))
				sema_err(S, &k->loc, "%s key %d is %s here but %s elsewhere", sema_map_display(n), nkeys + 1,
				    type_str_name(t), type_str_name(m->keys[nkeys]));
		} else if (m->nkeys < 0 || nkeys < m->nkeys) {
			m->keys[nkeys] = sema_storage_type(t);
			S->changed = true;
		}
		nkeys++;
	}
	if (m->nkeys < 0) {
		m->nkeys = nkeys;
		S->changed = true;
	} else if (m->nkeys != nkeys) {
		if (m->nkeys == 0)
			sema_err(S, &n->loc, "%s is used without keys elsewhere; it cannot take %d here", sema_map_display(n),
			    nkeys);
		else if (nkeys == 0)
			sema_err(S, &n->loc, "%s needs %d key%s, as elsewhere in the script", sema_map_display(n), m->nkeys,
			    m->nkeys == 1 ? "" : "s");
		else
			sema_err(S, &n->loc, "%s has %d key%s here but %d elsewhere", sema_map_display(n), nkeys,
			    nkeys == 1 ? "" : "s", m->nkeys);
	}
	return m;
}

/* Records that map m holds agg (with the aggregated values' type arg). */
void sema_set_map_agg(struct sema *S, struct node *mapn, struct sema_map *m, enum agg_kind agg,
			struct type *value, const struct loc *loc)
{
	if (!m->agg_known) {
		m->agg_known = true;
		m->agg = agg;
		m->value = value ? sema_storage_type(value) : NULL;
		S->changed = true;
		return;
	}
	if (m->agg != agg) {
		sema_err(S, loc, "%s is %s here but %s elsewhere", sema_map_display(mapn),
		    agg == AGG_NONE ? "assigned a value" : arena_printf("%s()", agg_name(agg)),
		    m->agg == AGG_NONE ? "assigned a value" : arena_printf("%s()", agg_name(m->agg)));
		return;
	}
	if (value && !sema_unify(&m->value, value, &S->changed))
		sema_err(S, loc, "%s holds %s elsewhere; cannot store %s", sema_map_display(mapn), type_str_name(m->value),
		    type_str_name(value));
}

/*
 * Records and arrays are copied to be kept: on the 512-byte BPF stack up to
 * PROG_STACK_STRLEN bytes, larger ones (a whole task_struct) in the scratch
 * map's slots (lower_far.c), which a copy that large turns on.
 */
#define MAX_VALUE_COPY 8192

static bool big_copies;

bool sema_big_copies(bool reset)
{
	bool b = big_copies;
	if (reset)
		big_copies = false;
	return b;
}

static bool copyable(const struct type *t)
{
	if (t->kind == TY_RECORD && btf_complete((struct type *)t) < 0)
		return false;
	if (t->kind == TY_RECORD && t->nfields < 0)
		return false;
	if (t->size > PROG_STACK_STRLEN && t->size <= MAX_VALUE_COPY)
		big_copies = true;
	return t->size > 0 && t->size <= MAX_VALUE_COPY;
}

/* Values a variable or a map can hold. */
bool sema_storable(const struct type *t)
{
	if (sema_is_scalar(t) || sema_is_str(t))
		return true;
	if (t->kind == TY_RECORD || t->kind == TY_ARRAY)
		return copyable(t);
	switch (t->kind) {
	case TY_STACK: case TY_KSYM: case TY_USYM: case TY_INET: case TY_BUF:
	case TY_TIMESTAMP: case TY_MACADDR: case TY_CGROUP_PATH: case TY_USERNAME: case TY_STRERROR:
	case TY_SYSCALL_NAME: case TY_SIGNAL_NAME:
		return true;
	default:
		break;
	}
	if (t->kind != TY_TUPLE)
		return false;
	for (int i = 0; i < t->nfields; i++)
		if (!sema_storable(t->fields[i].type))
			return false;
	return true;
}

/* Why a value cannot be kept in a variable, a map or a tuple. */
void sema_store_error(struct sema *S, const struct loc *loc, const struct type *t)
{
	if ((t->kind == TY_RECORD || t->kind == TY_ARRAY) && t->size > MAX_VALUE_COPY)
		sema_err(S, loc, "%s is %u bytes, too large to copy (at most %d): "
			 "keep a pointer to it, or the members you need", type_str_name(t), t->size, MAX_VALUE_COPY);
	else if (t->kind == TY_RECORD || t->kind == TY_ARRAY)
		sema_err(S, loc, "%s has no known size to copy", type_str_name(t));
	else
		sema_err(S, loc, "sonde cannot store %s values yet", type_str_name(t));
}

/* ---- expressions ---- */

static bool is_lvalue(const struct node *n)
{
	return n->kind == N_VAR || n->kind == N_MAP;
}

static struct type *check_assign(struct sema *S, struct node *n)
{
	struct node *lhs = n->lhs, *rhs = n->rhs;

	if (lhs->kind == N_UNARY && lhs->uop == UN_DEREF) {
		sema_err(S, &lhs->loc, "cannot assign through a pointer: the language reads memory, it never writes it");
		sema_expr(S, rhs);
		return &type_void;
	}
	if (!is_lvalue(lhs)) {
		sema_err(S, &lhs->loc, "cannot assign to this expression");
		sema_expr(S, rhs);
		return &type_void;
	}
	if (lhs->kind == N_MAP && n->op == BIN_NONE && rhs->kind == N_CALL && sema_is_agg_func(rhs->func)) {
		sema_agg_assign(S, lhs, rhs);
		lhs->type = &type_void;
		return &type_void;
	}
	struct type *rt = sema_expr(S, rhs);
	if (rt->kind == TY_NONE) {
		/* the error is reported: the variable exists from here on, so its uses add no more */
		if (lhs->kind == N_VAR && n->op == BIN_NONE && !sema_find_var(S, lhs->name, &(int){ 0 }))
			sema_declare_var(S, lhs->name, &type_none, &lhs->loc, 0);
		return &type_void;
	}
	if (rt->kind == TY_VOID || rt->kind == TY_AGG) {
		sema_err(S, &rhs->loc, "this expression has no value to assign");
		return &type_void;
	}
	if (!sema_storable(rt)) {
		sema_store_error(S, &rhs->loc, rt);
		return &type_void;
	}
	if (n->op != BIN_NONE && !sema_is_scalar(rt)) {
		sema_err(S, &rhs->loc, "'%s=' needs an integer, not %s", binop_str(n->op), type_str_name(rt));
		return &type_void;
	}
	if (lhs->kind == N_VAR) {
		int id;
		struct var *v = sema_find_var(S, lhs->name, &id);
		if (!v) {
			if (n->op != BIN_NONE) {
				sema_err(S, &lhs->loc, "undefined variable '$%s'", lhs->name);
				return &type_void;
			}
			id = sema_declare_var(S, lhs->name, sema_var_type(rt), &lhs->loc, 0);
			v = &S->vars.data[id];
		} else if (!v->type) {
			v->type = sema_var_type(rt);   /* `let $x;`: its first value decides its type */
		} else if (v->type->kind != TY_NONE) {
			bool changed = false;
			bool ints = v->type->kind == TY_INT && rt->kind == TY_INT && !v->typed;
			if (ints && n->op != BIN_NONE && v->type->is_literal)
				v->type = arith_type(v->type, rt);   /* $x = 0; $x += n: the 64-bit sum */
			else if (ints && (v->type->is_literal || rt->is_literal) && !v->type->nenumerators &&
				 !rt->nenumerators && !type_equal(v->type, rt))
				v->type = type_int_merge(v->type, rt);   /* $x = 1; $x = -1: an int16, as bpftrace */
			else if (ints && rt->size > v->type->size)
				v->type = rt;   /* a wider integer widens the variable */
			else if (!sema_unify(&v->type, rt, &changed))
				sema_err(S, &rhs->loc, "$%s holds %s; cannot assign %s", lhs->name, type_str_name(v->type),
				    type_str_name(rt));
			else if (n->op != BIN_NONE && !sema_is_scalar(v->type))
				sema_err(S, &lhs->loc, "'%s=' needs an integer variable; $%s is %s", binop_str(n->op),
				    lhs->name, type_str_name(v->type));
		}
		sema_note_var_assign(S, id, n->op == BIN_NONE ? rhs : NULL);
		/* $p += i steps as p + i does */
		n->aux = v->type->kind == TY_PTR && (n->op == BIN_ADD || n->op == BIN_SUB) && rt->kind != TY_PTR
			? sema_ptr_scale(v->type) : 0;
		lhs->var_id = id;
		lhs->type = v->type;
		return &type_void;
	}
	struct sema_map *m = sema_map_ref(S, lhs);
	if (m->agg_known && m->agg != AGG_NONE && m->value) {
		sema_err(S, &n->loc, "@%s holds %s(); assign it only with %s()", lhs->name, agg_name(m->agg),
		    agg_name(m->agg));
		return &type_void;
	}
	sema_set_map_agg(S, lhs, m, AGG_NONE, rt, &n->loc);
	m = &S->maps.data[lhs->map_id];
	if (n->op != BIN_NONE && m->value && !sema_is_scalar(m->value))
		sema_err(S, &lhs->loc, "'%s=' needs an integer map; @%s holds %s", binop_str(n->op), lhs->name,
		    type_str_name(m->value));
	n->aux = m->value && m->value->kind == TY_PTR && (n->op == BIN_ADD || n->op == BIN_SUB) && rt->kind != TY_PTR
		? sema_ptr_scale(m->value) : 0;
	lhs->type = m->value ? m->value : rt;
	return &type_void;
}

static struct type *check_binary(struct sema *S, struct node *n)
{
	struct type *a = sema_expr(S, n->lhs);
	struct type *b = sema_expr(S, n->rhs);

	if (a->kind == TY_NONE || b->kind == TY_NONE)
		return &type_none;
	if (a->kind == TY_BUF && b->kind == TY_BUF && (n->op == BIN_EQ || n->op == BIN_NE))
		return &type_bool;  /* same length, same bytes */
	if (a->kind == TY_USERNAME && b->kind == TY_USERNAME && (n->op == BIN_EQ || n->op == BIN_NE))
		return &type_bool;  /* the same uid */
	if (a->kind == TY_TUPLE && b->kind == TY_TUPLE && (n->op == BIN_EQ || n->op == BIN_NE)) {
		/* element by element, as bpftrace: both as the type that holds either */
		if (type_tuple_merge(a, b))
			return &type_bool;
		if (type_is_record_tuple(a) || type_is_record_tuple(b))
			sema_err(S, &n->loc, "'%s' compares records with the same fields, not %s and %s",
				 binop_str(n->op), type_str_name(a), type_str_name(b));
		else
			sema_err(S, &n->loc, "'%s' compares tuples of the same shape, not %s and %s", binop_str(n->op),
				 type_str_name(a), type_str_name(b));
		return &type_none;
	}
	if (a->kind == TY_ARRAY && b->kind == TY_ARRAY && (n->op == BIN_EQ || n->op == BIN_NE)) {
		/* element by element, as bpftrace compares arrays of integers */
		if (type_equal(a, b) && a->elem && a->elem->kind == TY_INT && a->size)
			return &type_bool;
		sema_err(S, &n->loc, "'%s' compares arrays of the same integer type, not %s and %s", binop_str(n->op),
			 type_str_name(a), type_str_name(b));
		return &type_none;
	}
	if (sema_is_str(a) || sema_is_str(b)) {
		if ((n->op == BIN_EQ || n->op == BIN_NE) && sema_is_str(a) && sema_is_str(b))
			return &type_bool;
		sema_err(S, &n->loc, "'%s' cannot be applied to %s and %s", binop_str(n->op), type_str_name(a),
		    type_str_name(b));
		return &type_none;
	}
	if (!sema_is_scalar(a) || !sema_is_scalar(b)) {
		sema_err(S, &n->loc, "'%s' needs integers, not %s and %s", binop_str(n->op), type_str_name(a),
		    type_str_name(b));
		return &type_none;
	}
	switch (n->op) {
	case BIN_EQ: case BIN_NE: case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE:
	case BIN_LAND: case BIN_LOR:
		return &type_bool;  /* printed as true/false, as bpftrace prints them */
	case BIN_ADD: case BIN_SUB:
		if (a->kind == TY_PTR || b->kind == TY_PTR)
			return sema_pointer_arith(S, n, a, b);
		return arith_type(a, b);
	case BIN_DIV: case BIN_MOD: {
		int64_t v;
		if (sema_const_int(n->rhs, &v) && v == 0)
			sema_err(S, &n->rhs->loc, "division by zero");
		/*
		 * As bpftrace: a divisor that is 0 at run time gives 1 and a
		 * warning (BPF itself would give 0, or the dividend for %).
		 */
		else if (!sema_const_int(n->rhs, &v))
			n->index = 1 + sema_add_fmt(S, EV_WARNF, "Divide or modulo by 0 detected. This can lead to "
						    "unexpected results. 1 is being used as the result.", NULL, &n->loc);
		return arith_type(a, b);
	}
	default:
		return arith_type(a, b);
	}
}

static struct type *check_expr_inner(struct sema *S, struct node *n)
{
	switch (n->kind) {
	case N_INT:
		if (n->type_name && !strcmp(n->type_name, "bool"))
			return &type_bool;   /* true and false, rewritten below */
		if (n->type_name && !strcmp(n->type_name, "enum") && n->name) {
			/* an enumerator of the script, rewritten below: its enum's type again */
			int64_t v;
			struct type *et = NULL;
			if (cdefs_constant(n->name, &v, &et) && et)
				return et;
		}
		return type_literal(n->ival, false);
	case N_STRING:
		return sema_whole_str_type(S, n->str_len);
	case N_BUILTIN:
		return sema_check_builtin(S, n);
	case N_VAR: {
		int id;
		struct var *v = sema_find_var(S, n->name, &id);
		if (!v) {
			sema_err(S, &n->loc, "undefined variable '$%s'", n->name);
			return &type_none;
		}
		if (!v->type) {
			sema_err(S, &n->loc, "$%s is read before any value is assigned to it", n->name);
			return &type_none;
		}
		n->var_id = id;
		return v->type;
	}
	case N_MAP: {
		struct sema_map *m = sema_map_ref(S, n);
		if (m->agg_known && m->agg != AGG_NONE) {
			/* count, sum, min, max and avg read as their value, combined over the CPUs */
			switch (m->agg) {
			case AGG_COUNT:
				return &type_u64;
			case AGG_SUM: case AGG_MIN: case AGG_MAX: case AGG_AVG:
				return m->value && m->value->kind == TY_INT && !m->value->is_signed ? &type_u64
												      : &type_s64;
			default:
				break;
			}
			sema_err(S, &n->loc, "@%s holds %s(): its value can only be printed", n->name, agg_name(m->agg));
			return &type_none;
		}
		/* its int64 guess (sema_prog.c) stays, so that no error follows from this one */
		if (!m->agg_known && S->report)
			sema_err(S, &n->loc, "@%s is read but never assigned", n->name);
		if (!m->value) {
			m->read_unknown = true;
			return &type_none;
		}
		return m->value;
	}
	case N_CALL:
		return sema_call(S, n);
	case N_BINARY:
		return check_binary(S, n);
	case N_UNARY: {
		if (n->uop == UN_ADDR)
			return sema_check_addr(S, n);
		struct type *t = sema_expr(S, n->operand);
		if (t->kind == TY_NONE)
			return t;
		if (n->uop == UN_DEREF)
			return sema_check_deref(S, n, t);
		if (!sema_is_scalar(t)) {
			sema_err(S, &n->loc, "'%s' needs an integer, not %s", unop_str(n->uop), type_str_name(t));
			return &type_none;
		}
		if (n->uop == UN_NOT)
			return &type_bool;
		if (n->uop == UN_NEG && n->operand->kind == N_INT && t->is_literal)
			return type_literal(n->operand->ival, true);   /* -1 is an int8 literal */
		/* as bpftrace: a negation is signed, so min(-arg0) of 1..100 is -100 */
		if (n->uop == UN_NEG)
			return &type_s64;
		return arith_type(t, &type_s64);
	}
	case N_TERNARY: {
		struct type *c = sema_expr(S, n->cond);
		struct type *a = sema_expr(S, n->then);
		struct type *b = sema_expr(S, n->els);
		if (c->kind == TY_NONE || a->kind == TY_NONE || b->kind == TY_NONE)
			return &type_none;
		if (!sema_is_scalar(c)) {
			sema_err(S, &n->cond->loc, "a condition must be an integer, not %s", type_str_name(c));
			return &type_none;
		}
		if (a->kind == TY_PTR || b->kind == TY_PTR) {
			/* pointers keep their type, as in C; a literal 0 is a null pointer of the other's type */
			int64_t z;
			if (a->kind == TY_PTR && b->kind == TY_PTR && type_equal(a->elem, b->elem))
				return a->is_user == b->is_user || a->is_user ? a : b;
			if (a->kind == TY_PTR && b->kind != TY_PTR && sema_const_int(n->els, &z) && z == 0)
				return a;
			if (b->kind == TY_PTR && a->kind != TY_PTR && sema_const_int(n->then, &z) && z == 0)
				return b;
		}
		if (a->kind == TY_BOOL && b->kind == TY_BOOL)
			return &type_bool;
		if (sema_is_scalar(a) && sema_is_scalar(b))
			return arith_type(a, b);
		if (sema_is_str(a) && sema_is_str(b))
			return type_str(a->size > b->size ? a->size : b->size);
		if (a->kind == TY_BUF && b->kind == TY_BUF)
			return a->size >= b->size ? a : b;
		if (a->kind == TY_VOID && b->kind == TY_VOID)
			return &type_void; /* cond ? printf(...) : exit(): a choice of statements */
		if (a->kind == TY_TUPLE && b->kind == TY_TUPLE && sema_storable(a) && sema_storable(b)) {
			struct type *m = type_tuple_merge(a, b);
			if (m)
				return m;
		}
		if (sema_storable(a) && type_equal(a, b))
			return a;
		sema_err(S, &n->loc, "the branches of '?:' have different types: %s and %s", type_str_name(a),
		    type_str_name(b));
		return &type_none;
	}
	case N_ASSIGN:
		return check_assign(S, n);
	case N_INCDEC: {
		struct node *o = n->operand;
		if (!is_lvalue(o)) {
			sema_err(S, &n->loc, "'%s' needs a variable or a map", n->is_inc ? "++" : "--");
			return &type_none;
		}
		if (o->kind == N_VAR) {
			struct type *t = sema_expr(S, o);
			if (t->kind != TY_NONE && !sema_is_scalar(t))
				sema_err(S, &n->loc, "'%s' needs an integer; $%s is %s", n->is_inc ? "++" : "--", o->name,
				    type_str_name(t));
			int id;
			struct var *v = sema_find_var(S, o->name, &id);
			if (v)
				sema_note_var_assign(S, id, NULL);
			if (v && t->is_literal && !v->typed)
				v->type = o->type = &type_s64;   /* $i = 0; $i++ counts in 64 bits, not a uint8 */
			/* a pointer steps by its pointee's size */
			n->aux = t->kind == TY_PTR ? sema_ptr_scale(t) : 1;
			return t->kind == TY_NONE || t->kind == TY_PTR ? t : &type_s64;
		}
		struct sema_map *m = sema_map_ref(S, o);
		sema_set_map_agg(S, o, m, AGG_NONE, &type_s64, &n->loc);
		m = &S->maps.data[o->map_id];
		o->type = m->value ? m->value : &type_s64;
		n->aux = o->type->kind == TY_PTR ? sema_ptr_scale(o->type) : 1;
		if (m->value && !sema_is_scalar(m->value))
			sema_err(S, &n->loc, "'%s' needs an integer map; @%s holds %s", n->is_inc ? "++" : "--", o->name,
			    type_str_name(m->value));
		return o->type;
	}
	case N_CAST:
		return sema_check_cast(S, n);
	case N_INDEX:
		return sema_check_index(S, n);
	case N_SIZEOF:
	case N_OFFSETOF:
		return sema_check_sizeof(S, n);
	case N_FIELD:
		return sema_check_field(S, n);
	case N_TUPLE:
		return sema_check_tuple(S, n);
	case N_BLOCK_EXPR: {
		/* a block: its let variables end with it, after the value */
		S->scope++;
		sema_stmts(S, n->body);
		struct type *t = sema_expr(S, n->operand);
		sema_close_scope(S);
		return t;
	}
	case N_IDENT: {
		int64_t v;
		struct type *et = NULL;
		if (!strcmp(n->name, "true") || !strcmp(n->name, "false")) {
			n->kind = N_INT;
			n->ival = n->name[0] == 't';
			n->type_name = "bool";
			return &type_bool;
		}
		if (cdefs_constant(n->name, &v, &et)) {
			/*
			 * the script's own enumerators and #defines come before the
			 * kernel's; literals from here on, an enumerator keeping its
			 * enum's type (see N_INT), so that it prints by name
			 */
			n->kind = N_INT;
			n->ival = (uint64_t)v;
			if (et && et->nenumerators) {
				n->type_name = "enum";
				return et;
			}
			return &type_s64;
		}
		const struct sema_macro *m = sema_macro(S, n->name);
		if (m && m->str) {
			n->kind = N_STRING;
			n->str = m->str;
			n->str_len = strlen(m->str);
			return type_str(n->str_len + 1);
		}
		if (m) {
			n->kind = N_INT;
			n->ival = (uint64_t)m->value;
			return &type_s64;
		}
		if (btf_load() == 0 && btf_enum_value(n->name, &v, &et)) {
			/* an enumerator is a literal from here on: typed as the next passes will type it */
			n->kind = N_INT;
			n->ival = (uint64_t)v;
			return n->ival > INT64_MAX ? &type_u64 : &type_s64;
		}
		/* file and line: where the expression is in the script (a macro's: its outermost use, macro.c) */
		if (!strcmp(n->name, "file")) {
			n->kind = N_STRING;
			n->str = diag_filename();
			n->str_len = strlen(n->str);
			return sema_whole_str_type(S, n->str_len);
		}
		if (!strcmp(n->name, "line")) {
			n->kind = N_INT;
			n->ival = n->loc.line;
			return type_literal(n->ival, false);
		}
		/* as bpftrace: a function is called without parentheses too (default_str_length) */
		enum func f = func_lookup(n->name);
		if (f != F_UNKNOWN) {
			n->kind = N_CALL;
			n->func = f;
			return sema_expr(S, n);
		}
		sema_err(S, &n->loc, "unknown identifier '%s'", n->name);
		return &type_none;
	}
	default:
		sema_err(S, &n->loc, "this expression is not supported by sonde yet");
		return &type_none;
	}
}

struct type *sema_expr(struct sema *S, struct node *n)
{
	struct type *t = check_expr_inner(S, n);
	n->type = t;
	return t;
}

