/*
 * output_table.c: maps a script declares as tables print as columns under a
 * header line, largest value first, as bcc's summary tools print them. The
 * declaration is a comment, so the script stays valid bpftrace:
 *
 *   // table: @syscalls SYSCALL:-22 COUNT:8
 *
 * The runtime sorts and formats in user space; the programs do not change.
 */
#include "diag.h"
#include "output_priv.h"
#include "util.h"

#include <errno.h>
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
	struct loc loc;     /* the "@NAME" of the comment, for messages */
};

static VEC(struct table_decl) tables;

void output_tables_reset(void)
{
	for (size_t i = 0; i < tables.len; i++) {
		free(tables.data[i].map);
		for (int c = 0; c < tables.data[i].ncols; c++)
			free(tables.data[i].cols[c].header);
	}
	vec_free(&tables);
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
			if (end - p >= 6 && !strncmp(p, "table:", 6)) {
				struct table_decl t = { 0 };
				const char *w = skip_blank(p + 6, end), *e = word_end(w, end);
				t.loc = loc_at(src, w, line, lineno, e - w);
				if (e - w < 2 || w[0] != '@') {
					diag_error(&t.loc, "a table declaration is: // table: @MAP HEADER[:WIDTH]...");
					err = -EINVAL;
				}
				t.map = xstrndup(w, e - w);
				for (w = skip_blank(e, end); w < end && !err; w = skip_blank(e, end)) {
					e = word_end(w, end);
					struct loc l = loc_at(src, w, line, lineno, e - w);
					if (t.ncols == TABLE_MAX_COLS) {
						diag_error(&l, "a table has at most %d columns", TABLE_MAX_COLS);
						err = -EINVAL;
						break;
					}
					err = parse_col(&t.cols[t.ncols++], w, e, &l);
				}
				vec_push(&tables, t);
			}
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

int output_tables_check(const struct map_desc *maps, int nmaps)
{
	int err = 0;

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
	if (top > 0 && n > (uint64_t)top)
		n = (size_t)top;

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
