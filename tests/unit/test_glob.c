/* test_glob.c: globmatch() patterns to tokens. */
#include "unit.h"
#include "glob.h"

#include <errno.h>

UNIT_TEST(glob_tokens)
{
	struct glob_tok t[GLOB_MAX_TOKENS];

	CHECK_INT(glob_compile("a?*", t), 3);
	CHECK_INT(t[0].kind, GLOB_LIT);
	CHECK_INT(t[0].ch, 'a');
	CHECK_INT(t[1].kind, GLOB_ANY);
	CHECK_INT(t[2].kind, GLOB_STAR);
	/* a run of stars is one */
	CHECK_INT(glob_compile("**x***", t), 3);
	CHECK_INT(glob_compile("", t), 0);
}

UNIT_TEST(glob_classes)
{
	struct glob_tok t[GLOB_MAX_TOKENS];

	CHECK_INT(glob_compile("[a-z0_]", t), 1);
	CHECK_INT(t[0].kind, GLOB_CLASS);
	CHECK(!t[0].negated);
	CHECK_INT(t[0].nranges, 3);
	CHECK_INT(t[0].lo[0], 'a');
	CHECK_INT(t[0].hi[0], 'z');
	CHECK_INT(t[0].lo[1], '0');
	CHECK_INT(t[0].hi[1], '0');
	CHECK_INT(glob_compile("[!]x]y", t), 2);
	CHECK(t[0].negated);
	CHECK_INT(t[0].nranges, 2);
	CHECK_INT(t[0].lo[0], ']');
	/* a trailing '-' is a member */
	CHECK_INT(glob_compile("[a-]", t), 1);
	CHECK_INT(t[0].nranges, 2);
	CHECK_INT(glob_compile("[abc", t), -EINVAL);
	CHECK_INT(glob_compile("[z-a]", t), 1);
	CHECK_INT(t[0].lo[0], 'a');
}

UNIT_TEST(glob_limits)
{
	struct glob_tok t[GLOB_MAX_TOKENS];
	char pat[GLOB_MAX_TOKENS + 2];

	memset(pat, 'a', sizeof(pat) - 1);
	pat[sizeof(pat) - 1] = 0;
	CHECK_INT(glob_compile(pat, t), -E2BIG);
	pat[GLOB_MAX_TOKENS] = 0;
	CHECK_INT(glob_compile(pat, t), GLOB_MAX_TOKENS);
}

UNIT_MAIN()
