/*
 * output.c: bpftrace's text output: single values (keys, map values,
 * print(value), printf %s of non-strings), whole maps at exit or on print(),
 * and the small messages (attached probes, lost events). The JSON variants
 * live in output_json.c; both share output_priv.h.
 */
#include "output_priv.h"
#include "util.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- sbuf ---- */

void sb_grow(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sb_put(struct sbuf *b, const void *p, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

void sb_putc(struct sbuf *b, char c)
{
	sb_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	sb_grow(b, 64);
	va_start(ap, fmt);
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		sb_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void sb_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *sb_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ---- reads ---- */

int64_t output_read_int(const void *p, uint32_t size, bool is_signed)
{
	switch (size) {
	case 1: {
		uint8_t v;
		memcpy(&v, p, 1);
		return is_signed ? (int64_t)(int8_t)v : (int64_t)v;
	}
	case 2: {
		uint16_t v;
		memcpy(&v, p, 2);
		return is_signed ? (int64_t)(int16_t)v : (int64_t)v;
	}
	case 4: {
		uint32_t v;
		memcpy(&v, p, 4);
		return is_signed ? (int64_t)(int32_t)v : (int64_t)v;
	}
	case 8: {
		int64_t v;
		memcpy(&v, p, 8);
		return v;
	}
	default: {
		/* Odd sizes (bitfield containers, BTF oddities): little endian, truncated to 8 bytes. */
		uint64_t v = 0;
		memcpy(&v, p, size < 8 ? size : 8);
		if (is_signed && size > 0 && size < 8 && (v >> (size * 8 - 1)) & 1)
			v |= ~0ULL << (size * 8);
		return (int64_t)v;
	}
	}
}

static void int_text(struct sbuf *b, int64_t v, bool is_signed)
{
	if (is_signed)
		sb_printf(b, "%" PRId64, v);
	else
		sb_printf(b, "%" PRIu64, (uint64_t)v);
}

const uint8_t *buf_bytes(const struct type *t, const uint8_t *data, uint32_t *len)
{
	uint32_t n;

	if (t->size < 4) {
		*len = 0;
		return data;
	}
	memcpy(&n, data, 4);
	if (n > t->size - 4)
		n = t->size - 4;
	*len = n;
	return data + 4;
}

void buf_text(struct sbuf *b, const uint8_t *p, size_t n, bool keep_ascii, bool escape_hex)
{
	static const char hex[] = "0123456789abcdef";

	sb_grow(b, n * 4);
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (keep_ascii && c >= 32 && c <= 126) {
			b->s[b->len++] = (char)c;
		} else if (escape_hex) {
			b->s[b->len++] = '\\';
			b->s[b->len++] = 'x';
			b->s[b->len++] = hex[c >> 4];
			b->s[b->len++] = hex[c & 15];
		} else {
			b->s[b->len++] = hex[c >> 4];
			b->s[b->len++] = hex[c & 15];
			if (i + 1 < n)
				b->s[b->len++] = ' ';
		}
	}
	b->s[b->len] = '\0';
}

static uint32_t str_max = 64;
static const char *str_trailer = "..";

void output_set_strings(uint32_t max_strlen, const char *trailer)
{
	str_max = max_strlen;
	str_trailer = trailer ? trailer : "..";
}

size_t output_str_len(const uint8_t *data, uint32_t size, const char **trailer)
{
	size_t n = strnlen((const char *)data, size);
	/* str() reads into max_strlen + 1 bytes: max_strlen characters may be the cut of a longer string */
	bool cut = size > 0 && (n == size || (size == str_max + 1 && n == str_max));

	*trailer = cut ? str_trailer : "";
	return n;
}

void output_str_text(struct sbuf *b, const uint8_t *data, uint32_t size)
{
	const char *trailer;
	size_t n = output_str_len(data, size, &trailer);

	sb_put(b, data, n);
	sb_puts(b, trailer);
}

/*
 * A record field's integer: bitfields are read from their container and
 * shifted out; data_loc fields are handled by the caller.
 */
int64_t output_field_int(const struct field *f, const uint8_t *rec)
{
	const struct type *t = f->type;
	int64_t v = output_read_int(rec + f->offset, t->size, t->is_signed && !f->bit_size);

	if (!f->bit_size || f->bit_size >= 64)
		return v;
	uint64_t u = (uint64_t)v >> f->bit_offset;
	u &= (1ULL << f->bit_size) - 1;
	if (t->is_signed && (u >> (f->bit_size - 1)) & 1)
		u |= ~0ULL << f->bit_size;
	return (int64_t)u;
}

/* __data_loc: a u32 (len << 16 | offset) pointing at bytes within the record. */
bool output_field_data_loc(const struct field *f, const struct type *rec_t, const uint8_t *rec,
			   const uint8_t **p, uint32_t *len)
{
	uint32_t v;

	if (f->offset + 4 > rec_t->size)
		return false;
	memcpy(&v, rec + f->offset, 4);
	uint32_t off = v & 0xffff, n = v >> 16;
	if (off > rec_t->size || n > rec_t->size - off)
		return false;
	*p = rec + off;
	*len = n;
	return true;
}

bool output_field_is_int(const struct field *f)
{
	return f->bit_size || (f->type && (f->type->kind == TY_INT || f->type->kind == TY_BOOL));
}

void value_text(struct sbuf *b, const struct type *t, const uint8_t *data)
{
	if (!t || !data) {
		sb_puts(b, "null");
		return;
	}
	switch (t->kind) {
	case TY_INT: {
		int64_t v = output_read_int(data, t->size, t->is_signed);
		/* a value of a script's enum prints as its enumerator's name (types.h) */
		for (int i = 0; i < t->nenumerators; i++)
			if (t->enumerators[i].value == v) {
				sb_puts(b, t->enumerators[i].name);
				return;
			}
		int_text(b, v, t->is_signed);
		return;
	}
	case TY_BOOL:
		sb_puts(b, output_read_int(data, t->size ? t->size : 1, false) ? "true" : "false");
		return;
	case TY_STR:
		output_str_text(b, data, t->size);
		return;
	case TY_BUF: {
		uint32_t n;
		const uint8_t *p = buf_bytes(t, data, &n);
		buf_text(b, p, n, true, true);
		return;
	}
	case TY_PTR:
		sb_printf(b, "0x%" PRIx64, (uint64_t)output_read_int(data, t->size ? t->size : 8, false));
		return;
	case TY_RECORD:
		if (t->nfields == 0) {
			sb_puts(b, "{}");
			return;
		}
		sb_puts(b, "{ ");
		for (int i = 0; i < t->nfields; i++) {
			const struct field *f = &t->fields[i];
			const uint8_t *p;
			uint32_t n;

			if (i)
				sb_puts(b, ", ");
			sb_printf(b, ".%s = ", f->name ? f->name : "");
			if (f->data_loc && output_field_data_loc(f, t, data, &p, &n))
				output_str_text(b, p, n);
			else if (output_field_is_int(f) && !f->data_loc)
				int_text(b, output_field_int(f, data), f->type->is_signed);
			else
				value_text(b, f->type, data + f->offset);
		}
		sb_puts(b, " }");
		return;
	case TY_ARRAY: {
		uint32_t es = t->elem ? t->elem->size : 0;
		if (t->is_float)
			return;
		sb_putc(b, '[');
		for (uint32_t i = 0; i < t->count; i++) {
			if (i)
				sb_putc(b, ',');
			value_text(b, t->elem, data + (size_t)i * es);
		}
		sb_putc(b, ']');
		return;
	}
	case TY_TUPLE:
		/* a record prints as a struct does: { .a = 1, .b = x } */
		sb_puts(b, type_is_record_tuple(t) ? "{ " : "(");
		for (int i = 0; i < t->nfields; i++) {
			if (i)
				sb_puts(b, ", ");
			if (t->fields[i].name)
				sb_printf(b, ".%s = ", t->fields[i].name);
			value_text(b, t->fields[i].type, data + t->fields[i].offset);
		}
		sb_puts(b, type_is_record_tuple(t) ? " }" : ")");
		return;
	case TY_NONE:
	case TY_VOID:
		sb_puts(b, "null");
		return;
	case TY_STACK:
		output_stack_text(b, t, data);
		return;
	case TY_KSYM:
		output_ksym_text(b, data);
		return;
	case TY_USYM:
		output_usym_text(b, data);
		return;
	case TY_INET:
		output_inet_text(b, data);
		return;
	case TY_TIMESTAMP:
		output_timestamp_text(b, t, data);
		return;
	case TY_CGROUP_PATH:
		output_cgroup_path_text(b, t, data);
		return;
	case TY_MACADDR:
		output_macaddr_text(b, data);
		return;
	case TY_USERNAME:
		output_username_text(b, data);
		return;
	case TY_STRERROR:
		output_strerror_text(b, data);
		return;
	case TY_SYSCALL_NAME:
		output_syscall_name_text(b, data);
		return;
	case TY_SIGNAL_NAME:
		output_signal_name_text(b, data);
		return;
	case TY_AGG:
	default:
		/* Symbolization is not implemented yet: the raw number. */
		int_text(b, output_read_int(data, t->size && t->size < 8 ? t->size : 8, false), false);
		return;
	}
}

/* ---- the public single-value entry points ---- */

void output_value(FILE *f, enum output_format fmt, const struct type *t, const void *data)
{
	struct sbuf b = { 0 };

	if (fmt == OUT_JSON)
		value_json(&b, t, data);
	else
		value_text(&b, t, data);
	if (b.len)
		fwrite(b.s, 1, b.len, f);
	sb_free(&b);
}

void output_print_value(FILE *f, enum output_format fmt, const struct type *t, const void *data)
{
	struct sbuf b = { 0 };

	if (fmt == OUT_JSON) {
		sb_puts(&b, "{\"type\": \"value\", \"data\": ");
		value_json(&b, t, data);
		sb_puts(&b, "}\n");
	} else {
		value_text(&b, t, data);
		sb_putc(&b, '\n');
	}
	fwrite(b.s, 1, b.len, f);
	sb_free(&b);
}

/* ---- maps ---- */

/*
 * How bpftrace orders a map's entries: count/sum/min/max/plain integers by
 * value, avg/stats by average, hists by their total count, everything else
 * by key. min and max compare as unsigned, as bpftrace does.
 */
enum sort_mode { SORT_KEY, SORT_S64, SORT_U64 };

struct sort_item {
	union {
		int64_t s;
		uint64_t u;
	} v;
	struct map_entry e;
};

struct sort_ctx {
	const struct map_desc *m;
	enum sort_mode mode;
};

static bool value_signed(const struct map_desc *m)
{
	if (m->agg == AGG_COUNT || m->agg == AGG_HIST || m->agg == AGG_LHIST)
		return false;
	if (!m->value)
		return m->agg != AGG_NONE;
	return m->value->kind == TY_INT && m->value->is_signed;
}

static int cmp_s64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* bpftrace compares integer keys as signed integers of their size, strings bytewise. */
static int key_field_cmp(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	if (!t)
		return 0;
	switch (t->kind) {
	case TY_INT:
		return cmp_s64(output_read_int(a, t->size, true), output_read_int(b, t->size, true));
	case TY_STR:
		return memcmp(a, b, t->size);
	case TY_TUPLE:
		for (int i = 0; i < t->nfields; i++) {
			const struct field *f = &t->fields[i];
			if (!f->type || (f->type->kind != TY_INT && f->type->kind != TY_STR))
				continue;
			int c = key_field_cmp(f->type, a + f->offset, b + f->offset);
			if (c)
				return c;
		}
		return 0;
	default:
		return 0;
	}
}

static int key_cmp(const struct map_desc *m, const uint8_t *a, const uint8_t *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	int c = key_field_cmp(m->key, a, b);
	if (c)
		return c;
	/* Keys bpftrace leaves in hash order: any fixed order will do; bytes are deterministic. */
	return memcmp(a, b, m->user_key_size);
}

static int sort_item_cmp(const void *pa, const void *pb, void *pctx)
{
	const struct sort_item *a = pa, *b = pb;
	const struct sort_ctx *ctx = pctx;
	int c = 0;

	if (ctx->mode == SORT_S64)
		c = cmp_s64(a->v.s, b->v.s);
	else if (ctx->mode == SORT_U64)
		c = cmp_u64(a->v.u, b->v.u);
	if (c)
		return c;
	return key_cmp(ctx->m, a->e.key, b->e.key);
}

static int64_t avg_of(const struct map_entry *e, bool is_signed)
{
	if (!e->count)
		return 0;
	if (is_signed)
		return e->v / (int64_t)e->count;
	return (int64_t)((uint64_t)e->v / e->count);
}

static void sort_entries(const struct map_desc *m, struct map_entry *entries, size_t n)
{
	struct sort_ctx ctx = { .m = m, .mode = SORT_KEY };
	bool sg = value_signed(m);

	if (n < 2)
		return;
	struct sort_item *items = xmalloc(n * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		const struct map_entry *e = &entries[i];
		items[i].e = *e;
		items[i].v.s = 0;
		switch (m->agg) {
		case AGG_COUNT:
		case AGG_MIN:
		case AGG_MAX:
			ctx.mode = SORT_U64;
			items[i].v.u = (uint64_t)e->v;
			break;
		case AGG_SUM:
			ctx.mode = sg ? SORT_S64 : SORT_U64;
			items[i].v.s = e->v;
			break;
		case AGG_AVG:
		case AGG_STATS:
			ctx.mode = sg ? SORT_S64 : SORT_U64;
			items[i].v.s = avg_of(e, sg);
			break;
		case AGG_HIST:
		case AGG_LHIST: {
			uint64_t total = 0;
			for (uint32_t b = 0; e->buckets && b < e->nbuckets; b++)
				total += e->buckets[b];
			ctx.mode = SORT_U64;
			items[i].v.u = total;
			break;
		}
		case AGG_NONE:
		default:
			if (m->value && m->value->kind == TY_INT && e->value) {
				ctx.mode = sg ? SORT_S64 : SORT_U64;
				items[i].v.s = output_read_int(e->value, m->value->size, sg);
			}
			break;
		}
	}
	qsort_r(items, n, sizeof(*items), sort_item_cmp, &ctx);
	for (size_t i = 0; i < n; i++)
		entries[i] = items[i].e;
	free(items);
}

void output_agg_value(const struct map_desc *m, const struct map_entry *e, int64_t div,
		      struct agg_value *out)
{
	bool sg = value_signed(m);

	if (div < 1)
		div = 1;
	memset(out, 0, sizeof(*out));
	out->is_signed = sg;
	switch (m->agg) {
	case AGG_COUNT:
		out->is_signed = false;
		out->v = (int64_t)((uint64_t)e->v / (uint64_t)div);
		break;
	case AGG_SUM:
	case AGG_MIN:
	case AGG_MAX:
		out->v = sg ? e->v / div : (int64_t)((uint64_t)e->v / (uint64_t)div);
		break;
	case AGG_AVG:
	case AGG_STATS: {
		int64_t avg = avg_of(e, sg);
		out->v = sg ? avg / div : (int64_t)((uint64_t)avg / (uint64_t)div);
		out->count = (int64_t)e->count;
		out->total = e->v;
		break;
	}
	case AGG_NONE:
		if (m->value && m->value->kind == TY_INT && e->value) {
			int64_t v = output_read_int(e->value, m->value->size, sg);
			out->v = sg ? v / div : (int64_t)((uint64_t)v / (uint64_t)div);
		}
		break;
	default:
		break;
	}
}

void output_key_text(struct sbuf *b, const struct map_desc *m, const uint8_t *key)
{
	size_t start = b->len;

	value_text(b, m->key, key);
	/* bpftrace drops the parentheses of whatever key text looks like a tuple. */
	size_t n = b->len - start;
	if (n >= 2 && b->s[start] == '(' && b->s[b->len - 1] == ')') {
		memmove(b->s + start, b->s + start + 1, n - 2);
		b->len -= 2;
		b->s[b->len] = '\0';
	}
}

/* A map value that fits on the map line: "5", "{ .count = 2, ... }", "abc". */
static void map_value_text(struct sbuf *b, const struct map_desc *m, const struct map_entry *e,
			   int64_t div)
{
	struct agg_value av;

	/* enum values print by name (value_text) */
	if (m->agg == AGG_NONE && !(m->value && m->value->kind == TY_INT && !m->value->nenumerators)) {
		value_text(b, m->value, e->value);
		return;
	}
	output_agg_value(m, e, div, &av);
	if (m->agg != AGG_STATS) {
		int_text(b, av.v, av.is_signed);
		return;
	}
	sb_puts(b, "{ .count = ");
	int_text(b, av.count, av.is_signed);
	sb_puts(b, ", .average = ");
	int_text(b, av.v, av.is_signed);
	sb_puts(b, ", .total = ");
	int_text(b, av.total, av.is_signed);
	sb_puts(b, " }");
}

static void hist_bound(struct sbuf *b, const struct hist_label *l)
{
	sb_puts(b, l->text);
}

static bool hist_single(const struct hist_label *a, const struct hist_label *b)
{
	return !a->symbolic && !b->symbolic && a->num != INT64_MAX && a->num + 1 == b->num;
}

/*
 * Rows as bpftrace prints them: the range left-aligned in 16 columns, the
 * count right-aligned in 8, and a bar of '@' 52 wide scaled (in float, and
 * truncated, like bpftrace) to the largest count.
 */
static void hist_rows_text(struct sbuf *b, const struct hist_view *hv)
{
	const int width = 52;
	uint64_t max = 0;
	struct sbuf h = { 0 };

	for (size_t i = 0; i < hv->nrows; i++)
		if (hv->counts[i] > max)
			max = hv->counts[i];
	for (size_t i = 0; i < hv->nrows; i++) {
		sb_reset(&h);
		if (i == 0 && !hv->has_lower) {
			sb_puts(&h, "(..., ");
			if (hv->nlabels)
				hist_bound(&h, &hv->labels[0]);
			sb_putc(&h, ')');
		} else if (i == 0 && hv->nlabels == 0) {
			sb_putc(&h, '[');
			hist_bound(&h, &hv->lower);
			sb_puts(&h, ", ...)");
		} else if (i == 0) {
			sb_putc(&h, '[');
			hist_bound(&h, &hv->lower);
			if (!hist_single(&hv->lower, &hv->labels[0])) {
				sb_puts(&h, ", ");
				hist_bound(&h, &hv->labels[0]);
				sb_putc(&h, ')');
			} else {
				sb_putc(&h, ']');
			}
		} else if (i >= hv->nlabels) {
			sb_putc(&h, '[');
			if (hv->nlabels)
				hist_bound(&h, &hv->labels[hv->nlabels - 1]);
			sb_puts(&h, ", ...)");
		} else if (hist_single(&hv->labels[i - 1], &hv->labels[i])) {
			sb_putc(&h, '[');
			hist_bound(&h, &hv->labels[i - 1]);
			sb_putc(&h, ']');
		} else {
			sb_putc(&h, '[');
			hist_bound(&h, &hv->labels[i - 1]);
			sb_puts(&h, ", ");
			hist_bound(&h, &hv->labels[i]);
			sb_putc(&h, ')');
		}

		int bar = 0;
		if (max) {
			float r = (float)hv->counts[i] / (float)max;
			bar = (int)(r * (float)width);
			if (bar < 0)
				bar = 0;
			if (bar > width)
				bar = width;
		}
		sb_printf(b, "%-16s%8" PRIu64 " |", h.s, hv->counts[i]);
		sb_grow(b, width + 2);
		memset(b->s + b->len, '@', (size_t)bar);
		memset(b->s + b->len + bar, ' ', (size_t)(width - bar));
		b->len += width;
		sb_puts(b, "|\n");
	}
	sb_free(&h);
}

static void hist_text(struct sbuf *b, const struct map_desc *m, const struct map_entry *e,
		      int64_t div)
{
	struct hist_view hv;

	hist_view_build(&hv, m, e->buckets, e->nbuckets, div);
	hist_rows_text(b, &hv);
	hist_view_free(&hv);
}

static void flush_sbuf(FILE *f, struct sbuf *b)
{
	if (b->len)
		fwrite(b->s, 1, b->len, f);
	sb_reset(b);
}

void output_map(FILE *f, enum output_format fmt, const struct map_desc *m,
		struct map_entry *entries, size_t n, int64_t top, int64_t div)
{
	struct sbuf b = { 0 };
	bool is_hist = m->agg == AGG_HIST || m->agg == AGG_LHIST;
	const char *name = m->name ? m->name : "@";

	if (!entries)
		n = 0;
	if (m->agg == AGG_TSERIES) {
		/* print(@m, min, max): for a time series, the graph's range */
		output_tseries_map(f, fmt == OUT_JSON ? OUT_JSON : OUT_TEXT, m, entries, n, top, div);
		return;
	}
	if (fmt != OUT_JSON && !(fmt == OUT_FOLDED && output_map_has_stacks(m)) &&
	    output_table_map(f, m, entries, n, top, div))
		return;
	sort_entries(m, entries, n);
	size_t skip = top > 0 && n > (uint64_t)top ? n - (size_t)top : 0;
	if (div < 1)
		div = 1;
	if (fmt == OUT_JSON) {
		output_map_json(f, m, entries + skip, n - skip, div);
		return;
	}
	if (fmt == OUT_FOLDED && output_map_has_stacks(m)) {
		output_map_folded(f, m, entries + skip, n - skip, div);
		return;
	}
	if (output_hist_map(f, m, entries + skip, n - skip, div))
		return;

	for (size_t i = skip; i < n; i++) {
		const struct map_entry *e = &entries[i];

		sb_puts(&b, name);
		if (m->key) {
			sb_putc(&b, '[');
			output_key_text(&b, m, e->key);
			sb_putc(&b, ']');
		}
		if (is_hist) {
			sb_puts(&b, ":\n");
			hist_text(&b, m, e, div);
			sb_putc(&b, '\n');
		} else {
			sb_puts(&b, ": ");
			map_value_text(&b, m, e, div);
			sb_putc(&b, '\n');
		}
		/* An unkeyed map has one value; bpftrace prints the first that top leaves. */
		if (!m->key)
			break;
		if (b.len > 1 << 16)
			flush_sbuf(f, &b);
	}
	flush_sbuf(f, &b);
	sb_free(&b);
}

/* ---- messages ---- */

void output_attached(FILE *f, enum output_format fmt, int nprobes)
{
	if (fmt == OUT_JSON) {
		fprintf(f, "{\"type\": \"attached_probes\", \"count\": %d, \"data\": {\"probes\": %d}}\n",
			nprobes, nprobes);
		return;
	}
	fprintf(f, "Attached %d probe%s\n", nprobes, nprobes == 1 ? "" : "s");
}

void output_lost_events(FILE *f, enum output_format fmt, uint64_t lost)
{
	if (fmt == OUT_JSON) {
		fprintf(f, "{\"type\": \"lost_events\", \"count\": %" PRIu64 ", \"data\": {\"events\": %" PRIu64
			"}}\n", lost, lost);
		return;
	}
	fprintf(f, "Lost %" PRIu64 " events\n", lost);
}

void output_helper_error(FILE *f, const char *helper, int64_t err, const char *filename, int line, int col)
{
	struct sbuf b = { 0 };
	const char *msg = strerror((int)-err);

	sb_puts(&b, "{\"type\": \"helper_error\", \"msg\": ");
	json_string(&b, msg, strlen(msg));
	sb_puts(&b, ", \"helper\": ");
	json_string(&b, helper, strlen(helper));
	sb_printf(&b, ", \"retcode\": %lld, \"filename\": ", (long long)err);
	json_string(&b, filename, strlen(filename));
	sb_printf(&b, ", \"line\": %d, \"col\": %d}\n", line, col);
	fwrite(b.s, 1, b.len, f);
	sb_free(&b);
}

void output_end(FILE *f, enum output_format fmt)
{
	if (fmt == OUT_TEXT)
		fputs("\n\n", f);
}

void output_message(FILE *f, enum output_format fmt, enum output_msg kind, const char *text)
{
	static const char *const types[] = {
		[OUTPUT_MSG_PRINTF] = "printf", [OUTPUT_MSG_TIME] = "time", [OUTPUT_MSG_CAT] = "cat",
		[OUTPUT_MSG_SYSTEM] = "syscall", [OUTPUT_MSG_JOIN] = "join",
	};

	if (!text)
		text = "";
	if (fmt != OUT_JSON) {
		fputs(text, f);
		return;
	}
	struct sbuf b = { 0 };
	sb_puts(&b, "{\"type\": \"");
	sb_puts(&b, (unsigned)kind < ARRAY_SIZE(types) && types[kind] ? types[kind] : "printf");
	sb_puts(&b, "\", \"data\": ");
	json_string(&b, text, strlen(text));
	sb_puts(&b, "}\n");
	fwrite(b.s, 1, b.len, f);
	sb_free(&b);
}
