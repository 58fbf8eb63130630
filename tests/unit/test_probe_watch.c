/*
 * test_probe_watch.c: watchpoint:FUNC+argN:LEN:MODE attach points, expanded
 * against this test's own program as if it were -c's command: one per
 * match, named watchpoint:BINARY:FUNC:LEN:MODE, with the uprobe's place and
 * the breakpoint's length and mode.
 */
#include "diag.h"
#include "probe.h"
#include "unit.h"
#include "util.h"

#include <errno.h>
#include <linux/hw_breakpoint.h>

__attribute__((noipa, used)) void watch_target_one(int unused, int *p)
{
	(void)unused;
	(*p)++;
}

__attribute__((noipa, used)) void watch_target_two(int *p)
{
	(*p)++;
}

struct expanded {
	attach_vec aps;
	int ret;
	char *diag;
};

static struct expanded expand(const char *text)
{
	struct expanded e = { 0 };
	size_t len = 0;
	FILE *f = open_memstream(&e.diag, &len);
	struct ast_attach a = { .text = text, .loc = { 1, 1, (int)strlen(text), 0 } };

	diag_reset();
	diag_set_output(f);
	diag_set_source("t.bt", text);
	e.ret = probe_expand(&a, true, &e.aps);
	diag_set_output(NULL);
	fclose(f);
	return e;
}

static void done(struct expanded *e)
{
	vec_free(&e->aps);
	free(e->diag);
}

UNIT_TEST(test_watch_func)
{
	probe_set_command("/proc/self/exe");
	struct expanded e = expand("watchpoint:watch_target_one+arg1:4:wr");
	CHECK_INT(e.ret, 1);
	if (e.ret == 1) {
		const struct attach_point *w = &e.aps.data[0];
		CHECK_STR(w->name, "watchpoint:/proc/self/exe:watch_target_one:4:rw");
		CHECK_STR(w->func, "watch_target_one");
		CHECK(w->kind == PROBE_WATCHPOINT);
		CHECK(w->watch_func && !w->async);
		CHECK_INT(w->watch_arg, 1);
		CHECK_INT(w->perf_type, 4);
		CHECK_INT(w->perf_config, HW_BREAKPOINT_RW);
		CHECK(w->file_offset != 0);
		CHECK_INT(w->offset, 0);
	}
	done(&e);

	e = expand("aw:watch_target_*+arg0:8:x");
	CHECK_INT(e.ret, 2);
	for (size_t i = 0; i < e.aps.len; i++) {
		CHECK(e.aps.data[i].async && e.aps.data[i].optional);
		CHECK_INT(e.aps.data[i].perf_config, HW_BREAKPOINT_X);
		CHECK(!strncmp(e.aps.data[i].name, "asyncwatchpoint:/proc/self/exe:watch_target_", 44));
	}
	done(&e);
	probe_set_command(NULL);
}

UNIT_TEST(test_watch_func_errors)
{
	static const struct { const char *text, *says; } bad[] = {
		{ "watchpoint:watch_target_one+arg1:4:w", "-p PID or -c CMD" },
		{ "watchpoint:watch_target_one+arg6:4:w", "N from 0 to 5" },
		{ "watchpoint:watch_target_one+retval:4:w", "FUNCTION+argN" },
		{ "watchpoint:watch_target_one+8:4:w", "FUNCTION+argN" },
		{ "watchpoint:+arg0:4:w", "FUNCTION+argN" },
		{ "watchpoint:watch_target_one+arg0:4:r", "mode 'r'" },
		{ "watchpoint:watch_target_one+arg0:4:x", "length must be 8" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		probe_set_command(i == 0 ? NULL : "/proc/self/exe");
		struct expanded e = expand(bad[i].text);
		CHECK_INT(e.ret, -EINVAL);
		if (!strstr(e.diag, bad[i].says))
			fprintf(stderr, "%s: no '%s' in:\n%s", bad[i].text, bad[i].says, e.diag);
		CHECK(strstr(e.diag, bad[i].says) != NULL);
		done(&e);
	}
	probe_set_command("/proc/self/exe");
	struct expanded e = expand("watchpoint:watch_target_none+arg0:4:w");
	CHECK_INT(e.ret, -EINVAL);
	CHECK(strstr(e.diag, "function 'watch_target_none' not found") != NULL);
	done(&e);
	probe_set_command(NULL);
}

UNIT_MAIN()
