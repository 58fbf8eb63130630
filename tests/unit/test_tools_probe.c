/* test_tools_probe.c: bcc-style probe specs of tool args, and the `// if probe:` sections of tool scripts. */
#include "tools.h"
#include "unit.h"

#include <stdlib.h>

/* The kind and target of spec, "kind target", or "invalid". */
static char *classify(const char *spec)
{
	enum tool_probe_kind kind;
	char *target, *out;

	if (tools_probe_classify(spec, &kind, &target))
		return strdup("invalid");
	if (asprintf(&out, "%s %s", tools_probe_kind_name(kind), target) < 0)
		out = NULL;
	free(target);
	return out;
}

#define CHECK_SPEC(spec, want)                 \
	do {                                   \
		char *s_ = classify(spec);     \
		CHECK_STR(s_, want);           \
		free(s_);                      \
	} while (0)

UNIT_TEST(bcc_prefixes)
{
	CHECK_SPEC("t:sched:sched_switch", "tracepoint sched:sched_switch");
	CHECK_SPEC("tracepoint:syscalls:sys_enter_*", "tracepoint syscalls:sys_enter_*");
	CHECK_SPEC("u:libc:malloc", "uprobe libc:malloc");
	CHECK_SPEC("uprobe:/bin/bash:readline", "uprobe /bin/bash:readline");
	CHECK_SPEC("p::vfs_read", "kprobe vfs_read");
	CHECK_SPEC("p:ext4:ext4_*", "kprobe ext4:ext4_*");
	CHECK_SPEC("kprobe:tcp_*", "kprobe tcp_*");
}

UNIT_TEST(plain_forms)
{
	/* a bare name is a kernel function, LIB:FUNC a user function, as in bcc */
	CHECK_SPEC("vfs_read", "kprobe vfs_read");
	CHECK_SPEC("libc:pthread_mutex_*", "uprobe libc:pthread_mutex_*");
	CHECK_SPEC("/usr/bin/app:main", "uprobe /usr/bin/app:main");
}

UNIT_TEST(malformed)
{
	CHECK_SPEC("", "invalid");
	CHECK_SPEC("t:sched", "invalid");
	CHECK_SPEC("t:sched:", "invalid");
	CHECK_SPEC("u:libc", "invalid");
	CHECK_SPEC("p::", "invalid");
	CHECK_SPEC("libc:", "invalid");
}

static const char script[] = "BEGIN { }\n"
			     "// if probe: uprobe\n"
			     "uprobe:$1\n"
			     "// if probe: kprobe\n"
			     "kprobe:$1\n"
			     "// if probe: uprobe kprobe\n"
			     "{ @[func] = count(); }\n"
			     "// if probe: tracepoint\n"
			     "tracepoint:$1 { @[probe] = count(); }\n"
			     "// endif\n"
			     "END { }\n";

UNIT_TEST(sections_keep_one_kind)
{
	int bad;
	char *s = tools_probe_sections(script, TOOL_PROBE_KPROBE, &bad);

	CHECK_INT(bad, 0);
	/* other kinds' lines blanked, not removed: the line count stays */
	CHECK_STR(s, "BEGIN { }\n"
		     "// if probe: uprobe\n"
		     "         \n"
		     "// if probe: kprobe\n"
		     "kprobe:$1\n"
		     "// if probe: uprobe kprobe\n"
		     "{ @[func] = count(); }\n"
		     "// if probe: tracepoint\n"
		     "                                     \n"
		     "// endif\n"
		     "END { }\n");
	free(s);
	s = tools_probe_sections(script, TOOL_PROBE_TRACEPOINT, &bad);
	CHECK_INT(bad, 0);
	CHECK(strstr(s, "tracepoint:$1 {") != NULL);
	CHECK(!strstr(s, "uprobe:$1"));
	CHECK(!strstr(s, "kprobe:$1"));
	CHECK(!strstr(s, "@[func]"));
	CHECK(strstr(s, "END { }") != NULL);
	free(s);
}

UNIT_TEST(sections_malformed)
{
	int bad;

	free(tools_probe_sections("a\n// endif\n", TOOL_PROBE_UPROBE, &bad));
	CHECK_INT(bad, 2);
	free(tools_probe_sections("a\n// if probe: uprobe\nb\n", TOOL_PROBE_UPROBE, &bad));
	CHECK_INT(bad, 3);
	free(tools_probe_sections("// if probe: usdt\nb\n// endif\n", TOOL_PROBE_UPROBE, &bad));
	CHECK_INT(bad, 1);
}

UNIT_MAIN()
