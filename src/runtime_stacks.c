/*
 * runtime_stacks.c: the runtime's side of stacks and symbols. It owns the
 * symbolizer, answers output's requests for the frames behind a stack id
 * (a lookup in the stack map), keeps user-stack processes' mappings while
 * they live, reports lost stacks, and draws -o x.svg flame graphs.
 *
 * Short-lived processes: a user stack in a map key carries its pid, but the
 * map is printed at exit, when the process may be long gone and its
 * /proc/PID/maps with it. So while the script runs, every 100 ms the maps
 * that hold user stacks (or usym() values) are scanned for pids not seen
 * yet, and those processes' mappings are captured (one read of
 * /proc/PID/maps each). Stacks in printf() and print() are resolved when the
 * event arrives. A process that lives less than the scan interval can still
 * be missed: its frames then print as "[unknown]", never as a wrong name.
 */
#include "runtime_priv.h"
#include "render.h"
#include "symbolize.h"
#include "demangle.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PID_SCAN_NS (100 * 1000000ull)
/* Pids remembered as noted, so that a big map is not re-noted every scan. */
#define SEEN_MAX 65536

struct seen {
	int *pids;
	size_t n, cap;
};

/* The pids noted so far; one runtime at a time owns the resolver, so one set. */
static struct seen seen_pids;

static int stack_frames(void *ctx, const struct type *t, int64_t id, uint64_t *ips, int max)
{
	struct runtime *rt = ctx;
	struct sonde_prog *p = rt->p;

	if (t->stack_map < 0 || t->stack_map >= p->nmaps)
		return -ENOENT;
	const struct map_desc *m = &p->maps[t->stack_map];
	if ((m->role != MAP_STACK && m->role != MAP_DWSTACK) || m->fd < 0 || m->value_size < 8 || id > UINT32_MAX)
		return -ENOENT;
	uint32_t key = (uint32_t)id;
	/* a build id frame is a struct bpf_stack_build_id, 4 words (output.h); dw_ustack holds addresses */
	size_t per = t->stack_mode == STACK_BUILD_ID && !t->stack_dwarf ? sizeof(struct bpf_stack_build_id) / 8 : 1;
	size_t n = m->value_size / (8 * per);
	uint64_t *buf = xcalloc(n * per, sizeof(*buf));
	if (bpf_map_lookup_elem(m->fd, &key, buf) < 0) {
		int err = -errno;
		free(buf);
		return err;
	}
	if (n > (size_t)max)
		n = (size_t)max;
	memcpy(ips, buf, n * per * sizeof(*ips));
	free(buf);
	return (int)n;
}

void rt_stacks_init(struct runtime *rt)
{
	struct symbolizer_opts so = { .no_demangle = rt->p->config.no_demangle };
	rt->sym = symbolizer_new(&so);
	/* uprobe and USDT sites place the files of processes gone before their events are read */
	for (int i = 0; i < rt->p->nprogs; i++)
		for (int j = 0; j < rt->p->progs[i].naps; j++) {
			const struct attach_point *ap = &rt->p->progs[i].aps[j];
			if (ap->kind == PROBE_UPROBE || ap->kind == PROBE_USDT)
				symbolizer_add_probe_site(rt->sym, ap->target, ap->file_offset);
		}
	free(seen_pids.pids);
	memset(&seen_pids, 0, sizeof(seen_pids));
	rt->svg_out = rt->opts.svg_out;
	struct output_resolver r = { .ctx = rt, .stack_frames = stack_frames, .sym = rt->sym };
	output_set_resolver(&r);
}

void rt_stacks_destroy(struct runtime *rt)
{
	output_set_resolver(NULL);
	free(seen_pids.pids);
	memset(&seen_pids, 0, sizeof(seen_pids));
	symbolizer_free(rt->sym);
	rt->sym = NULL;
	demangle_cache_free();
}

/* ---- pids of user stacks in maps ---- */

/* Offsets, in a value of type t at `base`, of the pids of user stacks and usym values. */
static void pid_offsets(const struct type *t, uint32_t base, uint32_t *offs, int *n, int max)
{
	if (!t || *n >= max)
		return;
	switch (t->kind) {
	case TY_STACK:
		if (t->stack_user)
			offs[(*n)++] = base + offsetof(struct sonde_stack, pid);
		return;
	case TY_USYM:
		offs[(*n)++] = base + offsetof(struct sonde_usym, pid);
		return;
	case TY_TUPLE:
	case TY_RECORD:
		for (int i = 0; i < t->nfields; i++)
			pid_offsets(t->fields[i].type, base + t->fields[i].offset, offs, n, max);
		return;
	default:
		return;
	}
}

static bool seen_add(struct seen *s, int pid)
{
	/* open addressing; a full table forgets everything and starts over */
	if (s->n * 2 >= s->cap) {
		if (s->cap >= SEEN_MAX) {
			memset(s->pids, 0, s->cap * sizeof(*s->pids));
			s->n = 0;
		} else {
			int *old = s->pids;
			size_t oldcap = s->cap;
			s->cap = s->cap ? s->cap * 2 : 256;
			s->pids = xcalloc(s->cap, sizeof(*s->pids));
			s->n = 0;
			for (size_t i = 0; i < oldcap; i++)
				if (old[i])
					seen_add(s, old[i]);
			free(old);
		}
	}
	size_t i = ((unsigned)pid * 2654435761u) & (s->cap - 1);
	while (s->pids[i]) {
		if (s->pids[i] == pid)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->pids[i] = pid;
	s->n++;
	return true;
}

static void note(struct runtime *rt, const uint8_t *p, const uint32_t *offs, int n, size_t size)
{
	for (int i = 0; i < n; i++) {
		uint64_t pid;
		if (offs[i] + sizeof(pid) > size)
			continue;
		memcpy(&pid, p + offs[i], sizeof(pid));
		if (pid > 0 && pid <= INT32_MAX && seen_add(&seen_pids, (int)pid))
			symbolizer_note_pid(rt->sym, (int)pid);
	}
}

static void scan_map(struct runtime *rt, const struct map_desc *m)
{
	uint32_t koffs[16], voffs[16];
	int nk = 0, nv = 0;

	pid_offsets(m->key, 0, koffs, &nk, 16);
	if (m->agg == AGG_NONE)
		pid_offsets(m->value, 0, voffs, &nv, 16);
	if (!nk && !nv)
		return;
	if (nv) {
		/* the pids are in values: read everything */
		struct mapread r;
		if (mapread_read(rt, m, &r) == 0)
			for (size_t i = 0; i < r.n; i++) {
				if (r.entries[i].key)
					note(rt, r.entries[i].key, koffs, nk, m->user_key_size);
				if (r.entries[i].value)
					note(rt, r.entries[i].value, voffs, nv, m->value_size);
			}
		mapread_free(&r);
		return;
	}
	/* keys only: no values copied */
	uint8_t *prev = xcalloc(2, m->key_size ? m->key_size : 1), *next = prev + m->key_size;
	bool first = true;
	size_t guard = (size_t)m->max_entries * 2 + 16;
	while (guard-- && bpf_map_get_next_key(m->fd, first ? NULL : prev, next) == 0) {
		note(rt, next, koffs, nk, m->user_key_size);
		memcpy(prev, next, m->key_size);
		first = false;
	}
	free(prev);
}

void rt_stacks_scan(struct runtime *rt, bool force)
{
	struct sonde_prog *p = rt->p;
	uint64_t now = now_ns(CLOCK_MONOTONIC);

	if (!rt->sym || (!force && now - rt->last_pid_scan_ns < PID_SCAN_NS))
		return;
	rt->last_pid_scan_ns = now;
	for (int i = 0; i < p->nmaps; i++)
		if (p->maps[i].role == MAP_USER && p->maps[i].fd >= 0)
			scan_map(rt, &p->maps[i]);
}

void rt_stacks_report_lost(struct runtime *rt)
{
	struct sonde_prog *p = rt->p;
	bool has_stacks = false;

	for (int i = 0; i < p->nmaps; i++)
		has_stacks |= p->maps[i].role == MAP_STACK;
	if (!has_stacks)
		return;
	uint64_t lost = mapread_counter(rt, COUNTER_STACK_LOST);
	if (!lost)
		return;
	fflush(rt->out);
	fprintf(stderr, "Lost %llu stack%s (the stack map was full or two stacks collided in it)\n",
		(unsigned long long)lost, lost == 1 ? "" : "s");
}

/* ---- -o x.svg ---- */

bool rt_stacks_write_svg(struct runtime *rt)
{
	struct sonde_prog *p = rt->p;
	int nstack_maps = 0;

	if (!rt->svg_out)
		return false;
	for (int i = 0; i < p->nmaps; i++)
		if (p->maps[i].role == MAP_USER && output_map_has_stacks(&p->maps[i]))
			nstack_maps++;
	struct flame_opts o;
	flame_opts_init(&o);
	struct flame *fl = flame_new(&o);
	for (int i = 0; i < p->nmaps; i++) {
		const struct map_desc *m = &p->maps[i];
		struct mapread r;
		if (m->role != MAP_USER || !output_map_has_stacks(m))
			continue;
		if (mapread_read(rt, m, &r) == 0)
			output_map_flame(fl, m, r.entries, r.n, nstack_maps > 1 ? m->name : NULL);
		mapread_free(&r);
	}
	if (!nstack_maps)
		diag_runtime_warn("no map holds stacks: the flame graph is empty");
	if (flame_write_svg(fl, rt->svg_out) < 0)
		diag_runtime_warn("cannot write the flame graph: %s", strerror(errno));
	fflush(rt->svg_out);
	flame_free(fl);
	return nstack_maps > 0;
}
