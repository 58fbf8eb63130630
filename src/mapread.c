/*
 * mapread.c: reads BPF maps into user space, merges per-CPU aggregation
 * values into one value per key, groups hist buckets by key, and clears or
 * zeroes maps for clear() and zero().
 *
 * Maps are read with batch lookups (one syscall per few thousand entries),
 * falling back to key-by-key iteration on kernels or map types without them.
 */
#include "runtime_priv.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_FIRST 4096u
/* A hist or lhist has at most a few thousand buckets; more is a corrupt bucket index. */
#define MAX_BUCKETS (1u << 20)
#ifndef ENOTSUPP
#define ENOTSUPP 524   /* the kernel's "operation not supported" for batch ops */
#endif

struct raw {
	uint8_t *keys, *vals;
	size_t n, cap;
	size_t total;     /* entries seen (n, or more when only counting) */
	size_t ksize, vbytes;
};

static void raw_reserve(struct raw *r, size_t more)
{
	if (r->n + more <= r->cap)
		return;
	size_t cap = r->cap ? r->cap : 64;
	while (cap < r->n + more)
		cap *= 2;
	r->keys = xrealloc(r->keys, cap * (r->ksize ? r->ksize : 1));
	r->vals = xrealloc(r->vals, cap * (r->vbytes ? r->vbytes : 1));
	r->cap = cap;
}

static bool batch_unsupported(int err)
{
	return err == EINVAL || err == ENOTSUPP || err == EOPNOTSUPP || err == ENOSYS;
}

/*
 * Appends the map's entries to r. With count_only, each batch overwrites the
 * last (the buffers stay one chunk long) and only r->total grows.
 */
static int read_batch(const struct map_desc *m, struct raw *r, bool count_only)
{
	LIBBPF_OPTS(bpf_map_batch_opts, o);
	size_t toksize = r->ksize > 8 ? r->ksize : 8;
	uint8_t *tok_in = xcalloc(2, toksize), *tok_out = tok_in + toksize;
	uint32_t chunk = m->max_entries < BATCH_FIRST ? m->max_entries : BATCH_FIRST;
	bool first = true;
	int err = 0;

	if (chunk == 0)
		chunk = 1;
	for (;;) {
		raw_reserve(r, chunk);
		uint32_t count = chunk;
		int ret = bpf_map_lookup_batch(m->fd, first ? NULL : tok_in, tok_out, r->keys + r->n * r->ksize,
					       r->vals + r->n * r->vbytes, &count, &o);
		int e = ret < 0 ? errno : 0;
		if (ret < 0 && e == ENOSPC && count == 0 && chunk < (1u << 24)) {
			/* A hash bucket holds more entries than the chunk: retry with room for it. */
			chunk *= 2;
			continue;
		}
		if (ret < 0 && e != ENOENT) {
			err = -e;
			break;
		}
		r->total += count;
		if (!count_only)
			r->n += count;
		if (ret < 0)      /* ENOENT: that was the last batch */
			break;
		memcpy(tok_in, tok_out, toksize);
		first = false;
	}
	free(tok_in);
	return err;
}

static int read_iter(const struct map_desc *m, struct raw *r, bool count_only)
{
	uint8_t *prev = xcalloc(2, r->ksize ? r->ksize : 1), *next = prev + r->ksize;
	bool first = true;

	r->n = r->total = 0;
	while (bpf_map_get_next_key(m->fd, first ? NULL : prev, next) == 0) {
		memcpy(prev, next, r->ksize);
		first = false;
		if (r->total++ > (size_t)m->max_entries * 2 + 16)
			break;  /* keys vanishing under us made iteration restart: stop */
		if (count_only)
			continue;
		raw_reserve(r, 1);
		uint8_t *k = r->keys + r->n * r->ksize;
		memcpy(k, next, r->ksize);
		/* A key deleted since get_next_key is simply skipped. */
		if (bpf_map_lookup_elem(m->fd, k, r->vals + r->n * r->vbytes) == 0)
			r->n++;
	}
	free(prev);
	return 0;
}

static int read_raw(struct runtime *rt, const struct map_desc *m, struct raw *r, bool count_only)
{
	memset(r, 0, sizeof(*r));
	r->ksize = m->key_size;
	r->vbytes = rt_map_value_bytes(rt, m);
	if (m->fd < 0)
		return 0;   /* never created: no program writes it (load.c, maps_used) */
	int err = read_batch(m, r, count_only);
	if (err && batch_unsupported(-err)) {
		r->n = 0;
		err = read_iter(m, r, count_only);
	}
	return err;
}

static int64_t load_s64(const uint8_t *p)
{
	int64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* A plain value as an integer, for output's convenience (sorting by value). */
static int64_t plain_int(const struct map_desc *m, const uint8_t *p)
{
	bool sign = m->value && m->value->is_signed;

	switch (m->value_size) {
	case 1: return sign ? (int64_t)*(const int8_t *)p : (int64_t)*p;
	case 2: { uint16_t v; memcpy(&v, p, 2); return sign ? (int64_t)(int16_t)v : (int64_t)v; }
	case 4: { uint32_t v; memcpy(&v, p, 4); return sign ? (int64_t)(int32_t)v : (int64_t)v; }
	default: return m->value_size >= 8 ? load_s64(p) : 0;
	}
}

/* Folds the per-CPU copies of one value into e->v / e->count. */
static void merge_value(const struct map_desc *m, int ncpus, const uint8_t *v, struct map_entry *e)
{
	size_t stride = ALIGN_UP(m->value_size, 8);

	e->value = v;
	switch (m->agg) {
	case AGG_NONE:
		e->v = plain_int(m, v);
		return;
	case AGG_COUNT:
	case AGG_SUM:
		for (int c = 0; c < ncpus; c++)
			e->v += load_s64(v + c * stride);
		return;
	case AGG_MIN:
	case AGG_MAX:
		for (int c = 0; c < ncpus; c++) {
			struct agg_minmax mm;
			memcpy(&mm, v + c * stride, sizeof(mm));
			if (!mm.set)
				continue;
			if (!e->count || (m->agg == AGG_MIN ? mm.value < e->v : mm.value > e->v))
				e->v = mm.value;
			e->count = 1;
		}
		return;
	case AGG_AVG:
	case AGG_STATS:
		for (int c = 0; c < ncpus; c++) {
			struct agg_avg a;
			memcpy(&a, v + c * stride, sizeof(a));
			e->v += a.total;
			e->count += a.count;
		}
		return;
	case AGG_HIST:
	case AGG_LHIST:
	case AGG_TSERIES:
	case AGG_MAX_KIND:
		return;
	}
}

/*
 * One tseries() slot from the CPUs' copies: the latest epoch any CPU wrote
 * there, and the CPUs' values for that epoch combined as the map's
 * aggregation does (an older epoch on one CPU is a lap of the ring behind).
 */
static void merge_tseries_slot(const struct map_desc *m, int ncpus, const uint8_t *v, size_t stride,
			       uint64_t *epoch_out, int64_t *value_out)
{
	uint64_t epoch = 0, meta = 0;
	int64_t value = 0;
	bool first = true;

	for (int c = 0; c < ncpus; c++) {
		struct agg_tseries_bucket b;
		memcpy(&b, v + c * stride, sizeof(b));
		if (b.epoch > epoch) {
			epoch = b.epoch;
			first = true;
		}
		if (!b.epoch || b.epoch != epoch)
			continue;
		if (first) {
			value = b.value;
			meta = b.meta;
			first = false;
			continue;
		}
		switch (m->ts_agg) {
		case TS_LAST:
			if (b.meta > meta) {
				value = b.value;
				meta = b.meta;
			}
			break;
		case TS_AVG:
			value += b.value;
			meta += b.meta;
			break;
		case TS_SUM:
			value += b.value;
			break;
		case TS_MIN:
			if (b.value < value)
				value = b.value;
			break;
		case TS_MAX:
			if (b.value > value)
				value = b.value;
			break;
		}
	}
	if (m->ts_agg == TS_AVG && meta)
		value /= (int64_t)meta;
	*epoch_out = epoch;
	*value_out = value;
}

/* Each key's ring, merged slot by slot into e->buckets (values) and e->epochs. */
static void merge_tseries(struct runtime *rt, const struct map_desc *m, struct raw *raw, struct mapread *r)
{
	size_t n = m->ts_intervals, stride = ALIGN_UP(m->value_size, 8);
	int ncpus = rt_map_is_percpu(m) ? rt->ncpus : 1;

	r->entries = xcalloc(raw->n ? raw->n : 1, sizeof(*r->entries));
	r->buckets = xcalloc(raw->n * n * 2 + 1, sizeof(*r->buckets));
	for (size_t i = 0; i < raw->n; i++) {
		struct map_entry *e = &r->entries[r->n++];
		const uint8_t *v = raw->vals + i * raw->vbytes;
		e->key = m->key ? raw->keys + i * raw->ksize : NULL;
		e->buckets = r->buckets + i * n * 2;
		e->epochs = e->buckets + n;
		e->nbuckets = (uint32_t)n;
		for (size_t s = 0; s < n; s++) {
			int64_t value;
			merge_tseries_slot(m, ncpus, v + s * sizeof(struct agg_tseries_bucket), stride, &e->epochs[s],
					   &value);
			e->buckets[s] = (uint64_t)value;
		}
	}
}

struct hist_sort {
	const struct raw *raw;
	size_t ukey;      /* bytes of user key before the bucket index */
};

static uint64_t raw_bucket(const struct raw *r, size_t i)
{
	uint64_t b;
	memcpy(&b, r->keys + i * r->ksize + r->ksize - 8, sizeof(b));
	return b;
}

static int compare_hist(const void *a, const void *b, void *arg)
{
	const struct hist_sort *hs = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = memcmp(hs->raw->keys + x * hs->raw->ksize, hs->raw->keys + y * hs->raw->ksize, hs->ukey);
	if (c)
		return c;
	uint64_t bx = raw_bucket(hs->raw, x), by = raw_bucket(hs->raw, y);
	return bx < by ? -1 : bx > by;
}

/* Hist maps hold one entry per (key, bucket): turn them into one entry per key with bucket arrays. */
static void group_hist(struct runtime *rt, const struct map_desc *m, struct raw *raw, struct mapread *r)
{
	size_t n = raw->n, ukey = raw->ksize >= 8 ? raw->ksize - 8 : 0;
	size_t stride = ALIGN_UP(m->value_size, 8);
	int ncpus = rt_map_is_percpu(m) ? rt->ncpus : 1;

	if (raw->ksize < 8 || n == 0)
		return;
	size_t *idx = xmalloc(n * sizeof(*idx));
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (raw_bucket(raw, i) < MAX_BUCKETS)
			idx[kept++] = i;
	struct hist_sort hs = { raw, ukey };
	qsort_r(idx, kept, sizeof(*idx), compare_hist, &hs);

	/* First pass: how many keys, and how many buckets in all. */
	size_t ngroups = 0, total = 0;
	for (size_t i = 0; i < kept;) {
		size_t j = i;
		while (j + 1 < kept && !memcmp(raw->keys + idx[i] * raw->ksize, raw->keys + idx[j + 1] * raw->ksize,
					       ukey))
			j++;
		ngroups++;
		total += raw_bucket(raw, idx[j]) + 1;
		i = j + 1;
	}
	r->entries = xcalloc(ngroups ? ngroups : 1, sizeof(*r->entries));
	r->buckets = xcalloc(total ? total : 1, sizeof(*r->buckets));

	uint64_t *b = r->buckets;
	for (size_t i = 0; i < kept;) {
		struct map_entry *e = &r->entries[r->n++];
		const uint8_t *key = raw->keys + idx[i] * raw->ksize;
		size_t j = i;
		while (j + 1 < kept && !memcmp(key, raw->keys + idx[j + 1] * raw->ksize, ukey))
			j++;
		e->key = m->key && ukey ? key : NULL;
		e->buckets = b;
		e->nbuckets = (uint32_t)(raw_bucket(raw, idx[j]) + 1);
		for (size_t k = i; k <= j; k++) {
			const uint8_t *v = raw->vals + idx[k] * raw->vbytes;
			uint64_t sum = 0;
			for (int c = 0; c < ncpus; c++)
				sum += (uint64_t)load_s64(v + c * stride);
			b[raw_bucket(raw, idx[k])] += sum;
			e->count += sum;
		}
		b += e->nbuckets;
		i = j + 1;
	}
	free(idx);
}

int mapread_read(struct runtime *rt, const struct map_desc *m, struct mapread *r)
{
	struct raw raw;

	memset(r, 0, sizeof(*r));
	int err = read_raw(rt, m, &raw, false);
	r->keys = raw.keys;
	r->vals = raw.vals;
	r->nraw = raw.n;
	if (err)
		return err;
	if (m->agg == AGG_HIST || m->agg == AGG_LHIST) {
		group_hist(rt, m, &raw, r);
		return 0;
	}
	if (m->agg == AGG_TSERIES) {
		merge_tseries(rt, m, &raw, r);
		return 0;
	}
	int ncpus = rt_map_is_percpu(m) ? rt->ncpus : 1;
	r->entries = xcalloc(raw.n ? raw.n : 1, sizeof(*r->entries));
	for (size_t i = 0; i < raw.n; i++) {
		struct map_entry *e = &r->entries[r->n++];
		e->key = m->key ? raw.keys + i * raw.ksize : NULL;
		merge_value(m, ncpus, raw.vals + i * raw.vbytes, e);
	}
	return 0;
}

void mapread_free(struct mapread *r)
{
	free(r->entries);
	free(r->keys);
	free(r->vals);
	free(r->buckets);
	memset(r, 0, sizeof(*r));
}

int mapread_print(struct runtime *rt, const struct map_desc *m, int64_t top, int64_t div)
{
	struct mapread r;

	int err = mapread_read(rt, m, &r);
	if (err) {
		diag_runtime_warn("cannot read map %s: %s", m->name, strerror(-err));
		mapread_free(&r);
		return err;
	}
	output_map(rt->out, rt->opts.format, m, r.entries, r.n, top, div);
	mapread_free(&r);
	return 0;
}

static bool is_array(const struct map_desc *m)
{
	return m->bpf_type == BPF_MAP_TYPE_ARRAY || m->bpf_type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

int mapread_zero(struct runtime *rt, const struct map_desc *m)
{
	struct raw raw;

	int err = read_raw(rt, m, &raw, false);
	if (!err && raw.n) {
		LIBBPF_OPTS(bpf_map_batch_opts, o, .elem_flags = BPF_ANY);
		memset(raw.vals, 0, raw.n * raw.vbytes);
		uint32_t count = (uint32_t)raw.n;
		if (bpf_map_update_batch(m->fd, raw.keys, raw.vals, &count, &o) < 0) {
			for (size_t i = 0; i < raw.n; i++)
				bpf_map_update_elem(m->fd, raw.keys + i * raw.ksize, raw.vals, BPF_ANY);
		}
	}
	free(raw.keys);
	free(raw.vals);
	return err;
}

int mapread_clear(struct runtime *rt, const struct map_desc *m)
{
	struct raw raw;

	if (is_array(m))
		return mapread_zero(rt, m);
	int err = read_raw(rt, m, &raw, false);
	if (!err && raw.n) {
		LIBBPF_OPTS(bpf_map_batch_opts, o);
		uint32_t count = (uint32_t)raw.n;
		if (bpf_map_delete_batch(m->fd, raw.keys, &count, &o) < 0) {
			/* Some keys may be gone already (ENOENT stops the batch): finish one by one. */
			for (size_t i = 0; i < raw.n; i++)
				bpf_map_delete_elem(m->fd, raw.keys + i * raw.ksize);
		}
	}
	free(raw.keys);
	free(raw.vals);
	return err;
}

long mapread_count(struct runtime *rt, const struct map_desc *m)
{
	struct raw raw;
	int err = read_raw(rt, m, &raw, true);
	free(raw.keys);
	free(raw.vals);
	return err ? err : (long)raw.total;
}

uint64_t mapread_counter(struct runtime *rt, uint32_t slot)
{
	struct sonde_prog *p = rt->p;
	uint32_t key = 0;

	if (p->counters_map < 0 || p->counters_map >= p->nmaps)
		return 0;
	const struct map_desc *m = &p->maps[p->counters_map];
	if (m->fd < 0 || slot >= m->value_size / sizeof(uint64_t))
		return 0;
	if (bpf_map_lookup_elem(m->fd, &key, rt->counter_buf) < 0)
		return 0;
	return rt->counter_buf[slot];
}
