/* sema_prog.c: the checker's driver: probes and their attach points, config, map layouts. */
#include "sema_priv.h"
#include "probe.h"
#include "runtime.h"
#include "cdefs.h"
#include "syscall_tp.h"
#include "dwunwind.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- probes ---- */

/* Which attach points one program can serve: the same program type, begin/end and tracepoints apart. */
static int share_class(const struct ast_attach *a)
{
	size_t n = strcspn(a->text, ":");
	char prefix[32];

	if (n >= sizeof(prefix))
		return -1;
	memcpy(prefix, a->text, n);
	prefix[n] = '\0';
	int kind = probe_kind_lookup(prefix);
	if (kind < 0)
		return -1;
	return (int)probe_info(kind)->prog_type * 4 + (kind == PROBE_BEGIN || kind == PROBE_END) +
	       2 * (kind == PROBE_TRACEPOINT);
}

/* Keeps in head's list the attach points that can share its program and returns the others, in order. */
static struct ast_attach *split_off(struct ast_attach *head)
{
	int cls = share_class(head);
	struct ast_attach **keep = &head->next, *rest = NULL, **rest_tail = &rest;

	for (struct ast_attach *a = head->next, *next; a; a = next) {
		next = a->next;
		a->next = NULL;
		if (share_class(a) == cls) {
			*keep = a;
			keep = &a->next;
		} else {
			*rest_tail = a;
			rest_tail = &a->next;
		}
	}
	*keep = NULL;
	return rest;
}

/*
 * As bpftrace, a block may list attach points that one program cannot
 * serve (`rawtracepoint:a, fentry:b`, `BEGIN, interval:s:1`): the block is
 * checked and compiled once per group of them, each with its own copy of the
 * code (the first group keeps the original). Attach points whose `args`
 * differ are grouped after expansion (sema_regroup.c).
 */
static void split_probes(struct ast_program *ast)
{
	for (struct ast_probe *p = ast->probes; p; p = p->next) {
		if (!p->attach || !p->attach->next)
			continue;
		struct ast_attach *rest = split_off(p->attach);
		struct ast_probe *after = p;
		while (rest) {
			/* the next group: rest's first attach point and its class */
			struct ast_probe *c = arena_alloc(sizeof(*c));
			*c = *p;
			c->pred = ast_clone(p->pred);
			c->body = ast_clone(p->body);
			c->attach = rest;
			rest = split_off(rest);
			c->next = after->next;
			after->next = c;
			after = c;
			ast->nprobes++;
		}
		p = after;
	}
}

static int expand_probe(struct sema *S, struct ast_probe *p, struct probe_sema *ps)
{
	attach_vec aps = { 0 };
	int bad = 0;

	/*
	 * A point alone in its block is an error when missing, unless config
	 * missing_probes = warn/ignore: then it is skipped as one among others
	 * is (with a warning unless ignore), and the block goes below.
	 */
	bool alone = !p->attach->next && S->missing_probes == MISSING_ERROR;
	for (struct ast_attach *a = p->attach; a; a = a->next)
		if (probe_expand(a, alone, &aps) < 0)
			bad++;
	if (!bad && aps.len == 0) {
		/* as a missing tracepoint: config missing_probes = warn/ignore lets the block go */
		if (S->missing_probes != MISSING_ERROR) {
			/* a lone point was warned about as it was skipped */
			if (S->missing_probes == MISSING_WARN && p->attach->next)
				diag_warn(&p->attach->loc, "no attach point of this probe matches anything on this "
							   "kernel: skipped");
			vec_free(&aps);
			return -ENOENT;
		}
		diag_error(&p->attach->loc, "no attach point of this probe matches anything on this kernel");
		bad++;
	}
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
		    /* `BEGIN,END { }` is one program run twice (attach.c rt_run_special) */
		    probe_is_special(ps->aps[i].kind) != probe_is_special(ps->kind)) {
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
		/* each USDT call site keeps its arguments in its own places: one program per site */
		if (ap->kind == PROBE_USDT)
			ps->uses_args = true;
		if (ap->kind == PROBE_FENTRY || ap->kind == PROBE_FEXIT || ap->kind == PROBE_ITER)
			ps->uses_args = true;
		if (ap->kind != PROBE_TRACEPOINT)
			continue;
		if (!tracefs_dir()) {
			diag_error(&ap->loc, "cannot read tracepoint %s:%s: tracefs is not available", ap->target,
				   ap->func);
			return -EINVAL;
		}
		ps->args[i] = tracefs_tp_format(ap->target, ap->func);
		if (ps->args[i])
			continue;
		/*
		 * As bpftrace: a missing tracepoint among a block's others is
		 * skipped with a warning; a block left with none is an error
		 * unless config missing_probes says warn or ignore.
		 */
		if (ps->naps > 1) {
			if (S->missing_probes != MISSING_IGNORE)
				diag_warn(&ap->loc, "tracepoint not found: %s:%s", ap->target, ap->func);
			memmove(ap, ap + 1, sizeof(*ap) * (ps->naps - i - 1));
			ps->naps--;
			i--;
			continue;
		}
		if (S->missing_probes == MISSING_ERROR) {
			diag_error(&ap->loc, "tracepoint not found: %s:%s", ap->target, ap->func);
			diag_note("sonde -l 'tracepoint:%s:*' lists the tracepoints of that category; "
				  "config = { missing_probes = \"warn\" } skips missing probes", ap->target);
			return -EINVAL;
		}
		if (S->missing_probes == MISSING_WARN)
			diag_warn(&ap->loc, "Unable to attach probe: %s. Skipping.", ap->name);
		return -ENOENT;
	}
	return 0;
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

static void apply_decl(struct sema *S, struct map_desc *d);

/* One of sonde's own maps (ring buffer, counters, scratch, stacks, ...), at id. */
static void internal_map(struct sonde_prog *p, int id, enum map_role role, const char *name,
			 enum bpf_map_type type, uint32_t key_size, uint32_t value_size, uint32_t max_entries)
{
	p->maps[id] = (struct map_desc){ .id = id, .role = role, .name = name, .bpf_type = type,
					 .key_size = key_size, .value_size = value_size,
					 .max_entries = max_entries, .fd = -1 };
}

static void build_maps(struct sema *S)
{
	struct sonde_prog *p = S->prog;
	int n = S->maps.len;

	/* strings too long for the stack live in the scratch map: lowering sizes it (lower_far.c) */
	/* at 256 too: a tuple or a key holding such a string is larger */
	if (p->config.max_strlen >= PROG_STACK_STRLEN || sema_big_copies(false))
		p->far_slots = true;
	if (p->far_slots && !S->scratch_size)
		S->scratch_size = 8;
	uint32_t zero_size = 0;   /* the largest tseries() ring: MAP_ZERO's value */
	for (int i = 0; i < n; i++)
		if (S->maps.data[i].agg_known && S->maps.data[i].agg == AGG_TSERIES &&
		    S->maps.data[i].ts_n * sizeof(struct agg_tseries_bucket) > zero_size)
			zero_size = S->maps.data[i].ts_n * sizeof(struct agg_tseries_bucket);
	p->nuser_maps = n;
	/* dw_ustack: its row table and frame buffer, once; the buffer holds the largest limit */
	uint32_t dw_frames = 0;
	for (size_t i = 0; i < S->stacks.len; i++)
		if (S->stacks.data[i]->stack_dwarf && 8u * S->stacks.data[i]->stack_limit > dw_frames)
			dw_frames = 8u * S->stacks.data[i]->stack_limit;
	p->nmaps = n + 2 + (zero_size > 0) + (S->scratch_size > 0) + S->stacks.len + (S->skb_paths.len > 0) + S->ntail_maps +
		   2 * (dw_frames > 0);
	p->maps = arena_alloc(sizeof(*p->maps) * p->nmaps);
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
		d->ts_interval_ns = m->ts_interval;
		d->ts_intervals = m->ts_n;
		d->ts_agg = m->ts_agg;
		d->max_keys = m->nkeys > 0 ? p->config.max_map_keys : 1;
		uint64_t per_key = 1;   /* entries one user key takes: hist maps key each bucket */
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
			per_key = d->agg == AGG_HIST ? (64u << d->hist_bits) + 2
				: (uint64_t)((d->lhist_max - d->lhist_min) / d->lhist_step) + 2;
			break;
		case AGG_TSERIES:
			d->value_size = d->ts_intervals * sizeof(struct agg_tseries_bucket);
			break;
		default:
			break;
		}
		/* let @h = hash(N) caps the user's keys; each brings all its buckets */
		apply_decl(S, d);
		uint64_t entries = (uint64_t)d->max_keys * per_key;
		/* hist buckets multiply a map's entries: keep them within reason */
		d->max_entries = entries > 1u << 22 ? 1u << 22 : (uint32_t)entries;
	}
	p->ringbuf_map = n;
	internal_map(p, n, MAP_RINGBUF, "ringbuf", BPF_MAP_TYPE_RINGBUF, 0, 0, p->config.ringbuf_size);
	p->counters_map = n + 1;
	internal_map(p, n + 1, MAP_COUNTERS, "counters", BPF_MAP_TYPE_ARRAY, 4, 8 * (COUNTER_NUM + n), 1);
	p->scratch_map = -1;
	p->zero_map = -1;
	int next = n + 2;
	if (zero_size) {
		p->zero_map = next;
		internal_map(p, next++, MAP_ZERO, "zero", BPF_MAP_TYPE_ARRAY, 4, zero_size, 1);
	}
	if (S->scratch_size) {
		p->scratch_map = next;
		internal_map(p, next++, MAP_SCRATCH, "scratch", BPF_MAP_TYPE_PERCPU_ARRAY, 4,
			     ALIGN_UP(S->scratch_size, 8), 1);
	}
	/* one stack map per (user or kernel, frame limit, mode) in use */
	for (size_t i = 0; i < S->stacks.len; i++, next++) {
		struct type *t = S->stacks.data[i];
		bool build_id = t->stack_mode == STACK_BUILD_ID;
		if (t->stack_dwarf) {
			internal_map(p, next, MAP_DWSTACK, "dw_ustack", BPF_MAP_TYPE_HASH, 4, 8 * t->stack_limit,
				     p->config.max_map_keys);
			t->stack_map = next;
			continue;
		}
		internal_map(p, next, MAP_STACK, t->stack_user ? "ustack" : "kstack", BPF_MAP_TYPE_STACK_TRACE, 4,
			     (build_id ? sizeof(struct bpf_stack_build_id) : 8) * t->stack_limit,
			     p->config.max_map_keys);
		p->maps[next].map_flags = build_id ? BPF_F_STACK_BUILD_ID : 0;
		t->stack_map = next;
	}
	p->dw_rows_map = p->dw_frames_map = -1;
	if (dw_frames) {
		/* the rows' count is known when the map is created (load.c) */
		p->dw_rows_map = next;
		internal_map(p, next++, MAP_DWROWS, "dw_rows", BPF_MAP_TYPE_ARRAY, 4, sizeof(struct dw_row), 1);
		p->dw_frames_map = next;
		internal_map(p, next++, MAP_DWFRAMES, "dw_frames", BPF_MAP_TYPE_PERCPU_ARRAY, 4, dw_frames, 1);
	}
	p->skb_map = -1;
	p->nskb_paths = S->skb_paths.len;
	if (S->skb_paths.len) {
		p->skb_paths = arena_alloc(sizeof(*p->skb_paths) * S->skb_paths.len);
		memcpy(p->skb_paths, S->skb_paths.data, sizeof(*p->skb_paths) * S->skb_paths.len);
		p->skb_map = next;
		/* one perf buffer per possible CPU: load.c sizes it */
		internal_map(p, next++, MAP_SKB, "skboutput", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 0);
	}
	S->tail_base = next;
	for (int i = 0; i < S->ntail_maps; i++, next++)
		internal_map(p, next, MAP_PROG_ARRAY, "syscalls", BPF_MAP_TYPE_PROG_ARRAY, 4, 4, syscall_tp_max_nr());
}

/*
 * bpftrace's config keys that change nothing in sonde (its own limits,
 * caches and logs): accepted with a warning so that scripts run unmodified.
 */
static const char *const ignored_config[] = {
	"on_stack_limit", "log_size", "max_bpf_progs", "max_probes", "perf_rb_pages",
	"max_type_res_iterations", "show_debug_info", "cache_user_symbols", "license",
	"symbol_source", "use_blazesym", "max_ast_nodes", "stack_limit",
};

/* "BPFTRACE_MAX_STRLEN" is "max_strlen": the environment variable's spelling */
static const char *config_key(const char *key)
{
	if (strncmp(key, "BPFTRACE_", 9))
		return key;
	char *k = arena_strdup(key + 9);
	for (char *p = k; *p; p++)
		*p = tolower((unsigned char)*p);
	return k;
}

/* One config setting, from the script's config block (loc) or the environment (loc NULL). */
static void apply_config(struct sema *S, const char *spelled, const struct node *value, const struct loc *loc)
{
	struct prog_config *c = &S->prog->config;
	int64_t v = 0;
	bool is_int = sema_const_int((struct node *)value, &v);
	bool is_bool_str = value->kind == N_STRING && (!strcmp(value->str, "true") || !strcmp(value->str, "false"));
	const char *key = config_key(spelled);
	bool ignored = false;

	for (size_t i = 0; i < ARRAY_SIZE(ignored_config); i++)
		ignored |= !strcmp(key, ignored_config[i]);
	if (ignored) {
		if (loc)
			diag_warn(loc, "config %s has no effect in sonde", spelled);
	} else if (!strncmp(key, "unstable_", 9)) {
		/*
		 * bpftrace's switches for its unstable features: sonde's are on
		 * (&, imports, map declarations), but for dw_ustack's
		 */
		const char *m = value->kind == N_STRING ? value->str : value->kind == N_IDENT ? value->name : "";
		int mode = !strcmp(m, "warn") ? UNSTABLE_WARN : !strcmp(m, "enable") ? UNSTABLE_ENABLE
			 : !strcmp(m, "error") ? UNSTABLE_ERROR : -1;
		if (mode < 0)
			diag_error(loc, "%s must be enable, warn or error", spelled);
		else if (!strcmp(key, "unstable_dw_ustack"))
			S->unstable_dw_ustack = mode;
	} else if (!strcmp(key, "stack_mode")) {
		const char *m = value->kind == N_STRING ? value->str : "";
		if (!strcmp(m, "bpftrace"))
			S->stack_mode = STACK_BPFTRACE;
		else if (!strcmp(m, "perf"))
			S->stack_mode = STACK_PERF;
		else if (!strcmp(m, "raw"))
			S->stack_mode = STACK_RAW;
		else if (!strcmp(m, "build_id"))
			S->stack_mode = STACK_BUILD_ID;
		else
			diag_error(loc, "%s must be bpftrace, perf, raw or build_id", spelled);
	} else if (!strcmp(key, "max_strlen")) {
		if (!is_int || v < 1 || v > PROG_MAX_STRLEN)
			diag_error(loc, "%s must be from 1 to %d", spelled, PROG_MAX_STRLEN);
		else
			c->max_strlen = v;
	} else if (!strcmp(key, "str_trunc_trailer")) {
		/* as bpftrace: a number stands for its digits; "" turns the trailer off */
		if (value->kind == N_STRING)
			c->str_trunc_trailer = arena_strdup(value->str);
		else if (is_int)
			c->str_trunc_trailer = arena_printf("%lld", (long long)v);
		else
			diag_error(loc, "%s must be a string", spelled);
	} else if (!strcmp(key, "max_map_keys")) {
		if (!is_int || v < 1 || v > (1 << 24))
			diag_error(loc, "%s must be from 1 to 16777216", spelled);
		else
			c->max_map_keys = v;
	} else if (!strcmp(key, "max_cat_bytes")) {
		if (!is_int || v < 1 || v > (1 << 24))
			diag_error(loc, "%s must be from 1 to 16777216", spelled);
		else
			c->max_cat_bytes = v;
	} else if (!strcmp(key, "missing_probes")) {
		const char *m = value->kind == N_STRING ? value->str : "";
		if (!strcmp(m, "error"))
			S->missing_probes = MISSING_ERROR;
		else if (!strcmp(m, "warn"))
			S->missing_probes = MISSING_WARN;
		else if (!strcmp(m, "ignore"))
			S->missing_probes = MISSING_IGNORE;
		else
			diag_error(loc, "%s must be error, warn or ignore", spelled);
	} else if (!strcmp(key, "print_maps_on_exit")) {
		if (is_int)
			c->print_maps_on_exit = v != 0;
		else if (is_bool_str)
			c->print_maps_on_exit = !strcmp(value->str, "true");
		else
			diag_error(loc, "%s must be true or false", spelled);
	} else if (!strcmp(key, "cpp_demangle")) {
		if (is_int)
			c->no_demangle = v == 0;
		else if (is_bool_str)
			c->no_demangle = !strcmp(value->str, "false");
		else
			diag_error(loc, "%s must be true or false", spelled);
	} else {
		diag_error(loc, "unknown config key '%s' (known: max_strlen, max_map_keys, max_cat_bytes, "
			   "missing_probes, print_maps_on_exit, stack_mode, str_trunc_trailer, cpp_demangle, "
			   "unstable_dw_ustack)",
			   spelled);
	}
}

/*
 * bpftrace's environment variables for the config keys sonde honours
 * (BPFTRACE_STRLEN is max_strlen's older name); they override the
 * script's config block.
 */
static void config_from_env(struct sema *S)
{
	static const char *const vars[] = {
		"BPFTRACE_STRLEN", "BPFTRACE_MAX_STRLEN", "BPFTRACE_MAX_MAP_KEYS", "BPFTRACE_MAX_CAT_BYTES",
		"BPFTRACE_STACK_MODE", "BPFTRACE_PRINT_MAPS_ON_EXIT", "BPFTRACE_MISSING_PROBES",
		"BPFTRACE_STR_TRUNC_TRAILER", "BPFTRACE_CPP_DEMANGLE",
	};

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *e = getenv(vars[i]);
		bool trailer = !strcmp(vars[i], "BPFTRACE_STR_TRUNC_TRAILER");
		/* an empty trailer is a setting (no trailer), an empty number is not */
		if (!e || (!*e && !trailer))
			continue;
		struct node n = { .kind = N_STRING, .str = e, .str_len = strlen(e) };
		char *end;
		errno = 0;
		unsigned long long v = strtoull(e, &end, 0);
		if (!trailer && *e && !errno && !*end && *e != '-') {
			n.kind = N_INT;
			n.ival = v;
		}
		apply_config(S, i == 0 ? "BPFTRACE_MAX_STRLEN" : vars[i], &n, NULL);
	}
}

static void check_config(struct sema *S, struct ast_program *ast)
{
	for (struct ast_config *k = ast->config; k; k = k->next)
		apply_config(S, k->key, k->value, &k->loc);
	/* as bpftrace: the environment wins over the script's config block */
	config_from_env(S);
}

/*
 * Constants from kernel and C headers that are macros, not enums, so BTF does
 * not have them; bpftrace's tools use these after #include <linux/sched.h>,
 * <linux/socket.h> or <errno.h>.
 */
static const struct sema_macro header_macros[] = {
	/* name, value (no string macros here) */
	{ "TASK_RUNNING", 0 }, { "TASK_INTERRUPTIBLE", 1 }, { "TASK_UNINTERRUPTIBLE", 2 },
	{ "__TASK_STOPPED", 4 }, { "__TASK_TRACED", 8 }, { "EXIT_DEAD", 16 }, { "EXIT_ZOMBIE", 32 },
	{ "TASK_PARKED", 64 }, { "TASK_DEAD", 128 }, { "TASK_WAKEKILL", 256 }, { "TASK_WAKING", 512 },
	{ "TASK_NOLOAD", 1024 }, { "TASK_NEW", 2048 },
	{ "AF_UNSPEC", 0 }, { "AF_UNIX", 1 }, { "AF_LOCAL", 1 }, { "AF_INET", 2 }, { "AF_INET6", 10 },
	{ "AF_NETLINK", 16 }, { "AF_PACKET", 17 },
	{ "O_RDONLY", 0 }, { "O_WRONLY", 1 }, { "O_RDWR", 2 }, { "O_CREAT", 0100 }, { "O_TRUNC", 01000 },
	{ "O_APPEND", 02000 }, { "O_DIRECT", 040000 },
	{ "PAGE_SIZE", 4096 }, { "NSEC_PER_SEC", 1000000000 }, { "NSEC_PER_MSEC", 1000000 },
	{ "NSEC_PER_USEC", 1000 },
	/* <errno.h>: Linux's numbers (asm-generic), for strerror(EPERM) and -ENOENT tests */
	{ "EPERM", 1 }, { "ENOENT", 2 }, { "ESRCH", 3 }, { "EINTR", 4 }, { "EIO", 5 }, { "ENXIO", 6 },
	{ "E2BIG", 7 }, { "ENOEXEC", 8 }, { "EBADF", 9 }, { "ECHILD", 10 }, { "EAGAIN", 11 },
	{ "ENOMEM", 12 }, { "EACCES", 13 }, { "EFAULT", 14 }, { "ENOTBLK", 15 }, { "EBUSY", 16 },
	{ "EEXIST", 17 }, { "EXDEV", 18 }, { "ENODEV", 19 }, { "ENOTDIR", 20 }, { "EISDIR", 21 },
	{ "EINVAL", 22 }, { "ENFILE", 23 }, { "EMFILE", 24 }, { "ENOTTY", 25 }, { "ETXTBSY", 26 },
	{ "EFBIG", 27 }, { "ENOSPC", 28 }, { "ESPIPE", 29 }, { "EROFS", 30 }, { "EMLINK", 31 },
	{ "EPIPE", 32 }, { "EDOM", 33 }, { "ERANGE", 34 }, { "EDEADLK", 35 }, { "ENAMETOOLONG", 36 },
	{ "ENOLCK", 37 }, { "ENOSYS", 38 }, { "ENOTEMPTY", 39 }, { "ELOOP", 40 }, { "EWOULDBLOCK", 11 },
	{ "ENOMSG", 42 }, { "EIDRM", 43 }, { "ECHRNG", 44 }, { "EL2NSYNC", 45 }, { "EL3HLT", 46 },
	{ "EL3RST", 47 }, { "ELNRNG", 48 }, { "EUNATCH", 49 }, { "ENOCSI", 50 }, { "EL2HLT", 51 },
	{ "EBADE", 52 }, { "EBADR", 53 }, { "EXFULL", 54 }, { "ENOANO", 55 }, { "EBADRQC", 56 },
	{ "EBADSLT", 57 }, { "EDEADLOCK", 35 }, { "EBFONT", 59 }, { "ENOSTR", 60 }, { "ENODATA", 61 },
	{ "ETIME", 62 }, { "ENOSR", 63 }, { "ENONET", 64 }, { "ENOPKG", 65 }, { "EREMOTE", 66 },
	{ "ENOLINK", 67 }, { "EADV", 68 }, { "ESRMNT", 69 }, { "ECOMM", 70 }, { "EPROTO", 71 },
	{ "EMULTIHOP", 72 }, { "EDOTDOT", 73 }, { "EBADMSG", 74 }, { "EOVERFLOW", 75 },
	{ "ENOTUNIQ", 76 }, { "EBADFD", 77 }, { "EREMCHG", 78 }, { "ELIBACC", 79 }, { "ELIBBAD", 80 },
	{ "ELIBSCN", 81 }, { "ELIBMAX", 82 }, { "ELIBEXEC", 83 }, { "EILSEQ", 84 }, { "ERESTART", 85 },
	{ "ESTRPIPE", 86 }, { "EUSERS", 87 }, { "ENOTSOCK", 88 }, { "EDESTADDRREQ", 89 },
	{ "EMSGSIZE", 90 }, { "EPROTOTYPE", 91 }, { "ENOPROTOOPT", 92 }, { "EPROTONOSUPPORT", 93 },
	{ "ESOCKTNOSUPPORT", 94 }, { "EOPNOTSUPP", 95 }, { "EPFNOSUPPORT", 96 }, { "EAFNOSUPPORT", 97 },
	{ "EADDRINUSE", 98 }, { "EADDRNOTAVAIL", 99 }, { "ENETDOWN", 100 }, { "ENETUNREACH", 101 },
	{ "ENETRESET", 102 }, { "ECONNABORTED", 103 }, { "ECONNRESET", 104 }, { "ENOBUFS", 105 },
	{ "EISCONN", 106 }, { "ENOTCONN", 107 }, { "ESHUTDOWN", 108 }, { "ETOOMANYREFS", 109 },
	{ "ETIMEDOUT", 110 }, { "ECONNREFUSED", 111 }, { "EHOSTDOWN", 112 }, { "EHOSTUNREACH", 113 },
	{ "EALREADY", 114 }, { "EINPROGRESS", 115 }, { "ESTALE", 116 }, { "EUCLEAN", 117 },
	{ "ENOTNAM", 118 }, { "ENAVAIL", 119 }, { "EISNAM", 120 }, { "EREMOTEIO", 121 },
	{ "EDQUOT", 122 }, { "ENOMEDIUM", 123 }, { "EMEDIUMTYPE", 124 }, { "ECANCELED", 125 },
	{ "ENOKEY", 126 }, { "EKEYEXPIRED", 127 }, { "EKEYREVOKED", 128 }, { "EKEYREJECTED", 129 },
	{ "EOWNERDEAD", 130 }, { "ENOTRECOVERABLE", 131 }, { "ERFKILL", 132 }, { "EHWPOISON", 133 },
	{ "ENOTSUP", 95 },
};

const struct sema_macro *sema_macro(struct sema *S, const char *name)
{
	for (size_t i = 0; i < S->macros.len; i++)
		if (!strcmp(S->macros.data[i].name, name))
			return &S->macros.data[i];
	for (size_t i = 0; i < ARRAY_SIZE(header_macros); i++)
		if (!strcmp(header_macros[i].name, name))
			return &header_macros[i];
	return NULL;
}

/* `#define NAME "text"`: the text with \\ and \" unescaped, or NULL if the value is not a string. */
static const char *string_macro(const char *v)
{
	size_t n = strlen(v);
	if (n < 2 || v[0] != '"' || v[n - 1] != '"')
		return NULL;
	char *s = arena_alloc(n), *q = s;
	for (size_t i = 1; i + 1 < n; i++) {
		if (v[i] == '\\' && i + 2 < n)
			i++;
		*q++ = v[i];
	}
	return s;
}

/* `#define NAME 42` / `#define NAME "text"`: the line after the name, trimmed. */
static void collect_macro_line(struct sema *S, const char *line)
{
	char name[128];
	int used = 0;
	if (sscanf(line, " # define %127s %n", name, &used) != 1 || !used)
		return;
	const char *v = line + used;
	size_t vl = strlen(v);
	while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t' || v[vl - 1] == '\r'))
		vl--;
	char *val = arena_strndup(v, vl);
	const char *str = string_macro(val);
	if (str) {
		struct sema_macro m = { arena_strdup(name), 0, str };
		vec_push(&S->macros, m);
		return;
	}
	char *end;
	if (val[0] == '(' && vl > 2 && val[vl - 1] == ')') {
		val[vl - 1] = '\0';
		val++;
	}
	errno = 0;
	long long x = strtoll(val, &end, 0);
	while (*end == 'U' || *end == 'u' || *end == 'L' || *end == 'l')
		end++;
	if (!errno && !*end && end != val) {
		struct sema_macro m = { arena_strdup(name), x, NULL };
		vec_push(&S->macros, m);
	}
}

static void collect_macros(struct sema *S, const char *defs)
{
	for (const char *p = defs; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[512];
		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			collect_macro_line(S, line);
		}
		p = eol ? eol + 1 : NULL;
	}
}

static int collect_decls(struct sema *S, struct ast_program *ast)
{
	static const struct { const char *name; enum bpf_map_type type; } kinds[] = {
		{ "hash", BPF_MAP_TYPE_HASH }, { "lruhash", BPF_MAP_TYPE_LRU_HASH },
		{ "percpuhash", BPF_MAP_TYPE_PERCPU_HASH }, { "percpulruhash", BPF_MAP_TYPE_LRU_PERCPU_HASH },
	};
	int bad = 0;

	for (struct ast_map_decl *d = ast->map_decls; d; d = d->next) {
		struct sema_decl sd = { .name = d->name, .loc = d->loc, .type = BPF_MAP_TYPE_UNSPEC };
		for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
			if (!strcmp(kinds[i].name, d->kind))
				sd.type = kinds[i].type;
		if (sd.type == BPF_MAP_TYPE_UNSPEC) {
			diag_error(&d->loc, "unknown map kind '%s' (hash, lruhash, percpuhash, percpulruhash)", d->kind);
			bad++;
			continue;
		}
		if (d->max_entries < 1 || d->max_entries > (1u << 24)) {
			diag_error(&d->loc, "a map holds from 1 to 16777216 entries");
			bad++;
			continue;
		}
		sd.max_entries = d->max_entries;
		vec_push(&S->decls, sd);
	}
	return bad ? -EINVAL : 0;
}

/* Applies `let @m = kind(N)` to the map's layout. */
static void apply_decl(struct sema *S, struct map_desc *d)
{
	for (size_t i = 0; i < S->decls.len; i++) {
		struct sema_decl *sd = &S->decls.data[i];
		if (strcmp(sd->name, d->name + 1))
			continue;
		sd->used = true;
		d->max_keys = sd->max_entries;
		d->declared = true;
		bool lru = sd->type == BPF_MAP_TYPE_LRU_HASH || sd->type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
		bool percpu = sd->type == BPF_MAP_TYPE_PERCPU_HASH || sd->type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
		/* aggregations are always per CPU; plain values always shared, so reads see every write */
		if (d->agg != AGG_NONE)
			d->bpf_type = lru ? BPF_MAP_TYPE_LRU_PERCPU_HASH : BPF_MAP_TYPE_PERCPU_HASH;
		else
			d->bpf_type = lru ? BPF_MAP_TYPE_LRU_HASH : BPF_MAP_TYPE_HASH;
		if (percpu && d->agg == AGG_NONE)
			diag_warn(&sd->loc, "@%s holds plain values: sonde keeps them in a shared map, not per CPU",
				  sd->name);
	}
}

static void check_probe(struct sema *S, struct probe_sema *ps)
{
	S->probe = ps;
	ps->args_refs = ps->args_fields = 0;
	ps->args_words = 0;
	S->vars.len = 0;
	S->scope = 0;
	S->loops = 0;
	if (ps->ast->pred)
		sema_cond(S, ps->ast->pred);
	sema_stmts(S, ps->ast->body);
}

/* Maps read while their value was unknown, and not yet written: int64 (see check_program). */
static bool guess_map_values(struct sema *S)
{
	bool guessed = false;

	for (size_t i = 0; i < S->maps.len; i++) {
		struct sema_map *m = &S->maps.data[i];
		if (m->read_unknown && !m->value && !m->agg_known) {
			m->value = &type_s64;
			guessed = true;
		}
	}
	return guessed;
}

static void sema_free(struct sema *S)
{
	vec_free(&S->maps);
	vec_free(&S->fmts);
	vec_free(&S->strings);
	vec_free(&S->vars);
	vec_free(&S->macros);
	vec_free(&S->stacks);
	vec_free(&S->skb_paths);
	vec_free(&S->decls);
}

/* The checker proper, after the C definitions and the probes' attach points. */
static int check_program(struct sema *S, struct ast_program *ast, struct sonde_prog *prog,
			 struct sema_result *out)
{
	int errs = diag_error_count(), bad = 0, i = 0;

	check_config(S, ast);
	sema_big_copies(true);
	probe_set_quiet_missing(S->missing_probes == MISSING_IGNORE);
	prog->config.missing_probes = S->missing_probes;
	collect_macros(S, ast->c_definitions);
	if (cdefs_load(ast->c_definitions) < 0)
		return -EINVAL;
	if (collect_decls(S, ast) < 0)
		return -EINVAL;
	if (diag_error_count() > errs)
		return -EINVAL;
	split_probes(ast);
	out->probes = arena_alloc(sizeof(*out->probes) * (ast->nprobes ? ast->nprobes : 1));
	bool had_probes = ast->probes != NULL;
	for (struct ast_probe **pp = &ast->probes; *pp;) {
		int err = expand_probe(S, *pp, &out->probes[i]);
		if (err == -ENOENT) {
			/* missing_probes = warn/ignore: the block goes */
			*pp = (*pp)->next;
			ast->nprobes--;
			continue;
		}
		if (err)
			bad++;
		pp = &(*pp)->next;
		i++;
	}
	out->nprobes = ast->nprobes;
	if (bad)
		return -EINVAL;
	sema_regroup_args(ast, out);
	if (!ast->probes) {
		diag_error(NULL, had_probes ? "attachment failed for all probes" : "the program has no probes");
		return -EINVAL;
	}

	/*
	 * Settle map types silently, then check once more reporting errors.
	 * A map read before anything decides its value (`$n = @x; @x = $n + 1`,
	 * or through several probes) holds int64 until a write says otherwise,
	 * as in bpftrace: that guess is made only when the passes stop
	 * changing, so a write anywhere in the script wins over it.
	 */
	for (int pass = 0; pass < 16; pass++) {
		S->changed = false;
		S->errors = 0;
		S->fmts.len = 0;
		for (i = 0; i < out->nprobes; i++)
			check_probe(S, &out->probes[i]);
		if (!S->changed && !guess_map_values(S))
			break;
	}
	S->report = true;
	S->errors = 0;
	S->fmts.len = 0;
	for (i = 0; i < out->nprobes; i++) {
		check_probe(S, &out->probes[i]);
		struct probe_sema *ps = &out->probes[i];
		sema_settle_vars(S);
		ps->nvars = S->vars.len;
		ps->vars = arena_alloc(sizeof(*ps->vars) * (S->vars.len ? S->vars.len : 1));
		if (S->vars.len)
			memcpy(ps->vars, S->vars.data, sizeof(*ps->vars) * S->vars.len);
	}
	if (S->errors)
		return -EINVAL;
	for (i = 0; i < out->nprobes; i++)
		sema_plan_raw_syscalls(S, &out->probes[i]);
	build_maps(S);
	for (i = 0; i < out->nprobes; i++)
		for (int a = 0; a < out->probes[i].naps; a++)
			if (out->probes[i].aps[a].raw_sys && out->probes[i].aps[a].tail_map >= 0)
				out->probes[i].aps[a].tail_map += S->tail_base;
	/* as bpftrace: a declaration no statement uses is most likely a typo */
	for (size_t i = 0; i < S->decls.len; i++)
		if (!S->decls.data[i].used)
			diag_warn(&S->decls.data[i].loc, "unused map: @%s", S->decls.data[i].name);
	prog->nfmts = S->fmts.len;
	prog->fmts = arena_alloc(sizeof(*prog->fmts) * (S->fmts.len ? S->fmts.len : 1));
	if (S->fmts.len)
		memcpy(prog->fmts, S->fmts.data, sizeof(*prog->fmts) * S->fmts.len);
	prog->nstrings = S->strings.len;
	prog->strings = arena_alloc(sizeof(*prog->strings) * (S->strings.len ? S->strings.len : 1));
	if (S->strings.len)
		memcpy(prog->strings, S->strings.data, sizeof(*prog->strings) * S->strings.len);
	return 0;
}

int sema_check(struct ast_program *ast, struct sonde_prog *prog, struct sema_result *out)
{
	struct sema S = { .prog = prog };

	if (!prog->config.max_strlen)
		prog->config = (struct prog_config){ .max_strlen = 64, .max_map_keys = 4096,
						     .print_maps_on_exit = true, .ringbuf_size = 1 << 20,
						     .stack_limit = 127, .max_cat_bytes = 10240,
						     .str_trunc_trailer = ".." };
	diag_set_dedupe(true);
	int err = check_program(&S, ast, prog, out);
	diag_set_dedupe(false);
	sema_free(&S);
	return err;
}
