/*
 * btf_src.h: the BTF sources btf.c converts from, shared by btf.c,
 * btf_list.c and btf_module.c.
 *
 * vmlinux's BTF is one source; each module's split BTF (read on the side,
 * vmlinux's as its base) is another. A split BTF numbers its own types after
 * vmlinux's last id, so two modules' ids overlap: a converted type carries
 * its source's index (struct type's btf_obj) beside its id, and each source
 * caches the types it converts under its own ids only. A module's reference
 * to a vmlinux type is converted by vmlinux's source, so one kernel type is
 * one struct type whichever module names it.
 */
#ifndef SONDE_BTF_SRC_H
#define SONDE_BTF_SRC_H

#include <bpf/btf.h>
#include <stdbool.h>
#include <stdint.h>

#include "types.h"

struct name_table {
	struct name_slot *slots;
	uint32_t mask;
};

struct btf_src {
	struct btf *btf;
	const char *module;      /* NULL: vmlinux */
	uint16_t index;          /* struct type's btf_obj: 0 vmlinux */
	bool in_use;             /* btf_src_use()'s */
	uint32_t first, ntypes;  /* its own ids: [first, ntypes) */
	struct type **cache;     /* converted types, by id - first */
	/* functions and enumerators get their tables on the first lookup of one */
	struct name_table type_names, func_names, enum_names;
};

/* vmlinux's source (loads it), or NULL without BTF. */
struct btf_src *btf_src_vmlinux(void);
/* Where modules' BTF is read: /sys/kernel/btf, or $SONDE_MODULE_BTF (unit tests' made-up modules). */
const char *btf_module_dir(void);
/* A module's source, its split BTF parsed once; NULL, errno = ENOENT without one. */
struct btf_src *btf_src_module(const char *module);
/* The source of module (NULL: vmlinux). */
struct btf_src *btf_src_of(const char *module);
/* The source a converted type's btf_obj names. */
struct btf_src *btf_src_by_index(int index);
/* A module a probe attaches to: casts and enumerators look in its types, after those used before. */
void btf_src_use(struct btf_src *s);

const char *btf_src_name(const struct btf_src *s, uint32_t name_off);
/* A type named name of that kind among s's own types (not its base's), 0 if none. */
uint32_t btf_src_find(struct btf_src *s, const char *name, int kind);
/* Whether id is a struct or union declared only (no members): another definition is better. */
bool btf_src_decl_only(const struct btf_src *s, uint32_t id);
const struct btf_type *btf_src_func_proto(const struct btf_src *s, uint32_t func_id);
/* btf_trace_NAME's prototype (void *__data, args...) and the typedef's id in *id. */
const struct btf_type *btf_src_raw_tp_proto(struct btf_src *s, const char *name, uint32_t *id);

/* Calls fn for each of s's own types of that kind named prefix + a name matching glob, with the name. */
int btf_src_foreach_named(struct btf_src *s, int kind, const char *prefix, const char *glob,
			  void (*fn)(const char *name, void *arg), void *arg);

#endif
