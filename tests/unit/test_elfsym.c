/* test_elfsym.c: symbols and file offsets of this very binary (a PIE), and the linker cache format. */
#include "elfsym.h"
#include "types.h"
#include "unit.h"
#include "uprobe.h"
#include "util.h"

#include <asm/ptrace.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

__attribute__((noinline, used)) int elfsym_unit_target(int x)
{
	__asm__ volatile("" ::: "memory");
	return x * 3 + 1;
}

__attribute__((noinline, used)) static int elfsym_unit_local(int x)
{
	__asm__ volatile("" ::: "memory");
	return x - 1;
}

/* The file bytes at the offset elfsym computes are the function's code as loaded. */
static void check_code_at(struct elf_image *img, const struct elfsym *s, const void *fn)
{
	uint64_t off;
	size_t len;

	CHECK_INT(elfsym_vaddr_to_offset(img, s->addr, &off), 0);
	unsigned char *file = (unsigned char *)read_file("/proc/self/exe", &len);
	CHECK(file != NULL);
	if (!file)
		return;
	CHECK(off + 16 <= len);
	if (off + 16 <= len)
		CHECK(memcmp(file + off, fn, 16) == 0);
	free(file);
}

UNIT_TEST(test_own_functions)
{
	struct elf_image *img = elfsym_open("/proc/self/exe");
	CHECK(img != NULL);
	if (!img)
		return;
	CHECK(elfsym_is_dyn(img));
	CHECK(elfsym_has_symbols(img));

	const struct elfsym *s = elfsym_func(img, "elfsym_unit_target");
	CHECK(s != NULL);
	if (s) {
		CHECK(s->is_func);
		CHECK(s->size > 0);
		check_code_at(img, s, (const void *)elfsym_unit_target);
		const struct elfsym *at = elfsym_func_at(img, s->addr + 1);
		CHECK(at && at->addr == s->addr && !strcmp(at->name, s->name));
		CHECK(elfsym_func_at(img, 0) == NULL);
		CHECK(elfsym_vaddr_is_code(img, s->addr));
	}
	/* local functions come from .symtab */
	s = elfsym_func(img, "elfsym_unit_local");
	CHECK(s != NULL);
	if (s)
		check_code_at(img, s, (const void *)elfsym_unit_local);
	CHECK(elfsym_unit_local(elfsym_unit_target(1)) == 3);

	CHECK(elfsym_func(img, "no_such_function_here") == NULL);
	CHECK_STR(elfsym_nearest(img, "elfsym_unit_targt"), "elfsym_unit_target");
	CHECK(elfsym_nearest(img, "qqqqqqqqqqqqqqqqqqqqqqq") == NULL);

	size_t n;
	const struct elfsym *all = elfsym_funcs(img, &n);
	CHECK(n > 10);
	for (size_t i = 1; i < n; i++)
		CHECK(strcmp(all[i - 1].name, all[i].name) < 0);

	uint64_t off;
	CHECK_INT(elfsym_vaddr_to_offset(img, 0xffffffffffff0000ULL, &off), -ENOENT);
	elfsym_close(img);
}

UNIT_TEST(test_open_errors)
{
	errno = 0;
	CHECK(elfsym_open("/nonexistent/binary") == NULL);
	CHECK_INT(errno, ENOENT);
	CHECK(elfsym_open("/etc/hostname") == NULL || errno == ENOEXEC);
	CHECK(elfsym_open("/proc/self/status") == NULL);
	CHECK(elfsym_open("/") == NULL);
	CHECK_INT(errno, EISDIR);
}

/* A linker cache in glibc's format, built by hand: two libraries and one of another architecture. */
static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static size_t build_cache(unsigned char *buf, size_t base, bool with_old)
{
	static const struct { uint32_t flags; const char *key, *value; } libs[] = {
		{ 0x0303, "libcap.so.2", "/lib/x86_64-linux-gnu/libcap.so.2" },
		{ 0x0003, "libc.so.6", "/lib/i386-linux-gnu/libc.so.6" },   /* 32-bit: skipped */
		{ 0x0303, "libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6" },
		{ 0x0303, "libssl.so.3", "/lib/x86_64-linux-gnu/libssl.so.3" },
	};
	size_t n = ARRAY_SIZE(libs);
	unsigned char *h = buf + base;
	size_t strings = 48 + n * 24;

	memset(buf, 0, 1024);
	if (with_old) {
		memcpy(buf, "ld.so-1.7.0", 11);
		put32(buf + 12, 0);    /* no old entries: the new table starts at 16 */
	}
	memcpy(h, "glibc-ld.so.cache1.1", 20);
	put32(h + 20, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		unsigned char *e = h + 48 + i * 24;
		put32(e, libs[i].flags);
		put32(e + 4, (uint32_t)strings);
		strcpy((char *)h + strings, libs[i].key);
		strings += strlen(libs[i].key) + 1;
		put32(e + 8, (uint32_t)strings);
		strcpy((char *)h + strings, libs[i].value);
		strings += strlen(libs[i].value) + 1;
	}
	return base + strings;
}

UNIT_TEST(test_linker_cache)
{
	unsigned char buf[1024];
	for (int old = 0; old <= 1; old++) {
		size_t len = build_cache(buf, old ? 16 : 0, old);
		char *p = elfsym_find_in_cache(buf, len, "libc");
		CHECK_STR(p, "/lib/x86_64-linux-gnu/libc.so.6");
		free(p);
		p = elfsym_find_in_cache(buf, len, "c");
		CHECK_STR(p, "/lib/x86_64-linux-gnu/libc.so.6");
		free(p);
		p = elfsym_find_in_cache(buf, len, "libc.so.6");
		CHECK_STR(p, "/lib/x86_64-linux-gnu/libc.so.6");
		free(p);
		p = elfsym_find_in_cache(buf, len, "libssl");
		CHECK_STR(p, "/lib/x86_64-linux-gnu/libssl.so.3");
		free(p);
		p = elfsym_find_in_cache(buf, len, "libca");
		CHECK(p == NULL);
		p = elfsym_find_in_cache(buf, len, "");
		CHECK(p == NULL);
		/* truncated images never read past their end */
		for (size_t cut = 0; cut < len; cut += 7) {
			p = elfsym_find_in_cache(buf, cut, "libssl");
			CHECK(p == NULL || cut >= len - 40);
			free(p);
		}
	}
	CHECK(elfsym_find_in_cache("garbage", 7, "libc") == NULL);
}

/* This machine's own cache has libc (Debian always does). */
UNIT_TEST(test_find_library)
{
	char *p = elfsym_find_library("libc");
	CHECK(p != NULL && strstr(p, "libc.so.6") != NULL);
	free(p);
	CHECK(elfsym_find_library("libsonde_no_such_library") == NULL);
}

UNIT_TEST(test_mapped)
{
	char *p = elfsym_find_mapped(getpid(), "libc");
	CHECK(p != NULL && strstr(p, "libc.so.6") != NULL);
	free(p);
	char **paths;
	int n = elfsym_mapped_files(getpid(), &paths);
	CHECK(n >= 2);
	bool self = false;
	for (int i = 0; i < n; i++) {
		if (strstr(paths[i], "test_elfsym"))
			self = true;
		free(paths[i]);
	}
	free(paths);
	CHECK(self);
	CHECK(elfsym_mapped_files(-1, &paths) < 0);
	p = elfsym_find_in_path("sh");
	CHECK(p != NULL);
	free(p);
}

__attribute__((noinline, used)) int elfsym_unit_params(const char *s, double d, int n, unsigned short u, long l)
{
	__asm__ volatile("" ::: "memory");
	return s[0] + (int)d + n + u + (int)l;
}

__attribute__((unused)) static const struct field *field(const struct type *rec, const char *name)
{
	for (int i = 0; i < rec->nfields; i++)
		if (!strcmp(rec->fields[i].name, name))
			return &rec->fields[i];
	return NULL;
}

/* args from this binary's own DWARF: each parameter at its register's pt_regs offset, the double skipped. */
UNIT_TEST(test_dwarf_args)
{
	struct type *ret = NULL;
	struct type *rec = uprobe_dwarf_args("/proc/self/exe", "elfsym_unit_params", &ret);
	CHECK(elfsym_unit_params("x", 1.0, 2, 3, 4) > 0);
#ifdef SONDE_HAVE_LIBDW
	CHECK(rec && rec->kind == TY_RECORD);
	if (!rec)
		return;
	CHECK_INT(rec->nfields, 4);
	const struct field *f = field(rec, "s");
	CHECK(f && f->offset == offsetof(struct pt_regs, rdi) && f->type->kind == TY_PTR && f->type->is_user);
	f = field(rec, "n");
	CHECK(f && f->offset == offsetof(struct pt_regs, rsi) && f->type->size == 4 && f->type->is_signed);
	f = field(rec, "u");
	CHECK(f && f->offset == offsetof(struct pt_regs, rdx) && f->type->size == 2 && !f->type->is_signed);
	f = field(rec, "l");
	CHECK(f && f->offset == offsetof(struct pt_regs, rcx) && f->type->size == 8 && f->type->is_signed);
	CHECK(field(rec, "d") == NULL);
	CHECK(ret && ret->kind == TY_INT && ret->size == 4 && ret->is_signed);

	errno = 0;
	CHECK(uprobe_dwarf_args("/proc/self/exe", "no_such_function_anywhere", NULL) == NULL);
	CHECK_INT(errno, ENOENT);
	CHECK(uprobe_dwarf_args("/etc/hostname", "main", NULL) == NULL);
	CHECK_INT(errno, ENODATA);
#else
	CHECK(rec == NULL && errno == ENOTSUP);
	CHECK(ret == NULL);
#endif
}

UNIT_MAIN()
