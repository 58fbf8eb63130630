/* types.h: the types of sonde values, shared by the checker, lowering and printing. */
#ifndef SONDE_TYPES_H
#define SONDE_TYPES_H

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

enum type_kind {
	TY_NONE,     /* not yet known (a map only ever deleted, ...) */
	TY_VOID,     /* statements, exit(), printf() */
	TY_INT,      /* size 1/2/4/8, is_signed */
	TY_BOOL,     /* comparisons print as true/false where bpftrace does; arithmetic as 0/1 */
	TY_STR,      /* NUL-terminated bytes in a fixed buffer of `size` */
	TY_BUF,      /* buf(p, n): length-prefixed bytes, printed with %r */
	TY_PTR,      /* pointer to `elem` (kernel or user memory: is_user) */
	TY_RECORD,   /* struct/union (from BTF or a tracepoint format): fields */
	TY_ARRAY,    /* elem[count] */
	TY_TUPLE,    /* (a, b): fields without names; a record (a = 1, b = 2): all named */
	TY_STACK,    /* kstack/ustack: stack id (+ pid for ustack) */
	TY_KSYM,     /* ksym(addr): an address printed as a symbol */
	TY_USYM,
	TY_INET,     /* ntop(...) */
	TY_TIMESTAMP,/* strftime(...) */
	TY_AGG,      /* the value of count(), hist(), ...: agg */
	/* values printed by user space from what the probe recorded (see prog.h) */
	TY_MACADDR,  /* macaddr(...): 6 bytes */
	TY_CGROUP_PATH, /* cgroup_path(id[, filter]): the id, resolved to paths when printed */
	TY_USERNAME, /* username: the uid, printed as the user's name */
	TY_STRERROR, /* strerror(n): the error number, printed as its message */
	TY_SYSCALL_NAME, /* syscall_name(n): the syscall number, printed as its name */
	TY_SIGNAL_NAME,  /* signal_name(n): the signal number, printed as its name */
	TY_KIND_MAX
};

enum agg_kind {
	AGG_NONE,   /* a plain value: @x = 5 */
	AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX, AGG_AVG, AGG_STATS, AGG_HIST, AGG_LHIST,
	AGG_TSERIES, /* tseries(v, interval, n[, agg]): a ring of n time buckets per key (prog.h) */
	AGG_MAX_KIND
};

/* STACK_BUILD_ID: user stacks only, frames as ELF build id + file offset (bpftrace 0.25) */
enum stack_mode { STACK_BPFTRACE, STACK_PERF, STACK_RAW, STACK_BUILD_ID };

struct field {
	const char *name;      /* NULL in tuples; set in records, (a = 1, ...) */
	struct type *type;
	uint32_t offset;       /* bytes */
	uint16_t bit_offset, bit_size; /* bitfields; bit_size 0 otherwise */
	bool data_loc;         /* tracepoint __data_loc: a u32 (len << 16 | offset) locating the data */
};

struct type {
	enum type_kind kind;
	uint32_t size;         /* bytes the value occupies in a key, record or event */
	uint32_t align;
	bool is_signed;        /* TY_INT */
	bool is_literal;       /* TY_INT of an integer literal: its smallest type, stored as int64 */
	bool is_user;          /* TY_PTR, TY_RECORD reached through a user pointer */
	bool is_local;         /* TY_PTR from '&': into the program's own stack or a map value (&$x, &@m[k]) */
	bool is_union;         /* TY_RECORD */
	bool is_float;         /* TY_ARRAY holding a float's bytes: prints as nothing, null in JSON (bpftrace's none) */
	const char *name;      /* TY_RECORD: "struct task_struct"; TY_INT: "int32"... */
	struct type *elem;     /* TY_PTR, TY_ARRAY */
	uint32_t count;        /* TY_ARRAY */
	struct field *fields;  /* TY_RECORD, TY_TUPLE */
	int nfields;
	int btf_id;            /* TY_RECORD/TY_PTR from BTF: the type id, 0 otherwise */
	uint16_t btf_obj;      /* ... in which BTF: 0 vmlinux's, else a module's split BTF (btf_src.h) */
	enum agg_kind agg;     /* TY_AGG */
	struct type *agg_arg;  /* TY_AGG: type of the aggregated values (sum of int32 -> int64 signed) */
	enum stack_mode stack_mode; /* TY_STACK */
	int stack_limit;
	bool stack_user;
	bool stack_dwarf;      /* TY_STACK: dw_ustack, unwound with DWARF CFI (user stacks only) */
	int stack_map;         /* TY_STACK: the id of the MAP_STACK map holding its frames */
	const char *fmt;       /* TY_TIMESTAMP: the strftime() format; TY_CGROUP_PATH: the hierarchy filter */
	/* TY_INT of a script's enum: its enumerators; a value equal to one prints as its name */
	const struct type_enumerator *enumerators;
	int nenumerators;
};

struct type_enumerator {
	const char *name;
	int64_t value;
};

/* Shared singletons for the common types; others come from type_new(). */
extern struct type type_void, type_none, type_bool;
extern struct type type_u8, type_u16, type_u32, type_u64;
extern struct type type_s8, type_s16, type_s32, type_s64;

/*
 * An integer literal's type, as bpftrace types it: the smallest that holds
 * it, unsigned unless negative (1 is uint8, -1 int8, -1000 int16). Only its
 * size shows (sizeof, a variable's or a tuple's width, -d types): arithmetic
 * stays 64-bit, and a map stores a literal as int64, as before. Literals
 * that need 8 bytes are int64, or uint64 past INT64_MAX.
 */
struct type *type_literal(uint64_t value, bool negative);
/* The integer type both a and b fit in (bpftrace's promotion; uint64 with a signed type: int64). */
struct type *type_int_merge(const struct type *a, const struct type *b);

struct type *type_new(enum type_kind kind);   /* arena-allocated */
struct type *type_int(int size, bool is_signed);
struct type *type_str(uint32_t size);
struct type *type_ptr(struct type *elem, bool is_user);
/* n elements of elem: a string of n bytes when as_string (C char arrays), else an array */
struct type *type_array(struct type *elem, uint32_t n, bool as_string);
/* Gives rec a copy of n fields (arena memory). */
void type_set_fields(struct type *rec, const struct field *fields, int n);
struct type *type_agg(enum agg_kind agg, struct type *arg);
bool type_equal(const struct type *a, const struct type *b);
bool type_is_int(const struct type *t);    /* TY_INT or TY_BOOL */
/* "int64", "string[64]", "struct task_struct *", "count()", ... into an arena string */
const char *type_str_name(const struct type *t);
const char *agg_name(enum agg_kind a);      /* "count", "hist", ... */

/*
 * Tuples are laid out as C lays out a struct of their elements, as bpftrace
 * does: each at its natural alignment (integers and bools their own size,
 * strings 1, records and tuples theirs), the size rounded up to the largest.
 * Other values (pointers, ksym, stacks, ...) take whole 8-byte words.
 */
uint32_t type_field_size(const struct type *t);
uint32_t type_field_align(const struct type *t);
void type_tuple_layout(struct type *t);   /* offsets, size and align from the fields' types */
/*
 * Records, bpftrace's named tuples (a = 1, b = "x"), are tuples whose fields
 * all have names; they are laid out as tuples, in the order written. Two
 * records with the same names in another order hold the same values: their
 * fields pair up by name (the first one's order is kept), a record's never
 * with a tuple's.
 */
bool type_is_record_tuple(const struct type *t);
/* The index of the field of that name in a record, or -1. */
int type_tuple_field(const struct type *t, const char *name);
/* The field of src that goes to field i of dst: the same index in tuples, the same name in records; -1 if none. */
int type_tuple_source(const struct type *dst, const struct type *src, int i);
/*
 * The tuple type that holds values of both a and b (field by field: the wider
 * integer, the longer string); a itself when they are equal, NULL when they
 * cannot share one (different kinds or numbers of fields).
 */
struct type *type_tuple_merge(struct type *a, struct type *b);

#endif
