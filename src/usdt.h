/*
 * usdt.h: USDT probes (<sys/sdt.h>, systemtap's format): the .note.stapsdt
 * notes of an ELF file, and the locations of each call site's arguments as
 * the assembler wrote them ("-4@%edi", "8@-16(%rbp)", "-4@$5").
 */
#ifndef SONDE_USDT_H
#define SONDE_USDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_image;

#define USDT_MAX_ARGS 12

enum usdt_arg_kind {
	USDT_ARG_CONST,    /* $imm: disp is the value */
	USDT_ARG_REG,      /* %reg: the register's value */
	USDT_ARG_MEM,      /* disp(%base[,%index,scale]): size bytes of user memory there */
	USDT_ARG_UNSUPPORTED,
};

struct usdt_arg {
	enum usdt_arg_kind kind;
	uint8_t size;         /* 1, 2, 4 or 8 bytes */
	bool is_signed;       /* "-4@": sign-extended to 64 bits */
	int16_t base;         /* offsetof(struct pt_regs, reg) of the register or base, -1 if none */
	uint8_t base_shift;   /* %ah and friends: bits to shift right */
	int16_t index;        /* offsetof(struct pt_regs, reg) of the index register, -1 if none */
	uint8_t scale;        /* 1, 2, 4, 8 */
	int64_t disp;         /* the constant, or the displacement */
	const char *sym;      /* "counter" in "8@counter+8(%rip)": resolved against the ELF's symbols */
	const char *spec;     /* as written, for messages */
};

struct usdt_probe {
	char *provider, *name;
	uint64_t pc;          /* virtual address of the call site */
	uint64_t semaphore;   /* virtual address of the semaphore, 0 if none */
	int nargs;
	struct usdt_arg args[USDT_MAX_ARGS];
	char *argtext;        /* owns the args' spec strings */
};

/*
 * Parses one argument location. An operand sonde cannot read becomes
 * USDT_ARG_UNSUPPORTED (reported only if a script uses it); a malformed one
 * is -EINVAL.
 */
int usdt_parse_arg(const char *spec, struct usdt_arg *out);
/* Parses a whole argument string (space separated); the count, or -EINVAL / -E2BIG. Specs point into text. */
int usdt_parse_args(char *text, struct usdt_arg *args, int max);
/* offsetof(struct pt_regs, ...) of an x86-64 register name without '%' ("rdi", "eax", "r8d", "ah"), or -1. */
int usdt_reg_offset(const char *name, uint8_t *shift);

/*
 * Every USDT call site in the file, in note order, %rip-relative arguments
 * resolved against its symbols. The count, or -errno; *out is malloc'd, free
 * it with usdt_free.
 */
int usdt_read_probes(struct elf_image *img, struct usdt_probe **out);
void usdt_free(struct usdt_probe *probes, int n);

#endif
