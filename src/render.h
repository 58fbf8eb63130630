/*
 * render.h: flame graphs and latency heat maps as self-contained interactive
 * SVG files (`sonde flamegraph`, `sonde heatmap`, and `sonde -o x.svg`).
 *
 * A flame graph is built in three steps:
 *
 *   struct flame_opts o;
 *   flame_opts_init(&o);                    // then set title, palette, ...
 *   struct flame *f = flame_new(&o);
 *   flame_parse(f, text, len, FLAME_AFTER); // any number of times, or
 *   flame_add(f, names, lens, n, count);    // stacks already in memory
 *   flame_write_svg(f, out);
 *   flame_free(f);
 *
 * Frames are merged per parent (a radix tree over the stacks' frames), so
 * memory grows with the distinct stacks, not with the input's size. Input
 * is copied as needed: buffers passed in may be freed as soon as a call
 * returns (but see flame_parse_keep).
 */
#ifndef SONDE_RENDER_H
#define SONDE_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum flame_palette {
	FLAME_PAL_HOT, /* the default: user frames hot, kernel orange, JIT green */
	FLAME_PAL_MEM,
	FLAME_PAL_IO,
	FLAME_PAL_WAKEUP,
	FLAME_PAL_JAVA,
	FLAME_PAL_JS,
	FLAME_PAL_PERL,
	FLAME_PAL_RED,
	FLAME_PAL_GREEN,
	FLAME_PAL_BLUE,
	FLAME_PAL_AQUA,
	FLAME_PAL_YELLOW,
	FLAME_PAL_PURPLE,
	FLAME_PAL_ORANGE,
};

struct flame_opts {
	const char *title;     /* NULL: "Flame Graph", "Icicle Graph", ... */
	const char *subtitle;  /* NULL: none */
	const char *countname; /* "samples" */
	const char *nametype;  /* "Function:" */
	int width;             /* image width in pixels: 1200 */
	int frame_height;      /* 16 */
	int font_size;         /* 12 */
	double min_width;      /* frames narrower are pruned: 0.1 pixels */
	bool min_width_pct;    /* min_width is a percentage of the total */
	enum flame_palette palette;
	bool inverted;   /* icicle graph: root at the top */
	bool reverse;    /* stacks reversed: leaf frames become roots */
	bool flamechart; /* input order, merged only with the previous stack */
	bool negate;     /* differential: widths from the first profile */
	bool normalize;  /* differential: scale the first profile to the second's total */
};

struct flame;

void flame_opts_init(struct flame_opts *o);
/* Parses a palette name ("hot", "java", ...); -EINVAL if unknown. */
int flame_palette_parse(const char *name, enum flame_palette *pal);

struct flame *flame_new(const struct flame_opts *o);
void flame_free(struct flame *f);

/* Which count a parsed profile supplies (differential graphs have two). */
enum flame_column {
	FLAME_AFTER,  /* the ordinary count: widths come from it */
	FLAME_BEFORE, /* the earlier profile of a differential graph */
};

/*
 * Adds text input: folded stacks ("a;b;c 12", or "a;b;c 5 7" for a
 * differential pair), bpftrace map output (@[...]: N with multi-line stacks),
 * or `perf script` output, in any mix. Lines it cannot read are skipped and
 * counted (flame_stats). Never fails on bad input. Big inputs are parsed on
 * two threads (the call returns when both are done).
 */
void flame_parse(struct flame *f, const char *buf, size_t len, enum flame_column col);
/*
 * The same, for a buffer that stays valid and unchanged until flame_free
 * (a mapped file): the tree points into it instead of copying stacks.
 */
void flame_parse_keep(struct flame *f, const char *buf, size_t len, enum flame_column col);

/*
 * Adds one stack given root first (flame_opts.reverse still applies). Kernel
 * frames should carry the "_[k]" suffix, JIT frames "_[j]", as
 * flamegraph.pl's palettes expect.
 */
void flame_add(struct flame *f, const char *const *names, const size_t *lens, size_t n, uint64_t count,
	       enum flame_column col);

struct flame_stats {
	uint64_t stacks;   /* stacks added */
	uint64_t skipped;  /* input lines that were not stacks */
	uint64_t frames;   /* distinct frame paths */
	uint64_t names;    /* distinct frame names */
	uint64_t samples;  /* total count (the width column) */
	uint64_t drawn;    /* frames written by the last flame_write_svg */
	bool differential; /* a second count was seen */
};
void flame_stats(const struct flame *f, struct flame_stats *st);

/*
 * Writes the SVG: 0; -ENODATA if there were no stacks (a placeholder SVG
 * saying so is still written); -EIO if writing failed. More input may
 * follow, and another SVG be written.
 */
int flame_write_svg(struct flame *f, FILE *out);

/*
 * All of the above in one call, for stacks already in memory as text (a
 * run's stack maps printed folded, say, for `sonde -o profile.svg`).
 * o may be NULL for the defaults. Returns as flame_write_svg.
 */
int flame_render(const char *buf, size_t len, const struct flame_opts *o, FILE *out);

/*
 * A whole input file, mapped when it is a regular file, read otherwise
 * (pipes, stdin for "-"). Negative errno on failure.
 */
struct render_input {
	char *buf;
	size_t len;
	bool mapped;
};
int render_input_open(const char *path, struct render_input *in);
void render_input_close(struct render_input *in);

/*
 * The subcommands. argv[0] is the subcommand's name ("flamegraph"); options
 * and files follow. They return the process's exit status.
 */
int flamegraph_main(int argc, char **argv);
int heatmap_main(int argc, char **argv);

#endif
