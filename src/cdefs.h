/*
 * cdefs.h: the C definitions a script carries: struct, union and enum
 * definitions, typedefs and #define constants, written at the top level or
 * inside #if blocks (sonde defines BPFTRACE_HAVE_BTF, so the usual
 * `#ifndef BPFTRACE_HAVE_BTF` fallbacks are skipped). #include lines are
 * ignored: kernel types come from BTF.
 *
 * Records get C layout (natural alignment, bitfields as the SysV ABI places
 * them, __attribute__((packed))). A name the script defines takes precedence
 * over the kernel's BTF; names it only refers to (struct sk_buff *) come from
 * BTF when they are used.
 */
#ifndef SONDE_CDEFS_H
#define SONDE_CDEFS_H

#include "types.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * Parses the parser's c_definitions text (NULL: none), replacing whatever an
 * earlier call defined. Errors are reported with diag_error() at their place
 * in the script; returns -EINVAL after an error, 0 otherwise.
 */
int cdefs_load(const char *text);

/*
 * A C type spelling as casts, sizeof and let write it ("struct foo *",
 * "foo_t", "unsigned int", "enum e", "char *"), resolved against the script's
 * definitions first and then BTF. NULL with errno ENOENT when a name is
 * unknown, EINVAL when the spelling is not a type.
 */
struct type *cdefs_parse_type(const char *spelling);

/* An enumerator or an integer #define of the script: its value and type. */
bool cdefs_constant(const char *name, int64_t *value, struct type **type);

#endif
