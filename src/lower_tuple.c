/*
 * lower_tuple.c: tuples in stack memory, laid out as C structs
 * (type_tuple_layout): built element by element with the padding zeroed,
 * read element by element, and converted to a wider tuple type.
 */
#include "lower.h"

static struct lval lv_reg(int r, struct type *t)
{
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

static struct lval lv_mem(int slot, int32_t off, struct type *t)
{
	return (struct lval){ .kind = LV_MEM, .slot = slot, .off = off, .type = t };
}

/*
 * Whether string element i of tuple tt, at `at` in its slot, can be read as
 * whole words: aligned, and the bytes after it up to a word's end padding
 * (zeroed), not a neighbour's, nor past the end of a tuple inside another.
 */
static bool string_words_clean(const struct node *n, const struct type *tt, int32_t at, int i)
{
	const struct field *fl = &tt->fields[i];
	uint32_t end = ALIGN_UP(fl->offset + fl->type->size, 8);
	if (at % 8)
		return false;
	if (i + 1 < tt->nfields)
		return tt->fields[i + 1].offset >= end;
	return end <= tt->size || n->operand->kind != N_FIELD;
}

/* $t.N: an element of a tuple in memory, laid out as the value's own type says. */
struct lval lower_tuple_elem(struct lower *L, struct node *n)
{
	struct lval t = lower_expr(L, n->operand);
	const struct type *tt = t.kind == LV_MEM && t.type->kind == TY_TUPLE && n->index < t.type->nfields
		? t.type : n->operand->type;
	/* a record's field by its name: the value's layout may be another record's */
	int idx = n->name ? type_tuple_field(tt, n->name) : -1;
	if (idx < 0)
		idx = n->index;
	const struct field *fl = &tt->fields[idx];
	int32_t at = t.off + fl->offset;
	if (fl->type->kind == TY_STR && !string_words_clean(n, tt, at, idx)) {
		/*
		 * strings compare and key by whole zero-padded words: the bytes
		 * after this one in the tuple are its neighbours'
		 */
		int slot = lower_tmp_slot(L, fl->type->size);
		lower_copy(L, slot, 0, ir_slotv(t.slot, 0), at, fl->type->size);
		lower_zero(L, slot, fl->type->size, ALIGN_UP(fl->type->size, 8) - fl->type->size);
		return lv_mem(slot, 0, fl->type);
	}
	if (lower_is_mem(fl->type))
		return lv_mem(t.slot, at, fl->type);
	int r = ir_vreg(L->f);
	bool narrow = fl->type->kind == TY_INT || fl->type->kind == TY_BOOL;
	ir_load(L->f, narrow ? fl->type->size : 8, r, ir_slotv(t.slot, 0), at);
	lower_extend(L, r, fl->type);
	return lv_reg(r, fl->type);
}

/*
 * Writes src (in stack memory or at an address) as type ft at slot+off, no
 * byte outside ft's size: strings cut (NUL-terminated) or zero-padded,
 * tuples converted to ft's layout.
 */
static void store_exact(struct lower *L, struct lval v, int slot, int32_t off, const struct type *ft)
{
	if (v.kind == LV_ADDR) {
		uint32_t n = v.type->size < ft->size ? v.type->size : ft->size;
		lower_bytes_into(L, v, v.user, slot, off, n);
		lower_zero(L, slot, off + n, ft->size - n);
		return;
	}
	if (v.kind != LV_MEM)
		return;
	if (ft->kind == TY_TUPLE && !type_equal(v.type, ft)) {
		lower_zero(L, slot, off, ft->size);
		lower_tuple_convert(L, v, slot, off, ft);
		return;
	}
	uint32_t n = v.type->size < ft->size ? v.type->size : ft->size;
	if (ft->kind == TY_STR && v.type->size > ft->size)
		n = ft->size - 1;
	lower_copy(L, slot, off, ir_slotv(v.slot, 0), v.off, n);
	lower_zero(L, slot, off + n, ft->size - n);
}

/*
 * A tuple value as tuple type dt (the wider type a variable, a map or a key
 * holds): field by field into bytes already zeroed; a record's fields go
 * where dt has their names, which reorders them.
 */
void lower_tuple_convert(struct lower *L, struct lval src, int slot, int32_t off, const struct type *dt)
{
	const struct type *st = src.type;
	for (int i = 0; i < dt->nfields; i++) {
		int j = type_tuple_source(dt, st, i);
		if (j < 0)
			continue;
		const struct field *sf = &st->fields[j], *df = &dt->fields[i];
		struct lval e = lv_mem(src.slot, src.off + sf->offset, sf->type);
		int32_t doff = off + df->offset;
		if (df->type->kind == TY_TUPLE && !type_equal(sf->type, df->type)) {
			lower_tuple_convert(L, e, slot, doff, df->type);
		} else if (type_is_int(df->type)) {
			int r = ir_vreg(L->f);
			ir_load(L->f, sf->type->size, r, ir_slotv(src.slot, 0), e.off);
			lower_extend(L, r, sf->type);
			ir_store(L->f, df->type->size, ir_slotv(slot, 0), doff, ir_reg(r));
		} else {
			uint32_t n = sf->type->size < df->type->size ? sf->type->size : df->type->size;
			if (df->type->kind == TY_STR && sf->type->size > df->type->size)
				n = df->type->size - 1;
			if (!lower_is_mem(df->type))
				n = 8;
			lower_copy(L, slot, doff, ir_slotv(src.slot, 0), e.off, n);
		}
	}
}

/*
 * (a, b, ...) at slot+off: each element at its offset with exactly its
 * bytes, then the padding zeroed (equal tuples are equal keys).
 */
void lower_tuple_at(struct lower *L, struct node *n, int slot, int32_t off)
{
	const struct type *t = n->type;
	int i = 0;
	for (struct node *a = n->args; a; a = a->next, i++) {
		const struct field *fl = &t->fields[i];
		int32_t at = off + fl->offset;
		if (type_is_int(fl->type)) {
			ir_store(L->f, fl->type->size, ir_slotv(slot, 0), at, lower_operand(L, a));
		} else if (!lower_is_mem(fl->type) || at % 8 == 0) {
			/* whole words: what a value writes past its end, the next element overwrites */
			lower_into_type(L, a, slot, at, fl->type);
		} else {
			store_exact(L, lower_expr(L, a), slot, at, fl->type);
		}
	}
	uint32_t end = 0;
	for (i = 0; i < t->nfields; i++) {
		const struct field *fl = &t->fields[i];
		if (fl->offset > end)
			lower_zero(L, slot, off + end, fl->offset - end);
		end = fl->offset + type_field_size(fl->type);
		/* an aligned string or record copy wrote whole words */
		if (lower_is_mem(fl->type) && (off + fl->offset) % 8 == 0)
			end = ALIGN_UP(end, 8) < t->size ? ALIGN_UP(end, 8) : t->size;
	}
	uint32_t tail = off % 8 == 0 ? ALIGN_UP(t->size, 8) : t->size;
	if (tail > end)
		lower_zero(L, slot, off + end, tail - end);
}

/* Evaluates n into slot+off as type dt, converting a tuple of another layout. */
void lower_into_type(struct lower *L, struct node *n, int slot, int32_t off, const struct type *dt)
{
	if (dt->kind != TY_TUPLE || (n->type && type_equal(n->type, dt))) {
		lower_into(L, n, slot, off, lower_store_size(dt));
		return;
	}
	struct lval v = lower_expr(L, n);
	if (v.kind == LV_MEM && v.type->kind == TY_TUPLE && !type_equal(v.type, dt)) {
		lower_zero(L, slot, off, off % 8 == 0 ? ALIGN_UP(dt->size, 8) : dt->size);
		lower_tuple_convert(L, v, slot, off, dt);
		return;
	}
	lower_store_lval(L, v, slot, off, dt->size);
}
