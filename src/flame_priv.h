/*
 * flame_priv.h: the flame graph's tree, shared by the parsers
 * (flame_parse.c, flame_records.c) and the SVG writer (flame_svg.c).
 */
#ifndef SONDE_FLAME_PRIV_H
#define SONDE_FLAME_PRIV_H

#include "render.h"
#include "util.h"

#include <stdint.h>

/*
 * The tree is a radix tree: a node is a run of frames with no branch in
 * it (its label: the frames joined by ';', as folded stacks spell them),
 * and nodes exist only where stacks part or end. Most frames of most
 * stacks are in no other stack, so a new stack is mostly one new node
 * holding a copy of its tail, and walking an existing path compares bytes
 * instead of looking up every frame. Node 0 is the root ("all"), with an
 * empty label.
 *
 * Children are found by their label's first frame (an interned name): the
 * first child inline, the others in the (parent, name) table.
 */
#define FNODE_MORE 0x80000000u /* in child: the table holds more children */
struct fnode {
	uint32_t parent;
	uint32_t first;   /* the label's first frame, interned */
	uint32_t child;   /* first child (0: none), | FNODE_MORE */
	uint32_t nframes; /* frames in the label */
	uint32_t len;     /* label bytes */
	uint32_t seq;     /* when the path first appeared: a flame chart's order */
	const char *label; /* in the input (kept by flame_parse_keep) or a label chunk */
	uint64_t count;   /* stacks that end at the label's last frame */
};

/* Label copies: chunks that never move, so labels can be pointers. */
struct flame_chunk {
	struct flame_chunk *next;
	size_t used, size;
	char data[];
};

struct fname {
	size_t off; /* into flame.text */
	size_t len;
};

/* Child lookup: (parent, first frame) -> node. node == 0 marks an empty slot. */
struct fslot {
	uint32_t parent, name, node;
};

/* A frame name, for the general walker. */
struct fslice {
	const char *s;
	size_t len;
};

/*
 * A piece of a bpftrace or perf record, staged in flame.scratch (which
 * moves as it grows, hence offsets).
 */
enum fpart_kind {
	FPART_SCALAR, /* a bpftrace key part that is not a stack: comm, pid, ... */
	FPART_FRAME,  /* a stack frame, leaf first as printed */
	FPART_BLOCK,  /* the start of a new stack block (bpftrace), no text */
};
struct fpart {
	size_t off;
	size_t len;
	enum fpart_kind kind;
};

#define FLAME_MAX_DEPTH 4096

struct flame {
	struct flame_opts o;

	struct fnode *nodes;
	uint64_t *count2; /* before-counts, allocated when first needed */
	size_t n, cap;

	struct fslot *slots;
	size_t slot_mask, slot_used;

	/* Interned names: bytes in text (small: it stays in cache), an open-addressing index. */
	struct fname *names;
	size_t nnames, names_cap;
	char *text;
	size_t text_len, text_cap;
	uint32_t *name_slots; /* name id + 1; 0 is empty */
	uint32_t *name_hash;  /* the hash of each slot's name, to skip compares */
	size_t name_mask;

	/* A flame chart merges only along the previous stack's path (nodes). */
	uint32_t prev[FLAME_MAX_DEPTH + 1];
	size_t prev_len;
	uint32_t seq;
	uint64_t frames; /* distinct frame paths: the labels' frames */
	struct flame_chunk *chunks;
	bool keep; /* the buffer being parsed outlives the tree: point into it */
	/*
	 * Parsing on two threads, each into a tree of its own: every stack goes
	 * by a bit of its root frame's hash, so the trees share no root child.
	 * -1: one thread, everything.
	 */
	int part;

	/* Scratch for stacks assembled from bpftrace or perf records. */
	VEC(struct fpart) parts;
	VEC(struct fslice) fr;
	VEC(char) scratch;
	VEC(char) joined; /* a stack's frames joined by ';', for the tree */

	uint64_t stacks, skipped, samples, samples2;
	uint64_t drawn;
	bool differential;
};

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* flame_parse.c */
/* Zeroed memory for big tables accessed at random: 2 MiB aligned, huge pages (small ones on the heap). */
void *flame_big_alloc(size_t size);
void flame_big_free(void *p, size_t size);
uint32_t flame_intern(struct flame *f, const char *s, size_t len);
/*
 * Adds a stack given as names, root first (leaf first with opts.reverse).
 * A ';' in a name becomes ':', as the tree joins frames with ';'.
 */
void flame_walk(struct flame *f, const struct fslice *fr, size_t n, uint64_t count, enum flame_column col);
/* Inputs at least this big are parsed on two threads (tests lower it). */
extern size_t flame_parallel_min;
/*
 * Parses a count that ends at e, backwards: digits, with an optional
 * fraction that is rounded. Returns where it starts; NULL if there is none
 * or it overflows.
 */
const char *flame_count_back(const char *s, const char *e, uint64_t *out);

/* flame_records.c: a record that spans lines, being assembled. */
enum flame_rec_mode { FREC_NONE, FREC_BPFTRACE, FREC_PERF };
struct flame_rec {
	enum flame_rec_mode mode;
	bool in_block;         /* the next bpftrace frame continues a stack */
	bool bt_single_kernel; /* a frame in the bpftrace record looked like a kernel address */
};
void flame_rec_reset(struct flame *f, struct flame_rec *r);
/* The next line of the record in progress: false if it is not part of it. */
bool flame_rec_continue(struct flame *f, struct flame_rec *r, const char *p, const char *le,
			enum flame_column col);
/* A line that starts a record (bpftrace "@name[", perf sample header)? */
bool flame_rec_start(struct flame *f, struct flame_rec *r, const char *p, const char *le, const char *next,
		     const char *end, enum flame_column col);
/* The input ended: commit or drop the record in progress. */
void flame_rec_finish(struct flame *f, struct flame_rec *r, enum flame_column col);
static inline const char *flame_name(const struct flame *f, uint32_t id, size_t *len)
{
	*len = f->names[id].len;
	return f->text + f->names[id].off;
}

static inline const char *flame_label(const struct flame *f, uint32_t node)
{
	return f->nodes[node].label;
}

#endif
