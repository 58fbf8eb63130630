/*
 * unit.h: a tiny test harness. Each test_*.c defines TESTS with UNIT_TEST()
 * functions and ends with UNIT_MAIN(). The summary line "N passed, N failed"
 * is what tests/run-unit.sh and CI read.
 */
#ifndef SONDE_UNIT_H
#define SONDE_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>

static int unit_failed_checks;
static int unit_pass, unit_fail;

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			unit_failed_checks++;                                            \
		}                                                                        \
	} while (0)

#define CHECK_INT(got, want)                                                             \
	do {                                                                             \
		long long g_ = (long long)(got), w_ = (long long)(want);                 \
		if (g_ != w_) {                                                          \
			fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
			unit_failed_checks++;                                            \
		}                                                                        \
	} while (0)

#define CHECK_STR(got, want)                                                             \
	do {                                                                             \
		const char *g_ = (got), *w_ = (want);                                    \
		if (!g_ || strcmp(g_, w_) != 0) {                                        \
			fprintf(stderr, "%s:%d: %s =\n---\n%s\n---\nwant\n---\n%s\n---\n", __FILE__, __LINE__, \
				#got, g_ ? g_ : "(null)", w_);                           \
			unit_failed_checks++;                                            \
		}                                                                        \
	} while (0)

typedef void (*unit_fn)(void);
struct unit_case { const char *name; unit_fn fn; };
static struct unit_case unit_cases[512];
static int unit_ncases;

#define UNIT_TEST(name)                                                                  \
	static void name(void);                                                          \
	__attribute__((constructor)) static void reg_##name(void)                        \
	{                                                                                \
		unit_cases[unit_ncases++] = (struct unit_case){ #name, name };           \
	}                                                                                \
	static void name(void)

#define UNIT_MAIN()                                                                      \
	int main(int argc, char **argv)                                                  \
	{                                                                                \
		for (int i = 0; i < unit_ncases; i++) {                                  \
			if (argc > 1 && !strstr(unit_cases[i].name, argv[1]))            \
				continue;                                                \
			int before = unit_failed_checks;                                 \
			unit_cases[i].fn();                                              \
			if (unit_failed_checks == before) {                              \
				unit_pass++;                                             \
			} else {                                                         \
				unit_fail++;                                             \
				fprintf(stderr, "FAIL %s\n", unit_cases[i].name);         \
			}                                                                \
		}                                                                        \
		printf("%s: %d passed, %d failed\n", argv[0], unit_pass, unit_fail);     \
		return unit_fail ? 1 : 0;                                                \
	}

/* Captures what fn prints to a FILE * into a malloc'd string. */
static inline char *unit_capture(void (*fn)(FILE *, void *), void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fn(f, arg);
	fclose(f);
	return buf;
}

#endif
