/*
 * sema_regroup.c: a wildcard whose matches give different `args`.
 *
 * One block's code is checked once for all its attach points, so `args` (or
 * args.NAME) must have one type there. A wildcard can match functions or
 * tracepoints whose arguments differ: as bpftrace, the block is then checked
 * and compiled once per kind of arguments, each group with its own copy of
 * the code. Matches that agree stay together (one program per attach point
 * is made anyway where `args` is used, lower.c), so the split costs only
 * checking time.
 */
#include "sema_priv.h"
#include "btf.h"
#include "probe.h"
#include "uprobe.h"

#include <stdlib.h>
#include <string.h>

/* How a block uses `args`: as a whole value, and which fields it names. */
struct args_use {
	bool whole;
	VEC(const char *) fields;
};

static void args_use_walk(struct args_use *u, const struct node *n, bool field_base)
{
	for (; n; n = n->next) {
		if (n->kind == N_BUILTIN && n->builtin == BI_ARGS && !field_base)
			u->whole = true;
		if (n->kind == N_FIELD && n->name && n->operand && n->operand->kind == N_BUILTIN &&
		    n->operand->builtin == BI_ARGS)
			vec_push(&u->fields, n->name);
		args_use_walk(u, n->operand, n->kind == N_FIELD);
		args_use_walk(u, n->lhs, false);
		args_use_walk(u, n->rhs, false);
		args_use_walk(u, n->cond, false);
		args_use_walk(u, n->then, false);
		args_use_walk(u, n->els, false);
		args_use_walk(u, n->body, false);
		args_use_walk(u, n->args, false);
		/* only the operand of N_FIELD is a field's base; its siblings are not */
		field_base = false;
	}
}

/* The attach point's arguments as the checker will type them; NULL if they cannot be known (reported there). */
static struct type *ap_args(struct probe_sema *ps, int i)
{
	const struct attach_point *ap = &ps->aps[i];

	if (ps->args[i])
		return ps->args[i];
	switch (ap->kind) {
	case PROBE_UPROBE:
		if (!ap->offset)
			ps->args[i] = uprobe_dwarf_args(ap->target, ap->func, NULL);
		break;
	case PROBE_RAWTRACEPOINT:
		if (btf_load() >= 0)
			ps->args[i] = btf_raw_tp_args(ap->target, ap->func, NULL);
		break;
	case PROBE_FENTRY:
	case PROBE_FEXIT:
		if (btf_load() >= 0)
			ps->args[i] = btf_func_args(ap->target, ap->func, false, NULL);
		break;
	default:
		break;
	}
	return ps->args[i];
}

static const struct field *field_named(const struct type *rec, const char *name)
{
	for (int i = 0; i < rec->nfields; i++)
		if (rec->fields[i].name && !strcmp(rec->fields[i].name, name))
			return &rec->fields[i];
	return NULL;
}

/* The rule args.NAME is checked by (sema_mem.c): one storage type, or strings of any size. */
static bool types_alike(struct type *a, struct type *b)
{
	return type_equal(sema_storage_type(a), sema_storage_type(b)) || (sema_is_str(a) && sema_is_str(b));
}

/* Whether one copy of the block's code can serve the arguments of both. */
static bool args_alike(const struct args_use *u, const struct type *a, const struct type *b)
{
	if (u->whole) {
		if (a->nfields != b->nfields)
			return false;
		for (int i = 0; i < a->nfields; i++) {
			const struct field *fa = &a->fields[i], *fb = &b->fields[i];
			if (!fa->name || !fb->name || strcmp(fa->name, fb->name) || !type_equal(fa->type, fb->type))
				return false;
		}
	}
	for (size_t i = 0; i < u->fields.len; i++) {
		const struct field *fa = field_named(a, u->fields.data[i]), *fb = field_named(b, u->fields.data[i]);
		/* a missing field is the checker's to report, naming the attach point */
		if (fa && fb && !types_alike(fa->type, fb->type))
			return false;
	}
	return true;
}

/*
 * Numbers ps's attach points by group (group[i]), the group of the first
 * being 0; returns how many groups there are.
 */
static int group_aps(struct probe_sema *ps, const struct args_use *u, int *group)
{
	int ngroups = 0;
	const struct type **rep = xcalloc(ps->naps, sizeof(*rep)); /* a group's arguments */

	for (int i = 0; i < ps->naps; i++) {
		const struct type *t = ap_args(ps, i);
		int g = 0;
		/* unknown arguments go with the first group, where the checker reports them */
		for (; t && g < ngroups; g++)
			if (rep[g] && args_alike(u, rep[g], t))
				break;
		if (g == ngroups)
			rep[ngroups++] = t;
		group[i] = g;
	}
	free(rep);
	return ngroups;
}

/* Moves the attach points of group g (but the first group's) into q, a copy of ps with its own code. */
static void split_group(struct probe_sema *ps, const int *group, int g, struct probe_sema *q)
{
	struct ast_probe *c = arena_alloc(sizeof(*c));

	*c = *ps->ast;
	c->pred = ast_clone(ps->ast->pred);
	c->body = ast_clone(ps->ast->body);
	c->next = NULL;
	*q = *ps;
	q->ast = c;
	q->aps = arena_alloc(sizeof(*q->aps) * ps->naps);
	q->args = arena_alloc(sizeof(*q->args) * ps->naps);
	q->naps = 0;
	for (int i = 0; i < ps->naps; i++) {
		if (group[i] != g)
			continue;
		q->aps[q->naps] = ps->aps[i];
		q->args[q->naps++] = ps->args[i];
	}
}

/*
 * Splits out's probes whose attach points need different code for `args`;
 * the new blocks follow their original in out and in ast's list, in the
 * order their first attach points had.
 */
void sema_regroup_args(struct ast_program *ast, struct sema_result *out)
{
	for (int p = 0; p < out->nprobes; p++) {
		struct probe_sema *ps = &out->probes[p];
		struct args_use u = { 0 };
		if (ps->naps < 2)
			continue;
		args_use_walk(&u, ps->ast->pred, false);
		args_use_walk(&u, ps->ast->body, false);
		if (!u.whole && !u.fields.len)
			continue;
		int *group = xcalloc(ps->naps, sizeof(*group));
		int ngroups = group_aps(ps, &u, group);
		vec_free(&u.fields);
		if (ngroups < 2) {
			free(group);
			continue;
		}
		struct probe_sema *probes = arena_alloc(sizeof(*probes) * (out->nprobes + ngroups - 1));
		memcpy(probes, out->probes, sizeof(*probes) * (p + 1));
		memcpy(probes + p + ngroups, out->probes + p + 1, sizeof(*probes) * (out->nprobes - p - 1));
		ps = &probes[p];
		struct ast_probe *after = ps->ast;
		for (int g = 1; g < ngroups; g++) {
			struct probe_sema *q = &probes[p + g];
			split_group(ps, group, g, q);
			q->ast->next = after->next;
			after->next = q->ast;
			after = q->ast;
			ast->nprobes++;
		}
		/* the first group keeps the original code and its attach points, in place */
		int n = 0;
		for (int i = 0; i < ps->naps; i++) {
			if (group[i])
				continue;
			ps->aps[n] = ps->aps[i];
			ps->args[n++] = ps->args[i];
		}
		ps->naps = n;
		free(group);
		out->probes = probes;
		out->nprobes += ngroups - 1;
		p += ngroups - 1;
	}
}
