/*
 * flame_priv.h: the flame graph's trie, shared by the parser
 * (flame_parse.c) and the SVG writer (flame_svg.c).
 */
#ifndef SONDE_FLAME_PRIV_H
#define SONDE_FLAME_PRIV_H

#include "render.h"

#include <stdint.h>

/*
 * Node 0 is the root ("all"). Children are always created after their
 * parent, so ids are in topological order: a backwards pass adds each
 * node's count into its parent's.
 */
struct fnode {
	uint32_t parent;
	uint32_t name;  /* index into flame.names */
	uint64_t count; /* self count while parsing */
};

struct fname {
	uint32_t off; /* into flame.text */
	uint32_t len;
};

/* Child lookup: (parent, name) -> node. node == 0 marks an empty slot. */
struct fslot {
	uint32_t parent, name, node;
};

/* A frame of a stack being assembled from several lines. */
struct fslice {
	const char *s;
	uint32_t len;
};

#define FLAME_MAX_DEPTH 4096

struct flame {
	struct flame_opts o;

	struct fnode *nodes;
	uint64_t *count2; /* before-counts, allocated when first needed */
	size_t n, cap;

	struct fslot *slots;
	size_t slot_mask, slot_used;

	/* Interned names: bytes in text, an open-addressing index over them. */
	struct fname *names;
	size_t nnames, names_cap;
	char *text;
	size_t text_len, text_cap;
	uint32_t *name_slots; /* name id + 1; 0 is empty */
	uint32_t *name_hash;  /* the hash of each slot's name, to skip compares */
	size_t name_mask;

	/* The previous stack's path, for merging without lookups. */
	uint32_t prev[FLAME_MAX_DEPTH];
	size_t prev_len;
	/* Folded fast path: the previous line's bytes and frame ends. */
	const char *prev_line;
	uint32_t prev_ends[FLAME_MAX_DEPTH];
	size_t prev_nends;

	/* Scratch for stacks assembled from bpftrace or perf records. */
	struct fslice *fr;
	size_t nfr, fr_cap;
	char *scratch;
	size_t scratch_len, scratch_cap;

	uint64_t stacks, skipped, samples, samples2;
	uint64_t drawn;
	bool differential;
	bool totals_done;
};

/* flame_parse.c */
uint32_t flame_intern(struct flame *f, const char *s, size_t len);
static inline const char *flame_name(const struct flame *f, uint32_t id, size_t *len)
{
	*len = f->names[id].len;
	return f->text + f->names[id].off;
}

/* Turns self counts into totals (once; parsing after it is not allowed). */
void flame_totals(struct flame *f);

#endif
