/* glob.c: globmatch() patterns to tokens (glob.h). */
#include "glob.h"

#include <errno.h>
#include <string.h>

/* [...] at p (just after '['): fills t, returns the byte after ']', NULL if unterminated or too big. */
static const char *compile_class(const char *p, struct glob_tok *t, int *err)
{
	t->kind = GLOB_CLASS;
	t->nranges = 0;
	t->negated = *p == '!';
	if (t->negated)
		p++;
	/* a ']' first is a member, as in shells */
	bool first = true;
	while (*p && (*p != ']' || first)) {
		uint8_t lo = (uint8_t)*p, hi = lo;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = (uint8_t)p[2];
			p += 3;
		} else {
			p++;
		}
		if (t->nranges == GLOB_MAX_RANGES) {
			*err = -E2BIG;
			return NULL;
		}
		t->lo[t->nranges] = lo < hi ? lo : hi;
		t->hi[t->nranges] = lo < hi ? hi : lo;
		t->nranges++;
		first = false;
	}
	if (*p != ']') {
		*err = -EINVAL;
		return NULL;
	}
	return p + 1;
}

int glob_compile(const char *pat, struct glob_tok *out)
{
	int n = 0, err = 0;

	for (const char *p = pat; *p;) {
		if (*p == '*' && n > 0 && out[n - 1].kind == GLOB_STAR) {
			p++;
			continue;
		}
		if (n == GLOB_MAX_TOKENS)
			return -E2BIG;
		struct glob_tok *t = &out[n++];
		memset(t, 0, sizeof(*t));
		switch (*p) {
		case '*':
			t->kind = GLOB_STAR;
			p++;
			break;
		case '?':
			t->kind = GLOB_ANY;
			p++;
			break;
		case '[':
			p = compile_class(p + 1, t, &err);
			if (!p)
				return err;
			break;
		default:
			t->kind = GLOB_LIT;
			t->ch = (uint8_t)*p++;
			break;
		}
	}
	return n;
}

bool glob_state_possible(const struct glob_tok *t, int j, uint32_t i)
{
	uint32_t min = 0;
	bool star = false;

	/* a star keeps its own state live too */
	for (int k = 0; k <= j; k++) {
		if (t[k].kind == GLOB_STAR)
			star = true;
		else if (k < j)
			min++;
	}
	return star ? min <= i : min == i;
}

uint64_t glob_cost(const struct glob_tok *t, int ntok, uint32_t size)
{
	uint64_t cost = 0;

	for (uint32_t i = 0; i < size; i++)
		for (int j = 0; j < ntok; j++)
			if (glob_state_possible(t, j, i))
				cost += t[j].kind == GLOB_CLASS ? 2 + t[j].nranges : 2;
	return cost;
}
