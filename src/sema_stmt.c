/* sema_stmt.c: the checker's statements: blocks and their scopes, let, loops. */
#include "sema_priv.h"

#include <errno.h>

#include <string.h>

/* ---- statements ---- */

void sema_cond(struct sema *S, struct node *c)
{
	struct type *t = sema_expr(S, c);
	if (t->kind != TY_NONE && !sema_is_scalar(t))
		sema_err(S, &c->loc, "a condition must be an integer, not %s", type_str_name(t));
}

static void check_block(struct sema *S, struct node *body)
{
	S->scope++;
	sema_stmts(S, body);
	sema_close_scope(S);
}

static void check_loop_body(struct sema *S, struct node *body)
{
	S->loops++;
	check_block(S, body);
	S->loops--;
}

/* let $x [: type] [= init]; a block-scoped declaration */
static void check_let(struct sema *S, struct node *n)
{
	struct type *t = NULL;
	const char *name = n->lhs ? n->lhs->name : n->name;
	int id;
	struct var *old = sema_find_var(S, name, &id);

	if (old && old->scope == S->scope) {
		sema_err(S, &n->loc, "$%s is already declared in this block", name);
		return;
	}
	if (n->args) {
		/* let $x: typeof(EXPR): what EXPR would give, as a declared type; typeof(@m[k]) a map's values */
		t = sema_expr(S, n->args);
		if (t->kind == TY_NONE)
			return;
		if (!sema_storable(t)) {
			sema_store_error(S, &n->args->loc, t);
			return;
		}
		t = t->kind == TY_INT ? type_int(t->size, t->is_signed) : sema_var_type(t);
	} else if (n->type_name) {
		t = sema_int_type(n->type_name);
		if (!t)
			t = sema_string_type(S, n->type_name, &n->loc);
		if (t && t->kind == TY_NONE)
			return;
		if (!t) {
			/* pointers and the script's own types: let $p: struct foo * = ... */
			t = sema_type_by_name(n->type_name);
			int err = errno;
			if (!t)
				t = sema_dwarf_type(S, n->type_name);
			if (!t && err == ENOENT) {
				sema_err(S, &n->loc, "unknown type '%s'", n->type_name);
				return;
			}
			if (t && (t->kind == TY_PTR || t->kind == TY_ARRAY))
				t = sema_probe_space(S, t);
			if (t && !sema_storable(t)) {
				sema_err(S, &n->loc, "a variable cannot hold %s", type_str_name(t));
				return;
			}
		}
		if (!t) {
			sema_err(S, &n->loc, "let with type '%s' is not supported by sonde yet", n->type_name);
			return;
		}
		t = sema_var_type(t);
	}
	if (n->rhs) {
		struct type *it = sema_expr(S, n->rhs);
		if (it->kind == TY_NONE)
			return;
		if (!sema_storable(it)) {
			sema_store_error(S, &n->rhs->loc, it);
			return;
		}
		bool changed = false;
		if (!t)
			t = sema_var_type(it);
		else if (!sema_unify(&t, it, &changed))
			sema_err(S, &n->rhs->loc, "$%s is declared %s; cannot assign %s", name, type_str_name(t),
				 type_str_name(it));
	}
	/* without either (`let $x;`), the first assignment gives the type: NULL until then */
	n->var_id = sema_declare_var(S, name, t, &n->loc, S->scope);
	S->vars.data[n->var_id].typed = n->type_name != NULL;
	if (n->rhs)
		sema_note_var_assign(S, n->var_id, n->rhs);
	if (n->lhs) {
		n->lhs->var_id = n->var_id;
		n->lhs->type = t;
	}
}

/* A `let $x;` never assigned holds an int64 zero. */
void sema_settle_vars(struct sema *S)
{
	for (size_t i = 0; i < S->vars.len; i++)
		if (!S->vars.data[i].type)
			S->vars.data[i].type = &type_s64;
}

/*
 * for ($kv : @m): $kv is the tuple (key, value), the key laid out as the map
 * keeps it (several keys: a tuple of them), the value as reading @m[key]
 * gives it (aggregations combined over the CPUs).
 */
static void check_for_map(struct sema *S, struct node *n)
{
	struct node *mapn = n->rhs;
	struct type *kv = &type_none;

	if (!mapn || mapn->kind != N_MAP || mapn->args) {
		sema_err(S, mapn ? &mapn->loc : &n->loc, "for loops over a map take the whole map: for ($kv : @m)");
		return;
	}
	struct sema_map *m = sema_get_map(S, mapn);
	mapn->type = &type_void;
	struct type *value = m->agg_known && m->agg != AGG_NONE ? NULL : m->value;
	if (m->agg_known) {
		switch (m->agg) {
		case AGG_NONE:
			break;
		case AGG_COUNT:
			value = &type_u64;
			break;
		case AGG_SUM: case AGG_MIN: case AGG_MAX: case AGG_AVG:
			value = m->value && m->value->kind == TY_INT && !m->value->is_signed ? &type_u64 : &type_s64;
			break;
		default:
			sema_err(S, &mapn->loc, "for loops cannot go over @%s: it holds %s(), which only prints",
				 mapn->name, agg_name(m->agg));
			return;
		}
	}
	if (m->nkeys == 0) {
		sema_err(S, &mapn->loc, "@%s has no keys: there is nothing to loop over", mapn->name);
		return;
	}
	bool known = m->nkeys > 0 && value;
	for (int i = 0; known && i < m->nkeys; i++)
		known = m->keys[i] != NULL;
	if (known) {
		struct type *key = m->keys[0];
		if (m->nkeys > 1) {
			key = type_new(TY_TUPLE);
			key->fields = arena_alloc(sizeof(*key->fields) * m->nkeys);
			key->nfields = m->nkeys;
			uint32_t off = 0;
			for (int i = 0; i < m->nkeys; i++) {
				key->fields[i].type = m->keys[i];
				key->fields[i].offset = off;
				off += ALIGN_UP(m->keys[i]->size, 8);
			}
			key->size = off;
			key->align = 8;
		}
		kv = type_new(TY_TUPLE);
		kv->fields = arena_alloc(sizeof(*kv->fields) * 2);
		kv->nfields = 2;
		kv->fields[0].type = key;
		kv->fields[1].type = sema_storage_type(value);
		kv->fields[1].offset = ALIGN_UP(key->size, 8);
		kv->size = kv->fields[1].offset + ALIGN_UP(kv->fields[1].type->size, 8);
		kv->align = 8;
	} else if (S->report) {
		sema_err(S, &mapn->loc, "@%s is looped over but never given keys and values", mapn->name);
		return;
	}
	S->scope++;
	n->var_id = sema_declare_var(S, n->lhs->name, kv, &n->lhs->loc, S->scope);
	n->lhs->var_id = n->var_id;
	n->lhs->type = kv;
	S->map_loops++;
	check_loop_body(S, n->body);
	S->map_loops--;
	sema_close_scope(S);
}

static void check_for(struct sema *S, struct node *n)
{
	if (!n->is_range) {
		check_for_map(S, n);
		return;
	}
	struct node *lo = n->args, *hi = lo ? lo->next : NULL;
	if (!lo || !hi)
		return;
	struct type *a = sema_expr(S, lo), *b = sema_expr(S, hi);
	if ((a->kind != TY_NONE && !sema_is_scalar(a)) || (b->kind != TY_NONE && !sema_is_scalar(b))) {
		sema_err(S, &lo->loc, "a range needs integer bounds");
		return;
	}
	S->scope++;
	n->var_id = sema_declare_var(S, n->lhs->name, &type_s64, &n->lhs->loc, S->scope);
	n->lhs->var_id = n->var_id;
	n->lhs->type = &type_s64;
	check_loop_body(S, n->body);
	sema_close_scope(S);
}

void sema_stmts(struct sema *S, struct node *n)
{
	for (; n; n = n->next) {
		switch (n->kind) {
		case N_EXPR_STMT:
			if (sema_comptime_stmt(S, n))
				break;
			if (n->kind == N_IF) {
				/* assert() became an if */
				sema_cond(S, n->cond);
				check_block(S, n->then);
				break;
			}
			sema_expr(S, n->operand);
			break;
		case N_BLOCK:
			check_block(S, n->body);
			break;
		case N_IF: {
			sema_cond(S, n->cond);
			/* a constant condition: the branch it skips is checked, but fail() and kfuncs stay quiet there */
			int truth = sema_const_truth(n->cond);
			S->dead += truth == 0;
			check_block(S, n->then);
			S->dead -= truth == 0;
			S->dead += truth == 1;
			check_block(S, n->els);
			S->dead -= truth == 1;
			break;
		}
		case N_WHILE:
			sema_cond(S, n->cond);
			check_loop_body(S, n->body);
			break;
		case N_UNROLL: {
			int64_t count;
			if (!sema_const_int(n->operand, &count) || count < 1 || count > 100) {
				sema_err(S, &n->operand->loc, "unroll takes an integer literal from 1 to 100");
				break;
			}
			n->operand->type = &type_s64;
			n->aux = count;
			check_block(S, n->body);
			break;
		}
		case N_FOR:
			check_for(S, n);
			break;
		case N_BREAK:
		case N_CONTINUE:
			if (!S->loops)
				sema_err(S, &n->loc, "%s outside of a loop", n->kind == N_BREAK ? "break" : "continue");
			break;
		case N_LET:
			check_let(S, n);
			break;
		case N_RETURN:
			if (n->operand)
				sema_err(S, &n->operand->loc, "return in a probe takes no value");
			else if (S->map_loops)
				sema_err(S, &n->loc, "return cannot leave a for loop over a map: use break");
			break;
		default:
			sema_err(S, &n->loc, "this statement is not supported by sonde yet");
			break;
		}
	}
}
