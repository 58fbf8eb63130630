/*
 * elfsym.h: what user-space probes need from ELF files: function symbols
 * (.symtab and .dynsym), virtual address to file offset (uprobes attach at a
 * file offset, whatever address the binary is loaded at), sections for USDT
 * notes, and where a library named `libc` lives (the dynamic linker's cache,
 * or a process's own mappings).
 */
#ifndef SONDE_ELFSYM_H
#define SONDE_ELFSYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elfsym {
	const char *name;
	uint64_t addr;      /* st_value: the virtual address in the file's own layout */
	uint64_t size;
	bool is_func;       /* STT_FUNC / STT_GNU_IFUNC; else a data object */
	bool is_ifunc;      /* STT_GNU_IFUNC: the address is a resolver that picks the implementation */
};

struct elf_image;

/*
 * Opens an ELF file for reading. NULL with errno: ENOENT (no such file),
 * EACCES, ENOEXEC (not an ELF file), EISDIR.
 */
struct elf_image *elfsym_open(const char *path);
void elfsym_close(struct elf_image *img);
const char *elfsym_path(const struct elf_image *img);
/* ET_DYN: a PIE or a shared library. */
bool elfsym_is_dyn(const struct elf_image *img);
/* Whether the file has a .symtab or .dynsym at all (a stripped static binary has neither). */
bool elfsym_has_symbols(struct elf_image *img);

/* Function symbols, defined ones only, sorted by name, one per name (.symtab first). */
const struct elfsym *elfsym_funcs(struct elf_image *img, size_t *n);
/* A defined function by exact name, NULL if absent. */
const struct elfsym *elfsym_func(struct elf_image *img, const char *name);
/* A defined data object (USDT arguments like `8@counter(%rip)`); NULL if absent. */
const struct elfsym *elfsym_object(struct elf_image *img, const char *name);
/* The function name nearest to `name`, for "did you mean"; NULL if none is close. */
const char *elfsym_nearest(struct elf_image *img, const char *name);
/* The function that contains vaddr, NULL if none. */
const struct elfsym *elfsym_func_at(struct elf_image *img, uint64_t vaddr);

/* The file offset of a virtual address, through the loadable segments. -ENOENT if not in any. */
int elfsym_vaddr_to_offset(struct elf_image *img, uint64_t vaddr, uint64_t *offset);
/* Whether vaddr is in an executable loadable segment. */
bool elfsym_vaddr_is_code(struct elf_image *img, uint64_t vaddr);

/*
 * A section by name: its contents (valid until elfsym_close), its size and
 * its address. -ENOENT if absent.
 */
int elfsym_section(struct elf_image *img, const char *name, const void **data, size_t *size, uint64_t *addr);

/*
 * Notes of section `secname` with owner `owner` and type `type`: calls fn with
 * each descriptor. Returns the number of notes seen, or -errno.
 */
int elfsym_notes(struct elf_image *img, const char *secname, const char *owner, uint32_t type,
		 void (*fn)(const void *desc, size_t size, void *arg), void *arg);

/*
 * ---- finding files ----
 * elfsym_find_library: a library by name ("libc", "libssl", "libc.so.6") in the
 * dynamic linker's cache (/etc/ld.so.cache, parsed: ldconfig is not run) for
 * this machine's architecture. Returns a malloc'd path or NULL.
 */
char *elfsym_find_library(const char *name);
/* The same lookup in a given cache image (for tests). */
char *elfsym_find_in_cache(const void *cache, size_t size, const char *name);
/* A library or executable mapped by process pid whose file name starts with `name`; malloc'd or NULL. */
char *elfsym_find_mapped(int pid, const char *name);
/* Every distinct file process pid maps executable, as malloc'd paths; the count, or -errno. */
int elfsym_mapped_files(int pid, char ***paths);
/* An executable on $PATH; malloc'd or NULL. */
char *elfsym_find_in_path(const char *name);

#endif
