/*
 * test_output_table.c: maps declared as bcc tables (`// table:`) and
 * histograms declared in bcc's layout (`// hist:`): the declarations, their
 * checks against the script's maps, and the exact text printed.
 */
#include "diag.h"
#include "output.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static char *print_map(const struct map_desc *m, struct map_entry *e, size_t n, int64_t top, int64_t div)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	output_map(f, OUT_TEXT, m, e, n, top, div);
	fclose(f);
	return buf;
}

static void add(uint64_t *b, uint32_t n, int64_t v, int k)
{
	int64_t i = hist_bucket(v, k);
	if (i >= 0 && i < (int64_t)n)
		b[i]++;
}

static int declare(const char *src)
{
	diag_set_source("test.bt", src);
	diag_reset();
	return output_tables_declare(src);
}

/* bcc's tools/softirqs_example.txt: "-d" rows, 40-star bars scaled down (floor). */
UNIT_TEST(hist_log2_layout)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = { .name = "@usecs", .agg = AGG_HIST };
	struct map_entry e = { .buckets = b, .nbuckets = 70 };

	CHECK_INT(declare("// hist: @usecs usecs\n"), 0);
	/* 0 and 1 share bcc's first row; 300 is in 256 -> 511 */
	add(b, 70, 0, 0);
	add(b, 70, 1, 0);
	add(b, 70, 5, 0);
	add(b, 70, 6, 0);
	add(b, 70, 7, 0);
	add(b, 70, 300, 0);
	char *s = print_map(&m, &e, 1, 0, 0);
	CHECK_STR(s, "     usecs               : count     distribution\n"
		     "         0 -> 1          : 2        |**************************              |\n"
		     "         2 -> 3          : 0        |                                        |\n"
		     "         4 -> 7          : 3        |****************************************|\n"
		     "         8 -> 15         : 0        |                                        |\n"
		     "        16 -> 31         : 0        |                                        |\n"
		     "        32 -> 63         : 0        |                                        |\n"
		     "        64 -> 127        : 0        |                                        |\n"
		     "       128 -> 255        : 0        |                                        |\n"
		     "       256 -> 511        : 1        |*************                           |\n"
		     "\n");
	free(s);
	output_tables_reset();
}

/* Negative values have no bcc row; hist(n, 2)'s finer buckets merge into powers of two. */
UNIT_TEST(hist_log2_negative_and_k2)
{
	uint64_t b[300] = { 0 };
	struct map_desc m = { .name = "@ms", .agg = AGG_HIST, .hist_bits = 2 };
	struct map_entry e = { .buckets = b, .nbuckets = 300 };

	CHECK_INT(declare("// hist: @ms msecs\n"), 0);
	add(b, 300, -4, 2);
	add(b, 300, 8, 2);
	add(b, 300, 10, 2);
	add(b, 300, 15, 2);
	add(b, 300, 2, 2);
	char *s = print_map(&m, &e, 1, 0, 0);
	CHECK_STR(s, "     msecs               : count     distribution\n"
		     "         0 -> 1          : 0        |                                        |\n"
		     "         2 -> 3          : 1        |*************                           |\n"
		     "         4 -> 7          : 0        |                                        |\n"
		     "         8 -> 15         : 3        |****************************************|\n"
		     "\n");
	free(s);
	/* only negative values: nothing to show */
	memset(b, 0, sizeof(b));
	add(b, 300, -1, 2);
	s = print_map(&m, &e, 1, 0, 0);
	CHECK_STR(s, "\n");
	free(s);
	output_tables_reset();
}

/* Past 2^32 bcc widens the range columns to 20 and halves the bar. */
UNIT_TEST(hist_log2_wide)
{
	uint64_t b[70] = { 0 };
	struct map_desc m = { .name = "@ns", .agg = AGG_HIST };
	struct map_entry e = { .buckets = b, .nbuckets = 70 };

	CHECK_INT(declare("// hist: @ns nsecs\n"), 0);
	add(b, 70, 1, 0);
	add(b, 70, (int64_t)1 << 33, 0);
	add(b, 70, (int64_t)1 << 33, 0);
	char *s = print_map(&m, &e, 1, 0, 0);
	CHECK(s && !strncmp(s, "               nsecs                         : count     distribution\n"
			       "                   0 -> 1                    : 1        |**********          |\n"
			       "                   2 -> 3                    : 0        |                    |\n",
			    strlen("               nsecs                         : count     distribution\n") + 2 * 79));
	CHECK(s && strstr(s, "          8589934592 -> 17179869183          : 2        |********************|\n"));
	free(s);
	output_tables_reset();
}

/* A keyed map: one histogram per key under its section line, $N the key's fields. */
UNIT_TEST(hist_sections)
{
	uint64_t b1[70] = { 0 }, b2[70] = { 0 };
	struct type str = { .kind = TY_STR, .size = 8 }, u32 = { .kind = TY_INT, .size = 4 };
	struct field fields[2] = { { .type = &str, .offset = 0 }, { .type = &u32, .offset = 8 } };
	struct type key = { .kind = TY_TUPLE, .size = 12, .nfields = 2, .fields = fields };
	struct map_desc m = { .name = "@d", .agg = AGG_HIST, .key = &key, .user_key_size = 12 };
	uint8_t k1[12] = "sda", k2[12] = "vdb";
	k1[8] = 7;
	k2[8] = 9;
	struct map_entry e[2] = { { .key = k1, .buckets = b1, .nbuckets = 70 },
				  { .key = k2, .buckets = b2, .nbuckets = 70 } };

	CHECK_INT(declare("// hist: @d usecs disk = $1 ($2)  \n"), 0);
	add(b1, 70, 3, 0);
	add(b2, 70, 1, 0);
	add(b2, 70, 1, 0);
	char *s = print_map(&m, e, 2, 0, 0);
	/* in bpftrace's order: by total count, smallest first */
	CHECK_STR(s, "disk = sda (7)\n"
		     "     usecs               : count     distribution\n"
		     "         0 -> 1          : 0        |                                        |\n"
		     "         2 -> 3          : 1        |****************************************|\n"
		     "\n"
		     "disk = vdb (9)\n"
		     "     usecs               : count     distribution\n"
		     "         0 -> 1          : 2        |****************************************|\n"
		     "\n");
	free(s);
	/* without a section, the key as bpftrace prints it */
	CHECK_INT(declare("// hist: @d usecs\n"), 0);
	s = print_map(&m, e, 2, 1, 0);
	CHECK_STR(s, "vdb, 9\n"
		     "     usecs               : count     distribution\n"
		     "         0 -> 1          : 2        |****************************************|\n"
		     "\n");
	free(s);
	output_tables_reset();
}

/* lhist() as bcc's print_linear_hist: a row per value from min. */
UNIT_TEST(hist_linear)
{
	uint64_t b[103] = { 0 };
	struct map_desc m = { .name = "@q", .agg = AGG_LHIST, .lhist_min = 0, .lhist_max = 100, .lhist_step = 1 };
	struct map_entry e = { .buckets = b, .nbuckets = 103 };

	CHECK_INT(declare("// hist: @q runqlen\n"), 0);
	b[1] = 4;  /* 0 */
	b[3] = 1;  /* 2 */
	char *s = print_map(&m, &e, 1, 0, 0);
	CHECK_STR(s, "     runqlen       : count     distribution\n"
		     "        0          : 4        |****************************************|\n"
		     "        1          : 0        |                                        |\n"
		     "        2          : 1        |**********                              |\n"
		     "\n");
	free(s);
	output_tables_reset();
}

/* order=asc prints bcc's funccount and softirqs order; the top N are still the largest. */
UNIT_TEST(table_order_asc_top)
{
	struct type str = { .kind = TY_STR, .size = 8 };
	struct map_desc m = { .name = "@c", .agg = AGG_COUNT, .key = &str, .user_key_size = 8 };
	uint8_t ka[8] = "a", kb[8] = "b", kc[8] = "c";
	struct map_entry e[3] = { { .key = ka, .v = 5 }, { .key = kb, .v = 1 }, { .key = kc, .v = 9 } };

	CHECK_INT(declare("// table: @c order=asc FUNC:-10 COUNT:6\n"), 0);
	char *s = print_map(&m, e, 3, 0, 0);
	CHECK_STR(s, "FUNC        COUNT\n"
		     "b               1\n"
		     "a               5\n"
		     "c               9\n");
	free(s);
	s = print_map(&m, e, 3, 2, 0);
	CHECK_STR(s, "FUNC        COUNT\n"
		     "a               5\n"
		     "c               9\n");
	free(s);
	CHECK_INT(declare("// table: @c order=desc FUNC:-10 COUNT:6\n"), 0);
	s = print_map(&m, e, 3, 2, 0);
	CHECK_STR(s, "FUNC        COUNT\n"
		     "c               9\n"
		     "a               5\n");
	free(s);
	output_tables_reset();
}

/* Declarations that cannot work: reported at the declaration, -EINVAL. */
UNIT_TEST(decl_errors)
{
	struct type str = { .kind = TY_STR, .size = 8 };
	struct map_desc maps[2] = { { .name = "@h", .agg = AGG_HIST, .key = &str, .user_key_size = 8 },
				    { .name = "@c", .agg = AGG_COUNT, .key = &str, .user_key_size = 8 } };

	CHECK_INT(declare("// table: @c order=up FUNC COUNT\n"), -EINVAL);
	CHECK_INT(declare("// hist: @h\n"), -EINVAL);
	CHECK_INT(declare("// hist: @h usecs disk = $x\n"), -EINVAL);
	CHECK_INT(declare("// hist: @h usecs disk = $2\n"), 0);
	CHECK_INT(output_tables_check(maps, 2), -EINVAL);
	CHECK_INT(declare("// hist: @c usecs\n"), 0);
	CHECK_INT(output_tables_check(maps, 2), -EINVAL);
	CHECK_INT(declare("// hist: @nope usecs\n"), 0);
	CHECK_INT(output_tables_check(maps, 2), -EINVAL);
	CHECK_INT(declare("// hist: @h usecs disk = $1\n// table: @c order=asc FUNC COUNT\n"), 0);
	CHECK_INT(output_tables_check(maps, 2), 0);
	output_tables_reset();
}

UNIT_MAIN()
