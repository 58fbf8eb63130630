/* test_output_tseries.c: tseries() maps as bpftrace prints them (graph, window, JSON). */
#include "output_priv.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <stdint.h>
#include <time.h>

#define MS 1000000ull

static void utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Rows for consecutive epochs first, first + 1, ...; NO_VALUE marks an interval without one. */
#define NO_VALUE INT64_MIN
static size_t rows_of(struct ts_row *rows, uint64_t first, const int64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rows[i] = (struct ts_row){ .epoch = first + i, .v = v[i] == NO_VALUE ? 0 : v[i], .set = v[i] != NO_VALUE };
	return n;
}

static char *graph(const struct ts_row *rows, size_t n, uint64_t interval, bool is_signed, const int64_t *range)
{
	struct sbuf b = { 0 };
	output_tseries_text(&b, rows, n, interval, is_signed, range, 0);
	return sb_take(&b);
}

/* bpftrace's runtime test "tseries": 100 values i % 10 every 10ms, the last of each 100ms, 5 kept. */
UNIT_TEST(test_tseries_flat_line)
{
	struct ts_row rows[5];
	int64_t v[] = { 9, 9, 9, 9, 9 };
	utc();
	char *s = graph(rows, rows_of(rows, 5, v, 5), 100 * MS, true, NULL);
	CHECK_STR(s,
		  "             8                                                  10\n"
		  "hh:mm:ss.ms  |___________________________________________________|\n"
		  "00:00:00.500 |                         *                         | 9\n"
		  "00:00:00.600 |                         *                         | 9\n"
		  "00:00:00.700 |                         *                         | 9\n"
		  "00:00:00.800 |                         *                         | 9\n"
		  "00:00:00.900 |                         *                         | 9\n"
		  "             v___________________________________________________v\n"
		  "             8                                                  10\n");
	free(s);
}

static const int64_t zigzag[] = { -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4 };

/* bpftrace's "tseries zigzag": negative values, and the zero line ('.') */
UNIT_TEST(test_tseries_zigzag)
{
	struct ts_row rows[20];
	utc();
	char *s = graph(rows, rows_of(rows, 1, zigzag, 20), 100 * MS, true, NULL);
	CHECK_STR(s,
		  "             -5                                                  5\n"
		  "hh:mm:ss.ms  |___________________________________________________|\n"
		  "00:00:00.100 *                         .                         | -5\n"
		  "00:00:00.200 |    *                    .                         | -4\n"
		  "00:00:00.300 |         *               .                         | -3\n"
		  "00:00:00.400 |              *          .                         | -2\n"
		  "00:00:00.500 |                   *     .                         | -1\n"
		  "00:00:00.600 |                         *                         | 0\n"
		  "00:00:00.700 |                         .    *                    | 1\n"
		  "00:00:00.800 |                         .         *               | 2\n"
		  "00:00:00.900 |                         .              *          | 3\n"
		  "00:00:01.000 |                         .                   *     | 4\n"
		  "00:00:01.100 |                         .                         * 5\n"
		  "00:00:01.200 |                         .                   *     | 4\n"
		  "00:00:01.300 |                         .              *          | 3\n"
		  "00:00:01.400 |                         .         *               | 2\n"
		  "00:00:01.500 |                         .    *                    | 1\n"
		  "00:00:01.600 |                         *                         | 0\n"
		  "00:00:01.700 |                   *     .                         | -1\n"
		  "00:00:01.800 |              *          .                         | -2\n"
		  "00:00:01.900 |         *               .                         | -3\n"
		  "00:00:02.000 |    *                    .                         | -4\n"
		  "             v___________________________________________________v\n"
		  "             -5                                                  5\n");
	free(s);
}

/* print(@, -10, 10): the given range, not the values' */
UNIT_TEST(test_tseries_range)
{
	struct ts_row rows[20];
	int64_t range[2] = { -10, 10 };
	utc();
	char *s = graph(rows, rows_of(rows, 1, zigzag, 6), 100 * MS, true, range);
	CHECK_STR(s,
		  "             -10                                                10\n"
		  "hh:mm:ss.ms  |___________________________________________________|\n"
		  "00:00:00.100 |            *            .                         | -5\n"
		  "00:00:00.200 |              *          .                         | -4\n"
		  "00:00:00.300 |                 *       .                         | -3\n"
		  "00:00:00.400 |                   *     .                         | -2\n"
		  "00:00:00.500 |                      *  .                         | -1\n"
		  "00:00:00.600 |                         *                         | 0\n"
		  "             v___________________________________________________v\n"
		  "             -10                                                10\n");
	free(s);
}

/* intervals without a value print "-"; a value on the range's low end takes the left edge */
UNIT_TEST(test_tseries_missing_intervals)
{
	struct ts_row rows[10];
	int64_t v[] = { 0, 5, 5, NO_VALUE, NO_VALUE };
	int64_t range[2] = { 0, 10 };
	utc();
	char *s = graph(rows, rows_of(rows, 0, v, 5), 100 * MS, true, range);
	CHECK_STR(s,
		  "             0                                                  10\n"
		  "hh:mm:ss.ms  |___________________________________________________|\n"
		  "00:00:00.000 *                                                   | 0\n"
		  "00:00:00.100 |                         *                         | 5\n"
		  "00:00:00.200 |                         *                         | 5\n"
		  "00:00:00.300 |                                                   | -\n"
		  "00:00:00.400 |                                                   | -\n"
		  "             v___________________________________________________v\n"
		  "             0                                                  10\n");
	free(s);
}

/* The time unit follows the interval: seconds drop the fraction, microseconds show six digits. */
UNIT_TEST(test_tseries_units)
{
	struct ts_row rows[2];
	int64_t v[] = { 1, 3 };
	utc();
	char *s = graph(rows, rows_of(rows, 30, v, 2), 2000 * MS, false, NULL);
	CHECK_STR(s,
		  "         1                                                   3\n"
		  "hh:mm:ss |___________________________________________________|\n"
		  "00:01:00 *                                                   | 1\n"
		  "00:01:02 |                                                   * 3\n"
		  "         v___________________________________________________v\n"
		  "         1                                                   3\n");
	free(s);
	s = graph(rows, rows_of(rows, 3, v, 2), 100000, false, NULL);
	CHECK_STR(s,
		  "                1                                                   3\n"
		  "hh:mm:ss.\xce\xbcs    |___________________________________________________|\n"
		  "00:00:00.000300 *                                                   | 1\n"
		  "00:00:00.000400 |                                                   * 3\n"
		  "                v___________________________________________________v\n"
		  "                1                                                   3\n");
	free(s);
	/* one row: no spacing to go by, so nanoseconds (as bpftrace) */
	s = graph(rows, rows_of(rows, 7, v, 1), 1000 * MS, false, NULL);
	CHECK_STR(s,
		  "                   0                                                   2\n"
		  "hh:mm:ss.ns        |___________________________________________________|\n"
		  "00:00:07.000000000 |                         *                         | 1\n"
		  "                   v___________________________________________________v\n"
		  "                   0                                                   2\n");
	free(s);
}

UNIT_TEST(test_tseries_no_data)
{
	struct ts_row rows[1] = { { .epoch = 7 } };
	char *s = graph(rows, 1, MS, true, NULL);
	CHECK_STR(s, "<no data>\n");
	free(s);
}

/* A map entry's ring: slot epoch % n; the window is the map's last n intervals. */
static void ring(struct map_entry *e, uint64_t *vals, uint64_t *epochs, uint32_t n)
{
	memset(e, 0, sizeof(*e));
	e->buckets = vals;
	e->epochs = epochs;
	e->nbuckets = n;
	memset(vals, 0, n * sizeof(*vals));
	memset(epochs, 0, n * sizeof(*epochs));
}

static void put(struct map_entry *e, uint64_t epoch, int64_t v)
{
	e->epochs[epoch % e->nbuckets] = epoch;
	e->buckets[epoch % e->nbuckets] = (uint64_t)v;
}

/* bpftrace's print_tseries_map: a key written up to epoch +5, another up to +6, 5 intervals */
UNIT_TEST(test_tseries_window)
{
	struct map_desc m = { .ts_intervals = 5, .ts_interval_ns = MS };
	uint64_t va[5], ea[5], vb[5], eb[5];
	struct map_entry a, b;
	struct ts_row rows[5];

	ring(&a, va, ea, 5);
	ring(&b, vb, eb, 5);
	for (int i = 1; i <= 5; i++) {
		put(&a, 100 + i, i);
		put(&b, 101 + i, i);
	}
	/* the latest any key wrote is 106: both show 102..106, a's last interval empty */
	size_t n = output_tseries_rows(&m, &a, 106, rows);
	CHECK_INT(n, 5);
	CHECK_INT(rows[0].epoch, 102);
	CHECK_INT(rows[0].v, 2);
	CHECK(rows[3].set && rows[3].v == 5);
	CHECK(!rows[4].set);
	n = output_tseries_rows(&m, &b, 106, rows);
	CHECK_INT(n, 5);
	CHECK(rows[0].set && rows[0].v == 1 && rows[4].set && rows[4].v == 5);
	/* a key that started later begins at its first interval */
	ring(&a, va, ea, 5);
	put(&a, 105, 7);
	n = output_tseries_rows(&m, &a, 106, rows);
	CHECK_INT(n, 2);
	CHECK(rows[0].set && rows[0].v == 7 && !rows[1].set);
	/* a slot a lap behind is not in the window */
	ring(&a, va, ea, 5);
	put(&a, 100, 1);
	CHECK_INT(output_tseries_rows(&m, &a, 106, rows), 0);
}

static __attribute__((noinline)) char *print_map(const struct map_desc *m, enum output_format fmt, struct map_entry *e, size_t n,
		       int64_t lo, int64_t hi)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	output_map(f, fmt, m, e, n, lo, hi);
	fclose(f);
	return buf;
}

/* Keys print from the least to the most recently written, each under its name line, then a blank line. */
UNIT_TEST(test_tseries_map_keys)
{
	struct type *kt = type_int(8, true);
	struct map_desc m = { .name = "@x", .agg = AGG_TSERIES, .key = kt, .user_key_size = 8, .value = &type_s64,
			      .ts_intervals = 4, .ts_interval_ns = 1000 * MS };
	uint64_t va[4], ea[4], vb[4], eb[4];
	int64_t ka = 1, kb = 2;
	struct map_entry e[2];

	ring(&e[0], va, ea, 4);
	ring(&e[1], vb, eb, 4);
	e[0].key = (const uint8_t *)&ka;
	e[1].key = (const uint8_t *)&kb;
	put(&e[0], 1000, 4);      /* key 1: the latest */
	put(&e[0], 1001, 4);
	put(&e[1], 999, 2);       /* key 2: written before */
	put(&e[1], 1000, 2);
	char *s = print_map(&m, OUT_TEXT, e, 2, 0, 0);
	CHECK(!strncmp(s, "@x[2]:\n", 7));
	char *k1 = strstr(s, "@x[1]:\n");
	CHECK(k1 != NULL);
	CHECK(k1 && strstr(s, "| 2\n") < k1);
	/* key 2's rows run to the map's last interval: its own last is empty */
	CHECK(k1 && strstr(s, "| -\n") && strstr(s, "| -\n") < k1);
	CHECK(k1 && !strcmp(k1 + strlen(k1) - 2, "\n\n"));
	free(s);

	/* JSON: the intervals with values only, keyed by the key's text */
	s = print_map(&m, OUT_JSON, e, 2, 0, 0);
	CHECK(!strncmp(s, "{\"type\": \"tseries\", \"data\": {\"@x\": {\"2\": [{\"interval_start\": \"", 62));
	CHECK(strstr(s, "\", \"value\": 2}, {\"interval_start\": \"") != NULL);
	CHECK(strstr(s, "], \"1\": [{\"interval_start\": \"") != NULL);
	const char *end = "\"value\": 4}]}}}\n";
	CHECK(strlen(s) > strlen(end) && !strcmp(s + strlen(s) - strlen(end), end));
	free(s);
}

/* zero(): every slot empty, so no data; JSON an empty list, as bpftrace's */
UNIT_TEST(test_tseries_map_zeroed)
{
	struct map_desc m = { .name = "@a", .agg = AGG_TSERIES, .value = &type_s64, .ts_intervals = 3,
			      .ts_interval_ns = MS };
	uint64_t va[3], ea[3];
	struct map_entry e;

	ring(&e, va, ea, 3);
	char *s = print_map(&m, OUT_TEXT, &e, 1, 0, 0);
	CHECK_STR(s, "@a:\n<no data>\n\n");
	free(s);
	s = print_map(&m, OUT_JSON, &e, 1, 0, 0);
	CHECK_STR(s, "{\"type\": \"tseries\", \"data\": {\"@a\": []}}\n");
	free(s);
	/* clear(): no entry at all prints nothing */
	s = print_map(&m, OUT_TEXT, &e, 0, 0, 0);
	CHECK_STR(s, "");
	free(s);
}

/* interval_start: the interval's local date and time to the nanosecond */
UNIT_TEST(test_tseries_json_rows)
{
	struct ts_row rows[3];
	int64_t v[] = { -3, NO_VALUE, 4 };
	struct sbuf b = { 0 };
	utc();
	output_tseries_json(&b, rows, rows_of(rows, 5, v, 3), 100 * MS, true, 0);
	CHECK_STR(b.s, "[{\"interval_start\": \"1970-01-01 00:00:00.500000000\", \"value\": -3}, "
		       "{\"interval_start\": \"1970-01-01 00:00:00.700000000\", \"value\": 4}]");
	sb_free(&b);
}

UNIT_MAIN()
