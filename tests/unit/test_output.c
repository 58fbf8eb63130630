/* test_output.c: maps and values as bpftrace prints them, in text and JSON. */
#include "output.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <stdint.h>
#include <time.h>

/* ---- building maps ---- */

struct fake_map {
	struct map_desc m;
	struct map_entry e[16];
	uint8_t keys[16][32];
	uint8_t vals[16][32];
	uint64_t buckets[16][70];
	size_t n;
};

static void fm_init(struct fake_map *fm, const char *name, enum agg_kind agg, struct type *key,
		    struct type *value)
{
	memset(fm, 0, sizeof(*fm));
	fm->m.name = name;
	fm->m.agg = agg;
	fm->m.key = key;
	fm->m.value = value;
	fm->m.user_key_size = key ? key->size : 0;
	fm->m.value_size = value ? value->size : 8;
}

static struct map_entry *fm_add(struct fake_map *fm, const void *key)
{
	struct map_entry *e = &fm->e[fm->n];

	if (key) {
		memcpy(fm->keys[fm->n], key, fm->m.user_key_size);
		e->key = fm->keys[fm->n];
	}
	e->value = fm->vals[fm->n];
	e->buckets = fm->buckets[fm->n];
	e->nbuckets = 70;
	fm->n++;
	return e;
}

/* The writable bytes behind an entry's value. */
static uint8_t *wval(struct fake_map *fm, struct map_entry *e)
{
	return fm->vals[e - fm->e];
}

static struct map_entry *fm_int_key(struct fake_map *fm, int64_t k)
{
	return fm_add(fm, &k);
}

static char *print_map(struct fake_map *fm, enum output_format fmt, int64_t top, int64_t div)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	output_map(f, fmt, &fm->m, fm->e, fm->n, top, div);
	fclose(f);
	return buf;
}

static char *print_value(enum output_format fmt, const struct type *t, const void *data)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	output_value(f, fmt, t, data);
	fclose(f);
	return buf;
}

static struct type *tuple2(struct type *a, struct type *b)
{
	struct type *t = type_new(TY_TUPLE);
	t->fields = arena_alloc(2 * sizeof(*t->fields));
	t->nfields = 2;
	t->fields[0].type = a;
	t->fields[0].offset = 0;
	t->fields[1].type = b;
	t->fields[1].offset = ALIGN_UP(a->size, 8);
	t->size = t->fields[1].offset + ALIGN_UP(b->size, 8);
	return t;
}

/* ---- scalar and keyed integer maps ---- */

UNIT_TEST(scalar_int)
{
	struct fake_map fm;
	fm_init(&fm, "@x", AGG_NONE, NULL, &type_s64);
	int64_t v = -5;
	memcpy(wval(&fm, fm_add(&fm, NULL)), &v, 8);

	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@x: -5\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"map\", \"data\": {\"@x\": -5}}\n");
	free(s);
}

UNIT_TEST(count_sorted_by_value)
{
	struct fake_map fm;
	fm_init(&fm, "@c", AGG_COUNT, &type_s64, &type_u64);
	fm_int_key(&fm, 1)->v = 5;
	fm_int_key(&fm, 2)->v = 1;
	fm_int_key(&fm, 3)->v = 3;

	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@c[2]: 1\n@c[3]: 3\n@c[1]: 5\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"map\", \"data\": {\"@c\": {\"2\": 1, \"3\": 3, \"1\": 5}}}\n");
	free(s);
	/* print(@c, 2): the two largest; print(@c, 2, 2): divided too. */
	s = print_map(&fm, OUT_TEXT, 2, 0);
	CHECK_STR(s, "@c[3]: 3\n@c[1]: 5\n");
	free(s);
	s = print_map(&fm, OUT_TEXT, 2, 2);
	CHECK_STR(s, "@c[3]: 1\n@c[1]: 2\n");
	free(s);
	s = print_map(&fm, OUT_TEXT, 10, 1);
	CHECK_STR(s, "@c[2]: 1\n@c[3]: 3\n@c[1]: 5\n");
	free(s);
}

/* The docs' print(@, 5, 2) example: values 5..9 halved with C truncation. */
UNIT_TEST(top_div_docs_example)
{
	struct fake_map fm;
	fm_init(&fm, "@", AGG_NONE, &type_s64, &type_s64);
	for (int64_t k = 1; k <= 10; k++) {
		int64_t v = k - 1;
		memcpy(wval(&fm, fm_int_key(&fm, k)), &v, 8);
	}
	char *s = print_map(&fm, OUT_TEXT, 5, 2);
	CHECK_STR(s, "@[6]: 2\n@[7]: 3\n@[8]: 3\n@[9]: 4\n@[10]: 4\n");
	free(s);
}

UNIT_TEST(signed_sum_and_plain_ints)
{
	struct fake_map fm;
	fm_init(&fm, "@s", AGG_SUM, &type_s64, &type_s64);
	fm_int_key(&fm, 1)->v = -5;
	fm_int_key(&fm, 2)->v = 3;
	fm_int_key(&fm, 3)->v = -1;
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@s[1]: -5\n@s[3]: -1\n@s[2]: 3\n");
	free(s);
	s = print_map(&fm, OUT_TEXT, 0, 2);
	CHECK_STR(s, "@s[1]: -2\n@s[3]: 0\n@s[2]: 1\n");
	free(s);

	/* An unsigned sum of a huge value stays unsigned. */
	fm_init(&fm, "@u", AGG_SUM, NULL, &type_u64);
	fm_add(&fm, NULL)->v = -1;
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@u: 18446744073709551615\n");
	free(s);

	/* Plain int32 values, signed, sorted by value. */
	fm_init(&fm, "@p", AGG_NONE, &type_s64, &type_s32);
	int32_t a = 7, b = -70000;
	memcpy(wval(&fm, fm_int_key(&fm, 10)), &a, 4);
	memcpy(wval(&fm, fm_int_key(&fm, 20)), &b, 4);
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@p[20]: -70000\n@p[10]: 7\n");
	free(s);
}

/* bpftrace compares min/max as unsigned when sorting, but prints them signed. */
UNIT_TEST(min_max)
{
	struct fake_map fm;
	fm_init(&fm, "@m", AGG_MIN, &type_s64, &type_s64);
	struct map_entry *e = fm_int_key(&fm, 1);
	e->v = -1;
	e->count = 1;
	e = fm_int_key(&fm, 2);
	e->v = 5;
	e->count = 1;
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@m[2]: 5\n@m[1]: -1\n");
	free(s);
}

UNIT_TEST(avg_truncates)
{
	struct fake_map fm;
	fm_init(&fm, "@a", AGG_AVG, NULL, &type_s64);
	struct map_entry *e = fm_add(&fm, NULL);
	e->v = -7;
	e->count = 2;
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@a: -3\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"stats\", \"data\": {\"@a\": -3}}\n");
	free(s);

	/* tests/runtime print_avg_map_args: print(@, 2, 10) of avg 10..40. */
	struct type *str = type_str(4);
	fm_init(&fm, "@", AGG_AVG, str, &type_s64);
	const char *keys[] = { "d", "a", "c", "b" };
	int64_t totals[] = { 40, 10, 30, 20 };
	for (int i = 0; i < 4; i++) {
		char k[4] = { 0 };
		k[0] = keys[i][0];
		e = fm_add(&fm, k);
		e->v = totals[i];
		e->count = 1;
	}
	s = print_map(&fm, OUT_TEXT, 2, 10);
	CHECK_STR(s, "@[c]: 3\n@[d]: 4\n");
	free(s);
	s = print_map(&fm, OUT_TEXT, 10, 10);
	CHECK_STR(s, "@[a]: 1\n@[b]: 2\n@[c]: 3\n@[d]: 4\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 2, 10);
	CHECK_STR(s, "{\"type\": \"stats\", \"data\": {\"@\": {\"c\": 3, \"d\": 4}}}\n");
	free(s);

	/* No samples: 0, as bpftrace. */
	fm_init(&fm, "@z", AGG_AVG, NULL, &type_s64);
	fm_add(&fm, NULL);
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@z: 0\n");
	free(s);
}

UNIT_TEST(stats)
{
	struct fake_map fm;
	fm_init(&fm, "@s", AGG_STATS, NULL, &type_s64);
	struct map_entry *e = fm_add(&fm, NULL);
	e->v = 30;
	e->count = 2;
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@s: { .count = 2, .average = 15, .total = 30 }\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"stats\", \"data\": {\"@s\": {\"count\": 2, \"average\": 15, \"total\": 30}}}\n");
	free(s);
	/* div scales the average only. */
	s = print_map(&fm, OUT_TEXT, 0, 4);
	CHECK_STR(s, "@s: { .count = 2, .average = 3, .total = 30 }\n");
	free(s);

	fm_init(&fm, "@k", AGG_STATS, &type_s64, &type_s64);
	e = fm_int_key(&fm, 1);
	e->v = -9;
	e->count = 2;
	e = fm_int_key(&fm, 2);
	e->v = 12;
	e->count = 3;
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@k[1]: { .count = 2, .average = -4, .total = -9 }\n"
		     "@k[2]: { .count = 3, .average = 4, .total = 12 }\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"stats\", \"data\": {\"@k\": {\"1\": {\"count\": 2, \"average\": -4, \"total\": -9}, "
		     "\"2\": {\"count\": 3, \"average\": 4, \"total\": 12}}}}\n");
	free(s);
}

/* ---- keys ---- */

UNIT_TEST(string_values_sorted_by_key)
{
	struct fake_map fm;
	struct type *str = type_str(8);
	fm_init(&fm, "@x", AGG_NONE, &type_s64, str);
	memcpy(wval(&fm, fm_int_key(&fm, 300)), "zsh", 4);
	memcpy(wval(&fm, fm_int_key(&fm, -20)), "bash", 5);
	memcpy(wval(&fm, fm_int_key(&fm, 1000)), "fish", 5);
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@x[-20]: bash\n@x[300]: zsh\n@x[1000]: fish\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"map\", \"data\": {\"@x\": {\"-20\": \"bash\", \"300\": \"zsh\", \"1000\": \"fish\"}}}\n");
	free(s);
}

UNIT_TEST(string_keys_bytewise)
{
	struct fake_map fm;
	struct type *str = type_str(4);
	fm_init(&fm, "@", AGG_NONE, str, type_str(8));
	fm_add(&fm, "b\0\0\0");
	fm_add(&fm, "ab\0\0");
	fm_add(&fm, "a\0\0\0");
	fm_add(&fm, "abcd");
	for (size_t i = 0; i < fm.n; i++)
		memcpy((void *)fm.e[i].value, "v", 2);
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	/* A key that fills its buffer gets bpftrace's ".." trailer. */
	CHECK_STR(s, "@[a]: v\n@[ab]: v\n@[abcd..]: v\n@[b]: v\n");
	free(s);
}

/* A str() value that filled its buffer (max_strlen 7: 8 bytes): keys, values, tuples, text and JSON. */
UNIT_TEST(str_trunc_trailer)
{
	struct fake_map fm;
	struct type *str = type_str(8);
	struct type *tt = tuple2(&type_s64, str);
	uint8_t tv[16] = { 0 };
	char *s;

	output_set_strings(7, NULL);
	fm_init(&fm, "@", AGG_NONE, str, str);
	fm_add(&fm, "abcdefg");
	memcpy((void *)fm.e[0].value, "0123456", 8);
	fm_add(&fm, (char[8]){ "abc" });
	memcpy((void *)fm.e[1].value, "xyz", 4);
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@[abc]: xyz\n@[abcdefg..]: 0123456..\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"map\", \"data\": {\"@\": {\"abc\": \"xyz\", \"abcdefg..\": \"0123456..\"}}}\n");
	free(s);

	memcpy(tv + 8, "abcdefg", 8);
	s = print_value(OUT_TEXT, tt, tv);
	CHECK_STR(s, "(0, abcdefg..)");
	free(s);

	output_set_strings(7, "[cut]");
	s = print_value(OUT_TEXT, str, "abcdefg");
	CHECK_STR(s, "abcdefg[cut]");
	free(s);
	s = print_value(OUT_JSON, str, "abcdefg");
	CHECK_STR(s, "\"abcdefg[cut]\"");
	free(s);
	/* a char array with no NUL gets it whatever its size; a shorter string never */
	s = print_value(OUT_TEXT, type_str(4), "abcd");
	CHECK_STR(s, "abcd[cut]");
	free(s);
	s = print_value(OUT_TEXT, type_str(4), "abc");
	CHECK_STR(s, "abc");
	free(s);
	output_set_strings(7, "");
	s = print_value(OUT_TEXT, str, "abcdefg");
	CHECK_STR(s, "abcdefg");
	free(s);
	output_set_strings(64, NULL);
}

UNIT_TEST(multi_key)
{
	struct fake_map fm;
	struct type *k = tuple2(&type_s64, type_str(8));
	uint8_t key[16];
	fm_init(&fm, "@", AGG_COUNT, k, &type_u64);

	int64_t a = 2;
	memset(key, 0, sizeof(key));
	memcpy(key, &a, 8);
	memcpy(key + 8, "abc", 3);
	fm_add(&fm, key)->v = 3;
	a = 1;
	memset(key, 0, sizeof(key));
	memcpy(key, &a, 8);
	memcpy(key + 8, "a b", 3);
	fm_add(&fm, key)->v = 3;
	a = 1;
	memset(key, 0, sizeof(key));
	memcpy(key, &a, 8);
	memcpy(key + 8, "x\"y", 3);
	fm_add(&fm, key)->v = 1;

	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@[1, x\"y]: 1\n@[1, a b]: 3\n@[2, abc]: 3\n");
	free(s);
	/* JSON keys drop the parentheses and every space. */
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"map\", \"data\": {\"@\": {\"1,x\\\"y\": 1, \"1,ab\": 3, \"2,abc\": 3}}}\n");
	free(s);
}

UNIT_TEST(keyed_hist_order)
{
	struct fake_map fm;
	fm_init(&fm, "@h", AGG_HIST, &type_s64, &type_s64);
	struct map_entry *e = fm_int_key(&fm, 2);
	e->buckets[hist_bucket(5, 0)] = 1;
	e->buckets[hist_bucket(6, 0)] += 1;
	e = fm_int_key(&fm, 3);
	e->buckets[hist_bucket(100, 0)] = 1;
	e = fm_int_key(&fm, 1);
	e->buckets[hist_bucket(5, 0)] = 1;

	/* By total count, as bpftrace 0.17 prints them too. */
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@h[1]:\n"
		"[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@h[3]:\n"
		"[64, 128)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@h[2]:\n"
		"[4, 8)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(s);
	s = print_map(&fm, OUT_TEXT, 1, 0);
	CHECK_STR(s, "@h[2]:\n"
		"[4, 8)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 2, 0);
	CHECK_STR(s, "{\"type\": \"hist\", \"data\": {\"@h\": {\"3\": [{\"min\": 64, \"max\": 127, \"count\": 1}], "
		"\"2\": [{\"min\": 4, \"max\": 7, \"count\": 2}]}}}\n");
	free(s);
}

UNIT_TEST(empty_maps)
{
	struct fake_map fm;
	fm_init(&fm, "@c", AGG_COUNT, &type_s64, &type_u64);
	char *s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "");
	free(s);
	fm_init(&fm, "@h", AGG_HIST, NULL, &type_s64);
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "");
	free(s);
	/* bpftrace's JSON still names an empty avg/stats map. */
	fm_init(&fm, "@a", AGG_AVG, &type_s64, &type_s64);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"stats\", \"data\": {\"@a\": {}}}\n");
	free(s);
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "");
	free(s);

	/* zero(@c): keys stay, at 0. */
	fm_init(&fm, "@c", AGG_COUNT, &type_s64, &type_u64);
	fm_int_key(&fm, 4);
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@c[4]: 0\n");
	free(s);
}

/* ---- values ---- */

UNIT_TEST(value_ints_bools_strings)
{
	int64_t v = -42;
	char *s = print_value(OUT_TEXT, &type_s64, &v);
	CHECK_STR(s, "-42");
	free(s);
	s = print_value(OUT_TEXT, &type_u64, &v);
	CHECK_STR(s, "18446744073709551574");
	free(s);
	s = print_value(OUT_JSON, &type_u64, &v);
	CHECK_STR(s, "\"18446744073709551574\"");
	free(s);
	uint8_t u8 = 200;
	s = print_value(OUT_TEXT, &type_s8, &u8);
	CHECK_STR(s, "-56");
	free(s);
	s = print_value(OUT_TEXT, &type_u8, &u8);
	CHECK_STR(s, "200");
	free(s);

	uint8_t t = 1, f = 0;
	s = print_value(OUT_TEXT, &type_bool, &t);
	CHECK_STR(s, "true");
	free(s);
	s = print_value(OUT_JSON, &type_bool, &f);
	CHECK_STR(s, "false");
	free(s);

	char str[8] = "bash\0xx";
	s = print_value(OUT_TEXT, type_str(8), str);
	CHECK_STR(s, "bash");
	free(s);
	s = print_value(OUT_TEXT, type_str(4), str);
	CHECK_STR(s, "bash..");
	free(s);
	s = print_value(OUT_JSON, type_str(8), "a\"b\\\n\t\x01");
	CHECK_STR(s, "\"a\\\"b\\\\\\n\\t\\u0001\"");
	free(s);
}

UNIT_TEST(value_json_big_ints)
{
	int64_t v = (INT64_C(1) << 53) + 1;
	char *s = print_value(OUT_JSON, &type_s64, &v);
	CHECK_STR(s, "\"9007199254740993\"");
	free(s);
	v = INT64_C(1) << 53;
	s = print_value(OUT_JSON, &type_s64, &v);
	CHECK_STR(s, "9007199254740992");
	free(s);
	v = INT64_MIN;
	s = print_value(OUT_JSON, &type_s64, &v);
	CHECK_STR(s, "-9223372036854775808");
	free(s);
	v = INT64_MAX;
	s = print_value(OUT_JSON, &type_s64, &v);
	CHECK_STR(s, "\"9223372036854775807\"");
	free(s);
}

UNIT_TEST(value_tuple_record_array)
{
	struct type *tt = tuple2(&type_s64, type_str(8));
	uint8_t d[16] = { 0 };
	int64_t one = 1;
	memcpy(d, &one, 8);
	memcpy(d + 8, "abc", 3);
	char *s = print_value(OUT_TEXT, tt, d);
	CHECK_STR(s, "(1, abc)");
	free(s);
	s = print_value(OUT_JSON, tt, d);
	CHECK_STR(s, "[1,\"abc\"]");
	free(s);

	struct type *r = type_new(TY_RECORD);
	r->name = "struct Foo";
	r->nfields = 3;
	r->fields = arena_alloc(3 * sizeof(*r->fields));
	r->fields[0] = (struct field){ .name = "m", .type = &type_s32, .offset = 0 };
	r->fields[1] = (struct field){ .name = "n", .type = &type_u32, .offset = 4 };
	/* A 3-bit signed bitfield at bit 2 of a u8. */
	r->fields[2] = (struct field){ .name = "b", .type = &type_s8, .offset = 8, .bit_offset = 2, .bit_size = 3 };
	r->size = 12;
	uint8_t rd[12] = { 0 };
	int32_t m = 2;
	uint32_t n = 3;
	memcpy(rd, &m, 4);
	memcpy(rd + 4, &n, 4);
	rd[8] = 0x7 << 2; /* -1 */
	s = print_value(OUT_TEXT, r, rd);
	CHECK_STR(s, "{ .m = 2, .n = 3, .b = -1 }");
	free(s);
	s = print_value(OUT_JSON, r, rd);
	CHECK_STR(s, "{\"m\": 2, \"n\": 3, \"b\": -1}");
	free(s);

	struct type *empty = type_new(TY_RECORD);
	s = print_value(OUT_TEXT, empty, rd);
	CHECK_STR(s, "{}");
	free(s);

	struct type *arr = type_new(TY_ARRAY);
	arr->elem = &type_s32;
	arr->count = 4;
	arr->size = 16;
	int32_t ad[4] = { 1, 2, 3, -4 };
	s = print_value(OUT_TEXT, arr, ad);
	CHECK_STR(s, "[1,2,3,-4]");
	free(s);
	s = print_value(OUT_JSON, arr, ad);
	CHECK_STR(s, "[1,2,3,-4]");
	free(s);

	struct type *p = type_ptr(&type_s32, false);
	uint64_t pv = 0xffff8881234;
	s = print_value(OUT_TEXT, p, &pv);
	CHECK_STR(s, "0xffff8881234");
	free(s);
	s = print_value(OUT_JSON, p, &pv);
	CHECK_STR(s, "17592060744244");
	free(s);
}

/* A record, bpftrace's named tuple: text as a struct's, JSON an object; one map key, printed whole. */
UNIT_TEST(value_and_key_record)
{
	struct type *inner = tuple2(&type_s64, &type_s64);
	inner->fields[0].name = "x";
	inner->fields[1].name = "y";
	struct type *r = tuple2(type_str(8), inner);
	r->fields[0].name = "c";
	r->fields[1].name = "e";
	CHECK(type_is_record_tuple(r));
	CHECK(!type_is_record_tuple(tuple2(&type_s64, &type_s64)));
	uint8_t d[24] = { 0 };
	int64_t x = 1, y = -2;
	memcpy(d, "str", 3);
	memcpy(d + 8, &x, 8);
	memcpy(d + 16, &y, 8);
	char *s = print_value(OUT_TEXT, r, d);
	CHECK_STR(s, "{ .c = str, .e = { .x = 1, .y = -2 } }");
	free(s);
	s = print_value(OUT_JSON, r, d);
	CHECK_STR(s, "{\"c\": \"str\", \"e\": {\"x\": 1, \"y\": -2}}");
	free(s);

	struct fake_map fm;
	fm_init(&fm, "@", AGG_COUNT, inner, &type_u64);
	uint8_t key[16];
	memcpy(key, &x, 8);
	memcpy(key + 8, &y, 8);
	fm_add(&fm, key)->v = 3;
	s = print_map(&fm, OUT_TEXT, 0, 0);
	CHECK_STR(s, "@[{ .x = 1, .y = -2 }]: 3\n");
	free(s);
	s = print_map(&fm, OUT_JSON, 0, 0);
	CHECK_STR(s, "{\"type\": \"map\", \"data\": {\"@\": {\"{.x=1,.y=-2}\": 3}}}\n");
	free(s);
}

UNIT_TEST(value_buffer)
{
	struct type *b = type_new(TY_BUF);
	b->size = 4 + 8;
	uint8_t d[12] = { 0 };
	uint32_t len = 8;
	memcpy(d, &len, 4);
	memcpy(d + 4, "ok_key\0\xff", 8);
	char *s = print_value(OUT_TEXT, b, d);
	CHECK_STR(s, "ok_key\\x00\\xff");
	free(s);
	s = print_value(OUT_JSON, b, d);
	CHECK_STR(s, "[111,107,95,107,101,121,0,-1]");
	free(s);
	/* A length past the buffer is clamped. */
	len = 99;
	memcpy(d, &len, 4);
	s = print_value(OUT_TEXT, b, d);
	CHECK_STR(s, "ok_key\\x00\\xff");
	free(s);
}

/* ---- messages ---- */

static char *capture_msg(int which, enum output_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	switch (which) {
	case 0:
		output_attached(f, fmt, 1);
		break;
	case 1:
		output_attached(f, fmt, 3);
		break;
	case 2:
		output_lost_events(f, fmt, 12);
		break;
	case 3:
		output_end(f, fmt);
		break;
	case 4:
		output_message(f, fmt, OUTPUT_MSG_PRINTF, "hi \"x\"\n");
		break;
	case 5:
		output_message(f, fmt, OUTPUT_MSG_TIME, "12:00:00\n");
		break;
	case 6: {
		int64_t v = 5;
		output_print_value(f, fmt, &type_s64, &v);
		break;
	}
	}
	fclose(f);
	return buf;
}

UNIT_TEST(messages)
{
	struct {
		int which;
		enum output_format fmt;
		const char *want;
	} cases[] = {
		{ 0, OUT_TEXT, "Attached 1 probe\n" },
		{ 1, OUT_TEXT, "Attached 3 probes\n" },
		{ 1, OUT_JSON, "{\"type\": \"attached_probes\", \"count\": 3, \"data\": {\"probes\": 3}}\n" },
		{ 2, OUT_TEXT, "Lost 12 events\n" },
		{ 2, OUT_JSON, "{\"type\": \"lost_events\", \"count\": 12, \"data\": {\"events\": 12}}\n" },
		{ 3, OUT_TEXT, "\n\n" },
		{ 3, OUT_JSON, "" },
		{ 4, OUT_TEXT, "hi \"x\"\n" },
		{ 4, OUT_JSON, "{\"type\": \"printf\", \"data\": \"hi \\\"x\\\"\\n\"}\n" },
		{ 5, OUT_JSON, "{\"type\": \"time\", \"data\": \"12:00:00\\n\"}\n" },
		{ 6, OUT_TEXT, "5\n" },
		{ 6, OUT_JSON, "{\"type\": \"value\", \"data\": 5}\n" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *s = capture_msg(cases[i].which, cases[i].fmt);
		CHECK_STR(s, cases[i].want);
		free(s);
	}
}

/* 10^5 keys sort by value, ties by key, and print (speed is bench/'s business, not a test's). */
UNIT_TEST(big_map_sorted)
{
	const size_t n = 100000;
	struct map_desc m = { .name = "@", .agg = AGG_COUNT, .key = &type_s64, .value = &type_u64,
			      .user_key_size = 8 };
	struct map_entry *e = xcalloc(n, sizeof(*e));
	int64_t *keys = xcalloc(n, sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		keys[i] = (int64_t)((i * 7919) % n);
		e[i].key = (const uint8_t *)&keys[i];
		e[i].v = (int64_t)(keys[i] % 1000);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	output_map(f, OUT_TEXT, &m, e, n, 0, 0);
	fclose(f);
	/* every key printed, the smallest value first */
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	CHECK(lines >= n);
	const char *head = "@[0]: 0\n@[1000]: 0\n";
	CHECK(!strncmp(buf, head, strlen(head)));
	free(buf);
	CHECK_INT(e[0].v, 0);
	CHECK_INT(*(const int64_t *)e[0].key, 0);
	CHECK_INT(*(const int64_t *)e[1].key, 1000);
	CHECK_INT(e[n - 1].v, 999);
	free(e);
	free(keys);
}

UNIT_MAIN()
