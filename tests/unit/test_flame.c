/*
 * test_flame.c: the flame graph's parsing, merging, sorting and pruning, on
 * small inputs with exactly known frames and counts.
 */
#include "unit.h"

#include "flame_priv.h"
#include "render.h"

#include <errno.h>

/* Every frame path with its total, "a;b;c N" (", M" before-count when differential), sorted. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The path to the end of node id's label: its ancestors' labels and its own, joined. */
static void path_of(const struct flame *f, uint32_t id, char *buf, size_t cap)
{
	if (!id) {
		buf[0] = '\0';
		return;
	}
	path_of(f, f->nodes[id].parent, buf, cap);
	if (f->nodes[id].parent)
		strncat(buf, ";", cap - strlen(buf) - 1);
	size_t len = f->nodes[id].len, room = cap - strlen(buf) - 1;
	strncat(buf, flame_label(f, id), len < room ? len : room);
}

/* Every frame path with its total: each node's frames all have the node's total. */
static char *dump(struct flame *f)
{
	char **lines = calloc(f->frames + 1, sizeof(*lines)), *out = NULL, buf[4096];
	uint64_t *tot = calloc(f->n, sizeof(*tot)), *tot2 = calloc(f->n, sizeof(*tot2));
	size_t n = 0, len = 0;
	FILE *m = open_memstream(&out, &len);

	for (uint32_t i = 1; i < f->n; i++) {
		for (uint32_t a = i;; a = f->nodes[a].parent) {
			tot[a] += f->nodes[i].count;
			if (f->count2)
				tot2[a] += f->count2[i];
			if (!a)
				break;
		}
	}
	for (uint32_t i = 1; i < f->n; i++) {
		path_of(f, f->nodes[i].parent, buf, sizeof(buf));
		const char *q = flame_label(f, i), *e = q + f->nodes[i].len;
		for (;;) {
			const char *semi = memchr(q, ';', (size_t)(e - q));
			if (!semi)
				semi = e;
			if (buf[0])
				strcat(buf, ";");
			strncat(buf, q, (size_t)(semi - q));
			char line[4200];
			if (f->count2)
				snprintf(line, sizeof(line), "%s %llu, %llu", buf, (unsigned long long)tot[i],
					 (unsigned long long)tot2[i]);
			else
				snprintf(line, sizeof(line), "%s %llu", buf, (unsigned long long)tot[i]);
			lines[n++] = strdup(line);
			if (semi == e)
				break;
			q = semi + 1;
		}
	}
	qsort(lines, n, sizeof(*lines), cmp_str);
	for (size_t i = 0; i < n; i++) {
		fprintf(m, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	free(tot);
	free(tot2);
	fclose(m);
	return out;
}

static struct flame *parse_with(const char *text, const struct flame_opts *o)
{
	struct flame *f = flame_new(o);

	flame_parse(f, text, strlen(text), FLAME_AFTER);
	return f;
}

static struct flame *parse(const char *text)
{
	struct flame_opts o;

	flame_opts_init(&o);
	return parse_with(text, &o);
}

#define CHECK_TRIE(text, want)                 \
	do {                                   \
		struct flame *f_ = parse(text); \
		char *d_ = dump(f_);            \
		CHECK_STR(d_, want);            \
		free(d_);                       \
		flame_free(f_);                 \
	} while (0)

/* noinline: GCC 12 takes open_memstream's buffer for a dangling local. */
__attribute__((noinline)) static char *svg_of(struct flame *f, int *err)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	*err = flame_write_svg(f, m);
	fclose(m);
	return out;
}

/* The frame titles in document order, one a line. */
static char *titles(const char *svg)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	for (const char *p = svg; (p = strstr(p, "<title>"));) {
		const char *e = strstr(p, "</title>");
		if (!e)
			break;
		fprintf(m, "%.*s\n", (int)(e - p - 7), p + 7);
		p = e;
	}
	fclose(m);
	return out;
}

UNIT_TEST(folded_merges_per_parent)
{
	CHECK_TRIE("a;b;c 3\na;b 2\na;d 1\nx 4\n", "a 6\n"
						   "a;b 5\n"
						   "a;b;c 3\n"
						   "a;d 1\n"
						   "x 4\n");
}

UNIT_TEST(folded_same_stack_sums)
{
	CHECK_TRIE("a;b 1\nc 1\na;b 2\n", "a 3\na;b 3\nc 1\n");
}

/*
 * flamegraph.pl sorts whole lines, so "a;foo 3" < "a;foo-bar;y" < "a;foo;x"
 * and foo is drawn twice. Merged per parent, foo is one frame.
 */
UNIT_TEST(folded_prefix_names_merge)
{
	CHECK_TRIE("a;foo 3\na;foo-bar;y 1\na;foo;x 2\n", "a 6\n"
							  "a;foo 5\n"
							  "a;foo-bar 1\n"
							  "a;foo-bar;y 1\n"
							  "a;foo;x 2\n");
}

/* Lines sharing bytes but not whole frames must not share nodes. */
UNIT_TEST(folded_byte_prefix_is_not_frame_prefix)
{
	CHECK_TRIE("a;foo 1\na;foobar 1\na;foo;x 1\na;foo 1\na;fo 1\n", "a 5\n"
									 "a;fo 1\n"
									 "a;foo 3\n"
									 "a;foo;x 1\n"
									 "a;foobar 1\n");
	CHECK_TRIE("a;b;c 1\na;b 1\na;b;c;d 1\n", "a 3\na;b 3\na;b;c 2\na;b;c;d 1\n");
}

UNIT_TEST(folded_line_forms)
{
	/* CRLF, tabs, several blanks, rounded fractions, names with blanks. */
	CHECK_TRIE("a;b 2\r\na;b\t3\na;c    1\nop new;x y 2.5\nz 0.4\n", "a 6\n"
									   "a;b 5\n"
									   "a;c 1\n"
									   "op new 3\n"
									   "op new;x y 3\n"
									   "z 0\n");
}

UNIT_TEST(folded_junk_is_counted)
{
	struct flame *f = parse("a;b 1\n"
				"no count here\n"
				"\n"
				"42\n"
				"a;b 99999999999999999999999\n"
				"a;b -3\n"
				"# a comment 1x\n"
				"@x: 5\n"
				"c 2\n");
	struct flame_stats st;

	flame_stats(f, &st);
	CHECK_INT(st.skipped, 6);
	CHECK_INT(st.stacks, 2);
	CHECK_INT(st.samples, 3);
	char *d = dump(f);
	CHECK_STR(d, "a 1\na;b 1\nc 2\n");
	free(d);
	flame_free(f);
}

UNIT_TEST(folded_empty_frames_kept)
{
	CHECK_TRIE("a;;b 1\n", "a 1\na; 1\na;;b 1\n");
}

UNIT_TEST(reverse_turns_stacks_around)
{
	struct flame_opts o;

	flame_opts_init(&o);
	o.reverse = true;
	struct flame *f = parse_with("a;b;c 2\nx;c 1\n", &o);
	char *d = dump(f);
	CHECK_STR(d, "c 3\nc;b 2\nc;b;a 2\nc;x 1\n");
	free(d);
	flame_free(f);
}

/* A flame chart merges a frame only with the same frame of the stack before. */
UNIT_TEST(flamechart_keeps_time_order)
{
	struct flame_opts o;
	int err;

	flame_opts_init(&o);
	o.flamechart = true;
	struct flame *f = parse_with("a;b 1\na;c 1\na;b 1\na;b;d 1\na 1\na;b 1\n", &o);
	CHECK_INT(f->frames, 6); /* a, b, c, b (with d above), d, b */
	char *svg = svg_of(f, &err);
	CHECK_INT(err, 0);
	char *t = titles(svg);
	CHECK_STR(t, "all (6 samples, 100.00%)\n"
		     "a (6 samples, 100.00%)\n"
		     "b (1 samples, 16.67%)\n"
		     "c (1 samples, 16.67%)\n"
		     "b (2 samples, 33.33%)\n"
		     "d (1 samples, 16.67%)\n"
		     "b (1 samples, 16.67%)\n");
	CHECK(strstr(svg, ">Flame Chart</text>") != NULL);
	free(t);
	free(svg);
	flame_free(f);
}

UNIT_TEST(siblings_sorted_by_name)
{
	int err;
	struct flame *f = parse("a;foo-bar 1\nb 1\na;foo 1\na;Zed 1\na;foo;x 1\n");
	char *svg = svg_of(f, &err);
	char *t = titles(svg);

	CHECK_INT(err, 0);
	/* Depth first; siblings by name, bytewise: "Zed" < "foo" < "foo-bar". */
	CHECK_STR(t, "all (5 samples, 100.00%)\n"
		     "a (4 samples, 80.00%)\n"
		     "Zed (1 samples, 20.00%)\n"
		     "foo (2 samples, 40.00%)\n"
		     "x (1 samples, 20.00%)\n"
		     "foo-bar (1 samples, 20.00%)\n"
		     "b (1 samples, 20.00%)\n");
	/* Sample offsets follow the order. */
	CHECK(strstr(svg, "<title>foo (2 samples, 40.00%)</title><rect x=\"1\" ") != NULL);
	CHECK(strstr(svg, "<title>foo-bar (1 samples, 20.00%)</title><rect x=\"3\" ") != NULL);
	CHECK(strstr(svg, "<title>b (1 samples, 20.00%)</title><rect x=\"4\" ") != NULL);
	free(t);
	free(svg);
	flame_free(f);
}

UNIT_TEST(geometry_matches_flamegraph_pl)
{
	int err;
	struct flame *f = parse("a;b 3\nc 1\n");
	char *svg = svg_of(f, &err);

	CHECK_INT(err, 0);
	/* 1200 wide, 10 pixels of padding: 1180 pixels for 4 samples; depth 2 + all = 3 rows. */
	CHECK(strstr(svg, "width=\"1200\" height=\"118\"") != NULL);
	/* Rectangles in samples; one transform to pixels: 295 pixels a sample, from x = 10. */
	CHECK(strstr(svg, "<g id=\"frames\" transform=\"matrix(295,0,0,1,10,0)\">") != NULL);
	CHECK(strstr(svg, "<title>all (4 samples, 100.00%)</title><rect x=\"0\" y=\"69\" width=\"4\" height=\"15\"") !=
	      NULL);
	CHECK(strstr(svg, "<title>a (3 samples, 75.00%)</title><rect x=\"0\" y=\"53\" width=\"3\"") != NULL);
	CHECK(strstr(svg, "<title>b (3 samples, 75.00%)</title><rect x=\"0\" y=\"37\" width=\"3\"") != NULL);
	CHECK(strstr(svg, "<title>c (1 samples, 25.00%)</title><rect x=\"3\" y=\"53\" width=\"1\"") != NULL);
	/* Labels in pixels, 3 in from the frame's left edge, on the row's middle. */
	CHECK(strstr(svg, "<text x=\"13.0\" y=\"79.5\">all</text>") != NULL);
	CHECK(strstr(svg, "<text x=\"898.0\" y=\"63.5\">c</text>") != NULL);
	CHECK(strstr(svg, "<clipPath id=\"fg_clip\"><rect x=\"10\" y=\"0\" width=\"1180\" height=\"118\"/>") != NULL);
	CHECK(strstr(svg, "function fg_find(") != NULL);
	CHECK(strstr(svg, "function fg_zoom(") != NULL);
	free(svg);
	flame_free(f);
}

UNIT_TEST(inverted_and_titles)
{
	struct flame_opts o;
	int err;

	flame_opts_init(&o);
	o.inverted = true;
	o.countname = "bytes";
	o.subtitle = "sub <1>";
	struct flame *f = parse_with("a;b 1234567\n", &o);
	char *svg = svg_of(f, &err);

	CHECK_INT(err, 0);
	CHECK(strstr(svg, ">Icicle Graph</text>") != NULL);
	CHECK(strstr(svg, ">sub &lt;1&gt;</text>") != NULL);
	CHECK(strstr(svg, "<title>a (1,234,567 bytes, 100.00%)</title>") != NULL);
	/* Icicle: the root at the top, right under the titles (ypad1 = 36 + 24). */
	CHECK(strstr(svg, "<title>all (1,234,567 bytes, 100.00%)</title><rect x=\"0\" y=\"60\"") != NULL);
	free(svg);
	flame_free(f);
}

UNIT_TEST(prune_below_min_width)
{
	struct flame_opts o;
	int err;

	flame_opts_init(&o);
	/* 1180 pixels for 100000 samples: 0.1 pixels is 8.47 samples. */
	struct flame *f = parse_with("big 99980\nsmall;x 9\ntiny;y 8\ntiny2 3\n", &o);
	char *svg = svg_of(f, &err);
	struct flame_stats st;

	CHECK_INT(err, 0);
	flame_stats(f, &st);
	CHECK_INT(st.frames, 6);
	CHECK_INT(st.drawn, 3); /* big, small, small;x */
	CHECK(strstr(svg, ">tiny") == NULL);
	CHECK(strstr(svg, "<title>small (9 samples") != NULL);
	free(svg);
	flame_free(f);

	/* A percentage: 5% of 100 samples keeps frames of 5 or more. */
	o.min_width = 5;
	o.min_width_pct = true;
	f = parse_with("a 91\nb 5\nc 4\n", &o);
	svg = svg_of(f, &err);
	flame_stats(f, &st);
	CHECK_INT(st.drawn, 2);
	free(svg);
	flame_free(f);
}

UNIT_TEST(labels_fit_their_frames)
{
	int err;
	struct flame *f = parse("a_very_long_function_name_indeed 1\nb 99\n");
	char *svg = svg_of(f, &err);

	/* 11.8 pixels at 7.08 pixels a character: too narrow for any label. */
	CHECK(strstr(svg, "\">a_very") == NULL);
	free(svg);
	flame_free(f);
	f = parse("a_very_long_function_name_indeed 10\nb 90\n");
	svg = svg_of(f, &err);
	/* 118 pixels: 16 characters, so 14 and "..". */
	CHECK(strstr(svg, "\">a_very_long_fu..</text>") != NULL);
	free(svg);
	flame_free(f);
}

UNIT_TEST(escaping_and_bad_bytes)
{
	int err;
	struct flame *f = parse("<a&\"b\">;\xff\xfe\x01x;ok\xc3\xa9 1\n");
	char *svg = svg_of(f, &err);

	CHECK_INT(err, 0);
	CHECK(strstr(svg, "<title>&lt;a&amp;&quot;b&quot;&gt; (1 samples") != NULL);
	CHECK(strstr(svg, "<title>???x (1 samples") != NULL);
	CHECK(strstr(svg, "<title>ok\xc3\xa9 (1 samples") != NULL);
	free(svg);
	flame_free(f);
}

UNIT_TEST(annotations_colour_and_strip)
{
	int err;
	struct flame *f = parse("main;sys_read_[k] 1\nmain;Interp_[j] 1\n");
	char *svg = svg_of(f, &err);

	/* The suffix chooses the colour and is not shown. */
	CHECK(strstr(svg, "<title>sys_read (1 samples") != NULL);
	CHECK(strstr(svg, "<title>Interp (1 samples") != NULL);
	CHECK(strstr(svg, "_[k]") == NULL);
	/* Kernel frames orange (blue 0), JIT green. */
	const char *k = strstr(svg, "<title>sys_read ");
	CHECK(k && strstr(k, ",0)\"") && strstr(k, ",0)\"") < strstr(k, "</g>"));
	free(svg);
	flame_free(f);
}

UNIT_TEST(differential_two_columns)
{
	int err;
	struct flame *f = parse("a;b 5 7\na;c 4 2\nd 0 3\ne 3 0\n");
	struct flame_stats st;

	flame_stats(f, &st);
	CHECK(st.differential);
	CHECK_INT(st.stacks, 4);
	char *d = dump(f);
	CHECK_STR(d, "a 9, 9\na;b 7, 5\na;c 2, 4\nd 3, 0\ne 0, 3\n");
	free(d);
	char *svg = svg_of(f, &err);
	CHECK_INT(err, 0);
	CHECK(strstr(svg, ">Differential Flame Graph</text>") != NULL);
	/* Widths from AFTER (12 samples); deltas in percent of it; e shrank to nothing and is not drawn. */
	CHECK(strstr(svg, "<title>b (7 samples, 58.33%; +16.67%)</title>") != NULL);
	CHECK(strstr(svg, "<title>c (2 samples, 16.67%; -16.67%)</title>") != NULL);
	CHECK(strstr(svg, "<title>e ") == NULL);
	/* Grew: red; shrank: blue; the biggest change is the deepest colour. */
	CHECK(strstr(svg, "<title>d (3 samples, 25.00%; +25.00%)</title><rect x=\"") != NULL);
	CHECK(strstr(strstr(svg, "<title>b (7"), "fill=\"rgb(255,70,70)\"") != NULL);
	CHECK(strstr(strstr(svg, "<title>d (3"), "fill=\"rgb(255,0,0)\"") != NULL);
	CHECK(strstr(strstr(svg, "<title>c (2"), "fill=\"rgb(70,70,255)\"") != NULL);
	free(svg);
	flame_free(f);
}

UNIT_TEST(differential_two_profiles)
{
	struct flame_opts o;
	int err;

	flame_opts_init(&o);
	struct flame *f = flame_new(&o);
	const char *before = "a;b 10\na;c 10\n", *after = "a;b 30\nx 10\n";
	flame_parse(f, before, strlen(before), FLAME_BEFORE);
	flame_parse(f, after, strlen(after), FLAME_AFTER);
	char *d = dump(f);
	CHECK_STR(d, "a 30, 20\na;b 30, 10\na;c 0, 10\nx 10, 0\n");
	free(d);
	flame_free(f);

	/* Normalized: BEFORE scaled to AFTER's 40 samples; negated: widths from BEFORE. */
	o.normalize = true;
	o.negate = true;
	f = flame_new(&o);
	flame_parse(f, before, strlen(before), FLAME_BEFORE);
	flame_parse(f, after, strlen(after), FLAME_AFTER);
	char *svg = svg_of(f, &err);
	CHECK_INT(err, 0);
	CHECK(strstr(svg, "<title>c (20 samples, 50.00%; -50.00%)</title>") != NULL);
	CHECK(strstr(svg, "<title>b (20 samples, 50.00%; +25.00%)</title>") != NULL);
	CHECK(strstr(svg, "<title>x ") == NULL);
	free(svg);
	flame_free(f);
}

UNIT_TEST(bpftrace_map_output)
{
	CHECK_TRIE("Attaching 2 probes...\n"
		   "\n"
		   "@[\n"
		   "    perf_syscall_enter+475\n"
		   "    do_syscall_64+527\n"
		   ", \n"
		   "    0x7fb5dd1cf4f7\n"
		   "    main+20\n"
		   ", sh]: 3\n"
		   "@[\n"
		   "    do_syscall_64+12\n"
		   ", \n"
		   "    main+20\n"
		   ", sh]: 2\n"
		   "@x[sh, \n"
		   "    work+1 (/usr/bin/prog)\n"
		   "    main+9\n"
		   "]: 1\n"
		   "@y[bash, 12]: 4\n"
		   "@z: 5\n"
		   "@h[sh]:\n"
		   "[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		   "@k[\n"
		   "    0xffffffff81000000\n"
		   "    start_kernel+3\n"
		   "]: 6\n",
		   "bash 4\n"
		   "bash;12 4\n"
		   "sh 6\n"
		   "sh;main 6\n"
		   "sh;main;0x7fb5dd1cf4f7 3\n"
		   "sh;main;0x7fb5dd1cf4f7;do_syscall_64_[k] 3\n"
		   "sh;main;0x7fb5dd1cf4f7;do_syscall_64_[k];perf_syscall_enter_[k] 3\n"
		   "sh;main;do_syscall_64_[k] 2\n"
		   "sh;main;work 1\n"
		   "start_kernel_[k] 6\n"
		   "start_kernel_[k];0xffffffff81000000_[k] 6\n");
}

/* kstack(perf) and ustack(perf): address, symbol+offset, module. */
UNIT_TEST(bpftrace_perf_mode_stacks)
{
	CHECK_TRIE("@[\n"
		   "\tffffffff8e1d9f7b do_syscall_64+91 ([kernel.kallsyms])\n"
		   "\tffffffff8e200130 entry_SYSCALL_64_after_hwframe+118 ([kernel.kallsyms])\n"
		   ", \n"
		   "\t7f3c1a2b3c4d __GI___getppid+11 (/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
		   "\t55d0c0ffee11 main+20 (/work/prog)\n"
		   "]: 4\n",
		   "main 4\n"
		   "main;__GI___getppid 4\n"
		   "main;__GI___getppid;entry_SYSCALL_64_after_hwframe_[k] 4\n"
		   "main;__GI___getppid;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 4\n");
	/* A lone kernel stack in perf mode: kernel by its addresses. */
	CHECK_TRIE("@[\n"
		   "\tffffffff8e1d9f7b do_syscall_64+91 ([kernel.kallsyms])\n"
		   "\tffffffff8e200130 entry_SYSCALL_64_after_hwframe+118 ([kernel.kallsyms])\n"
		   ", sh]: 2\n",
		   "sh 2\n"
		   "sh;entry_SYSCALL_64_after_hwframe_[k] 2\n"
		   "sh;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 2\n");
}

UNIT_TEST(bpftrace_junk_counted)
{
	struct flame *f = parse("Attaching 1 probe...\n@z: 5\n@h[sh]:\n[4, 8) 1 |@@|\n@[\n    a+1\nbroken\n");
	struct flame_stats st;

	flame_stats(f, &st);
	CHECK_INT(st.stacks, 0);
	CHECK_INT(st.skipped, 6);
	flame_free(f);
}

UNIT_TEST(perf_script_output)
{
	CHECK_TRIE("swapper     0 [000] 12345.678901:     250000 cpu-clock:pppH: \n"
		   "\tffffffff81234567 native_safe_halt+0x7 ([kernel.kallsyms])\n"
		   "\tffffffff81234568 default_idle+0x9 ([kernel.kallsyms])\n"
		   "\n"
		   "python3 1234/1235 [001] 12345.679: 250000 cpu-clock:pppH:\n"
		   "\t    7f1234567890 eval+0x123 (/usr/lib/libpython3.11.so.1.0)\n"
		   "\t    7f1234567891 [unknown] (/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
		   "\t    55555555 main (/usr/bin/python3.11)\n"
		   "\t    7f0000000001 LazyFoo::bar (/tmp/perf-1234.map)\n"
		   "\n"
		   "Web Content 99 [000] 1.0: 1 cpu-clock:\n"
		   "\tffffffff81234567 native_safe_halt+0x7 ([kernel.kallsyms])\n"
		   "\t0 [unknown] ([unknown])\n"
		   "\n"
		   "swapper     0 [000] 12345.688901:     250000 cpu-clock:pppH: \n"
		   "\tffffffff81234567 native_safe_halt+0x9 ([kernel.kallsyms])\n"
		   "\tffffffff81234568 default_idle+0x9 ([kernel.kallsyms])\n",
		   "Web_Content 1\n"
		   "Web_Content;[unknown] 1\n"
		   "Web_Content;[unknown];native_safe_halt_[k] 1\n"
		   "python3 1\n"
		   "python3;LazyFoo::bar_[j] 1\n"
		   "python3;LazyFoo::bar_[j];main 1\n"
		   "python3;LazyFoo::bar_[j];main;[libc.so.6] 1\n"
		   "python3;LazyFoo::bar_[j];main;[libc.so.6];eval 1\n"
		   "swapper 2\n"
		   "swapper;default_idle_[k] 2\n"
		   "swapper;default_idle_[k];native_safe_halt_[k] 2\n");
}

UNIT_TEST(add_stacks_from_memory)
{
	struct flame_opts o;
	const char *s1[] = { "comm", "main", "work" }, *s2[] = { "comm", "main" };
	size_t l1[] = { 4, 4, 4 }, l2[] = { 4, 4 };

	flame_opts_init(&o);
	struct flame *f = flame_new(&o);
	char name[8];
	strcpy(name, "comm");
	const char *s3[] = { name };
	size_t l3[] = { 4 };
	flame_add(f, s1, l1, 3, 5, FLAME_AFTER);
	flame_add(f, s2, l2, 2, 2, FLAME_AFTER);
	flame_add(f, s3, l3, 1, 1, FLAME_AFTER);
	strcpy(name, "gone"); /* names are copied */
	char *d = dump(f);
	CHECK_STR(d, "comm 8\ncomm;main 7\ncomm;main;work 5\n");
	free(d);
	/* Drawing and then adding more: the totals come back as self counts. */
	int err;
	free(svg_of(f, &err));
	flame_add(f, s2, l2, 2, 1, FLAME_AFTER);
	d = dump(f);
	CHECK_STR(d, "comm 9\ncomm;main 8\ncomm;main;work 5\n");
	free(d);
	flame_free(f);
}

UNIT_TEST(render_in_one_call)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	const char *in = "comm;main;work_[k] 3\ncomm;main 1\n";

	CHECK_INT(flame_render(in, strlen(in), NULL, m), 0);
	fclose(m);
	CHECK(strstr(out, "<title>work (3 samples, 75.00%)</title>") != NULL);
	CHECK(strstr(out, ">Flame Graph</text>") != NULL);
	free(out);
}

UNIT_TEST(empty_input_has_no_stacks)
{
	int err;
	struct flame *f = parse("junk\n\n");
	char *svg = svg_of(f, &err);

	CHECK_INT(err, -ENODATA);
	CHECK(strstr(svg, "no stacks") != NULL);
	free(svg);
	flame_free(f);
}

UNIT_TEST(deep_stacks_are_cut)
{
	size_t depth = FLAME_MAX_DEPTH + 100, len = depth * 2 + 8;
	char *s = malloc(len);
	size_t n = 0;

	for (size_t i = 0; i < depth; i++) {
		s[n++] = 'a';
		s[n++] = ';';
	}
	n--;
	memcpy(s + n, " 1\n", 4);
	struct flame *f = parse(s);
	struct flame_stats st;
	flame_stats(f, &st);
	CHECK_INT(st.frames, FLAME_MAX_DEPTH);
	CHECK_INT(st.samples, 1);
	flame_free(f);
	free(s);
}

/* Whatever the bytes, no crash, and every line either adds a stack or is counted. */
UNIT_TEST(random_input_never_crashes)
{
	static const char alphabet[] = "ab;; \t\n\n0123456789.@[],:\r\xff_(k)x/";
	unsigned seed = 12345;
	char buf[512];

	for (int round = 0; round < 3000; round++) {
		size_t n = (size_t)(rand_r(&seed) % sizeof(buf));
		for (size_t i = 0; i < n; i++)
			buf[i] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		struct flame_opts o;
		flame_opts_init(&o);
		o.reverse = round % 3 == 1;
		o.flamechart = round % 3 == 2;
		struct flame *f = flame_new(&o);
		flame_parse(f, buf, n, round % 2 ? FLAME_BEFORE : FLAME_AFTER);
		char *out = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&out, &len);
		int err = flame_write_svg(f, m);
		fclose(m);
		CHECK(err == 0 || err == -ENODATA);
		free(out);
		flame_free(f);
	}
}

/* Two threads, each with its own tree, merged: the same graph as one thread. */
UNIT_TEST(two_threads_same_graph)
{
	static const char *const names[] = { "main", "a", "b", "ab", "a-b", "", "k_[k]", "x y" };
	unsigned seed = 99;
	size_t saved = flame_parallel_min;

	for (int round = 0; round < 300; round++) {
		char *text = NULL;
		size_t tlen = 0;
		FILE *m = open_memstream(&text, &tlen);
		int lines = 1 + rand_r(&seed) % 60;
		for (int i = 0; i < lines; i++) {
			int depth = 1 + rand_r(&seed) % 8;
			for (int d = 0; d < depth; d++)
				fprintf(m, "%s%s", d ? ";" : "", names[rand_r(&seed) % 8]);
			if (rand_r(&seed) % 5 == 0)
				fprintf(m, " %d", rand_r(&seed) % 5);
			fprintf(m, " %d\n", rand_r(&seed) % 9);
			if (rand_r(&seed) % 17 == 0)
				fputs("@[\n    x+1\n    y+2\n, sh]: 3\njunk\n", m);
		}
		fclose(m);
		struct flame_opts o;
		flame_opts_init(&o);
		o.reverse = round % 4 == 1;
		o.min_width = round % 3 ? 0.1 : 0;
		char *out[2], *dumps[2];
		for (int t = 0; t < 2; t++) {
			flame_parallel_min = t ? 0 : (size_t)-1;
			struct flame *f = flame_new(&o);
			flame_parse(f, text, tlen, FLAME_AFTER);
			int err;
			dumps[t] = dump(f);
			out[t] = svg_of(f, &err);
			flame_free(f);
		}
		CHECK_STR(dumps[1], dumps[0]);
		CHECK_STR(out[1], out[0]);
		for (int t = 0; t < 2; t++) {
			free(out[t]);
			free(dumps[t]);
		}
		free(text);
	}
	flame_parallel_min = saved;
}

UNIT_TEST(palettes_parse)
{
	enum flame_palette p;

	CHECK_INT(flame_palette_parse("java", &p), 0);
	CHECK_INT(p, FLAME_PAL_JAVA);
	CHECK_INT(flame_palette_parse("orange", &p), 0);
	CHECK_INT(p, FLAME_PAL_ORANGE);
	CHECK_INT(flame_palette_parse("chartreuse", &p), -EINVAL);
}

UNIT_MAIN()
