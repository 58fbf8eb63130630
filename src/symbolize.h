/*
 * symbolize.h: addresses to symbols, for kstack/ustack, ksym()/usym() and
 * flame graphs.
 *
 *   kernel   /proc/kallsyms, read once (lazily, on the first kernel address
 *            printed), sorted, binary-searched (ksyms.c)
 *   user     per process: its mappings (/proc/PID/maps, files reached through
 *            /proc/PID/root), and per file the ELF symbols of .symtab and
 *            .dynsym, a separate debug file (build-id or .gnu_debuglink under
 *            /usr/lib/debug), MiniDebugInfo (.gnu_debugdata, xz), and perf
 *            maps (/tmp/perf-PID.map) for JIT code (usyms.c, usyms_elf.c)
 *
 * Every answer is either a symbol that contains the address or "unknown":
 * an address past a symbol's size, or in a file without symbols, is never
 * given the nearest name.
 */
#ifndef SONDE_SYMBOLIZE_H
#define SONDE_SYMBOLIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What an address resolved to. The strings belong to the symbolizer's
 * caches: copy them before the next call (a bounded cache may drop them).
 */
struct sym_info {
	const char *name;    /* NULL: no symbol contains the address */
	uint64_t offset;     /* from the start of the symbol */
	const char *module;  /* user: the mapped file ("[vdso]", "[perf-map]"); kernel: the module or NULL */
};

/* ---- kernel symbols ---- */

struct ksyms;

/* Parses the text of /proc/kallsyms ("ADDR TYPE NAME[\t[MODULE]]" lines). Never fails: bad lines are skipped. */
struct ksyms *ksyms_parse(const char *text, size_t len);
/* Reads and parses a kallsyms file; NULL with errno if it cannot be read. */
struct ksyms *ksyms_load(const char *path);
void ksyms_free(struct ksyms *k);
size_t ksyms_count(const struct ksyms *k);
/* The symbol containing addr (the last one at or below it, within its module); false if none. */
bool ksyms_lookup(const struct ksyms *k, uint64_t addr, struct sym_info *out);

/* ---- user symbols of one ELF file ---- */

struct usym_file;

/*
 * Opens an ELF file for symbolization: its own symbols, then a separate debug
 * file and MiniDebugInfo when the file has no .symtab. `root` ("" or
 * "/proc/PID/root") prefixes the debug directories. NULL with errno.
 */
struct usym_file *usym_file_open(const char *path, const char *root);
/* The same from an open descriptor (taken over: closed by usym_file_free). */
struct usym_file *usym_file_open_fd(int fd, const char *path, const char *root);
void usym_file_free(struct usym_file *f);
/* The symbol containing vaddr (the file's own address layout); false if none. */
bool usym_file_lookup(const struct usym_file *f, uint64_t vaddr, struct sym_info *out);
/* A file offset to the file's virtual address, through its loadable segments. */
bool usym_file_offset_to_vaddr(const struct usym_file *f, uint64_t offset, uint64_t *vaddr);
/* The GNU build id of the ELF file open at fd; its length (at most max), 0 if none. */
size_t usym_build_id(int fd, unsigned char *id, size_t max);
/* Where its symbols came from: a bit set of USYM_SRC_*. */
enum {
	USYM_SRC_SYMTAB = 1, USYM_SRC_DYNSYM = 2, USYM_SRC_DEBUGFILE = 4, USYM_SRC_MINIDEBUG = 8,
};
unsigned usym_file_sources(const struct usym_file *f);
size_t usym_file_count(const struct usym_file *f);

/*
 * The separate debug file of the ELF file at path (malloc'd), NULL if none:
 * DIR/.build-id/xx/yyyy.debug, or the .gnu_debuglink name next to the file,
 * in its .debug/ or under DIR (CRC checked), for each --debuginfo DIR and
 * then /usr/lib/debug.
 */
char *usym_debug_file(const char *path);
/* --debuginfo DIR: one more directory of debug files, searched before /usr/lib/debug. */
void usym_add_debug_dir(const char *dir);

/* The CRC-32 that .gnu_debuglink records for a debug file. */
uint32_t usym_debuglink_crc(const void *data, size_t len, uint32_t crc);

/* ---- the symbolizer: kernel and per-process caches ---- */

struct symbolizer;

struct symbolizer_opts {
	const char *kallsyms;   /* NULL: /proc/kallsyms */
	const char *proc;       /* NULL: /proc (tests point it elsewhere) */
	int max_pids;           /* processes whose mappings are kept: 0 for the default (4096) */
	int max_files;          /* ELF files kept open: 0 for the default (512) */
	bool no_demangle;       /* user names as the symbol tables spell them (config cpp_demangle = false) */
};

struct symbolizer *symbolizer_new(const struct symbolizer_opts *o);
void symbolizer_free(struct symbolizer *s);

bool symbolizer_kernel(struct symbolizer *s, uint64_t addr, struct sym_info *out);
/*
 * A user address of process pid, its name demangled (C++, Rust) unless
 * the options say no. Uses the mappings captured before if the
 * process is gone; reads them again when the address is in none of them and
 * the process is still there (dlopen). out->module is set when the address
 * is in a mapping, even without a symbol.
 */
bool symbolizer_user(struct symbolizer *s, int pid, uint64_t addr, struct sym_info *out);
/*
 * A user address of process pid as its file's build id (id: 20 bytes, as
 * the kernel's build_id stack frames hold) and offset in that file, for
 * stacks unwound in BPF and printed in build_id mode; false when it is in
 * no file or the file has no build id.
 */
bool symbolizer_user_build_id(struct symbolizer *s, int pid, uint64_t addr, unsigned char id[20], uint64_t *offset);
/*
 * Captures the mappings of pid now if they are not known yet, so that its
 * addresses can be resolved after it exits. Cheap when already captured.
 */
void symbolizer_note_pid(struct symbolizer *s, int pid);
/*
 * A uprobe or USDT probe's place: the file and the file offset of the probed
 * instruction, which is the first frame of the user stacks its events take.
 */
void symbolizer_add_probe_site(struct symbolizer *s, const char *path, uint64_t file_offset);
/*
 * Before resolving a user stack whose first frame is ip0: when pid exited
 * before its mappings could be read, and ip0 is where exactly one probe
 * site can be (the same offset within a page), that site's file is taken as
 * mapped at ip0 minus its offset, so the stack's frames in it get names.
 */
void symbolizer_stack_hint(struct symbolizer *s, int pid, uint64_t ip0);

/* Lines of a perf map ("START SIZE name", hex) parsed for tests: the symbol containing addr. */
bool symbolizer_perfmap_lookup(const char *text, size_t len, uint64_t addr, struct sym_info *out, char *name,
			       size_t name_size);

#endif
