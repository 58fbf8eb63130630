/*
 * sema.c: the type checker.
 *
 * Maps are global and may be read before the statement that decides their
 * type (a map printed in `end` but filled in a tracepoint), so the checker
 * walks the whole program until map types settle, silently, and then once
 * more reporting errors. Scratch variables belong to their probe.
 */
#include "sema.h"
#include "output.h"
#include "probe.h"
#include "runtime.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 8

struct sema_map {
	const char *name;
	struct loc loc;
	int nkeys;                 /* -1 until a use decides */
	struct type *keys[MAX_KEYS];
	enum agg_kind agg;
	struct type *value;        /* NULL until an assignment decides */
	int hist_bits;
	int64_t lmin, lmax, lstep;
	bool agg_known;
};

struct sema {
	struct sonde_prog *prog;
	VEC(struct sema_map) maps;
	VEC(struct fmt_desc) fmts;
	VEC(const char *) strings;
	struct probe_sema *probe;  /* the probe being checked */
	VEC(struct var) vars;
	bool report;               /* the final pass: report errors */
	bool changed;              /* a map's type changed during this pass */
	int errors;
};

static struct type *check_expr(struct sema *S, struct node *n);
static void check_stmts(struct sema *S, struct node *n);

static void err(struct sema *S, const struct loc *loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(struct sema *S, const struct loc *loc, const char *fmt, ...)
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

static bool is_scalar(const struct type *t)
{
	return t && (t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_PTR);
}

static bool is_str(const struct type *t)
{
	return t && t->kind == TY_STR;
}

/* Levenshtein distance, for "did you mean" suggestions. */
static int edit_distance(const char *a, const char *b)
{
	int la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 100;
	int d[65][65];
	for (int i = 0; i <= la; i++)
		d[i][0] = i;
	for (int j = 0; j <= lb; j++)
		d[0][j] = j;
	for (int i = 1; i <= la; i++)
		for (int j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
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
static struct type *int_type_by_name(const char *name)
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

/* ---- variables ---- */

static struct var *find_var(struct sema *S, const char *name, int *id)
{
	for (size_t i = 0; i < S->vars.len; i++)
		if (!strcmp(S->vars.data[i].name, name)) {
			*id = i;
			return &S->vars.data[i];
		}
	return NULL;
}

/* The type a value is kept in when stored (variables, map values, keys): ints widen to 64 bits. */
static struct type *storage_type(struct type *t)
{
	if (t->kind == TY_INT || t->kind == TY_BOOL)
		return type_int(8, t->kind == TY_INT && t->is_signed);
	if (t->kind == TY_PTR)
		return &type_u64;
	return t;
}

/*
 * Whether a value of type `from` can be stored where `*to` lives; widens
 * *to (string sizes) when needed. Returns false on a kind mismatch.
 */
static bool unify(struct type **to, struct type *from, bool *changed)
{
	struct type *s = storage_type(from);
	if (!*to) {
		*to = s;
		*changed = true;
		return true;
	}
	if (is_scalar(*to) && is_scalar(s))
		return true;
	if ((*to)->kind == TY_STR && s->kind == TY_STR) {
		if (s->size > (*to)->size) {
			*to = type_str(s->size);
			*changed = true;
		}
		return true;
	}
	return type_equal(*to, s);
}

/* ---- maps ---- */

static struct sema_map *get_map(struct sema *S, struct node *n)
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

static const char *map_display(const struct node *n)
{
	return arena_printf("@%s", n->name);
}

/* Checks and records the keys of a map reference @m[k1, k2]. */
static struct sema_map *check_map_ref(struct sema *S, struct node *n)
{
	struct sema_map *m = get_map(S, n);
	int id = n->map_id;
	int nkeys = 0;

	for (struct node *k = n->args; k; k = k->next) {
		struct type *t = check_expr(S, k);
		m = &S->maps.data[id];
		if (nkeys >= MAX_KEYS) {
			err(S, &k->loc, "a map key has at most %d parts", MAX_KEYS);
			return m;
		}
		if (!is_scalar(t) && !is_str(t)) {
			if (t->kind != TY_NONE)
				err(S, &k->loc, "a map key must be an integer or a string, not %s", type_str_name(t));
			nkeys++;
			continue;
		}
		if (m->nkeys >= 0 && nkeys < m->nkeys && m->keys[nkeys]) {
			if (!unify(&m->keys[nkeys], t, &S->changed))
				err(S, &k->loc, "%s key %d is %s here but %s elsewhere", map_display(n), nkeys + 1,
				    type_str_name(t), type_str_name(m->keys[nkeys]));
		} else if (m->nkeys < 0 || nkeys < m->nkeys) {
			m->keys[nkeys] = storage_type(t);
			S->changed = true;
		}
		nkeys++;
	}
	if (m->nkeys < 0) {
		m->nkeys = nkeys;
		S->changed = true;
	} else if (m->nkeys != nkeys) {
		if (m->nkeys == 0)
			err(S, &n->loc, "%s is used without keys elsewhere; it cannot take %d here", map_display(n),
			    nkeys);
		else if (nkeys == 0)
			err(S, &n->loc, "%s needs %d key%s, as elsewhere in the script", map_display(n), m->nkeys,
			    m->nkeys == 1 ? "" : "s");
		else
			err(S, &n->loc, "%s has %d key%s here but %d elsewhere", map_display(n), nkeys,
			    nkeys == 1 ? "" : "s", m->nkeys);
	}
	return m;
}

/* Records that map m holds agg (with the aggregated values' type arg). */
static void set_map_agg(struct sema *S, struct node *mapn, struct sema_map *m, enum agg_kind agg,
			struct type *value, const struct loc *loc)
{
	if (!m->agg_known) {
		m->agg_known = true;
		m->agg = agg;
		m->value = value ? storage_type(value) : NULL;
		S->changed = true;
		return;
	}
	if (m->agg != agg) {
		err(S, loc, "%s is %s here but %s elsewhere", map_display(mapn),
		    agg == AGG_NONE ? "assigned a value" : arena_printf("%s()", agg_name(agg)),
		    m->agg == AGG_NONE ? "assigned a value" : arena_printf("%s()", agg_name(m->agg)));
		return;
	}
	if (value && !unify(&m->value, value, &S->changed))
		err(S, loc, "%s holds %s elsewhere; cannot store %s", map_display(mapn), type_str_name(m->value),
		    type_str_name(value));
}

/* ---- formats ---- */

static int add_string(struct sema *S, const char *s)
{
	for (size_t i = 0; i < S->strings.len; i++)
		if (!strcmp(S->strings.data[i], s))
			return i;
	vec_push(&S->strings, s);
	return S->strings.len - 1;
}

/* Lays out the payload of a printf-like event: each argument 8-byte aligned, ints as 64 bits. */
static int add_fmt(struct sema *S, enum event_kind kind, const char *fmt, struct node *args, const struct loc *loc)
{
	struct fmt_desc fd = { .id = S->fmts.len, .kind = kind, .fmt = fmt, .loc = *loc };
	int n = 0;
	for (struct node *a = args; a; a = a->next)
		n++;
	fd.args = arena_alloc(sizeof(*fd.args) * (n ? n : 1));
	uint32_t off = 0;
	for (struct node *a = args; a; a = a->next) {
		struct type *t = a->type ? storage_type(a->type) : &type_u64;
		fd.args[fd.nargs].type = t;
		fd.args[fd.nargs].offset = off;
		fd.nargs++;
		off += ALIGN_UP(t->size ? t->size : 8, 8);
	}
	fd.size = off;
	/* The same call site is checked on every pass: reuse its id. */
	vec_push(&S->fmts, fd);
	return fd.id;
}

static void check_printf(struct sema *S, struct node *n)
{
	struct node *f = n->args;
	if (!f || f->kind != N_STRING) {
		err(S, f ? &f->loc : &n->loc, "%s() needs a format string literal first", func_name(n->func));
		for (struct node *a = f; a; a = a->next)
			check_expr(S, a);
		return;
	}
	f->type = type_str(f->str_len + 1);
	struct printf_conv convs[64];
	int off = 0;
	const char *why = NULL;
	int nconv = printf_parse(f->str, convs, ARRAY_SIZE(convs), &off, &why);
	if (nconv < 0) {
		struct loc l = f->loc;
		/* Point into the literal when it sits on one line. */
		if (f->loc.len == f->str_len + 2) {
			l.col += 1 + off;
			l.off += 1 + off;
			l.len = 1;
		}
		err(S, &l, "invalid format string: %s", why ? why : "bad conversion");
		return;
	}
	int nargs = 0;
	for (struct node *a = f->next; a; a = a->next) {
		struct type *t = check_expr(S, a);
		if (nargs < nconv) {
			const struct printf_conv *c = &convs[nargs];
			bool ok = true;
			switch (c->cls) {
			case CONV_INT:
			case CONV_CHAR:
			case CONV_PTR:
				ok = is_scalar(t);
				break;
			case CONV_STR:
				ok = t->kind != TY_VOID && t->kind != TY_AGG;
				break;
			case CONV_BUF:
				ok = t->kind == TY_BUF || t->kind == TY_STR;
				break;
			}
			if (!ok && t->kind != TY_NONE)
				err(S, &a->loc, "%%%c expects %s, but argument %d is %s", c->conv,
				    c->cls == CONV_STR ? "a value" : c->cls == CONV_BUF ? "a buffer" : "an integer",
				    nargs + 1, type_str_name(t));
		}
		nargs++;
	}
	if (nargs != nconv)
		err(S, &n->loc, "the format has %d conversion%s but %d argument%s follow%s", nconv,
		    nconv == 1 ? "" : "s", nargs, nargs == 1 ? "" : "s", nargs == 1 ? "s" : "");
	if (nconv > 0 && nargs == nconv) {
		for (struct node *a = f->next; a; a = a->next)
			if (a->type && a->type->kind == TY_PTR)
				a->type = &type_u64;
	}
	n->aux = add_fmt(S, n->func == F_ERRORF ? EV_ERRORF : EV_PRINTF, f->str, f->next, &n->loc);
}

/* ---- calls ---- */

static int count_args(const struct node *n)
{
	int c = 0;
	for (const struct node *a = n->args; a; a = a->next)
		c++;
	return c;
}

static bool want_args(struct sema *S, struct node *n, int min, int max)
{
	int c = count_args(n);
	if (c >= min && c <= max)
		return true;
	if (min == max)
		err(S, &n->loc, "%s() takes %d argument%s, not %d", func_name(n->func), min, min == 1 ? "" : "s", c);
	else
		err(S, &n->loc, "%s() takes %d to %d arguments, not %d", func_name(n->func), min, max, c);
	return false;
}

static bool is_agg_func(enum func f)
{
	switch (f) {
	case F_COUNT: case F_SUM: case F_AVG: case F_MIN: case F_MAX: case F_STATS: case F_HIST: case F_LHIST:
		return true;
	default:
		return false;
	}
}

static enum agg_kind func_agg(enum func f)
{
	switch (f) {
	case F_COUNT: return AGG_COUNT;
	case F_SUM: return AGG_SUM;
	case F_AVG: return AGG_AVG;
	case F_MIN: return AGG_MIN;
	case F_MAX: return AGG_MAX;
	case F_STATS: return AGG_STATS;
	case F_HIST: return AGG_HIST;
	case F_LHIST: return AGG_LHIST;
	default: return AGG_NONE;
	}
}

/* A compile-time integer: a literal, possibly negated. */
static bool const_int(const struct node *n, int64_t *v)
{
	if (n->kind == N_INT) {
		*v = (int64_t)n->ival;
		return true;
	}
	if (n->kind == N_UNARY && n->uop == UN_NEG && n->operand->kind == N_INT) {
		*v = -(int64_t)n->operand->ival;
		return true;
	}
	return false;
}

/* @m = count(), sum(x), hist(x, k), lhist(x, min, max, step), ... */
static void check_agg_assign(struct sema *S, struct node *mapn, struct node *call)
{
	enum agg_kind agg = func_agg(call->func);
	struct sema_map *m = check_map_ref(S, mapn);
	int id = mapn->map_id;
	struct type *arg = NULL;

	call->type = &type_void;
	switch (call->func) {
	case F_COUNT:
		want_args(S, call, 0, 0);
		break;
	case F_HIST:
		if (!want_args(S, call, 1, 2))
			return;
		break;
	case F_LHIST:
		if (!want_args(S, call, 4, 4))
			return;
		break;
	default:
		if (!want_args(S, call, 1, 1))
			return;
		break;
	}
	if (call->args) {
		arg = check_expr(S, call->args);
		if (!is_scalar(arg) && arg->kind != TY_NONE) {
			err(S, &call->args->loc, "%s() takes an integer, not %s", func_name(call->func),
			    type_str_name(arg));
			return;
		}
	}
	m = &S->maps.data[id];
	if (call->func == F_HIST && call->args->next) {
		int64_t k;
		struct node *kn = call->args->next;
		if (!const_int(kn, &k) || k < 0 || k > 5) {
			err(S, &kn->loc, "hist() precision must be an integer literal from 0 to 5");
			return;
		}
		kn->type = &type_s64;
		if (m->agg_known && m->agg == AGG_HIST && m->hist_bits != k)
			err(S, &kn->loc, "@%s uses hist() with precision %d elsewhere", mapn->name, m->hist_bits);
		m->hist_bits = k;
	}
	if (call->func == F_LHIST) {
		int64_t v[3];
		struct node *a = call->args->next;
		for (int i = 0; i < 3; i++, a = a->next) {
			if (!const_int(a, &v[i])) {
				err(S, &a->loc, "lhist() bounds and step must be integer literals");
				return;
			}
			a->type = &type_s64;
		}
		if (v[2] <= 0) {
			err(S, &call->args->next->next->next->loc, "lhist() step must be positive");
			return;
		}
		if (v[0] >= v[1]) {
			err(S, &call->args->next->loc, "lhist() min must be less than max");
			return;
		}
		if ((v[1] - v[0]) / v[2] > 10000) {
			err(S, &call->loc, "lhist() would have more than 10000 buckets: raise the step");
			return;
		}
		if (m->agg_known && m->agg == AGG_LHIST &&
		    (m->lmin != v[0] || m->lmax != v[1] || m->lstep != v[2]))
			err(S, &call->loc, "@%s uses lhist() with other bounds elsewhere", mapn->name);
		m->lmin = v[0];
		m->lmax = v[1];
		m->lstep = v[2];
	}
	set_map_agg(S, mapn, m, agg, arg ? arg : &type_u64, &call->loc);
}

static void check_map_arg(struct sema *S, struct node *n, struct node *a, bool keyed_ok)
{
	if (!a || a->kind != N_MAP) {
		err(S, a ? &a->loc : &n->loc, "%s() takes a map like @name", func_name(n->func));
		if (a)
			check_expr(S, a);
		return;
	}
	if (a->args && !keyed_ok) {
		err(S, &a->loc, "%s() takes a whole map, without keys", func_name(n->func));
		return;
	}
	get_map(S, a);
	a->type = &type_void;
}

static struct type *check_call(struct sema *S, struct node *n)
{
	uint32_t max_strlen = S->prog->config.max_strlen;

	if (is_agg_func(n->func)) {
		err(S, &n->loc, "%s() is an aggregation: assign it to a map, as in @x = %s(...)", func_name(n->func),
		    func_name(n->func));
		return &type_none;
	}
	switch (n->func) {
	case F_PRINTF:
		check_printf(S, n);
		return &type_void;
	case F_TIME: {
		if (!want_args(S, n, 0, 1))
			return &type_void;
		const char *fmt = "%H:%M:%S\n";
		if (n->args) {
			if (n->args->kind != N_STRING) {
				err(S, &n->args->loc, "time() takes a format string literal");
				return &type_void;
			}
			n->args->type = type_str(n->args->str_len + 1);
			fmt = n->args->str;
		}
		n->aux = add_string(S, fmt);
		return &type_void;
	}
	case F_EXIT: {
		if (!want_args(S, n, 0, 1))
			return &type_void;
		if (n->args) {
			int64_t code;
			if (!const_int(n->args, &code) || code < 0 || code > 255) {
				err(S, &n->args->loc, "exit() takes an exit status from 0 to 255");
				return &type_void;
			}
			n->args->type = &type_s64;
			n->aux = code;
		}
		return &type_void;
	}
	case F_STR: {
		if (!want_args(S, n, 1, 2))
			return &type_none;
		struct type *t = check_expr(S, n->args);
		if (!is_scalar(t) && !is_str(t) && t->kind != TY_NONE) {
			err(S, &n->args->loc, "str() takes a pointer or a string, not %s", type_str_name(t));
			return &type_none;
		}
		uint32_t size = max_strlen;
		if (n->args->next) {
			int64_t len;
			struct type *lt = check_expr(S, n->args->next);
			if (!is_scalar(lt) && lt->kind != TY_NONE)
				err(S, &n->args->next->loc, "str() length must be an integer");
			if (const_int(n->args->next, &len)) {
				if (len <= 0)
					err(S, &n->args->next->loc, "str() length must be positive");
				else if (len < (int64_t)size)
					size = len + 1;
			}
		}
		if (is_str(t) && t->size < size)
			size = t->size;
		return type_str(size);
	}
	case F_PRINT: {
		if (!want_args(S, n, 1, 3))
			return &type_void;
		struct node *a = n->args;
		if (a->kind == N_MAP && !a->args) {
			get_map(S, a);
			a->type = &type_void;
			for (struct node *x = a->next; x; x = x->next) {
				struct type *t = check_expr(S, x);
				if (!is_scalar(t) && t->kind != TY_NONE)
					err(S, &x->loc, "print() top and div must be integers");
			}
			n->aux = -1;
			return &type_void;
		}
		if (a->next) {
			err(S, &a->next->loc, "print() of a value takes one argument");
			return &type_void;
		}
		struct type *t = check_expr(S, a);
		if (t->kind == TY_VOID || t->kind == TY_AGG) {
			err(S, &a->loc, "print() cannot print %s", type_str_name(t));
			return &type_void;
		}
		n->aux = add_fmt(S, EV_PRINT_VALUE, NULL, a, &n->loc);
		return &type_void;
	}
	case F_DELETE: {
		if (!n->args) {
			want_args(S, n, 1, 2);
			return &type_void;
		}
		struct node *a = n->args;
		if (a->kind != N_MAP) {
			err(S, &a->loc, "delete() takes a map element like @m[key]");
			return &type_void;
		}
		if (a->next) {
			/* delete(@m, key): the newer spelling */
			if (a->args || a->next->next) {
				err(S, &a->next->loc, "delete() takes @m[key] or @m, key");
				return &type_void;
			}
			a->args = a->next;
			a->next = NULL;
		}
		check_map_ref(S, a);
		a->type = &type_void;
		return &type_void;
	}
	case F_CLEAR:
	case F_ZERO:
		if (want_args(S, n, 1, 1))
			check_map_arg(S, n, n->args, false);
		return &type_void;
	case F_UNKNOWN: {
		static const char *const known[] = { "printf", "print", "time", "exit", "str", "count", "sum",
			"avg", "min", "max", "stats", "hist", "lhist", "delete", "clear", "zero" };
		const char *best = NULL;
		int bd = 3;
		for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
			int d = edit_distance(n->name, known[i]);
			if (d < bd) {
				bd = d;
				best = known[i];
			}
		}
		if (best)
			err(S, &n->loc, "unknown function '%s'; did you mean '%s'?", n->name, best);
		else
			err(S, &n->loc, "unknown function '%s'", n->name);
		return &type_none;
	}
	default:
		err(S, &n->loc, "%s() is not supported by sonde yet", func_name(n->func));
		for (struct node *a = n->args; a; a = a->next)
			check_expr(S, a);
		return &type_none;
	}
}

/* ---- builtins and fields ---- */

static struct type *check_builtin(struct sema *S, struct node *n)
{
	const struct probe_info *pi = probe_info(S->probe->kind);

	switch (n->builtin) {
	case BI_PID: case BI_TID: case BI_UID: case BI_GID: case BI_CPU: case BI_NUMAID: case BI_RAND:
		return &type_u32;
	case BI_NSECS: case BI_ELAPSED: case BI_NCPUS: case BI_CGROUP: case BI_JIFFIES:
		return &type_u64;
	case BI_COMM:
		return type_str(16);
	case BI_CPID:
		if (!S->prog->cpid) {
			err(S, &n->loc, "cpid needs a command to trace: run sonde with -c CMD");
			return &type_none;
		}
		return &type_u32;
	case BI_PROBE: {
		uint32_t len = 0;
		for (int i = 0; i < S->probe->naps; i++)
			if (strlen(S->probe->aps[i].name) + 1 > len)
				len = strlen(S->probe->aps[i].name) + 1;
		S->probe->uses_probe = true;
		return type_str(len ? len : 1);
	}
	case BI_ARGS:
		if (!pi->has_args) {
			err(S, &n->loc, "args is not available in %s probes", pi->name);
			return &type_none;
		}
		if (S->probe->kind != PROBE_TRACEPOINT) {
			err(S, &n->loc, "args in %s probes is not supported by sonde yet", pi->name);
			return &type_none;
		}
		return S->probe->args[0] ? S->probe->args[0] : &type_none;
	case BI_ARG:
		if (!pi->has_argn) {
			err(S, &n->loc, "arg%d is not available in %s probes%s", n->index, pi->name,
			    pi->has_args ? "; use args.NAME" : "");
			return &type_none;
		}
		return &type_u64;
	case BI_RETVAL:
		if (!pi->has_retval) {
			err(S, &n->loc, "retval is only available in return probes (kretprobe, uretprobe, fexit)");
			return &type_none;
		}
		return &type_u64;
	default:
		err(S, &n->loc, "the builtin '%s' is not supported by sonde yet", builtin_name(n->builtin));
		return &type_none;
	}
}

static const struct field *find_field(const struct type *rec, const char *name)
{
	for (int i = 0; i < rec->nfields; i++)
		if (rec->fields[i].name && !strcmp(rec->fields[i].name, name))
			return &rec->fields[i];
	return NULL;
}

static struct type *check_field(struct sema *S, struct node *n)
{
	struct type *base = check_expr(S, n->operand);
	if (base->kind == TY_NONE)
		return &type_none;
	if (n->operand->kind != N_BUILTIN || n->operand->builtin != BI_ARGS || base->kind != TY_RECORD) {
		err(S, &n->loc, "field access on %s is not supported by sonde yet", type_str_name(base));
		return &type_none;
	}
	S->probe->uses_args = true;
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
				err(S, &n->loc, "%s has no field '%s'; did you mean '%s'?", S->probe->aps[i].name,
				    n->name, best);
			else
				err(S, &n->loc, "%s has no field '%s'", S->probe->aps[i].name, n->name);
			return &type_none;
		}
		struct type *t = f->type;
		if (t->kind == TY_STR && f->data_loc)
			t = type_str(S->prog->config.max_strlen);
		if (t->kind != TY_INT && t->kind != TY_STR && t->kind != TY_PTR) {
			err(S, &n->loc, "field '%s' has type %s, which sonde cannot read yet", n->name,
			    type_str_name(t));
			return &type_none;
		}
		if (result && !type_equal(storage_type(result), storage_type(t)) &&
		    !(is_str(result) && is_str(t))) {
			err(S, &n->loc, "field '%s' has different types in the probes of this block", n->name);
			return &type_none;
		}
		if (!result || (is_str(t) && t->size > result->size))
			result = t;
	}
	return result ? result : &type_none;
}

/* ---- expressions ---- */

static bool is_lvalue(const struct node *n)
{
	return n->kind == N_VAR || n->kind == N_MAP;
}

static struct type *check_assign(struct sema *S, struct node *n)
{
	struct node *lhs = n->lhs, *rhs = n->rhs;

	if (!is_lvalue(lhs)) {
		err(S, &lhs->loc, "cannot assign to this expression");
		check_expr(S, rhs);
		return &type_void;
	}
	if (lhs->kind == N_MAP && n->op == BIN_NONE && rhs->kind == N_CALL && is_agg_func(rhs->func)) {
		check_agg_assign(S, lhs, rhs);
		lhs->type = &type_void;
		return &type_void;
	}
	struct type *rt = check_expr(S, rhs);
	if (rt->kind == TY_NONE)
		return &type_void;
	if (rt->kind == TY_VOID || rt->kind == TY_AGG) {
		err(S, &rhs->loc, "this expression has no value to assign");
		return &type_void;
	}
	if (!is_scalar(rt) && !is_str(rt)) {
		err(S, &rhs->loc, "sonde cannot store %s values yet", type_str_name(rt));
		return &type_void;
	}
	if (n->op != BIN_NONE && !is_scalar(rt)) {
		err(S, &rhs->loc, "'%s=' needs an integer, not %s", binop_str(n->op), type_str_name(rt));
		return &type_void;
	}
	if (lhs->kind == N_VAR) {
		int id;
		struct var *v = find_var(S, lhs->name, &id);
		if (!v) {
			if (n->op != BIN_NONE) {
				err(S, &lhs->loc, "undefined variable '$%s'", lhs->name);
				return &type_void;
			}
			struct var nv = { .name = lhs->name, .type = storage_type(rt), .loc = lhs->loc };
			vec_push(&S->vars, nv);
			id = S->vars.len - 1;
			v = &S->vars.data[id];
		} else {
			bool changed = false;
			if (!unify(&v->type, rt, &changed))
				err(S, &rhs->loc, "$%s holds %s; cannot assign %s", lhs->name, type_str_name(v->type),
				    type_str_name(rt));
			else if (n->op != BIN_NONE && !is_scalar(v->type))
				err(S, &lhs->loc, "'%s=' needs an integer variable; $%s is %s", binop_str(n->op),
				    lhs->name, type_str_name(v->type));
		}
		lhs->var_id = id;
		lhs->type = v->type;
		return &type_void;
	}
	struct sema_map *m = check_map_ref(S, lhs);
	if (m->agg_known && m->agg != AGG_NONE && m->value) {
		err(S, &n->loc, "@%s holds %s(); assign it only with %s()", lhs->name, agg_name(m->agg),
		    agg_name(m->agg));
		return &type_void;
	}
	set_map_agg(S, lhs, m, AGG_NONE, rt, &n->loc);
	m = &S->maps.data[lhs->map_id];
	if (n->op != BIN_NONE && m->value && !is_scalar(m->value))
		err(S, &lhs->loc, "'%s=' needs an integer map; @%s holds %s", binop_str(n->op), lhs->name,
		    type_str_name(m->value));
	lhs->type = m->value ? m->value : rt;
	return &type_void;
}

static struct type *check_binary(struct sema *S, struct node *n)
{
	struct type *a = check_expr(S, n->lhs);
	struct type *b = check_expr(S, n->rhs);

	if (a->kind == TY_NONE || b->kind == TY_NONE)
		return &type_none;
	if (is_str(a) || is_str(b)) {
		if ((n->op == BIN_EQ || n->op == BIN_NE) && is_str(a) && is_str(b))
			return &type_u64;
		err(S, &n->loc, "'%s' cannot be applied to %s and %s", binop_str(n->op), type_str_name(a),
		    type_str_name(b));
		return &type_none;
	}
	if (!is_scalar(a) || !is_scalar(b)) {
		err(S, &n->loc, "'%s' needs integers, not %s and %s", binop_str(n->op), type_str_name(a),
		    type_str_name(b));
		return &type_none;
	}
	switch (n->op) {
	case BIN_EQ: case BIN_NE: case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE:
	case BIN_LAND: case BIN_LOR:
		return &type_u64;
	case BIN_DIV: case BIN_MOD: {
		int64_t v;
		if (const_int(n->rhs, &v) && v == 0)
			err(S, &n->rhs->loc, "division by zero");
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
		return n->ival > INT64_MAX ? &type_u64 : &type_s64;
	case N_STRING:
		return type_str(n->str_len + 1);
	case N_BUILTIN:
		return check_builtin(S, n);
	case N_VAR: {
		int id;
		struct var *v = find_var(S, n->name, &id);
		if (!v) {
			err(S, &n->loc, "undefined variable '$%s'", n->name);
			return &type_none;
		}
		n->var_id = id;
		return v->type;
	}
	case N_MAP: {
		struct sema_map *m = check_map_ref(S, n);
		if (m->agg_known && m->agg != AGG_NONE) {
			err(S, &n->loc, "@%s holds %s(): its value can only be printed", n->name, agg_name(m->agg));
			return &type_none;
		}
		if (!m->value) {
			if (S->report)
				err(S, &n->loc, "@%s is read but never assigned", n->name);
			return &type_none;
		}
		return m->value;
	}
	case N_CALL:
		return check_call(S, n);
	case N_BINARY:
		return check_binary(S, n);
	case N_UNARY: {
		struct type *t = check_expr(S, n->operand);
		if (t->kind == TY_NONE)
			return t;
		if (n->uop == UN_DEREF || n->uop == UN_ADDR) {
			err(S, &n->loc, "'%s' is not supported by sonde yet", unop_str(n->uop));
			return &type_none;
		}
		if (!is_scalar(t)) {
			err(S, &n->loc, "'%s' needs an integer, not %s", unop_str(n->uop), type_str_name(t));
			return &type_none;
		}
		if (n->uop == UN_NOT)
			return &type_u64;
		return arith_type(t, &type_s64);
	}
	case N_TERNARY: {
		struct type *c = check_expr(S, n->cond);
		struct type *a = check_expr(S, n->then);
		struct type *b = check_expr(S, n->els);
		if (c->kind == TY_NONE || a->kind == TY_NONE || b->kind == TY_NONE)
			return &type_none;
		if (!is_scalar(c)) {
			err(S, &n->cond->loc, "a condition must be an integer, not %s", type_str_name(c));
			return &type_none;
		}
		if (is_scalar(a) && is_scalar(b))
			return arith_type(a, b);
		if (is_str(a) && is_str(b))
			return type_str(a->size > b->size ? a->size : b->size);
		err(S, &n->loc, "the branches of '?:' have different types: %s and %s", type_str_name(a),
		    type_str_name(b));
		return &type_none;
	}
	case N_ASSIGN:
		return check_assign(S, n);
	case N_INCDEC: {
		struct node *o = n->operand;
		if (!is_lvalue(o)) {
			err(S, &n->loc, "'%s' needs a variable or a map", n->is_inc ? "++" : "--");
			return &type_none;
		}
		if (o->kind == N_VAR) {
			struct type *t = check_expr(S, o);
			if (t->kind != TY_NONE && !is_scalar(t))
				err(S, &n->loc, "'%s' needs an integer; $%s is %s", n->is_inc ? "++" : "--", o->name,
				    type_str_name(t));
			return t->kind == TY_NONE ? t : &type_s64;
		}
		struct sema_map *m = check_map_ref(S, o);
		set_map_agg(S, o, m, AGG_NONE, &type_s64, &n->loc);
		m = &S->maps.data[o->map_id];
		o->type = m->value ? m->value : &type_s64;
		if (m->value && !is_scalar(m->value))
			err(S, &n->loc, "'%s' needs an integer map; @%s holds %s", n->is_inc ? "++" : "--", o->name,
			    type_str_name(m->value));
		return o->type;
	}
	case N_CAST: {
		struct type *t = check_expr(S, n->operand);
		struct type *to = int_type_by_name(n->type_name);
		if (!to) {
			err(S, &n->loc, "casts to '%s' are not supported by sonde yet", n->type_name);
			return &type_none;
		}
		if (t->kind != TY_NONE && !is_scalar(t)) {
			err(S, &n->loc, "cannot cast %s to %s", type_str_name(t), type_str_name(to));
			return &type_none;
		}
		return to;
	}
	case N_FIELD:
		return check_field(S, n);
	case N_IDENT:
		err(S, &n->loc, "unknown identifier '%s'", n->name);
		return &type_none;
	default:
		err(S, &n->loc, "this expression is not supported by sonde yet");
		return &type_none;
	}
}

static struct type *check_expr(struct sema *S, struct node *n)
{
	struct type *t = check_expr_inner(S, n);
	n->type = t;
	return t;
}

/* ---- statements ---- */

static void check_cond(struct sema *S, struct node *c)
{
	struct type *t = check_expr(S, c);
	if (t->kind != TY_NONE && !is_scalar(t))
		err(S, &c->loc, "a condition must be an integer, not %s", type_str_name(t));
}

static void check_stmts(struct sema *S, struct node *n)
{
	for (; n; n = n->next) {
		switch (n->kind) {
		case N_EXPR_STMT:
			check_expr(S, n->operand);
			break;
		case N_BLOCK:
			check_stmts(S, n->body);
			break;
		case N_IF:
			check_cond(S, n->cond);
			check_stmts(S, n->then);
			check_stmts(S, n->els);
			break;
		case N_RETURN:
			if (n->operand)
				err(S, &n->operand->loc, "return in a probe takes no value");
			break;
		default:
			err(S, &n->loc, "this statement is not supported by sonde yet");
			break;
		}
	}
}

/* ---- probes ---- */

static int expand_probe(struct sema *S, struct ast_probe *p, struct probe_sema *ps)
{
	attach_vec aps = { 0 };
	int bad = 0;

	for (struct ast_attach *a = p->attach; a; a = a->next)
		if (probe_expand(a, &aps) < 0)
			bad++;
	if (bad) {
		vec_free(&aps);
		return -EINVAL;
	}
	ps->ast = p;
	ps->naps = aps.len;
	ps->aps = arena_alloc(sizeof(*ps->aps) * aps.len);
	memcpy(ps->aps, aps.data, sizeof(*ps->aps) * aps.len);
	vec_free(&aps);
	ps->kind = ps->aps[0].kind;
	for (int i = 1; i < ps->naps; i++) {
		if (probe_info(ps->aps[i].kind)->prog_type != probe_info(ps->kind)->prog_type ||
		    (ps->aps[i].kind == PROBE_BEGIN) != (ps->kind == PROBE_BEGIN) ||
		    (ps->aps[i].kind == PROBE_END) != (ps->kind == PROBE_END)) {
			diag_error(&ps->aps[i].loc, "%s cannot share a block with %s probes: write two blocks",
				   ps->aps[i].name, probe_info(ps->kind)->name);
			return -EINVAL;
		}
		if (ps->aps[i].kind != ps->kind && (ps->kind == PROBE_TRACEPOINT || ps->aps[i].kind == PROBE_TRACEPOINT)) {
			diag_error(&ps->aps[i].loc, "%s cannot share a block with %s probes: write two blocks",
				   ps->aps[i].name, probe_info(ps->kind)->name);
			return -EINVAL;
		}
	}
	ps->args = arena_alloc(sizeof(*ps->args) * ps->naps);
	for (int i = 0; i < ps->naps; i++) {
		struct attach_point *ap = &ps->aps[i];
		if (ap->kind != PROBE_TRACEPOINT)
			continue;
		if (!tracefs_dir()) {
			diag_error(&ap->loc, "cannot read tracepoint %s:%s: tracefs is not available", ap->target,
				   ap->func);
			return -EINVAL;
		}
		ps->args[i] = tracefs_tp_format(ap->target, ap->func);
		if (!ps->args[i]) {
			diag_error(&ap->loc, "tracepoint not found: %s:%s", ap->target, ap->func);
			diag_note("sonde -l 'tracepoint:%s:*' lists the tracepoints of that category", ap->target);
			return -EINVAL;
		}
	}
	return 0;
}

static int map_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct sema_map *)a)->name, ((const struct sema_map *)b)->name);
}

/* Lays out one map's key: every part 8-byte aligned, strings padded. */
static struct type *key_type(struct sema_map *m, uint32_t *size)
{
	if (m->nkeys <= 0) {
		*size = 0;
		return NULL;
	}
	if (m->nkeys == 1) {
		*size = ALIGN_UP(m->keys[0] ? m->keys[0]->size : 8, 8);
		return m->keys[0] ? m->keys[0] : &type_u64;
	}
	struct type *t = type_new(TY_TUPLE);
	t->fields = arena_alloc(sizeof(*t->fields) * m->nkeys);
	t->nfields = m->nkeys;
	uint32_t off = 0;
	for (int i = 0; i < m->nkeys; i++) {
		struct type *k = m->keys[i] ? m->keys[i] : &type_u64;
		t->fields[i].type = k;
		t->fields[i].offset = off;
		off += ALIGN_UP(k->size, 8);
	}
	t->size = off;
	t->align = 8;
	*size = off;
	return t;
}

static void build_maps(struct sema *S)
{
	struct sonde_prog *p = S->prog;
	int n = S->maps.len;

	p->nmaps = n + 2;
	p->maps = arena_alloc(sizeof(*p->maps) * p->nmaps);
	(void)map_cmp_name;
	for (int i = 0; i < n; i++) {
		struct sema_map *m = &S->maps.data[i];
		struct map_desc *d = &p->maps[i];
		uint32_t ks;
		d->id = i;
		d->role = MAP_USER;
		d->name = m->name[0] ? arena_printf("@%s", m->name) : "@";
		d->loc = m->loc;
		d->key = key_type(m, &ks);
		d->user_key_size = ks;
		d->key_size = ks ? ks : 8;
		d->agg = m->agg_known ? m->agg : AGG_NONE;
		d->value = m->value ? m->value : &type_s64;
		d->hist_bits = m->hist_bits;
		d->lhist_min = m->lmin;
		d->lhist_max = m->lmax;
		d->lhist_step = m->lstep;
		d->max_entries = m->nkeys > 0 ? p->config.max_map_keys : 1;
		d->bpf_type = BPF_MAP_TYPE_PERCPU_HASH;
		switch (d->agg) {
		case AGG_NONE:
			d->bpf_type = BPF_MAP_TYPE_HASH;
			d->value_size = ALIGN_UP(d->value->size ? d->value->size : 8, 8);
			break;
		case AGG_COUNT:
		case AGG_SUM:
			d->value_size = 8;
			break;
		case AGG_MIN:
		case AGG_MAX:
			d->value_size = sizeof(struct agg_minmax);
			break;
		case AGG_AVG:
		case AGG_STATS:
			d->value_size = sizeof(struct agg_avg);
			break;
		case AGG_HIST:
		case AGG_LHIST:
			d->value_size = 8;
			d->key_size = ks + 8;
			{
				uint32_t nb = d->agg == AGG_HIST ? (64u << d->hist_bits) + 2
					: (uint32_t)((d->lhist_max - d->lhist_min) / d->lhist_step) + 2;
				d->max_entries = (m->nkeys > 0 ? p->config.max_map_keys : 1) * nb;
			}
			break;
		default:
			break;
		}
		/* hist buckets multiply a map's entries: keep them within reason */
		if (d->max_entries > 1u << 22)
			d->max_entries = 1u << 22;
	}
	struct map_desc *rb = &p->maps[n];
	rb->id = n;
	rb->role = MAP_RINGBUF;
	rb->name = "ringbuf";
	rb->bpf_type = BPF_MAP_TYPE_RINGBUF;
	rb->max_entries = p->config.ringbuf_size;
	p->ringbuf_map = n;
	struct map_desc *ct = &p->maps[n + 1];
	ct->id = n + 1;
	ct->role = MAP_COUNTERS;
	ct->name = "counters";
	ct->bpf_type = BPF_MAP_TYPE_PERCPU_ARRAY;
	ct->key_size = 4;
	ct->value_size = 8;
	ct->max_entries = 1 + n;
	p->counters_map = n + 1;
}

static void check_config(struct sema *S, struct ast_program *ast)
{
	struct prog_config *c = &S->prog->config;

	for (struct ast_config *k = ast->config; k; k = k->next) {
		int64_t v = 0;
		bool is_int = const_int(k->value, &v);
		bool is_bool_str = k->value->kind == N_STRING &&
				   (!strcmp(k->value->str, "true") || !strcmp(k->value->str, "false"));
		if (!strcmp(k->key, "max_strlen") || !strcmp(k->key, "BPFTRACE_MAX_STRLEN")) {
			if (!is_int || v < 1 || v > 256)
				diag_error(&k->loc, "max_strlen must be from 1 to 256 (strings live on the 512-byte BPF stack)");
			else
				c->max_strlen = v;
		} else if (!strcmp(k->key, "max_map_keys") || !strcmp(k->key, "BPFTRACE_MAX_MAP_KEYS")) {
			if (!is_int || v < 1 || v > (1 << 24))
				diag_error(&k->loc, "max_map_keys must be from 1 to 16777216");
			else
				c->max_map_keys = v;
		} else if (!strcmp(k->key, "print_maps_on_exit")) {
			if (is_int)
				c->print_maps_on_exit = v != 0;
			else if (is_bool_str)
				c->print_maps_on_exit = !strcmp(k->value->str, "true");
			else
				diag_error(&k->loc, "print_maps_on_exit must be true or false");
		} else {
			diag_error(&k->loc, "unknown config key '%s' (known: max_strlen, max_map_keys, print_maps_on_exit)",
				   k->key);
		}
	}
}

static void check_probe(struct sema *S, struct probe_sema *ps)
{
	S->probe = ps;
	S->vars.len = 0;
	if (ps->ast->pred)
		check_cond(S, ps->ast->pred);
	check_stmts(S, ps->ast->body);
}

int sema_check(struct ast_program *ast, struct sonde_prog *prog, struct sema_result *out)
{
	struct sema S = { .prog = prog };
	int bad = 0;

	if (!prog->config.max_strlen)
		prog->config = (struct prog_config){ .max_strlen = 64, .max_map_keys = 4096,
						     .print_maps_on_exit = true, .ringbuf_size = 1 << 20,
						     .stack_limit = 127 };
	int errs = diag_error_count();
	check_config(&S, ast);
	if (diag_error_count() > errs)
		return -EINVAL;
	out->nprobes = ast->nprobes;
	out->probes = arena_alloc(sizeof(*out->probes) * (ast->nprobes ? ast->nprobes : 1));
	int i = 0;
	for (struct ast_probe *p = ast->probes; p; p = p->next, i++)
		if (expand_probe(&S, p, &out->probes[i]))
			bad++;
	if (bad)
		return -EINVAL;
	if (!ast->probes) {
		diag_error(NULL, "the program has no probes");
		return -EINVAL;
	}

	/* Settle map types silently, then check once more reporting errors. */
	for (int pass = 0; pass < 8; pass++) {
		S.changed = false;
		S.errors = 0;
		S.fmts.len = 0;
		for (i = 0; i < out->nprobes; i++)
			check_probe(&S, &out->probes[i]);
		if (!S.changed)
			break;
	}
	S.report = true;
	S.errors = 0;
	S.fmts.len = 0;
	for (i = 0; i < out->nprobes; i++) {
		check_probe(&S, &out->probes[i]);
		struct probe_sema *ps = &out->probes[i];
		ps->nvars = S.vars.len;
		ps->vars = arena_alloc(sizeof(*ps->vars) * (S.vars.len ? S.vars.len : 1));
		if (S.vars.len)
			memcpy(ps->vars, S.vars.data, sizeof(*ps->vars) * S.vars.len);
	}
	if (S.errors) {
		vec_free(&S.maps);
		vec_free(&S.fmts);
		vec_free(&S.strings);
		vec_free(&S.vars);
		return -EINVAL;
	}
	build_maps(&S);
	prog->nfmts = S.fmts.len;
	prog->fmts = arena_alloc(sizeof(*prog->fmts) * (S.fmts.len ? S.fmts.len : 1));
	if (S.fmts.len)
		memcpy(prog->fmts, S.fmts.data, sizeof(*prog->fmts) * S.fmts.len);
	prog->nstrings = S.strings.len;
	prog->strings = arena_alloc(sizeof(*prog->strings) * (S.strings.len ? S.strings.len : 1));
	if (S.strings.len)
		memcpy(prog->strings, S.strings.data, sizeof(*prog->strings) * S.strings.len);
	vec_free(&S.maps);
	vec_free(&S.fmts);
	vec_free(&S.strings);
	vec_free(&S.vars);
	return 0;
}
