/*
 * btf.h: kernel types from BTF (/sys/kernel/btf/vmlinux), as sonde types.
 *
 * Records are converted lazily: a TY_RECORD from BTF starts with nfields = -1
 * and btf_complete() fills its members (each member's type converted on
 * demand the same way), so naming `struct task_struct` does not convert half
 * the kernel.
 */
#ifndef SONDE_BTF_H
#define SONDE_BTF_H

#include "types.h"
#include <stdbool.h>
#include <stdint.h>

/* Loads vmlinux BTF once; -errno (ENOENT when the kernel has none). */
int btf_load(void);

/*
 * A C type spelling as scripts write it in casts and sizeof: "struct task_struct *",
 * "struct sock", "unsigned int", "u64", "char *", typedef names. NULL, errno = ENOENT if unknown.
 */
struct type *btf_parse_type(const char *spelling);

/* Fills rec->fields / rec->nfields if they are not filled yet. */
int btf_complete(struct type *rec);

/*
 * The member `name` of a struct/union, looking through anonymous members
 * (their offsets added). Bitfields have bit_offset/bit_size set. NULL if absent.
 */
const struct field *btf_member(struct type *rec, const char *name);
/* The member name nearest to `name`, for "did you mean" messages; NULL if none is close. */
const char *btf_nearest_member(struct type *rec, const char *name);

/* An enumerator by name (TASK_RUNNING): its value and enum type. */
bool btf_enum_value(const char *name, int64_t *value, struct type **enum_type);

/*
 * fentry/fexit: the function's parameters as a TY_RECORD whose field i sits at
 * offset 8 * i of the program context; with_retval adds a last field "$retval".
 * *btf_id gets the function's BTF id (the program's attach_btf_id). module
 * names the module whose function it is (its split BTF types the arguments,
 * its id is one of that module's BTF object), NULL vmlinux. NULL, errno = ENOENT.
 */
struct type *btf_func_args(const char *module, const char *func, bool with_retval, int *btf_id);

/* Whether the function takes `...`: the kernel attaches no trampoline to one. */
bool btf_func_variadic(const char *module, const char *func);

/* rawtracepoint:[MODULE:]NAME (tp_btf): the tracepoint's arguments, laid out the same way. */
struct type *btf_raw_tp_args(const char *module, const char *name, int *btf_id);

/*
 * Types converted from BTF are shared and live as long as the process (not in
 * the arena): copy one before changing it. Bitfield members: read
 * field->type->size bytes at field->offset (a naturally aligned unit that
 * holds all the bits), shift right by bit_offset, keep bit_size bits.
 * Anonymous struct/union members are fields with a NULL name.
 */

/* Whether vmlinux BTF is available (loads it). */
bool btf_available(void);

/*
 * iter:NAME: the program's context, a pointer to `struct bpf_iter__NAME`
 * (ctx->meta, ctx->task, ...); *btf_id gets the id of bpf_iter_NAME, the
 * program's attach_btf_id. NULL, errno = ENOENT if the kernel has no such iterator.
 */
struct type *btf_iter_ctx(const char *name, int *btf_id);

/* Calls fn for every function (fentry/fexit), raw tracepoint or iterator whose name matches glob. */
int btf_foreach_func(const char *glob, void (*fn)(const char *name, void *arg), void *arg);
int btf_foreach_raw_tp(const char *glob, void (*fn)(const char *name, void *arg), void *arg);
int btf_foreach_iter(const char *glob, void (*fn)(const char *name, void *arg), void *arg);

/*
 * -lv: prints the arguments of a function (fentry, fexit: with retval), raw
 * tracepoint or iterator with their C types, one "    struct sock * sk" a line.
 * -ENOENT if there is no such function.
 */
/*
 * Module BTF (btf_module.c, btf_src.h). Each module's split BTF
 * (/sys/kernel/btf/MODULE) is read once, vmlinux's as its base, and types
 * what its probes name. A module in use (a probe attaches to it) also lends
 * its types to casts and its enumerators to scripts, after vmlinux's.
 * 0, or -ENOENT: no such module with BTF.
 */
int btf_use_module(const char *module);
/*
 * -l: calls fn for every raw tracepoint NAME matching glob of every module
 * matching mod_glob whose BTF the kernel has (vmlinux's are
 * btf_foreach_raw_tp's). Returns how many.
 */
int btf_foreach_module_raw_tp(const char *mod_glob, const char *glob,
			       void (*fn)(const char *module, const char *name, void *arg), void *arg);
/* fentry:MOD*:FN*: calls fn for every function matching glob of every module matching mod_glob. */
int btf_foreach_module_func(const char *mod_glob, const char *glob,
			    void (*fn)(const char *module, const char *name, void *arg), void *arg);
/* The fd of the kernel's BTF object of that module (attach_btf_obj_fd), or -errno. */
int btf_module_fd(const char *module);
/* vmlinux's BTF (NULL without BTF), for listing its types. */
struct btf;
struct btf *btf_handle(void);

/*
 * percpu_kaddr(NAME): the BTF id of the per-CPU kernel variable NAME (a VAR of
 * the .data..percpu section), for ld_imm64 with BPF_PSEUDO_BTF_ID. -ENOENT if
 * the kernel has no such variable, -EINVAL if it is not a per-CPU one.
 */
int btf_percpu_var(const char *name);
enum btf_args_of { BTF_ARGS_FENTRY, BTF_ARGS_FEXIT, BTF_ARGS_RAW_TP, BTF_ARGS_ITER };
/* module: NULL for vmlinux's */
int btf_print_args(FILE *out, enum btf_args_of what, const char *module, const char *name);
/*
 * -l 'struct NAME' (also union, enum; NAME may be a glob): the kernel types of
 * that name, one "struct NAME" a line, or with verbose their C definitions.
 * The count printed, or -ENOENT when the pattern names no kind of type.
 */
int btf_list_types(FILE *out, const char *pattern, bool verbose);

#endif
