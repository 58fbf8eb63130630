/*
 * output_priv.h: what the output files (output.c, output_json.c, printf_fmt.c,
 * hist.c) share and nobody else needs: a growable string, value rendering in
 * text and JSON, and histograms laid out the way bpftrace prints them.
 */
#ifndef SONDE_OUTPUT_PRIV_H
#define SONDE_OUTPUT_PRIV_H

#include "output.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>


/* ---- a growable string; always NUL-terminated once anything was added ---- */

struct sbuf {
	char *s;
	size_t len, cap;
};

void sb_grow(struct sbuf *b, size_t n);
void sb_put(struct sbuf *b, const void *p, size_t n);
void sb_puts(struct sbuf *b, const char *s);
void sb_putc(struct sbuf *b, char c);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reset(struct sbuf *b);
void sb_free(struct sbuf *b);
/* Hands the string over to the caller (never NULL). */
char *sb_take(struct sbuf *b);

/* ---- scalar reads of stored values ---- */

/* An integer of `size` bytes at p, sign- or zero-extended. */
int64_t output_read_int(const void *p, uint32_t size, bool is_signed);

/* ---- values ---- */

/* Text as bpftrace prints it (strings unquoted, tuples "(1, a)", structs "{ .a = 1 }"). */
void value_text(struct sbuf *b, const struct type *t, const uint8_t *data);
/* JSON as bpftrace's JSON output prints it. */
void value_json(struct sbuf *b, const struct type *t, const uint8_t *data);
/* bpftrace's buffer rendering: printable ASCII kept, others \xNN (%r); all \xNN (%rx); "0a fe" (%rh). */
void buf_text(struct sbuf *b, const uint8_t *p, size_t n, bool keep_ascii, bool escape_hex);
/* The bytes of a TY_BUF value (a u32 length, then the bytes), clamped to the type's size. */
const uint8_t *buf_bytes(const struct type *t, const uint8_t *data, uint32_t *len);

/* A string field: up to the NUL, plus the trailer when it was truncated (output_str_len). */
void output_str_text(struct sbuf *b, const uint8_t *data, uint32_t size);
/*
 * A string field's length up to its NUL; *trailer is set to the trailer to
 * print after it ("" when the string is whole): see output_set_strings.
 */
size_t output_str_len(const uint8_t *data, uint32_t size, const char **trailer);

/* Record fields: bitfields shifted out of their container; __data_loc located in the record. */
bool output_field_is_int(const struct field *f);
int64_t output_field_int(const struct field *f, const uint8_t *rec);
bool output_field_data_loc(const struct field *f, const struct type *rec_t, const uint8_t *rec,
			   const uint8_t **p, uint32_t *len);

void json_string(struct sbuf *b, const char *s, size_t n);
void json_int(struct sbuf *b, int64_t v);
void json_uint(struct sbuf *b, uint64_t v);

/* ---- histograms ---- */

/*
 * A bucket boundary. bpftrace keeps small boundaries as plain integers and
 * larger ones as "symbolic" text with a K/M/G.. suffix and a numeric value;
 * only two adjacent plain integers make a single-value row ("[3]").
 */
struct hist_label {
	bool symbolic;
	int64_t num;        /* plain: the value */
	uint64_t unum;      /* symbolic: the numeric value (JSON) */
	char text[32];
};

/*
 * Rows from the first to the last non-empty bucket. Row i spans
 * [labels[i-1], labels[i]) (row 0 starts at `lower`, or is "(..., labels[0])"
 * without one); a row past the last label is the open "[x, ...)" overflow row.
 */
struct hist_view {
	bool has_lower;
	struct hist_label lower;
	struct hist_label *labels;
	size_t nlabels;
	uint64_t *counts;
	size_t nrows;
};

/* Builds the rows of one histogram value. div > 1 divides hist() counts (not lhist(), as bpftrace). */
void hist_view_build(struct hist_view *hv, const struct map_desc *m, const uint64_t *buckets,
		     uint32_t nbuckets, int64_t div);
void hist_view_free(struct hist_view *hv);

/* ---- stacks and symbols (output_stack.c) ---- */

/* kstack/ustack text: "\n" and one line per frame, as bpftrace prints them. */
void output_stack_text(struct sbuf *b, const struct type *t, const uint8_t *data);
/* ksym(): the symbol's name, or the address in hex. */
void output_ksym_text(struct sbuf *b, const uint8_t *data);
/* usym(): the same for a (user address, pid) pair. */
void output_usym_text(struct sbuf *b, const uint8_t *data);
/* ntop(): inet_ntop's text; nothing for an unknown family. */
void output_inet_text(struct sbuf *b, const uint8_t *data);

/* ---- values the standard library records for user space (output_stdlib.c) ---- */
void output_timestamp_text(struct sbuf *b, const struct type *t, const uint8_t *data);
void output_cgroup_path_text(struct sbuf *b, const struct type *t, const uint8_t *data);
void output_macaddr_text(struct sbuf *b, const uint8_t *data);
void output_username_text(struct sbuf *b, const uint8_t *data);
void output_strerror_text(struct sbuf *b, const uint8_t *data);
void output_syscall_name_text(struct sbuf *b, const uint8_t *data);
void output_signal_name_text(struct sbuf *b, const uint8_t *data);
/* -f folded for a map whose key holds stacks (sorted by output_map). */
void output_map_folded(FILE *f, const struct map_desc *m, struct map_entry *entries, size_t n, int64_t div);

/* ---- JSON map output (output_json.c), called by output_map after sorting ---- */

void output_map_json(FILE *f, const struct map_desc *m, struct map_entry *entries, size_t n,
		     int64_t div);

/* Map values shared by text and JSON: the integer an aggregation shows after div. */
struct agg_value {
	bool is_signed;
	int64_t v;          /* count/sum/min/max/avg, or the stats average */
	int64_t count, total; /* stats */
};
void output_agg_value(const struct map_desc *m, const struct map_entry *e, int64_t div,
		      struct agg_value *out);
/* Key text as the map line shows it: tuple parentheses dropped. */
void output_key_text(struct sbuf *b, const struct map_desc *m, const uint8_t *key);
/* A JSON object key: the key's text without tuple parentheses and spaces (tmp: scratch). */
void output_key_json(struct sbuf *b, struct sbuf *tmp, const struct map_desc *m, const uint8_t *key);

/* ---- tseries() maps (output_tseries.c) ---- */

/* One interval of a key's series: its epoch (TAI time / interval) and value, if any was written. */
struct ts_row {
	uint64_t epoch;
	int64_t v;
	bool set;
};
/*
 * The rows of entry e: from its first interval within the window of the
 * map's last ts_intervals intervals (ending at `last`, the latest any key
 * wrote) to `last`. rows has room for m->ts_intervals; returns how many.
 */
size_t output_tseries_rows(const struct map_desc *m, const struct map_entry *e, uint64_t last,
			   struct ts_row *rows);
/*
 * bpftrace's graph of one series (through its closing scale line), or
 * "<no data>"; range (min, max) replaces the values' own. Times are local:
 * epoch * interval_ns - tai_offset_ns nanoseconds since 1970.
 */
void output_tseries_text(struct sbuf *b, const struct ts_row *rows, size_t n, uint64_t interval_ns,
			 bool is_signed, const int64_t *range, int64_t tai_offset_ns);
/* [{"interval_start": "YYYY-MM-DD HH:MM:SS.NNNNNNNNN", "value": V}, ...]: the intervals with values. */
void output_tseries_json(struct sbuf *b, const struct ts_row *rows, size_t n, uint64_t interval_ns,
			 bool is_signed, int64_t tai_offset_ns);
/* A whole tseries() map, text or JSON; print(@m, min, max) gives the range (both 0: the values'). */
void output_tseries_map(FILE *f, enum output_format fmt, const struct map_desc *m, struct map_entry *entries,
			size_t n, int64_t rmin, int64_t rmax);

#endif
