/* test_util.c: split_words, the shell-like splitting of -c commands. */
#include "unit.h"
#include "util.h"

#include <errno.h>

/* The words joined with '|', or "ERR" when splitting fails. */
static char *joined(const char *s)
{
	char **w = split_words(s);
	if (!w)
		return xstrdup("ERR");
	char *out = xstrdup("");
	for (size_t i = 0; w[i]; i++) {
		char *n = xasprintf("%s%s%s", out, i ? "|" : "", w[i]);
		free(out);
		out = n;
	}
	free_words(w);
	return out;
}

#define CHECK_SPLIT(s, want)                                     \
	do {                                                     \
		char *out_ = joined(s);                          \
		CHECK_STR(out_, want);                           \
		free(out_);                                      \
	} while (0)

UNIT_TEST(split_words_as_a_shell)
{
	CHECK_SPLIT("echo 'hello world'", "echo|hello world");
	CHECK_SPLIT("echo \"hello world\"", "echo|hello world");
	CHECK_SPLIT("echo a\\ b", "echo|a b");
	CHECK_SPLIT("sleep 5 ", "sleep|5");
	CHECK_SPLIT("  a\tb\n c  ", "a|b|c");
	CHECK_SPLIT("sh -c 'sleep 1; exec x'", "sh|-c|sleep 1; exec x");
	CHECK_SPLIT("a\"b c\"'d'e", "ab cde");
	CHECK_SPLIT("echo \"q\\\"t \\\\ \\n\"", "echo|q\"t \\ \\n");
	CHECK_SPLIT("echo ''", "echo|");
	CHECK_SPLIT("", "");
}

UNIT_TEST(split_words_refuses_unterminated)
{
	errno = 0;
	CHECK(split_words("echo 'abc") == NULL && errno == EINVAL);
	CHECK(split_words("echo \"abc") == NULL);
	CHECK(split_words("echo abc\\") == NULL);
}

UNIT_MAIN()
