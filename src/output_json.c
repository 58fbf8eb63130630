/*
 * output_json.c: bpftrace's -f json output: values, maps (map, hist, stats
 * messages) and the small messages, one JSON object per line.
 */
#include "output_priv.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON ---- */

void json_string(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	sb_grow(b, n + 2);
	sb_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			sb_puts(b, "\\\"");
			break;
		case '\\':
			sb_puts(b, "\\\\");
			break;
		case '\n':
			sb_puts(b, "\\n");
			break;
		case '\r':
			sb_puts(b, "\\r");
			break;
		case '\t':
			sb_puts(b, "\\t");
			break;
		default:
			if (c <= 0x1f) {
				char e[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
				sb_puts(b, e);
			} else {
				sb_putc(b, (char)c);
			}
		}
	}
	sb_putc(b, '"');
}

/*
 * JSON numbers are doubles: like bpftrace, integers a double cannot hold
 * exactly are written as strings (RFC 8259's interoperability rule).
 */
void json_int(struct sbuf *b, int64_t v)
{
	double d = (double)v;
	bool exact = d >= -9223372036854775808.0 && d < 9223372036854775808.0 && (int64_t)d == v;

	if (exact)
		sb_printf(b, "%" PRId64, v);
	else
		sb_printf(b, "\"%" PRId64 "\"", v);
}

void json_uint(struct sbuf *b, uint64_t v)
{
	double d = (double)v;
	bool exact = d < 18446744073709551616.0 && (uint64_t)d == v;

	if (exact)
		sb_printf(b, "%" PRIu64, v);
	else
		sb_printf(b, "\"%" PRIu64 "\"", v);
}

static void json_str_field(struct sbuf *b, const uint8_t *data, uint32_t size)
{
	const char *trailer;
	size_t n = output_str_len(data, size, &trailer);

	if (*trailer) {
		struct sbuf t = { 0 };
		sb_put(&t, data, n);
		sb_puts(&t, trailer);
		json_string(b, t.s, t.len);
		sb_free(&t);
		return;
	}
	json_string(b, (const char *)data, n);
}

void value_json(struct sbuf *b, const struct type *t, const uint8_t *data)
{
	if (!t || !data) {
		sb_puts(b, "null");
		return;
	}
	switch (t->kind) {
	case TY_INT: {
		int64_t v = output_read_int(data, t->size, t->is_signed);
		if (t->is_signed)
			json_int(b, v);
		else
			json_uint(b, (uint64_t)v);
		return;
	}
	case TY_BOOL:
		sb_puts(b, output_read_int(data, t->size ? t->size : 1, false) ? "true" : "false");
		return;
	case TY_STR:
		json_str_field(b, data, t->size);
		return;
	case TY_BUF: {
		/* bpftrace writes buffers as arrays of (signed) chars. */
		uint32_t n;
		const uint8_t *p = buf_bytes(t, data, &n);
		sb_putc(b, '[');
		for (uint32_t i = 0; i < n; i++)
			sb_printf(b, i ? ",%d" : "%d", (int)(int8_t)p[i]);
		sb_putc(b, ']');
		return;
	}
	case TY_PTR:
		json_uint(b, (uint64_t)output_read_int(data, t->size ? t->size : 8, false));
		return;
	case TY_RECORD:
		sb_putc(b, '{');
		for (int i = 0; i < t->nfields; i++) {
			const struct field *f = &t->fields[i];
			const uint8_t *p;
			uint32_t n;

			if (i)
				sb_puts(b, ", ");
			json_string(b, f->name ? f->name : "", f->name ? strlen(f->name) : 0);
			sb_puts(b, ": ");
			if (f->data_loc && output_field_data_loc(f, t, data, &p, &n)) {
				json_str_field(b, p, n);
			} else if (output_field_is_int(f) && !f->data_loc) {
				int64_t v = output_field_int(f, data);
				if (f->type->is_signed)
					json_int(b, v);
				else
					json_uint(b, (uint64_t)v);
			} else {
				value_json(b, f->type, data + f->offset);
			}
		}
		sb_putc(b, '}');
		return;
	case TY_ARRAY: {
		uint32_t es = t->elem ? t->elem->size : 0;
		if (t->is_float) {
			sb_puts(b, "null");
			return;
		}
		sb_putc(b, '[');
		for (uint32_t i = 0; i < t->count; i++) {
			if (i)
				sb_putc(b, ',');
			value_json(b, t->elem, data + (size_t)i * es);
		}
		sb_putc(b, ']');
		return;
	}
	case TY_TUPLE:
		if (type_is_record_tuple(t)) {
			/* an object, as a struct's: {"a": 1, "b": "x"} */
			sb_putc(b, '{');
			for (int i = 0; i < t->nfields; i++) {
				const struct field *f = &t->fields[i];
				if (i)
					sb_puts(b, ", ");
				json_string(b, f->name, strlen(f->name));
				sb_puts(b, ": ");
				value_json(b, f->type, data + f->offset);
			}
			sb_putc(b, '}');
			return;
		}
		sb_putc(b, '[');
		for (int i = 0; i < t->nfields; i++) {
			if (i)
				sb_putc(b, ',');
			value_json(b, t->fields[i].type, data + t->fields[i].offset);
		}
		sb_putc(b, ']');
		return;
	case TY_NONE:
	case TY_VOID:
		sb_puts(b, "null");
		return;
	case TY_STACK:
	case TY_KSYM:
	case TY_USYM:
	case TY_INET:
	case TY_TIMESTAMP: case TY_CGROUP_PATH: case TY_MACADDR: case TY_USERNAME: case TY_STRERROR:
	case TY_SYSCALL_NAME: case TY_SIGNAL_NAME: {
		/* as bpftrace: the text form, as a string */
		struct sbuf t2 = { 0 };
		value_text(&t2, t, data);
		json_string(b, t2.s ? t2.s : "", t2.len);
		sb_free(&t2);
		return;
	}
	default:
		json_uint(b, (uint64_t)output_read_int(data, t->size && t->size < 8 ? t->size : 8, false));
		return;
	}
}

/* ---- maps ---- */

static void json_num(struct sbuf *b, int64_t v, bool is_signed)
{
	if (is_signed)
		json_int(b, v);
	else
		json_uint(b, (uint64_t)v);
}

static void json_label_min(struct sbuf *b, const struct hist_label *l)
{
	sb_puts(b, "\"min\": ");
	if (l->symbolic)
		json_uint(b, l->unum);
	else
		json_int(b, l->num);
	sb_puts(b, ", ");
}

/* bpftrace's JSON ranges are closed: "max" is one less than the next boundary. */
static void json_label_max(struct sbuf *b, const struct hist_label *l)
{
	sb_puts(b, "\"max\": ");
	if (l->symbolic)
		json_int(b, l->unum == 0 ? -1 : (int64_t)(l->unum - 1));
	else
		json_int(b, l->num - 1);
	sb_puts(b, ", ");
}

static void hist_json(struct sbuf *b, const struct map_desc *m, const struct map_entry *e,
		      int64_t div)
{
	struct hist_view hv;

	hist_view_build(&hv, m, e->buckets, e->nbuckets, div);
	sb_putc(b, '[');
	for (size_t i = 0; i < hv.nrows; i++) {
		if (i)
			sb_putc(b, ',');
		sb_putc(b, '{');
		if (i == 0 && hv.has_lower)
			json_label_min(b, &hv.lower);
		else if (i > 0 && hv.nlabels)
			json_label_min(b, &hv.labels[i - 1 < hv.nlabels ? i - 1 : hv.nlabels - 1]);
		if (i < hv.nlabels)
			json_label_max(b, &hv.labels[i]);
		sb_printf(b, "\"count\": %" PRIu64 "}", hv.counts[i]);
	}
	sb_putc(b, ']');
	hist_view_free(&hv);
}

static void map_value_json(struct sbuf *b, const struct map_desc *m, const struct map_entry *e,
			   int64_t div)
{
	struct agg_value av;

	switch (m->agg) {
	case AGG_HIST:
	case AGG_LHIST:
		hist_json(b, m, e, div);
		return;
	case AGG_NONE:
		if (!(m->value && m->value->kind == TY_INT)) {
			value_json(b, m->value, e->value);
			return;
		}
		break;
	default:
		break;
	}
	output_agg_value(m, e, div, &av);
	if (m->agg != AGG_STATS) {
		json_num(b, av.v, av.is_signed);
		return;
	}
	sb_puts(b, "{\"count\": ");
	json_num(b, av.count, av.is_signed);
	sb_puts(b, ", \"average\": ");
	json_num(b, av.v, av.is_signed);
	sb_puts(b, ", \"total\": ");
	json_num(b, av.total, av.is_signed);
	sb_putc(b, '}');
}

/* JSON keys: the key's text without tuple parentheses and without any spaces, as bpftrace. */
void output_key_json(struct sbuf *b, struct sbuf *tmp, const struct map_desc *m, const uint8_t *key)
{
	size_t j = 0;

	sb_reset(tmp);
	output_key_text(tmp, m, key);
	for (size_t i = 0; i < tmp->len; i++)
		if (tmp->s[i] != ' ')
			tmp->s[j++] = tmp->s[i];
	tmp->len = j;
	json_string(b, tmp->s ? tmp->s : "", j);
}

void output_map_json(FILE *f, const struct map_desc *m, struct map_entry *entries, size_t n,
		     int64_t div)
{
	struct sbuf b = { 0 }, tmp = { 0 };
	bool is_stats = m->agg == AGG_AVG || m->agg == AGG_STATS;
	const char *type = is_stats ? "stats" : (m->agg == AGG_HIST || m->agg == AGG_LHIST) ? "hist" : "map";
	const char *name = m->name ? m->name : "@";

	/* Empty maps print nothing; bpftrace still prints an empty avg/stats map as {}. */
	if (n == 0 && !is_stats)
		return;
	sb_printf(&b, "{\"type\": \"%s\", \"data\": {", type);
	json_string(&b, name, strlen(name));
	sb_puts(&b, ": ");
	if (!m->key && n > 0) {
		map_value_json(&b, m, &entries[0], div);
	} else {
		sb_putc(&b, '{');
		for (size_t i = 0; i < n; i++) {
			if (i)
				sb_puts(&b, ", ");
			output_key_json(&b, &tmp, m, entries[i].key);
			sb_puts(&b, ": ");
			map_value_json(&b, m, &entries[i], div);
			if (b.len > 1 << 16) {
				fwrite(b.s, 1, b.len, f);
				sb_reset(&b);
			}
		}
		sb_putc(&b, '}');
	}
	sb_puts(&b, "}}\n");
	fwrite(b.s, 1, b.len, f);
	sb_free(&b);
	sb_free(&tmp);
}
