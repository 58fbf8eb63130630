/* glob.h: globmatch() patterns, compiled to tokens for the matcher lowering unrolls (lower_glob.c). */
#ifndef SONDE_GLOB_H
#define SONDE_GLOB_H

#include <stdbool.h>
#include <stdint.h>

enum glob_kind { GLOB_LIT, GLOB_ANY, GLOB_STAR, GLOB_CLASS };

#define GLOB_MAX_TOKENS 62   /* a state bit per token, and one for the end, in a 64-bit register */
#define GLOB_MAX_RANGES 16

struct glob_tok {
	enum glob_kind kind;
	uint8_t ch;                       /* GLOB_LIT */
	bool negated;                     /* GLOB_CLASS: [!...] */
	int nranges;                      /* GLOB_CLASS: [a-z0_] is {a,z} {0,0} {_,_} */
	uint8_t lo[GLOB_MAX_RANGES], hi[GLOB_MAX_RANGES];
};

/*
 * Compiles pat ('?' one byte, '*' any run, [abc], [a-z], [!x]; the rest
 * literal; consecutive stars are one). Returns the token count, or
 * -EINVAL (an unterminated class), -E2BIG (more than GLOB_MAX_TOKENS tokens
 * or GLOB_MAX_RANGES ranges in a class).
 */
int glob_compile(const char *pat, struct glob_tok *out);

/*
 * Whether state j (tokens 0..j-1 matched) can be live before byte i: those
 * tokens take one byte each but for stars, which take any number (and a
 * star at j stays live as it takes bytes).
 */
bool glob_state_possible(const struct glob_tok *t, int j, uint32_t i);

/* A measure of the matcher's size for a string of size bytes: about 6 instructions a unit. */
uint64_t glob_cost(const struct glob_tok *t, int ntok, uint32_t size);

#endif
