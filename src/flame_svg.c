/*
 * flame_svg.c: lays out the tree and writes the interactive SVG.
 *
 * Layout follows flamegraph.pl's geometry, so the pictures look familiar:
 * 1200 pixels wide with 10 pixels of padding, 16-pixel frames, the title
 * above and a details line below. Frames narrower than the minimum width are
 * pruned before anything is written, which keeps the DOM small enough for a
 * browser to stay responsive whatever the input's size. Siblings are sorted
 * by frame name (not by whole stack line).
 *
 * Rectangles are written in samples along x (a frame's offset and count),
 * and one transform on their group maps samples to pixels: positions are
 * exact, and the script zooms by changing that transform and rewriting the
 * labels (a layer of their own, for the frames wide enough), never touching
 * every frame.
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

/*
 * The drawn part of the tree: the nodes wide enough (all frames of a node
 * have the same width, so a node is drawn whole or not at all), in kept
 * order (ascending ids), each with its children's kept indices.
 */
struct layout {
	struct flame *f;
	size_t nkept;
	uint32_t *kept;     /* node ids */
	uint64_t *w;        /* width column total of each */
	uint64_t *w2;       /* the other column's, differential only */
	uint32_t *first;    /* children of kept k: children[first[k] .. first[k + 1]) */
	uint32_t *children; /* kept indices, in drawing order */
	uint64_t *start;    /* sample offset */
	uint32_t *depth;    /* depth of the node's first frame ("all" is 0) */
	uint32_t *order;    /* kept indices depth first: the order frames are written in */
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
	uint32_t h = fnv32(FNV32_BASIS, s, n);

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

static int cmp_ctx_names(const struct layout *l, uint32_t a, uint32_t b)
{
	const struct flame *f = l->f;
	const struct fnode *na = &f->nodes[l->kept[a]], *nb = &f->nodes[l->kept[b]];
	size_t la, lb;
	const char *sa, *sb;

	if (f->o.flamechart)
		return na->seq < nb->seq ? -1 : na->seq > nb->seq;
	sa = flame_name(f, na->first, &la);
	sb = flame_name(f, nb->first, &lb);
	int c = memcmp(sa, sb, la < lb ? la : lb);
	if (c)
		return c;
	return la < lb ? -1 : la > lb;
}

static const struct layout *sort_layout; /* qsort has no context argument */

static int cmp_children(const void *a, const void *b)
{
	return cmp_ctx_names(sort_layout, *(const uint32_t *)a, *(const uint32_t *)b);
}

static void layout_free(struct layout *l)
{
	free(l->kept);
	free(l->w);
	free(l->w2);
	free(l->first);
	free(l->children);
	free(l->start);
	free(l->depth);
	free(l->order);
}

/* The kept index of node id (which is kept), by bisection: kept is sorted. */
static uint32_t kept_index(const struct layout *l, uint32_t id)
{
	size_t lo = 0, hi = l->nkept;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (l->kept[mid] <= id)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

/*
 * Children lists (counting sort by parent) and a depth-first order; for
 * the whole tree (node ids) or the kept part (kept indices). Parents are
 * not always older than their children (a split puts a new node above an
 * old one), so totals and positions follow this order, not ids.
 */
static void tree_order(size_t n, const uint32_t *parent, uint32_t **first, uint32_t **children, uint32_t **order)
{
	uint32_t *fi = xcalloc(n + 1, sizeof(*fi)), *ch = xmalloc((n ? n : 1) * sizeof(*ch));
	uint32_t *fill = xmalloc((n + 1) * sizeof(*fill)), *ord = xmalloc((n ? n : 1) * sizeof(*ord));
	size_t i, sp = 0, k = 0;

	for (i = 1; i < n; i++)
		fi[parent[i] + 1]++;
	for (i = 0; i < n; i++)
		fi[i + 1] += fi[i];
	memcpy(fill, fi, (n + 1) * sizeof(*fill));
	for (i = 1; i < n; i++)
		ch[fill[parent[i]]++] = (uint32_t)i;
	/* fill doubles as the stack: at most n entries. */
	fill[sp++] = 0;
	while (sp) {
		uint32_t v = fill[--sp];
		ord[k++] = v;
		for (uint32_t c = fi[v + 1]; c > fi[v]; c--)
			fill[sp++] = ch[c - 1];
	}
	free(fill);
	*first = fi;
	*children = ch;
	*order = ord;
}

static void layout(struct flame *f, struct layout *l)
{
	const struct flame_opts *o = &f->o;
	const struct fnode *nd = f->nodes;
	size_t n = f->n, i, k;
	double norm = 1;
	uint32_t *parent, *fi, *ch, *ord;
	uint64_t *after, *before = NULL;

	memset(l, 0, sizeof(*l));
	l->f = f;

	/* Totals over the whole tree, children before parents. */
	parent = xmalloc(n * sizeof(*parent));
	for (i = 0; i < n; i++)
		parent[i] = nd[i].parent;
	tree_order(n, parent, &fi, &ch, &ord);
	after = xmalloc(n * sizeof(*after));
	for (i = 0; i < n; i++)
		after[i] = nd[i].count;
	if (f->count2) {
		before = xmalloc(n * sizeof(*before));
		memcpy(before, f->count2, n * sizeof(*before));
	}
	for (i = n; i > 1; i--) {
		uint32_t v = ord[i - 1];
		after[nd[v].parent] += after[v];
		if (before)
			before[nd[v].parent] += before[v];
	}
	free(fi);
	free(ch);
	free(ord);

	/* Profiles of different lengths compare by share, not by count. */
	if (before && o->normalize && before[0])
		norm = (double)after[0] / (double)before[0];
	bool negate = before && o->negate;
#define BEFORE(id) ((uint64_t)llround((double)before[id] * norm))
#define WIDTH(id) (negate ? BEFORE(id) : after[id])
	l->total = WIDTH(0);
	int width = o->width > 2 * XPAD ? o->width : 2 * XPAD + 1;
	l->wpt = l->total ? (double)(width - 2 * XPAD) / (double)l->total : 0;
	double min_samples = o->min_width_pct ? (double)l->total * o->min_width / 100.0
					      : (l->wpt > 0 ? o->min_width / l->wpt : 0);

	/* Keep what is wide enough: a parent is never narrower than its child. */
	for (i = 1, k = 1; i < n; i++) {
		uint64_t w = WIDTH(i);
		k += w && (double)w >= min_samples;
	}
	l->kept = xmalloc(k * sizeof(*l->kept));
	l->w = xmalloc(k * sizeof(*l->w));
	if (before)
		l->w2 = xmalloc(k * sizeof(*l->w2));
	l->kept[0] = 0;
	for (i = 1, k = 1; i < n; i++) {
		uint64_t w = WIDTH(i);
		if (w && (double)w >= min_samples)
			l->kept[k++] = (uint32_t)i;
	}
	l->nkept = k;
	for (i = 0; i < k; i++) {
		uint32_t id = l->kept[i];
		l->w[i] = WIDTH(id);
		if (l->w2) {
			l->w2[i] = negate ? after[id] : BEFORE(id);
			int64_t d = (int64_t)(after[id] - BEFORE(id));
			if (d < 0)
				d = -d;
			if (d > l->max_delta)
				l->max_delta = d;
		}
	}
#undef BEFORE
#undef WIDTH
	free(after);
	free(before);

	/* The kept tree: children in drawing order, then places, depth first. */
	for (i = 1; i < k; i++)
		parent[i] = kept_index(l, nd[l->kept[i]].parent);
	tree_order(k, parent, &l->first, &l->children, &l->order);
	free(parent);
	sort_layout = l;
	for (i = 0; i < k; i++) {
		size_t cn = l->first[i + 1] - l->first[i];
		if (cn > 1)
			qsort(l->children + l->first[i], cn, sizeof(uint32_t), cmp_children);
	}
	/* The order again, now that siblings are sorted. */
	size_t sp = 0, m = 0;
	uint32_t *stack = xmalloc(k * sizeof(*stack));
	stack[sp++] = 0;
	while (sp) {
		uint32_t v = stack[--sp];
		l->order[m++] = v;
		for (uint32_t c = l->first[v + 1]; c > l->first[v]; c--)
			stack[sp++] = l->children[c - 1];
	}
	free(stack);

	l->start = xcalloc(k, sizeof(*l->start));
	l->depth = xcalloc(k, sizeof(*l->depth));
	for (i = 0; i < k; i++) {
		uint32_t v = l->order[i];
		uint64_t x = l->start[v];
		/* The root is one frame ("all") whatever its empty label says. */
		uint32_t below = l->depth[v] + (v ? nd[l->kept[v]].nframes : 1);
		if (below - 1 > l->depth_max)
			l->depth_max = below - 1;
		for (uint32_t c = l->first[v]; c < l->first[v + 1]; c++) {
			uint32_t ck = l->children[c];
			l->start[ck] = x;
			l->depth[ck] = below;
			x += l->w[ck];
		}
	}

	l->ypad1 = o->font_size * 3;
	l->ypad2 = o->font_size * 2 + 10;
	if (o->subtitle)
		l->ypad1 += o->font_size * 2;
	l->height = (int)(l->depth_max + 1) * o->frame_height + l->ypad1 + l->ypad2;
}

/* ---- writing -------------------------------------------------------------- */

/* A label that fits w pixels: the name, cut with ".." if need be, or none. */
static size_t fit_label(const struct flame_opts *o, const char *s, size_t n, double w, bool *cut)
{
	long chars = (long)(w / (o->font_size * FONT_WIDTH));
	size_t bytes = 0;
	long i = 0;

	*cut = false;
	if (chars < 3)
		return 0;
	/* Count characters, not bytes: cut between UTF-8 sequences. */
	while (bytes < n && i < chars) {
		bytes++;
		while (bytes < n && ((unsigned char)s[bytes] & 0xc0) == 0x80)
			bytes++;
		i++;
	}
	if (bytes == n)
		return n;
	*cut = true;
	/* Room for "..": two characters fewer. */
	bytes = 0;
	for (i = 0; i < chars - 2 && bytes < n; i++) {
		bytes++;
		while (bytes < n && ((unsigned char)s[bytes] & 0xc0) == 0x80)
			bytes++;
	}
	return bytes;
}

static int frame_y(const struct layout *l, uint32_t depth)
{
	const struct flame_opts *o = &l->f->o;
	int d = (int)depth;

	return o->inverted ? l->ypad1 + d * o->frame_height : l->height - l->ypad2 - (d + 1) * o->frame_height + FRAMEPAD;
}

typedef void frame_fn(FILE *out, const struct layout *l, size_t k, const char *name, size_t len, uint32_t depth);

/* Calls fn for each frame of kept node k, root first: its name and depth. Returns how many. */
static size_t node_frames(FILE *out, const struct layout *l, size_t k, frame_fn *fn)
{
	const struct fnode *nd = &l->f->nodes[l->kept[k]];
	const char *q = flame_label(l->f, l->kept[k]), *e = q + nd->len;
	uint32_t d = l->depth[k];
	size_t n = 0;

	if (!l->kept[k]) {
		fn(out, l, k, "all", 3, 0);
		return 1;
	}
	for (;; d++, n++) {
		const char *semi = memchr(q, ';', (size_t)(e - q));
		if (!semi)
			semi = e;
		fn(out, l, k, q, (size_t)(semi - q), d);
		if (semi == e)
			return n + 1;
		q = semi + 1;
	}
}

/*
 * A frame: its title (the tooltip, and the name and counts for the script)
 * and its rectangle, in samples along x: the frames group's transform turns
 * samples into pixels, so positions are exact at any zoom.
 */
static void write_frame(FILE *out, const struct layout *l, size_t k, const char *name, size_t len, uint32_t depth)
{
	const struct flame_opts *o = &l->f->o;
	uint64_t w = l->w[k];
	enum annot a = annotation(name, &len);
	struct rgb c;
	int64_t delta = 0;

	if (l->w2) {
		uint64_t after = o->negate ? l->w2[k] : w, before = o->negate ? w : l->w2[k];
		delta = (int64_t)(after - before);
		c = diff_colour(delta, l->max_delta);
	} else {
		c = frame_colour(o->palette, name, len, a);
	}

	fputs("<g><title>", out);
	xml_put(out, name, len);
	fputs(" (", out);
	put_count(out, w);
	fputc(' ', out);
	xml_puts(out, o->countname);
	fprintf(out, ", %.2f%%", l->total ? 100.0 * (double)w / (double)l->total : 0.0);
	if (l->w2)
		fprintf(out, "; %+.2f%%", l->total ? 100.0 * (double)delta / (double)l->total : 0.0);
	fprintf(out, ")</title><rect x=\"%llu\" y=\"%d\" width=\"%llu\" height=\"%d\" fill=\"rgb(%d,%d,%d)\"/></g>\n",
		(unsigned long long)l->start[k], frame_y(l, depth), (unsigned long long)w, o->frame_height - FRAMEPAD,
		c.r, c.g, c.b);
}

/* A frame's label, in pixels, if it is wide enough for three characters. */
static void write_label(FILE *out, const struct layout *l, size_t k, const char *name, size_t len, uint32_t depth)
{
	const struct flame_opts *o = &l->f->o;
	double x = XPAD + (double)l->start[k] * l->wpt, w = (double)l->w[k] * l->wpt;
	size_t ln;
	bool cut;

	annotation(name, &len);
	ln = fit_label(o, name, len, w, &cut);
	if (!ln)
		return;
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", x + 3, frame_y(l, depth) + (o->frame_height - FRAMEPAD) / 2.0 + 3);
	xml_put(out, name, ln);
	if (cut)
		fputs("..", out);
	fputs("</text>\n", out);
}

static const char *default_title(const struct flame *f)
{
	if (f->o.flamechart)
		return "Flame Chart";
	if (f->differential)
		return f->o.inverted ? "Differential Icicle Graph" : "Differential Flame Graph";
	return f->o.inverted ? "Icicle Graph" : "Flame Graph";
}

static void write_head(FILE *out, const struct layout *l)
{
	const struct flame *f = l->f;
	const struct flame_opts *o = &f->o;
	const char *bg1 = "#eeeeee", *bg2 = "#eeeeb0";
	int w = o->width, h = l->height, fs = o->font_size;

	if (f->differential) {
		bg2 = "#e8e8e8";
		bg1 = "#f8f8f8";
	} else if (o->palette == FLAME_PAL_MEM) {
		bg2 = "#e0ffe0";
		bg1 = "#eef2ee";
	} else if (o->palette == FLAME_PAL_IO || o->palette == FLAME_PAL_WAKEUP) {
		bg2 = "#e0e0ff";
		bg1 = "#f8f8ff";
	}
	fprintf(out,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" onload=\"init(evt)\" "
		"xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		"xmlns:fg=\"" FLAME_NS "\">\n"
		"<!-- Flame graph by sonde: click a frame to zoom, Ctrl-F or Search to search, ic to ignore case. -->\n"
		"<defs><linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" x2=\"0\">"
		"<stop stop-color=\"%s\" offset=\"5%%\"/><stop stop-color=\"%s\" offset=\"95%%\"/>"
		"</linearGradient>\n"
		"<clipPath id=\"fg_clip\"><rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\"/></clipPath></defs>\n",
		w, h, w, h, bg1, bg2, XPAD, w - 2 * XPAD, h);
	fprintf(out,
		"<style type=\"text/css\">\n"
		"text { font-family: Verdana, sans-serif; font-size: %dpx; fill: rgb(0,0,0); }\n"
		"#title { text-anchor: middle; font-size: %dpx; }\n"
		"#subtitle { text-anchor: middle; fill: rgb(160,160,160); }\n"
		"#search, #ignorecase { opacity: 0.1; cursor: pointer; }\n"
		"#search:hover, #search.show, #ignorecase:hover, #ignorecase.show { opacity: 1; }\n"
		"#unzoom { cursor: pointer; }\n"
		"#frames rect { vector-effect: non-scaling-stroke; }\n"
		"#frames > g:hover > rect { stroke: black; stroke-width: 0.5; }\n"
		"#frames > g { cursor: pointer; }\n"
		"#labels { pointer-events: none; }\n"
		".hide { display: none; }\n"
		".parent { opacity: 0.5; }\n"
		"</style>\n",
		fs, fs + 5);
	fprintf(out, "<script type=\"text/ecmascript\"><![CDATA[\n"
		     "var fg_cfg = { xpad: %d, width: %d, fontsize: %d, fontwidth: %g, inverted: %s, total: %llu };\n",
		XPAD, w, fs, FONT_WIDTH, o->inverted ? "true" : "false", (unsigned long long)l->total);
	fputs(flame_js, out);
	fputs("]]></script>\n", out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"url(#background)\"/>\n", w, h);
	fprintf(out, "<text id=\"title\" x=\"%.1f\" y=\"%d\">", w / 2.0, fs * 2);
	xml_puts(out, o->title ? o->title : default_title(f));
	fputs("</text>\n", out);
	if (o->subtitle) {
		fprintf(out, "<text id=\"subtitle\" x=\"%.1f\" y=\"%d\">", w / 2.0, fs * 4);
		xml_puts(out, o->subtitle);
		fputs("</text>\n", out);
	}
	fprintf(out, "<text id=\"details\" x=\"%d\" y=\"%d\" fg:prefix=\"", XPAD, h - l->ypad2 / 2);
	xml_puts(out, o->nametype);
	fputs("\"> </text>\n", out);
	fprintf(out, "<text id=\"unzoom\" x=\"%d\" y=\"%d\" class=\"hide\">Reset Zoom</text>\n", XPAD, fs * 2);
	fprintf(out, "<text id=\"search\" x=\"%d\" y=\"%d\">Search</text>\n", w - XPAD - 100, fs * 2);
	fprintf(out, "<text id=\"ignorecase\" x=\"%d\" y=\"%d\">ic</text>\n", w - XPAD - 16, fs * 2);
	fprintf(out, "<text id=\"matched\" x=\"%d\" y=\"%d\"> </text>\n", w - XPAD - 100, h - l->ypad2 / 2);
}

static int write_empty(FILE *out, const struct flame *f)
{
	int w = f->o.width;

	fprintf(out,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"60\" viewBox=\"0 0 %d 60\" xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<text x=\"%.1f\" y=\"30\" text-anchor=\"middle\" font-family=\"Verdana, sans-serif\" font-size=\"17\">"
		"ERROR: no stacks in the input</text>\n</svg>\n",
		w, w, w / 2.0);
	if (fflush(out) || ferror(out))
		return -EIO;
	return -ENODATA;
}

int flame_write_svg(struct flame *f, FILE *out)
{
	struct layout l;

	f->drawn = 0;
	if (!f->samples && !f->samples2)
		return write_empty(out, f);
	layout(f, &l);
	if (!l.total) {
		/* A differential graph whose width column is empty. */
		layout_free(&l);
		return write_empty(out, f);
	}
	write_head(out, &l);
	/* Samples to pixels: x = XPAD + samples * wpt. The script zooms by changing this alone. */
	fprintf(out, "<g clip-path=\"url(#fg_clip)\">\n<g id=\"frames\" transform=\"matrix(%.17g,0,0,1,%d,0)\">\n",
		l.wpt, XPAD);

	/* Depth first, so that a frame's children follow it in the file. */
	size_t drawn = 0;
	for (size_t i = 0; i < l.nkept; i++)
		drawn += node_frames(out, &l, l.order[i], write_frame);
	fputs("</g>\n<g id=\"labels\">\n", out);
	for (size_t i = 0; i < l.nkept; i++)
		node_frames(out, &l, l.order[i], write_label);
	fputs("</g>\n</g>\n</svg>\n", out);
	f->drawn = drawn - 1;
	layout_free(&l);
	if (fflush(out) || ferror(out))
		return -EIO;
	return 0;
}

int flame_render(const char *buf, size_t len, const struct flame_opts *o, FILE *out)
{
	struct flame_opts defaults;
	struct flame *f;
	int err;

	if (!o) {
		flame_opts_init(&defaults);
		o = &defaults;
	}
	f = flame_new(o);
	flame_parse(f, buf, len, FLAME_AFTER);
	err = flame_write_svg(f, out);
	flame_free(f);
	return err;
}
