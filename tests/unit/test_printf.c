/* test_printf.c: printf format parsing, event formatting, time(). */
#include "output.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <stdint.h>

/* ---- parsing ---- */

static int parse(const char *fmt, struct printf_conv *c, int *off, const char **err)
{
	*off = -1;
	*err = NULL;
	return printf_parse(fmt, c, 16, off, err);
}

UNIT_TEST(parse_accepts_c_conversions)
{
	static const char *ok[] = {
		"%d", "%i", "%u", "%x", "%X", "%o", "%c", "%s", "%p", "%ld", "%lld", "%llu", "%lu",
		"%hhu", "%hd", "%jx", "%zu", "%td", "%-10s", "%5d", "%05d", "%+d", "% d", "%#x", "%.3s",
		"%-08.3d", "%r", "%rx", "%rh", "%10r", "%lx", "%llX", "%#o", "%hhx",
	};
	struct printf_conv c[16];
	int off;
	const char *err;

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		int n = parse(ok[i], c, &off, &err);
		if (n != 1)
			fprintf(stderr, "rejected %s: %s\n", ok[i], err ? err : "?");
		CHECK_INT(n, 1);
		CHECK_INT(c[0].start, 0);
		CHECK_INT(c[0].len, (int)strlen(ok[i]));
	}
}

UNIT_TEST(parse_classes_and_ranges)
{
	struct printf_conv c[16];
	int off;
	const char *err;
	int n = parse("pid %-6d comm %s at %p: %c %rx %%done %u%%", c, &off, &err);

	CHECK_INT(n, 6);
	CHECK_INT(c[0].cls, CONV_INT);
	CHECK(c[0].is_signed);
	CHECK_INT(c[0].conv, 'd');
	CHECK_INT(c[0].start, 4);
	CHECK_INT(c[0].len, 4);
	CHECK_INT(c[1].cls, CONV_STR);
	CHECK_INT(c[1].start, 14);
	CHECK_INT(c[2].cls, CONV_PTR);
	CHECK_INT(c[3].cls, CONV_CHAR);
	CHECK_INT(c[4].cls, CONV_BUF);
	CHECK_INT(c[4].conv, 'r');
	CHECK_INT(c[4].len, 3);
	CHECK_INT(c[5].cls, CONV_INT);
	CHECK(!c[5].is_signed);
	CHECK_INT(parse("100%% sure", c, &off, &err), 0);
	CHECK_INT(parse("", c, &off, &err), 0);
}

UNIT_TEST(parse_rejects_with_offset)
{
	static const struct {
		const char *fmt;
		int off;
	} bad[] = {
		{ "%q", 0 }, { "abc %", 4 }, { "x %f", 2 }, { "%d %n", 3 }, { "%*d", 0 }, { "a%.*s", 1 },
		{ "%Ld", 0 }, { "ok %5.3q", 3 }, { "%%%y", 2 }, { "%lf", 0 }, { "%99999999d", 0 }, { "%k", 0 },
	};
	struct printf_conv c[16];
	int off;
	const char *err;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int n = parse(bad[i].fmt, c, &off, &err);
		if (n != -1)
			fprintf(stderr, "accepted %s\n", bad[i].fmt);
		CHECK_INT(n, -1);
		CHECK_INT(off, bad[i].off);
		CHECK(err != NULL);
	}
	/* More conversions than the caller has room for. */
	CHECK_INT(printf_parse("%d %d %d", c, 2, &off, &err), -1);
	CHECK_INT(off, 6);
}

/* ---- formatting ---- */

struct ev {
	struct fmt_desc fd;
	struct fmt_arg args[8];
	uint8_t payload[256];
	uint32_t off;
};

static void ev_init(struct ev *e, const char *fmt)
{
	memset(e, 0, sizeof(*e));
	e->fd.fmt = fmt;
	e->fd.kind = EV_PRINTF;
	e->fd.args = e->args;
}

static void ev_arg(struct ev *e, struct type *t, const void *data)
{
	struct fmt_arg *a = &e->args[e->fd.nargs++];
	a->type = t;
	a->offset = e->off;
	memcpy(e->payload + e->off, data, t->size);
	e->off += ALIGN_UP(t->size, 8);
	e->fd.size = e->off;
}

static void ev_s64(struct ev *e, int64_t v)
{
	ev_arg(e, &type_s64, &v);
}

static char *ev_format(struct ev *e)
{
	return output_format_event(&e->fd, e->payload, e->off);
}

/* One integer through one conversion. */
static char *fmt1(const char *fmt, struct type *t, int64_t v)
{
	struct ev e;
	ev_init(&e, fmt);
	ev_arg(&e, t, &v);
	return ev_format(&e);
}

UNIT_TEST(format_ints)
{
	static const struct {
		const char *fmt;
		int64_t v;
		bool is_signed;
		const char *want;
	} cases[] = {
		{ "%d", 42, true, "42" },
		{ "[%5d]", 42, true, "[   42]" },
		{ "[%-5d]", 42, true, "[42   ]" },
		{ "[%05d]", 42, true, "[00042]" },
		{ "[%05d]", -42, true, "[-0042]" },
		{ "%+d", 5, true, "+5" },
		{ "[% d]", 5, true, "[ 5]" },
		{ "%i", -3, true, "-3" },
		{ "%.3d", 7, true, "007" },
		{ "%x", 255, true, "ff" },
		{ "%X", 255, true, "FF" },
		{ "%#x", 255, true, "0xff" },
		{ "%08x", 0xbeef, true, "0000beef" },
		{ "%o", 8, true, "10" },
		{ "%#o", 8, true, "010" },
		{ "%u", -1, true, "18446744073709551615" },
		{ "%d", -1, false, "-1" },
		{ "%ld", -5, true, "-5" },
		{ "%lld", INT64_MIN, true, "-9223372036854775808" },
		{ "%llu", -1, false, "18446744073709551615" },
		{ "%lu", 123, false, "123" },
		{ "%zu", 9, false, "9" },
		/* The full 64 bits without a length modifier, as current bpftrace. */
		{ "%d", INT64_C(0x12345678abcdef), true, "5124095577148911" },
		{ "%x", INT64_C(0x12345678abcdef), true, "12345678abcdef" },
		{ "%jx", INT64_C(0x12345678abcdef), true, "12345678abcdef" },
		{ "%hhu", 300, true, "44" },
		{ "%hhd", 200, false, "-56" },
		{ "%hd", 70000, true, "4464" },
		{ "%hu", -1, true, "65535" },
		{ "%c", 65, true, "A" },
		{ "[%3c]", 66, true, "[  B]" },
		{ "[%-3c]", 67, true, "[C  ]" },
		{ "%p", 4096, false, "0x1000" },
		{ "%p", 0, false, "0" },
		{ "[%10p]", 4096, false, "[    0x1000]" },
		{ "%s", -7, true, "-7" },
		{ "[%5s]", 42, false, "[   42]" },
		{ "%d%%", 50, true, "50%" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *s = fmt1(cases[i].fmt, cases[i].is_signed ? &type_s64 : &type_u64, cases[i].v);
		if (strcmp(s, cases[i].want))
			fprintf(stderr, "case %zu: %s\n", i, cases[i].fmt);
		CHECK_STR(s, cases[i].want);
		free(s);
	}

	/* tests/runtime printf_length_modifiers, with current bpftrace's 64-bit %x. */
	struct ev e;
	ev_init(&e, "%hhx %hx %x %jx\n");
	for (int i = 0; i < 4; i++)
		ev_s64(&e, INT64_C(0x12345678abcdef));
	char *s = ev_format(&e);
	CHECK_STR(s, "ef cdef 12345678abcdef 12345678abcdef\n");
	free(s);

	ev_init(&e, "%c%c%c%c\n");
	for (int i = 0; i < 4; i++)
		ev_s64(&e, 0x41 + i);
	s = ev_format(&e);
	CHECK_STR(s, "ABCD\n");
	free(s);
}

UNIT_TEST(format_narrow_arg_types)
{
	/* Arguments are widened by their own type first. */
	struct ev e;
	char *s;
	int32_t m1 = -1;
	uint32_t big = 0xffffffffu;
	uint8_t b = 0xff;
	ev_init(&e, "%d %u %d %d %x");
	ev_arg(&e, &type_s32, &m1);
	ev_arg(&e, &type_s32, &m1);
	ev_arg(&e, &type_u32, &big);
	ev_arg(&e, &type_s8, &b);
	ev_arg(&e, &type_u8, &b);
	s = ev_format(&e);
	CHECK_STR(s, "-1 18446744073709551615 4294967295 -1 ff");
	free(s);
}

UNIT_TEST(format_strings)
{
	struct ev e;
	struct type *str = type_str(8);
	char abc[8] = "abc";
	char full[8] = { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' };

	ev_init(&e, "P: %s|%5s|%-5s|%.2s|%-6.1s|%s\n");
	ev_arg(&e, str, abc);
	ev_arg(&e, str, abc);
	ev_arg(&e, str, abc);
	ev_arg(&e, str, abc);
	ev_arg(&e, str, abc);
	ev_arg(&e, str, full);
	char *s = ev_format(&e);
	CHECK_STR(s, "P: abc|  abc|abc  |ab|a     |abcdefgh..\n");
	free(s);

	/*
	 * What str() reads into a buffer of max_strlen + 1 bytes: max_strlen
	 * characters before the NUL means bpf_probe_read_str may have cut the
	 * string (current bpftrace's str_truncated runtime tests: max_strlen 5
	 * prints "/bin/.."); shorter
	 * buffers and shorter strings print as they are; the trailer is
	 * configurable and may be empty.
	 */
	char cut[8] = "abcdefg";
	char sev[8] = "abcdef";
	output_set_strings(7, NULL);
	ev_init(&e, "%s|%s|%-12s|%s\n");
	ev_arg(&e, str, cut);
	ev_arg(&e, str, sev);
	ev_arg(&e, str, cut);
	ev_arg(&e, type_str(4), "abc");
	s = ev_format(&e);
	CHECK_STR(s, "abcdefg..|abcdef|abcdefg..   |abc\n");
	free(s);
	output_set_strings(7, "_xxx");
	s = ev_format(&e);
	CHECK_STR(s, "abcdefg_xxx|abcdef|abcdefg_xxx |abc\n");
	free(s);
	output_set_strings(7, "");
	s = ev_format(&e);
	CHECK_STR(s, "abcdefg|abcdef|abcdefg     |abc\n");
	free(s);
	output_set_strings(64, NULL);

	/* tests/runtime printf_more_arguments */
	ev_init(&e, "%dst: %sa; %dnd: %sb;; %drd: %sc;;; %dth: %sd;;;;\n");
	const char *w[] = { "a", "ab", "abc", "abcd" };
	for (int i = 0; i < 4; i++) {
		char buf[8] = { 0 };
		memcpy(buf, w[i], strlen(w[i]));
		ev_s64(&e, i + 1);
		ev_arg(&e, str, buf);
	}
	s = ev_format(&e);
	CHECK_STR(s, "1st: aa; 2nd: abb;; 3rd: abcc;;; 4th: abcdd;;;;\n");
	free(s);

	/* %s of a tuple prints its text. */
	struct type *tt = type_new(TY_TUPLE);
	tt->nfields = 2;
	tt->fields = arena_alloc(2 * sizeof(*tt->fields));
	tt->fields[0] = (struct field){ .type = &type_s64, .offset = 0 };
	tt->fields[1] = (struct field){ .type = str, .offset = 8 };
	tt->size = 16;
	uint8_t td[16] = { 0 };
	int64_t two = 2;
	memcpy(td, &two, 8);
	memcpy(td + 8, "xy", 2);
	ev_init(&e, "t=%s");
	ev_arg(&e, tt, td);
	s = ev_format(&e);
	CHECK_STR(s, "t=(2, xy)");
	free(s);
}

UNIT_TEST(format_buffers)
{
	struct type *b = type_new(TY_BUF);
	b->size = 4 + 6;
	uint8_t d[16] = { 0 };
	uint32_t len = 6;
	memcpy(d, &len, 4);
	memcpy(d + 4, "Hello\0", 6);

	struct ev e;
	ev_init(&e, "%r|%rx|%rh|%8r|");
	for (int i = 0; i < 4; i++)
		ev_arg(&e, b, d);
	char *s = ev_format(&e);
	CHECK_STR(s, "Hello\\x00|\\x48\\x65\\x6c\\x6c\\x6f\\x00|48 65 6c 6c 6f 00|Hello\\x00|");
	free(s);
}

UNIT_TEST(format_print_value_and_bad_payload)
{
	struct ev e;
	ev_init(&e, NULL);
	e.fd.kind = EV_PRINT_VALUE;
	ev_s64(&e, 123);
	char *s = ev_format(&e);
	CHECK_STR(s, "123\n");
	free(s);

	/* A payload shorter than the format says: the missing values print as nothing. */
	char zzz[64] = "zzz";
	ev_init(&e, "a=%d b=%s!");
	ev_s64(&e, 1);
	ev_arg(&e, type_str(64), zzz);
	s = output_format_event(&e.fd, e.payload, 8);
	CHECK_STR(s, "a=1 b=!");
	free(s);
	s = output_format_event(&e.fd, NULL, 0);
	CHECK_STR(s, "a= b=!");
	free(s);

	/* More conversions than arguments. */
	ev_init(&e, "%d %d.");
	ev_s64(&e, 9);
	s = ev_format(&e);
	CHECK_STR(s, "9 .");
	free(s);
}

/* Random formats: parse never crashes, conversions lie inside the format, formatting copes. */
UNIT_TEST(random_formats)
{
	static const char alphabet[] = "%-+ #0123456789.*hljztLqdiouxXcsprfn%ab";
	struct printf_conv c[16];
	unsigned seed = 12345;
	int bad = 0;

	for (int iter = 0; iter < 20000; iter++) {
		char fmt[16];
		int n = 1 + (int)(seed % 14);
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			fmt[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		fmt[n] = '\0';
		seed = seed * 1103515245 + 12345;
		int off = -1;
		const char *err = NULL;
		int nc = printf_parse(fmt, c, 16, &off, &err);
		if (nc < 0) {
			if (off < 0 || off >= n || fmt[off] != '%' || !err)
				bad++;
			continue;
		}
		struct ev e;
		ev_init(&e, fmt);
		for (int i = 0; i < nc; i++) {
			if (c[i].start < 0 || c[i].start + c[i].len > n || fmt[c[i].start] != '%')
				bad++;
			if (c[i].cls == CONV_STR || c[i].cls == CONV_BUF) {
				char str[16] = "str";
				ev_arg(&e, type_str(16), str);
			} else {
				ev_s64(&e, (int64_t)seed - 77);
			}
		}
		free(ev_format(&e));
	}
	CHECK_INT(bad, 0);
}

/* ---- time() ---- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

UNIT_TEST(time_formats)
{
	char *s = output_time_str("%H:%M:%S\n");
	CHECK_INT(strlen(s), 9);
	CHECK(s[2] == ':' && s[5] == ':' && s[8] == '\n');
	CHECK(all_digits(s, 2) && all_digits(s + 3, 2) && all_digits(s + 6, 2));
	free(s);

	s = output_time_str("%S.%f");
	CHECK_INT(strlen(s), 9);
	CHECK(s[2] == '.' && all_digits(s + 3, 6));
	free(s);

	s = output_time_str("100%% %%f");
	CHECK_STR(s, "100% %f");
	free(s);

	s = output_time_str("");
	CHECK_STR(s, "");
	free(s);

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	output_time(f, "x%%y\n");
	fclose(f);
	CHECK_STR(buf, "x%y\n");
	free(buf);
}

UNIT_MAIN()

/* ---- %gr: GFP flags by name (gfp.c), from a kmem event's print fmt ---- */

#include "gfp.h"
#include "output_priv.h"

static char *gfp(uint64_t flags)
{
	struct sbuf b = { 0 };
	gfp_flags_text(&b, flags);
	return sb_take(&b);
}

UNIT_TEST(gfp_flags_by_name)
{
	/* the shape of kmem:kmalloc's print fmt (most bits first): casts, shifts, ors, an and-not */
	gfp_test_table("print fmt: \"gfp_flags=%s\", (REC->gfp_flags) ? __print_flags(REC->gfp_flags, \"|\", "
		       "{( unsigned long)(((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6)))"
		       " | (( gfp_t)((((1UL))) << (7))))), \"GFP_KERNEL\"}, "
		       "{( unsigned long)(((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6)))"
		       " | (( gfp_t)((((1UL))) << (7)))) & ~(( gfp_t)((((1UL))) << (11)))), \"GFP_A\"}, "
		       "{( unsigned long)(( gfp_t)0x100u), \"__GFP_ZERO\"}, "
		       "{( unsigned long)(( gfp_t)((((1UL))) << (6))), \"__GFP_IO\"}) : \"none\"");
	char *s;
	CHECK_STR(s = gfp(0xcc0), "GFP_KERNEL");
	free(s);
	CHECK_STR(s = gfp(0x4c0), "GFP_A");            /* the and-not: bit 11 cleared */
	free(s);
	CHECK_STR(s = gfp(0xdc0), "GFP_KERNEL|__GFP_ZERO");
	free(s);
	CHECK_STR(s = gfp(0x40 | 0x10000), "__GFP_IO|0x10000");   /* leftover bits in hex */
	free(s);
	CHECK_STR(s = gfp(0), "none");
	free(s);
	gfp_test_table(NULL);   /* no table: all in hex */
	CHECK_STR(s = gfp(0xcc0), "0xcc0");
	free(s);
}

UNIT_TEST(gfp_conversion_parses)
{
	struct printf_conv c[16];
	int off;
	const char *err;
	CHECK_INT(parse("flags %gr and %-20gr", c, &off, &err), 2);
	CHECK_INT(c[0].cls, CONV_INT);
	CHECK_INT(c[0].len, 3);
	CHECK_INT(parse("%g", c, &off, &err), -1);
}
