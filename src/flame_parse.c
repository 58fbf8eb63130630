/*
 * flame_parse.c: reads stacks into the flame graph's radix tree.
 *
 * The hot path is the folded format ("a;b;c 12", one stack a line): each
 * line is found with memchr and its count parsed backwards from the end;
 * the stack itself is then used as it stands, frames joined by ';'. From
 * the root, the next frame is found eight bytes at a time while it is
 * hashed, interned (a small table of distinct names that stays in cache),
 * and looked up among the node's children (first child inline, the others
 * in one open-addressing table keyed by (parent, first frame)); the
 * child's label is then compared byte for byte with the rest of the
 * stack. Where they part the node is split, and what is left of the stack
 * becomes one new node, pointing into the input (flame_parse_keep) or into
 * a copy. Nothing is allocated per line, and most frames are never looked
 * at one by one: only the nodes drawn are cut into frames (flame_svg.c).
 * A flame chart (opts.flamechart) merges only along the previous stack's
 * path, so it never looks children up.
 *
 * bpftrace map output and `perf script` output are assembled, frame by
 * frame, into a scratch buffer, joined, and added the same way.
 */
#include "flame_priv.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- big tables ---------------------------------------------------------- */

#define HUGE_SIZE (2u << 20)

/*
 * The tree's tables are large and accessed at random: with 4 KiB pages most
 * lookups also miss the TLB, which costs more than the cache miss (doubly so
 * under virtualization). They live in 2 MiB-aligned mappings that ask for
 * transparent huge pages; zeroed, like calloc.
 */
void *flame_big_alloc(size_t size)
{
	/* Small tables (a short profile) stay on the heap: a huge page each would be waste. */
	if (size < HUGE_SIZE)
		return xcalloc(1, size);

	size_t len = ALIGN_UP(size, HUGE_SIZE);
	char *p = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fputs("sonde: out of memory\n", stderr);
		exit(2);
	}
	char *a = (char *)ALIGN_UP((uintptr_t)p, HUGE_SIZE);
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (a + len < p + len + HUGE_SIZE)
		munmap(a + len, (size_t)(p + len + HUGE_SIZE - (a + len)));
	madvise(a, len, MADV_HUGEPAGE);
	return a;
}

void flame_big_free(void *p, size_t size)
{
	if (!p)
		return;
	if (size < HUGE_SIZE)
		free(p);
	else
		munmap(p, ALIGN_UP(size, HUGE_SIZE));
}

static void *big_realloc(void *p, size_t old, size_t size)
{
	void *q = flame_big_alloc(size);

	memcpy(q, p, old < size ? old : size);
	flame_big_free(p, old);
	return q;
}

void flame_opts_init(struct flame_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->countname = "samples";
	o->nametype = "Function:";
	o->width = 1200;
	o->frame_height = 16;
	o->font_size = 12;
	o->min_width = 0.1;
	o->palette = FLAME_PAL_HOT;
}

static const char *const palette_names[] = {
	[FLAME_PAL_HOT] = "hot",       [FLAME_PAL_MEM] = "mem",       [FLAME_PAL_IO] = "io",
	[FLAME_PAL_WAKEUP] = "wakeup", [FLAME_PAL_JAVA] = "java",     [FLAME_PAL_JS] = "js",
	[FLAME_PAL_PERL] = "perl",     [FLAME_PAL_RED] = "red",       [FLAME_PAL_GREEN] = "green",
	[FLAME_PAL_BLUE] = "blue",     [FLAME_PAL_AQUA] = "aqua",     [FLAME_PAL_YELLOW] = "yellow",
	[FLAME_PAL_PURPLE] = "purple", [FLAME_PAL_ORANGE] = "orange",
};

int flame_palette_parse(const char *name, enum flame_palette *pal)
{
	for (size_t i = 0; i < ARRAY_SIZE(palette_names); i++) {
		if (!strcmp(name, palette_names[i])) {
			*pal = (enum flame_palette)i;
			return 0;
		}
	}
	return -EINVAL;
}

struct flame *flame_new(const struct flame_opts *o)
{
	struct flame *f = xcalloc(1, sizeof(*f));

	f->o = *o;
	f->cap = 1024;
	f->nodes = flame_big_alloc(f->cap * sizeof(*f->nodes));
	f->nodes[0] = (struct fnode){ 0 };
	f->n = 1;
	f->prev_len = 1;
	f->part = -1;
	f->slot_mask = 1023;
	f->slots = flame_big_alloc((f->slot_mask + 1) * sizeof(*f->slots));
	f->name_mask = 1023;
	f->name_slots = xcalloc(f->name_mask + 1, sizeof(*f->name_slots));
	f->name_hash = xcalloc(f->name_mask + 1, sizeof(*f->name_hash));
	/* Name 0 is the root's. */
	flame_intern(f, "all", 3);
	return f;
}

void flame_free(struct flame *f)
{
	if (!f)
		return;
	flame_big_free(f->nodes, f->cap * sizeof(*f->nodes));
	free(f->count2);
	flame_big_free(f->slots, (f->slot_mask + 1) * sizeof(*f->slots));
	free(f->names);
	free(f->text);
	free(f->name_slots);
	free(f->name_hash);
	vec_free(&f->parts);
	vec_free(&f->fr);
	vec_free(&f->scratch);
	vec_free(&f->joined);
	while (f->chunks) {
		struct flame_chunk *c = f->chunks;
		f->chunks = c->next;
		free(c);
	}
	free(f);
}

void flame_stats(const struct flame *f, struct flame_stats *st)
{
	st->stacks = f->stacks;
	st->skipped = f->skipped;
	st->frames = f->frames;
	st->names = f->nnames - 1;
	st->samples = f->samples;
	st->drawn = f->drawn;
	st->differential = f->differential;
}

/* ---- names ------------------------------------------------------------- */

static inline uint64_t mix64(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ull;
	h ^= h >> 32;
	return h;
}

#define HASH_SEED 0x9e3779b97f4a7c15ull
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t hash_word(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 29);
}

static inline uint32_t hash_end(uint64_t h, uint64_t tail, size_t n)
{
	h = (h ^ tail) * 0x94d049bb133111ebull;
	return (uint32_t)mix64(h ^ n);
}

/* Whole 8-byte words, then the tail as a little-endian word. */
static inline uint32_t name_hash(const char *s, size_t n)
{
	uint64_t h = HASH_SEED, tail = 0, v;
	size_t m = n;

	for (; m >= 8; s += 8, m -= 8) {
		memcpy(&v, s, 8);
		h = hash_word(h, v);
	}
	for (size_t i = 0; i < m; i++)
		tail |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return hash_end(h, tail, n);
}

/*
 * Finds the end of the frame at q (the next ';', or e) eight bytes at a
 * time, hashing as it goes (the same hash as name_hash): one pass over the
 * bytes instead of a memchr and a hash.
 */
static inline const char *scan_frame(const char *q, const char *e, uint32_t *hash)
{
	const char *s = q;
	uint64_t h = HASH_SEED, tail = 0, v;
	size_t i = 0;

	while (e - q >= 8) {
		memcpy(&v, q, 8);
		uint64_t x = v ^ (ONES * ';');
		uint64_t z = (x - ONES) & ~x & HIGHS;
		if (z) {
			/* The lowest flagged byte is exact: the first ';'. */
			i = (size_t)__builtin_ctzll(z) / 8;
			tail = i ? v & (~0ull >> (64 - 8 * i)) : 0;
			*hash = hash_end(h, tail, (size_t)(q + i - s));
			return q + i;
		}
		h = hash_word(h, v);
		q += 8;
	}
	for (; q + i < e && q[i] != ';'; i++)
		tail |= (uint64_t)(unsigned char)q[i] << (8 * i);
	*hash = hash_end(h, tail, (size_t)(q + i - s));
	return q + i;
}

static void names_grow(struct flame *f)
{
	size_t size = (f->name_mask + 1) * 2, mask = size - 1;
	uint32_t *slots = xcalloc(size, sizeof(*slots));
	uint32_t *hashes = xcalloc(size, sizeof(*hashes));

	for (size_t i = 0; i <= f->name_mask; i++) {
		if (!f->name_slots[i])
			continue;
		size_t j = f->name_hash[i] & mask;
		while (slots[j])
			j = (j + 1) & mask;
		slots[j] = f->name_slots[i];
		hashes[j] = f->name_hash[i];
	}
	free(f->name_slots);
	free(f->name_hash);
	f->name_slots = slots;
	f->name_hash = hashes;
	f->name_mask = mask;
}

/* Appends a name to flame.text and returns its offset. */
static size_t text_put(struct flame *f, const char *s, size_t len)
{
	size_t off = f->text_len;

	if (f->text_len + len > f->text_cap) {
		size_t cap = f->text_cap ? f->text_cap * 2 : 64 * 1024;
		while (cap < f->text_len + len)
			cap *= 2;
		f->text = xrealloc(f->text, cap);
		f->text_cap = cap;
	}
	memcpy(f->text + f->text_len, s, len);
	f->text_len += len;
	return off;
}

/* A copy of a label, where it will not move. */
static const char *label_copy(struct flame *f, const char *s, size_t len)
{
	struct flame_chunk *c = f->chunks;

	if (!c || c->used + len > c->size) {
		size_t size = len > (1u << 20) ? len : (1u << 20);
		c = xmalloc(sizeof(*c) + size);
		c->next = f->chunks;
		c->used = 0;
		c->size = size;
		f->chunks = c;
	}
	memcpy(c->data + c->used, s, len);
	c->used += len;
	return c->data + c->used - len;
}

static uint32_t intern_hashed(struct flame *f, const char *s, size_t len, uint32_t h)
{
	size_t i = h & f->name_mask;

	for (;;) {
		uint32_t id1 = f->name_slots[i];
		if (!id1)
			break;
		if (f->name_hash[i] == h) {
			const struct fname *nm = &f->names[id1 - 1];
			if (nm->len == len && !memcmp(f->text + nm->off, s, len))
				return id1 - 1;
		}
		i = (i + 1) & f->name_mask;
	}
	if (f->nnames == f->names_cap) {
		f->names_cap = f->names_cap ? f->names_cap * 2 : 1024;
		f->names = xrealloc(f->names, f->names_cap * sizeof(*f->names));
	}
	f->names[f->nnames] = (struct fname){ text_put(f, s, len), len };
	f->name_slots[i] = (uint32_t)++f->nnames;
	f->name_hash[i] = h;
	if (f->nnames * 2 > f->name_mask + 1)
		names_grow(f);
	return (uint32_t)(f->nnames - 1);
}

uint32_t flame_intern(struct flame *f, const char *s, size_t len)
{
	return intern_hashed(f, s, len, name_hash(s, len));
}

/* ---- the tree ---------------------------------------------------------- */

static inline size_t slot_hash(uint32_t parent, uint32_t name)
{
	return (size_t)mix64((((uint64_t)parent << 32) | name) * 0x9e3779b97f4a7c15ull);
}

static void slots_resize(struct flame *f, size_t size)
{
	size_t mask = size - 1;
	struct fslot *slots = flame_big_alloc(size * sizeof(*slots));

	for (size_t i = 0; i <= f->slot_mask; i++) {
		const struct fslot *s = &f->slots[i];
		if (!s->node)
			continue;
		size_t j = slot_hash(s->parent, s->name) & mask;
		while (slots[j].node)
			j = (j + 1) & mask;
		slots[j] = *s;
	}
	flame_big_free(f->slots, (f->slot_mask + 1) * sizeof(*f->slots));
	f->slots = slots;
	f->slot_mask = mask;
}

/* A node id, its fields to be filled in; 0 when the tree is full (2 billion nodes). */
static uint32_t node_new(struct flame *f)
{
	if (f->n == f->cap) {
		if (f->cap >= FNODE_MORE / 2)
			return 0;
		f->nodes = big_realloc(f->nodes, f->cap * sizeof(*f->nodes), 2 * f->cap * sizeof(*f->nodes));
		f->cap *= 2;
		if (f->count2) {
			f->count2 = xrealloc(f->count2, f->cap * sizeof(*f->count2));
			memset(f->count2 + f->n, 0, (f->cap - f->n) * sizeof(*f->count2));
		}
	}
	return (uint32_t)f->n++;
}

/* The slot of parent's child whose label starts with name, empty if none. */
static struct fslot *slot_of(struct flame *f, uint32_t parent, uint32_t name)
{
	size_t i = slot_hash(parent, name) & f->slot_mask;

	while (f->slots[i].node && (f->slots[i].parent != parent || f->slots[i].name != name))
		i = (i + 1) & f->slot_mask;
	return &f->slots[i];
}

static uint32_t find_child(const struct flame *f, uint32_t parent, uint32_t name)
{
	uint32_t c = f->nodes[parent].child;

	if ((c & ~FNODE_MORE) && f->nodes[c & ~FNODE_MORE].first == name)
		return c & ~FNODE_MORE;
	if (!(c & FNODE_MORE))
		return 0;
	return slot_of((struct flame *)f, parent, name)->node;
}

/* Makes c findable among parent's children (a flame chart never looks). */
static void link_child(struct flame *f, uint32_t parent, uint32_t c)
{
	struct fnode *p = &f->nodes[parent];

	if (f->o.flamechart)
		return;
	if (!(p->child & ~FNODE_MORE)) {
		p->child |= c;
		return;
	}
	*slot_of(f, parent, f->nodes[c].first) = (struct fslot){ parent, f->nodes[c].first, c };
	p->child |= FNODE_MORE;
	if (++f->slot_used * 4 > (f->slot_mask + 1) * 3)
		slots_resize(f, (f->slot_mask + 1) * 2);
}

/* Frames in a label: one more than its ';'s, counted eight bytes at a time. */
static uint32_t count_frames(const char *s, size_t len)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t n = 1;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		v ^= ONES * ';';
		/* High bit set exactly in the bytes that were ';' (now zero); the multiply adds them up. */
		n += ((~(((v & low7) + low7) | v | low7) >> 7) * ONES) >> 56;
	}
	for (; i < len; i++)
		n += s[i] == ';';
	return (uint32_t)n;
}

/* A new node under parent holding the rest of a stack (copied unless kept); 0 if the tree is full. */
static uint32_t leaf(struct flame *f, uint32_t parent, uint32_t first, const char *s, size_t len, bool keep)
{
	uint32_t id = node_new(f), nf = count_frames(s, len);

	if (!id)
		return 0;
	f->nodes[id] = (struct fnode){ parent, first, 0, nf, (uint32_t)len, f->seq++, keep ? s : label_copy(f, s, len), 0 };
	f->frames += nf;
	link_child(f, parent, id);
	return id;
}

/*
 * Splits node c after the first e bytes of its label (a frame boundary):
 * a new node takes c's place under its parent with those frames, and c
 * keeps the rest, under it. Returns the new node; 0 if the tree is full.
 */
static uint32_t split(struct flame *f, uint32_t c, size_t e)
{
	uint32_t s = node_new(f), h;

	if (!s)
		return 0;
	struct fnode old = f->nodes[c];
	uint32_t k = count_frames(flame_label(f, c), e);
	f->nodes[s] = (struct fnode){ old.parent, old.first, c, k, (uint32_t)e, old.seq, old.label, 0 };

	const char *r = flame_label(f, c) + e + 1, *re = flame_label(f, c) + old.len;
	const char *semi = scan_frame(r, re, &h);
	uint32_t first = intern_hashed(f, r, (size_t)(semi - r), h);
	struct fnode *n = &f->nodes[c];
	n->parent = s;
	n->first = first;
	n->label += e + 1;
	n->len -= (uint32_t)(e + 1);
	n->nframes -= k;

	if (!f->o.flamechart) {
		struct fnode *p = &f->nodes[old.parent];
		if ((p->child & ~FNODE_MORE) == c)
			p->child = s | (p->child & FNODE_MORE);
		else
			slot_of(f, old.parent, old.first)->node = s;
	}
	return s;
}

/* How many bytes two strings share at their start. */
static size_t common_prefix(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return i + (size_t)__builtin_ctzll(x ^ y) / 8;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

static void add_count(struct flame *f, uint32_t node, uint64_t count, enum flame_column col)
{
	f->stacks++;
	if (col == FLAME_BEFORE) {
		if (!f->count2)
			f->count2 = xcalloc(f->cap, sizeof(*f->count2));
		f->differential = true;
		f->count2[node] += count;
		f->samples2 += count;
	} else {
		f->nodes[node].count += count;
		f->samples += count;
	}
}

/* At most FLAME_MAX_DEPTH frames: the length of the stack cut there. */
static size_t cut_depth(const char *t, size_t len)
{
	const char *p = t, *e = t + len;
	size_t frames = 1;

	while ((p = memchr(p, ';', (size_t)(e - p)))) {
		if (frames == FLAME_MAX_DEPTH)
			return (size_t)(p - t);
		frames++;
		p++;
	}
	return len;
}

/*
 * Adds a stack: t is its frames joined by ';', root first. Down the tree,
 * each node is found by the stack's next frame, then its label compared
 * byte for byte; where they part, the node is split, and the rest of the
 * stack becomes one new node.
 */
static void insert(struct flame *f, const char *t, size_t len, bool keep, uint64_t count, enum flame_column col)
{
	uint32_t node = 0, h;
	size_t pos = 0, d = 0;
	bool on_path = f->o.flamechart;

	if (len >= FLAME_MAX_DEPTH)
		len = cut_depth(t, len);
	for (;;) {
		const char *b = t + pos, *semi = scan_frame(b, t + len, &h);
		size_t lb = len - pos;
		uint32_t x = intern_hashed(f, b, (size_t)(semi - b), h), c;

		/* A flame chart merges only with the stack before: along its path. */
		if (f->o.flamechart)
			c = on_path && d + 1 < f->prev_len ? f->prev[d + 1] : 0;
		else
			c = find_child(f, node, x);
		if (!c || f->nodes[c].first != x) {
			uint32_t l = leaf(f, node, x, b, lb, keep);
			if (l) {
				node = l;
				f->prev[++d] = l;
			}
			break;
		}
		const char *a = flame_label(f, c);
		size_t la = f->nodes[c].len, m = common_prefix(a, b, la < lb ? la : lb), e;
		if (m == la && (lb == la || b[la] == ';')) {
			node = c;
			f->prev[++d] = c;
			if (lb == la)
				break;
			pos += la + 1;
			continue;
		}
		/* The last frame both have whole: the line may end on a boundary of the label. */
		if (m == lb && a[m] == ';') {
			e = m;
		} else {
			const char *q = memrchr(a, ';', m);
			e = q ? (size_t)(q - a) : (size_t)(scan_frame(a, a + la, &h) - a);
		}
		/* Equal first frames leave a boundary inside the label; should that fail, merge. */
		if (e >= la) {
			node = c;
			break;
		}
		uint32_t s = split(f, c, e);
		if (!s)
			break;
		node = s;
		f->prev[++d] = s;
		on_path = false;
		if (e == lb)
			break;
		pos += e + 1;
	}
	f->prev_len = d + 1;
	add_count(f, node, count, col);
}

void flame_walk(struct flame *f, const struct fslice *fr, size_t n, uint64_t count, enum flame_column col)
{
	if (!n) {
		f->skipped++;
		return;
	}
	if (n > FLAME_MAX_DEPTH)
		n = FLAME_MAX_DEPTH;
	f->joined.len = 0;
	for (size_t i = 0; i < n; i++) {
		const struct fslice *x = f->o.reverse ? &fr[n - 1 - i] : &fr[i];
		size_t at = f->joined.len;
		vec_grow(&f->joined, x->len + 1);
		memcpy(f->joined.data + at, x->s, x->len);
		/* ';' joins frames: inside a name it would split it. */
		for (size_t j = at; j < at + x->len; j++)
			if (f->joined.data[j] == ';')
				f->joined.data[j] = ':';
		f->joined.len += x->len;
		if (i + 1 < n)
			f->joined.data[f->joined.len++] = ';';
	}
	if (f->joined.len >= UINT32_MAX) {
		f->skipped++;
		return;
	}
	if (f->part >= 0) {
		/* Each thread sees every record; the one that owns its root frame adds it. */
		uint32_t h;
		scan_frame(f->joined.data, f->joined.data + f->joined.len, &h);
		if ((int)(h >> 31) != f->part)
			return;
	}
	insert(f, f->joined.data, f->joined.len, false, count, col);
}

void flame_add(struct flame *f, const char *const *names, const size_t *lens, size_t n, uint64_t count,
	       enum flame_column col)
{
	f->fr.len = 0;
	for (size_t i = 0; i < n && i < FLAME_MAX_DEPTH; i++)
		vec_push(&f->fr, ((struct fslice){ names[i], lens[i] }));
	flame_walk(f, f->fr.data, f->fr.len, count, col);
}

/* ---- folded stacks ----------------------------------------------------- */

/*
 * Parses a count that ends at e (exclusive), going backwards: digits with an
 * optional fraction ("12", "12.", "12.5", rounded). Returns where the number
 * starts, or NULL if there is none or it overflows.
 */
const char *flame_count_back(const char *s, const char *e, uint64_t *out)
{
	const char *p = e, *frac = NULL;
	uint64_t v = 0, mul = 1;
	bool round_up = false;

	while (p > s && is_digit(p[-1]))
		p--;
	if (p > s && p[-1] == '.') {
		frac = p;
		p--;
		if (p == s || !is_digit(p[-1]))
			return NULL;
		while (p > s && is_digit(p[-1]))
			p--;
	}
	if (p == e)
		return NULL;
	const char *ie = frac ? frac - 1 : e;
	if (ie - p > 19)
		return NULL;
	for (const char *q = ie; q > p; q--) {
		v += (uint64_t)(q[-1] - '0') * mul;
		mul *= 10;
	}
	if (ie - p == 19 && (ie[-19] > '1' || v < 1000000000000000000ull))
		return NULL; /* overflowed */
	if (frac && frac < e && *frac >= '5')
		round_up = true;
	*out = v + round_up;
	return p;
}

/*
 * One folded line, without its newline. Returns false if it is not one
 * ("stack COUNT" or "stack BEFORE AFTER").
 */
static bool folded_line(struct flame *f, const char *s, size_t len, enum flame_column col)
{
	const char *e = s + len, *p;
	uint64_t c1, c2 = 0;
	bool two = false;

	p = flame_count_back(s, e, &c1);
	if (!p || p == s || !is_blank(p[-1]))
		return false;
	e = p;
	while (e > s && is_blank(e[-1]))
		e--;
	/* A second number before the first: a differential line "stack BEFORE AFTER". */
	p = flame_count_back(s, e, &c2);
	if (p && p > s && is_blank(p[-1])) {
		const char *e2 = p;
		while (e2 > s && is_blank(e2[-1]))
			e2--;
		if (e2 > s) {
			two = true;
			e = e2;
		}
	}
	if (e == s || (size_t)(e - s) >= UINT32_MAX)
		return false;
	len = (size_t)(e - s);
	if (f->part >= 0) {
		/* The frame that will be the root decides whose stack this is. */
		const char *r = s;
		uint32_t h;
		if (f->o.reverse) {
			r = memrchr(s, ';', len);
			r = r ? r + 1 : s;
		}
		scan_frame(r, e, &h);
		if ((int)(h >> 31) != f->part)
			return true;
	}

	if (f->o.reverse) {
		/* Split into names; the walker joins them the other way round. */
		f->fr.len = 0;
		for (const char *q = s; q <= e;) {
			const char *semi = memchr(q, ';', (size_t)(e - q));
			if (!semi)
				semi = e;
			vec_push(&f->fr, ((struct fslice){ q, (size_t)(semi - q) }));
			q = semi + 1;
		}
		if (two)
			flame_walk(f, f->fr.data, f->fr.len, c2, FLAME_BEFORE);
		flame_walk(f, f->fr.data, f->fr.len, c1, two ? FLAME_AFTER : col);
	} else {
		if (two)
			insert(f, s, len, f->keep, c2, FLAME_BEFORE);
		insert(f, s, len, f->keep, c1, two ? FLAME_AFTER : col);
	}
	if (two)
		f->stacks--; /* one stack, two counts */
	return true;
}

static void parse_lines(struct flame *f, const char *buf, size_t len, enum flame_column col)
{
	const char *p = buf, *end = buf + len;
	struct flame_rec r;

	flame_rec_reset(f, &r);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *next = nl ? nl + 1 : end;

		if (le > p && le[-1] == '\r')
			le--;
		if (r.mode != FREC_NONE && flame_rec_continue(f, &r, p, le, col)) {
			p = next;
			continue;
		}
		if (p == le || (le - p == 1 && is_blank(*p))) {
			p = next;
			continue;
		}
		/* Folded lines end in a digit; try them first, they are the bulk. */
		if (is_digit(le[-1]) && *p != '@' && !(next < end && is_blank(*next)) &&
		    folded_line(f, p, (size_t)(le - p), col)) {
			p = next;
			continue;
		}
		if (flame_rec_start(f, &r, p, le, next, end, col)) {
			p = next;
			continue;
		}
		/* "@name: 5" is a bpftrace scalar, not a stack. */
		if (is_digit(le[-1]) && *p != '@' && folded_line(f, p, (size_t)(le - p), col)) {
			p = next;
			continue;
		}
		f->skipped++;
		p = next;
	}
	flame_rec_finish(f, &r, col);
}

/* ---- two threads ---------------------------------------------------------- */

size_t flame_parallel_min = 8u << 20;

struct part_job {
	struct flame *f;
	const char *buf;
	size_t len;
	enum flame_column col;
};

static void *part_main(void *arg)
{
	struct part_job *j = arg;

	parse_lines(j->f, j->buf, j->len, j->col);
	return NULL;
}

/*
 * Moves tree g (the other thread's) into f. Their roots' children differ
 * (they were split by root frame), so g's nodes are appended as they are:
 * ids shifted, names re-interned, children re-linked.
 */
static void merge(struct flame *f, struct flame *g)
{
	uint32_t *names = xmalloc(g->nnames * sizeof(*names));
	size_t off = f->n - 1, i;

	for (i = 0; i < g->nnames; i++)
		names[i] = flame_intern(f, g->text + g->names[i].off, g->names[i].len);
	while (f->cap < f->n + g->n) {
		if (f->cap >= FNODE_MORE / 2)
			goto out; /* too big to hold both: keep what fits */
		f->nodes = big_realloc(f->nodes, f->cap * sizeof(*f->nodes), 2 * f->cap * sizeof(*f->nodes));
		f->cap *= 2;
		if (f->count2) {
			f->count2 = xrealloc(f->count2, f->cap * sizeof(*f->count2));
			memset(f->count2 + f->n, 0, (f->cap - f->n) * sizeof(*f->count2));
		}
	}
	if (g->count2 && !f->count2)
		f->count2 = xcalloc(f->cap, sizeof(*f->count2));
	for (i = 1; i < g->n; i++) {
		struct fnode n = g->nodes[i];
		uint32_t c = n.child & ~FNODE_MORE;
		n.parent = n.parent ? (uint32_t)(n.parent + off) : 0;
		n.first = names[n.first];
		n.child = (c ? (uint32_t)(c + off) : 0) | (n.child & FNODE_MORE);
		f->nodes[f->n] = n;
		if (g->count2)
			f->count2[f->n] = g->count2[i];
		f->n++;
	}
	f->nodes[0].count += g->nodes[0].count;
	if (g->count2)
		f->count2[0] += g->count2[0];
	/* Children: g's root's become f's root's; the rest keep their places, renamed. */
	if (g->nodes[0].child & ~FNODE_MORE)
		link_child(f, 0, (uint32_t)((g->nodes[0].child & ~FNODE_MORE) + off));
	for (i = 0; i <= g->slot_mask; i++) {
		const struct fslot *sl = &g->slots[i];
		if (!sl->node)
			continue;
		if (!sl->parent) {
			link_child(f, 0, (uint32_t)(sl->node + off));
			continue;
		}
		*slot_of(f, (uint32_t)(sl->parent + off), names[sl->name]) =
			(struct fslot){ (uint32_t)(sl->parent + off), names[sl->name], (uint32_t)(sl->node + off) };
		if (++f->slot_used * 4 > (f->slot_mask + 1) * 3)
			slots_resize(f, (f->slot_mask + 1) * 2);
	}
	f->stacks += g->stacks;
	f->samples += g->samples;
	f->samples2 += g->samples2;
	f->frames += g->frames;
	f->differential |= g->differential;
	/* g's copies of labels now belong to f. */
	while (g->chunks) {
		struct flame_chunk *c = g->chunks;
		g->chunks = c->next;
		c->next = f->chunks;
		f->chunks = c;
	}
out:
	free(names);
}

/*
 * Room for the nodes and child entries a parse of about `lines` stacks will
 * make (at most two nodes and one entry each), so that neither table grows
 * by copying: pages never touched cost nothing.
 */
static void reserve(struct flame *f, size_t lines)
{
	size_t want = f->n + 2 * lines + 16, cap = f->cap, slots = f->slot_mask + 1;

	while (cap < want && cap < FNODE_MORE / 2)
		cap *= 2;
	if (cap > f->cap) {
		f->nodes = big_realloc(f->nodes, f->cap * sizeof(*f->nodes), cap * sizeof(*f->nodes));
		if (f->count2) {
			f->count2 = xrealloc(f->count2, cap * sizeof(*f->count2));
			memset(f->count2 + f->cap, 0, (cap - f->cap) * sizeof(*f->count2));
		}
		f->cap = cap;
	}
	while ((f->slot_used + lines) * 4 > slots * 3 && slots < (1u << 30))
		slots *= 2;
	if (slots > f->slot_mask + 1)
		slots_resize(f, slots);
}

/* Lines in the buffer, estimated from its first megabyte. */
static size_t estimate_lines(const char *buf, size_t len)
{
	size_t sample = len < (1u << 20) ? len : (1u << 20), n = 0;
	const char *p = buf, *e = buf + sample;

	while ((p = memchr(p, '\n', (size_t)(e - p)))) {
		n++;
		p++;
	}
	return sample ? (size_t)((double)n * (double)len / (double)sample) + 1 : 0;
}

static void parse(struct flame *f, const char *buf, size_t len, enum flame_column col, bool keep)
{
	pthread_t t;
	size_t lines = estimate_lines(buf, len);

	f->keep = keep;
	/* A flame chart's merging follows input order: one thread. */
	if (len < flame_parallel_min || f->o.flamechart) {
		reserve(f, lines);
		parse_lines(f, buf, len, col);
		f->keep = false;
		return;
	}
	struct flame *g = flame_new(&f->o);
	struct part_job job = { g, buf, len, col };
	g->keep = keep;
	g->part = 1;
	f->part = 0;
	/* Half the stacks each, give or take: a little more room than half. */
	reserve(f, lines / 2 + lines / 8);
	reserve(g, lines / 2 + lines / 8);
	if (pthread_create(&t, NULL, part_main, &job)) {
		f->part = -1;
		parse_lines(f, buf, len, col);
	} else {
		parse_lines(f, buf, len, col);
		pthread_join(t, NULL);
		f->part = -1;
		merge(f, g);
	}
	f->keep = false;
	flame_free(g);
}

void flame_parse(struct flame *f, const char *buf, size_t len, enum flame_column col)
{
	parse(f, buf, len, col, false);
}

void flame_parse_keep(struct flame *f, const char *buf, size_t len, enum flame_column col)
{
	parse(f, buf, len, col, true);
}
