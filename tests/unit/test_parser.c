/* test_parser.c: the syntax tree for each construct, real tools' dumps, and syntax errors. */
#include "unit.h"
#include "front.h"
#include "ast.h"
#include "diag.h"
#include "types.h"
#include "util.h"

/*
 * Parses src; returns the -d ast dump, or what the diagnostics printed when
 * parsing failed.
 */
static char *run(const char *src, int nparams, char **params)
{
	char *buf = front_run(src, nparams, params, NULL, NULL, true);
	arena_free_all();
	return buf;
}

#define CHECK_AST(src, want)                                     \
	do {                                                     \
		char *out_ = run(src, 0, NULL);                  \
		CHECK_STR(out_, want);                           \
		free(out_);                                      \
	} while (0)

/* A probe body's dump: "BEGIN { <body> }" without the two header lines. */
static char *body_of(const char *body)
{
	char *src = xasprintf("BEGIN { %s }", body);
	char *out = run(src, 0, NULL);
	const char *prefix = "probe BEGIN\n body\n";

	free(src);
	if (!strncmp(out, prefix, strlen(prefix)))
		memmove(out, out + strlen(prefix), strlen(out) - strlen(prefix) + 1);
	return out;
}

#define CHECK_BODY(body, want)                                   \
	do {                                                     \
		char *out_ = body_of(body);                      \
		CHECK_STR(out_, want);                           \
		free(out_);                                      \
	} while (0)

#define CHECK_ERR(src, want) CHECK_AST(src, want)

static const char opensnoop_src[] =
	"#!/usr/bin/env bpftrace\n"
	"// opensnoop\tTrace open() syscalls.\n"
	"BEGIN\n"
	"{\n"
	"\tprintf(\"Tracing open syscalls... Hit Ctrl-C to end.\\n\");\n"
	"\tprintf(\"%-6s %-16s %4s %3s %s\\n\", \"PID\", \"COMM\", \"FD\", \"ERR\", \"PATH\");\n"
	"}\n"
	"\n"
	"tracepoint:syscalls:sys_enter_open,\n"
	"tracepoint:syscalls:sys_enter_openat\n"
	"{\n"
	"\t@filename[tid] = args.filename;\n"
	"}\n"
	"\n"
	"tracepoint:syscalls:sys_exit_open,\n"
	"tracepoint:syscalls:sys_exit_openat\n"
	"/@filename[tid]/\n"
	"{\n"
	"\t$ret = args.ret;\n"
	"\t$fd = $ret >= 0 ? $ret : -1;\n"
	"\t$errno = $ret >= 0 ? 0 : - $ret;\n"
	"\n"
	"\tprintf(\"%-6d %-16s %4d %3d %s\\n\", pid, comm, $fd, $errno,\n"
	"\t    str(@filename[tid]));\n"
	"\tdelete(@filename[tid]);\n"
	"}\n"
	"\n"
	"END\n"
	"{\n"
	"\tclear(@filename);\n"
	"}\n";

static const char opensnoop_ast[] =
	"probe BEGIN\n"
	" body\n"
	"  call printf\n"
	"   string \"Tracing open syscalls... Hit Ctrl-C to end.\\n\"\n"
	"  call printf\n"
	"   string \"%-6s %-16s %4s %3s %s\\n\"\n"
	"   string \"PID\"\n"
	"   string \"COMM\"\n"
	"   string \"FD\"\n"
	"   string \"ERR\"\n"
	"   string \"PATH\"\n"
	"probe tracepoint:syscalls:sys_enter_open, tracepoint:syscalls:sys_enter_openat\n"
	" body\n"
	"  assign =\n"
	"   map @filename\n"
	"    builtin tid\n"
	"   field .filename\n"
	"    builtin args\n"
	"probe tracepoint:syscalls:sys_exit_open, tracepoint:syscalls:sys_exit_openat\n"
	" pred\n"
	"  map @filename\n"
	"   builtin tid\n"
	" body\n"
	"  assign =\n"
	"   var $ret\n"
	"   field .ret\n"
	"    builtin args\n"
	"  assign =\n"
	"   var $fd\n"
	"   ternary\n"
	"    binary >=\n"
	"     var $ret\n"
	"     int 0\n"
	"    var $ret\n"
	"    unary -\n"
	"     int 1\n"
	"  assign =\n"
	"   var $errno\n"
	"   ternary\n"
	"    binary >=\n"
	"     var $ret\n"
	"     int 0\n"
	"    int 0\n"
	"    unary -\n"
	"     var $ret\n"
	"  call printf\n"
	"   string \"%-6d %-16s %4d %3d %s\\n\"\n"
	"   builtin pid\n"
	"   builtin comm\n"
	"   var $fd\n"
	"   var $errno\n"
	"   call str\n"
	"    map @filename\n"
	"     builtin tid\n"
	"  call delete\n"
	"   map @filename\n"
	"    builtin tid\n"
	"probe END\n"
	" body\n"
	"  call clear\n"
	"   map @filename\n";

static const char biolatency_src[] =
	"#!/usr/local/bin/bpftrace\n"
	"/*\n"
	" * biolatency.bt\tBlock I/O latency as a histogram.\n"
	" */\n"
	"\n"
	"BEGIN\n"
	"{\n"
	"\tprintf(\"Tracing block device I/O... Hit Ctrl-C to end.\\n\");\n"
	"}\n"
	"\n"
	"kprobe:blk_account_io_start\n"
	"{\n"
	"\t@start[arg0] = nsecs;\n"
	"}\n"
	"\n"
	"kprobe:blk_account_io_completion\n"
	"/@start[arg0]/\n"
	"\n"
	"{\n"
	"\t@usecs = hist((nsecs - @start[arg0]) / 1000);\n"
	"\tdelete(@start[arg0]);\n"
	"}\n";

static const char biolatency_ast[] =
	"probe BEGIN\n"
	" body\n"
	"  call printf\n"
	"   string \"Tracing block device I/O... Hit Ctrl-C to end.\\n\"\n"
	"probe kprobe:blk_account_io_start\n"
	" body\n"
	"  assign =\n"
	"   map @start\n"
	"    builtin arg0\n"
	"   builtin nsecs\n"
	"probe kprobe:blk_account_io_completion\n"
	" pred\n"
	"  map @start\n"
	"   builtin arg0\n"
	" body\n"
	"  assign =\n"
	"   map @usecs\n"
	"   call hist\n"
	"    binary /\n"
	"     binary -\n"
	"      builtin nsecs\n"
	"      map @start\n"
	"       builtin arg0\n"
	"     int 1000\n"
	"  call delete\n"
	"   map @start\n"
	"    builtin arg0\n";

static const char runqlat_src[] =
	"#include <linux/sched.h>\n"
	"\n"
	"BEGIN\n"
	"{\n"
	"\tprintf(\"Tracing CPU scheduler... Hit Ctrl-C to end.\\n\");\n"
	"}\n"
	"\n"
	"tracepoint:sched:sched_wakeup,\n"
	"tracepoint:sched:sched_wakeup_new\n"
	"{\n"
	"\t@qtime[args->pid] = nsecs;\n"
	"}\n"
	"\n"
	"tracepoint:sched:sched_switch\n"
	"{\n"
	"\t$TASK_RUNNING = 0;\t// from linux/sched.h, workaround for #153\n"
	"\tif (args->prev_state == $TASK_RUNNING) {\n"
	"\t\t@qtime[args->prev_pid] = nsecs;\n"
	"\t};\n"
	"\n"
	"\t$ns = @qtime[args->next_pid];\n"
	"\tif ($ns) {\n"
	"\t\t@usecs = hist((nsecs - $ns) / 1000);\n"
	"\t};\n"
	"\tdelete(@qtime[args->next_pid]);\n"
	"}\n"
	"\n"
	"END\n"
	"{\n"
	"\tclear(@qtime);\n"
	"}\n";

static const char runqlat_ast[] =
	"c_definitions\n"
	" #include <linux/sched.h>\n"
	"probe BEGIN\n"
	" body\n"
	"  call printf\n"
	"   string \"Tracing CPU scheduler... Hit Ctrl-C to end.\\n\"\n"
	"probe tracepoint:sched:sched_wakeup, tracepoint:sched:sched_wakeup_new\n"
	" body\n"
	"  assign =\n"
	"   map @qtime\n"
	"    field ->pid\n"
	"     builtin args\n"
	"   builtin nsecs\n"
	"probe tracepoint:sched:sched_switch\n"
	" body\n"
	"  assign =\n"
	"   var $TASK_RUNNING\n"
	"   int 0\n"
	"  if\n"
	"   binary ==\n"
	"    field ->prev_state\n"
	"     builtin args\n"
	"    var $TASK_RUNNING\n"
	"   then\n"
	"    assign =\n"
	"     map @qtime\n"
	"      field ->prev_pid\n"
	"       builtin args\n"
	"     builtin nsecs\n"
	"  assign =\n"
	"   var $ns\n"
	"   map @qtime\n"
	"    field ->next_pid\n"
	"     builtin args\n"
	"  if\n"
	"   var $ns\n"
	"   then\n"
	"    assign =\n"
	"     map @usecs\n"
	"     call hist\n"
	"      binary /\n"
	"       binary -\n"
	"        builtin nsecs\n"
	"        var $ns\n"
	"       int 1000\n"
	"  call delete\n"
	"   map @qtime\n"
	"    field ->next_pid\n"
	"     builtin args\n"
	"probe END\n"
	" body\n"
	"  call clear\n"
	"   map @qtime\n";

static const char tcplife_src[] =
	"#ifndef BPFTRACE_HAVE_BTF\n"
	"#include <net/sock.h>\n"
	"#include <linux/tcp.h>\n"
	"#else\n"
	"#include <sys/socket.h>\n"
	"#endif\n"
	"\n"
	"kprobe:tcp_set_state\n"
	"{\n"
	"\t$sk = (struct sock *)arg0;\n"
	"\t$newstate = arg1;\n"
	"\tif ($newstate < TCP_FIN_WAIT1 && @birth[$sk] == 0) {\n"
	"\t\t@birth[$sk] = nsecs;\n"
	"\t}\n"
	"\tif ($newstate == TCP_CLOSE && @birth[$sk]) {\n"
	"\t\t$delta_ms = (nsecs - @birth[$sk]) / 1e6;\n"
	"\t\t$dport = ($dport >> 8) | (($dport << 8) & 0xff00);\n"
	"\t\tif ($family == AF_INET) {\n"
	"\t\t\t$saddr = ntop(AF_INET, $sk->__sk_common.skc_rcv_saddr);\n"
	"\t\t} else {\n"
	"\t\t\t$saddr = ntop(AF_INET6,\n"
	"\t\t\t    $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);\n"
	"\t\t}\n"
	"\t\tprintf(\"%-5d %-10.10s\\n\", $pid, $comm);\n"
	"\t\tdelete(@birth[$sk]);\n"
	"\t}\n"
	"}\n"
	"\n"
	"END\n"
	"{\n"
	"\tclear(@birth); clear(@skpid);\n"
	"}\n";

static const char tcplife_ast[] =
	"c_definitions\n"
	" #ifndef BPFTRACE_HAVE_BTF\n"
	" #include <net/sock.h>\n"
	" #include <linux/tcp.h>\n"
	" #else\n"
	" #include <sys/socket.h>\n"
	" #endif\n"
	"probe kprobe:tcp_set_state\n"
	" body\n"
	"  assign =\n"
	"   var $sk\n"
	"   cast (struct sock *)\n"
	"    builtin arg0\n"
	"  assign =\n"
	"   var $newstate\n"
	"   builtin arg1\n"
	"  if\n"
	"   binary &&\n"
	"    binary <\n"
	"     var $newstate\n"
	"     ident TCP_FIN_WAIT1\n"
	"    binary ==\n"
	"     map @birth\n"
	"      var $sk\n"
	"     int 0\n"
	"   then\n"
	"    assign =\n"
	"     map @birth\n"
	"      var $sk\n"
	"     builtin nsecs\n"
	"  if\n"
	"   binary &&\n"
	"    binary ==\n"
	"     var $newstate\n"
	"     ident TCP_CLOSE\n"
	"    map @birth\n"
	"     var $sk\n"
	"   then\n"
	"    assign =\n"
	"     var $delta_ms\n"
	"     binary /\n"
	"      binary -\n"
	"       builtin nsecs\n"
	"       map @birth\n"
	"        var $sk\n"
	"      int 1000000\n"
	"    assign =\n"
	"     var $dport\n"
	"     binary |\n"
	"      binary >>\n"
	"       var $dport\n"
	"       int 8\n"
	"      binary &\n"
	"       binary <<\n"
	"        var $dport\n"
	"        int 8\n"
	"       int 65280\n"
	"    if\n"
	"     binary ==\n"
	"      var $family\n"
	"      ident AF_INET\n"
	"     then\n"
	"      assign =\n"
	"       var $saddr\n"
	"       call ntop\n"
	"        ident AF_INET\n"
	"        field .skc_rcv_saddr\n"
	"         field ->__sk_common\n"
	"          var $sk\n"
	"     else\n"
	"      assign =\n"
	"       var $saddr\n"
	"       call ntop\n"
	"        ident AF_INET6\n"
	"        field .u6_addr8\n"
	"         field .in6_u\n"
	"          field .skc_v6_rcv_saddr\n"
	"           field ->__sk_common\n"
	"            var $sk\n"
	"    call printf\n"
	"     string \"%-5d %-10.10s\\n\"\n"
	"     var $pid\n"
	"     var $comm\n"
	"    call delete\n"
	"     map @birth\n"
	"      var $sk\n"
	"probe END\n"
	" body\n"
	"  call clear\n"
	"   map @birth\n"
	"  call clear\n"
	"   map @skpid\n";
UNIT_TEST(literals)
{
	CHECK_BODY("1; 0x10; 010; 1_000; 2e3; 5ms; 1s; 'A'; \"a\\tb\\x41\";",
		   "  int 1\n"
		   "  int 16\n"
		   "  int 8\n"
		   "  int 1000\n"
		   "  int 2000\n"
		   "  int 5000000\n"
		   "  int 1000000000\n"
		   "  int 65\n"
		   "  string \"a\\tbA\"\n");
}

UNIT_TEST(precedence_follows_c)
{
	CHECK_BODY("1 + 2 * 3 - 4 / 2 % 3",
		   "  binary -\n"
		   "   binary +\n"
		   "    int 1\n"
		   "    binary *\n"
		   "     int 2\n"
		   "     int 3\n"
		   "   binary %\n"
		   "    binary /\n"
		   "     int 4\n"
		   "     int 2\n"
		   "    int 3\n");
	CHECK_BODY("1 << 2 + 3 < 5 == 1 != 0",
		   "  binary !=\n"
		   "   binary ==\n"
		   "    binary <\n"
		   "     binary <<\n"
		   "      int 1\n"
		   "      binary +\n"
		   "       int 2\n"
		   "       int 3\n"
		   "     int 5\n"
		   "    int 1\n"
		   "   int 0\n");
	CHECK_BODY("1 & 2 ^ 3 | 4 && 5 || 6",
		   "  binary ||\n"
		   "   binary &&\n"
		   "    binary |\n"
		   "     binary ^\n"
		   "      binary &\n"
		   "       int 1\n"
		   "       int 2\n"
		   "      int 3\n"
		   "     int 4\n"
		   "    int 5\n"
		   "   int 6\n");
	CHECK_BODY("$a = 1 - 2 - 3",
		   "  assign =\n"
		   "   var $a\n"
		   "   binary -\n"
		   "    binary -\n"
		   "     int 1\n"
		   "     int 2\n"
		   "    int 3\n");
	CHECK_BODY("$a = (1 + 2) * 3",
		   "  assign =\n"
		   "   var $a\n"
		   "   binary *\n"
		   "    binary +\n"
		   "     int 1\n"
		   "     int 2\n"
		   "    int 3\n");
	CHECK_BODY("$a = $b ? 1 : $c ? 2 : 3",
		   "  assign =\n"
		   "   var $a\n"
		   "   ternary\n"
		   "    var $b\n"
		   "    int 1\n"
		   "    ternary\n"
		   "     var $c\n"
		   "     int 2\n"
		   "     int 3\n");
	/* bpftrace 0.24's if as a value is a ternary; else-if chains nest */
	CHECK_BODY("$a = if ($b) { 1 } else if ($c) { 2; } else { 3 }",
		   "  assign =\n"
		   "   var $a\n"
		   "   ternary\n"
		   "    var $b\n"
		   "    int 1\n"
		   "    ternary\n"
		   "     var $c\n"
		   "     int 2\n"
		   "     int 3\n");
	CHECK_BODY("$a = $b || $c ? 1 + 2 : 3",
		   "  assign =\n"
		   "   var $a\n"
		   "   ternary\n"
		   "    binary ||\n"
		   "     var $b\n"
		   "     var $c\n"
		   "    binary +\n"
		   "     int 1\n"
		   "     int 2\n"
		   "    int 3\n");
}

UNIT_TEST(unary_operators)
{
	CHECK_BODY("$a = !$b; $a = ~$b; $a = -$b; $a = *$p; $a = &$b; $a = - -1; $a = !!$b",
		   "  assign =\n"
		   "   var $a\n"
		   "   unary !\n"
		   "    var $b\n"
		   "  assign =\n"
		   "   var $a\n"
		   "   unary ~\n"
		   "    var $b\n"
		   "  assign =\n"
		   "   var $a\n"
		   "   unary -\n"
		   "    var $b\n"
		   "  assign =\n"
		   "   var $a\n"
		   "   unary *\n"
		   "    var $p\n"
		   "  assign =\n"
		   "   var $a\n"
		   "   unary &\n"
		   "    var $b\n"
		   "  assign =\n"
		   "   var $a\n"
		   "   unary -\n"
		   "    unary -\n"
		   "     int 1\n"
		   "  assign =\n"
		   "   var $a\n"
		   "   unary !\n"
		   "    unary !\n"
		   "     var $b\n");
	CHECK_BODY("$a = -1 * 2",
		   "  assign =\n"
		   "   var $a\n"
		   "   binary *\n"
		   "    unary -\n"
		   "     int 1\n"
		   "    int 2\n");
}

UNIT_TEST(casts)
{
	CHECK_BODY("(int32)$x; (uint8 *)$p; (struct task_struct *)curtask; (union u)$x; (enum e)$x",
		   "  cast (int32)\n"
		   "   var $x\n"
		   "  cast (uint8 *)\n"
		   "   var $p\n"
		   "  cast (struct task_struct *)\n"
		   "   builtin curtask\n"
		   "  cast (union u)\n"
		   "   var $x\n"
		   "  cast (enum e)\n"
		   "   var $x\n");
	CHECK_BODY("(unsigned long)$x; (long long)$x; (u64)$x; (pid_t)$x; (foo **)$x; (uint8[4])$x; (const char *)$p; (bool)$x",
		   "  cast (unsigned long)\n"
		   "   var $x\n"
		   "  cast (long long)\n"
		   "   var $x\n"
		   "  cast (u64)\n"
		   "   var $x\n"
		   "  cast (pid_t)\n"
		   "   var $x\n"
		   "  cast (foo **)\n"
		   "   var $x\n"
		   "  cast (uint8[4])\n"
		   "   var $x\n"
		   "  cast (const char *)\n"
		   "   var $p\n"
		   "  cast (bool)\n"
		   "   var $x\n");
	CHECK_BODY("$a = (int8)-1 + 2; $b = (int64)$x->f",
		   "  assign =\n"
		   "   var $a\n"
		   "   binary +\n"
		   "    cast (int8)\n"
		   "     unary -\n"
		   "      int 1\n"
		   "    int 2\n"
		   "  assign =\n"
		   "   var $b\n"
		   "   cast (int64)\n"
		   "    field ->f\n"
		   "     var $x\n");
	CHECK_BODY("(TASK_RUNNING); (pid); (comm); (a * b)",
		   "  ident TASK_RUNNING\n"
		   "  builtin pid\n"
		   "  builtin comm\n"
		   "  binary *\n"
		   "   ident a\n"
		   "   ident b\n");
}

UNIT_TEST(postfix_and_primaries)
{
	CHECK_BODY("@m[1, \"a\"]; @; @[comm]; $x[2][3]; $s.a.b; $p->a->b; $t.0; $t.1.0; f().x; \"abc\"[0]",
		   "  map @m\n"
		   "   int 1\n"
		   "   string \"a\"\n"
		   "  map @\n"
		   "  map @\n"
		   "   builtin comm\n"
		   "  index\n"
		   "   index\n"
		   "    var $x\n"
		   "    int 2\n"
		   "   int 3\n"
		   "  field .b\n"
		   "   field .a\n"
		   "    var $s\n"
		   "  field ->b\n"
		   "   field ->a\n"
		   "    var $p\n"
		   "  field .0\n"
		   "   var $t\n"
		   "  field .0\n"
		   "   field .1\n"
		   "    var $t\n"
		   "  field .x\n"
		   "   call f\n"
		   "  index\n"
		   "   string \"abc\"\n"
		   "   int 0\n");
	CHECK_BODY("args.filename; args->filename; arg0; arg12; sarg3; retval; curtask->pid; ctx; probe; func; cpu; ncpus; elapsed; rand; cgroup; username; jiffies; usermode; numaid; cpid; uid; gid; tid; kstack; ustack",
		   "  field .filename\n"
		   "   builtin args\n"
		   "  field ->filename\n"
		   "   builtin args\n"
		   "  builtin arg0\n"
		   "  builtin arg12\n"
		   "  builtin sarg3\n"
		   "  builtin retval\n"
		   "  field ->pid\n"
		   "   builtin curtask\n"
		   "  builtin ctx\n"
		   "  builtin probe\n"
		   "  builtin func\n"
		   "  builtin cpu\n"
		   "  builtin ncpus\n"
		   "  builtin elapsed\n"
		   "  builtin rand\n"
		   "  builtin cgroup\n"
		   "  builtin username\n"
		   "  builtin jiffies\n"
		   "  builtin usermode\n"
		   "  builtin numaid\n"
		   "  builtin cpid\n"
		   "  builtin uid\n"
		   "  builtin gid\n"
		   "  builtin tid\n"
		   "  builtin kstack\n"
		   "  builtin ustack\n");
	CHECK_BODY("TASK_RUNNING; true; foo(1, 2); printf(\"%d\\n\", 1); count(); kstack(perf, 10); ustack(raw); kstack(); $x.if",
		   "  ident TASK_RUNNING\n"
		   "  ident true\n"
		   "  call foo\n"
		   "   int 1\n"
		   "   int 2\n"
		   "  call printf\n"
		   "   string \"%d\\n\"\n"
		   "   int 1\n"
		   "  call count\n"
		   "  call kstack\n"
		   "   ident perf\n"
		   "   int 10\n"
		   "  call ustack\n"
		   "   ident raw\n"
		   "  call kstack\n"
		   "  field .if\n"
		   "   var $x\n");
	CHECK_BODY("$t = (1, \"two\", (3, 4)); $u = (pid, comm)",
		   "  assign =\n"
		   "   var $t\n"
		   "   tuple\n"
		   "    int 1\n"
		   "    string \"two\"\n"
		   "    tuple\n"
		   "     int 3\n"
		   "     int 4\n"
		   "  assign =\n"
		   "   var $u\n"
		   "   tuple\n"
		   "    builtin pid\n"
		   "    builtin comm\n");
	/* records: a name and '=' after '(' (not '==', not a cast) */
	CHECK_BODY("$r = (a = 1, b = \"x\", c = (d = 2)); $e = (a == 1); $f = (uint32)(a = 3).a",
		   "  assign =\n"
		   "   var $r\n"
		   "   record (a, b, c)\n"
		   "    int 1\n"
		   "    string \"x\"\n"
		   "    record (d)\n"
		   "     int 2\n"
		   "  assign =\n"
		   "   var $e\n"
		   "   binary ==\n"
		   "    ident a\n"
		   "    int 1\n"
		   "  assign =\n"
		   "   var $f\n"
		   "   cast (uint32)\n"
		   "    field .a\n"
		   "     record (a)\n"
		   "      int 3\n");
	CHECK_ERR("BEGIN { $r = (a = 1, a = 2); }",
		  "t.bt:1:22: error: duplicate field 'a' in a record\n"
		  "BEGIN { $r = (a = 1, a = 2); }\n"
		  "                     ^\n");
	CHECK_ERR("BEGIN { $r = (a = 1, 2); }",
		  "t.bt:1:22: error: a record names all its elements: write 'NAME = value' (a tuple names none)\n"
		  "BEGIN { $r = (a = 1, 2); }\n"
		  "                     ^\n");
	CHECK_ERR("BEGIN { $r = (1, a = 2); }",
		  "t.bt:1:18: error: a tuple's elements have no names: name every element to make a record\n"
		  "BEGIN { $r = (1, a = 2); }\n"
		  "                 ^\n");
	CHECK_BODY("sizeof(struct task_struct); sizeof($x); sizeof(uint32); sizeof(int); sizeof(x); offsetof(struct foo, bar); offsetof(struct foo, a.b.c)",
		   "  sizeof (struct task_struct)\n"
		   "  sizeof\n"
		   "   var $x\n"
		   "  sizeof (uint32)\n"
		   "  sizeof (int)\n"
		   "  sizeof\n"
		   "   ident x\n"
		   "  offsetof (struct foo, bar)\n"
		   "  offsetof (struct foo, a.b.c)\n");
}

UNIT_TEST(assignments)
{
	CHECK_BODY("$a = 1; @b = 2; @c[1] = 3; $a += 1; $a -= 1; $a *= 1; $a /= 1; $a %= 1; $a &= 1; $a |= 1; $a ^= 1; $a <<= 1; $a >>= 1",
		   "  assign =\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign =\n"
		   "   map @b\n"
		   "   int 2\n"
		   "  assign =\n"
		   "   map @c\n"
		   "    int 1\n"
		   "   int 3\n"
		   "  assign +=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign -=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign *=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign /=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign %=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign &=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign |=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign ^=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign <<=\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign >>=\n"
		   "   var $a\n"
		   "   int 1\n");
	CHECK_BODY("@x[pid, comm] += 1; @ = count()",
		   "  assign +=\n"
		   "   map @x\n"
		   "    builtin pid\n"
		   "    builtin comm\n"
		   "   int 1\n"
		   "  assign =\n"
		   "   map @\n"
		   "   call count\n");
}

UNIT_TEST(increment_decrement)
{
	CHECK_BODY("$a++; $a--; ++$a; --$a; @m++; @m[1]--; ++@m[2]; $b = $a++ + 1",
		   "  incdec post ++\n"
		   "   var $a\n"
		   "  incdec post --\n"
		   "   var $a\n"
		   "  incdec pre ++\n"
		   "   var $a\n"
		   "  incdec pre --\n"
		   "   var $a\n"
		   "  incdec post ++\n"
		   "   map @m\n"
		   "  incdec post --\n"
		   "   map @m\n"
		   "    int 1\n"
		   "  incdec pre ++\n"
		   "   map @m\n"
		   "    int 2\n"
		   "  assign =\n"
		   "   var $b\n"
		   "   binary +\n"
		   "    incdec post ++\n"
		   "     var $a\n"
		   "    int 1\n");
}

UNIT_TEST(if_else_chains)
{
	CHECK_BODY("if ($a) { 1 }",
		   "  if\n"
		   "   var $a\n"
		   "   then\n"
		   "    int 1\n");
	CHECK_BODY("if ($a) { 1; } else { 2; }",
		   "  if\n"
		   "   var $a\n"
		   "   then\n"
		   "    int 1\n"
		   "   else\n"
		   "    int 2\n");
	CHECK_BODY("if ($a) { 1 } else if ($b) { 2 } else if ($c) { 3 } else { 4 }",
		   "  if\n"
		   "   var $a\n"
		   "   then\n"
		   "    int 1\n"
		   "   else\n"
		   "    if\n"
		   "     var $b\n"
		   "     then\n"
		   "      int 2\n"
		   "     else\n"
		   "      if\n"
		   "       var $c\n"
		   "       then\n"
		   "        int 3\n"
		   "       else\n"
		   "        int 4\n");
	CHECK_BODY("if ($a) {} else {}",
		   "  if\n"
		   "   var $a\n"
		   "   then\n");
	CHECK_BODY("if ($a) { if ($b) { 1 } }",
		   "  if\n"
		   "   var $a\n"
		   "   then\n"
		   "    if\n"
		   "     var $b\n"
		   "     then\n"
		   "      int 1\n");
}

UNIT_TEST(loops)
{
	CHECK_BODY("while ($i < 10) { $i++; if ($i == 5) { break; } continue }",
		   "  while\n"
		   "   binary <\n"
		   "    var $i\n"
		   "    int 10\n"
		   "   body\n"
		   "    incdec post ++\n"
		   "     var $i\n"
		   "    if\n"
		   "     binary ==\n"
		   "      var $i\n"
		   "      int 5\n"
		   "     then\n"
		   "      break\n"
		   "    continue\n");
	CHECK_BODY("unroll(3) { @x++ }",
		   "  unroll\n"
		   "   int 3\n"
		   "   body\n"
		   "    incdec post ++\n"
		   "     map @x\n");
	CHECK_BODY("for ($kv : @m) { print($kv.0); }",
		   "  for $kv\n"
		   "   map @m\n"
		   "   body\n"
		   "    call print\n"
		   "     field .0\n"
		   "      var $kv\n");
	CHECK_BODY("for ($i : 0..10) { print($i) }",
		   "  for $i\n"
		   "   range\n"
		   "    int 0\n"
		   "    int 10\n"
		   "   body\n"
		   "    call print\n"
		   "     var $i\n");
	CHECK_BODY("for $i : 1..$n + 1 { }",
		   "  for $i\n"
		   "   range\n"
		   "    int 1\n"
		   "    binary +\n"
		   "     var $n\n"
		   "     int 1\n"
		   "   body\n");
	CHECK_BODY("for ($i : ((uint64)0)..((uint64)$max)) { }",
		   "  for $i\n"
		   "   range\n"
		   "    cast (uint64)\n"
		   "     int 0\n"
		   "    cast (uint64)\n"
		   "     var $max\n"
		   "   body\n");
}

UNIT_TEST(other_statements)
{
	CHECK_BODY("return; ",
		   "  return\n");
	CHECK_BODY("return",
		   "  return\n");
	CHECK_BODY("return 1;",
		   "  return\n"
		   "   int 1\n");
	CHECK_BODY("break; continue",
		   "  break\n"
		   "  continue\n");
	CHECK_BODY("let $x; let $y = 1; let $z: int64 = 2; let $p: struct task_struct * = curtask; let $q: uint8[4]",
		   "  let $x\n"
		   "  let $y\n"
		   "   int 1\n"
		   "  let $z : int64\n"
		   "   int 2\n"
		   "  let $p : struct task_struct *\n"
		   "   builtin curtask\n"
		   "  let $q : uint8[4]\n");
	CHECK_BODY("{ $a = 1; { $b = 2 } }",
		   "  block\n"
		   "   assign =\n"
		   "    var $a\n"
		   "    int 1\n"
		   "   block\n"
		   "    assign =\n"
		   "     var $b\n"
		   "     int 2\n");
	CHECK_BODY(";;; $a = 1;;; $b = 2;;",
		   "  assign =\n"
		   "   var $a\n"
		   "   int 1\n"
		   "  assign =\n"
		   "   var $b\n"
		   "   int 2\n");
	CHECK_BODY("",
		   "");
}

UNIT_TEST(probes_and_predicates)
{
	CHECK_AST(
		"BEGIN{}END{}i:s:1{exit()}",
		"probe BEGIN\n"
		" body\n"
		"probe END\n"
		" body\n"
		"probe i:s:1\n"
		" body\n"
		"  call exit\n");
	CHECK_AST(
		"tracepoint:a:b,\n"
		"\n"
		"  tracepoint:a:c,\ttracepoint:a:d /pid == 1/ { @[probe] = count() }",
		"probe tracepoint:a:b, tracepoint:a:c, tracepoint:a:d\n"
		" pred\n"
		"  binary ==\n"
		"   builtin pid\n"
		"   int 1\n"
		" body\n"
		"  assign =\n"
		"   map @\n"
		"    builtin probe\n"
		"   call count\n");
	CHECK_AST(
		"kprobe:f\n"
		"/arg0 > 10 / 2/\n"
		"{ }\n"
		"kprobe:g / $x / { }",
		"probe kprobe:f\n"
		" pred\n"
		"  binary >\n"
		"   builtin arg0\n"
		"   binary /\n"
		"    int 10\n"
		"    int 2\n"
		" body\n"
		"probe kprobe:g\n"
		" pred\n"
		"  var $x\n"
		" body\n");
	CHECK_AST(
		"// c1\n"
		"BEGIN /* c2 */ { /* c3 */ printf(\"x\") // c4\n"
		"}\n",
		"probe BEGIN\n"
		" body\n"
		"  call printf\n"
		"   string \"x\"\n");
	CHECK_AST(
		"uprobe:\"/path with space\":f,usdt:/x:prov:p { }",
		"probe uprobe:/path with space:f, usdt:/x:prov:p\n"
		" body\n");
	CHECK_AST(
		"software:cpu-clock:100000 { @[cpu] = count() }",
		"probe software:cpu-clock:100000\n"
		" body\n"
		"  assign =\n"
		"   map @\n"
		"    builtin cpu\n"
		"   call count\n");
}

UNIT_TEST(preamble)
{
	CHECK_AST(
		"#include <linux/sched.h>\n"
		"#include <my.h>\n"
		"#define RED \"\\033[31m\"\n"
		"struct S {\n"
		"  int x;\n"
		"  struct { int y; } z;\n"
		"}\n"
		"union U { int a; long b; };\n"
		"enum E { A, B = 2 };\n"
		"typedef unsigned int u32;\n"
		"BEGIN { }",
		"c_definitions\n"
		" #include <linux/sched.h>\n"
		" #include <my.h>\n"
		" #define RED \"\\033[31m\"\n"
		" struct S {\n"
		"   int x;\n"
		"   struct { int y; } z;\n"
		" }\n"
		" union U { int a; long b; };\n"
		" enum E { A, B = 2 };\n"
		" typedef unsigned int u32;\n"
		"probe BEGIN\n"
		" body\n");
	CHECK_AST(
		"config = {\n"
		"  stack_mode = perf;\n"
		"  max_map_keys = 2;\n"
		"  str_trunc_trailer = \"..\"\n"
		"}\n"
		"let @a = hash(10);\n"
		"let @b = lruhash(1_000);\n"
		"let @c = percpuhash(5)\n"
		"let @d = percpulruhash(7);\n"
		"BEGIN { }",
		"config stack_mode\n"
		" string \"perf\"\n"
		"config max_map_keys\n"
		" int 2\n"
		"config str_trunc_trailer\n"
		" string \"..\"\n"
		"map_decl @a hash 10\n"
		"map_decl @b lruhash 1000\n"
		"map_decl @c percpuhash 5\n"
		"map_decl @d percpulruhash 7\n"
		"probe BEGIN\n"
		" body\n");
	CHECK_AST(
		"#ifndef BPFTRACE_HAVE_BTF\n"
		"#if X\n"
		"struct a { int x; };\n"
		"#endif\n"
		"#else\n"
		"#include <b.h>\n"
		"#endif\n"
		"BEGIN { }",
		"c_definitions\n"
		" #ifndef BPFTRACE_HAVE_BTF\n"
		" #if X\n"
		" struct a { int x; };\n"
		" #endif\n"
		" #else\n"
		" #include <b.h>\n"
		" #endif\n"
		"probe BEGIN\n"
		" body\n");
	CHECK_AST(
		"config = { }\n"
		"BEGIN { }",
		"probe BEGIN\n"
		" body\n");
}

UNIT_TEST(positional_parameters)
{
	{
		char *params[] = { "42", "0x10", "-5", "hello" };
		char *out = run(
				"BEGIN { $a = $1; $b = $2; $c = $3; $d = $4; $e = $5; $f = $#; }",
				4, params);
		CHECK_STR(out,
			  "probe BEGIN\n"
			  " body\n"
			  "  assign =\n"
			  "   var $a\n"
			  "   int 42\n"
			  "  assign =\n"
			  "   var $b\n"
			  "   int 16\n"
			  "  assign =\n"
			  "   var $c\n"
			  "   unary -\n"
			  "    int 5\n"
			  "  assign =\n"
			  "   var $d\n"
			  "   string \"hello\"\n"
			  "  assign =\n"
			  "   var $e\n"
			  "   int 0\n"
			  "  assign =\n"
			  "   var $f\n"
			  "   int 4\n");
		free(out);
	}
	{
		char *params[] = { "42", "0x10", "-5", "hello" };
		char *out = run(
				"BEGIN { $a = str($1); $b = str($4); $c = str($9); $d = str($4 + 2); $e = str($1, 8); $f = str($1 * 2); }",
				4, params);
		CHECK_STR(out,
			  "probe BEGIN\n"
			  " body\n"
			  "  assign =\n"
			  "   var $a\n"
			  "   string \"42\"\n"
			  "  assign =\n"
			  "   var $b\n"
			  "   string \"hello\"\n"
			  "  assign =\n"
			  "   var $c\n"
			  "   string \"\"\n"
			  "  assign =\n"
			  "   var $d\n"
			  "   string \"llo\"\n"
			  "  assign =\n"
			  "   var $e\n"
			  "   call str\n"
			  "    string \"42\"\n"
			  "    int 8\n"
			  "  assign =\n"
			  "   var $f\n"
			  "   call str\n"
			  "    binary *\n"
			  "     int 42\n"
			  "     int 2\n");
		free(out);
	}
	{
		char *params[] = { "/bin/sh", "ba", "sh" };
		char *out = run(
				"uprobe:$1:main,uprobe:/bin/$2$3:f { }",
				3, params);
		CHECK_STR(out,
			  "probe uprobe:/bin/sh:main, uprobe:/bin/bash:f\n"
			  " body\n");
		free(out);
	}
	CHECK_AST(
		"BEGIN /$1 == pid/ { }",
		"probe BEGIN\n"
		" pred\n"
		"  binary ==\n"
		"   int 0\n"
		"   builtin pid\n"
		" body\n");
	{
		char *params[] = { "08", "1a" };
		char *out = run(
				"BEGIN { print(($1, $2)) }",
				2, params);
		CHECK_STR(out,
			  "probe BEGIN\n"
			  " body\n"
			  "  call print\n"
			  "   tuple\n"
			  "    string \"08\"\n"
			  "    string \"1a\"\n");
		free(out);
	}
}

UNIT_TEST(syntax_errors)
{
	CHECK_AST(
		"BEGIN { $x = 1 $y = 2 }",
		"t.bt:1:16: error: syntax error: unexpected variable '$y', expecting ';'\n"
		"BEGIN { $x = 1 $y = 2 }\n"
		"               ^~\n");
	CHECK_AST(
		"BEGIN {\n"
		"\tprintf(\"hi\")\n"
		"\texit()\n"
		"}",
		"t.bt:3:2: error: syntax error: unexpected identifier 'exit', expecting ';'\n"
		"\texit()\n"
		"\t^~~~\n");
	CHECK_AST(
		"BEGIN { printf(\"a\\q\") }",
		"t.bt:1:18: error: invalid escape '\\q'\n"
		"BEGIN { printf(\"a\\q\") }\n"
		"                 ^~\n");
	CHECK_AST(
		"BEGIN { printf(\"abc) }",
		"t.bt:1:16: error: unterminated string\n"
		"BEGIN { printf(\"abc) }\n"
		"               ^\n");
	CHECK_AST(
		"BEGIN { x /* never closed",
		"t.bt:1:11: error: unterminated comment\n"
		"BEGIN { x /* never closed\n"
		"          ^~\n");
	CHECK_AST(
		"{ exit() }",
		"t.bt:1:1: error: syntax error: unexpected '{', expecting attach point\n"
		"{ exit() }\n"
		"^\n");
	CHECK_AST(
		"BEGIN, { }",
		"t.bt:1:8: error: syntax error: unexpected '{', expecting attach point\n"
		"BEGIN, { }\n"
		"       ^\n");
	CHECK_AST(
		"BEGIN { if $x { } }",
		"t.bt:1:12: error: syntax error: unexpected variable '$x', expecting '('\n"
		"BEGIN { if $x { } }\n"
		"           ^~\n");
	CHECK_AST(
		"BEGIN { if ($x) $y = 1; }",
		"t.bt:1:17: error: syntax error: unexpected variable '$y', expecting '{'\n"
		"BEGIN { if ($x) $y = 1; }\n"
		"                ^~\n");
	CHECK_AST(
		"BEGIN { if ($x) { } else $y = 1; }",
		"t.bt:1:26: error: syntax error: unexpected variable '$y', expecting '{' or 'if'\n"
		"BEGIN { if ($x) { } else $y = 1; }\n"
		"                         ^~\n");
	CHECK_AST(
		"BEGIN { while ($x) $x--; }",
		"t.bt:1:20: error: syntax error: unexpected variable '$x', expecting '{'\n"
		"BEGIN { while ($x) $x--; }\n"
		"                   ^~\n");
	CHECK_AST(
		"BEGIN { @x[ = 1 }",
		"t.bt:1:13: error: syntax error: unexpected '=', expecting expression\n"
		"BEGIN { @x[ = 1 }\n"
		"            ^\n");
	CHECK_AST(
		"BEGIN { @x[] = 1 }",
		"t.bt:1:12: error: syntax error: unexpected ']', expecting map key\n"
		"BEGIN { @x[] = 1 }\n"
		"           ^\n");
	CHECK_AST(
		"BEGIN { f(1, }",
		"t.bt:1:14: error: syntax error: unexpected '}', expecting expression\n"
		"BEGIN { f(1, }\n"
		"             ^\n");
	CHECK_AST(
		"BEGIN /pid/ exit() }",
		"t.bt:1:20: error: syntax error: unexpected '}', expecting '/'\n"
		"BEGIN /pid/ exit() }\n"
		"                   ^\n");
	CHECK_AST(
		"kprobe:f /arg0 > 1 { }",
		"t.bt:1:20: error: syntax error: unexpected '{', expecting '/'\n"
		"kprobe:f /arg0 > 1 { }\n"
		"                   ^\n");
	CHECK_AST(
		"BEGIN { exit()",
		"t.bt:1:15: error: syntax error: unexpected end of file, expecting '}'\n"
		"BEGIN { exit()\n"
		"              ^\n");
	CHECK_AST(
		"BEGIN { $x = (1, 2; }",
		"t.bt:1:19: error: syntax error: unexpected ';', expecting ',' or ')'\n"
		"BEGIN { $x = (1, 2; }\n"
		"                  ^\n");
	CHECK_AST(
		"BEGIN { else { } }",
		"t.bt:1:9: error: syntax error: 'else' without a matching 'if'\n"
		"BEGIN { else { } }\n"
		"        ^~~~\n");
	CHECK_AST(
		"BEGIN { $x = 1 ? 2; }",
		"t.bt:1:19: error: syntax error: unexpected ';', expecting ':'\n"
		"BEGIN { $x = 1 ? 2; }\n"
		"                  ^\n");
	CHECK_AST(
		"BEGIN { $x.; }",
		"t.bt:1:12: error: syntax error: unexpected ';', expecting field name\n"
		"BEGIN { $x.; }\n"
		"           ^\n");
	CHECK_AST(
		"BEGIN { $x->0; }",
		"t.bt:1:13: error: syntax error: unexpected integer '0', expecting field name\n"
		"BEGIN { $x->0; }\n"
		"            ^\n");
	CHECK_AST(
		"BEGIN { $x = $0; }",
		"t.bt:1:14: error: $0 is not a positional parameter: they start at $1\n"
		"BEGIN { $x = $0; }\n"
		"             ^~\n");
	CHECK_AST(
		"BEGIN { for ($x : 5) { } }",
		"t.bt:1:19: error: syntax error: a for loop iterates over a map (@m) or a range (lo..hi)\n"
		"BEGIN { for ($x : 5) { } }\n"
		"                  ^\n");
	CHECK_AST(
		"BEGIN { for (x : @m) { } }",
		"t.bt:1:14: error: syntax error: unexpected identifier 'x', expecting variable\n"
		"BEGIN { for (x : @m) { } }\n"
		"             ^\n");
	CHECK_AST(
		"BEGIN { for ($x : @m[1]) { } }",
		"t.bt:1:19: error: syntax error: a for loop iterates over a map (@m) or a range (lo..hi)\n"
		"BEGIN { for ($x : @m[1]) { } }\n"
		"                  ^~~~~\n");
	CHECK_AST(
		"BEGIN { for ($x in @m) { } }",
		"t.bt:1:17: error: syntax error: unexpected identifier 'in', expecting ':'\n"
		"BEGIN { for ($x in @m) { } }\n"
		"                ^~\n");
	CHECK_AST(
		"BEGIN { let @m = hash(1); }",
		"t.bt:1:13: error: map declarations (let @m = hash(N);) belong before the probes\n"
		"BEGIN { let @m = hash(1); }\n"
		"            ^~\n");
	CHECK_AST(
		"BEGIN { let x; }",
		"t.bt:1:13: error: syntax error: unexpected identifier 'x', expecting variable\n"
		"BEGIN { let x; }\n"
		"            ^\n");
	CHECK_AST(
		"BEGIN { $a = $b = 1; }",
		"t.bt:1:17: error: syntax error: unexpected '=', expecting ';'\n"
		"BEGIN { $a = $b = 1; }\n"
		"                ^\n");
	CHECK_AST(
		"BEGIN { $x = (struct)$y; }",
		"t.bt:1:21: error: syntax error: unexpected ')', expecting type name\n"
		"BEGIN { $x = (struct)$y; }\n"
		"                    ^\n");
	CHECK_AST(
		"BEGIN { $x = offsetof(struct a b); }",
		"t.bt:1:32: error: syntax error: unexpected identifier 'b', expecting ','\n"
		"BEGIN { $x = offsetof(struct a b); }\n"
		"                               ^\n");
	CHECK_AST(
		"BEGIN { $x = sizeof 4; }",
		"t.bt:1:21: error: syntax error: unexpected integer '4', expecting '('\n"
		"BEGIN { $x = sizeof 4; }\n"
		"                    ^\n");
	CHECK_AST(
		"BEGIN { } }",
		"t.bt:1:11: error: syntax error: unexpected '}', expecting attach point\n"
		"BEGIN { } }\n"
		"          ^\n");
	CHECK_AST(
		"BEGIN { } config = { a = 1 }",
		"t.bt:1:11: error: the config block must come before any probe\n"
		"BEGIN { } config = { a = 1 }\n"
		"          ^~~~~~\n");
	CHECK_AST(
		"config = { a = 1 b = 2 }",
		"t.bt:1:18: error: syntax error: unexpected identifier 'b', expecting ';'\n"
		"config = { a = 1 b = 2 }\n"
		"                 ^\n");
	CHECK_AST(
		"config = { 1 = 2 }",
		"t.bt:1:12: error: syntax error: unexpected integer '1', expecting config key\n"
		"config = { 1 = 2 }\n"
		"           ^\n");
	CHECK_AST(
		"config = { a = { } }",
		"t.bt:1:16: error: syntax error: unexpected '{', expecting config value\n"
		"config = { a = { } }\n"
		"               ^\n");
	CHECK_AST(
		"let @m = array(10);",
		"t.bt:1:10: error: unknown map type 'array' (expecting hash, lruhash, percpuhash or percpulruhash)\n"
		"let @m = array(10);\n"
		"         ^~~~~\n");
	CHECK_AST(
		"let @m = hash(x);",
		"t.bt:1:15: error: syntax error: unexpected identifier 'x', expecting integer\n"
		"let @m = hash(x);\n"
		"              ^\n");
	CHECK_AST(
		"let $m = hash(1);",
		"t.bt:1:5: error: syntax error: unexpected variable '$m', expecting map\n"
		"let $m = hash(1);\n"
		"    ^~\n");
	CHECK_AST(
		"fn f() { }",
		"t.bt:1:1: error: 'fn' is not supported by sonde\n"
		"fn f() { }\n"
		"^~\n");
	CHECK_AST(
		"#ifndef FOO\n"
		"struct a { int x; }\n",
		"t.bt:1:1: error: unterminated conditional directive: missing #endif\n"
		"#ifndef FOO\n"
		"^~~~~~~~~~~\n");
	CHECK_AST(
		"struct a { int x;",
		"t.bt:1:1: error: unterminated struct definition\n"
		"struct a { int x;\n"
		"^~~~~~\n");
	CHECK_AST(
		"struct a } BEGIN { }",
		"t.bt:1:10: error: syntax error: unexpected '}', expecting ';'\n"
		"struct a } BEGIN { }\n"
		"         ^\n");
	CHECK_AST(
		"BEGIN { str($3 + 9) }",
		"t.bt:1:13: error: str($3 + 9) reaches past the end of the parameter (0 bytes)\n"
		"BEGIN { str($3 + 9) }\n"
		"            ^~\n");
	CHECK_AST(
		"BEGIN { $x = 1 +; }",
		"t.bt:1:17: error: syntax error: unexpected ';', expecting expression\n"
		"BEGIN { $x = 1 +; }\n"
		"                ^\n");
	CHECK_AST(
		"BEGIN { $x = (uint8 *****************)0; }",
		"t.bt:1:29: error: too many '*' in a type name\n"
		"BEGIN { $x = (uint8 *****************)0; }\n"
		"                            ^\n");
	CHECK_AST(
		"BEGIN { @x = count() } tracepoint:a:b /@x/ { return 1 2 }",
		"t.bt:1:55: error: syntax error: unexpected integer '2', expecting ';'\n"
		"BEGIN { @x = count() } tracepoint:a:b /@x/ { return 1 2 }\n"
		"                                                      ^\n");
}

/* ---- whole tools, as bpftrace ships them (older spellings included) ---- */

UNIT_TEST(tool_opensnoop)
{
	CHECK_AST(opensnoop_src, opensnoop_ast);
}

UNIT_TEST(tool_biolatency)
{
	CHECK_AST(biolatency_src, biolatency_ast);
}

UNIT_TEST(tool_runqlat)
{
	CHECK_AST(runqlat_src, runqlat_ast);
}

UNIT_TEST(tool_tcplife)
{
	CHECK_AST(tcplife_src, tcplife_ast);
}

/* ---- limits: nothing may exhaust the stack ---- */

/* "BEGIN { " pre*n mid post*m end " }" */
static char *nest_src(const char *pre, int n, const char *mid, const char *post, int m, const char *end)
{
	size_t lp = strlen(pre), lm = strlen(mid), lq = strlen(post), le = strlen(end);
	char *s = xmalloc(lp * n + lm + lq * m + le + 32), *o = s;

	o += sprintf(o, "BEGIN { ");
	for (int i = 0; i < n; i++, o += lp)
		memcpy(o, pre, lp);
	memcpy(o, mid, lm);
	o += lm;
	for (int i = 0; i < m; i++, o += lq)
		memcpy(o, post, lq);
	sprintf(o, "%s }", end);
	return s;
}

/* 1: refused as too deep, 0: parsed, -1: some other error. */
static int nesting(const char *pre, int n, const char *mid, const char *post, int m, const char *end)
{
	char *src = nest_src(pre, n, mid, post, m, end);
	char *out = run(src, 0, NULL);
	int r = strstr(out, "error: syntax error: nesting is too deep (more than 256 levels)") ? 1 :
		strstr(out, "error:") ? -1 : 0;

	if (r < 0)
		fprintf(stderr, "unexpected: %.200s\n", out);
	free(src);
	free(out);
	return r;
}

UNIT_TEST(nesting_limits)
{
	CHECK_INT(nesting("(", 100, "1", ")", 100, ""), 0);
	CHECK_INT(nesting("(", 300, "1", ")", 300, ""), 1);
	CHECK_INT(nesting("(", 200000, "1", ")", 200000, ""), 1);
	CHECK_INT(nesting("-", 100, "1", "", 0, ""), 0);
	CHECK_INT(nesting("!", 100000, "1", "", 0, ""), 1);
	CHECK_INT(nesting("(int8)", 1000, "1", "", 0, ""), 1);
	CHECK_INT(nesting("1 + ", 200, "1", "", 0, ""), 0);
	CHECK_INT(nesting("1 + ", 100000, "1", "", 0, ""), 1);
	CHECK_INT(nesting("$x ? 1 : ", 1000, "1", "", 0, ""), 1);
	CHECK_INT(nesting("{", 100, "1", "}", 100, ""), 0);
	CHECK_INT(nesting("{", 1000, "1", "}", 1000, ""), 1);
	CHECK_INT(nesting("if (1) {", 1000, "", "}", 1000, ""), 1);
	CHECK_INT(nesting("if (1) { } else ", 100, "{ }", "", 0, ""), 0);
	CHECK_INT(nesting("if (1) { } else ", 1000, "{ }", "", 0, ""), 1);
	CHECK_INT(nesting("while (1) {", 1000, "", "}", 1000, ""), 1);
	CHECK_INT(nesting("f(", 1000, "", ")", 1000, ""), 1);
	CHECK_INT(nesting("@x[", 1000, "1", "]", 1000, ""), 1);
	CHECK_INT(nesting("", 0, "$x", ".a", 1000, ""), 1);
	CHECK_INT(nesting("", 0, "$x", "[0]", 1000, ""), 1);
	CHECK_INT(nesting("", 0, "$x", "++", 1000, ""), 1);
	/* Long flat lists are fine: only depth is limited. */
	CHECK_INT(nesting("$x = 1; ", 20000, "", "", 0, ""), 0);
	CHECK_INT(nesting("", 0, "printf(\"\"", ", 1", 5000, ")"), 0);
	CHECK_INT(nesting("", 0, "$t = (0", ", 1", 5000, ")"), 0);
}

/* ---- the tables and the dump's details ---- */

UNIT_TEST(name_tables)
{
	int idx = -1;

	CHECK_INT(builtin_lookup("pid", &idx), BI_PID);
	CHECK_INT(idx, 0);
	CHECK_INT(builtin_lookup("arg7", &idx), BI_ARG);
	CHECK_INT(idx, 7);
	CHECK_INT(builtin_lookup("sarg12", &idx), BI_SARG);
	CHECK_INT(idx, 12);
	CHECK_INT(builtin_lookup("args", &idx), BI_ARGS);
	CHECK_INT(builtin_lookup("arg", &idx), -1);
	CHECK_INT(builtin_lookup("argx", &idx), -1);
	CHECK_INT(builtin_lookup("arg123456", &idx), -1);
	CHECK_INT(builtin_lookup("sarg", NULL), -1);
	CHECK_INT(builtin_lookup("nosuch", NULL), -1);
	CHECK_INT(builtin_lookup(NULL, NULL), -1);
	for (int b = 0; b < BI_MAX; b++) {
		if (b == BI_ARG || b == BI_SARG)
			continue;
		CHECK_INT(builtin_lookup(builtin_name(b), NULL), b);
	}
	CHECK_STR(builtin_name(BI_ARG), "arg");
	CHECK_STR(builtin_name(BI_MAX), "?");

	for (int f = F_UNKNOWN + 1; f < F_KIND_MAX; f++) {
		CHECK(strcmp(func_name(f), "?") != 0);
		/* comm(PID) is the builtin comm with an argument until the checker sees it */
		CHECK_INT(func_lookup(func_name(f)), f == F_COMM_PID ? F_UNKNOWN : f);
	}
	CHECK_INT(func_lookup("printf"), F_PRINTF);
	CHECK_INT(func_lookup("has_key"), F_HAS_KEY);
	CHECK_INT(func_lookup("cgroup_path"), F_CGROUP_PATH);
	CHECK_INT(func_lookup("percpu_kaddr"), F_PERCPU_KADDR);
	CHECK_INT(func_lookup("printff"), F_UNKNOWN);
	CHECK_INT(func_lookup(NULL), F_UNKNOWN);
	CHECK_STR(func_name(F_UNKNOWN), "?");

	CHECK_STR(binop_str(BIN_SHL), "<<");
	CHECK_STR(binop_str(BIN_LAND), "&&");
	CHECK_STR(binop_str(BIN_NONE), "");
	CHECK_STR(unop_str(UN_BNOT), "~");
	CHECK_STR(unop_str(UN_ADDR), "&");
}

UNIT_TEST(unknown_calls_are_kept)
{
	jmp_buf jb;
	const char *src = "BEGIN { prinft(\"x\"); kstack(perf, 3); }";

	diag_set_source("t.bt", src);
	if (setjmp(jb) == 0) {
		diag_catch(&jb);
		struct ast_program *p = parse_program(src, 0, NULL);
		struct node *call = p->probes->body->operand;
		CHECK_INT(call->kind, N_CALL);
		CHECK_INT(call->func, F_UNKNOWN);
		CHECK_STR(call->name, "prinft");
		CHECK_INT(call->nargs, 1);
		struct node *ks = p->probes->body->next->operand;
		CHECK_INT(ks->func, F_KSTACK);
		CHECK_INT(ks->nargs, 2);
		CHECK_INT(ks->args->kind, N_IDENT);
		CHECK_STR(ks->args->name, "perf");
	} else {
		CHECK(!"parse failed");
	}
	diag_catch(NULL);
	arena_free_all();
}

/* Parses src, which must succeed; the caller frees the arena. */
static struct ast_program *parse_ok(const char *src)
{
	static jmp_buf jb;

	diag_set_source("t.bt", src);
	if (setjmp(jb)) {
		diag_catch(NULL);
		return NULL;
	}
	diag_catch(&jb);
	struct ast_program *p = parse_program(src, 0, NULL);
	diag_catch(NULL);
	return p;
}

UNIT_TEST(node_fields_and_locations)
{
	struct ast_program *p = parse_ok("config = { max_strlen = 64 }\n"
					 "let @h = hash(8);\n"
					 "BEGIN, tracepoint:a:b\n"
					 "/pid/ {\n"
					 "  @m[1, 2] = $x + (uint32)args.foo;\n"
					 "  for ($kv : @h) { }\n"
					 "  for ($i : 1..5) { let $y: int32 = $t.3; }\n"
					 "  $a[7] = 1;\n"
					 "}\n"
					 "END {}");
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_INT(p->nprobes, 2);
	CHECK(p->c_definitions == NULL);
	CHECK_STR(p->config->key, "max_strlen");
	CHECK_INT(p->config->value->kind, N_INT);
	CHECK_INT(p->config->value->ival, 64);
	CHECK_STR(p->map_decls->name, "h");
	CHECK_STR(p->map_decls->kind, "hash");
	CHECK_INT(p->map_decls->max_entries, 8);
	CHECK_INT(p->map_decls->loc.line, 2);

	struct ast_probe *pr = p->probes;
	CHECK_INT(pr->index, 0);
	CHECK_INT(pr->next->index, 1);
	CHECK_STR(pr->attach->text, "BEGIN");
	CHECK_STR(pr->attach->next->text, "tracepoint:a:b");
	CHECK_INT(pr->attach->next->loc.line, 3);
	CHECK_INT(pr->attach->next->loc.col, 8);
	CHECK_INT(pr->attach->next->loc.len, 14);
	CHECK_INT(pr->pred->kind, N_BUILTIN);
	CHECK_INT(pr->pred->loc.line, 4);
	CHECK_INT(pr->pred->loc.col, 2);

	struct node *s = pr->body;
	CHECK_INT(s->kind, N_EXPR_STMT);
	struct node *a = s->operand;
	CHECK_INT(a->kind, N_ASSIGN);
	CHECK_INT(a->op, BIN_NONE);
	CHECK_INT(a->loc.line, 5);
	CHECK_INT(a->loc.col, 3);
	CHECK_INT(a->loc.len, 32);
	CHECK_INT(a->lhs->kind, N_MAP);
	CHECK_INT(a->lhs->nargs, 2);
	CHECK_INT(a->lhs->loc.len, 8);
	CHECK_INT(a->rhs->kind, N_BINARY);
	CHECK_INT(a->rhs->loc.col, 14);
	CHECK_INT(a->rhs->loc.len, 21);
	struct node *cast = a->rhs->rhs;
	CHECK_INT(cast->kind, N_CAST);
	CHECK_STR(cast->type_name, "uint32");
	CHECK_INT(cast->operand->kind, N_FIELD);
	CHECK_STR(cast->operand->name, "foo");
	CHECK(!cast->operand->is_arrow);
	CHECK_INT(cast->operand->loc.len, 8);

	s = s->next;
	CHECK_INT(s->kind, N_FOR);
	CHECK(!s->is_range);
	CHECK_STR(s->name, "kv");
	CHECK_INT(s->lhs->kind, N_VAR);
	CHECK_INT(s->rhs->kind, N_MAP);
	CHECK(s->body == NULL);

	s = s->next;
	CHECK_INT(s->kind, N_FOR);
	CHECK(s->is_range);
	CHECK_INT(s->nargs, 2);
	CHECK_INT(s->args->ival, 1);
	CHECK_INT(s->args->next->ival, 5);
	struct node *let = s->body;
	CHECK_INT(let->kind, N_LET);
	CHECK_STR(let->name, "y");
	CHECK_STR(let->lhs->name, "y");
	CHECK_STR(let->type_name, "int32");
	CHECK_INT(let->rhs->kind, N_FIELD);
	CHECK(let->rhs->name == NULL);
	CHECK_INT(let->rhs->index, 3);

	s = s->next;
	a = s->operand;
	CHECK_INT(a->lhs->kind, N_INDEX);
	CHECK_INT(a->lhs->operand->kind, N_VAR);
	CHECK_INT(a->lhs->rhs->ival, 7);
	CHECK(s->next == NULL);
	arena_free_all();
}

UNIT_TEST(dump_shows_types)
{
	struct ast_program *p = parse_ok("BEGIN { $x = 1 + pid; }");
	CHECK(p != NULL);
	if (!p)
		return;
	struct node *a = p->probes->body->operand;
	a->type = &type_void;
	a->lhs->type = &type_s64;
	a->rhs->type = &type_u64;
	a->rhs->lhs->type = &type_u8;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	ast_dump(f, p);
	fclose(f);
	CHECK_STR(out, "probe BEGIN\n"
		       " body\n"
		       "  assign = :: void\n"
		       "   var $x :: int64\n"
		       "   binary + :: uint64\n"
		       "    int 1 :: uint8\n"
		       "    builtin pid\n");
	free(out);
	arena_free_all();
}

/* macro definitions: parameters by kind, the body's statements, and its value (the last expression without ';') */
UNIT_TEST(macro_definitions)
{
	CHECK_AST("macro one() { 1 }\n"
		  "macro add($x, @m, e) { $x += 1; @m = e; $x }\n"
		  "macro stmt() { print(1); }\n"
		  "BEGIN { print(add($a, @b, 1 + 2)); stmt(); one; }",
		  "macro one()\n"
		  " body\n"
		  " value\n"
		  "  int 1\n"
		  "macro add($x, @m, e)\n"
		  " body\n"
		  "  assign +=\n"
		  "   var $x\n"
		  "   int 1\n"
		  "  assign =\n"
		  "   map @m\n"
		  "   ident e\n"
		  " value\n"
		  "  var $x\n"
		  "macro stmt()\n"
		  " body\n"
		  "  call print\n"
		  "   int 1\n"
		  "probe BEGIN\n"
		  " body\n"
		  "  call print\n"
		  "   call add\n"
		  "    var $a\n"
		  "    map @b\n"
		  "    binary +\n"
		  "     int 1\n"
		  "     int 2\n"
		  "  call stmt\n"
		  "  ident one\n");
	/* an assignment is a statement, never the value; an empty body has neither */
	CHECK_AST("macro m($x) { $x = 1 } macro e() { }",
		  "macro m($x)\n"
		  " body\n"
		  "  assign =\n"
		  "   var $x\n"
		  "   int 1\n"
		  "macro e()\n"
		  " body\n");
	CHECK_ERR("macro m() { 1 } macro m() { 2 }",
		  "t.bt:1:23: error: macro 'm' is already defined, at line 1, for these arguments\n"
		  "macro m() { 1 } macro m() { 2 }\n"
		  "                      ^\n");
	/* overloads: other counts, or $var/@map before a plain name; not a plain name before them */
	CHECK_AST("macro m(x) { 1 } macro m(x, y) { 2 } macro m() { 3 }",
		  "macro m(x)\n body\n value\n  int 1\n"
		  "macro m(x, y)\n body\n value\n  int 2\n"
		  "macro m()\n body\n value\n  int 3\n");
	CHECK_ERR("macro m(@a, y) { 1 } macro m(x, $y) { 2 } macro m(x, y) { 3 } macro m(@b, $z) { 4 }",
		  "t.bt:1:69: error: macro 'm' is already defined, at line 1, for these arguments (a definition "
		  "with $var or @map parameters goes before one with plain names)\n"
		  "macro m(@a, y) { 1 } macro m(x, $y) { 2 } macro m(x, y) { 3 } macro m(@b, $z) { 4 }\n"
		  "                                                                    ^\n");
	CHECK_ERR("macro m(x, $y, x) { 1 }",
		  "t.bt:1:16: error: macro 'm' has two parameters named 'x'\n"
		  "macro m(x, $y, x) { 1 }\n"
		  "               ^\n");
	CHECK_ERR("macro m(1) { 1 }",
		  "t.bt:1:9: error: syntax error: unexpected integer '1', expecting a parameter ($var, @map or name)\n"
		  "macro m(1) { 1 }\n"
		  "        ^\n");
	CHECK_ERR("macro m(comm) { 1 }",
		  "t.bt:1:9: error: 'comm' is a builtin: it cannot name a macro parameter\n"
		  "macro m(comm) { 1 }\n"
		  "        ^~~~\n");
	CHECK_ERR("macro printf() { 1 }",
		  "t.bt:1:7: error: 'printf' is a builtin function: a macro cannot take its name\n"
		  "macro printf() { 1 }\n"
		  "      ^~~~~~\n");
}

/* { statements; value } as an expression */
UNIT_TEST(block_expressions)
{
	CHECK_BODY("$a = { let $b = 1; $b + 1 }; print({ 2 })",
		   "  assign =\n"
		   "   var $a\n"
		   "   block_expr\n"
		   "    let $b\n"
		   "     int 1\n"
		   "    value\n"
		   "     binary +\n"
		   "      var $b\n"
		   "      int 1\n"
		   "  call print\n"
		   "   block_expr\n"
		   "    value\n"
		   "     int 2\n");
	CHECK_ERR("BEGIN { $a = { $b = 1; }; }",
		  "t.bt:1:14: error: a block used as a value must end with an expression that has no ';' after it\n"
		  "BEGIN { $a = { $b = 1; }; }\n"
		  "             ^\n");
}

/* getopt() is replaced by a literal while parsing, as positional parameters are */
UNIT_TEST(getopt_named_params)
{
	struct named_param np[] = { { "aa", "20", false }, { "dd", NULL, false }, { "ee", "false", false } };

	parse_set_named_params(np, 3);
	CHECK_BODY("$a = (getopt(\"aa\", 1), getopt(\"dd\"), getopt(\"ee\"), getopt(\"zz\", \"x\"))",
		   "  assign =\n"
		   "   var $a\n"
		   "   tuple\n"
		   "    int 20\n"
		   "    int 1\n"
		   "    int 0\n"
		   "    string \"x\"\n");
	CHECK(np[0].used && np[1].used && np[2].used);
	CHECK(!parse_named_params_unused());
	np[0].used = false;
	CHECK(parse_named_params_unused());
	parse_set_named_params(NULL, 0);
}

/* ---- robustness: every prefix of a real script parses or fails cleanly ---- */

UNIT_TEST(prefixes_and_mutations_never_crash)
{
	const char *srcs[] = { opensnoop_src, biolatency_src, runqlat_src, tcplife_src };
	const char junk[] = "{}()[]/\"'$@#;,.:-+*!~<>=|&^?0x\\\n";
	unsigned seed = 1;

	for (size_t i = 0; i < ARRAY_SIZE(srcs); i++) {
		size_t n = strlen(srcs[i]);
		char *buf = xmalloc(n + 1);
		for (size_t len = 0; len <= n; len++) {
			memcpy(buf, srcs[i], len);
			buf[len] = '\0';
			free(run(buf, 0, NULL));
		}
		for (int k = 0; k < 2000; k++) {
			memcpy(buf, srcs[i], n + 1);
			seed = seed * 1103515245 + 12345;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245 + 12345;
			buf[at] = junk[(seed >> 8) % (sizeof(junk) - 1)];
			free(run(buf, 0, NULL));
		}
		free(buf);
	}
	CHECK(1);
}

UNIT_MAIN()
