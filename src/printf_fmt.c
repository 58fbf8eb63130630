/*
 * printf_fmt.c: printf-style formats. printf_parse checks a format at compile
 * time; output_format_event renders an event's payload with it in user space;
 * output_time prints time() with strftime.
 *
 * Integers follow current bpftrace: the value is widened to 64 bits by its own
 * type first, then `hh`/`h` narrow it, so `%d` and `%x` of a 64-bit value
 * print all of it. Each conversion is handed to snprintf with the user's
 * flags, width and precision and an `ll` length.
 */
#include "gfp.h"
#include "output_priv.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Wider than any sane column; keeps a typo like %99999999d from allocating gigabytes. */
#define FMT_MAX_WIDTH 65536

enum fmt_len { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T };
enum fmt_buf { BUF_R, BUF_RX, BUF_RH };

struct fmt_spec {
	char flags[6];      /* the flag characters as written, deduplicated */
	int width, prec;    /* -1 when absent */
	enum fmt_len len;
	char conv;
	enum fmt_buf buf;
	int nbytes;         /* the whole spec, '%' included */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads digits at *p; false when the number is absurdly large. */
static bool read_num(const char **p, int *out)
{
	long v = 0;

	while (is_digit(**p)) {
		v = v * 10 + (**p - '0');
		if (v > FMT_MAX_WIDTH)
			return false;
		(*p)++;
	}
	*out = (int)v;
	return true;
}

/* Parses one conversion at fmt (which points at '%'). Returns false with *err set. */
static bool spec_parse(const char *fmt, struct fmt_spec *s, const char **err)
{
	const char *p = fmt + 1;
	int nflags = 0;

	memset(s, 0, sizeof(*s));
	s->width = s->prec = -1;
	for (;; p++) {
		if (*p != '-' && *p != '+' && *p != ' ' && *p != '#' && *p != '0')
			break;
		if (!memchr(s->flags, *p, (size_t)nflags) && nflags < 5)
			s->flags[nflags++] = *p;
	}
	if (*p == '*') {
		*err = "'*' widths are not supported";
		return false;
	}
	if (is_digit(*p) && !read_num(&p, &s->width)) {
		*err = "field width is too large";
		return false;
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			*err = "'*' precisions are not supported";
			return false;
		}
		s->prec = 0;
		if (!read_num(&p, &s->prec)) {
			*err = "precision is too large";
			return false;
		}
	}
	switch (*p) {
	case 'h':
		s->len = p[1] == 'h' ? LEN_HH : LEN_H;
		p += s->len == LEN_HH ? 2 : 1;
		break;
	case 'l':
		s->len = p[1] == 'l' ? LEN_LL : LEN_L;
		p += s->len == LEN_LL ? 2 : 1;
		break;
	case 'j':
		s->len = LEN_J;
		p++;
		break;
	case 'z':
		s->len = LEN_Z;
		p++;
		break;
	case 't':
		s->len = LEN_T;
		p++;
		break;
	default:
		break;
	}
	s->conv = *p;
	switch (*p) {
	case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
	case 'c': case 's': case 'p':
		p++;
		break;
	case 'r':
		p++;
		if (*p == 'x' || *p == 'h') {
			s->buf = *p == 'x' ? BUF_RX : BUF_RH;
			p++;
		}
		break;
	case '\0':
		*err = "incomplete conversion at the end of the format";
		return false;
	case 'g':
		/* bpftrace's %gr: GFP flags by name (gfp.c); conv 'g' stands for it */
		if (p[1] == 'r') {
			p += 2;
			break;
		}
		*err = "floating-point conversions are not supported";
		return false;
	case 'e': case 'E': case 'f': case 'F': case 'G': case 'a': case 'A':
		*err = "floating-point conversions are not supported";
		return false;
	case 'n':
		*err = "%n is not supported";
		return false;
	case 'h': case 'l': case 'j': case 'z': case 't': case 'L': case 'q':
		*err = "invalid length modifier";
		return false;
	default:
		*err = "unknown conversion (expected one of d i u o x X c s p r rx rh gr)";
		return false;
	}
	s->nbytes = (int)(p - fmt);
	return true;
}

int printf_parse(const char *fmt, struct printf_conv *convs, int max, int *err_off, const char **err)
{
	int n = 0;

	if (!fmt)
		return 0;
	for (const char *p = fmt; *p; p++) {
		struct fmt_spec s;
		const char *why = NULL;

		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		if (!spec_parse(p, &s, &why)) {
			if (err_off)
				*err_off = (int)(p - fmt);
			if (err)
				*err = why;
			return -1;
		}
		if (n >= max) {
			if (err_off)
				*err_off = (int)(p - fmt);
			if (err)
				*err = "too many conversions in one format";
			return -1;
		}
		struct printf_conv *c = &convs[n++];
		c->conv = s.conv;
		c->start = (int)(p - fmt);
		c->len = s.nbytes;
		c->is_signed = s.conv == 'd' || s.conv == 'i';
		switch (s.conv) {
		case 'c':
			c->cls = CONV_CHAR;
			break;
		case 's':
			c->cls = CONV_STR;
			break;
		case 'p':
			c->cls = CONV_PTR;
			break;
		case 'r':
			c->cls = CONV_BUF;
			break;
		default:
			c->cls = CONV_INT;
			break;
		}
		p += s.nbytes - 1;
	}
	return n;
}

/*
 * The C format for one conversion: the user's flags that make sense for it
 * (keep_flags), forced flags, width, precision, then the length and letter.
 */
static void c_format(char *out, size_t size, const struct fmt_spec *s, const char *keep_flags,
		     const char *add_flags, const char *suffix)
{
	char flags[8] = { 0 }, w[16] = "", pr[16] = "";
	int nf = 0;

	for (const char *f = s->flags; *f; f++)
		if (strchr(keep_flags, *f))
			flags[nf++] = *f;
	for (const char *f = add_flags; *f && nf < 7; f++)
		if (!strchr(flags, *f))
			flags[nf++] = *f;
	if (s->width >= 0)
		snprintf(w, sizeof(w), "%d", s->width);
	if (s->prec >= 0)
		snprintf(pr, sizeof(pr), ".%d", s->prec);
	snprintf(out, size, "%%%s%s%s%s", flags, w, pr, suffix);
}

static void put_int(struct sbuf *b, const struct fmt_spec *s, int64_t v)
{
	char f[48];
	bool sg = s->conv == 'd' || s->conv == 'i';

	if (s->len == LEN_HH)
		v = sg ? (int64_t)(int8_t)v : (int64_t)(uint8_t)v;
	else if (s->len == LEN_H)
		v = sg ? (int64_t)(int16_t)v : (int64_t)(uint16_t)v;

	switch (s->conv) {
	case 'c':
		c_format(f, sizeof(f), s, "-", "", "c");
		sb_printf(b, f, (int)(unsigned char)v);
		return;
	case 'p':
		/* A pointer prints like bpftrace's: 0x-prefixed hex, plain 0 for null. */
		c_format(f, sizeof(f), s, "-0", "#", "llx");
		sb_printf(b, f, (unsigned long long)v);
		return;
	case 'd':
	case 'i':
		c_format(f, sizeof(f), s, "-+ 0", "", "lld");
		sb_printf(b, f, (long long)v);
		return;
	default: {
		char suffix[4] = { 'l', 'l', s->conv, 0 };
		c_format(f, sizeof(f), s, "-#0", "", suffix);
		sb_printf(b, f, (unsigned long long)v);
		return;
	}
	}
}

static void put_text(struct sbuf *b, const struct fmt_spec *s, const char *text)
{
	char f[48];

	c_format(f, sizeof(f), s, "-", "", "s");
	sb_printf(b, f, text);
}

static bool arg_is_int(const struct type *t)
{
	return t && (t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_PTR);
}

static void format_arg(struct sbuf *b, const struct fmt_spec *s, const struct fmt_arg *a,
		       const uint8_t *payload, size_t len)
{
	const struct type *t = a->type;
	struct sbuf tmp = { 0 };

	if (!t || !payload || a->offset > len || t->size > len - a->offset)
		return;
	const uint8_t *p = payload + a->offset;

	switch (s->conv) {
	case 's':
		value_text(&tmp, t, p);
		put_text(b, s, tmp.s ? tmp.s : "");
		break;
	case 'g':
		if (arg_is_int(t))
			gfp_flags_text(&tmp, (uint64_t)output_read_int(p, t->size ? t->size : 8, false));
		else
			value_text(&tmp, t, p);
		put_text(b, s, tmp.s ? tmp.s : "");
		break;
	case 'r':
		if (t->kind == TY_BUF) {
			uint32_t n;
			const uint8_t *d = buf_bytes(t, p, &n);
			buf_text(&tmp, d, n, s->buf == BUF_R, s->buf != BUF_RH);
		} else {
			value_text(&tmp, t, p);
		}
		put_text(b, s, tmp.s ? tmp.s : "");
		break;
	default:
		if (arg_is_int(t)) {
			bool sg = t->kind == TY_INT && t->is_signed;
			put_int(b, s, output_read_int(p, t->size ? t->size : 8, sg));
		} else {
			/* Not an integer (the checker should have said so): print its text. */
			value_text(&tmp, t, p);
			put_text(b, s, tmp.s ? tmp.s : "");
		}
		break;
	}
	sb_free(&tmp);
}

char *output_format_event(const struct fmt_desc *fd, const void *payload, size_t len)
{
	struct sbuf b = { 0 };
	const uint8_t *pl = payload;
	int argi = 0;

	if (!fd)
		return xstrdup("");
	if (!fd->fmt) {
		/* print(value) */
		if (fd->nargs > 0) {
			const struct fmt_arg *a = &fd->args[0];
			if (a->type && pl && a->offset <= len && a->type->size <= len - a->offset)
				value_text(&b, a->type, pl + a->offset);
		}
		sb_putc(&b, '\n');
		return sb_take(&b);
	}
	for (const char *p = fd->fmt; *p;) {
		const char *q = strchr(p, '%');
		if (!q) {
			sb_puts(&b, p);
			break;
		}
		sb_put(&b, p, (size_t)(q - p));
		if (q[1] == '%') {
			sb_putc(&b, '%');
			p = q + 2;
			continue;
		}
		struct fmt_spec s;
		const char *why;
		if (!spec_parse(q, &s, &why)) {
			/* The checker rejects these; keep the rest readable if one slips through. */
			sb_puts(&b, q);
			break;
		}
		if (argi < fd->nargs)
			format_arg(&b, &s, &fd->args[argi], pl, len);
		argi++;
		p = q + s.nbytes;
	}
	return sb_take(&b);
}

/* ---- time() ---- */

/* bpftrace's strftime extension: %f is the microseconds, 6 digits. */
static void expand_usec(struct sbuf *out, const char *fmt, long usec)
{
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			sb_putc(out, *p);
			continue;
		}
		if (p[1] == 'f') {
			sb_printf(out, "%06ld", usec);
			p++;
		} else if (p[1]) {
			sb_putc(out, '%');
			sb_putc(out, p[1]);
			p++;
		} else {
			sb_putc(out, '%');
		}
	}
}

char *output_time_str(const char *fmt)
{
	struct timespec ts;
	struct tm tm;
	struct sbuf f = { 0 };
	size_t cap = 128;
	char *buf = NULL;

	if (!fmt)
		fmt = "";
	clock_gettime(CLOCK_REALTIME, &ts);
	tzset();
	if (!localtime_r(&ts.tv_sec, &tm))
		return xstrdup("");
	expand_usec(&f, fmt, ts.tv_nsec / 1000);
	if (!f.len) {
		sb_free(&f);
		return xstrdup("");
	}
	/* strftime returns 0 both for "too small" and for an empty result: grow a few times. */
	for (; cap <= 1 << 16; cap *= 4) {
		buf = xrealloc(buf, cap);
		size_t n = strftime(buf, cap, f.s, &tm);
		if (n > 0) {
			sb_free(&f);
			return buf;
		}
	}
	sb_free(&f);
	buf[0] = '\0';
	return buf;
}

void output_time(FILE *f, const char *fmt)
{
	char *s = output_time_str(fmt);

	fputs(s, f);
	free(s);
}
