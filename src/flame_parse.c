/*
 * flame_parse.c: reads stacks into the flame graph's trie.
 *
 * The hot path is the folded format ("a;b;c 12", one stack a line): each
 * line is found with memchr, its count parsed backwards from the end, and
 * its frames walked from the root. Frames the line shares, byte for byte,
 * with the previous line reuse the previous line's nodes without a lookup
 * (sorted input shares long prefixes); the rest are found while they are
 * hashed, interned (a small, cache-resident table of distinct names) and
 * looked up in their parent: first child inline, further children in one
 * open-addressing table keyed by (parent, name). Nothing is allocated per
 * line. A flame chart (opts.flamechart) merges a frame only with the same
 * frame of the stack before it, so it never looks children up at all.
 *
 * bpftrace map output and `perf script` output are assembled, frame by
 * frame, into a scratch buffer and then walked like any other stack.
 */
#include "flame_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- big tables ---------------------------------------------------------- */

#define HUGE_SIZE (2u << 20)

/*
 * The trie's tables are large and accessed at random: with 4 KiB pages most
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
	free(f);
}

void flame_stats(const struct flame *f, struct flame_stats *st)
{
	st->stacks = f->stacks;
	st->skipped = f->skipped;
	st->frames = f->n - 1;
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
	if (f->text_len + len > f->text_cap) {
		size_t cap = f->text_cap ? f->text_cap * 2 : 64 * 1024;
		while (cap < f->text_len + len)
			cap *= 2;
		f->text = xrealloc(f->text, cap);
		f->text_cap = cap;
	}
	memcpy(f->text + f->text_len, s, len);
	f->names[f->nnames] = (struct fname){ f->text_len, len };
	f->text_len += len;
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

/* ---- the trie ---------------------------------------------------------- */

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

/* 0 when the trie is full (2 billion frames); the caller stops there. */
static uint32_t new_node(struct flame *f, uint32_t parent, uint32_t name)
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
	f->nodes[f->n] = (struct fnode){ parent, name, 0, 0, 0 };
	return (uint32_t)f->n++;
}

/* The child of parent called name, created if need be; 0 if the trie is full. */
static uint32_t child(struct flame *f, uint32_t parent, uint32_t name)
{
	struct fnode *p = &f->nodes[parent];
	uint32_t first = p->child & ~FNODE_MORE, id;
	size_t i = 0;

	if (first && p->child_name == name)
		return first;
	if (f->o.flamechart)
		return new_node(f, parent, name);
	if (!first) {
		id = new_node(f, parent, name);
		if (id) {
			f->nodes[parent].child = id;
			f->nodes[parent].child_name = name;
		}
		return id;
	}
	i = slot_hash(parent, name) & f->slot_mask;
	if (p->child & FNODE_MORE) {
		for (;;) {
			struct fslot *s = &f->slots[i];
			if (!s->node)
				break;
			if (s->parent == parent && s->name == name)
				return s->node;
			i = (i + 1) & f->slot_mask;
		}
	} else {
		while (f->slots[i].node)
			i = (i + 1) & f->slot_mask;
	}
	id = new_node(f, parent, name);
	if (!id)
		return 0;
	f->nodes[parent].child |= FNODE_MORE;
	f->slots[i] = (struct fslot){ parent, name, id };
	if (++f->slot_used * 4 > (f->slot_mask + 1) * 3)
		slots_resize(f, (f->slot_mask + 1) * 2);
	return id;
}

/*
 * Children have higher ids than parents, so one backwards pass adds each
 * node into its parent. Undoing it goes forwards: a node still holds its
 * total when it is subtracted from its parent.
 */
void flame_totals(struct flame *f, bool on)
{
	struct fnode *nd = f->nodes;
	uint64_t *c2 = f->count2;
	size_t n = f->n, i;

	if (on == f->totaled)
		return;
	f->totaled = on;
	if (on) {
		for (i = n - 1; i > 0; i--) {
			nd[nd[i].parent].count += nd[i].count;
			if (c2)
				c2[nd[i].parent] += c2[i];
		}
		return;
	}
	for (i = 1; i < n; i++) {
		nd[nd[i].parent].count -= nd[i].count;
		if (c2)
			c2[nd[i].parent] -= c2[i];
	}
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

/* Walks a stack given as names, root first (or leaf first when reversed). */
void flame_walk(struct flame *f, const struct fslice *fr, size_t n, uint64_t count, enum flame_column col)
{
	uint32_t node = 0;
	size_t d = 0;
	bool same = true;

	f->prev_line = NULL;
	if (!n) {
		f->skipped++;
		return;
	}
	if (n > FLAME_MAX_DEPTH)
		n = FLAME_MAX_DEPTH;
	for (size_t i = 0; i < n; i++) {
		const struct fslice *x = f->o.reverse ? &fr[n - 1 - i] : &fr[i];
		uint32_t name = flame_intern(f, x->s, x->len);
		uint32_t next;

		if (same && d < f->prev_len && f->nodes[f->prev[d]].name == name) {
			next = f->prev[d];
		} else {
			same = false;
			next = child(f, node, name);
			if (!next)
				break;
		}
		node = next;
		f->prev[d++] = node;
	}
	f->prev_len = d;
	add_count(f, node, count, col);
}

void flame_add(struct flame *f, const char *const *names, const size_t *lens, size_t n, uint64_t count,
	       enum flame_column col)
{
	flame_totals(f, false);
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
 * ("stack COUNT" or "stack COUNT COUNT").
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

	if (f->o.reverse || two) {
		/* Rare paths: split into names and take the general walker. */
		f->fr.len = 0;
		for (const char *q = s; q <= e;) {
			const char *semi = memchr(q, ';', (size_t)(e - q));
			if (!semi)
				semi = e;
			vec_push(&f->fr, ((struct fslice){ q, (size_t)(semi - q) }));
			q = semi + 1;
		}
		if (two) {
			/* "BEFORE AFTER": c2 is the first column. */
			flame_walk(f, f->fr.data, f->fr.len, c2, FLAME_BEFORE);
			flame_walk(f, f->fr.data, f->fr.len, c1, FLAME_AFTER);
			f->stacks--;
		} else {
			flame_walk(f, f->fr.data, f->fr.len, c1, col);
		}
		return true;
	}

	/* Frames shared byte for byte with the previous line keep its nodes. */
	size_t k = 0, pos = 0;
	uint32_t node = 0;
	if (f->prev_line) {
		const char *q = f->prev_line;
		size_t plen = f->prev_ends[f->prev_nends - 1];
		size_t m = len < plen ? len : plen, c = 0;

		while (c + 8 <= m) {
			uint64_t a, b;
			memcpy(&a, s + c, 8);
			memcpy(&b, q + c, 8);
			if (a != b)
				break;
			c += 8;
		}
		while (c < m && s[c] == q[c])
			c++;
		while (k < f->prev_nends && f->prev_ends[k] <= c)
			k++;
		/* Frame k-1 ends within the common bytes; it is shared if it ends here too. */
		if (k) {
			size_t fe = f->prev_ends[k - 1];
			if (fe != len && s[fe] != ';')
				k--;
		}
		if (k) {
			node = f->prev[k - 1];
			pos = f->prev_ends[k - 1] + 1;
		}
	}

	size_t d = k;
	const char *q = s + pos;
	while (q <= e && d < FLAME_MAX_DEPTH) {
		uint32_t h;
		const char *semi = scan_frame(q, e, &h);
		uint32_t name = intern_hashed(f, q, (size_t)(semi - q), h);
		uint32_t next = child(f, node, name);
		if (!next)
			break;
		node = next;
		f->prev[d] = node;
		f->prev_ends[d] = (uint32_t)(semi - s);
		d++;
		q = semi + 1;
	}
	if (d == FLAME_MAX_DEPTH || q <= e) {
		/* Truncated: the next line must not trust these ends. */
		f->prev_line = NULL;
	} else {
		f->prev_line = s;
	}
	f->prev_len = d;
	f->prev_nends = d;
	add_count(f, node, c1, col);
	return true;
}

void flame_parse(struct flame *f, const char *buf, size_t len, enum flame_column col)
{
	const char *p = buf, *end = buf + len;
	struct flame_rec r;

	flame_totals(f, false);
	flame_rec_reset(f, &r);
	f->prev_line = NULL;
	/*
	 * Room for every frame the buffer could hold, reserved up front: pages
	 * never touched cost nothing, and the array never has to move.
	 */
	if (len / 8 > f->cap - f->n && f->cap < FNODE_MORE / 2) {
		size_t want = f->n + len / 8, cap = f->cap;
		while (cap < want && cap < FNODE_MORE / 2)
			cap *= 2;
		f->nodes = big_realloc(f->nodes, f->cap * sizeof(*f->nodes), cap * sizeof(*f->nodes));
		if (f->count2) {
			f->count2 = xrealloc(f->count2, cap * sizeof(*f->count2));
			memset(f->count2 + f->cap, 0, (cap - f->cap) * sizeof(*f->count2));
		}
		f->cap = cap;
	}
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
	f->prev_line = NULL;
}
