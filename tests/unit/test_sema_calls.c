/* test_sema_calls.c: the checker's handling of the standard library: types and error messages. */
#include "unit.h"
#include "front.h"
#include "ast.h"
#include "diag.h"
#include "sema.h"
#include "util.h"

/* Parses and checks src; returns what diagnostics printed ("" when clean). */
static char *check(const char *src, bool unsafe, struct sonde_prog *prog)
{
	struct sema_result sr = { 0 };

	prog->unsafe = unsafe;
	return front_run(src, 0, NULL, prog, &sr, false);
}

/* The first line of what checking src prints. */
static char *first_error(const char *src, bool unsafe)
{
	struct sonde_prog prog = { 0 };
	char *out = check(src, unsafe, &prog);
	char *nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	return out;
}

#define CHECK_ERR(src, want)                                     \
	do {                                                     \
		char *out_ = first_error(src, false);            \
		CHECK_STR(out_, want);                           \
		free(out_);                                      \
	} while (0)

#define CHECK_CLEAN(src)                                         \
	do {                                                     \
		char *out_ = first_error(src, false);            \
		CHECK_STR(out_, "");                             \
		free(out_);                                      \
	} while (0)

/* The type the checker gave the value printed by `begin { print(EXPR); }`. */
static const char *print_type(const char *expr)
{
	struct sonde_prog prog = { 0 };
	char *src = arena_printf("begin { print(%s); }", expr);
	char *out = check(src, false, &prog);
	const char *name = "error";
	if (!*out && prog.nfmts == 1 && prog.fmts[0].nargs == 1)
		name = type_str_name(prog.fmts[0].args[0].type);
	free(out);
	return name;
}

UNIT_TEST(library_value_types)
{
	CHECK_STR(print_type("strftime(\"%H\", nsecs)"), "timestamp");
	CHECK_STR(print_type("cgroup_path(cgroup)"), "cgroup_path");
	CHECK_STR(print_type("cgroup_path(1, \"unified\")"), "cgroup_path");
	CHECK_STR(print_type("macaddr(0)"), "macaddr");
	CHECK_STR(print_type("username"), "username");
	CHECK_STR(print_type("username()"), "username");
	CHECK_STR(print_type("strerror(1)"), "strerror");
	CHECK_STR(print_type("pton(\"127.0.0.1\")"), "uint8[4]");
	CHECK_STR(print_type("pton(\"::1\")"), "uint8[16]");
	CHECK_STR(print_type("nsecs(boot)"), "uint64");
	/* integers travel in events as 64 bits */
	CHECK_STR(print_type("usermode"), "uint64");
	CHECK_STR(print_type("probetype"), "string[8]");
	CHECK_STR(print_type("has_cpid"), "bool");
	CHECK_STR(print_type("kptr(curtask)"), "struct task_struct *");
	CHECK_STR(print_type("uptr(0)"), "uint8 *");
	CHECK_STR(print_type("kaddr(\"vfs_read\")"), "uint64 *");
	CHECK_STR(print_type("pid()"), "uint64");
	CHECK_STR(print_type("tid(init)"), "uint64");
	CHECK_STR(print_type("jiffies()"), "uint64");
}

UNIT_TEST(library_values_are_storable)
{
	CHECK_CLEAN("begin { @a[strftime(\"%H\", nsecs)] = 1; @b = cgroup_path(cgroup); $m = macaddr(0);"
		    " @c[username] = count(); @d = strerror(2); @e = ($m, 1); }");
}

UNIT_TEST(error_strftime)
{
	CHECK_ERR("begin { print(strftime(1, nsecs)); }",
		  "t.bt:1:24: error: strftime() takes a format as a string literal");
	CHECK_ERR("begin { print(strftime(\"%H\", comm)); }",
		  "t.bt:1:30: error: strftime() takes a timestamp in nanoseconds, not string[16]");
	CHECK_ERR("begin { print(strftime(\"%H\")); }", "t.bt:1:15: error: strftime() takes 2 arguments, not 1");
}

UNIT_TEST(error_nsecs_clock)
{
	CHECK_ERR("begin { print(nsecs(wall)); }",
		  "t.bt:1:21: error: nsecs() takes a clock: monotonic, boot, tai or sw_tai");
}

UNIT_TEST(error_builtin_as_call)
{
	CHECK_ERR("begin { print(cpu(1)); }", "t.bt:1:15: error: cpu() takes no arguments");
	CHECK_ERR("begin { print(comm(\"init\")); }",
		  "t.bt:1:20: error: comm() takes a PID, an integer, not string[5]");
	CHECK_ERR("begin { print(comm(1, 2)); }", "t.bt:1:15: error: comm() takes 1 argument, not 2");
	CHECK_ERR("begin { print(pid(host)); }", "t.bt:1:15: error: pid() takes a PID namespace: curr_ns or init");
}

UNIT_TEST(error_cgroup)
{
	CHECK_ERR("begin { print(cgroupid(\"/nonexistent/cg\")); }",
		  "t.bt:1:24: error: cgroupid(): cannot get the cgroup id of '/nonexistent/cg': No such file or directory");
	CHECK_ERR("begin { print(cgroup_path(comm)); }",
		  "t.bt:1:27: error: cgroup_path() takes a cgroup id, not string[16]");
	CHECK_ERR("begin { print(cgroup_path(1, 2)); }",
		  "t.bt:1:30: error: cgroup_path() takes a hierarchy filter as a string literal");
}

UNIT_TEST(error_macaddr_pton)
{
	CHECK_ERR("begin { print(macaddr(\"abc\")); }",
		  "t.bt:1:23: error: macaddr() takes 6 bytes: an array like char[6] or a pointer to them, not string[4]");
	CHECK_ERR("begin { print(pton(\"1.2.3\")); }", "t.bt:1:20: error: pton(): '1.2.3' is not an IPv4 address");
	CHECK_ERR("begin { print(pton(\"::g\")); }", "t.bt:1:20: error: pton(): '::g' is not an IPv6 address");
	CHECK_ERR("begin { $a = \"1.1.1.1\"; print(pton($a)); }",
		  "t.bt:1:36: error: pton() takes an address as a string literal");
}

UNIT_TEST(error_addresses)
{
	CHECK_ERR("begin { print(kaddr(\"no_such_symbol_xyz\")); }",
		  "t.bt:1:21: error: kaddr(): no kernel symbol 'no_such_symbol_xyz' in /proc/kallsyms");
	CHECK_ERR("begin { print(uaddr(\"x\")); }",
		  "t.bt:1:15: error: uaddr() is only available in uprobe, uretprobe and usdt probes");
	CHECK_ERR("begin { print(percpu_kaddr(\"no_such_var_xyz\")); }",
		  "t.bt:1:28: error: percpu_kaddr(): the kernel's BTF has no variable 'no_such_var_xyz'");
	CHECK_ERR("begin { print(percpu_kaddr(\"runqueues\", comm)); }",
		  "t.bt:1:41: error: percpu_kaddr() takes a CPU number, not string[16]");
	CHECK_ERR("begin { print(kptr(comm)); }", "t.bt:1:20: error: kptr() takes a pointer, not string[16]");
}

UNIT_TEST(error_probe_specific)
{
	CHECK_ERR("begin { print(sarg0); }", "t.bt:1:15: error: sarg0 is only available in kprobe, uprobe and usdt probes");
	CHECK_ERR("begin { override(1); }", "t.bt:1:9: error: override() changes what kernel functions return: it needs --unsafe");
	{
		struct sonde_prog prog = { 0 };
		char *out = check("begin { override(1); }", true, &prog);
		char *nl = strchr(out, '\n');
		if (nl)
			*nl = 0;
		CHECK_STR(out, "t.bt:1:9: error: override() is only available in kprobe probes (bpf_override_return), "
			       "not in begin probes");
		free(out);
	}
	CHECK_ERR("begin { print(path(0)); }", "t.bt:1:20: error: path() takes a struct path or a pointer to one, not uint8");
	CHECK_ERR("begin { unwatch(comm); }", "t.bt:1:17: error: unwatch() takes a watched address, not string[16]");
	CHECK_ERR("begin { signal_thread(\"SIGUSR1\"); }",
		  "t.bt:1:9: error: signal_thread() sends signals to traced processes: it needs --unsafe");
}

UNIT_TEST(error_debugf)
{
	CHECK_CLEAN("begin { debugf(\"%d %s %x %p %c %%\", 1, \"a\", 2, 3, 65); }");
	CHECK_ERR("begin { debugf(\"%f\", 1); }", "t.bt:1:16: error: debugf(): the kernel cannot print '%f' (use d i u x X c s p)");
	CHECK_ERR("begin { debugf(\"%d\", comm); }",
		  "t.bt:1:22: error: debugf(): argument 1 is string[16], but the format wants an integer");
	CHECK_ERR("begin { debugf(\"%d %d\", 1); }", "t.bt:1:9: error: the format has 2 conversions but 1 argument follows");
	CHECK_ERR("begin { debugf(1); }", "t.bt:1:16: error: debugf() needs a format string literal first");
}

UNIT_TEST(error_len)
{
	CHECK_CLEAN("begin { @m[1] = 1; print(len(@m)); }");
	CHECK_ERR("begin { @h = hist(1); print(len(@h)); }",
		  "t.bt:1:33: error: len() of a hist map is not supported: its buckets are elements of their own");
	CHECK_ERR("begin { print(len(@never)); }", "t.bt:1:19: error: @never is never assigned: len() has nothing to work on");
	CHECK_ERR("begin { print(len(comm)); }", "t.bt:1:19: error: len() takes a map or a kstack/ustack, not string[16]");
	CHECK_CLEAN("begin { print(len(kstack)); print(len(ustack(5))); }");
}

UNIT_TEST(error_strstr)
{
	CHECK_ERR("begin { print(strstr(1, \"a\")); }", "t.bt:1:22: error: strstr() searches a string, not uint8");
	CHECK_ERR("begin { print(strstr(comm, comm)); }",
		  "t.bt:1:28: error: strstr() takes the needle as a string literal");
}

UNIT_TEST(error_ppid_task)
{
	CHECK_ERR("begin { print(ppid(1)); }", "t.bt:1:20: error: ppid() takes a struct task_struct *, not uint8");
}

UNIT_TEST(unknown_function_suggests_library_names)
{
	CHECK_ERR("begin { strftme(\"x\", 1); }", "t.bt:1:9: error: unknown function 'strftme'; did you mean 'strftime'?");
	CHECK_ERR("begin { macadr(0); }", "t.bt:1:9: error: unknown function 'macadr'; did you mean 'macaddr'?");
}

UNIT_TEST(fail_formats_at_compile_time)
{
	CHECK_ERR("begin { fail(\"x %d %s %x%%\", -3, \"y\", 255); }", "t.bt:1:9: error: x -3 y ff%");
	CHECK_ERR("begin { fail(\"got %s\", probetype); }", "t.bt:1:9: error: got special");
	CHECK_ERR("begin { $x = 1; fail(\"%d\", $x); }",
		  "t.bt:1:28: error: fail() takes literals only: its message is made at compile time");
	CHECK_ERR("begin { fail(1); }", "t.bt:1:14: error: fail() needs a format string literal first");
	CHECK_ERR("begin { fail(\"%d\"); }", "t.bt:1:9: error: the format has 1 conversion but 0 arguments follow");
	/* a branch a constant condition skips is checked, but fail() there says nothing */
	CHECK_CLEAN("begin { if (1 > 2) { fail(\"no\"); } }");
	CHECK_CLEAN("begin { if (probetype == \"special\") { } else { fail(\"no\"); } }");
	CHECK_ERR("begin { if (probetype != \"special\") { } else { fail(\"in %s\", probetype); } }",
		  "t.bt:1:48: error: in special");
}

UNIT_TEST(kfunc_allowed_args)
{
	CHECK_ERR("begin { print(kfunc_allowed(1)); }",
		  "t.bt:1:29: error: kfunc_allowed() takes a kernel function's name as a string literal");
	CHECK_ERR("begin { print(kfunc_allowed()); }", "t.bt:1:15: error: kfunc_allowed() takes 1 argument, not 0");
	/* a function the kernel does not have is allowed nowhere; the answer is a constant */
	CHECK_CLEAN("begin { if (kfunc_allowed(\"sonde_no_such_kfunc\")) { print(comm(1)); } }");
}

UNIT_MAIN()
