/*
 * gfp.c: printf's %gr, GFP (get free pages) flags by name, as the kernel's
 * %pGg prints them: the largest named combinations first (GFP_KERNEL), then
 * single bits (__GFP_ZERO), '|' between, leftover bits in hex.
 *
 * The names and values are this kernel's, taken from the table its own
 * tracepoints print with: the print fmt of kmem:kmalloc (or another kmem
 * event) holds `__print_flags(REC->gfp_flags, "|", {EXPR, "NAME"}, ...)`,
 * EXPR a C constant expression of shifts, ors, ands, nots and casts. Read
 * once, on the first %gr printed.
 */
#include "gfp.h"
#include "output_priv.h"
#include "runtime.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gfp_name {
	uint64_t mask;
	char *name;
};

static VEC(struct gfp_name) table;
static bool loaded;

/* ---- a C constant expression: | & ^ ~ << >> + -, casts, parentheses ---- */

struct cexpr {
	const char *p;
	bool bad;
};

static void skip_space(struct cexpr *e)
{
	while (isspace((unsigned char)*e->p))
		e->p++;
}

static uint64_t cexpr_or(struct cexpr *e);

/* "( unsigned long)" or "( gfp_t)": a parenthesis holding only words is a cast */
static bool skip_cast(struct cexpr *e)
{
	const char *q = e->p + 1;
	bool word = false;

	while (*q == ' ' || *q == '_' || isalnum((unsigned char)*q)) {
		word |= isalpha((unsigned char)*q) || *q == '_';
		q++;
	}
	if (*q != ')' || !word)
		return false;
	for (const char *w = e->p + 1; w < q; w++)
		if (isdigit((unsigned char)*w) && (w == e->p + 1 || w[-1] == ' '))
			return false;   /* a number, not a type */
	e->p = q + 1;
	return true;
}

static uint64_t cexpr_unary(struct cexpr *e)
{
	skip_space(e);
	if (*e->p == '~') {
		e->p++;
		return ~cexpr_unary(e);
	}
	if (*e->p == '(') {
		if (skip_cast(e))
			return cexpr_unary(e);
		e->p++;
		uint64_t v = cexpr_or(e);
		skip_space(e);
		if (*e->p != ')')
			e->bad = true;
		else
			e->p++;
		return v;
	}
	if (isdigit((unsigned char)*e->p)) {
		char *end;
		uint64_t v = strtoull(e->p, &end, 0);
		while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
			end++;
		e->p = end;
		return v;
	}
	e->bad = true;
	return 0;
}

static uint64_t cexpr_shift(struct cexpr *e)
{
	uint64_t v = cexpr_unary(e);
	for (;;) {
		skip_space(e);
		if ((e->p[0] == '<' && e->p[1] == '<') || (e->p[0] == '>' && e->p[1] == '>')) {
			bool left = e->p[0] == '<';
			e->p += 2;
			uint64_t s = cexpr_unary(e) & 63;
			v = left ? v << s : v >> s;
		} else {
			return v;
		}
	}
}

static uint64_t cexpr_and(struct cexpr *e)
{
	uint64_t v = cexpr_shift(e);
	for (;;) {
		skip_space(e);
		if (*e->p != '&')
			return v;
		e->p++;
		v &= cexpr_shift(e);
	}
}

static uint64_t cexpr_or(struct cexpr *e)
{
	uint64_t v = cexpr_and(e);
	for (;;) {
		skip_space(e);
		if (*e->p != '|')
			return v;
		e->p++;
		v |= cexpr_and(e);
	}
}

/* ---- the table ---- */

/* Reads the {EXPR, "NAME"} pairs after `__print_flags(REC->gfp_flags, "|",`. */
static void parse_table(const char *fmt)
{
	const char *p = strstr(fmt, "__print_flags(REC->gfp_flags");
	if (!p)
		return;
	p = strchr(p, '{');
	while (p && *p == '{') {
		struct cexpr e = { .p = p + 1 };
		uint64_t mask = cexpr_or(&e);
		skip_space(&e);
		if (e.bad || *e.p != ',')
			return;
		const char *q = strchr(e.p, '"');
		const char *end = q ? strchr(q + 1, '"') : NULL;
		if (!end)
			return;
		struct gfp_name g = { mask, xstrndup(q + 1, (size_t)(end - q - 1)) };
		vec_push(&table, g);
		p = strchr(end, '}');
		if (!p)
			return;
		p++;
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
	}
}

static void load(void)
{
	static const char *const events[] = { "kmalloc", "mm_page_alloc", "kmem_cache_alloc" };
	const char *dir = tracefs_dir();

	loaded = true;
	for (size_t i = 0; dir && i < ARRAY_SIZE(events) && !table.len; i++) {
		char *path = xasprintf("%s/events/kmem/%s/format", dir, events[i]);
		char *text = read_file(path, NULL);
		free(path);
		if (text)
			parse_table(text);
		free(text);
	}
}

void gfp_test_table(const char *print_fmt)
{
	for (size_t i = 0; i < table.len; i++)
		free(table.data[i].name);
	table.len = 0;
	loaded = true;
	if (print_fmt)
		parse_table(print_fmt);
}

void gfp_flags_text(struct sbuf *b, uint64_t flags)
{
	if (!loaded)
		load();
	if (!flags) {
		sb_puts(b, "none");   /* as the kernel's kmem events print no flags */
		return;
	}
	bool first = true;
	for (size_t i = 0; i < table.len && flags; i++) {
		uint64_t m = table.data[i].mask;
		if (!m || (flags & m) != m)
			continue;
		sb_printf(b, "%s%s", first ? "" : "|", table.data[i].name);
		flags &= ~m;
		first = false;
	}
	if (flags)
		sb_printf(b, "%s%#llx", first ? "" : "|", (unsigned long long)flags);
}
