/*
 * ksyms.c: kernel symbols from /proc/kallsyms, sorted by address and
 * binary-searched. One table of fixed-size entries and one blob of names, so
 * that the 100,000-odd symbols of a kernel cost a few megabytes at most.
 */
#include "symbolize.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ksym_ent {
	uint64_t addr;
	uint32_t name;     /* offset in names */
	uint32_t module;   /* offset in names of the module name; 0: vmlinux */
	uint8_t rank;      /* among symbols at one address, the lowest rank is shown */
};

struct ksyms {
	struct ksym_ent *ents;
	size_t n;
	char *names;       /* names[0] is "" so that offset 0 means none */
	size_t names_len;
};

typedef VEC(struct ksym_ent) ent_vec;
typedef VEC(char) char_vec;

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static uint32_t add_name(char_vec *names, const char *s, size_t n)
{
	uint32_t off = (uint32_t)names->len;

	vec_grow(names, n + 1);
	memcpy(names->data + names->len, s, n);
	names->data[names->len + n] = '\0';
	names->len += n + 1;
	return off;
}

/*
 * Several names can share an address (_text and _stext, aliases): prefer
 * code over data, global over local, and fewer leading underscores, which
 * picks the name a reader knows ("schedule", not "__pfx_..." or a linker mark).
 */
static uint8_t rank_of(char type, const char *name)
{
	uint8_t r = 0;

	if (!strchr("tTwW", type))
		r += 8;
	if (type >= 'a' && type <= 'z')
		r += 4;
	int u = 0;
	while (name[u] == '_' && u < 3)
		u++;
	return r + (uint8_t)u;
}

static int ent_cmp(const void *a, const void *b)
{
	const struct ksym_ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	/* the file's order among equals: names were added in that order */
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Parses one line; false if it is not a symbol worth keeping. */
static bool parse_line(const char *p, const char *end, char_vec *names, uint32_t *last_mod_off,
		       const char **last_mod, size_t *last_mod_len, struct ksym_ent *e)
{
	uint64_t addr = 0;
	int digits = 0, h;

	while (p < end && (h = hexval(*p)) >= 0) {
		if (digits++ >= 16)
			return false;
		addr = addr << 4 | (uint64_t)h;
		p++;
	}
	if (!digits || p >= end || *p != ' ')
		return false;
	p++;
	if (p >= end)
		return false;
	char type = *p++;
	if (p >= end || *p != ' ')
		return false;
	p++;
	const char *name = p;
	while (p < end && *p != '\t' && *p != ' ')
		p++;
	size_t nlen = (size_t)(p - name);
	/* Absolute symbols (per-CPU offsets) and zeroed addresses (kptr_restrict) are not code. */
	if (!nlen || addr == 0 || type == 'a' || type == 'A' || type == 'U' || type == 'u')
		return false;
	e->addr = addr;
	e->module = 0;
	/* "\t[module]" */
	while (p < end && (*p == '\t' || *p == ' '))
		p++;
	if (p < end && *p == '[') {
		const char *m = ++p;
		while (p < end && *p != ']')
			p++;
		size_t mlen = (size_t)(p - m);
		if (mlen) {
			/* Lines of one module come together: reuse its name. */
			if (*last_mod && *last_mod_len == mlen && !memcmp(*last_mod, m, mlen)) {
				e->module = *last_mod_off;
			} else {
				e->module = add_name(names, m, mlen);
				*last_mod_off = e->module;
				*last_mod = m;
				*last_mod_len = mlen;
			}
		}
	}
	e->name = add_name(names, name, nlen);
	e->rank = rank_of(type, names->data + e->name);
	return true;
}

struct ksyms *ksyms_parse(const char *text, size_t len)
{
	ent_vec ents = { 0 };
	char_vec names = { 0 };
	const char *p = text, *end = text + len;
	const char *last_mod = NULL;
	size_t last_mod_len = 0;
	uint32_t last_mod_off = 0;

	vec_push(&names, '\0');
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct ksym_ent e;
		if (parse_line(p, le, &names, &last_mod_off, &last_mod, &last_mod_len, &e))
			vec_push(&ents, e);
		p = nl ? nl + 1 : end;
	}
	if (ents.len)
		qsort(ents.data, ents.len, sizeof(*ents.data), ent_cmp);
	/* Keep one entry per address: the best-ranked one. */
	size_t out = 0;
	for (size_t i = 0; i < ents.len; i++) {
		if (out && ents.data[out - 1].addr == ents.data[i].addr)
			continue;
		ents.data[out++] = ents.data[i];
	}
	struct ksyms *k = xcalloc(1, sizeof(*k));
	k->ents = ents.data;
	k->n = out;
	k->names = names.data;
	k->names_len = names.len;
	return k;
}

struct ksyms *ksyms_load(const char *path)
{
	size_t len;
	char *text = read_file(path ? path : "/proc/kallsyms", &len);

	if (!text)
		return NULL;
	struct ksyms *k = ksyms_parse(text, len);
	free(text);
	return k;
}

void ksyms_free(struct ksyms *k)
{
	if (!k)
		return;
	free(k->ents);
	free(k->names);
	free(k);
}

size_t ksyms_count(const struct ksyms *k)
{
	return k ? k->n : 0;
}

/* A symbol this far past its start is not believed: kallsyms has no sizes. */
#define KSYM_MAX_SPAN (1u << 24)
#define KSYM_MAX_MODULE_SPAN (1u << 20)

bool ksyms_lookup(const struct ksyms *k, uint64_t addr, struct sym_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!k || !k->n)
		return false;
	size_t lo = 0, hi = k->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->ents[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	const struct ksym_ent *e = &k->ents[lo - 1];
	/*
	 * Without sizes the last symbol would swallow everything above it, and
	 * a module's last symbol the gap to the next module: bound the span
	 * (tighter in modules, which are small).
	 */
	if (addr - e->addr >= KSYM_MAX_SPAN)
		return false;
	if (e->module && addr - e->addr >= KSYM_MAX_MODULE_SPAN)
		return false;
	out->name = k->names + e->name;
	out->offset = addr - e->addr;
	out->module = e->module ? k->names + e->module : NULL;
	return true;
}
