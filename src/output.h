/*
 * output.h: how sonde prints maps, values and printf events, in bpftrace's
 * shapes (text) or bpftrace's newline-delimited JSON (-f json).
 */
#ifndef SONDE_OUTPUT_H
#define SONDE_OUTPUT_H

#include "prog.h"
#include <stdio.h>

/* OUT_FOLDED: maps keyed by stacks print as folded stacks (flamegraph input); others as text. */
enum output_format { OUT_TEXT, OUT_JSON, OUT_FOLDED };

/*
 * One entry of a map after the runtime merged the per-CPU values. For
 * hist/lhist maps the runtime groups the (key, bucket) entries by key.
 */
struct map_entry {
	const uint8_t *key;      /* map->user_key_size bytes (NULL when unkeyed) */
	const uint8_t *value;    /* AGG_NONE: map->value_size bytes */
	int64_t v;               /* COUNT, SUM, MIN, MAX: the merged value; AVG/STATS: total */
	uint64_t count;          /* AVG/STATS: count; MIN/MAX: non-zero when some CPU set it */
	uint64_t *buckets;       /* HIST/LHIST: counts indexed by bucket; TSERIES: the (int64) value of each slot */
	uint64_t *epochs;        /* TSERIES: each slot's interval, t / interval (0: empty) */
	uint32_t nbuckets;
};

/*
 * Prints a whole map as bpftrace does at exit or on print(@m, top, div):
 * with OUT_FOLDED, a map whose key holds stacks prints one folded line per
 * entry ("comm;user frames;kernel frames COUNT": other key fields first, in
 * key order, then user then kernel frames, each root first, kernel frames
 * with "_[k]"; JIT frames from perf maps with "_[j]"); other maps as text.
 * sorts `entries` in place (by value for count/sum/min/max/avg/plain ints,
 * by key otherwise), keeps the last `top` if top > 0, divides values by div
 * if div > 1. Prints nothing for an empty map.
 */
void output_map(FILE *f, enum output_format fmt, const struct map_desc *m,
		struct map_entry *entries, size_t n, int64_t top, int64_t div);

/*
 * Maps printed as tables (output_table.c). A script declares one with a
 * comment line, `// table: @NAME HEADER[:WIDTH]...`: a column per key
 * field, then the value (stats: count, average and total, as many as
 * declared). WIDTH pads the column as printf's %Ns (negative: left-aligned);
 * without it, the header's width, left-aligned. Rows sort by value, largest
 * first (stats: by total; `order=asc` after the name: smallest first);
 * print(@NAME, N) keeps the N largest.
 *
 * Histograms print as bcc's do with `// hist: @NAME UNIT [SECTION]`: hist()
 * maps as print_log2_hist ("     usecs               : count     distribution",
 * rows "0 -> 1", "2 -> 3", ...), lhist() maps as print_linear_hist, one row
 * per value. A keyed map prints each key's histogram under its SECTION line,
 * in which $1..$9 are the key's fields ("disk = $1"; without SECTION, the
 * key). Text output only: JSON keeps bpftrace's map shape.
 */
/* Reads the declarations in src; -EINVAL after reporting a malformed one. */
int output_tables_declare(const char *src);
/* Each declared table names a map of the script whose key and value fit its columns; else -EINVAL. */
int output_tables_check(const struct map_desc *maps, int nmaps);
void output_tables_reset(void);
/* Prints m as its table if one is declared (true), else false. */
bool output_table_map(FILE *f, const struct map_desc *m, struct map_entry *entries, size_t n, int64_t top,
		      int64_t div);
/* Prints m's (sorted, top-cut) entries as bcc's histograms if declared (true), else false. */
bool output_hist_map(FILE *f, const struct map_desc *m, const struct map_entry *entries, size_t n, int64_t div);

/* A single value of type t stored at data (keys, print(value), printf %s of non-strings). */
void output_value(FILE *f, enum output_format fmt, const struct type *t, const void *data);

/* printf(), errorf(), system() text: formats the event payload by fd->fmt into a malloc'd string. */
char *output_format_event(const struct fmt_desc *fd, const void *payload, size_t len);

/* time("%H:%M:%S\n"): the current local time through strftime, plus bpftrace's %f (microseconds). */
void output_time(FILE *f, const char *fmt);

/* The message printed once everything is attached: text "Attached N probes" (to stderr) or JSON. */
void output_attached(FILE *f, enum output_format fmt, int nprobes);

/* print(value): the value and a newline in text; {"type": "value", "data": ...} in JSON. */
void output_print_value(FILE *f, enum output_format fmt, const struct type *t, const void *data);

/* What produced a piece of script output; JSON tags it with bpftrace's message type. */
enum output_msg {
	OUTPUT_MSG_PRINTF,  /* printf(): "printf" */
	OUTPUT_MSG_TIME,    /* time(): "time" */
	OUTPUT_MSG_CAT,     /* cat(): "cat" */
	OUTPUT_MSG_SYSTEM,  /* system(): "syscall" */
	OUTPUT_MSG_JOIN,    /* join(): "join" */
};
/* Script output text: as is in text mode, {"type": "printf", "data": "..."} (etc.) in JSON. */
void output_message(FILE *f, enum output_format fmt, enum output_msg kind, const char *text);

/* output_time's text as a malloc'd string, for output_message(OUTPUT_MSG_TIME) in JSON mode. */
char *output_time_str(const char *fmt);

/*
 * Once the event loop is over, before the exit-time maps: bpftrace's text
 * output prints two newlines here (whether or not maps follow); JSON nothing.
 */
void output_end(FILE *f, enum output_format fmt);

/*
 * -k's failed helper in JSON mode, as bpftrace reports it (to out):
 * {"type": "helper_error", "msg": "Bad address", "helper": "probe_read_kernel", "retcode": -14,
 *  "filename": "stdin", "line": 1, "col": 37}; line and col 0 when the site has no place.
 */
void output_helper_error(FILE *f, const char *helper, int64_t err, const char *filename, int line, int col);

/* Events the ring buffer dropped: text "Lost N events" (to stderr); JSON lost_events (to out). */
void output_lost_events(FILE *f, enum output_format fmt, uint64_t lost);

/*
 * ---- stacks, symbols, flame graphs (output_stack.c) ----
 *
 * Stack values hold an id in a stack map that only the runtime can read, and
 * symbols need the symbolizer's caches: the runtime registers both here
 * while it runs (tests register their own). Without a resolver, stacks print
 * as "[stack lost: no stack map]" lines and symbols as addresses.
 */
struct symbolizer;
struct flame;

struct output_resolver {
	void *ctx;
	/* The frames of stack `id` of type t into ips (at most max); the count, or -errno. */
	/*
	 * Up to max frames of stack id into ips; in build_id mode each frame is
	 * a struct bpf_stack_build_id, 4 words of ips.
	 */
	int (*stack_frames)(void *ctx, const struct type *t, int64_t id, uint64_t *ips, int max);
	struct symbolizer *sym;
};
/* Copies *r (NULL: none). */
void output_set_resolver(const struct output_resolver *r);

/*
 * How truncated strings print (config max_strlen and str_trunc_trailer;
 * default 64 and ".."). As bpftrace detects truncation in user space, the
 * programs pay nothing for it: a string gets the trailer when its bytes fill
 * their buffer, either without a NUL (a char array) or, for a buffer of
 * max_strlen bytes (what str() reads into), with max_strlen - 1 characters
 * before the NUL, which bpf_probe_read_str leaves when it cut the string.
 * A string of exactly max_strlen - 1 characters looks the same and gets
 * the trailer too, as in bpftrace. The trailer is not copied: it must
 * outlive the output calls.
 */
void output_set_strings(uint32_t max_strlen, const char *trailer);

/* Whether a map's key holds a stack and its values are counts (-f folded and -o x.svg draw such maps). */
bool output_map_has_stacks(const struct map_desc *m);
/*
 * Adds a map's entries to a flame graph, one stack per entry, as -f folded
 * prints them (see output_map); `root` (NULL: none) is a frame put below
 * each stack, to tell several maps apart. Entries whose value is not an
 * integer (hist, stats) are skipped. Returns how many stacks were added.
 */
size_t output_map_flame(struct flame *f, const struct map_desc *m, struct map_entry *entries, size_t n,
			const char *root);

/*
 * printf formats, parsed at compile time so that the checker can match
 * arguments and user space formats quickly.
 */
enum conv_class {
	CONV_INT,   /* d i u x X o c, with l/ll/h/hh/z/j length modifiers */
	CONV_STR,   /* s: strings, and any value printed as text (stacks, ksym, ints) */
	CONV_PTR,   /* p */
	CONV_BUF,   /* r (buf) and rx/rh variants */
	CONV_CHAR,  /* c */
};

struct printf_conv {
	enum conv_class cls;
	char conv;          /* the conversion letter */
	int start, len;     /* byte range of the whole %... spec within fmt */
	bool is_signed;     /* d, i */
};

/*
 * Splits fmt into conversions. Returns the count, or -1 with *err_off set to
 * the offset of the offending '%' and *err a static message.
 * `%%` is not a conversion. Unknown conversions are errors.
 */
int printf_parse(const char *fmt, struct printf_conv *convs, int max, int *err_off, const char **err);

#endif
