/*
 * flame_svg.c: lays out the trie and writes the interactive SVG.
 *
 * Layout follows flamegraph.pl's geometry, so the pictures look familiar:
 * 1200 pixels wide with 10 pixels of padding, 16-pixel frames, the title
 * above and a details line below. Frames narrower than the minimum width are
 * pruned before anything is written, which keeps the DOM small enough for a
 * browser to stay responsive whatever the input's size. Siblings are sorted
 * by frame name (not by whole stack line), and each frame carries its exact
 * sample offset (fg:x) so that zooming in the browser is exact at any depth.
 */
#include "flame_priv.h"
#include "flame_js.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define XPAD 10
#define FRAMEPAD 1
#define FONT_WIDTH 0.59

struct layout {
	struct flame *f;
	uint64_t *tot;  /* width column totals */
	uint64_t *tot2; /* the other column's totals, differential only */
	uint32_t *kidx; /* node -> kept index, for kept nodes */
	uint32_t *kept; /* kept index -> node, ascending ids */
	size_t nkept;
	uint32_t *first, *children; /* children of kept index k: children[first[k] .. first[k + 1]) */
	uint64_t *start;            /* sample offset of each kept frame */
	uint32_t *depth;
	uint32_t depth_max;
	uint64_t total;
	double wpt; /* pixels per sample */
	int height, ypad1, ypad2;
	int64_t max_delta;
};

/* ---- text --------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

/*
 * Writes text escaped for XML. Bytes XML cannot hold (controls, invalid
 * UTF-8) become '?': one bad frame name must not make the file unreadable.
 */
static void xml_put(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	while (i < n) {
		unsigned char c = p[i];
		const char *rep = NULL;
		size_t len = 1;

		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"')
			rep = "&quot;";
		else if (c < 0x20 && c != '\t')
			rep = "?";
		else if (c >= 0x80 && !(len = utf8_len(p + i, n - i)))
			rep = "?";
		if (!rep) {
			i += len;
			continue;
		}
		fwrite(p + run, 1, i - run, out);
		fputs(rep, out);
		i++;
		run = i;
	}
	fwrite(p + run, 1, n - run, out);
}

static void xml_puts(FILE *out, const char *s)
{
	xml_put(out, s, strlen(s));
}

/* 1234567 -> "1,234,567", as the tooltips show counts. */
static void put_count(FILE *out, uint64_t v)
{
	char buf[32], res[48];
	int n = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v), j = 0;

	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			res[j++] = ',';
		res[j++] = buf[i];
	}
	fwrite(res, 1, (size_t)j, out);
}

enum annot { ANNOT_NONE, ANNOT_KERNEL, ANNOT_JIT, ANNOT_INLINE, ANNOT_WAKER };

/* The "_[k]"-style suffix stackcollapse tools add, split off the name. */
static enum annot annotation(const char *s, size_t *len)
{
	if (*len < 4 || s[*len - 4] != '_' || s[*len - 3] != '[' || s[*len - 1] != ']')
		return ANNOT_NONE;
	switch (s[*len - 2]) {
	case 'k':
		*len -= 4;
		return ANNOT_KERNEL;
	case 'j':
		*len -= 4;
		return ANNOT_JIT;
	case 'i':
		*len -= 4;
		return ANNOT_INLINE;
	case 'w':
		*len -= 4;
		return ANNOT_WAKER;
	}
	return ANNOT_NONE;
}

/* ---- colours -------------------------------------------------------------- */

struct rgb {
	int r, g, b;
};

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h;
}

static bool has(const char *s, size_t n, const char *lit)
{
	return memmem(s, n, lit, strlen(lit)) != NULL;
}

/* Hue by palette, shade by a hash of the name: the same name, the same colour. */
static struct rgb hue(enum flame_palette pal, double v1, double v2, double v3)
{
	switch (pal) {
	case FLAME_PAL_HOT:
		return (struct rgb){ 205 + (int)(50 * v3), (int)(230 * v1), (int)(55 * v2) };
	case FLAME_PAL_MEM:
		return (struct rgb){ 0, 190 + (int)(50 * v2), (int)(210 * v1) };
	case FLAME_PAL_IO:
		return (struct rgb){ 80 + (int)(60 * v1), 80 + (int)(60 * v1), 190 + (int)(55 * v2) };
	case FLAME_PAL_RED:
		return (struct rgb){ 200 + (int)(55 * v1), (int)(80 * v1), (int)(80 * v1) };
	case FLAME_PAL_GREEN:
		return (struct rgb){ (int)(80 * v1), 200 + (int)(55 * v1), (int)(80 * v1) };
	case FLAME_PAL_BLUE:
		return (struct rgb){ (int)(80 * v1), (int)(80 * v1), 205 + (int)(50 * v1) };
	case FLAME_PAL_WAKEUP:
	case FLAME_PAL_AQUA:
		return (struct rgb){ 50 + (int)(60 * v1), 165 + (int)(55 * v1), 165 + (int)(55 * v1) };
	case FLAME_PAL_YELLOW:
		return (struct rgb){ 175 + (int)(55 * v1), 175 + (int)(55 * v1), 50 + (int)(20 * v1) };
	case FLAME_PAL_PURPLE:
		return (struct rgb){ 190 + (int)(65 * v1), 80 + (int)(60 * v1), 190 + (int)(65 * v1) };
	case FLAME_PAL_ORANGE:
		return (struct rgb){ 190 + (int)(65 * v1), 90 + (int)(65 * v1), 0 };
	default:
		return (struct rgb){ 128, 128, 128 };
	}
}

static struct rgb frame_colour(enum flame_palette pal, const char *s, size_t n, enum annot a)
{
	uint32_t h = fnv(s, n);
	double v1 = (h & 0x3ff) / 1024.0, v2 = ((h >> 10) & 0x3ff) / 1024.0, v3 = ((h >> 20) & 0x3ff) / 1024.0;
	enum flame_palette p = pal;

	/* Language palettes (and the default) tell kernel, JIT and inlined code apart. */
	if (pal == FLAME_PAL_HOT || pal == FLAME_PAL_JAVA || pal == FLAME_PAL_JS || pal == FLAME_PAL_PERL) {
		if (a == ANNOT_KERNEL)
			return hue(FLAME_PAL_ORANGE, v1, v2, v3);
		if (a == ANNOT_JIT)
			return hue(FLAME_PAL_GREEN, v1, v2, v3);
		if (a == ANNOT_INLINE || a == ANNOT_WAKER)
			return hue(FLAME_PAL_AQUA, v1, v2, v3);
	}
	switch (pal) {
	case FLAME_PAL_JAVA:
		if (has(s, n, "::"))
			p = FLAME_PAL_YELLOW; /* C++ */
		else if (memchr(s, '/', n) || memchr(s, '.', n))
			p = FLAME_PAL_GREEN; /* Java: com/foo/Bar.run or com.foo.Bar */
		else
			p = FLAME_PAL_RED;
		break;
	case FLAME_PAL_JS:
		if (has(s, n, "::"))
			p = FLAME_PAL_YELLOW;
		else if (memchr(s, '/', n) || has(s, n, ".js"))
			p = FLAME_PAL_GREEN;
		else if (memchr(s, ':', n))
			p = FLAME_PAL_AQUA;
		else
			p = FLAME_PAL_RED;
		break;
	case FLAME_PAL_PERL:
		if (has(s, n, "::") || has(s, n, ".pl"))
			p = FLAME_PAL_GREEN;
		else
			p = FLAME_PAL_RED;
		break;
	default:
		break;
	}
	return hue(p, v1, v2, v3);
}

/* Red grew, blue shrank, white stayed; the deeper, the bigger the change. */
static struct rgb diff_colour(int64_t delta, int64_t max_delta)
{
	if (!delta || !max_delta)
		return (struct rgb){ 250, 250, 250 };
	double x = (double)(delta < 0 ? -delta : delta) / (double)max_delta;
	int c = (int)(210 * (1 - x));
	return delta > 0 ? (struct rgb){ 255, c, c } : (struct rgb){ c, c, 255 };
}

/* ---- layout ------------------------------------------------------------- */

static int cmp_ctx_names(const struct flame *f, uint32_t a, uint32_t b)
{
	size_t la, lb;
	const char *sa = flame_name(f, f->nodes[a].name, &la), *sb = flame_name(f, f->nodes[b].name, &lb);
	int c = memcmp(sa, sb, la < lb ? la : lb);

	if (c)
		return c;
	return la < lb ? -1 : la > lb;
}

static const struct flame *sort_flame;

static int cmp_names(const void *a, const void *b)
{
	return cmp_ctx_names(sort_flame, *(const uint32_t *)a, *(const uint32_t *)b);
}

static void layout_free(struct layout *l)
{
	free(l->tot);
	free(l->tot2);
	free(l->kidx);
	free(l->kept);
	free(l->first);
	free(l->children);
	free(l->start);
	free(l->depth);
}

static void layout(struct flame *f, struct layout *l)
{
	size_t n = f->n, i;
	const struct flame_opts *o = &f->o;
	uint64_t *after, *before = NULL;

	memset(l, 0, sizeof(*l));
	l->f = f;
	after = xmalloc(n * sizeof(*after));
	for (i = 0; i < n; i++)
		after[i] = f->nodes[i].count;
	for (i = n - 1; i > 0; i--)
		after[f->nodes[i].parent] += after[i];
	if (f->differential) {
		before = xmalloc(n * sizeof(*before));
		memcpy(before, f->count2, n * sizeof(*before));
		for (i = n - 1; i > 0; i--)
			before[f->nodes[i].parent] += before[i];
	}
	if (before && o->negate) {
		l->tot = before;
		l->tot2 = after;
	} else {
		l->tot = after;
		l->tot2 = before;
	}
	l->total = l->tot[0];

	int width = o->width > 2 * XPAD ? o->width : 2 * XPAD + 1;
	l->wpt = l->total ? (double)(width - 2 * XPAD) / (double)l->total : 0;
	double min_samples = o->min_width_pct ? (double)l->total * o->min_width / 100.0
					      : (l->wpt > 0 ? o->min_width / l->wpt : 0);

	/* Keep what is wide enough; a child is never wider than its parent. */
	l->kidx = xmalloc(n * sizeof(*l->kidx));
	l->kept = xmalloc(n * sizeof(*l->kept));
	l->kidx[0] = 0;
	l->kept[l->nkept++] = 0;
	for (i = 1; i < n; i++) {
		uint64_t w = l->tot[i];
		if (!w || (double)w < min_samples || l->kidx[f->nodes[i].parent] == UINT32_MAX) {
			l->kidx[i] = UINT32_MAX;
			continue;
		}
		l->kidx[i] = (uint32_t)l->nkept;
		l->kept[l->nkept++] = (uint32_t)i;
	}

	size_t k = l->nkept;
	l->first = xcalloc(k + 1, sizeof(*l->first));
	l->children = xmalloc((k ? k : 1) * sizeof(*l->children));
	for (i = 1; i < k; i++)
		l->first[l->kidx[f->nodes[l->kept[i]].parent] + 1]++;
	for (i = 0; i < k; i++)
		l->first[i + 1] += l->first[i];
	uint32_t *fill = xmalloc((k + 1) * sizeof(*fill));
	memcpy(fill, l->first, (k + 1) * sizeof(*fill));
	for (i = 1; i < k; i++)
		l->children[fill[l->kidx[f->nodes[l->kept[i]].parent]]++] = l->kept[i];
	free(fill);
	if (!o->flamechart) {
		sort_flame = f;
		for (i = 0; i < k; i++) {
			size_t cn = l->first[i + 1] - l->first[i];
			if (cn > 1)
				qsort(l->children + l->first[i], cn, sizeof(uint32_t), cmp_names);
		}
	}

	l->start = xcalloc(k, sizeof(*l->start));
	l->depth = xcalloc(k, sizeof(*l->depth));
	for (i = 0; i < k; i++) {
		uint64_t x = l->start[i];
		for (uint32_t c = l->first[i]; c < l->first[i + 1]; c++) {
			uint32_t ck = l->kidx[l->children[c]];
			l->start[ck] = x;
			l->depth[ck] = l->depth[i] + 1;
			if (l->depth[ck] > l->depth_max)
				l->depth_max = l->depth[ck];
			x += l->tot[l->children[c]];
		}
	}

	if (l->tot2) {
		for (i = 0; i < k; i++) {
			uint32_t id = l->kept[i];
			int64_t d = (int64_t)(after[id] - (before ? before[id] : 0));
			if (d < 0)
				d = -d;
			if (d > l->max_delta)
				l->max_delta = d;
		}
	}

	l->ypad1 = o->font_size * 3;
	l->ypad2 = o->font_size * 2 + 10;
	if (o->subtitle)
		l->ypad1 += o->font_size * 2;
	l->height = (int)(l->depth_max + 1) * o->frame_height + l->ypad1 + l->ypad2;
}
