/*
 * macro.c: macro expansion, a pass over the syntax tree between parsing and
 * type checking (see macro.h for the language).
 *
 * The probes are copied node by node; a use of a macro becomes a copy of its
 * body made for that use, in which parameters are replaced by the caller's
 * arguments and the macro's own variables get names no script can spell
 * ("NAME:var#N", one N per expansion), so that two uses, or a use and its
 * caller, never share one. Arguments are resolved in the caller's frame
 * before they are bound, which makes nested macros work without a second
 * pass: what a body receives is already in the probe's names.
 */
#include "macro.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/*
 * Bounds on what expansion may build: macros that use each other twice per
 * level grow exponentially, and the later passes recurse over the tree, which
 * the parser keeps within 256 levels (PARSER_MAX_DEPTH) for them.
 */
#define MACRO_MAX_NODES 1000000
#define MACRO_MAX_DEPTH 64
#define MACRO_MAX_NEST 256

/* One expansion in progress. */
struct frame {
	const struct ast_macro *m;
	struct node **args;          /* per parameter: the caller's argument, in the probe's names */
	int serial;
	int depth;
	const struct frame *up;      /* the expansion the call sits in; NULL for a probe */
	struct loc root;             /* the outermost use, in a probe: where `line` points */
};

struct mx {
	struct ast_program *prog;
	int serial;
	long nodes;
	int nest;                    /* how deep in the tree being built */
	struct loc at;               /* the use being expanded, for the bounds' messages */
};

static struct node *xf(struct mx *X, const struct frame *F, const struct node *n);
static struct node *xf_stmt(struct mx *X, const struct frame *F, const struct node *n);
static void nest_enter(struct mx *X);

static struct ast_macro *find_macro(const struct mx *X, const char *name)
{
	for (struct ast_macro *m = X->prog->macros; m; m = m->next)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

/* The index of m's parameter of this kind (N_VAR, N_MAP, N_IDENT) and name, or -1. */
static int param_index(const struct ast_macro *m, enum node_kind kind, const char *name)
{
	int i = 0;

	for (const struct node *p = m->params; p; p = p->next, i++)
		if (p->kind == kind && !strcmp(p->name, name))
			return i;
	return -1;
}

static struct node *dup_node(struct mx *X, const struct node *n)
{
	struct node *c = arena_alloc(sizeof(*c));

	if (++X->nodes > MACRO_MAX_NODES)
		diag_fatal(&X->at, "macro expansion grows past %d nodes", MACRO_MAX_NODES);
	*c = *n;
	c->next = NULL;
	return c;
}

/* A plain deep copy: an argument inserted once more, already in the probe's names. */
static struct node *clone_list(struct mx *X, const struct node *n)
{
	struct node *head = NULL, **tail = &head;

	nest_enter(X);
	for (; n; n = n->next) {
		struct node *c = dup_node(X, n);
		c->lhs = clone_list(X, n->lhs);
		c->rhs = clone_list(X, n->rhs);
		c->operand = clone_list(X, n->operand);
		c->cond = clone_list(X, n->cond);
		c->then = clone_list(X, n->then);
		c->els = clone_list(X, n->els);
		c->body = clone_list(X, n->body);
		c->args = clone_list(X, n->args);
		*tail = c;
		tail = &c->next;
	}
	X->nest--;
	return head;
}

static struct node *xf_list(struct mx *X, const struct frame *F, const struct node *n, bool stmts)
{
	struct node *head = NULL, **tail = &head;

	for (; n; n = n->next) {
		*tail = stmts ? xf_stmt(X, F, n) : xf(X, F, n);
		tail = &(*tail)->next;
	}
	return head;
}

/* ---- checking a macro's body, once, before its first expansion ---- */

struct names {
	const char **v;
	int n, cap;
};

static void names_add(struct names *s, const char *name)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		const char **v = arena_alloc(sizeof(*v) * s->cap);
		if (s->n)
			memcpy(v, s->v, sizeof(*v) * s->n);
		s->v = v;
	}
	s->v[s->n++] = name;
}

static bool names_has(const struct names *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return true;
	return false;
}

/* The variables the body gives a value: let, for, and assignments. */
static void collect_assigned(const struct node *n, struct names *s)
{
	for (; n; n = n->next) {
		if (n->kind == N_LET || n->kind == N_FOR)
			names_add(s, n->lhs->name);
		else if (n->kind == N_ASSIGN && n->lhs->kind == N_VAR)
			names_add(s, n->lhs->name);
		const struct node *kids[] = { n->lhs, n->rhs, n->operand, n->cond, n->then, n->els, n->body, n->args };
		for (size_t i = 0; i < ARRAY_SIZE(kids); i++)
			collect_assigned(kids[i], s);
	}
}

static bool is_expr_param(const struct ast_macro *m, const struct node *n)
{
	return n->kind == N_IDENT && param_index(m, N_IDENT, n->name) >= 0;
}

/* Reports what the body may not do; returns the number of errors. */
static int check_nodes(const struct ast_macro *m, const struct node *n, const struct names *assigned)
{
	int bad = 0;

	for (; n; n = n->next) {
		switch (n->kind) {
		case N_VAR:
			if (param_index(m, N_VAR, n->name) < 0 && !names_has(assigned, n->name)) {
				diag_error(&n->loc, "macro '%s' reads $%s, which it neither takes as a parameter nor assigns: "
					   "a macro sees the caller's variables only through its parameters",
					   m->name, n->name);
				bad++;
			}
			break;
		case N_MAP:
			if (param_index(m, N_MAP, n->name) < 0) {
				diag_error(&n->loc, "macro '%s' uses @%s, which is not one of its parameters: a macro "
					   "reaches maps only through its parameters (macro %s(@%s, ...))",
					   m->name, n->name, m->name, n->name);
				bad++;
			}
			break;
		case N_LET:
		case N_FOR:
			if (param_index(m, N_VAR, n->lhs->name) >= 0) {
				diag_error(&n->lhs->loc, "%s $%s in macro '%s' shadows its parameter $%s",
					   n->kind == N_LET ? "let" : "the loop variable", n->lhs->name, m->name,
					   n->lhs->name);
				bad++;
			}
			break;
		case N_ASSIGN:
		case N_INCDEC: {
			const struct node *target = n->kind == N_ASSIGN ? n->lhs : n->operand;
			if (is_expr_param(m, target)) {
				diag_error(&target->loc, "macro '%s' assigns to its parameter '%s', which stands for an "
					   "expression: name it $%s to take the caller's variable",
					   m->name, target->name, target->name);
				bad++;
			}
			break;
		}
		default:
			break;
		}
		const struct node *kids[] = { n->lhs, n->rhs, n->operand, n->cond, n->then, n->els, n->body, n->args };
		for (size_t i = 0; i < ARRAY_SIZE(kids); i++)
			bad += check_nodes(m, kids[i], assigned);
	}
	return bad;
}

static bool check_macro(struct ast_macro *m)
{
	struct names assigned = { 0 };

	if (m->state)
		return m->state > 0;
	collect_assigned(m->body, &assigned);
	collect_assigned(m->value, &assigned);
	int bad = check_nodes(m, m->body, &assigned) + check_nodes(m, m->value, &assigned);
	m->state = bad ? -1 : 1;
	return !bad;
}

/* ---- expansion ---- */

static const char *arg_kind(const struct node *a)
{
	if (a->kind == N_VAR)
		return "a variable";
	if (a->kind == N_MAP && !a->args)
		return "a map";
	return a->kind == N_MAP ? "a map element" : "an expression";
}

/* Where the body writes the variable $name (assigns, increments), or NULL. */
static const struct node *find_write(const struct node *n, const char *name)
{
	for (; n; n = n->next) {
		const struct node *target = n->kind == N_ASSIGN ? n->lhs : n->kind == N_INCDEC ? n->operand : NULL;
		if (target && target->kind == N_VAR && !strcmp(target->name, name))
			return target;
		const struct node *kids[] = { n->lhs, n->rhs, n->operand, n->cond, n->then, n->els, n->body, n->args };
		for (size_t i = 0; i < ARRAY_SIZE(kids); i++) {
			const struct node *w = find_write(kids[i], name);
			if (w)
				return w;
		}
	}
	return NULL;
}

/*
 * Arguments fit the parameters' kinds: @m a whole map, x anything, $x a
 * variable (passed by reference) or, when the macro never writes $x, any
 * expression, which then stands wherever $x appears, as for x.
 */
static bool check_args(const struct ast_macro *m, struct node **args)
{
	bool ok = true;
	int i = 0;

	for (const struct node *p = m->params; p; p = p->next, i++) {
		const struct node *a = args[i];
		const struct node *w;
		if (p->kind == N_VAR && a->kind != N_VAR &&
		    ((w = find_write(m->body, p->name)) || (w = find_write(m->value, p->name)))) {
			diag_error(&a->loc, "macro '%s' takes a variable for $%s, not %s: it assigns to $%s (line %d)",
				   m->name, p->name, arg_kind(a), p->name, w->loc.line);
			ok = false;
		} else if (p->kind == N_MAP && (a->kind != N_MAP || a->args)) {
			diag_error(&a->loc, "macro '%s' takes a map for @%s, not %s", m->name, p->name, arg_kind(a));
			ok = false;
		}
	}
	return ok;
}

static bool recursive(const struct frame *F, const struct ast_macro *m, const struct loc *at)
{
	const struct frame *f;
	int n = 0;

	for (f = F; f && f->m != m; f = f->up)
		n++;
	if (!f)
		return false;
	/* the chain from the first use of m down to this one */
	const char *chain = m->name;
	for (int k = n - 1; k >= 0; k--) {
		const struct frame *g = F;
		for (int j = 0; j < k; j++)
			g = g->up;
		chain = arena_printf("%s > %s", chain, g->m->name);
	}
	diag_error(at, "recursive macro call: %s > %s", chain, m->name);
	return true;
}

/*
 * A use of m at `use` (a call or a bare name) with args already in the
 * caller's names: a block (stmt) or a block expression.
 */
static struct node *expand(struct mx *X, const struct frame *F, struct ast_macro *m, struct node **args,
			   int nargs, const struct node *use, bool stmt)
{
	if (recursive(F, m, &use->loc))
		return dup_node(X, use);
	if (F && F->depth >= MACRO_MAX_DEPTH)
		diag_fatal(&use->loc, "macros nest deeper than %d levels", MACRO_MAX_DEPTH);
	if (nargs != m->nparams) {
		if (use->kind == N_IDENT)
			diag_error(&use->loc, "macro '%s' takes %d argument%s: %s(...)", m->name, m->nparams,
				   m->nparams == 1 ? "" : "s", m->name);
		else
			diag_error(&use->loc, "macro '%s' takes %d argument%s, not %d", m->name, m->nparams,
				   m->nparams == 1 ? "" : "s", nargs);
		return dup_node(X, use);
	}
	if (!check_args(m, args) || !check_macro(m))
		return dup_node(X, use);
	if (!stmt && !m->value) {
		diag_error(&use->loc, "macro '%s' has no value: its body ends with a statement (drop the ';' "
			   "after its last expression to make that the value)", m->name);
		return dup_node(X, use);
	}

	struct frame nf = { m, args, ++X->serial, F ? F->depth + 1 : 1, F, F ? F->root : use->loc };
	X->at = use->loc;
	struct node *body = xf_list(X, &nf, m->body, true);
	struct node *value = m->value ? xf(X, &nf, m->value) : NULL;
	struct node *n = node_new(stmt ? N_BLOCK : N_BLOCK_EXPR, &use->loc);
	n->body = body;
	if (!stmt) {
		n->operand = value;
		return n;
	}
	if (value) {
		/* as a statement, the value is evaluated for what it does, and dropped */
		struct node **tail = &n->body;
		while (*tail)
			tail = &(*tail)->next;
		*tail = node_new(N_EXPR_STMT, &value->loc);
		(*tail)->operand = value;
	}
	return n;
}

int macro_distance(const struct ast_macro *m, struct node *const *args, int nargs)
{
	int d = MACRO_NO_FIT * 8 * abs(m->nparams - nargs), i = 0;

	for (const struct node *p = m->params; p && i < nargs; p = p->next, i++) {
		const struct node *a = args[i];
		if (p->kind == N_MAP && (a->kind != N_MAP || a->args)) {
			d += MACRO_NO_FIT;
		} else if (p->kind == N_VAR && a->kind != N_VAR) {
			/* as check_args: $x takes an expression unless the macro assigns to it */
			if (find_write(m->body, p->name) || find_write(m->value, p->name))
				d += MACRO_NO_FIT;
			else
				d++;   /* it fits, less closely than a plain name's parameter */
		}
	}
	return d;
}

/*
 * The definition of m's name a use with these arguments gets: the closest,
 * the first written among equals; one that does not take them is the
 * closest mismatch, which expand() reports.
 */
static struct ast_macro *pick_overload(struct mx *X, struct ast_macro *m, struct node **args, int nargs)
{
	struct ast_macro *best = m;
	int bd = INT_MAX;

	for (struct ast_macro *o = m; o; o = o->next) {
		if (strcmp(o->name, m->name))
			continue;
		int d = macro_distance(o, args, nargs);
		if (d == 0)
			return o;
		if (d < bd) {
			bd = d;
			best = o;
		}
	}
	return best;
}

/* A call of a macro; args resolved in the caller's frame. */
static struct node *expand_call(struct mx *X, const struct frame *F, struct ast_macro *m, const struct node *call,
				bool stmt)
{
	struct node **args = arena_alloc(sizeof(*args) * (call->nargs + 1));
	int i = 0;

	for (const struct node *a = call->args; a; a = a->next)
		args[i++] = xf(X, F, a);
	struct ast_macro *o = pick_overload(X, m, args, i);
	struct node *n = expand(X, F, o, args, i, call, stmt);
	int defs = 0;
	for (const struct ast_macro *d = m; d; d = d->next)
		defs += !strcmp(d->name, m->name);
	if (defs > 1 && macro_distance(o, args, i) >= MACRO_NO_FIT)
		diag_note("macro '%s' has %d definitions and none takes these arguments; the closest is at line %d",
			  m->name, defs, o->loc.line);
	return n;
}

/* The macro named by a use (a call or a bare name), if any; a parameter x shadows a macro x. */
static struct ast_macro *macro_use(struct mx *X, const struct frame *F, const struct node *n)
{
	if (n->kind == N_IDENT && F && is_expr_param(F->m, n))
		return NULL;
	if (n->kind != N_CALL && n->kind != N_IDENT)
		return NULL;
	return find_macro(X, n->name);
}

/* A call that is neither a function, a builtin, nor a macro: perhaps a misspelled macro. */
static void check_unknown_call(struct mx *X, const struct node *n)
{
	const char *best = NULL;
	int bd = 3;

	if (n->func != F_UNKNOWN || builtin_lookup(n->name, NULL) >= 0)
		return;
	for (const struct ast_macro *m = X->prog->macros; m; m = m->next) {
		int d = edit_distance(n->name, m->name);
		if (d < bd) {
			bd = d;
			best = m->name;
		}
	}
	if (best)
		diag_error(&n->loc, "unknown macro or function '%s'; did you mean macro '%s'?", n->name, best);
	else
		diag_error(&n->loc, "unknown macro or function '%s'", n->name);
}

static const char *var_name(const struct frame *F, const char *name)
{
	int i = param_index(F->m, N_VAR, name);

	if (i >= 0)
		return F->args[i]->name;
	/* ':' and '#' cannot appear in a variable's name in a script */
	return arena_printf("%s:%s#%d", F->m->name, name, F->serial);
}

/* An expression, copied, with macro uses expanded and (inside a macro) names bound. */
static struct node *xf_expr(struct mx *X, const struct frame *F, const struct node *n)
{
	struct ast_macro *m = macro_use(X, F, n);
	struct node *c;
	int i;

	if (m)
		return n->kind == N_CALL ? expand_call(X, F, m, n, false) : expand(X, F, pick_overload(X, m, NULL, 0), NULL, 0, n, false);
	switch (n->kind) {
	case N_VAR:
		if (F && (i = param_index(F->m, N_VAR, n->name)) >= 0 && F->args[i]->kind != N_VAR)
			return clone_list(X, F->args[i]);
		c = dup_node(X, n);
		if (!F)
			return c;
		/* the caller's variable, where the caller wrote it: its errors point there */
		if ((i = param_index(F->m, N_VAR, n->name)) >= 0)
			c->loc = F->args[i]->loc;
		c->name = var_name(F, n->name);
		return c;
	case N_MAP:
		c = dup_node(X, n);
		c->args = xf_list(X, F, n->args, false);
		if (F && (i = param_index(F->m, N_MAP, n->name)) >= 0) {
			c->name = F->args[i]->name;
			if (!n->args)
				c->loc = F->args[i]->loc;
		}
		return c;
	case N_IDENT:
		if (F && (i = param_index(F->m, N_IDENT, n->name)) >= 0)
			return clone_list(X, F->args[i]);
		c = dup_node(X, n);
		/* as bpftrace: `line` in a macro is the line of the probe's use that expanded it */
		if (F && !strcmp(n->name, "line"))
			c->loc = F->root;
		return c;
	case N_CALL:
		if (X->prog->macros)
			check_unknown_call(X, n);
		break;
	default:
		break;
	}
	c = dup_node(X, n);
	if (n->lhs)
		c->lhs = xf(X, F, n->lhs);
	if (n->rhs)
		c->rhs = xf(X, F, n->rhs);
	if (n->operand)
		c->operand = xf(X, F, n->operand);
	if (n->cond)
		c->cond = xf(X, F, n->cond);
	if (n->then)
		c->then = xf(X, F, n->then);
	if (n->els)
		c->els = xf(X, F, n->els);
	c->args = xf_list(X, F, n->args, false);
	c->body = xf_list(X, F, n->body, true);
	return c;
}

static struct node *xf_statement(struct mx *X, const struct frame *F, const struct node *n)
{
	struct node *c;
	struct ast_macro *m;

	switch (n->kind) {
	case N_EXPR_STMT:
		m = macro_use(X, F, n->operand);
		if (m)
			return n->operand->kind == N_CALL ? expand_call(X, F, m, n->operand, true)
							  : expand(X, F, pick_overload(X, m, NULL, 0), NULL, 0, n->operand, true);
		c = dup_node(X, n);
		c->operand = xf(X, F, n->operand);
		return c;
	case N_LET:
	case N_FOR:
		c = dup_node(X, n);
		c->lhs = xf(X, F, n->lhs);
		c->name = c->lhs->name;
		c->rhs = n->rhs ? xf(X, F, n->rhs) : NULL;
		c->args = xf_list(X, F, n->args, false);
		c->body = xf_list(X, F, n->body, true);
		return c;
	default:
		c = dup_node(X, n);
		c->cond = n->cond ? xf(X, F, n->cond) : NULL;
		c->operand = n->operand ? xf(X, F, n->operand) : NULL;
		/* if/else branches and loop bodies are statement lists */
		c->then = xf_list(X, F, n->then, true);
		c->els = xf_list(X, F, n->els, true);
		c->body = xf_list(X, F, n->body, true);
		return c;
	}
}

static void nest_enter(struct mx *X)
{
	if (++X->nest > MACRO_MAX_NEST)
		diag_fatal(&X->at, "macro expansion nests more than %d levels deep", MACRO_MAX_NEST);
}

static struct node *xf(struct mx *X, const struct frame *F, const struct node *n)
{
	nest_enter(X);
	struct node *c = xf_expr(X, F, n);
	X->nest--;
	return c;
}

static struct node *xf_stmt(struct mx *X, const struct frame *F, const struct node *n)
{
	nest_enter(X);
	struct node *c = xf_statement(X, F, n);
	X->nest--;
	return c;
}

int macro_expand(struct ast_program *prog)
{
	struct mx X = { .prog = prog };
	int before = diag_error_count();

	if (!prog->macros)
		return 0;
	for (struct ast_probe *p = prog->probes; p; p = p->next) {
		X.at = p->loc;
		if (p->pred)
			p->pred = xf(&X, NULL, p->pred);
		p->body = xf_list(&X, NULL, p->body, true);
	}
	return diag_error_count() > before ? -EINVAL : 0;
}
