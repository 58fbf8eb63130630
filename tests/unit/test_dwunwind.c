/* test_dwunwind.c: dw_ustack's unwind rows, from CFI written by hand here (dwunwind.c). */
#include "unit.h"
#include "dwunwind.h"

#include <unistd.h>

/*
 * dwu_framed: push rbp; mov rsp, rbp; sub $32, rsp; leave; ret, with its
 * CFI: CFA rsp+8, then rsp+16 with rbp saved at CFA-16, then rbp+16, then
 * rsp+8 again. dwu_outermost: the return address undefined, as _start.
 * dwu_expr: a CFA computed by an expression, the one PLT entries have
 * (rsp + 8, plus 8 past the entry's 11th byte).
 */
void dwu_framed(void);
void dwu_outermost(void);
void dwu_expr(void);
__asm__(".text\n"
	".globl dwu_framed\n.type dwu_framed, @function\ndwu_framed:\n"
	".cfi_startproc\n"
	"\tpushq %rbp\n\t.cfi_def_cfa_offset 16\n\t.cfi_offset %rbp, -16\n"
	"\tmovq %rsp, %rbp\n\t.cfi_def_cfa_register %rbp\n"
	"\tsubq $32, %rsp\n"
	"\tleave\n\t.cfi_def_cfa %rsp, 8\n"
	"\tret\n"
	".cfi_endproc\n.size dwu_framed, .-dwu_framed\n"
	".globl dwu_outermost\n.type dwu_outermost, @function\ndwu_outermost:\n"
	".cfi_startproc\n\t.cfi_undefined %rip\n"
	"\tnop\n\tret\n"
	".cfi_endproc\n.size dwu_outermost, .-dwu_outermost\n"
	".globl dwu_expr\n.type dwu_expr, @function\ndwu_expr:\n"
	".cfi_startproc\n"
	/* DW_CFA_def_cfa_expression: breg7 8; breg16 0; lit15; and; lit11; ge; lit3; shl; plus */
	"\t.cfi_escape 0x0f, 0x0b, 0x77, 0x08, 0x80, 0x00, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22\n"
	"\tnop\n\tret\n"
	".cfi_endproc\n.size dwu_expr, .-dwu_expr\n");

/* The row that holds addr: the last at or below it. */
static const struct dw_row *row_at(const struct dw_row *rows, uint32_t n, uint64_t addr)
{
	const struct dw_row *r = NULL;
	for (uint32_t i = 1; i < n && rows[i].pc <= addr; i++)
		r = &rows[i];
	return r;
}

UNIT_TEST(dwunwind_rows_of_hand_written_cfi)
{
	struct dw_row *rows = NULL;
	uint32_t n = 0;
	CHECK_INT(dwunwind_table(getpid(), &rows, &n), 0);
	if (!rows)
		return;
	CHECK(n > 10);
	CHECK_INT(rows[0].pc, n - 1);
	for (uint32_t i = 2; i < n; i++)
		CHECK(rows[i - 1].pc <= rows[i].pc);

	uint64_t f = (uint64_t)(uintptr_t)dwu_framed;
	const struct dw_row *r = row_at(rows, n, f);
	CHECK(r && r->pc == f && r->kind == DW_ROW_SP && r->cfa_off == 8 && !r->bp_saved);
	r = row_at(rows, n, f + 1);   /* after push %rbp */
	CHECK(r && r->pc == f + 1 && r->kind == DW_ROW_SP && r->cfa_off == 16 && r->bp_saved && r->bp_off == -16);
	r = row_at(rows, n, f + 4);   /* after mov %rsp, %rbp (3 bytes) */
	CHECK(r && r->pc == f + 4 && r->kind == DW_ROW_BP && r->cfa_off == 16 && r->bp_saved && r->bp_off == -16);
	r = row_at(rows, n, f + 8);   /* sub $32, %rsp (4 bytes) changes nothing */
	CHECK(r && r->pc == f + 4);
	r = row_at(rows, n, f + 9);   /* after leave */
	CHECK(r && r->pc == f + 9 && r->kind == DW_ROW_SP && r->cfa_off == 8);

	r = row_at(rows, n, (uint64_t)(uintptr_t)dwu_outermost);
	CHECK(r && r->kind == DW_ROW_END);
	r = row_at(rows, n, (uint64_t)(uintptr_t)dwu_expr);
	CHECK(r && r->kind == DW_ROW_FP);
	free(rows);
}

UNIT_TEST(dwunwind_no_process)
{
	struct dw_row *rows = NULL;
	uint32_t n = 0;
	CHECK(dwunwind_table(0x7ffffff0, &rows, &n) < 0);
	CHECK(!rows);
}

UNIT_MAIN()
