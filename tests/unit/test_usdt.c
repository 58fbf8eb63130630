/* test_usdt.c: USDT argument locations, and the notes of a probe in this very binary. */
#include "elfsym.h"
#include "usdt.h"
#include "unit.h"
#include "util.h"

#include <asm/ptrace.h>
#include <errno.h>
#include <stddef.h>
#include <sys/sdt.h>

#define REG(r) ((int)offsetof(struct pt_regs, r))

UNIT_TEST(test_reg_names)
{
	uint8_t shift = 99;
	CHECK_INT(usdt_reg_offset("rdi", &shift), REG(rdi));
	CHECK_INT(shift, 0);
	CHECK_INT(usdt_reg_offset("edi", NULL), REG(rdi));
	CHECK_INT(usdt_reg_offset("dil", NULL), REG(rdi));
	CHECK_INT(usdt_reg_offset("r8d", NULL), REG(r8));
	CHECK_INT(usdt_reg_offset("r15b", NULL), REG(r15));
	CHECK_INT(usdt_reg_offset("r12w", NULL), REG(r12));
	CHECK_INT(usdt_reg_offset("ax", NULL), REG(rax));
	CHECK_INT(usdt_reg_offset("ah", &shift), REG(rax));
	CHECK_INT(shift, 8);
	CHECK_INT(usdt_reg_offset("al", &shift), REG(rax));
	CHECK_INT(shift, 0);
	CHECK_INT(usdt_reg_offset("rip", NULL), REG(rip));
	CHECK_INT(usdt_reg_offset("xmm0", NULL), -1);
	CHECK_INT(usdt_reg_offset("", NULL), -1);
}

UNIT_TEST(test_arg_register)
{
	struct usdt_arg a;
	CHECK_INT(usdt_parse_arg("-4@%edi", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_REG);
	CHECK_INT(a.size, 4);
	CHECK(a.is_signed);
	CHECK_INT(a.base, REG(rdi));

	CHECK_INT(usdt_parse_arg("8@%rax", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_REG);
	CHECK_INT(a.size, 8);
	CHECK(!a.is_signed);

	CHECK_INT(usdt_parse_arg("1@%ah", &a), 0);
	CHECK_INT(a.base, REG(rax));
	CHECK_INT(a.base_shift, 8);

	/* old sdt.h: no size */
	CHECK_INT(usdt_parse_arg("%rsi", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_REG);
	CHECK_INT(a.size, 8);

	/* floating point registers: parsed, but not readable */
	CHECK_INT(usdt_parse_arg("8@%xmm1", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_UNSUPPORTED);
}

UNIT_TEST(test_arg_memory)
{
	struct usdt_arg a;
	CHECK_INT(usdt_parse_arg("8@-16(%rbp)", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_MEM);
	CHECK_INT(a.size, 8);
	CHECK_INT(a.base, REG(rbp));
	CHECK_INT(a.disp, -16);
	CHECK_INT(a.index, -1);

	CHECK_INT(usdt_parse_arg("-2@(%rsp)", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_MEM);
	CHECK_INT(a.disp, 0);
	CHECK_INT(a.base, REG(rsp));
	CHECK(a.is_signed);

	CHECK_INT(usdt_parse_arg("4@0x10(%rbx,%rcx,4)", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_MEM);
	CHECK_INT(a.disp, 16);
	CHECK_INT(a.base, REG(rbx));
	CHECK_INT(a.index, REG(rcx));
	CHECK_INT(a.scale, 4);

	CHECK_INT(usdt_parse_arg("-4@8(,%rdx,8)", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_MEM);
	CHECK_INT(a.base, -1);
	CHECK_INT(a.index, REG(rdx));

	/* a global: relative to %rip, resolved against the symbols later */
	CHECK_INT(usdt_parse_arg("8@counter+8(%rip)", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_MEM);
	CHECK_STR(a.sym, "counter");
	CHECK_INT(a.disp, 8);
	CHECK_INT(a.base, REG(rip));
	free((char *)a.sym);

	/* a bare rip offset counts from the next instruction: unknown */
	CHECK_INT(usdt_parse_arg("8@16(%rip)", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_UNSUPPORTED);
	/* an absolute address */
	CHECK_INT(usdt_parse_arg("4@0x601040", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_UNSUPPORTED);
}

UNIT_TEST(test_arg_constants)
{
	struct usdt_arg a;
	CHECK_INT(usdt_parse_arg("-4@$5", &a), 0);
	CHECK_INT(a.kind, USDT_ARG_CONST);
	CHECK_INT(a.disp, 5);
	CHECK_INT(usdt_parse_arg("-4@$-7", &a), 0);
	CHECK_INT(a.disp, -7);
	CHECK_INT(usdt_parse_arg("-1@$-1", &a), 0);
	CHECK_INT(a.disp, -1);
	/* an unsigned byte of 0xff is 255; a signed one -1 */
	CHECK_INT(usdt_parse_arg("1@$-1", &a), 0);
	CHECK_INT(a.disp, 255);
	CHECK_INT(usdt_parse_arg("4@$4092785136", &a), 0);
	CHECK_INT(a.disp, 4092785136LL);
	CHECK_INT(usdt_parse_arg("-4@$4092785136", &a), 0);
	CHECK_INT(a.disp, -202182160);
	CHECK_INT(usdt_parse_arg("8@$0x7fffffffffffffff", &a), 0);
	CHECK_INT(a.disp, 0x7fffffffffffffffLL);
}

UNIT_TEST(test_arg_malformed)
{
	struct usdt_arg a;
	CHECK_INT(usdt_parse_arg("3@%rax", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("@%rax", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("4@$", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("4@$5x", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("4@%rax)", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("4@8(%rax", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("4@8(%nope)", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("4@8(%rax,%rbx,3)", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("4@sym+(%rip)", &a), -EINVAL);
	CHECK_INT(usdt_parse_arg("99999999999999999999999@%rax", &a), -EINVAL);
}

UNIT_TEST(test_args_list)
{
	struct usdt_arg args[USDT_MAX_ARGS];
	char text[] = "-4@%edi 8@-16(%rbp) -4@$5";
	CHECK_INT(usdt_parse_args(text, args, USDT_MAX_ARGS), 3);
	CHECK_INT(args[0].kind, USDT_ARG_REG);
	CHECK_INT(args[1].kind, USDT_ARG_MEM);
	CHECK_INT(args[2].kind, USDT_ARG_CONST);
	CHECK_STR(args[1].spec, "8@-16(%rbp)");

	char empty[] = "";
	CHECK_INT(usdt_parse_args(empty, args, USDT_MAX_ARGS), 0);
	char many[] = "8@$1 8@$2 8@$3";
	CHECK_INT(usdt_parse_args(many, args, 2), -E2BIG);
	char bad[] = "8@%rax 8@%bogus";
	CHECK_INT(usdt_parse_args(bad, args, USDT_MAX_ARGS), 2); /* %bogus: unsupported, not malformed */
	CHECK_INT(args[1].kind, USDT_ARG_UNSUPPORTED);
	char worse[] = "8@%rax 3@%rbx";
	CHECK_INT(usdt_parse_args(worse, args, USDT_MAX_ARGS), -EINVAL);
}

long unit_usdt_global = 42;

__attribute__((noinline)) static void fire(long a, int b)
{
	DTRACE_PROBE3(sonde_unit, here, a, b, unit_usdt_global);
}

/* The notes of a probe compiled into this test: provider, name, arguments, and a nop at the site. */
UNIT_TEST(test_notes_of_self)
{
	fire(1, 2);
	struct elf_image *img = elfsym_open("/proc/self/exe");
	CHECK(img != NULL);
	if (!img)
		return;
	struct usdt_probe *p;
	int n = usdt_read_probes(img, &p);
	int found = -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(p[i].provider, "sonde_unit") && !strcmp(p[i].name, "here"))
			found = i;
	CHECK(found >= 0);
	if (found >= 0) {
		struct usdt_probe *u = &p[found];
		CHECK_INT(u->nargs, 3);
		CHECK_INT(u->args[0].size, 8);
		CHECK(u->args[0].is_signed);
		CHECK_INT(u->args[1].size, 4);
		CHECK_INT(u->semaphore, 0);
		for (int i = 0; i < u->nargs; i++)
			CHECK(u->args[i].kind != USDT_ARG_UNSUPPORTED);
		uint64_t off;
		CHECK_INT(elfsym_vaddr_to_offset(img, u->pc, &off), 0);
		/* the probe site is a one-byte nop in the file */
		size_t len;
		unsigned char *bytes = (unsigned char *)read_file("/proc/self/exe", &len);
		CHECK(bytes && off < len && bytes[off] == 0x90);
		free(bytes);
	}
	usdt_free(p, n);
	elfsym_close(img);
}

UNIT_MAIN()
