/*
 * sema_comptime.c: bpftrace's helpers that the checker answers by itself:
 * static_assert() and the type predicates (is_str, is_integer, ...) fold to
 * constants, as do strcap() and default_str_length(), config() becomes a
 * record literal of the settings, and assert() becomes
 * the `if` that bpftrace's standard library macro spells out.
 */
#include "sema_priv.h"

#include <string.h>

/* Integer constant expressions, after checking (sizeof and offsetof are N_INT by then). */
bool sema_const_eval(const struct node *n, int64_t *v)
{
	int64_t a, b;

	switch (n->kind) {
	case N_INT:
		*v = (int64_t)n->ival;
		return true;
	case N_UNARY:
		if (!sema_const_eval(n->operand, &a))
			return false;
		switch (n->uop) {
		case UN_NEG: *v = -a; return true;
		case UN_NOT: *v = !a; return true;
		case UN_BNOT: *v = ~a; return true;
		default: return false;
		}
	case N_BINARY:
		/* "literal" == "literal" (probetype is one by now) */
		if (n->lhs->kind == N_STRING && n->rhs->kind == N_STRING && (n->op == BIN_EQ || n->op == BIN_NE)) {
			bool same = n->lhs->str_len == n->rhs->str_len &&
				    !memcmp(n->lhs->str, n->rhs->str, n->lhs->str_len);
			*v = n->op == BIN_EQ ? same : !same;
			return true;
		}
		if (!sema_const_eval(n->lhs, &a) || !sema_const_eval(n->rhs, &b))
			return false;
		switch (n->op) {
		case BIN_ADD: *v = a + b; return true;
		case BIN_SUB: *v = a - b; return true;
		case BIN_MUL: *v = a * b; return true;
		case BIN_DIV: case BIN_MOD:
			if (!b)
				return false;
			*v = n->op == BIN_DIV ? a / b : a % b;
			return true;
		case BIN_AND: *v = a & b; return true;
		case BIN_OR: *v = a | b; return true;
		case BIN_XOR: *v = a ^ b; return true;
		case BIN_SHL: *v = (int64_t)((uint64_t)a << (b & 63)); return true;
		case BIN_SHR: *v = (int64_t)((uint64_t)a >> (b & 63)); return true;
		case BIN_EQ: *v = a == b; return true;
		case BIN_NE: *v = a != b; return true;
		case BIN_LT: *v = a < b; return true;
		case BIN_LE: *v = a <= b; return true;
		case BIN_GT: *v = a > b; return true;
		case BIN_GE: *v = a >= b; return true;
		case BIN_LAND: *v = a && b; return true;
		case BIN_LOR: *v = a || b; return true;
		default: return false;
		}
	default:
		return false;
	}
}

static struct node *stmt_of(struct node *e)
{
	struct node *s = node_new(N_EXPR_STMT, &e->loc);
	s->operand = e;
	return s;
}

/*
 * assert(COND, MSG) statement -> if (!COND) { printf("Assertion failed. Msg: %s\n", MSG); exit(1); },
 * the body of bpftrace's assert macro (with a newline).
 */
static void rewrite_assert(struct node *stmt, struct node *call)
{
	struct node *cond = call->args, *msg = cond->next;
	const struct loc *at = &call->loc;

	cond->next = NULL;
	struct node *not = node_new(N_UNARY, &cond->loc);
	not->uop = UN_NOT;
	not->operand = cond;

	struct node *fmt = node_new(N_STRING, at);
	fmt->str = "Assertion failed. Msg: %s\n";
	fmt->str_len = (int)strlen(fmt->str);
	fmt->next = msg;
	struct node *pf = node_new(N_CALL, at);
	pf->func = F_PRINTF;
	pf->name = "printf";
	pf->args = fmt;
	pf->nargs = 2;

	struct node *one = node_new(N_INT, at);
	one->ival = 1;
	struct node *ex = node_new(N_CALL, at);
	ex->func = F_EXIT;
	ex->name = "exit";
	ex->args = one;
	ex->nargs = 1;

	struct node *then = stmt_of(pf);
	then->next = stmt_of(ex);
	stmt->kind = N_IF;
	stmt->operand = NULL;
	stmt->cond = not;
	stmt->then = then;
	stmt->els = NULL;
}

bool sema_comptime_stmt(struct sema *S, struct node *stmt)
{
	struct node *call = stmt->operand;

	if (call->kind != N_CALL || (call->func != F_ASSERT && call->func != F_STATIC_ASSERT &&
				     call->func != F_ASSERT_STR))
		return false;
	call->type = &type_void;
	if (call->func == F_ASSERT_STR) {
		/* bpftrace's stdlib check that a value is string-like, at compile time: no code */
		if (!sema_want_args(S, call, 1, 1))
			return true;
		struct type *t = sema_expr(S, call->args);
		bool str_like = sema_is_str(t) ||
				((t->kind == TY_ARRAY || t->kind == TY_PTR) && t->elem && t->elem->kind == TY_INT &&
				 t->elem->size == 1);
		if (t->kind != TY_NONE && !str_like)
			sema_err(S, &call->args->loc, "assert_str(): expected a string, not %s", type_str_name(t));
		return true;   /* as static_assert: lowering emits nothing for it */
	}
	if (!sema_want_args(S, call, 2, 2))
		return true;
	struct node *cond = call->args, *msg = cond->next;
	if (call->func == F_ASSERT) {
		struct type *mt = sema_expr(S, msg);
		if (mt->kind != TY_NONE && !sema_is_str(mt)) {
			sema_err(S, &msg->loc, "assert() takes its message as a string, not %s", type_str_name(mt));
			return true;
		}
		rewrite_assert(stmt, call);
		return false;   /* the caller checks the if it became */
	}
	struct type *t = sema_expr(S, cond);
	int64_t v;
	if (msg->kind != N_STRING) {
		sema_err(S, &msg->loc, "static_assert() takes its message as a string literal");
	} else if (t->kind != TY_NONE) {
		msg->type = type_str(msg->str_len + 1);
		if (!sema_const_eval(cond, &v))
			sema_err(S, &cond->loc, "static_assert() needs a condition known at compile time");
		else if (!v)
			sema_err(S, &cond->loc, "static assertion failed: %s", msg->str);
	}
	/* the statement stays, for the checker's later passes to report again; lowering emits nothing for it */
	return true;
}

static struct node *config_field(struct node *rec, struct field_name *names, const char *name, const char *str,
				 int64_t v, bool is_bool)
{
	struct node *e = node_new(str ? N_STRING : N_INT, &rec->loc);

	if (str) {
		e->str = str;
		e->str_len = strlen(str);
	} else {
		e->ival = (uint64_t)v;
		e->type_name = is_bool ? "bool" : NULL;
	}
	names[rec->nargs].name = name;
	names[rec->nargs].loc = rec->loc;
	rec->nargs++;
	return e;
}

/*
 * config() (bpftrace's config builtin): the settings in force, after the
 * config block and the environment, as a record literal; its enums are
 * their names.
 */
static struct type *config_record(struct sema *S, struct node *n)
{
	static const char *const stack_modes[] = { [STACK_BPFTRACE] = "bpftrace", [STACK_PERF] = "perf",
						   [STACK_RAW] = "raw", [STACK_BUILD_ID] = "build_id" };
	static const char *const missing[] = { [MISSING_ERROR] = "error", [MISSING_WARN] = "warn",
					       [MISSING_IGNORE] = "ignore" };
	static const char *const unstable[] = { [UNSTABLE_WARN] = "warn", [UNSTABLE_ENABLE] = "enable",
						[UNSTABLE_ERROR] = "error" };
	const struct prog_config *c = &S->prog->config;
	struct field_name *names = arena_alloc(sizeof(*names) * 9);
	struct node **tail = &n->args;

	n->kind = N_TUPLE;
	n->nargs = 0;
	n->args = NULL;
#define FIELD(...) (*tail = config_field(n, names, __VA_ARGS__), tail = &(*tail)->next)
	FIELD("cpp_demangle", NULL, !c->no_demangle, true);
	FIELD("max_cat_bytes", NULL, c->max_cat_bytes, false);
	FIELD("max_map_keys", NULL, c->max_map_keys, false);
	FIELD("max_strlen", NULL, c->max_strlen, false);
	FIELD("missing_probes", missing[S->missing_probes], 0, false);
	FIELD("print_maps_on_exit", NULL, c->print_maps_on_exit, true);
	FIELD("stack_mode", stack_modes[S->stack_mode], 0, false);
	FIELD("str_trunc_trailer", c->str_trunc_trailer ? c->str_trunc_trailer : "", 0, false);
	FIELD("unstable_dw_ustack", unstable[S->unstable_dw_ustack], 0, false);
#undef FIELD
	n->fnames = names;
	return sema_expr(S, n);
}

/* is_str(x), is_integer(x), ...: the argument is checked, not run; the answer is a bool literal. */
struct type *sema_comptime_call(struct sema *S, struct node *n)
{
	if (n->func == F_CONFIG)
		return config_record(S, n);
	if (n->func == F_ASSERT || n->func == F_STATIC_ASSERT || n->func == F_ASSERT_STR) {
		sema_err(S, &n->loc, "%s() is a statement: it has no value", func_name(n->func));
		return &type_none;
	}
	if (n->func == F_DEFAULT_STR_LENGTH) {
		/* the length str() reads without a bound: max_strlen */
		if (!sema_want_args(S, n, 0, 0))
			return &type_none;
		n->kind = N_INT;
		n->ival = S->prog->config.max_strlen;
		n->args = NULL;
		return &type_s64;
	}
	if (!sema_want_args(S, n, 1, 1))
		return &type_none;
	struct node *a = n->args;
	if (n->func == F_STRCAP) {
		/* the buffer a string or array has, not its length */
		struct type *t = sema_expr(S, a);
		if (t->kind == TY_NONE)
			return &type_none;
		if (t->kind != TY_STR && t->kind != TY_ARRAY) {
			sema_err(S, &a->loc, "strcap() takes a string or an array, not %s", type_str_name(t));
			return &type_none;
		}
		n->kind = N_INT;
		n->ival = t->size;
		n->args = NULL;
		return &type_s64;
	}
	bool literal = a->kind == N_STRING || (a->kind == N_INT && !(a->type_name && !strcmp(a->type_name, "enum")));
	struct type *t = sema_expr(S, a);
	if (t->kind == TY_NONE)
		return &type_none;
	bool v = false;
	switch (n->func) {
	case F_IS_LITERAL: v = literal; break;
	case F_IS_STR: v = t->kind == TY_STR; break;
	case F_IS_INTEGER: v = t->kind == TY_INT; break;
	case F_IS_UNSIGNED_INTEGER: v = t->kind == TY_INT && !t->is_signed; break;
	case F_IS_PTR: v = t->kind == TY_PTR; break;
	case F_IS_ARRAY: v = t->kind == TY_ARRAY; break;
	default: break;
	}
	n->kind = N_INT;
	n->ival = v;
	n->type_name = "bool";
	n->args = NULL;
	return &type_bool;
}
