/* test_hist.c: hist()/lhist() buckets, their ranges, and the rows bpftrace prints. */
#include "output.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <stdint.h>

static struct map_desc hist_map(const char *name, int k)
{
	struct map_desc m = { .name = name, .agg = AGG_HIST, .hist_bits = k };
	return m;
}

static struct map_desc lhist_map(const char *name, int64_t min, int64_t max, int64_t step)
{
	struct map_desc m = { .name = name, .agg = AGG_LHIST, .lhist_min = min, .lhist_max = max,
			      .lhist_step = step };
	return m;
}

/* Prints one unkeyed histogram map with the given bucket counts. */
static char *print_hist(const struct map_desc *m, uint64_t *buckets, uint32_t n, enum output_format fmt,
			int64_t div)
{
	struct map_entry e = { .buckets = buckets, .nbuckets = n };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	output_map(f, fmt, m, &e, 1, 0, div);
	fclose(f);
	return buf;
}

static bool starts_with(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

/* Adds values the way the BPF code would: one count in hist_bucket(v, k). */
static void add(uint64_t *b, uint32_t n, int64_t v, int k)
{
	int64_t i = hist_bucket(v, k);
	if (i >= 0 && i < (int64_t)n)
		b[i]++;
}

static int64_t lhist_bucket(int64_t v, int64_t min, int64_t max, int64_t step)
{
	if (v < min)
		return 0;
	if (v >= max)
		return (max - min) / step + 1;
	return (v - min) / step + 1;
}

UNIT_TEST(bucket_k0)
{
	CHECK_INT(hist_bucket(-5, 0), 0);
	CHECK_INT(hist_bucket(INT64_MIN, 0), 0);
	CHECK_INT(hist_bucket(0, 0), 1);
	CHECK_INT(hist_bucket(1, 0), 2);
	CHECK_INT(hist_bucket(2, 0), 3);
	CHECK_INT(hist_bucket(3, 0), 3);
	CHECK_INT(hist_bucket(4, 0), 4);
	CHECK_INT(hist_bucket(7, 0), 4);
	CHECK_INT(hist_bucket(8, 0), 5);
	CHECK_INT(hist_bucket(1023, 0), 11);
	CHECK_INT(hist_bucket(1024, 0), 12);
	CHECK_INT(hist_bucket(INT64_MAX, 0), 64);
}

UNIT_TEST(bucket_k2)
{
	CHECK_INT(hist_bucket(-1, 2), 0);
	CHECK_INT(hist_bucket(0, 2), 1);
	CHECK_INT(hist_bucket(3, 2), 4);
	CHECK_INT(hist_bucket(4, 2), 5);
	CHECK_INT(hist_bucket(7, 2), 8);
	CHECK_INT(hist_bucket(8, 2), 9);
	CHECK_INT(hist_bucket(9, 2), 9);
	CHECK_INT(hist_bucket(10, 2), 10);
	CHECK_INT(hist_bucket(14, 2), 12);
	CHECK_INT(hist_bucket(15, 2), 12);
	CHECK_INT(hist_bucket(16, 2), 13);
	CHECK_INT(hist_bucket(1024, 2), 37);
	CHECK_INT(hist_bucket(INT64_MAX, 2), 248);
}

UNIT_TEST(range_index0_and_edges)
{
	int64_t lo, hi;

	hist_bucket_range(0, 0, &lo, &hi);
	CHECK_INT(lo, INT64_MIN);
	CHECK_INT(hi, 0);
	hist_bucket_range(1, 0, &lo, &hi);
	CHECK_INT(lo, 0);
	CHECK_INT(hi, 1);
	hist_bucket_range(3, 0, &lo, &hi);
	CHECK_INT(lo, 2);
	CHECK_INT(hi, 4);
	hist_bucket_range(12, 0, &lo, &hi);
	CHECK_INT(lo, 1024);
	CHECK_INT(hi, 2048);
	/* The last bucket ends at 2^63: saturated. */
	hist_bucket_range(64, 0, &lo, &hi);
	CHECK_INT(lo, INT64_C(1) << 62);
	CHECK_INT(hi, INT64_MAX);
	hist_bucket_range(9, 2, &lo, &hi);
	CHECK_INT(lo, 8);
	CHECK_INT(hi, 10);
	hist_bucket_range(37, 2, &lo, &hi);
	CHECK_INT(lo, 1024);
	CHECK_INT(hi, 1280);
}

/* hist_bucket_range is hist_bucket's inverse for every k bpftrace allows. */
UNIT_TEST(range_inverts_bucket)
{
	int bad = 0;

	for (int k = 0; k <= 5; k++) {
		int64_t prev = 0;
		for (int64_t n = 0; n < 70000; n++) {
			int64_t b = hist_bucket(n, k), lo, hi;
			hist_bucket_range(b, k, &lo, &hi);
			if (!(lo <= n && n < hi) || b < prev)
				bad++;
			prev = b;
		}
		for (int sh = 1; sh < 63; sh++) {
			int64_t base = INT64_C(1) << sh;
			for (int64_t d = -3; d <= 3; d++) {
				int64_t n = base + d, b = hist_bucket(n, k), lo, hi;
				hist_bucket_range(b, k, &lo, &hi);
				if (!(lo <= n && n < hi))
					bad++;
			}
		}
		int64_t b = hist_bucket(INT64_MAX, k), lo, hi;
		hist_bucket_range(b, k, &lo, &hi);
		if (!(lo <= INT64_MAX && hi == INT64_MAX))
			bad++;
	}
	CHECK_INT(bad, 0);
}

/* bpftrace 0.17 prints the same rows: tests/runtime/outputs/hist.txt. */
UNIT_TEST(text_negative_gaps)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = hist_map("@", 0);
	int64_t vals[] = { -1, 2, 3, 5, 20 };

	for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
		add(b, 70, vals[i], 0);
	char *s = print_hist(&m, b, 70, OUT_TEXT, 1);
	CHECK_STR(s, "@:\n"
		"(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"[0]                    0 |                                                    |\n"
		"[1]                    0 |                                                    |\n"
		"[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"[8, 16)                0 |                                                    |\n"
		"[16, 32)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"\n");
	free(s);
}

UNIT_TEST(text_suffix_boundary)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = hist_map("@b", 0);

	add(b, 70, 1023, 0);
	for (int i = 0; i < 3; i++)
		add(b, 70, 1024, 0);
	char *s = print_hist(&m, b, 70, OUT_TEXT, 1);
	CHECK_STR(s, "@b:\n"
		"[512, 1K)              1 |@@@@@@@@@@@@@@@@@                                   |\n"
		"[1K, 2K)               3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(s);
}

UNIT_TEST(text_bar_rounding)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = hist_map("@i", 0);

	for (int i = 0; i < 3; i++)
		add(b, 70, 1, 0);
	for (int i = 0; i < 2; i++)
		add(b, 70, 2, 0);
	for (int i = 0; i < 7; i++)
		add(b, 70, 4, 0);
	char *s = print_hist(&m, b, 70, OUT_TEXT, 1);
	CHECK_STR(s, "@i:\n"
		"[1]                    3 |@@@@@@@@@@@@@@@@@@@@@@                              |\n"
		"[2, 4)                 2 |@@@@@@@@@@@@@@                                      |\n"
		"[4, 8)                 7 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(s);
}

UNIT_TEST(text_large_values)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = hist_map("@e", 0);

	add(b, 70, INT64_C(10737418240), 0);
	add(b, 70, INT64_C(3) << 61, 0);
	char *s = print_hist(&m, b, 70, OUT_TEXT, 1);
	/* 10G lands in [8G, 16G) (bpftrace >= 0.20); the top bucket is [4E, 8E). */
	CHECK(starts_with(s, "@e:\n[8G, 16G)              1 |@@@@"));
	CHECK(strstr(s, "\n[16G, 32G)             0 |") != NULL);
	CHECK(strstr(s, "\n[2E, 4E)               0 |") != NULL);
	CHECK(strstr(s, "\n[4E, 8E)               1 |") != NULL);
	free(s);
}

UNIT_TEST(text_hist_k2_labels)
{
	uint64_t b[300] = { 0 };
	struct map_desc m = hist_map("@", 2);

	add(b, 300, 6, 2);
	add(b, 300, 8, 2);
	add(b, 300, 9, 2);
	add(b, 300, 10, 2);
	char *s = print_hist(&m, b, 300, OUT_TEXT, 1);
	CHECK_STR(s, "@:\n"
		"[6]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"[7]                    0 |                                                    |\n"
		"[8, 10)                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[10, 12)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"\n");
	free(s);

	memset(b, 0, sizeof(b));
	add(b, 300, 1100, 2);
	add(b, 300, 4096, 2);
	s = print_hist(&m, b, 300, OUT_TEXT, 1);
	CHECK(starts_with(s, "@:\n[1024, 1280)           1 |"));
	CHECK(strstr(s, "\n[3584, 4K)             0 |") != NULL);
	CHECK(strstr(s, "\n[4K, 5K)               1 |") != NULL);
	free(s);
}

/* bpftrace 0.17 prints the same rows: tests/runtime/outputs/lhist.txt. */
UNIT_TEST(text_lhist_edges)
{
	uint64_t b[8] = { 0 };
	struct map_desc m = lhist_map("@", 0, 10, 2);
	int64_t vals[] = { -1, 2, 3, 6, 10 };

	for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
		b[lhist_bucket(vals[i], 0, 10, 2)]++;
	char *s = print_hist(&m, b, 7, OUT_TEXT, 1);
	CHECK_STR(s, "@:\n"
		"(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"[0, 2)                 0 |                                                    |\n"
		"[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[4, 6)                 0 |                                                    |\n"
		"[6, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"[8, 10)                0 |                                                    |\n"
		"[10, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"\n");
	free(s);
}

UNIT_TEST(text_lhist_suffix_and_overflow_only)
{
	uint64_t b[12] = { 0 };
	struct map_desc m = lhist_map("@d", 0, 8192, 1024);

	b[lhist_bucket(1024, 0, 8192, 1024)]++;
	b[lhist_bucket(5000, 0, 8192, 1024)]++;
	b[lhist_bucket(9000, 0, 8192, 1024)]++;
	char *s = print_hist(&m, b, 10, OUT_TEXT, 1);
	CHECK_STR(s, "@d:\n"
		"[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[2K, 3K)               0 |                                                    |\n"
		"[3K, 4K)               0 |                                                    |\n"
		"[4K, 5K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[5K, 6K)               0 |                                                    |\n"
		"[6K, 7K)               0 |                                                    |\n"
		"[7K, 8K)               0 |                                                    |\n"
		"[8K, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(s);

	struct map_desc g = lhist_map("@g", 0, 10, 2);
	uint64_t c[7] = { 0, 0, 0, 0, 0, 0, 1 };
	s = print_hist(&g, c, 7, OUT_TEXT, 1);
	CHECK_STR(s, "@g:\n[10, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n\n");
	free(s);
}

/* Current bpftrace prints single-value lhist rows (step 1) as "[5]". */
UNIT_TEST(text_lhist_step1_and_negative)
{
	uint64_t b[12] = { 0 };
	struct map_desc m = lhist_map("@f", 0, 10, 1);

	b[lhist_bucket(5, 0, 10, 1)]++;
	b[lhist_bucket(7, 0, 10, 1)]++;
	char *s = print_hist(&m, b, 12, OUT_TEXT, 1);
	CHECK_STR(s, "@f:\n"
		"[5]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[6]                    0 |                                                    |\n"
		"[7]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(s);

	struct map_desc n = lhist_map("@n", -10, 10, 5);
	uint64_t c[6] = { 0 };
	c[lhist_bucket(-20, -10, 10, 5)]++;
	c[lhist_bucket(-7, -10, 10, 5)]++;
	c[lhist_bucket(3, -10, 10, 5)]++;
	s = print_hist(&n, c, 6, OUT_TEXT, 1);
	CHECK_STR(s, "@n:\n"
		"(..., -10)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[-10, -5)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[-5, 0)                0 |                                                    |\n"
		"[0, 5)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(s);
}

UNIT_TEST(text_empty_and_div)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = hist_map("@z", 0);

	/* zero(@z) keeps the key with no counts: the name and a blank line. */
	char *s = print_hist(&m, b, 70, OUT_TEXT, 1);
	CHECK_STR(s, "@z:\n\n");
	free(s);
	s = print_hist(&m, b, 70, OUT_JSON, 1);
	CHECK_STR(s, "{\"type\": \"hist\", \"data\": {\"@z\": []}}\n");
	free(s);

	b[3] = 10;
	b[4] = 4;
	s = print_hist(&m, b, 70, OUT_TEXT, 3);
	CHECK_STR(s, "@z:\n"
		"[2, 4)                 3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[4, 8)                 1 |@@@@@@@@@@@@@@@@@                                   |\n"
		"\n");
	free(s);
}

UNIT_TEST(json_hist)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = hist_map("@hist", 0);

	add(b, 70, -3, 0);
	add(b, 70, 0, 0);
	add(b, 70, 1024, 0);
	char *s = print_hist(&m, b, 70, OUT_JSON, 1);
	CHECK_STR(s, "{\"type\": \"hist\", \"data\": {\"@hist\": [{\"max\": -1, \"count\": 1},"
		"{\"min\": 0, \"max\": 0, \"count\": 1},{\"min\": 1, \"max\": 1, \"count\": 0},"
		"{\"min\": 2, \"max\": 3, \"count\": 0},{\"min\": 4, \"max\": 7, \"count\": 0},"
		"{\"min\": 8, \"max\": 15, \"count\": 0},{\"min\": 16, \"max\": 31, \"count\": 0},"
		"{\"min\": 32, \"max\": 63, \"count\": 0},{\"min\": 64, \"max\": 127, \"count\": 0},"
		"{\"min\": 128, \"max\": 255, \"count\": 0},{\"min\": 256, \"max\": 511, \"count\": 0},"
		"{\"min\": 512, \"max\": 1023, \"count\": 0},{\"min\": 1024, \"max\": 2047, \"count\": 1}]}}\n");
	free(s);

	/* tests/runtime/outputs/hist_10g.json */
	memset(b, 0, sizeof(b));
	add(b, 70, INT64_C(10) << 30, 0);
	struct map_desc u = hist_map("@", 0);
	s = print_hist(&u, b, 70, OUT_JSON, 1);
	CHECK_STR(s, "{\"type\": \"hist\", \"data\": {\"@\": [{\"min\": 8589934592, \"max\": 17179869183, "
		"\"count\": 1}]}}\n");
	free(s);
}

UNIT_TEST(json_hist_k3)
{
	uint64_t b[100] = { 0 };
	struct map_desc m = hist_map("@", 3);

	/* tests/runtime/outputs/hist_2args.json: singles up to 15, then pairs. */
	for (int v = 14; v < 20; v++)
		add(b, 100, v, 3);
	char *s = print_hist(&m, b, 100, OUT_JSON, 1);
	CHECK_STR(s, "{\"type\": \"hist\", \"data\": {\"@\": [{\"min\": 14, \"max\": 14, \"count\": 1},"
		"{\"min\": 15, \"max\": 15, \"count\": 1},{\"min\": 16, \"max\": 17, \"count\": 2},"
		"{\"min\": 18, \"max\": 19, \"count\": 2}]}}\n");
	free(s);
}

UNIT_TEST(json_lhist)
{
	uint64_t b[12] = { 0 };
	struct map_desc m = lhist_map("@h", 0, 100, 10);

	/* tests/runtime/outputs/lhist.json, trimmed. */
	b[lhist_bucket(5, 0, 100, 10)]++;
	b[lhist_bucket(15, 0, 100, 10)]++;
	b[lhist_bucket(1000, 0, 100, 10)]++;
	b[lhist_bucket(-1, 0, 100, 10)]++;
	char *s = print_hist(&m, b, 12, OUT_JSON, 1);
	CHECK(starts_with(s, "{\"type\": \"hist\", \"data\": {\"@h\": [{\"max\": -1, \"count\": 1},"
		       "{\"min\": 0, \"max\": 9, \"count\": 1},{\"min\": 10, \"max\": 19, \"count\": 1},"));
	CHECK(strstr(s, ",{\"min\": 90, \"max\": 99, \"count\": 0},{\"min\": 100, \"count\": 1}]}}\n") != NULL);
	free(s);
}

UNIT_MAIN()
