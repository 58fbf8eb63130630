/*
 * test_symbolize.c: kernel symbols from kallsyms text, user symbols of ELF
 * files (the test binary itself, and copies of it stripped with a
 * debuglink, a build-id debug file, or MiniDebugInfo), perf maps, and the
 * per-process symbolizer on this very process.
 */
#include "elfsym.h"
#include "symbolize.h"
#include "unit.h"
#include "util.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- kernel ---- */

static const char kallsyms_text[] =
	"0000000000000000 A fixed_percpu_data\n"
	"ffffffff81000000 T _stext\n"
	"ffffffff81000000 T _text\n"
	"ffffffff81000000 T startup_64\n"
	"ffffffff81000100 t __pfx_schedule\n"
	"ffffffff81000110 T schedule\n"
	"ffffffff81000200 T __schedule\n"
	"ffffffff81000200 t __schedule_alias\n"
	"garbage line\n"
	"ffffffff8100zzzz T bad_hex\n"
	"ffffffff81000400 D some_data\n"
	"ffffffffc0001000 t mod_fn\t[mymod]\n"
	"ffffffffc0001080 t mod_fn2\t[mymod]\n"
	"ffffffffc0002000 T other_mod_fn\t[other]\n";

static struct ksyms *fixture(void)
{
	return ksyms_parse(kallsyms_text, sizeof(kallsyms_text) - 1);
}

UNIT_TEST(ksyms_parse_skips_bad_lines)
{
	struct ksyms *k = fixture();
	/* absolute, zero and malformed lines dropped; one entry per address */
	CHECK_INT(ksyms_count(k), 8);
	ksyms_free(k);
	k = ksyms_parse("", 0);
	CHECK_INT(ksyms_count(k), 0);
	ksyms_free(k);
}

UNIT_TEST(ksyms_lookup_offsets)
{
	struct ksyms *k = fixture();
	struct sym_info si;

	CHECK(ksyms_lookup(k, 0xffffffff81000110, &si));
	CHECK_STR(si.name, "schedule");
	CHECK_INT(si.offset, 0);
	CHECK(si.module == NULL);
	CHECK(ksyms_lookup(k, 0xffffffff8100019f, &si));
	CHECK_STR(si.name, "schedule");
	CHECK_INT(si.offset, 0x8f);
	CHECK(ksyms_lookup(k, 0xffffffff81000105, &si));
	CHECK_STR(si.name, "__pfx_schedule");
	ksyms_free(k);
}

UNIT_TEST(ksyms_lookup_prefers_known_names)
{
	struct ksyms *k = fixture();
	struct sym_info si;

	/* code over data, global over local, fewer underscores */
	CHECK(ksyms_lookup(k, 0xffffffff81000000, &si));
	CHECK_STR(si.name, "startup_64");
	CHECK(ksyms_lookup(k, 0xffffffff81000210, &si));
	CHECK_STR(si.name, "__schedule");
	CHECK_INT(si.offset, 0x10);
	ksyms_free(k);
}

UNIT_TEST(ksyms_lookup_bounds)
{
	struct ksyms *k = fixture();
	struct sym_info si;

	CHECK(!ksyms_lookup(k, 0xffffffff80000000, &si));
	CHECK(si.name == NULL);
	CHECK(ksyms_lookup(k, 0xffffffffc0001090, &si));
	CHECK_STR(si.name, "mod_fn2");
	CHECK_STR(si.module, "mymod");
	CHECK(ksyms_lookup(k, 0xffffffffc0002004, &si));
	CHECK_STR(si.module, "other");
	/* far past a module's last symbol is not that symbol */
	CHECK(!ksyms_lookup(k, 0xffffffffc4000000, &si));
	CHECK(!ksyms_lookup(NULL, 0xffffffff81000110, &si));
	ksyms_free(k);
}

UNIT_TEST(ksyms_real_kallsyms)
{
	/* the machine's own table, when readable: schedule resolves to itself */
	struct ksyms *k = ksyms_load("/proc/kallsyms");
	if (!k)
		return;
	if (ksyms_count(k) > 0) {
		FILE *f = fopen("/proc/kallsyms", "r");
		char line[512];
		unsigned long long addr = 0;
		while (f && fgets(line, sizeof(line), f)) {
			char type, name[256];
			if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 && !strcmp(name, "schedule"))
				break;
			addr = 0;
		}
		if (f)
			fclose(f);
		struct sym_info si;
		if (addr) {
			CHECK(ksyms_lookup(k, addr + 4, &si));
			CHECK_STR(si.name, "schedule");
			CHECK_INT(si.offset, 4);
		}
	}
	ksyms_free(k);
}

/* ---- user: this binary and stripped copies of it ---- */

/* Functions whose names the tests look for; noinline so they exist. */
__attribute__((noinline)) int symtest_marker_function(int x)
{
	return x * 3 + 1;
}

/* a C function under a C++ symbol, as g++ would name symtest::cxx(int) */
__attribute__((noinline)) int symtest_cxx(int x) __asm__("_ZN7symtest3cxxEi");
__attribute__((noinline)) int symtest_cxx(int x)
{
	return x + 7;
}

__attribute__((noinline)) static int symtest_static_function(int x)
{
	return x ^ 0x55;
}

/* The file virtual address of a function of this program, through /proc/self/maps. */
static bool self_vaddr(const struct usym_file *f, const void *fn, uint64_t *vaddr)
{
	FILE *m = fopen("/proc/self/maps", "r");
	char line[512];
	uint64_t a = (uint64_t)(uintptr_t)fn;
	bool ok = false;

	while (m && fgets(line, sizeof(line), m)) {
		unsigned long long start, end, off;
		if (sscanf(line, "%llx-%llx %*s %llx", &start, &end, &off) == 3 && a >= start && a < end) {
			ok = usym_file_offset_to_vaddr(f, a - start + off, vaddr);
			break;
		}
	}
	if (m)
		fclose(m);
	return ok;
}

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
	static char buf[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

static bool copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = read_file(from, &len);
	if (!data)
		return false;
	FILE *f = fopen(to, "w");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f)
		fclose(f);
	free(data);
	return ok;
}

static int run(const char *cmd)
{
	char *c = xasprintf("%s >/dev/null 2>&1", cmd);
	int rc = system(c);
	free(c);
	return rc;
}

static bool setup_done, setup_ok;

/* prog: a copy of this binary; prog.debug: its debug file (objcopy --only-keep-debug). */
static bool setup(void)
{
	if (setup_done)
		return setup_ok;
	setup_done = true;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sonde-symtest.XXXXXX");
	if (!mkdtemp(tmpdir))
		return false;
	char *cmd = xasprintf("objcopy --only-keep-debug %s %s", tmp_path("prog"), tmp_path("prog.debug"));
	setup_ok = copy_file("/proc/self/exe", tmp_path("prog")) && run(cmd) == 0;
	free(cmd);
	CHECK(setup_ok);
	return setup_ok;
}

static void check_names(const struct usym_file *f, bool expect_static)
{
	uint64_t va;
	struct sym_info si;

	CHECK(self_vaddr(f, (const void *)symtest_marker_function, &va));
	CHECK(usym_file_lookup(f, va, &si));
	CHECK_STR(si.name, "symtest_marker_function");
	CHECK_INT(si.offset, 0);
	CHECK(usym_file_lookup(f, va + 2, &si));
	CHECK_STR(si.name, "symtest_marker_function");
	CHECK_INT(si.offset, 2);
	CHECK(self_vaddr(f, (const void *)symtest_static_function, &va));
	bool found = usym_file_lookup(f, va + 1, &si);
	CHECK(found == expect_static);
	if (expect_static)
		CHECK_STR(si.name, "symtest_static_function");
}

UNIT_TEST(usym_file_own_symtab)
{
	struct usym_file *f = usym_file_open("/proc/self/exe", "");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(usym_file_sources(f) & USYM_SRC_SYMTAB);
	check_names(f, true);
	usym_file_free(f);
}

UNIT_TEST(usym_file_stripped_never_guesses)
{
	if (!setup())
		return;
	char *cmd = xasprintf("objcopy --strip-all %s %s", tmp_path("prog"), tmp_path("prog.stripped"));
	CHECK(run(cmd) == 0);
	free(cmd);
	struct usym_file *f = usym_file_open(tmp_path("prog.stripped"), "");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(!(usym_file_sources(f) & (USYM_SRC_SYMTAB | USYM_SRC_DEBUGFILE | USYM_SRC_MINIDEBUG)));
	uint64_t va;
	struct sym_info si;
	CHECK(self_vaddr(f, (const void *)symtest_static_function, &va));
	/* no symbol covers it any more: unknown, not the nearest dynamic symbol */
	CHECK(!usym_file_lookup(f, va + 1, &si));
	CHECK(si.name == NULL);
	usym_file_free(f);
}

UNIT_TEST(usym_file_debuglink)
{
	if (!setup())
		return;
	char *cmd = xasprintf("objcopy --strip-all --add-gnu-debuglink=%s %s %s", tmp_path("prog.debug"),
			      tmp_path("prog"), tmp_path("prog.linked"));
	CHECK(run(cmd) == 0);
	free(cmd);
	struct usym_file *f = usym_file_open(tmp_path("prog.linked"), "");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(usym_file_sources(f) & USYM_SRC_DEBUGFILE);
	check_names(f, true);
	usym_file_free(f);
}

UNIT_TEST(usym_file_debuglink_crc_mismatch)
{
	if (!setup())
		return;
	/* a debug file that does not match the recorded CRC is not used */
	char *cmd = xasprintf("objcopy --strip-all --add-gnu-debuglink=%s %s %s", tmp_path("prog.debug"),
			      tmp_path("prog"), tmp_path("prog.badlink"));
	CHECK(run(cmd) == 0);
	free(cmd);
	CHECK(copy_file(tmp_path("prog.debug"), tmp_path("prog.debug.orig")));
	FILE *fp = fopen(tmp_path("prog.debug"), "a");
	CHECK(fp != NULL);
	if (fp) {
		fputs("changed", fp);
		fclose(fp);
	}
	struct usym_file *f = usym_file_open(tmp_path("prog.badlink"), "");
	CHECK(f != NULL);
	if (f)
		CHECK(!(usym_file_sources(f) & USYM_SRC_DEBUGFILE));
	usym_file_free(f);
	CHECK(rename(tmp_path("prog.debug.orig"), tmp_path("prog.debug")) == 0);
}

static void build_id_cb(const void *desc, size_t size, void *arg)
{
	char *hex = arg;
	const uint8_t *d = desc;
	for (size_t i = 0; i < size && i < 40; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

UNIT_TEST(usym_file_build_id)
{
	if (!setup())
		return;
	char hex[96] = "";
	struct elf_image *img = elfsym_open(tmp_path("prog"));
	CHECK(img != NULL);
	if (!img)
		return;
	elfsym_notes(img, ".note.gnu.build-id", "GNU", NT_GNU_BUILD_ID, build_id_cb, hex);
	elfsym_close(img);
	CHECK(strlen(hex) >= 8);
	if (strlen(hex) < 8)
		return;
	/* a root of our own, like /proc/PID/root: the debug file under its /usr/lib/debug */
	char *cmd = xasprintf("mkdir -p %s/root/bin %s/root/usr/lib/debug/.build-id/%.2s && "
			      "objcopy --strip-all %s %s/root/bin/prog && cp %s %s/root/usr/lib/debug/.build-id/%.2s/%s.debug",
			      tmpdir, tmpdir, hex, tmp_path("prog"), tmpdir, tmp_path("prog.debug"), tmpdir, hex, hex + 2);
	CHECK(run(cmd) == 0);
	free(cmd);
	char *root = xasprintf("%s/root", tmpdir);
	struct usym_file *f = usym_file_open("/bin/prog", root);
	CHECK(f != NULL);
	if (f) {
		CHECK(usym_file_sources(f) & USYM_SRC_DEBUGFILE);
		check_names(f, true);
	}
	usym_file_free(f);
	free(root);
}

UNIT_TEST(usym_file_minidebuginfo)
{
	if (!setup())
		return;
	size_t len;
	char *dbg = read_file(tmp_path("prog.debug"), &len);
	CHECK(dbg != NULL);
	if (!dbg)
		return;
	size_t cap = len + len / 2 + 4096, out_len = 0;
	uint8_t *xz = xmalloc(cap);
	CHECK(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, (const uint8_t *)dbg, len, xz, &out_len, cap) ==
	      LZMA_OK);
	free(dbg);
	FILE *fp = fopen(tmp_path("prog.debug.xz"), "w");
	CHECK(fp && fwrite(xz, 1, out_len, fp) == out_len);
	if (fp)
		fclose(fp);
	free(xz);
	char *cmd = xasprintf("objcopy --strip-all --add-section .gnu_debugdata=%s %s %s", tmp_path("prog.debug.xz"),
			      tmp_path("prog"), tmp_path("prog.mini"));
	CHECK(run(cmd) == 0);
	free(cmd);
	struct usym_file *f = usym_file_open(tmp_path("prog.mini"), "");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(usym_file_sources(f) & USYM_SRC_MINIDEBUG);
	check_names(f, true);
	usym_file_free(f);
}

UNIT_TEST(usym_file_not_elf)
{
	errno = 0;
	CHECK(usym_file_open("/proc/self/status", "") == NULL);
	CHECK(usym_file_open("/nonexistent/file", "") == NULL);
	CHECK(errno == ENOENT);
}

UNIT_TEST(debuglink_crc)
{
	/* the standard CRC-32 check value */
	CHECK_INT(usym_debuglink_crc("123456789", 9, 0), 0xcbf43926u);
}

/* ---- perf maps ---- */

UNIT_TEST(perfmap_lookup)
{
	static const char map[] = "7f0000001000 100 LazyCompile:~foo /app.js:1\n"
				  "bad line\n"
				  "7f0000002000 20 old_bar\n"
				  "7f0000002000 20 bar\n";
	struct sym_info si;
	char name[64];

	CHECK(symbolizer_perfmap_lookup(map, sizeof(map) - 1, 0x7f0000001010, &si, name, sizeof(name)));
	CHECK_STR(si.name, "LazyCompile:~foo /app.js:1");
	CHECK_INT(si.offset, 0x10);
	CHECK_STR(si.module, "[perf-map]");
	CHECK(symbolizer_perfmap_lookup(map, sizeof(map) - 1, 0x7f000000201f, &si, name, sizeof(name)));
	CHECK_STR(si.name, "bar");
	CHECK(!symbolizer_perfmap_lookup(map, sizeof(map) - 1, 0x7f0000002020, &si, name, sizeof(name)));
	CHECK(!symbolizer_perfmap_lookup(map, sizeof(map) - 1, 0x7f0000000fff, &si, name, sizeof(name)));
}

/* ---- the symbolizer on this process ---- */

UNIT_TEST(symbolizer_own_process)
{
	struct symbolizer *s = symbolizer_new(NULL);
	struct sym_info si;
	uint64_t a = (uint64_t)(uintptr_t)symtest_marker_function;

	CHECK(symbolizer_user(s, getpid(), a + 1, &si));
	CHECK_STR(si.name, "symtest_marker_function");
	CHECK_INT(si.offset, 1);
	CHECK(si.module && strstr(si.module, "test_symbolize"));
	/* a libc function, through the shared library's mapping */
	CHECK(symbolizer_user(s, getpid(), (uint64_t)(uintptr_t)getpid, &si));
	CHECK(si.name && strstr(si.name, "getpid"));
	CHECK(si.module && strstr(si.module, "libc"));
	/* no mapping at all */
	CHECK(!symbolizer_user(s, getpid(), 0x10, &si));
	CHECK(si.name == NULL && si.module == NULL);
	/* a process that does not exist */
	CHECK(!symbolizer_user(s, 0x3fffffff, a, &si));
	symbolizer_free(s);
	CHECK(symtest_static_function(1) == 0x54);
	CHECK(symtest_marker_function(1) == 4);
}

/* The file offset of a code address of this process, from its own maps; 0 if not found. */
static uint64_t own_file_offset(uint64_t addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	uint64_t off = 0;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long start, end, pgoff;
		if (sscanf(line, "%llx-%llx %*s %llx", &start, &end, &pgoff) == 3 && addr >= start && addr < end) {
			off = addr - start + pgoff;
			break;
		}
	}
	if (f)
		fclose(f);
	return off;
}

UNIT_TEST(symbolizer_probe_site_of_gone_process)
{
	struct symbolizer *s = symbolizer_new(NULL);
	struct sym_info si;
	uint64_t a = (uint64_t)(uintptr_t)symtest_marker_function;
	uint64_t foff = own_file_offset(a);
	const int gone = 0x3ffffffe, other = 0x3ffffffd, twice = 0x3ffffffc;

	CHECK(foff != 0);
	symbolizer_add_probe_site(s, "/proc/self/exe", foff);
	/* a stack starting at the site: the file is placed, its frames named */
	symbolizer_stack_hint(s, gone, a);
	CHECK(symbolizer_user(s, gone, a, &si));
	CHECK_STR(si.name, "symtest_marker_function");
	CHECK_INT(si.offset, 0);
	CHECK(symbolizer_user(s, gone, a + 1, &si));
	CHECK_INT(si.offset, 1);
	/* a first frame at another offset within its page cannot be that site */
	symbolizer_stack_hint(s, other, a + 1);
	CHECK(!symbolizer_user(s, other, a + 1, &si));
	/* two files that could both be there: no guess */
	symbolizer_add_probe_site(s, "/bin/sh", foff % 4096 + 4096);
	symbolizer_stack_hint(s, twice, a);
	CHECK(!symbolizer_user(s, twice, a, &si));
	/* a live process keeps its own mappings */
	symbolizer_stack_hint(s, getpid(), a + 4096);
	CHECK(symbolizer_user(s, getpid(), a, &si));
	CHECK_STR(si.name, "symtest_marker_function");
	symbolizer_free(s);
}

UNIT_TEST(symbolizer_demangles)
{
	struct symbolizer *s = symbolizer_new(NULL);
	struct sym_info si;
	uint64_t a = (uint64_t)(uintptr_t)symtest_cxx;

	CHECK(symbolizer_user(s, getpid(), a + 1, &si));
	CHECK_STR(si.name, "symtest::cxx(int)");
	CHECK_INT(si.offset, 1);
	/* C names as they are */
	CHECK(symbolizer_user(s, getpid(), (uint64_t)(uintptr_t)symtest_marker_function, &si));
	CHECK_STR(si.name, "symtest_marker_function");
	symbolizer_free(s);

	struct symbolizer_opts o = { .no_demangle = true };
	s = symbolizer_new(&o);
	CHECK(symbolizer_user(s, getpid(), a, &si));
	CHECK_STR(si.name, "_ZN7symtest3cxxEi");
	symbolizer_free(s);
	CHECK(symtest_cxx(1) == 8);
}

UNIT_TEST(symbolizer_kernel_fixture)
{
	const char *path = "/tmp/sonde-symtest-kallsyms";
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(kallsyms_text, f);
	fclose(f);
	struct symbolizer_opts o = { .kallsyms = path };
	struct symbolizer *s = symbolizer_new(&o);
	struct sym_info si;
	CHECK(symbolizer_kernel(s, 0xffffffff81000111, &si));
	CHECK_STR(si.name, "schedule");
	CHECK_INT(si.offset, 1);
	symbolizer_free(s);
	unlink(path);
}

UNIT_TEST(cleanup)
{
	if (setup_done && tmpdir[0]) {
		char *cmd = xasprintf("rm -rf %s", tmpdir);
		run(cmd);
		free(cmd);
	}
}

UNIT_MAIN()
