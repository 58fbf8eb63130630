/* sema_call.c: checking calls: printf and friends, aggregations, map functions. */
#include "sema_priv.h"
#include "output.h"
#include "glob.h"
#include "probe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define want_args sema_want_args

/* ---- stacks ---- */

/*
 * Build ids name the files of user code; kernel stacks have no such files:
 * kstack in build_id mode prints raw addresses, with bpftrace's warning.
 */
enum stack_mode sema_stack_mode(struct sema *S, bool user, enum stack_mode mode, const struct loc *loc)
{
	if (user || mode != STACK_BUILD_ID)
		return mode;
	diag_warn(loc, "'build_id' stack mode can only be used for ustack: kstack falls back to 'raw' mode");
	return STACK_RAW;
}

static struct type *stack_type(struct sema *S, bool user, bool dwarf, enum stack_mode mode, int limit);

struct type *sema_stack_type(struct sema *S, bool user, enum stack_mode mode, int limit)
{
	return stack_type(S, user, false, mode, limit);
}

static struct type *stack_type(struct sema *S, bool user, bool dwarf, enum stack_mode mode, int limit)
{
	for (size_t i = 0; i < S->stacks.len; i++) {
		struct type *t = S->stacks.data[i];
		if (t->stack_user == user && t->stack_dwarf == dwarf && t->stack_mode == mode && t->stack_limit == limit)
			return t;
	}
	struct type *t = type_new(TY_STACK);
	t->stack_dwarf = dwarf;
	t->size = sizeof(struct sonde_stack);
	t->align = 8;
	t->stack_user = user;
	t->stack_mode = mode;
	t->stack_limit = limit;
	t->stack_map = S->stacks.len;
	vec_push(&S->stacks, t);
	return t;
}

/*
 * dw_ustack: user stacks unwound in the program with the DWARF CFI of one
 * target process's files (dwunwind.h, lower_dwstack.c). The walk starts
 * from the user registers: a uprobe's context, else the task's saved ones.
 */
struct type *sema_dw_stack_type(struct sema *S, struct node *n, enum stack_mode mode, int limit)
{
	enum probe_kind kind = S->probe->kind;

#ifndef __x86_64__
	sema_err(S, &n->loc, "dw_ustack is only available on x86-64");
	return &type_none;
#endif
	if (S->unstable_dw_ustack == UNSTABLE_ERROR) {
		sema_err(S, &n->loc, "dw_ustack is an unstable feature, refused by config unstable_dw_ustack = error");
		return &type_none;
	}
	if (!S->prog->dw_pid) {
		sema_err(S, &n->loc, "dw_ustack requires a target process (-p PID or -c CMD)");
		return &type_none;
	}
	if (probe_is_special(kind) || kind == PROBE_ITER) {
		sema_err(S, &n->loc, "dw_ustack is not available in %s probes: they run outside the traced process",
			 probe_info(kind)->name);
		return &type_none;
	}
	if (S->unstable_dw_ustack == UNSTABLE_WARN)
		diag_warn(&n->loc, "dw_ustack is an unstable feature (config = { unstable_dw_ustack = enable } "
			  "silences this warning)");
	n->aux = sema_add_fmt(S, EV_WARNF, "No DWARF unwind data available for this process: dw_ustack walks "
			      "its frame pointers", NULL, &n->loc);
	return stack_type(S, true, true, mode, limit);
}

/* kstack(mode), kstack(limit), kstack(mode, limit) and the same for ustack */
static struct type *check_stack_call(struct sema *S, struct node *n)
{
	/* a call that names no mode, kstack(8) too, takes config's stack_mode */
	enum stack_mode mode = S->stack_mode;
	int64_t limit = S->prog->config.stack_limit;
	struct node *a = n->args;

	if (!want_args(S, n, 0, 2))
		return &type_none;
	if (a && a->kind == N_IDENT) {
		if (!strcmp(a->name, "bpftrace"))
			mode = STACK_BPFTRACE;
		else if (!strcmp(a->name, "perf"))
			mode = STACK_PERF;
		else if (!strcmp(a->name, "raw"))
			mode = STACK_RAW;
		else if (!strcmp(a->name, "build_id"))
			mode = STACK_BUILD_ID;
		else {
			sema_err(S, &a->loc, "unknown stack mode '%s' (bpftrace, perf, raw or build_id)", a->name);
			return &type_none;
		}
		a->type = &type_void;
		a = a->next;
	}
	if (a) {
		if (!sema_const_int(a, &limit) || limit < 1 || limit > 1024) {
			sema_err(S, &a->loc, "a stack's frame limit must be an integer literal from 1 to 1024");
			return &type_none;
		}
		a->type = &type_s64;
		if (a->next) {
			sema_err(S, &a->next->loc, "%s() takes a mode and a limit", func_name(n->func));
			return &type_none;
		}
	}
	if (n->func == F_DW_USTACK)
		return sema_dw_stack_type(S, n, mode, limit);
	return sema_stack_type(S, n->func == F_USTACK, sema_stack_mode(S, n->func == F_USTACK, mode, &n->loc), limit);
}

/* ---- formats ---- */

static int signal_number(const char *name)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "SIGHUP", 1 }, { "SIGINT", 2 }, { "SIGQUIT", 3 }, { "SIGILL", 4 }, { "SIGTRAP", 5 },
		{ "SIGABRT", 6 }, { "SIGBUS", 7 }, { "SIGFPE", 8 }, { "SIGKILL", 9 }, { "SIGUSR1", 10 },
		{ "SIGSEGV", 11 }, { "SIGUSR2", 12 }, { "SIGPIPE", 13 }, { "SIGALRM", 14 }, { "SIGTERM", 15 },
		{ "SIGCHLD", 17 }, { "SIGCONT", 18 }, { "SIGSTOP", 19 }, { "SIGTSTP", 20 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (!strcmp(name, sigs[i].name) || !strcmp(name, sigs[i].name + 3))
			return sigs[i].sig;
	return -1;
}

static int add_string(struct sema *S, const char *s)
{
	for (size_t i = 0; i < S->strings.len; i++)
		if (!strcmp(S->strings.data[i], s))
			return i;
	vec_push(&S->strings, s);
	return S->strings.len - 1;
}

/* Lays out the payload of a printf-like event: each argument 8-byte aligned, ints as 64 bits. */
int sema_add_fmt(struct sema *S, enum event_kind kind, const char *fmt, struct node *args, const struct loc *loc)
{
	struct fmt_desc fd = { .id = S->fmts.len, .kind = kind, .fmt = fmt, .loc = *loc };
	int n = 0;
	for (struct node *a = args; a; a = a->next)
		n++;
	fd.args = arena_alloc(sizeof(*fd.args) * (n ? n : 1));
	uint32_t off = 0;
	for (struct node *a = args; a; a = a->next) {
		struct type *t = a->type ? sema_storage_type(a->type) : &type_u64;
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
		sema_err(S, f ? &f->loc : &n->loc, "%s() needs a format string literal first", func_name(n->func));
		for (struct node *a = f; a; a = a->next)
			sema_expr(S, a);
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
		sema_err(S, &l, "invalid format string: %s", why ? why : "bad conversion");
		return;
	}
	int nargs = 0;
	for (struct node *a = f->next; a; a = a->next) {
		struct type *t = sema_expr(S, a);
		if (nargs < nconv) {
			const struct printf_conv *c = &convs[nargs];
			bool ok = true;
			switch (c->cls) {
			case CONV_INT:
			case CONV_CHAR:
			case CONV_PTR:
				ok = sema_is_scalar(t);
				break;
			case CONV_STR:
				ok = t->kind != TY_VOID && t->kind != TY_AGG;
				break;
			case CONV_BUF:
				ok = t->kind == TY_BUF || t->kind == TY_STR;
				break;
			}
			if (!ok && t->kind != TY_NONE)
				sema_err(S, &a->loc, "%%%c expects %s, but argument %d is %s", c->conv,
				    c->cls == CONV_STR ? "a value" : c->cls == CONV_BUF ? "a buffer" : "an integer",
				    nargs + 1, type_str_name(t));
		}
		nargs++;
	}
	if (nargs != nconv)
		sema_err(S, &n->loc, "the format has %d conversion%s but %d argument%s follow%s", nconv,
		    nconv == 1 ? "" : "s", nargs, nargs == 1 ? "" : "s", nargs == 1 ? "s" : "");
	if (nconv > 0 && nargs == nconv) {
		for (struct node *a = f->next; a; a = a->next)
			if (a->type && a->type->kind == TY_PTR)
				a->type = &type_u64;
	}
	static const enum event_kind kinds[F_KIND_MAX] = {
		[F_PRINTF] = EV_PRINTF, [F_ERRORF] = EV_ERRORF, [F_SYSTEM] = EV_SYSTEM, [F_CAT] = EV_CAT,
		[F_WARNF] = EV_WARNF,
	};
	n->aux = sema_add_fmt(S, kinds[n->func], f->str, f->next, &n->loc);
}

/* ---- calls ---- */

static int count_args(const struct node *n)
{
	int c = 0;
	for (const struct node *a = n->args; a; a = a->next)
		c++;
	return c;
}

bool sema_want_args(struct sema *S, struct node *n, int min, int max)
{
	int c = count_args(n);
	if (c >= min && c <= max)
		return true;
	if (min == max)
		sema_err(S, &n->loc, "%s() takes %d argument%s, not %d", func_name(n->func), min, min == 1 ? "" : "s", c);
	else
		sema_err(S, &n->loc, "%s() takes %d to %d arguments, not %d", func_name(n->func), min, max, c);
	return false;
}

bool sema_is_agg_func(enum func f)
{
	switch (f) {
	case F_COUNT: case F_SUM: case F_AVG: case F_MIN: case F_MAX: case F_STATS: case F_HIST: case F_LHIST:
	case F_TSERIES:
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
	case F_TSERIES: return AGG_TSERIES;
	default: return AGG_NONE;
	}
}

/* A compile-time integer: a literal, possibly negated. */
bool sema_const_int(const struct node *n, int64_t *v)
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

/*
 * tseries(v, interval, n[, agg]): the interval a positive integer literal
 * (durations such as 100ms are), n a literal from 1 to
 * TSERIES_MAX_INTERVALS, agg one of "avg", "max", "min", "sum".
 */
static bool tseries_args(struct sema *S, struct node *mapn, struct sema_map *m, struct node *call)
{
	static const char *const aggs[] = { [TS_AVG] = "avg", [TS_MAX] = "max", [TS_MIN] = "min", [TS_SUM] = "sum" };
	struct node *in = call->args->next, *nn = in->next, *an = nn->next;
	enum tseries_agg agg = TS_LAST;
	int64_t interval, n;

	if (!sema_const_int(in, &interval)) {
		sema_err(S, &in->loc, "tseries() interval must be an integer literal (a duration such as 100ms)");
		return false;
	}
	if (interval <= 0) {
		sema_err(S, &in->loc, "tseries() interval must be >= 1 (%lld provided)", (long long)interval);
		return false;
	}
	in->type = &type_s64;
	if (!sema_const_int(nn, &n)) {
		sema_err(S, &nn->loc, "tseries() number of intervals must be an integer literal");
		return false;
	}
	if (n < 1 || n > TSERIES_MAX_INTERVALS) {
		sema_err(S, &nn->loc, "tseries() number of intervals must be from 1 to %d (%lld provided)",
			 TSERIES_MAX_INTERVALS, (long long)n);
		return false;
	}
	nn->type = &type_s64;
	if (an) {
		if (an->kind != N_STRING) {
			sema_err(S, &an->loc, "tseries() aggregation must be a string literal: \"avg\", \"max\", "
				 "\"min\" or \"sum\"");
			sema_expr(S, an);
			return false;
		}
		size_t i;
		for (i = TS_AVG; i < ARRAY_SIZE(aggs); i++)
			if (!strcmp(an->str, aggs[i]))
				break;
		if (i == ARRAY_SIZE(aggs)) {
			sema_err(S, &an->loc, "tseries() expects one of the following aggregation functions: avg, max, "
				 "min, sum (\"%s\" provided)", an->str);
			return false;
		}
		agg = (enum tseries_agg)i;
		an->type = type_str(an->str_len + 1);
	}
	if (m->agg_known && m->agg == AGG_TSERIES && m->ts_interval &&
	    (m->ts_interval != (uint64_t)interval || m->ts_n != (uint32_t)n || m->ts_agg != agg)) {
		sema_err(S, &call->loc, "@%s uses tseries() with another interval, length or aggregation elsewhere",
			 mapn->name);
		return false;
	}
	m->ts_interval = (uint64_t)interval;
	m->ts_n = (uint32_t)n;
	m->ts_agg = agg;
	return true;
}

/* @m = count(), sum(x), hist(x, k), lhist(x, min, max, step), ... */
void sema_agg_assign(struct sema *S, struct node *mapn, struct node *call)
{
	enum agg_kind agg = func_agg(call->func);
	struct sema_map *m = sema_map_ref(S, mapn);
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
	case F_TSERIES:
		if (!want_args(S, call, 3, 4))
			return;
		break;
	default:
		if (!want_args(S, call, 1, 1))
			return;
		break;
	}
	if (call->args) {
		arg = sema_expr(S, call->args);
		if (!sema_is_scalar(arg) && arg->kind != TY_NONE) {
			sema_err(S, &call->args->loc, "%s() takes an integer, not %s", func_name(call->func),
			    type_str_name(arg));
			return;
		}
	}
	m = &S->maps.data[id];
	if (call->func == F_HIST && call->args->next) {
		int64_t k;
		struct node *kn = call->args->next;
		if (!sema_const_int(kn, &k) || k < 0 || k > 5) {
			sema_err(S, &kn->loc, "hist() precision must be an integer literal from 0 to 5");
			return;
		}
		kn->type = &type_s64;
		if (m->agg_known && m->agg == AGG_HIST && m->hist_bits != k)
			sema_err(S, &kn->loc, "@%s uses hist() with precision %d elsewhere", mapn->name, m->hist_bits);
		m->hist_bits = k;
	}
	if (call->func == F_LHIST) {
		int64_t v[3];
		struct node *a = call->args->next;
		for (int i = 0; i < 3; i++, a = a->next) {
			if (!sema_const_int(a, &v[i])) {
				sema_err(S, &a->loc, "lhist() bounds and step must be integer literals");
				return;
			}
			a->type = &type_s64;
		}
		if (v[2] <= 0) {
			sema_err(S, &call->args->next->next->next->loc, "lhist() step must be positive");
			return;
		}
		if (v[0] >= v[1]) {
			sema_err(S, &call->args->next->loc, "lhist() min must be less than max");
			return;
		}
		if ((v[1] - v[0]) / v[2] > 10000) {
			sema_err(S, &call->loc, "lhist() would have more than 10000 buckets: raise the step");
			return;
		}
		if (m->agg_known && m->agg == AGG_LHIST &&
		    (m->lmin != v[0] || m->lmax != v[1] || m->lstep != v[2]))
			sema_err(S, &call->loc, "@%s uses lhist() with other bounds elsewhere", mapn->name);
		m->lmin = v[0];
		m->lmax = v[1];
		m->lstep = v[2];
	}
	if (call->func == F_TSERIES && !tseries_args(S, mapn, m, call))
		return;
	sema_set_map_agg(S, mapn, m, agg, arg ? arg : &type_u64, &call->loc);
}

void sema_check_map_arg(struct sema *S, struct node *n, struct node *a, bool keyed_ok)
{
	if (!a || a->kind != N_MAP) {
		sema_err(S, a ? &a->loc : &n->loc, "%s() takes a map like @name", func_name(n->func));
		if (a)
			sema_expr(S, a);
		return;
	}
	if (a->args && !keyed_ok) {
		sema_err(S, &a->loc, "%s() takes a whole map, without keys", func_name(n->func));
		return;
	}
	struct sema_map *m = sema_get_map(S, a);
	a->type = &type_void;
	/* as bpftrace's "Undefined map": nothing would ever be there */
	if (S->report && !m->agg_known)
		sema_err(S, &a->loc, "@%s is never assigned: %s() has nothing to work on", a->name, func_name(n->func));
}

struct type *sema_call(struct sema *S, struct node *n)
{

	if (sema_is_agg_func(n->func)) {
		sema_err(S, &n->loc, "%s() is an aggregation: assign it to a map, as in @x = %s(...)", func_name(n->func),
		    func_name(n->func));
		return &type_none;
	}
	switch (n->func) {
	case F_PRINTF:
	case F_ERRORF:
	case F_WARNF:
	case F_CAT:
		check_printf(S, n);
		return &type_void;
	case F_SYSTEM:
		if (!S->prog->unsafe)
			sema_err(S, &n->loc, "system() runs commands: it needs --unsafe");
		check_printf(S, n);
		return &type_void;
	case F_SIGNAL:
	case F_SIGNAL_THREAD: {
		if (!want_args(S, n, 1, 1))
			return &type_void;
		if (!S->prog->unsafe)
			sema_err(S, &n->loc, "%s() sends signals to traced processes: it needs --unsafe",
				 func_name(n->func));
		struct node *a = n->args;
		if (a->kind == N_STRING) {
			int sig = signal_number(a->str);
			if (sig <= 0) {
				sema_err(S, &a->loc, "unknown signal '%s'", a->str);
				return &type_void;
			}
			a->kind = N_INT;
			a->ival = sig;
		}
		struct type *t = sema_expr(S, a);
		if (t->kind != TY_NONE && !sema_is_scalar(t))
			sema_err(S, &a->loc, "signal() takes a signal number or name");
		return &type_void;
	}
	case F_JOIN: {
		if (!want_args(S, n, 1, 2))
			return &type_void;
		struct type *t = sema_expr(S, n->args);
		if (t->kind != TY_NONE && !sema_is_scalar(t)) {
			sema_err(S, &n->args->loc, "join() takes an array of string pointers, not %s", type_str_name(t));
			return &type_void;
		}
		const char *sep = " ";
		if (n->args->next) {
			if (n->args->next->kind != N_STRING) {
				sema_err(S, &n->args->next->loc, "join() takes a separator string literal");
				return &type_void;
			}
			n->args->next->type = type_str(n->args->next->str_len + 1);
			sep = n->args->next->str;
		}
		struct fmt_desc fd = { .id = S->fmts.len, .kind = EV_JOIN, .fmt = sep, .loc = n->loc, .nargs = 1 };
		fd.args = arena_alloc(sizeof(*fd.args));
		/* each element a whole word of bytes: lowering and the reader step by the type's size */
		fd.args[0].type = type_str(ALIGN_UP(sema_str_size(S), 8));
		fd.args[0].offset = 8;
		fd.size = 8 + JOIN_MAX_ARGS * fd.args[0].type->size;
		vec_push(&S->fmts, fd);
		n->aux = fd.id;
		if (S->scratch_size < sizeof(struct event_hdr) + fd.size)
			S->scratch_size = sizeof(struct event_hdr) + fd.size;
		return &type_void;
	}
	case F_KSTACK:
	case F_USTACK:
	case F_DW_USTACK:
		return check_stack_call(S, n);
	case F_KSYM:
	case F_USYM: {
		if (!want_args(S, n, 1, 1))
			return &type_none;
		struct type *t = sema_expr(S, n->args);
		if (t->kind != TY_NONE && !sema_is_scalar(t)) {
			sema_err(S, &n->args->loc, "%s() takes an address, not %s", func_name(n->func), type_str_name(t));
			return &type_none;
		}
		struct type *r = type_new(n->func == F_KSYM ? TY_KSYM : TY_USYM);
		r->size = n->func == F_KSYM ? 8 : sizeof(struct sonde_usym);
		r->align = 8;
		return r;
	}
	case F_NTOP: {
		if (!want_args(S, n, 1, 2))
			return &type_none;
		struct node *addr = n->args->next ? n->args->next : n->args;
		if (n->args->next) {
			struct type *af = sema_expr(S, n->args);
			if (af->kind != TY_NONE && !sema_is_scalar(af))
				sema_err(S, &n->args->loc, "ntop() takes an address family first");
		}
		struct type *t = sema_expr(S, addr);
		bool ok = sema_is_scalar(t) || ((t->kind == TY_ARRAY || t->kind == TY_STR) && (t->size == 4 || t->size == 16));
		if (t->kind != TY_NONE && !ok) {
			sema_err(S, &addr->loc, "ntop() takes an IPv4 address (an integer) or 4 or 16 bytes, not %s",
				 type_str_name(t));
			return &type_none;
		}
		struct type *r = type_new(TY_INET);
		r->size = sizeof(struct sonde_inet);
		r->align = 8;
		return r;
	}
	case F_BSWAP: {
		if (!want_args(S, n, 1, 1))
			return &type_none;
		struct type *t = sema_expr(S, n->args);
		if (t->kind != TY_NONE && (t->kind != TY_INT && t->kind != TY_BOOL)) {
			sema_err(S, &n->args->loc, "bswap() takes an integer, not %s", type_str_name(t));
			return &type_none;
		}
		return t->kind == TY_INT ? type_int(t->size, false) : &type_u8;
	}
	case F_BUF: {
		if (!want_args(S, n, 1, 2))
			return &type_none;
		struct type *t = sema_expr(S, n->args);
		int64_t len = S->prog->config.max_strlen;
		if (n->args->next && !sema_const_int(n->args->next, &len)) {
			/* a run-time length: read at most max_strlen bytes */
			struct type *lt = sema_expr(S, n->args->next);
			if (lt->kind != TY_NONE && !sema_is_scalar(lt))
				sema_err(S, &n->args->next->loc, "buf() length must be an integer");
			len = S->prog->config.max_strlen;
		} else if (n->args->next) {
			int64_t max = S->prog->config.max_strlen > PROG_STACK_STRLEN ? S->prog->config.max_strlen
										 : PROG_STACK_STRLEN;
			if (len < 1 || len > max) {
				sema_err(S, &n->args->next->loc, "buf() length must be from 1 to %lld", (long long)max);
				return &type_none;
			}
			n->args->next->type = &type_s64;
		} else if (t->kind == TY_ARRAY || t->kind == TY_STR) {
			len = t->size;
		}
		if (t->kind != TY_NONE && !sema_is_scalar(t) && t->kind != TY_ARRAY && t->kind != TY_STR) {
			sema_err(S, &n->args->loc, "buf() takes a pointer or an array, not %s", type_str_name(t));
			return &type_none;
		}
		n->aux = len;
		struct type *r = type_new(TY_BUF);
		r->size = 4 + len;
		r->align = 8;
		return r;
	}
	case F_HAS_KEY: {
		struct node *m = n->args;
		/* has_key(@m, k1, k2) looks up @m[k1, k2]: the keys move under the map once */
		if (m && m->kind == N_MAP && !m->args && m->next) {
			m->args = m->next;
			m->next = NULL;
		}
		if (!m || m->kind != N_MAP || !m->args || m->next) {
			sema_err(S, m ? &m->loc : &n->loc, "has_key() takes a map and a key: has_key(@m, k)");
			return &type_none;
		}
		sema_map_ref(S, m);
		m->type = &type_void;
		return &type_u64;
	}
	case F_FIND: {
		/*
		 * find(@m, k, $v): the key moves under the map once, and n->rhs gets
		 * `$v = @m[k]`, which types $v as an assignment would; lowering
		 * stores through the one lookup instead.
		 */
		struct node *m = n->args;
		if (m && m->kind == N_MAP && !m->args && m->next && m->next->next && !m->next->next->next) {
			m->args = m->next;
			m->next = m->next->next;
			m->args->next = NULL;
		}
		if (!m || m->kind != N_MAP || !m->args || !m->next || m->next->next) {
			sema_err(S, m ? &m->loc : &n->loc, "find() takes a map, a key and a variable: find(@m, k, $v)");
			return &type_none;
		}
		if (m->next->kind != N_VAR) {
			sema_err(S, &m->next->loc, "find() stores the value into a variable like $v");
			return &type_none;
		}
		if (!n->rhs) {
			n->rhs = node_new(N_ASSIGN, &n->loc);
			n->rhs->op = BIN_NONE;
			n->rhs->lhs = m->next;
			struct node *read = node_new(N_MAP, &m->loc);
			*read = *m;
			read->next = NULL;
			n->rhs->rhs = read;
		}
		sema_expr(S, n->rhs);
		m->map_id = n->rhs->rhs->map_id;
		m->type = &type_void;
		return &type_bool;
	}
	case F_STRLEN: {
		if (!want_args(S, n, 1, 1))
			return &type_none;
		struct type *t = sema_expr(S, n->args);
		if (t->kind != TY_NONE && !sema_is_str(t))
			sema_err(S, &n->args->loc, "strlen() takes a string, not %s", type_str_name(t));
		return &type_u64;
	}
	case F_STRNCMP: {
		if (!want_args(S, n, 3, 3))
			return &type_none;
		struct type *a = sema_expr(S, n->args), *b = sema_expr(S, n->args->next);
		int64_t len = 0;
		if ((a->kind != TY_NONE && !sema_is_str(a)) || (b->kind != TY_NONE && !sema_is_str(b)))
			sema_err(S, &n->loc, "strncmp() compares two strings");
		if (!sema_const_int(n->args->next->next, &len) || len < 0)
			sema_err(S, &n->args->next->next->loc, "strncmp() takes a length literal");
		else
			n->args->next->next->type = &type_s64;
		n->aux = len;
		return &type_u64;
	}
	case F_GLOBMATCH: {
		if (!want_args(S, n, 2, 2))
			return &type_none;
		struct node *pat = n->args->next;
		struct type *t = sema_expr(S, n->args);
		if (t->kind != TY_NONE && t->kind != TY_STR) {
			sema_err(S, &n->args->loc, "globmatch() matches a string, not %s", type_str_name(t));
			return &type_none;
		}
		if (pat->kind != N_STRING) {
			sema_err(S, &pat->loc, "globmatch() takes its pattern as a string literal");
			sema_expr(S, pat);
			return &type_none;
		}
		pat->type = type_str(pat->str_len + 1);
		struct glob_tok tok[GLOB_MAX_TOKENS];
		int ntok = glob_compile(pat->str, tok);
		if (ntok == -EINVAL) {
			sema_err(S, &pat->loc, "globmatch(): the pattern has a '[' without its ']'");
			return &type_none;
		}
		/* the matcher is unrolled over the string: a jump must span less than 32767 instructions */
		if (ntok < 0 || (t->kind == TY_STR && glob_cost(tok, ntok, t->size) > 4096)) {
			sema_err(S, &pat->loc, "globmatch(): the pattern is too long for a string of %u bytes (at most %d "
				 "tokens; stars and classes cost more)", t->kind == TY_STR ? t->size : 0, GLOB_MAX_TOKENS);
			return &type_none;
		}
		return &type_bool;
	}
	case F_MEMCMP: {
		if (!want_args(S, n, 3, 3))
			return &type_none;
		struct node *cnt = n->args->next->next;
		struct type *t[2] = { sema_expr(S, n->args), sema_expr(S, n->args->next) };
		int64_t len = 0;
		for (int i = 0; i < 2; i++) {
			struct node *a = i ? n->args->next : n->args;
			if (t[i]->kind != TY_NONE && t[i]->kind != TY_STR && t[i]->kind != TY_ARRAY) {
				sema_err(S, &a->loc, "memcmp() compares strings and arrays, not %s", type_str_name(t[i]));
				return &type_none;
			}
		}
		if (!sema_const_int(cnt, &len) || len < 0) {
			sema_err(S, &cnt->loc, "memcmp() takes a byte count literal");
			return &type_none;
		}
		cnt->type = &type_s64;
		for (int i = 0; i < 2; i++)
			if (t[i]->kind != TY_NONE && (uint64_t)len > t[i]->size) {
				sema_err(S, &cnt->loc, "memcmp() compares %lld bytes, but %s has only %u", (long long)len,
					 type_str_name(t[i]), t[i]->size);
				return &type_none;
			}
		n->aux = len;
		return &type_s64;
	}
	case F_STRCONTAINS: {
		if (!want_args(S, n, 2, 2))
			return &type_none;
		struct type *a = sema_expr(S, n->args), *b = sema_expr(S, n->args->next);
		if ((a->kind != TY_NONE && !sema_is_str(a)) || (b->kind != TY_NONE && !sema_is_str(b)))
			sema_err(S, &n->loc, "strcontains() takes two strings");
		return &type_u64;
	}
	case F_TIME: {
		if (!want_args(S, n, 0, 1))
			return &type_void;
		const char *fmt = "%H:%M:%S\n";
		if (n->args) {
			if (n->args->kind != N_STRING) {
				sema_err(S, &n->args->loc, "time() takes a format string literal");
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
			if (!sema_const_int(n->args, &code) || code < 0 || code > 255) {
				sema_err(S, &n->args->loc, "exit() takes an exit status from 0 to 255");
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
		struct type *t = sema_expr(S, n->args);
		if (!sema_is_scalar(t) && !sema_is_str(t) && t->kind != TY_NONE) {
			sema_err(S, &n->args->loc, "str() takes a pointer or a string, not %s", type_str_name(t));
			return &type_none;
		}
		uint32_t size = sema_str_size(S);
		if (n->args->next) {
			int64_t len;
			struct type *lt = sema_expr(S, n->args->next);
			if (!sema_is_scalar(lt) && lt->kind != TY_NONE)
				sema_err(S, &n->args->next->loc, "str() length must be an integer");
			if (sema_const_int(n->args->next, &len)) {
				if (len <= 0)
					sema_err(S, &n->args->next->loc, "str() length must be positive");
				else if (len < (int64_t)size)
					/* as bpftrace: str(p, n) holds n - 1 characters and the NUL */
					size = len;
			}
		}
		if (sema_is_str(t) && t->size < size)
			size = t->size;
		return type_str(size);
	}
	case F_PRINT: {
		if (!want_args(S, n, 1, 3))
			return &type_void;
		struct node *a = n->args;
		if (a->kind == N_MAP && !a->args) {
			if (S->report && !sema_get_map(S, a)->agg_known)
				sema_err(S, &a->loc, "@%s is printed but never assigned", a->name);
			struct sema_map *m = sema_get_map(S, a);
			a->type = &type_void;
			bool ts = m->agg_known && m->agg == AGG_TSERIES;
			for (struct node *x = a->next; x; x = x->next) {
				struct type *t = sema_expr(S, x);
				if (!sema_is_scalar(t) && t->kind != TY_NONE)
					sema_err(S, &x->loc, ts ? "print() min and max must be integers"
						 : "print() top and div must be integers");
			}
			/* a time series has no top: its arguments are the graph's range */
			if (S->report && ts && a->next && !a->next->next)
				sema_err(S, &n->loc, "print() of tseries() map @%s takes a range: print(@%s, MIN, MAX)",
					 a->name, a->name);
			n->aux = -1;
			return &type_void;
		}
		if (a->next) {
			sema_err(S, &a->next->loc, "print() of a value takes one argument");
			return &type_void;
		}
		struct type *t = sema_expr(S, a);
		if (t->kind == TY_VOID || t->kind == TY_AGG) {
			sema_err(S, &a->loc, "print() cannot print %s", type_str_name(t));
			return &type_void;
		}
		n->aux = sema_add_fmt(S, EV_PRINT_VALUE, NULL, a, &n->loc);
		return &type_void;
	}
	case F_DELETE: {
		if (!n->args) {
			want_args(S, n, 1, 2);
			return &type_void;
		}
		struct node *a = n->args;
		if (a->kind != N_MAP) {
			sema_err(S, &a->loc, "delete() takes a map element like @m[key]");
			return &type_void;
		}
		if (a->next) {
			/* delete(@m, key): the newer spelling */
			if (a->args || a->next->next) {
				sema_err(S, &a->next->loc, "delete() takes @m[key] or @m, key");
				return &type_void;
			}
			a->args = a->next;
			a->next = NULL;
		}
		sema_map_ref(S, a);
		a->type = &type_void;
		/* bpftrace's delete() says whether the key was there */
		return &type_bool;
	}
	case F_CLEAR:
	case F_ZERO:
		if (want_args(S, n, 1, 1))
			sema_check_map_arg(S, n, n->args, false);
		return &type_void;
	case F_UNKNOWN: {
		int bidx, b = builtin_lookup(n->name, &bidx);
		if (b >= 0 && b != BI_ARG && b != BI_SARG && b != BI_ARGS)
			return sema_builtin_call(S, n, b);
		const char *best = NULL;
		int bd = 3;
		for (int f = F_UNKNOWN + 1; f < F_KIND_MAX; f++) {
			int d = edit_distance(n->name, func_name(f));
			if (d < bd) {
				bd = d;
				best = func_name(f);
			}
		}
		if (best)
			sema_err(S, &n->loc, "unknown function '%s'; did you mean '%s'?", n->name, best);
		else
			sema_err(S, &n->loc, "unknown function '%s'", n->name);
		return &type_none;
	}
	default:
		return sema_stdlib_call(S, n);
	}
}
