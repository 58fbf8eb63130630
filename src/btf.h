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
 * *btf_id gets the function's BTF id (the program's attach_btf_id). NULL, errno = ENOENT.
 */
struct type *btf_func_args(const char *func, bool with_retval, int *btf_id);

/* rawtracepoint:NAME (tp_btf): the tracepoint's arguments, laid out the same way. */
struct type *btf_raw_tp_args(const char *name, int *btf_id);

#endif
