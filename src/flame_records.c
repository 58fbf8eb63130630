/*
 * flame_records.c: stacks that span several lines: bpftrace map output
 *
 *   @[
 *       leaf+12
 *       caller+40
 *   , comm]: 7
 *
 * and `perf script` output (a sample header, then one frame a line, leaf
 * first, "addr symbol+off (module)", then a blank line). Frames are
 * assembled into flame.scratch and then walked like any other stack:
 * offsets dropped, kernel frames marked "_[k]" and JIT frames "_[j]", as
 * stackcollapse-perf and flamegraph.pl's palettes expect.
 */
#include "flame_priv.h"

#include <string.h>

#define KERNEL_ADDR_MIN 0xffff800000000000ull

static size_t scratch_put(struct flame *f, const char *s, size_t len)
{
	size_t off = f->scratch.len;

	vec_grow(&f->scratch, len + 4);
	memcpy(f->scratch.data + off, s, len);
	f->scratch.len += len;
	return off;
}

static void part_add(struct flame *f, enum fpart_kind kind, const char *s, size_t len)
{
	struct fpart p = { scratch_put(f, s, len), len, kind };

	if (f->parts.len < 4 * FLAME_MAX_DEPTH)
		vec_push(&f->parts, p);
}

void flame_rec_reset(struct flame *f, struct flame_rec *r)
{
	r->mode = FREC_NONE;
	r->in_block = false;
	r->bt_single_kernel = false;
	f->parts.len = 0;
	f->scratch.len = 0;
}

static const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && is_blank(*p))
		p++;
	return p;
}

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && is_blank(e[-1]))
		e--;
	return e;
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static uint64_t hex_value(const char *s, const char *e)
{
	uint64_t v = 0;

	for (; s < e; s++)
		v = v * 16 + (uint64_t)(is_digit(*s) ? *s - '0' : (*s | 0x20) - 'a' + 10);
	return v;
}

/* Drops "+123" or "+0x7b" from the end of a symbol: offsets split frames. */
static const char *strip_offset(const char *s, const char *e)
{
	const char *p = e;

	while (p > s && is_hex(p[-1]))
		p--;
	if (p > s + 2 && p[-1] == 'x' && p[-2] == '0' && p[-3] == '+' && p < e)
		return p - 3;
	p = e;
	while (p > s && is_digit(p[-1]))
		p--;
	if (p > s + 1 && p[-1] == '+' && p < e)
		return p - 1;
	return e;
}

/*
 * A perf frame line: blanks, a hex address, a symbol, "(module)". Fills in
 * the address and the symbol and module bounds; false if it is not one.
 */
struct perf_frame {
	uint64_t addr;
	const char *sym, *sym_end, *mod, *mod_end;
};

static bool perf_frame_parse(const char *s, const char *e, struct perf_frame *pf)
{
	const char *p = s, *a;

	if (p == e || !is_blank(*p))
		return false;
	p = skip_blanks(p, e);
	a = p;
	while (p < e && is_hex(*p))
		p++;
	if (p == a || p - a > 16 || (p < e && !is_blank(*p)))
		return false;
	pf->addr = hex_value(a, p);
	p = skip_blanks(p, e);
	e = trim_end(p, e);
	pf->sym = p;
	pf->sym_end = e;
	pf->mod = pf->mod_end = NULL;
	if (e > p && e[-1] == ')') {
		/* The module is the balanced "(...)" at the end. */
		int depth = 0;
		for (const char *q = e - 1; q >= p; q--) {
			if (*q == ')') {
				depth++;
			} else if (*q == '(' && --depth == 0) {
				if (q == p || is_blank(q[-1])) {
					pf->mod = q + 1;
					pf->mod_end = e - 1;
					pf->sym_end = trim_end(p, q);
				}
				break;
			}
		}
	}
	return true;
}

static bool perf_frame_line(const char *s, const char *e)
{
	struct perf_frame pf;

	return perf_frame_parse(s, e, &pf);
}

static bool span_eq(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - s) == n && !memcmp(s, lit, n);
}

static bool span_starts(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - s) >= n && !memcmp(s, lit, n);
}

static void perf_frame_add(struct flame *f, const char *s, const char *e)
{
	struct perf_frame pf;
	const char *sym, *sym_end, *suffix = NULL;
	size_t off;

	if (!perf_frame_parse(s, e, &pf))
		return;
	sym = pf.sym;
	sym_end = strip_offset(pf.sym, pf.sym_end);
	if (pf.addr >= KERNEL_ADDR_MIN || (pf.mod && span_eq(pf.mod, pf.mod_end, "[kernel.kallsyms]")))
		suffix = "_[k]";
	else if (pf.mod && (span_starts(pf.mod, pf.mod_end, "/tmp/perf-") || span_starts(pf.mod, pf.mod_end, "[JIT]")))
		suffix = "_[j]";

	off = f->scratch.len;
	if (sym == sym_end || span_eq(sym, sym_end, "[unknown]")) {
		/* No symbol: the module's base name says more than "[unknown]". */
		if (pf.mod && pf.mod < pf.mod_end && !span_eq(pf.mod, pf.mod_end, "[unknown]")) {
			const char *b = pf.mod_end;
			while (b > pf.mod && b[-1] != '/')
				b--;
			if (*b == '[') {
				scratch_put(f, b, (size_t)(pf.mod_end - b));
			} else {
				scratch_put(f, "[", 1);
				scratch_put(f, b, (size_t)(pf.mod_end - b));
				scratch_put(f, "]", 1);
			}
		} else {
			scratch_put(f, "[unknown]", 9);
		}
	} else {
		scratch_put(f, sym, (size_t)(sym_end - sym));
	}
	if (suffix)
		scratch_put(f, suffix, 4);
	if (f->parts.len < 4 * FLAME_MAX_DEPTH)
		vec_push(&f->parts, ((struct fpart){ off, f->scratch.len - off, FPART_FRAME }));
}

/* The process name of a perf sample header: the text before " PID[/TID] ". */
static void perf_header(struct flame *f, const char *s, const char *e)
{
	const char *p = s, *comm_end = NULL;

	while (p < e) {
		const char *b = p;
		while (p < e && !is_blank(*p))
			p++;
		if (b > s && b < p && is_digit(*b)) {
			const char *q = b;
			while (q < p && (is_digit(*q) || *q == '/'))
				q++;
			if (q == p) {
				comm_end = trim_end(s, b);
				break;
			}
		}
		p = skip_blanks(p, e);
	}
	if (!comm_end) {
		comm_end = s;
		while (comm_end < e && !is_blank(*comm_end))
			comm_end++;
	}
	/* Blanks in the name would read as a separate count column elsewhere. */
	size_t off = scratch_put(f, s, (size_t)(comm_end - s));
	for (size_t i = off; i < f->scratch.len; i++)
		if (is_blank(f->scratch.data[i]))
			f->scratch.data[i] = '_';
	vec_push(&f->parts, ((struct fpart){ off, f->scratch.len - off, FPART_SCALAR }));
}

static void fr_push(struct flame *f, const struct fpart *p)
{
	vec_push(&f->fr, ((struct fslice){ f->scratch.data + p->off, p->len }));
}

/* A perf sample: the process name, then its frames, leaf first. */
static void perf_commit(struct flame *f, struct flame_rec *r, enum flame_column col)
{
	f->fr.len = 0;
	if (f->parts.len)
		fr_push(f, &f->parts.data[0]);
	for (size_t i = f->parts.len; i > 1; i--)
		fr_push(f, &f->parts.data[i - 1]);
	flame_walk(f, f->fr.data, f->fr.len, 1, col);
	flame_rec_reset(f, r);
}

/*
 * A bpftrace key: scalar parts (comm, pid, ...) become the root frames, in
 * order; then the stacks, each printed leaf first. With two stacks the first
 * is taken as the kernel's (the `@[kstack, ustack, comm]` idiom): it goes
 * last, at the leaves, and its frames are marked "_[k]". A lone stack is
 * marked when it holds a kernel address.
 */
static void bt_commit(struct flame *f, struct flame_rec *r, uint64_t count, enum flame_column col)
{
	size_t nblocks = 0, first_block = 0, i, j;

	for (i = 0; i < f->parts.len; i++)
		if (f->parts.data[i].kind == FPART_BLOCK && nblocks++ == 0)
			first_block = i;
	/* Blocks from last to first, frames in each from last (root) to first. */
	for (i = f->parts.len; i > 0; i--) {
		if (f->parts.data[i - 1].kind != FPART_BLOCK)
			continue;
		bool kernel = (nblocks >= 2 && i - 1 == first_block) || (nblocks == 1 && r->bt_single_kernel);
		size_t end = i;
		while (end < f->parts.len && f->parts.data[end].kind == FPART_FRAME)
			end++;
		for (j = end; j > i; j--) {
			struct fpart p = f->parts.data[j - 1];
			if (kernel) {
				/* Copy with the suffix: scratch may move, so re-read. */
				size_t off = f->scratch.len;
				vec_grow(&f->scratch, p.len + 4);
				memcpy(f->scratch.data + off, f->scratch.data + p.off, p.len);
				memcpy(f->scratch.data + off + p.len, "_[k]", 4);
				f->scratch.len += p.len + 4;
				p.off = off;
				p.len += 4;
			}
			f->parts.data[j - 1] = p;
		}
	}
	/* Pointers only now: scratch no longer moves. */
	f->fr.len = 0;
	for (i = 0; i < f->parts.len; i++)
		if (f->parts.data[i].kind == FPART_SCALAR)
			fr_push(f, &f->parts.data[i]);
	for (i = f->parts.len; i > 0; i--) {
		if (f->parts.data[i - 1].kind != FPART_BLOCK)
			continue;
		size_t end = i;
		while (end < f->parts.len && f->parts.data[end].kind == FPART_FRAME)
			end++;
		for (j = end; j > i; j--)
			fr_push(f, &f->parts.data[j - 1]);
	}
	flame_walk(f, f->fr.data, f->fr.len, count, col);
	flame_rec_reset(f, r);
}

/* Scalar key text: parts separated by ", ". */
static void bt_scalars(struct flame *f, const char *s, const char *e)
{
	while (s < e) {
		const char *p = s;
		while (p < e && !(p[0] == ',' && (p + 1 == e || p[1] == ' ')))
			p++;
		const char *b = skip_blanks(s, p), *t = trim_end(b, p);
		if (t > b)
			part_add(f, FPART_SCALAR, b, (size_t)(t - b));
		s = p < e ? p + 1 : e;
	}
}

/*
 * Key text that is not a frame line: scalars, and possibly the end of the
 * entry, "]: N". Returns true when the entry is complete (*count set).
 */
static bool bt_text(struct flame *f, const char *s, const char *e, uint64_t *count, bool *bad)
{
	const char *p;

	*bad = false;
	p = flame_count_back(s, e, count);
	if (p && p - s >= 3 && p[-1] == ' ' && p[-2] == ':' && p[-3] == ']') {
		bt_scalars(f, s, p - 3);
		return true;
	}
	if (memchr(s, ']', (size_t)(e - s))) {
		/* "]:" without an integer count: a histogram or something else. */
		*bad = true;
		return false;
	}
	bt_scalars(f, s, e);
	return false;
}

static bool is_kernel_text_addr(const char *s, const char *e)
{
	return e - s == 18 && s[0] == '0' && s[1] == 'x' && hex_value(s + 2, e) >= KERNEL_ADDR_MIN;
}

static void bt_frame(struct flame *f, struct flame_rec *r, const char *s, const char *e)
{
	const char *b = skip_blanks(s, e), *t = trim_end(b, e), *p = b;

	/* kstack(perf) and ustack(perf) put the address first: "7f01ab main+20 (/bin/x)". */
	while (p < t && is_hex(*p))
		p++;
	if (p > b && p < t && is_blank(*p) && skip_blanks(p, t) < t) {
		if (p - b <= 16 && hex_value(b, p) >= KERNEL_ADDR_MIN)
			r->bt_single_kernel = true;
		b = skip_blanks(p, t);
	}
	/* Newer output and perf mode append " (/path/to/module)" to user frames. */
	if (t > b && t[-1] == ')') {
		const char *m = t - 1;
		while (m > b && *m != '(')
			m--;
		if (*m == '(' && m > b && m[-1] == ' ' && (m[1] == '/' || m[1] == '['))
			t = trim_end(b, m);
	}
	t = strip_offset(b, t);
	if (is_kernel_text_addr(b, t))
		r->bt_single_kernel = true;
	if (!r->in_block)
		part_add(f, FPART_BLOCK, "", 0);
	r->in_block = true;
	part_add(f, FPART_FRAME, b, (size_t)(t - b));
}

/* "@name[" at the start of a line: returns what follows '[', or NULL. */
static const char *bt_start(const char *s, const char *e)
{
	const char *p = s + 1;

	while (p < e && (is_digit(*p) || *p == '_' || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
		p++;
	return p < e && *p == '[' ? p + 1 : NULL;
}

bool flame_rec_continue(struct flame *f, struct flame_rec *r, const char *p, const char *le, enum flame_column col)
{
	uint64_t count;
	bool bad;

	if (r->mode == FREC_PERF) {
		if (perf_frame_line(p, le)) {
			perf_frame_add(f, p, le);
			return true;
		}
		perf_commit(f, r, col);
		return false; /* this line starts something else */
	}
	if (p < le && is_blank(*p)) {
		bt_frame(f, r, p, le);
		return true;
	}
	if (p < le && (*p == ',' || *p == ']')) {
		r->in_block = false;
		if (bt_text(f, p, le, &count, &bad)) {
			bt_commit(f, r, count, col);
		} else if (bad) {
			f->skipped++;
			flame_rec_reset(f, r);
		}
		return true;
	}
	/* Not part of a key: drop the record and read the line afresh. */
	f->skipped++;
	flame_rec_reset(f, r);
	return false;
}

bool flame_rec_start(struct flame *f, struct flame_rec *r, const char *p, const char *le, const char *next,
		     const char *end, enum flame_column col)
{
	uint64_t count;
	bool bad;

	if (*p == '@') {
		const char *k = bt_start(p, le);
		if (k) {
			r->mode = FREC_BPFTRACE;
			if (bt_text(f, k, le, &count, &bad)) {
				bt_commit(f, r, count, col);
			} else if (bad) {
				f->skipped++;
				flame_rec_reset(f, r);
			}
			return true;
		}
	}
	/* A perf sample header is whatever line is followed by a frame line. */
	if (!is_blank(*p) && next < end) {
		const char *nnl = memchr(next, '\n', (size_t)(end - next));
		const char *nle = nnl ? nnl : end;
		if (nle > next && nle[-1] == '\r')
			nle--;
		if (perf_frame_line(next, nle)) {
			r->mode = FREC_PERF;
			perf_header(f, p, le);
			return true;
		}
	}
	return false;
}

void flame_rec_finish(struct flame *f, struct flame_rec *r, enum flame_column col)
{
	if (r->mode == FREC_PERF)
		perf_commit(f, r, col);
	else if (r->mode == FREC_BPFTRACE)
		f->skipped++; /* an entry cut off by the end of the input */
	flame_rec_reset(f, r);
}
