/*
 * output_table.c: maps a script declares as tables print as columns under a
 * header line, largest value first (or, with order=asc, smallest first), as
 * bcc's summary tools print them; histograms a script declares print as
 * bcc's print_log2_hist / print_linear_hist do. The declarations are
 * comments, so the script stays valid bpftrace:
 *
 *   // table: @syscalls SYSCALL:-22 COUNT:8
 *   // table: @counts order=asc FUNC:-36 COUNT:8
 *   // hist: @usecs usecs
 *   // hist: @disk_usecs usecs disk = $1
 *
 * The runtime sorts and formats in user space; the programs do not change.
 */
#include "diag.h"
#include "output_priv.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MAX_COLS 16

struct table_col {
	char *header;
	int width;          /* > 0 right-aligned, < 0 left-aligned, 0: the header's width, left */
};

struct table_decl {
	char *map;          /* "@syscalls" */
	struct table_col cols[TABLE_MAX_COLS];
	int ncols;
	bool ascending;     /* order=asc: smallest first, as bcc's funccount and softirqs print */
	struct loc loc;     /* the "@NAME" of the comment, for messages */
};

struct hist_decl {
	char *map;          /* "@usecs" */
	char *unit;         /* the header's value type: "usecs" */
	char *section;      /* the line above each key's histogram, $1..$9 the key fields; NULL: the key */
	int max_field;      /* the largest $N of section */
	struct loc loc;
};

static VEC(struct table_decl) tables;
static VEC(struct hist_decl) hists;

void output_tables_reset(void)
{
	for (size_t i = 0; i < tables.len; i++) {
		free(tables.data[i].map);
		for (int c = 0; c < tables.data[i].ncols; c++)
			free(tables.data[i].cols[c].header);
	}
	vec_free(&tables);
	for (size_t i = 0; i < hists.len; i++) {
		free(hists.data[i].map);
		free(hists.data[i].unit);
		free(hists.data[i].section);
	}
	vec_free(&hists);
}

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *word_end(const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
		p++;
	return p;
}

static struct loc loc_at(const char *src, const char *p, const char *line, int lineno, size_t len)
{
	struct loc l = { .line = lineno, .col = (int)(p - line) + 1, .len = (int)len, .off = (int)(p - src) };
	return l;
}

/* "HEADER[:WIDTH]" */
static int parse_col(struct table_col *c, const char *w, const char *e, const struct loc *l)
{
	const char *colon = memchr(w, ':', e - w);
	char *end;

	c->header = xstrndup(w, (colon ? colon : e) - w);
	c->width = 0;
	if (!colon)
		return 0;
	char *num = xstrndup(colon + 1, e - colon - 1);
	long v = strtol(num, &end, 10);
	bool ok = *num && !*end && v > -1000 && v < 1000;
	free(num);
	if (!ok || !c->header[0]) {
		diag_error(l, "a table column is HEADER or HEADER:WIDTH (negative: left-aligned), e.g. COUNT:8");
		return -EINVAL;
	}
	c->width = (int)v;
	return 0;
}

/* table: @MAP [order=asc|order=desc] HEADER[:WIDTH]... */
static int declare_table(const char *src, const char *p, const char *end, const char *line, int lineno)
{
	struct table_decl t = { 0 };
	const char *w = skip_blank(p, end), *e = word_end(w, end);
	int err = 0;

	t.loc = loc_at(src, w, line, lineno, e - w);
	if (e - w < 2 || w[0] != '@') {
		diag_error(&t.loc, "a table declaration is: // table: @MAP [order=asc] HEADER[:WIDTH]...");
		err = -EINVAL;
	}
	t.map = xstrndup(w, e - w);
	for (w = skip_blank(e, end); w < end && !err; w = skip_blank(e, end)) {
		e = word_end(w, end);
		struct loc l = loc_at(src, w, line, lineno, e - w);
		if (memchr(w, '=', e - w)) {
			if (e - w == 9 && !strncmp(w, "order=asc", 9)) {
				t.ascending = true;
			} else if (e - w == 10 && !strncmp(w, "order=desc", 10)) {
				t.ascending = false;
			} else {
				diag_error(&l, "a table's order is order=asc (smallest first) or order=desc (largest first)");
				err = -EINVAL;
			}
			continue;
		}
		if (t.ncols == TABLE_MAX_COLS) {
			diag_error(&l, "a table has at most %d columns", TABLE_MAX_COLS);
			err = -EINVAL;
			break;
		}
		err = parse_col(&t.cols[t.ncols++], w, e, &l);
	}
	vec_push(&tables, t);
	return err;
}

/* hist: @MAP UNIT [SECTION TEXT, $1..$9 for key fields] */
static int declare_hist(const char *src, const char *p, const char *end, const char *line, int lineno)
{
	struct hist_decl h = { 0 };
	const char *w = skip_blank(p, end), *e = word_end(w, end);
	int err = 0;

	h.loc = loc_at(src, w, line, lineno, e - w);
	h.map = xstrndup(w, e - w);
	w = skip_blank(e, end);
	e = word_end(w, end);
	if (h.map[0] != '@' || !h.map[1] || w == e) {
		diag_error(&h.loc, "a histogram declaration is: // hist: @MAP UNIT [SECTION], e.g. "
			   "// hist: @usecs usecs, or // hist: @disk_usecs usecs disk = $1");
		err = -EINVAL;
	}
	h.unit = xstrndup(w, e - w);
	w = skip_blank(e, end);
	const char *last = end;
	while (last > w && (last[-1] == ' ' || last[-1] == '\t' || last[-1] == '\r'))
		last--;
	if (last > w && !err) {
		h.section = xstrndup(w, last - w);
		for (const char *d = w; d + 1 < last; d++) {
			if (*d != '$')
				continue;
			if (d[1] < '1' || d[1] > '9') {
				struct loc l = loc_at(src, d, line, lineno, 2);
				diag_error(&l, "a histogram section names key fields as $1 to $9");
				err = -EINVAL;
				break;
			}
			if (d[1] - '0' > h.max_field)
				h.max_field = d[1] - '0';
		}
	}
	vec_push(&hists, h);
	return err;
}

int output_tables_declare(const char *src)
{
	int lineno = 0, err = 0;

	output_tables_reset();
	for (const char *line = src; line && *line;) {
		const char *nl = strchr(line, '\n'), *end = nl ? nl : line + strlen(line);
		const char *p = skip_blank(line, end);

		lineno++;
		if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
			p = skip_blank(p + 2, end);
			int e = 0;
			if (end - p >= 6 && !strncmp(p, "table:", 6))
				e = declare_table(src, p + 6, end, line, lineno);
			else if (end - p >= 5 && !strncmp(p, "hist:", 5))
				e = declare_hist(src, p + 5, end, line, lineno);
			if (e && !err)
				err = e;
		}
		line = nl ? nl + 1 : NULL;
	}
	return err;
}

static const struct table_decl *find_table(const char *map)
{
	for (size_t i = 0; map && i < tables.len; i++)
		if (!strcmp(tables.data[i].map, map))
			return &tables.data[i];
	return NULL;
}

static const struct hist_decl *find_hist(const char *map)
{
	for (size_t i = 0; map && i < hists.len; i++)
		if (!strcmp(hists.data[i].map, map))
			return &hists.data[i];
	return NULL;
}

static int key_columns(const struct map_desc *m)
{
	return !m->key ? 0 : m->key->kind == TY_TUPLE ? m->key->nfields : 1;
}

/* Value columns a map's values fill: count, average, total for stats; one for the others. */
static int value_columns(const struct map_desc *m)
{
	switch (m->agg) {
	case AGG_STATS:
		return 3;
	case AGG_COUNT:
	case AGG_SUM:
	case AGG_MIN:
	case AGG_MAX:
	case AGG_AVG:
		return 1;
	case AGG_NONE:
		return m->value && m->value->kind == TY_INT ? 1 : 0;
	default:
		return 0;
	}
}

static const struct map_desc *find_map(const struct map_desc *maps, int nmaps, const char *name)
{
	for (int j = 0; j < nmaps; j++)
		if (maps[j].name && !strcmp(maps[j].name, name))
			return &maps[j];
	return NULL;
}

static int check_hists(const struct map_desc *maps, int nmaps)
{
	int err = 0;

	for (size_t i = 0; i < hists.len; i++) {
		const struct hist_decl *h = &hists.data[i];
		const struct map_desc *m = find_map(maps, nmaps, h->map);
		if (!m) {
			diag_error(&h->loc, "histogram of %s: the script has no such map", h->map);
			err = -EINVAL;
		} else if (m->agg != AGG_HIST && m->agg != AGG_LHIST) {
			diag_error(&h->loc, "histogram of %s: the map does not hold hist() or lhist() values", h->map);
			err = -EINVAL;
		} else if (h->max_field > key_columns(m)) {
			diag_error(&h->loc, "histogram of %s: its section names $%d, but the key has %d field%s", h->map,
				   h->max_field, key_columns(m), key_columns(m) == 1 ? "" : "s");
			err = -EINVAL;
		}
	}
	return err;
}

int output_tables_check(const struct map_desc *maps, int nmaps)
{
	int err = check_hists(maps, nmaps);

	for (size_t i = 0; i < tables.len; i++) {
		const struct table_decl *t = &tables.data[i];
		const struct map_desc *m = NULL;
		for (int j = 0; j < nmaps && !m; j++)
			if (maps[j].name && !strcmp(maps[j].name, t->map))
				m = &maps[j];
		if (!m) {
			diag_error(&t->loc, "table of %s: the script has no such map", t->map);
			err = -EINVAL;
			continue;
		}
		int keys = key_columns(m), vals = value_columns(m);
		if (!keys || !vals) {
			diag_error(&t->loc, "table of %s: tables show keyed maps of counts, sums, minimums, maximums, "
				   "averages, stats or integers", t->map);
			err = -EINVAL;
		} else if (t->ncols <= keys || t->ncols > keys + vals) {
			diag_error(&t->loc, "table of %s: %d column%s for %d key%s and %s (%d to %d columns)", t->map,
				   t->ncols, t->ncols == 1 ? "" : "s", keys, keys == 1 ? "" : "s",
				   vals == 3 ? "count, average, total" : "a value", keys + 1, keys + vals);
			err = -EINVAL;
		}
	}
	return err;
}

static void cell(struct sbuf *b, const struct table_col *c, const char *text, bool last)
{
	int len = (int)strlen(text), w = c->width ? c->width : -(int)strlen(c->header);

	if (w > 0)
		sb_printf(b, "%*s", w, text);
	else
		sb_printf(b, "%-*s", last ? len : -w, text);
	if (!last)
		sb_putc(b, ' ');
}

struct row {
	const struct map_entry *e;
	struct agg_value av;
	int64_t sort;
};

static const struct map_desc *sort_map;

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->sort != y->sort) {
		/* largest first */
		if (x->av.is_signed)
			return x->sort < y->sort ? 1 : -1;
		return (uint64_t)x->sort < (uint64_t)y->sort ? 1 : -1;
	}
	/* ties in key order, so that output is the same run after run */
	return memcmp(x->e->key, y->e->key, sort_map->user_key_size);
}

static void reverse_rows(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct row r = rows[i];
		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = r;
	}
}

bool output_table_map(FILE *f, const struct map_desc *m, struct map_entry *entries, size_t n, int64_t top,
		      int64_t div)
{
	const struct table_decl *t = find_table(m->name);
	struct sbuf b = { 0 }, text = { 0 };

	if (!t || !key_columns(m) || !value_columns(m))
		return false;
	if (!entries || !n)
		return true;
	struct row *rows = xcalloc(n, sizeof(*rows));
	for (size_t i = 0; i < n; i++) {
		rows[i].e = &entries[i];
		output_agg_value(m, &entries[i], div, &rows[i].av);
		rows[i].sort = m->agg == AGG_STATS ? rows[i].av.total : rows[i].av.v;
	}
	sort_map = m;
	qsort(rows, n, sizeof(*rows), cmp_rows);
	/* the top N are the largest, whichever way they print */
	if (top > 0 && n > (uint64_t)top)
		n = (size_t)top;
	if (t->ascending)
		reverse_rows(rows, n);

	for (int c = 0; c < t->ncols; c++)
		cell(&b, &t->cols[c], t->cols[c].header, c == t->ncols - 1);
	sb_putc(&b, '\n');
	int keys = key_columns(m);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		for (int c = 0; c < t->ncols; c++) {
			bool last = c == t->ncols - 1;
			sb_reset(&text);
			if (c < keys) {
				const struct type *kt = m->key->kind == TY_TUPLE ? m->key->fields[c].type : m->key;
				uint32_t off = m->key->kind == TY_TUPLE ? m->key->fields[c].offset : 0;
				value_text(&text, kt, r->e->key + off);
			} else {
				/* stats: count, average, total; others: the value */
				int v = c - keys;
				int64_t x = m->agg != AGG_STATS ? r->av.v : v == 0 ? r->av.count : v == 1 ? r->av.v :
					    r->av.total / (div > 1 ? div : 1);
				sb_printf(&text, r->av.is_signed || (m->agg == AGG_STATS && v == 0) ? "%lld" : "%llu",
					  (long long)x);
			}
			cell(&b, &t->cols[c], text.s ? text.s : "", last);
		}
		sb_putc(&b, '\n');
	}
	fwrite(b.s, 1, b.len, f);
	sb_free(&b);
	sb_free(&text);
	free(rows);
	return true;
}

/* ---- histograms in bcc's layout ---- */

/* bcc's bar: floor(width * v / max) stars, padded with blanks to width. */
static void bcc_bar(struct sbuf *b, uint64_t v, uint64_t max, int width)
{
	int stars = max ? (int)((unsigned __int128)v * (unsigned)width / max) : 0;

	if (stars > width)
		stars = width;
	sb_grow(b, (size_t)width + 1);
	memset(b->s + b->len, '*', (size_t)stars);
	memset(b->s + b->len + stars, ' ', (size_t)(width - stars));
	b->len += (size_t)width;
	b->s[b->len] = '\0';
}

/*
 * bcc's log2 slots: slot 1 holds 0 and 1, slot s > 1 holds [2^(s-1), 2^s).
 * hist() buckets (of any k) fall in the slot of their lower bound; bucket 0
 * (negative values) has no slot, as bcc's unsigned values have none.
 */
static void log2_rows(struct sbuf *b, const struct map_desc *m, const uint64_t *buckets, uint32_t nbuckets,
		      int64_t div, const char *unit)
{
	uint64_t slots[65] = { 0 }, max = 0;
	int last = 0;

	for (uint32_t i = 1; buckets && i < nbuckets; i++) {
		int64_t lo, hi;
		if (!buckets[i])
			continue;
		hist_bucket_range(i, m->hist_bits, &lo, &hi);
		int s = lo <= 1 ? 1 : 64 - __builtin_clzll((uint64_t)lo);
		slots[s] += buckets[i];
	}
	for (int s = 1; s <= 64; s++) {
		if (div > 1)
			slots[s] /= (uint64_t)div;
		if (slots[s])
			last = s;
		if (slots[s] > max)
			max = slots[s];
	}
	if (!last)
		return;
	/* bcc widens the columns (and halves the bar) once values pass 2^32 */
	bool wide = last > 32;
	int w = wide ? 20 : 10, bar = wide ? 20 : 40;
	sb_printf(b, "%s%-*s : count     distribution\n", wide ? "               " : "     ", wide ? 29 : 19, unit);
	for (int s = 1; s <= last; s++) {
		uint64_t lo = s == 1 ? 0 : 1ULL << (s - 1), hi = s == 64 ? UINT64_MAX : (1ULL << s) - 1;
		sb_printf(b, "%*" PRIu64 " -> %-*" PRIu64 " : %-8" PRIu64 " |", w, lo, w, hi, slots[s]);
		bcc_bar(b, slots[s], max, bar);
		sb_puts(b, "|\n");
	}
}

/* bcc's linear rows: one per value from the first bucket (lhist's min) to the last non-empty one. */
static void linear_rows(struct sbuf *b, const struct map_desc *m, const uint64_t *buckets, uint32_t nbuckets,
			const char *unit)
{
	uint64_t max = 0;
	uint32_t last = 0;
	int64_t step = m->lhist_step > 0 ? m->lhist_step : 1;

	/* bucket 0 holds values below min, which bcc's rows (from 0 up) cannot show */
	for (uint32_t i = 1; buckets && i < nbuckets; i++) {
		if (buckets[i])
			last = i;
		if (buckets[i] > max)
			max = buckets[i];
	}
	if (!last)
		return;
	sb_printf(b, "     %-13s : count     distribution\n", unit);
	for (uint32_t i = 1; i <= last; i++) {
		sb_printf(b, "        %-10" PRId64 " : %-8" PRIu64 " |", m->lhist_min + (int64_t)(i - 1) * step,
			  buckets[i]);
		bcc_bar(b, buckets[i], max, 40);
		sb_puts(b, "|\n");
	}
}

/* The text of key field n (from 1) of a map's key. */
static void key_field_text(struct sbuf *b, const struct map_desc *m, const uint8_t *key, int n)
{
	if (m->key->kind != TY_TUPLE) {
		value_text(b, m->key, key);
		return;
	}
	const struct field *f = &m->key->fields[n - 1];
	value_text(b, f->type, key + f->offset);
}

static void section_text(struct sbuf *b, const struct hist_decl *h, const struct map_desc *m, const uint8_t *key)
{
	if (!h->section) {
		output_key_text(b, m, key);
		return;
	}
	for (const char *p = h->section; *p; p++) {
		if (p[0] == '$' && p[1] >= '1' && p[1] <= '9' && p[1] - '0' <= key_columns(m)) {
			key_field_text(b, m, key, *++p - '0');
			continue;
		}
		sb_putc(b, *p);
	}
}

bool output_hist_map(FILE *f, const struct map_desc *m, const struct map_entry *entries, size_t n, int64_t div)
{
	const struct hist_decl *h = find_hist(m->name);
	struct sbuf b = { 0 };

	if (!h || (m->agg != AGG_HIST && m->agg != AGG_LHIST))
		return false;
	for (size_t i = 0; entries && i < n; i++) {
		const struct map_entry *e = &entries[i];
		if (m->key) {
			section_text(&b, h, m, e->key);
			sb_putc(&b, '\n');
		}
		if (m->agg == AGG_HIST)
			log2_rows(&b, m, e->buckets, e->nbuckets, div, h->unit);
		else
			linear_rows(&b, m, e->buckets, e->nbuckets, h->unit);
		sb_putc(&b, '\n');
		if (!m->key)
			break;
	}
	if (b.len)
		fwrite(b.s, 1, b.len, f);
	sb_free(&b);
	return true;
}
