/* usdt.c: .note.stapsdt notes and USDT argument locations (x86-64). */
#include "usdt.h"
#include "elfsym.h"
#include "util.h"

#include <asm/ptrace.h>
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define NT_STAPSDT 3

/* Each register's pt_regs slot, under every name a sub-register goes by. */
static const struct {
	const char *names[5];
	uint16_t off;
	uint8_t high_byte;   /* index of the name that is bits 8-15 (ah), 0 if none */
} regs[] = {
	{ { "rax", "eax", "ax", "al", "ah" }, offsetof(struct pt_regs, rax), 4 },
	{ { "rbx", "ebx", "bx", "bl", "bh" }, offsetof(struct pt_regs, rbx), 4 },
	{ { "rcx", "ecx", "cx", "cl", "ch" }, offsetof(struct pt_regs, rcx), 4 },
	{ { "rdx", "edx", "dx", "dl", "dh" }, offsetof(struct pt_regs, rdx), 4 },
	{ { "rsi", "esi", "si", "sil" }, offsetof(struct pt_regs, rsi), 0 },
	{ { "rdi", "edi", "di", "dil" }, offsetof(struct pt_regs, rdi), 0 },
	{ { "rbp", "ebp", "bp", "bpl" }, offsetof(struct pt_regs, rbp), 0 },
	{ { "rsp", "esp", "sp", "spl" }, offsetof(struct pt_regs, rsp), 0 },
	{ { "r8", "r8d", "r8w", "r8b", "r8l" }, offsetof(struct pt_regs, r8), 0 },
	{ { "r9", "r9d", "r9w", "r9b", "r9l" }, offsetof(struct pt_regs, r9), 0 },
	{ { "r10", "r10d", "r10w", "r10b", "r10l" }, offsetof(struct pt_regs, r10), 0 },
	{ { "r11", "r11d", "r11w", "r11b", "r11l" }, offsetof(struct pt_regs, r11), 0 },
	{ { "r12", "r12d", "r12w", "r12b", "r12l" }, offsetof(struct pt_regs, r12), 0 },
	{ { "r13", "r13d", "r13w", "r13b", "r13l" }, offsetof(struct pt_regs, r13), 0 },
	{ { "r14", "r14d", "r14w", "r14b", "r14l" }, offsetof(struct pt_regs, r14), 0 },
	{ { "r15", "r15d", "r15w", "r15b", "r15l" }, offsetof(struct pt_regs, r15), 0 },
	{ { "rip", "eip" }, offsetof(struct pt_regs, rip), 0 },
};

int usdt_reg_offset(const char *name, uint8_t *shift)
{
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
		for (int j = 0; j < 5 && regs[i].names[j]; j++) {
			if (strcmp(name, regs[i].names[j]))
				continue;
			if (shift)
				*shift = regs[i].high_byte && j == regs[i].high_byte ? 8 : 0;
			return regs[i].off;
		}
	}
	return -1;
}

/* "%rdi" at *s: the register's offset, *s moved past it; -1 if not a register. */
static int parse_reg(const char **s, uint8_t *shift)
{
	char name[8];
	size_t n = 0;
	const char *p = *s;

	if (*p != '%')
		return -1;
	p++;
	while (isalnum((unsigned char)*p) && n < sizeof(name) - 1)
		name[n++] = *p++;
	name[n] = '\0';
	int off = usdt_reg_offset(name, shift);
	if (off >= 0)
		*s = p;
	return off;
}

/* A decimal or 0x number with an optional sign at *s; false if there is none. */
static bool parse_num(const char **s, int64_t *v)
{
	const char *p = *s;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return false;
	char *end;
	errno = 0;
	uint64_t u = strtoull(p, &end, 0);
	if (errno)
		return false;
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	*s = end;
	return true;
}

/* The constant as the program sees it: truncated to the argument's size, then extended. */
static int64_t fit(int64_t v, int size, bool is_signed)
{
	if (size >= 8)
		return v;
	int sh = 64 - 8 * size;
	if (is_signed)
		return (int64_t)((uint64_t)v << sh) >> sh;
	return (int64_t)(((uint64_t)v << sh) >> sh);
}

static int parse_arg(const char *spec, struct usdt_arg *out)
{
	const char *s = spec, *at = strchr(spec, '@');

	*out = (struct usdt_arg){ .kind = USDT_ARG_UNSUPPORTED, .size = 8, .is_signed = true, .base = -1,
				  .index = -1, .scale = 1, .spec = spec };
	if (at) {
		int64_t n;
		if (!parse_num(&s, &n) || s != at)
			return -EINVAL;
		int size = n < 0 ? (int)-n : (int)n;
		if (size != 1 && size != 2 && size != 4 && size != 8)
			return -EINVAL;
		out->size = size;
		out->is_signed = n < 0;
		s = at + 1;
	}
	if (*s == '$') {
		s++;
		if (!parse_num(&s, &out->disp) || *s)
			return -EINVAL;
		out->disp = fit(out->disp, out->size, out->is_signed);
		out->kind = USDT_ARG_CONST;
		return 0;
	}
	if (*s == '%') {
		int off = parse_reg(&s, &out->base_shift);
		if (off < 0)
			return 0;   /* %xmm0, %st: not a general register */
		if (*s)
			return -EINVAL;
		out->base = off;
		out->kind = USDT_ARG_REG;
		return 0;
	}
	/* memory: [sym][+-disp](%base[,%index[,scale]]) */
	if (isalpha((unsigned char)*s) || *s == '_' || *s == '.') {
		const char *b = s;
		while (isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '$')
			s++;
		out->sym = xstrndup(b, s - b);
	}
	if (*s && *s != '(' && !parse_num(&s, &out->disp))
		return -EINVAL;
	if (*s != '(') {
		/* an absolute address: not readable without knowing where the binary is loaded */
		return *s ? -EINVAL : 0;
	}
	s++;
	if (*s != ',') {
		int off = parse_reg(&s, &out->base_shift);
		if (off < 0)
			return -EINVAL;
		out->base = off;
	}
	if (*s == ',') {
		s++;
		int off = parse_reg(&s, NULL);
		if (off < 0)
			return -EINVAL;
		out->index = off;
		if (*s == ',') {
			int64_t sc;
			s++;
			if (!parse_num(&s, &sc) || (sc != 1 && sc != 2 && sc != 4 && sc != 8))
				return -EINVAL;
			out->scale = sc;
		}
	}
	if (*s != ')' || s[1])
		return -EINVAL;
	out->base_shift = 0;
	/* a symbol is only readable relative to the instruction pointer (resolved later) */
	if (out->sym && out->base != (int)offsetof(struct pt_regs, rip))
		return 0;
	if (!out->sym && out->base == (int)offsetof(struct pt_regs, rip))
		return 0;   /* rip + disp counts from the next instruction, whose length is unknown */
	out->kind = USDT_ARG_MEM;
	return 0;
}

int usdt_parse_arg(const char *spec, struct usdt_arg *out)
{
	int err = parse_arg(spec, out);
	if (err) {
		free((char *)out->sym);
		out->sym = NULL;
	}
	return err;
}

int usdt_parse_args(char *text, struct usdt_arg *args, int max)
{
	int n = 0;
	char *save = NULL;

	for (char *tok = strtok_r(text, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		int err = n < max ? usdt_parse_arg(tok, &args[n]) : -E2BIG;
		if (err) {
			while (n > 0)
				free((char *)args[--n].sym);
			return err;
		}
		n++;
	}
	return n;
}

struct note_reader {
	struct elf_image *img;
	VEC(struct usdt_probe) probes;
	bool have_base;
	uint64_t base_addr;     /* .stapsdt.base's address now (prelink may have moved it) */
	int err;
};

static void read_note(const void *desc, size_t size, void *arg)
{
	struct note_reader *r = arg;
	const char *d = desc, *end = d + size;
	uint64_t pc, base, sem;

	if (size < 24 + 3)
		return;
	memcpy(&pc, d, 8);
	memcpy(&base, d + 8, 8);
	memcpy(&sem, d + 16, 8);
	const char *prov = d + 24;
	const char *name = memchr(prov, '\0', end - prov) ? prov + strlen(prov) + 1 : NULL;
	const char *args = name && name < end && memchr(name, '\0', end - name) ? name + strlen(name) + 1 : NULL;
	if (!args || args >= end || !memchr(args, '\0', end - args))
		return;
	if (r->have_base && base) {
		/* the note recorded where .stapsdt.base was at link time */
		pc += r->base_addr - base;
		if (sem)
			sem += r->base_addr - base;
	}
	struct usdt_probe p = {
		.provider = xstrdup(prov),
		.name = xstrdup(name),
		.pc = pc,
		.semaphore = sem,
		.argtext = xstrdup(args),
	};
	int n = usdt_parse_args(p.argtext, p.args, USDT_MAX_ARGS);
	if (n < 0) {
		/* a probe with unreadable arguments can still be traced: its args are just unusable */
		n = 0;
	}
	p.nargs = n;
	for (int i = 0; i < n; i++) {
		struct usdt_arg *a = &p.args[i];
		if (!a->sym)
			continue;
		const struct elfsym *s = elfsym_object(r->img, a->sym);
		if (s && a->kind == USDT_ARG_MEM)
			a->disp += (int64_t)(s->addr - pc);  /* rip is the call site's address when the probe fires */
		else
			a->kind = USDT_ARG_UNSUPPORTED;
	}
	vec_push(&r->probes, p);
}

int usdt_read_probes(struct elf_image *img, struct usdt_probe **out)
{
	struct note_reader r = { .img = img };

	r.have_base = elfsym_section(img, ".stapsdt.base", NULL, NULL, &r.base_addr) == 0;
	int n = elfsym_notes(img, ".note.stapsdt", "stapsdt", NT_STAPSDT, read_note, &r);
	if (n < 0) {
		usdt_free(r.probes.data, r.probes.len);
		*out = NULL;
		return n;
	}
	*out = r.probes.data;
	return (int)r.probes.len;
}

void usdt_free(struct usdt_probe *probes, int n)
{
	for (int i = 0; probes && i < n; i++) {
		free(probes[i].provider);
		free(probes[i].name);
		free(probes[i].argtext);
		for (int j = 0; j < probes[i].nargs; j++)
			free((char *)probes[i].args[j].sym);
	}
	free(probes);
}
