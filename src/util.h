/* util.h: allocation, growable arrays and the front end's arena. */
#ifndef SONDE_UTIL_H
#define SONDE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) / (a) * (a))

/* Out of memory is not a user error: report it and exit. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable array: `VEC(struct foo) v = {0}; vec_push(&v, x);`.
 * Elements move when it grows, so keep indices, not pointers, across pushes.
 */
#define VEC(T) struct { T *data; size_t len, cap; }
#define vec_grow(v, n)                                                             \
	do {                                                                       \
		if ((v)->len + (n) > (v)->cap) {                                   \
			size_t c_ = (v)->cap ? (v)->cap * 2 : 8;                   \
			while (c_ < (v)->len + (n))                                \
				c_ *= 2;                                           \
			(v)->data = xrealloc((v)->data, c_ * sizeof(*(v)->data));  \
			(v)->cap = c_;                                             \
		}                                                                  \
	} while (0)
#define vec_push(v, x)                                                             \
	do {                                                                       \
		vec_grow(v, 1);                                                    \
		(v)->data[(v)->len++] = (x);                                       \
	} while (0)
#define vec_free(v) (free((v)->data), (v)->data = NULL, (v)->len = (v)->cap = 0)

/*
 * The front end (tokens, AST, types) allocates from one arena that is freed as
 * a whole, so that an error can unwind with longjmp without leaking.
 */
void *arena_alloc(size_t n);            /* zeroed */
char *arena_strndup(const char *s, size_t n);
char *arena_strdup(const char *s);
char *arena_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void arena_free_all(void);

/* Reads a whole file; NULL and errno on failure. *len may be NULL. */
char *read_file(const char *path, size_t *len);

uint64_t now_ns(int clock_id);

/* FNV-1a over n bytes, continuing from h (FNV32_BASIS, FNV64_BASIS to start): names in hash tables, signatures. */
#define FNV32_BASIS 2166136261u
#define FNV64_BASIS 0xcbf29ce484222325ULL
#define FNV64_PRIME 0x100000001b3ULL
static inline uint32_t fnv32(uint32_t h, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ ((const unsigned char *)p)[i]) * 16777619u;
	return h;
}
static inline uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ ((const unsigned char *)p)[i]) * FNV64_PRIME;
	return h;
}

/* Levenshtein distance, for "did you mean" suggestions; large for names over 64 characters. */
int edit_distance(const char *a, const char *b);

/*
 * A command's integer option --NAME ARG in [lo, hi]: false, after
 * "CMD: --NAME needs a number from LO to HI" on stderr, if ARG is not one.
 */
bool opt_int(const char *cmd, const char *name, const char *arg, int lo, int hi, int *out);

/*
 * A command line split into words as a shell splits one, with no expansion:
 * blanks separate words, '...' keeps its text, "..." keeps its text but for
 * \" \\ \$ and \`, a backslash elsewhere keeps the next character. A
 * NULL-terminated malloc'd array of malloc'd words (free with free_words),
 * or NULL with errno EINVAL for an unterminated quote or a trailing '\'.
 */
char **split_words(const char *s);
void free_words(char **w);

#endif
