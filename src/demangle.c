/*
 * demangle.c: C++ and Rust names through libiberty's cplus_demangle, a
 * cache for what output prints again and again, and the name matching of
 * uprobe:BIN:cpp:PATTERN.
 */
#include "demangle.h"
#include "util.h"

#include <libiberty/demangle.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool demangle_is_mangled(const char *name)
{
	return name && name[0] == '_' && (name[1] == 'Z' || name[1] == 'R');
}

char *demangle_dup(const char *name)
{
	if (!demangle_is_mangled(name))
		return NULL;
	/* AUTO: C++ or Rust, as the name says; PARAMS: overloads differ only there */
	return cplus_demangle(name, DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO);
}

/* ---- the cache ---- */

/*
 * Two generations of open-addressed tables: when the young one fills, the
 * old one is freed and the young one takes its place. A name handed out
 * stays valid until two fills later, so a caller printing a stack (at most
 * 1024 frames) never sees its strings go, and memory stays bounded however
 * many symbols a long profile meets.
 */
#define GEN_SLOTS 16384             /* a power of two */
#define GEN_FILL  (GEN_SLOTS / 2)   /* names per generation */

struct dm_entry {
	char *name;
	char *text;   /* NULL: name does not demangle */
};

struct dm_gen {
	struct dm_entry *slots;
	size_t used;
};

static struct dm_gen gens[2];   /* [0] young, [1] old */

static uint64_t hash_str(const char *s)
{
	return fnv64(FNV64_BASIS, s, strlen(s));
}

static struct dm_entry *gen_find(struct dm_gen *g, const char *name, uint64_t h)
{
	if (!g->slots)
		return NULL;
	for (size_t i = h & (GEN_SLOTS - 1);; i = (i + 1) & (GEN_SLOTS - 1)) {
		struct dm_entry *e = &g->slots[i];
		if (!e->name || !strcmp(e->name, name))
			return e;
	}
}

static void gen_free(struct dm_gen *g)
{
	if (!g->slots)
		return;
	for (size_t i = 0; i < GEN_SLOTS; i++) {
		free(g->slots[i].name);
		free(g->slots[i].text);
	}
	free(g->slots);
	g->slots = NULL;
	g->used = 0;
}

void demangle_cache_free(void)
{
	gen_free(&gens[0]);
	gen_free(&gens[1]);
}

const char *demangle_cached(const char *name)
{
	if (!demangle_is_mangled(name))
		return name;
	uint64_t h = hash_str(name);
	struct dm_entry *e = gen_find(&gens[0], name, h);
	if (e && e->name)
		return e->text ? e->text : name;

	/* an old entry moves up: its strings change owner, the old slot keeps copies to free */
	struct dm_entry *old = gen_find(&gens[1], name, h);
	char *text;
	if (old && old->name) {
		text = old->text ? xstrdup(old->text) : NULL;
	} else {
		text = demangle_dup(name);
	}
	if (gens[0].used >= GEN_FILL) {
		gen_free(&gens[1]);
		gens[1] = gens[0];
		gens[0] = (struct dm_gen){ 0 };
	}
	if (!gens[0].slots)
		gens[0].slots = xcalloc(GEN_SLOTS, sizeof(*gens[0].slots));
	e = gen_find(&gens[0], name, h);
	e->name = xstrdup(name);
	e->text = text;
	gens[0].used++;
	return text ? text : name;
}

/* ---- names without parameters ---- */

static bool is_open(char c)
{
	return c == '(' || c == '<' || c == '[' || c == '{';
}

static bool is_close(char c)
{
	return c == ')' || c == '>' || c == ']' || c == '}';
}

/* Whether "operator" starts a word at s (a conversion or operator function's name). */
static bool operator_at(const char *all, const char *s)
{
	return !strncmp(s, "operator", 8) && (s == all || s[-1] == ':' || s[-1] == ' ') &&
	       !((s[8] >= 'a' && s[8] <= 'z') || (s[8] >= 'A' && s[8] <= 'Z') || s[8] == '_' ||
		 (s[8] >= '0' && s[8] <= '9'));
}

size_t demangle_base(const char *d, const char **start)
{
	size_t len = strlen(d);

	/* GCC's clones print as "f(int) [clone .constprop.0]" (or several clauses) */
	const char *clone = strstr(d, " [clone ");
	if (clone && len && d[len - 1] == ']')
		len = clone - d;
	/* the parameter list: the parentheses of the last ')' (then only qualifiers follow) */
	size_t end = len;
	const char *rp = NULL;
	for (size_t i = len; i > 0; i--) {
		if (d[i - 1] == ')') {
			rp = d + i - 1;
			break;
		}
		if (d[i - 1] == '>' || d[i - 1] == ']' || d[i - 1] == '}')
			break;
	}
	if (rp) {
		int depth = 0;
		for (const char *p = rp; p >= d; p--) {
			if (*p == ')')
				depth++;
			else if (*p == '(' && --depth == 0) {
				end = p - d;
				break;
			}
		}
	}
	/* a template function's return type: text up to the last space outside brackets */
	size_t begin = 0;
	int depth = 0;
	for (size_t i = 0; i < end; i++) {
		if (operator_at(d, d + i))
			break;
		if (is_open(d[i]))
			depth++;
		else if (is_close(d[i]) && depth > 0)
			depth--;
		else if (d[i] == ' ' && depth == 0)
			begin = i + 1;
	}
	*start = d + begin;
	return end > begin ? end - begin : 0;
}

/* ---- matching ---- */

bool demangle_star_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

static bool match_n(const char *pattern, bool wild, const char *s, size_t n)
{
	char buf[1024];

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return wild ? demangle_star_match(pattern, buf) : !strcmp(pattern, buf);
}

bool demangle_match(const char *pattern, const char *name, const char *demangled)
{
	bool wild = strchr(pattern, '*') != NULL;

	if (wild ? demangle_star_match(pattern, name) : !strcmp(pattern, name))
		return true;
	if (!demangled)
		return false;
	if (strchr(pattern, '('))
		return wild ? demangle_star_match(pattern, demangled) : !strcmp(pattern, demangled);
	const char *b;
	size_t n = demangle_base(demangled, &b);
	if (match_n(pattern, wild, b, n))
		return true;
	/* bpftrace compares the text before the parameters, a return type included */
	return b != demangled && match_n(pattern, wild, demangled, b - demangled + n);
}
