/*
 * output_tseries.c: tseries() maps, printed as bpftrace prints them: per
 * key, one row per interval from the key's first in the window to the
 * map's latest, each a point on a 53-column graph between the values' minimum
 * and maximum (or print()'s range), with "-" for an interval without values;
 * in JSON, the intervals that have values as {"interval_start", "value"}.
 *
 * The window is the map's last ts_intervals intervals, ending at the latest
 * interval any key wrote: older slots of a ring are a lap behind.
 */
#include "output_priv.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GRAPH_WIDTH 53
#define SCALE_PAD 21   /* the minimum's column over the graph; the maximum takes the rest */

/* The digits of a second's fraction that an interval's size calls for, as bpftrace picks its unit. */
static int unit_digits(uint64_t interval_ns, const char **name)
{
	if (interval_ns >= 1000000000ull) {
		*name = "s";
		return 0;
	}
	if (interval_ns >= 1000000ull) {
		*name = "ms";
		return 3;
	}
	if (interval_ns >= 1000ull) {
		*name = "\xce\xbcs";   /* μs */
		return 6;
	}
	*name = "ns";
	return 9;
}

static void pad(struct sbuf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_putc(b, ' ');
}

static void num_text(char *buf, size_t size, int64_t v, bool is_signed)
{
	if (is_signed)
		snprintf(buf, size, "%" PRId64, v);
	else
		snprintf(buf, size, "%" PRIu64, (uint64_t)v);
}

/* The scale line: the minimum left-aligned in 21 columns, the maximum right-aligned in the rest. */
static void scale_line(struct sbuf *b, size_t indent, int64_t lo, int64_t hi, bool is_signed)
{
	char a[32], z[32];

	num_text(a, sizeof(a), lo, is_signed);
	num_text(z, sizeof(z), hi, is_signed);
	pad(b, indent);
	sb_puts(b, a);
	pad(b, strlen(a) < SCALE_PAD ? SCALE_PAD - strlen(a) : 0);
	size_t right = GRAPH_WIDTH - SCALE_PAD;
	pad(b, strlen(z) < right ? right - strlen(z) : 0);
	sb_puts(b, z);
	sb_putc(b, '\n');
}

static bool less(int64_t a, int64_t b, bool is_signed)
{
	return is_signed ? a < b : (uint64_t)a < (uint64_t)b;
}

/* b - a as bpftrace measures distances on the graph: in float. */
static float span(int64_t a, int64_t b, bool is_signed)
{
	return is_signed ? (float)(b - a) : (float)((uint64_t)b - (uint64_t)a);
}

/* Local wall-clock time of an interval's start, "HH:MM:SS" and the fraction `digits` long. */
static void time_text(struct sbuf *b, int64_t ns, int digits, bool date)
{
	time_t sec = (time_t)(ns >= 0 ? ns / 1000000000 : (ns - 999999999) / 1000000000);
	int64_t frac = ns - (int64_t)sec * 1000000000;
	struct tm tm;
	char s[64];

	localtime_r(&sec, &tm);
	strftime(s, sizeof(s), date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
	sb_puts(b, s);
	if (digits) {
		int64_t scale = 1;
		for (int i = digits; i < 9; i++)
			scale *= 10;
		sb_printf(b, ".%0*" PRId64, digits, frac / scale);
	}
}

void output_tseries_text(struct sbuf *b, const struct ts_row *rows, size_t n, uint64_t interval_ns,
			 bool is_signed, const int64_t *range, int64_t tai_offset_ns)
{
	const char *unit;
	int64_t lo = 0, hi = 0;
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (!rows[i].set)
			continue;
		if (!any || less(rows[i].v, lo, is_signed))
			lo = rows[i].v;
		if (!any || less(hi, rows[i].v, is_signed))
			hi = rows[i].v;
		any = true;
	}
	if (!any) {
		sb_puts(b, "<no data>\n");
		return;
	}
	if (range) {
		lo = range[0];
		hi = range[1];
	}
	if (lo == hi) {
		/* room on both sides of a flat line, unless at the type's limit */
		if (is_signed ? lo > INT64_MIN : (uint64_t)lo > 0)
			lo--;
		if (is_signed ? hi < INT64_MAX : (uint64_t)hi < UINT64_MAX)
			hi++;
	}
	/* as bpftrace: the unit from the rows' spacing, so a single row shows nanoseconds */
	int digits = unit_digits(n > 1 ? (rows[n - 1].epoch - rows[0].epoch) * interval_ns / (n - 1) : 0, &unit);
	size_t time_size = 8 + (digits ? 1 + (size_t)digits : 0);

	scale_line(b, time_size + 1, lo, hi, is_signed);
	size_t mark = b->len;
	sb_puts(b, "hh:mm:ss");
	if (digits) {
		sb_putc(b, '.');
		sb_puts(b, unit);
	}
	pad(b, b->len - mark < time_size + 1 ? time_size + 1 - (b->len - mark) : 0);
	sb_putc(b, '|');
	for (int i = 0; i < GRAPH_WIDTH - 2; i++)
		sb_putc(b, '_');
	sb_puts(b, "|\n");

	int zero = 0;
	if (is_signed && lo < 0 && hi > 0)
		zero = (int)((float)GRAPH_WIDTH * span(lo, 0, true) / span(lo, hi, true));
	for (size_t i = 0; i < n; i++) {
		char line[GRAPH_WIDTH + 1];
		memset(line, ' ', GRAPH_WIDTH);
		line[GRAPH_WIDTH] = 0;
		line[0] = line[GRAPH_WIDTH - 1] = '|';
		if (zero > 0)
			line[zero] = '.';
		time_text(b, (int64_t)(rows[i].epoch * interval_ns) - tai_offset_ns, digits, false);
		sb_putc(b, ' ');
		if (!rows[i].set) {
			sb_puts(b, line);
			sb_puts(b, " -\n");
			continue;
		}
		int at = GRAPH_WIDTH / 2;
		if (lo != hi)
			at = (int)((float)(GRAPH_WIDTH - 1) * span(lo, rows[i].v, is_signed) / span(lo, hi, is_signed));
		/* values outside print()'s range sit on its edges */
		at = at < 0 ? 0 : at > GRAPH_WIDTH - 1 ? GRAPH_WIDTH - 1 : at;
		line[at] = '*';
		char v[32];
		num_text(v, sizeof(v), rows[i].v, is_signed);
		sb_puts(b, line);
		sb_putc(b, ' ');
		sb_puts(b, v);
		sb_putc(b, '\n');
	}
	pad(b, time_size + 1);
	sb_putc(b, 'v');
	for (int i = 0; i < GRAPH_WIDTH - 2; i++)
		sb_putc(b, '_');
	sb_puts(b, "v\n");
	scale_line(b, time_size + 1, lo, hi, is_signed);
}

void output_tseries_json(struct sbuf *b, const struct ts_row *rows, size_t n, uint64_t interval_ns,
			 bool is_signed, int64_t tai_offset_ns)
{
	bool first = true;

	sb_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].set)
			continue;
		sb_puts(b, first ? "{\"interval_start\": \"" : ", {\"interval_start\": \"");
		first = false;
		time_text(b, (int64_t)(rows[i].epoch * interval_ns) - tai_offset_ns, 9, true);
		sb_puts(b, "\", \"value\": ");
		if (is_signed)
			json_int(b, rows[i].v);
		else
			json_uint(b, (uint64_t)rows[i].v);
		sb_putc(b, '}');
	}
	sb_putc(b, ']');
}

size_t output_tseries_rows(const struct map_desc *m, const struct map_entry *e, uint64_t last,
			   struct ts_row *rows)
{
	uint64_t n = m->ts_intervals, lo = last + 1 > n ? last + 1 - n : 1, first = 0;

	if (!e->epochs || n == 0)
		return 0;
	for (uint32_t s = 0; s < e->nbuckets; s++)
		if (e->epochs[s] >= lo && e->epochs[s] <= last && (!first || e->epochs[s] < first))
			first = e->epochs[s];
	if (!first)
		return 0;
	size_t k = 0;
	for (uint64_t ep = first; ep <= last; ep++) {
		uint32_t s = (uint32_t)(ep % n);
		rows[k].epoch = ep;
		rows[k].set = s < e->nbuckets && e->epochs[s] == ep;
		rows[k].v = rows[k].set ? (int64_t)e->buckets[s] : 0;
		k++;
	}
	return k;
}

static uint64_t latest_epoch(const struct map_entry *e)
{
	uint64_t last = 0;
	for (uint32_t s = 0; e->epochs && s < e->nbuckets; s++)
		if (e->epochs[s] > last)
			last = e->epochs[s];
	return last;
}

/* bpftrace's order: the least recently written keys first. */
static int cmp_latest(const void *pa, const void *pb, void *pm)
{
	const struct map_entry *a = pa, *b = pb;
	const struct map_desc *m = pm;
	uint64_t x = latest_epoch(a), y = latest_epoch(b);
	if (x != y)
		return x < y ? -1 : 1;
	if (!a->key || !b->key)
		return 0;
	return memcmp(a->key, b->key, m->user_key_size);
}

/*
 * CLOCK_TAI - CLOCK_REALTIME, in whole seconds (leap seconds): what turns the
 * programs' TAI intervals into wall-clock times. Measured once.
 */
static int64_t tai_offset(void)
{
	static int64_t offset = -1;
	struct timespec tai, real;

	if (offset >= 0)
		return offset;
	if (clock_gettime(CLOCK_TAI, &tai) || clock_gettime(CLOCK_REALTIME, &real))
		return offset = 0;
	int64_t d = ((int64_t)tai.tv_sec - real.tv_sec) * 1000000000 + (tai.tv_nsec - real.tv_nsec);
	offset = (d + 500000000) / 1000000000 * 1000000000;
	return offset < 0 ? (offset = 0) : offset;
}

void output_tseries_map(FILE *f, enum output_format fmt, const struct map_desc *m, struct map_entry *entries,
			size_t n, int64_t rmin, int64_t rmax)
{
	struct sbuf b = { 0 }, tmp = { 0 };
	const char *name = m->name ? m->name : "@";
	bool is_signed = !(m->value && m->value->kind == TY_INT && !m->value->is_signed && m->value->size == 8);
	int64_t range[2] = { rmin, rmax };
	const int64_t *rp = rmin || rmax ? range : NULL;
	uint64_t last = 0;

	if (!entries || n == 0)
		return;
	qsort_r(entries, n, sizeof(*entries), cmp_latest, (void *)m);
	for (size_t i = 0; i < n; i++) {
		uint64_t l = latest_epoch(&entries[i]);
		if (l > last)
			last = l;
	}
	struct ts_row *rows = xcalloc(m->ts_intervals ? m->ts_intervals : 1, sizeof(*rows));
	if (fmt == OUT_JSON) {
		sb_puts(&b, "{\"type\": \"tseries\", \"data\": {");
		json_string(&b, name, strlen(name));
		sb_puts(&b, m->key ? ": {" : ": ");
	}
	for (size_t i = 0; i < n; i++) {
		size_t nrows = output_tseries_rows(m, &entries[i], last, rows);
		if (fmt == OUT_JSON) {
			if (m->key) {
				if (i)
					sb_puts(&b, ", ");
				output_key_json(&b, &tmp, m, entries[i].key);
				sb_puts(&b, ": ");
			}
			output_tseries_json(&b, rows, nrows, m->ts_interval_ns, is_signed, tai_offset());
		} else {
			sb_puts(&b, name);
			if (m->key) {
				sb_putc(&b, '[');
				output_key_text(&b, m, entries[i].key);
				sb_putc(&b, ']');
			}
			sb_puts(&b, ":\n");
			output_tseries_text(&b, rows, nrows, m->ts_interval_ns, is_signed, rp, tai_offset());
			sb_putc(&b, '\n');
		}
		if (!m->key)
			break;
		if (b.len > 1 << 16) {
			fwrite(b.s, 1, b.len, f);
			sb_reset(&b);
		}
	}
	if (fmt == OUT_JSON)
		sb_puts(&b, m->key ? "}}}\n" : "}}\n");
	if (b.len)
		fwrite(b.s, 1, b.len, f);
	free(rows);
	sb_free(&b);
	sb_free(&tmp);
}
