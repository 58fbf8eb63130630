/*
 * hist.c: hist() and lhist() buckets: the bucket of a value (what the
 * generated BPF code computes, see prog.h), a bucket's value range, and the
 * rows bpftrace prints for a histogram.
 */
#include "output_priv.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* hist(n, k) takes k in 0..5 in bpftrace; clamp so shifts stay defined on bad input. */
static int clamp_bits(int k)
{
	if (k < 0)
		return 0;
	if (k > 30)
		return 30;
	return k;
}

int64_t hist_bucket(int64_t n, int k)
{
	k = clamp_bits(k);
	uint64_t mask = (1ULL << k) - 1;

	if (n < 0)
		return 0;
	if ((uint64_t)n <= mask)
		return n + 1;
	int l = 63 - __builtin_clzll((uint64_t)n);
	return ((int64_t)(l - k + 1) << k) + (int64_t)(((uint64_t)n >> (l - k)) & mask) + 1;
}

/*
 * The first value past bucket `index` (index >= 1), i.e. the start of bucket
 * index + 1. The first 2 << k boundaries are the index itself (one value per
 * bucket); after that each group of 2^k buckets covers a power of two.
 * Returns false when the boundary does not fit in 64 bits.
 */
static bool hist_upper(int64_t index, int k, uint64_t *v, int *power, uint64_t *mantissa)
{
	uint64_t n = 1ULL << k;

	if (index <= (int64_t)(2 * n)) {
		*v = (uint64_t)index;
		*power = -1;
		*mantissa = (uint64_t)index;
		return true;
	}
	int64_t p = (index >> k) - 1;
	uint64_t m = n + ((uint64_t)index & (n - 1));
	if (p >= 64 || (p > 0 && m > (UINT64_MAX >> p)))
		return false;
	*v = m << p;
	*power = (int)p;
	*mantissa = m;
	return true;
}

void hist_bucket_range(int64_t index, int k, int64_t *lo, int64_t *hi)
{
	uint64_t v, m;
	int p;

	k = clamp_bits(k);
	if (index <= 0) {
		*lo = INT64_MIN;
		*hi = 0;
		return;
	}
	if (!hist_upper(index - 1, k, &v, &p, &m) || v > (uint64_t)INT64_MAX)
		*lo = INT64_MAX;
	else
		*lo = (int64_t)v;
	/* The last bucket ends at 2^63, one past INT64_MAX: saturate. */
	if (!hist_upper(index, k, &v, &p, &m) || v > (uint64_t)INT64_MAX)
		*hi = INT64_MAX;
	else
		*hi = (int64_t)v;
}

static void label_plain(struct hist_label *l, int64_t v)
{
	l->symbolic = false;
	l->num = v;
	l->unum = (uint64_t)v;
	snprintf(l->text, sizeof(l->text), "%" PRId64, v);
}

static void label_symbolic(struct hist_label *l, uint64_t numeric, const char *text)
{
	l->symbolic = true;
	l->num = (int64_t)numeric;
	l->unum = numeric;
	snprintf(l->text, sizeof(l->text), "%s", text);
}

/* bpftrace labels boundaries past 2 << k with the largest power-of-1024 suffix. */
static void hist_label(struct hist_label *l, int64_t index, int k)
{
	static const char suffix[] = "\0KMGTPE";
	uint64_t v, m;
	int p;
	char text[32];

	if (index <= (int64_t)(2ULL << k)) {
		label_plain(l, index);
		return;
	}
	if (!hist_upper(index, k, &v, &p, &m)) {
		label_symbolic(l, UINT64_MAX, "?");
		return;
	}
	int decade = p / 10;
	if (decade > 6)
		decade = 6;
	uint64_t shown = m << (p - 10 * decade);
	if (suffix[decade])
		snprintf(text, sizeof(text), "%" PRIu64 "%c", shown, suffix[decade]);
	else
		snprintf(text, sizeof(text), "%" PRIu64, shown);
	label_symbolic(l, v, text);
}

/* lhist boundaries get K/M suffixes only when the step is a multiple of 1024. */
static void lhist_label(struct hist_label *l, int64_t number, int64_t step)
{
	const int64_t kilo = 1024, mega = 1024 * 1024;
	char text[32];

	if (step % kilo != 0) {
		label_plain(l, number);
		return;
	}
	if (number != 0 && number % mega == 0)
		snprintf(text, sizeof(text), "%" PRId64 "M", number / mega);
	else if (number != 0 && number % kilo == 0)
		snprintf(text, sizeof(text), "%" PRId64 "K", number / kilo);
	else
		snprintf(text, sizeof(text), "%" PRId64, number);
	label_symbolic(l, (uint64_t)number, text);
}

void hist_view_build(struct hist_view *hv, const struct map_desc *m, const uint64_t *buckets,
		     uint32_t nbuckets, int64_t div)
{
	bool linear = m->agg == AGG_LHIST;
	int k = clamp_bits(m->hist_bits);
	int64_t first = -1, last = -1;

	memset(hv, 0, sizeof(*hv));
	for (uint32_t i = 0; buckets && i < nbuckets; i++) {
		if (buckets[i] == 0)
			continue;
		if (first < 0)
			first = i;
		last = i;
	}
	if (first < 0)
		return;

	int64_t step = m->lhist_step > 0 ? m->lhist_step : 1;
	size_t rows = (size_t)(last - first + 1);
	hv->labels = xcalloc(rows, sizeof(*hv->labels));
	hv->counts = xcalloc(rows, sizeof(*hv->counts));
	hv->nrows = rows;

	if (first != 0) {
		hv->has_lower = true;
		if (linear)
			lhist_label(&hv->lower, m->lhist_min + (first - 1) * step, step);
		else
			hist_label(&hv->lower, first - 1, k);
	}
	for (int64_t i = first; i <= last; i++) {
		size_t r = (size_t)(i - first);
		if (linear) {
			/* The overflow bucket has no upper boundary: it prints "[max, ...)". */
			int64_t b = m->lhist_min + i * step;
			if (b <= m->lhist_max)
				lhist_label(&hv->labels[hv->nlabels++], b, step);
			hv->counts[r] = buckets[i];
		} else {
			hist_label(&hv->labels[hv->nlabels++], i, k);
			hv->counts[r] = div > 1 ? buckets[i] / (uint64_t)div : buckets[i];
		}
	}
}

void hist_view_free(struct hist_view *hv)
{
	free(hv->labels);
	free(hv->counts);
	memset(hv, 0, sizeof(*hv));
}
