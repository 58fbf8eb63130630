/*
 * main.c: the command line. bpftrace's options, so users' habits carry over:
 *   sonde [options] script.bt [args...]
 *   sonde [options] -e 'program' [args...]
 *   sonde -l [pattern]
 */
#include "info.h"
#include "ast.h"
#include "fmt.h"
#include "cinclude.h"
#include "dwunwind.h"
#include "import.h"
#include "diag.h"
#include "ir.h"
#include "lexer.h"
#include "macro.h"
#include "output.h"
#include "probe.h"
#include "render.h"
#include "tools.h"
#include "kernel_probe.h"
#include "runtime.h"
#include "sema.h"
#include "symbolize.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/bpf.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum dump_stage { DUMP_TOKENS = 1, DUMP_AST = 2, DUMP_TYPES = 4, DUMP_IR = 8, DUMP_BPF = 16, DUMP_VERIFIER = 32 };
/* the stages that print and stop before loading */
#define DUMP_COMPILER (DUMP_TOKENS | DUMP_AST | DUMP_TYPES | DUMP_IR | DUMP_BPF)

/* -k: failed probe reads and map updates are reported as they happen */
static bool warn_helper_errors;

static void usage(FILE *f)
{
	fputs("USAGE:\n"
	      "    sonde [options] filename [args...]\n"
	      "    sonde [options] -e 'program' [args...]\n"
	      "    sonde -l [pattern]\n"
	      "    sonde -l script.bt\n"
	      "    sonde --fmt script.bt\n"
	      "    sonde TOOL [tool options]     (sonde tools lists them: execsnoop, biolatency, ...)\n"
	      "    sonde flamegraph|heatmap ...  (renderers; -h for each)\n"
	      "\n"
	      "OPTIONS:\n"
	      "    -e PROGRAM     run PROGRAM\n"
	      "    -l [PATTERN]   list probes (tracepoints, software and hardware events, ...)\n"
	      "    -o FILE        write output to FILE instead of stdout\n"
	      "    -B MODE        output buffering: none, line or full\n"
	      "    -f FORMAT      output format: text (default) or json\n"
	      "    -q             quiet: no \"Attached N probes\" message\n"
	      "    -v             verbose\n"
	      "    -p PID         trace only process PID (its probes fire only in it); stop when it exits\n"
	      "    -c CMD         run CMD with the probes attached (cpid), and stop when it exits\n"
	      "    --dwarf-pid PID  the process whose unwind tables dw_ustack loads, without -p's filter\n"
	      "    -d STAGE       print a compiler stage and stop: tokens, ast, types, ir, bpf;\n"
	      "                   or 'verifier' to print the verifier's log and run\n"
	      "    --unsafe       allow functions with side effects (system, signal, cat)\n"
	      "    --dry-run      compile, load and attach, then stop: nothing runs or prints\n"
	      "    --fmt          print the script formatted (canonical form, comments kept) and stop\n"
	      "    -k             warn when a probe read or a map update fails at run time\n"
	      "    --no-warnings  print no warnings\n"
	      "    --info         what this kernel offers sonde (helpers, map and probe types)\n"
	      "    -I DIR         look for #include'd headers in DIR too (their C definitions)\n"
	      "    --include FILE read FILE's C definitions first, as if #include'd at the top\n"
	      "    --debuginfo DIR  look for separate debug files (uprobe args) in DIR too\n"
	      "    --usdt-file-activation, --btf  accepted as bpftrace's (sonde always behaves so)\n"
	      "    -h, --help     this help\n"
	      "    -V, --version  sonde's version\n"
	      "\n"
	      "EXAMPLES:\n"
	      "    sonde -l '*sleep*'\n"
	      "    sonde -e 'tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args.filename)); }'\n"
	      "    sonde -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'\n"
	      "    sonde -e 'tracepoint:syscalls:sys_exit_read /args.ret > 0/ { @bytes = hist(args.ret); }'\n",
	      f);
}

static int parse_stage(const char *s)
{
	static const struct { const char *name; int bit; } stages[] = {
		{ "tokens", DUMP_TOKENS }, { "ast", DUMP_AST }, { "types", DUMP_TYPES }, { "ir", DUMP_IR },
		{ "bpf", DUMP_BPF }, { "verifier", DUMP_VERIFIER }, { "all", DUMP_COMPILER },
	};
	for (size_t i = 0; i < ARRAY_SIZE(stages); i++)
		if (!strcmp(s, stages[i].name))
			return stages[i].bit;
	return 0;
}

static void dump_tokens(FILE *f, const char *src)
{
	struct lexer lx;
	lexer_init(&lx, src);
	for (;;) {
		struct token t = lexer_next(&lx);
		fprintf(f, "%d:%d %s", t.loc.line, t.loc.col, tok_kind_name(t.kind));
		if (t.kind == TOK_INT)
			fprintf(f, " %llu", (unsigned long long)t.value);
		else if (t.text)
			fprintf(f, " %.*s", t.text_len, t.text);
		fputc('\n', f);
		if (t.kind == TOK_EOF)
			break;
	}
}

/* Whether the running kernel is release major.minor or later (false when unknown). */
static bool kernel_at_least(int want_major, int want_minor)
{
	struct utsname u;
	int major = 0, minor = 0;
	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > want_major || (major == want_major && minor >= want_minor);
}

/*
 * -c CMD: the command is forked at once (so `cpid` is known when compiling)
 * but waits on a pipe until every probe is attached and begin has run, so
 * that probes see its first instruction. As bpftrace, CMD is split into
 * words as a shell would and executed itself, no shell in between (so its
 * first execve is the command's).
 */
struct child {
	pid_t pid;
	int go_fd;
};

static int child_spawn(struct child *c, const char *cmd)
{
	int fds[2];
	char **argv = split_words(cmd);

	if (!argv || !argv[0]) {
		free_words(argv);
		return -EINVAL;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		free_words(argv);
		return -errno;
	}
	c->pid = fork();
	if (c->pid < 0) {
		int err = -errno;
		close(fds[0]);
		close(fds[1]);
		free_words(argv);
		return err;
	}
	if (c->pid == 0) {
		char go;
		close(fds[1]);
		/* EOF instead of a byte: sonde failed before starting us */
		if (read(fds[0], &go, 1) != 1)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "sonde: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	free_words(argv);
	close(fds[0]);
	c->go_fd = fds[1];
	return 0;
}

/* --dwarf-pid, else -p: the process whose unwind tables dw_ustack loads (else the -c command) */
static int dwarf_pid;
/* the program being run: child_start loads the command's unwind table into it */
static struct sonde_prog *running_prog;

static void child_start(void *arg)
{
	struct child *c = arg;
	struct sonde_prog *p = running_prog;
	/*
	 * dw_ustack needs the command's libraries mapped before its first
	 * event: it runs under ptrace to its entry point (the loader has
	 * mapped them by then), its table is loaded, and it goes on.
	 */
	bool dw = p && p->dw_rows_map >= 0 && p->dw_pid == c->pid && c->go_fd >= 0;
	int err = dw ? dwunwind_child_seize(c->pid) : 0;
	if (err) {
		diag_warn(NULL, "dw_ustack: cannot trace the command to load its unwind tables: %s", strerror(-err));
		/* its table comes once it has exec'd, when sonde sees its mappings change */
		dwunwind_watch(p);
		dw = false;
	}
	if (c->go_fd >= 0) {
		if (write(c->go_fd, "g", 1) != 1)
			fprintf(stderr, "sonde: cannot start the command: %s\n", strerror(errno));
		close(c->go_fd);
		c->go_fd = -1;
	}
	if (!dw)
		return;
	err = dwunwind_child_to_entry(c->pid);
	if (!err) {
		dwunwind_map_load(p);
	} else if (err != -ESRCH) {
		diag_warn(NULL, "dw_ustack: cannot run the command to its entry point: %s", strerror(-err));
		dwunwind_watch(p);
	}
	dwunwind_child_release(c->pid);
}

/* -l with a program: the concrete attach points it names, wildcards expanded. */
static int list_program(const char *filename, const char *src)
{
	jmp_buf jb;

	diag_set_source(filename, src);
	if (setjmp(jb)) {
		diag_catch(NULL);
		return 1;
	}
	diag_catch(&jb);
	struct ast_program *ast = parse_program(src, 0, NULL);
	int err = import_resolve(ast, cinclude_script(), 0, NULL);
	diag_catch(NULL);
	if (err)
		return 1;
	attach_vec aps = { 0 };
	int bad = 0;
	for (struct ast_probe *p = ast->probes; p; p = p->next)
		for (struct ast_attach *a = p->attach; a; a = a->next)
			if (probe_expand(a, !p->attach->next, &aps) < 0)
				bad++;
	for (size_t i = 0; !bad && i < aps.len; i++)
		printf("%s\n", aps.data[i].name);
	vec_free(&aps);
	return bad ? 1 : 0;
}

static void prog_free(struct sonde_prog *prog)
{
	for (int i = 0; i < prog->nprogs; i++) {
		free(prog->progs[i].insns);
		free(prog->progs[i].insn_locs);
		ir_func_free(prog->progs[i].ir);
	}
	free(prog->progs);
	free(prog->consts);
	free(prog);
}

/* Parse, check, lower and emit; 0, or 1 after the errors were reported. */
static int compile(struct sonde_prog *prog, const char *src, int nparams, char **params, int dump)
{
	struct sema_result sr = { 0 };
	jmp_buf jb;

	/* prog is a pointer set before setjmp, so it survives the longjmp of a syntax error */
	if (setjmp(jb)) {
		diag_catch(NULL);
		return 1;
	}
	diag_catch(&jb);
	if (dump & DUMP_TOKENS)
		dump_tokens(stdout, src);
	if (dump == DUMP_TOKENS) {
		diag_catch(NULL);
		return 0;
	}
	struct ast_program *ast = parse_program(src, nparams, params);
	/* imported scripts and headers join the tree as parsed */
	int err = import_resolve(ast, cinclude_script(), nparams, params);
	/* the tree as parsed: the checker's types come with -d types */
	if (!err && (dump & DUMP_AST))
		ast_dump(stdout, ast);
	prog->boot_start_ns = now_ns(CLOCK_MONOTONIC);
	/* macros expand into the probes before checking: -d types shows the tree expanded */
	if (!err)
		err = macro_expand(ast);
	if (!err)
		err = sema_check(ast, prog, &sr);
	if (!err && (dump & DUMP_TYPES))
		sema_dump(stdout, prog, &sr, ast);
	/* signed division in one instruction: 6.6 (BPF ISA v4) */
	ir_codegen_set_sdiv(kernel_at_least(6, 6));
	prog->comm_padded = kernel_at_least(6, 4);
	if (!err)
		err = lower_program(&sr, prog);
	if (!err && (dump & DUMP_IR))
		for (int i = 0; i < prog->nprogs; i++)
			ir_dump(stdout, prog->progs[i].ir);
	if (!err)
		err = codegen_program(prog);
	diag_catch(NULL);
	if (err < 0 || diag_error_count())
		return 1;
	if (dump & DUMP_BPF)
		for (int i = 0; i < prog->nprogs; i++) {
			printf("%s:\n", prog->progs[i].name);
			bpf_disasm(stdout, prog->progs[i].insns, prog->progs[i].ninsns);
		}
	return 0;
}

/*
 * sonde's PID namespace when it is not the initial one (a container): pid and tid
 * then read the ids seen from it, as bpftrace's do. PROC_PID_INIT_INO is the initial
 * namespace's fixed inode; the device goes to the kernel in its own dev_t layout.
 */
/* A live process's id from an option: 0, or sonde's exit status after saying what is wrong (2 usage, 1 no such process). */
static int parse_pid(const char *opt, const char *arg, int *pid)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || v <= 0 || v > INT32_MAX) {
		fprintf(stderr, "sonde: %s needs a process id, not '%s'\n", opt, arg);
		return 2;
	}
	if (kill(v, 0) && errno == ESRCH) {
		fprintf(stderr, "sonde: no process with pid %ld\n", v);
		return 1;
	}
	*pid = (int)v;
	return 0;
}

static void pidns_detect(struct sonde_prog *prog)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) || st.st_ino == 0xEFFFFFFCU)
		return;
	prog->pidns_dev = ((uint64_t)major(st.st_dev) << 20) | minor(st.st_dev);
	prog->pidns_ino = st.st_ino;
}

/* tables: honour the script's `// table:` and `// hist:` declarations (a tool's --bpftrace turns them off) */
static int compile_and_run(const char *filename, const char *src, int nparams, char **params, int dump,
			   struct runtime_opts *ropts, bool unsafe, int cpid, bool tables)
{
	struct sonde_prog *prog = xcalloc(1, sizeof(*prog));
	int rc = 1;

	prog->filename = filename;
	prog->source = src;
	prog->unsafe = unsafe;
	probe_set_unsafe(unsafe);
	prog->warn_helper_errors = warn_helper_errors;
	prog->cpid = cpid;
	prog->dw_pid = dwarf_pid ? dwarf_pid : cpid;
	running_prog = prog;
	pidns_detect(prog);
	diag_set_source(filename, src);
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);
	if (compile(prog, src, nparams, params, dump) || parse_named_params_unused() ||
	    (tables && (output_tables_declare(src) || output_tables_check(prog->maps, prog->nuser_maps)))) {
		output_tables_reset();
		prog_free(prog);
		return 1;
	}
	if (dump & DUMP_COMPILER) {
		prog_free(prog);
		return 0;
	}
	if (kernel_probe_check(prog) == 0) {
		struct runtime *rt = NULL;
		ropts->dump_verifier = dump & DUMP_VERIFIER;
		uint64_t t1 = now_ns(CLOCK_MONOTONIC);
		if (runtime_load(prog, ropts, &rt) == 0) {
			uint64_t t2 = now_ns(CLOCK_MONOTONIC);
			int err = runtime_attach(rt);
			/* -v: where a run's start-up time goes */
			if (ropts->verbose)
				fprintf(stderr, "sonde: compiled in %.1f ms, loaded in %.1f ms, attached in %.1f ms\n",
					(t1 - t0) / 1e6, (t2 - t1) / 1e6, (now_ns(CLOCK_MONOTONIC) - t2) / 1e6);
			if (!err && ropts->dry_run) {
				runtime_announce(rt);
				rc = 0;
			} else if (!err) {
				rc = runtime_run(rt);
			}
		}
		runtime_destroy(rt);
	}
	output_tables_reset();
	running_prog = NULL;
	prog_free(prog);
	return rc;
}

/* sonde TOOL [options] (or a link named TOOL): a shipped tool with its own options. */
static int run_tool(const struct tool *t, int argc, char **argv)
{
	struct tool_run run;
	struct runtime_opts ropts = { .out = stdout, .format = OUT_TEXT };

	if (tools_parse_args(t, argc, argv, &run) < 0)
		return 2;
	if (run.help)
		return 0;
	ropts.quiet = true;
	ropts.duration_ms = (uint64_t)(run.duration_s * 1000);
	if (run.folded)
		ropts.format = OUT_FOLDED;
	/* user-space probes of a tool given -p resolve libraries in, and fire only in, that process */
	if (run.pid > 0)
		probe_set_target_pid(run.pid);
	char *filename = xasprintf("tools/%s.bt", t->name);
	int rc = compile_and_run(filename, run.script, run.nparams, run.params, 0, &ropts, false, 0,
				 !run.bpftrace_maps);
	free(filename);
	tools_run_free(&run);
	arena_free_all();
	return rc;
}

/* Named parameters live as long as the process: main returns from many places. */
static struct named_param *named;
static int nnamed;

static void named_free(void)
{
	for (int i = 0; i < nnamed; i++)
		free((char *)named[i].name);
	free(named);
}

static void named_param_add(struct named_param *np, int *n, const char *arg)
{
	const char *eq = strchr(arg + 2, '=');

	np[*n].name = eq ? xstrndup(arg + 2, eq - arg - 2) : xstrdup(arg + 2);
	np[*n].value = eq ? eq + 1 : NULL;
	np[*n].used = false;
	(*n)++;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "unsafe", no_argument, NULL, 'U' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "fmt", no_argument, NULL, 'M' },
		{ "include", required_argument, NULL, 'N' },
		{ "usdt-file-activation", no_argument, NULL, 'A' },
		{ "no-warnings", no_argument, NULL, 'W' },
		{ "btf", no_argument, NULL, 'T' },
		{ "info", no_argument, NULL, 'F' },
		{ "debuginfo", required_argument, NULL, 'G' },
		{ "dwarf-pid", required_argument, NULL, 'P' },
		{ 0 },
	};
	struct runtime_opts ropts = { .out = stdout, .format = OUT_TEXT };
	const char *program = NULL, *outfile = NULL, *command = NULL;
	bool list = false, unsafe = false, format = false;
	int buffering = -1;   /* -B: _IONBF, _IOLBF, _IOFBF; -1: stdio's default */
	int dump = 0, opt;

	const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (strcmp(self, "sonde") && tools_find(self))
		return run_tool(tools_find(self), argc, argv);
	if (argc > 1 && argv[1][0] != '-') {
		if (!strcmp(argv[1], "tools")) {
			tools_list(stdout);
			return 0;
		}
		if (!strcmp(argv[1], "flamegraph"))
			return flamegraph_main(argc - 1, argv + 1);
		if (!strcmp(argv[1], "heatmap"))
			return heatmap_main(argc - 1, argv + 1);
		if (tools_find(argv[1]))
			return run_tool(tools_find(argv[1]), argc - 1, argv + 1);
	}

	/* --name[=value] that is not one of sonde's options: a named program parameter (getopt()) */
	named = xcalloc(argc, sizeof(*named));
	atexit(named_free);
	opterr = 0;
	/*
	 * Options stop at the script file (or -l's pattern), then a second pass reads those
	 * right after it, so `sonde x.bt -c CMD` and `sonde -l PATTERN -p PID` work as in
	 * bpftrace; after the first non-option there, the rest are the script's parameters.
	 */
	int script_at = -1;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			if (program || optind >= argc || !strcmp(argv[optind], "--"))
				break;
			script_at = optind++;
		}
		while ((opt = getopt_long(argc, argv, "+e:lo:f:qvp:d:c:hVB:I:k", longopts, NULL)) != -1) {
			if (opt == '?' && optopt == 0 && optind > 1 && !strncmp(argv[optind - 1], "--", 2)) {
				named_param_add(named, &nnamed, argv[optind - 1]);
				continue;
			}
			switch (opt) {
			case 'e':
				program = optarg;
				break;
			case 'l':
				list = true;
				break;
			case 'o':
				outfile = optarg;
				break;
			case 'f':
				if (!strcmp(optarg, "json"))
					ropts.format = OUT_JSON;
				else if (!strcmp(optarg, "folded"))
					ropts.format = OUT_FOLDED;
				else if (strcmp(optarg, "text")) {
					fprintf(stderr, "sonde: unknown output format '%s' (use text, json or folded)\n", optarg);
					return 2;
				}
				break;
			case 'q':
				ropts.quiet = true;
				break;
			case 'v':
				ropts.verbose = true;
				break;
			case 'p': {
				int pid, rc = parse_pid("-p", optarg, &pid);
				if (rc)
					return rc;
				ropts.exit_pid = pid;
				/* user-space probes resolve through its mappings and fire only in it; kernel ones test it */
				probe_set_target_pid(pid);
				probe_set_filter_pid(pid);
				if (!dwarf_pid)
					dwarf_pid = pid;
				break;
			}
			case 'P': {
				/* dw_ustack's process, without -p's filtering (bpftrace's --dwarf-pid) */
				int pid, rc = parse_pid("--dwarf-pid", optarg, &pid);
				if (rc)
					return rc;
				dwarf_pid = pid;
				break;
			}
			case 'c':
				command = optarg;
				break;
			case 'd': {
				int s = parse_stage(optarg);
				if (!s) {
					fprintf(stderr, "sonde: unknown stage '%s' for -d (tokens, ast, types, ir, bpf, verifier, all)\n",
						optarg);
					return 2;
				}
				dump |= s;
				break;
			}
			case 'B':
				/* bpftrace's -B: how printed output reaches stdout or -o's file */
				if (!strcmp(optarg, "none")) {
					buffering = _IONBF;
				} else if (!strcmp(optarg, "line")) {
					buffering = _IOLBF;
				} else if (!strcmp(optarg, "full")) {
					buffering = _IOFBF;
				} else {
					fprintf(stderr, "sonde: unknown buffer mode '%s' for -B (none, line, full)\n",
						optarg);
					return 2;
				}
				break;
			case 'W':
				diag_set_no_warnings(true);
				break;
			case 'A':
				/* the kernel sets USDT semaphores of every process mapping the file (uprobe ref_ctr) */
				break;
			case 'T':
				/* bpftrace's --btf (use BTF for kernel types): sonde always does */
				break;
			case 'U':
				unsafe = true;
				break;
			case 'D':
				ropts.dry_run = true;
				break;
			case 'M':
				format = true;
				break;
			case 'I':
				cinclude_add_dir(optarg);
				break;
			case 'k':
				warn_helper_errors = true;
				break;
			case 'N':
				cinclude_add_file(optarg);
				break;
			case 'G':
				usym_add_debug_dir(optarg);
				break;
			case 'h':
				usage(stdout);
				return 0;
			case 'V':
				printf("sonde %s\n", SONDE_VERSION);
				return 0;
			case 'F':
				info_print(stdout, SONDE_VERSION);
				return 0;
			default:
				if (optopt == 'N')
					fprintf(stderr, "sonde: option '--include' needs a file\n");
				else if (optopt == 'G')
					fprintf(stderr, "sonde: option '--debuginfo' needs a directory\n");
				else if (optopt && strchr("eofpdcBI", optopt))
					fprintf(stderr, "sonde: option '-%c' needs a value\n", optopt);
				else if (optopt)
					fprintf(stderr, "sonde: unknown option '-%c'\n", optopt);
				usage(stderr);
				return 2;
			}
		}
	}

	if (list) {
		if (program)
			return list_program("stdin", program);
		const char *pattern = script_at >= 0 ? argv[script_at] : NULL;
		/* sonde -l x.bt: the probes of that script, as bpftrace lists them */
		size_t plen = pattern ? strlen(pattern) : 0;
		if (plen > 3 && !strcmp(pattern + plen - 3, ".bt")) {
			char *script = read_file(pattern, NULL);
			if (script) {
				cinclude_set_script(pattern);
				return list_program(pattern, script);
			}
			fprintf(stderr, "sonde: warning: '%s' looks like a script file, but cannot be read (%s): "
				"taking it as a pattern\n", pattern, strerror(errno));
		}
		int n = list_probes_verbose(stdout, pattern, ropts.verbose);
		if (n == 0 && pattern)
			fprintf(stderr, "sonde: no probes match '%s'\n", pattern);
		return n <= 0 ? 1 : 0;
	}

	const char *filename = "stdin";
	char *src = NULL;
	if (!program) {
		if (script_at < 0 && optind >= argc) {
			usage(stderr);
			return 2;
		}
		filename = script_at >= 0 ? argv[script_at] : argv[optind++];
		/* as bpftrace: "-" reads the program from stdin */
		src = read_file(strcmp(filename, "-") ? filename : "/dev/stdin", NULL);
		if (!strcmp(filename, "-"))
			filename = "stdin";
		else
			cinclude_set_script(filename);
		if (!src) {
			fprintf(stderr, "sonde: cannot read '%s': %s\n", filename, strerror(errno));
			return 1;
		}
		program = src;
	}
	/* --fmt stops after parsing: no kernel, no root */
	if (format) {
		int rc = fmt_program(stdout, filename, program);
		free(src);
		arena_free_all();
		return rc;
	}
	/* -o x.svg: the stack maps become a flame graph there; other output stays on stdout */
	size_t olen = outfile ? strlen(outfile) : 0;
	bool svg = olen > 4 && !strcasecmp(outfile + olen - 4, ".svg");
	if (outfile) {
		FILE *f = fopen(outfile, "w");
		if (!f) {
			fprintf(stderr, "sonde: cannot open '%s': %s\n", outfile, strerror(errno));
			free(src);
			return 1;
		}
		if (svg)
			ropts.svg_out = f;
		else
			ropts.out = f;
	}
	if (buffering >= 0)
		setvbuf(ropts.out, NULL, buffering, 0);
	struct child child = { .pid = 0, .go_fd = -1 };
	bool running = !(dump & DUMP_COMPILER);
	if (command) {
		/* watchpoint:FUNC+argN finds FUNC in the command's program */
		char **words = split_words(command);
		if (words && words[0])
			probe_set_command(arena_strdup(words[0]));
		free_words(words);
	}
	if (command && running) {
		int err = child_spawn(&child, command);
		if (err < 0) {
			fprintf(stderr, "sonde: cannot start '%s': %s\n", command,
				err == -EINVAL ? "no command, or an unterminated quote or trailing '\\'" : strerror(-err));
			return 1;
		}
		ropts.exit_pid = child.pid;
		ropts.on_start = child_start;
		ropts.on_start_arg = &child;
	}
	/* after the program: positional parameters, and named ones anywhere among them */
	int nparams = 0;
	char **params = xcalloc(argc + 1, sizeof(*params));
	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			continue;
		if (!strncmp(argv[i], "--", 2))
			named_param_add(named, &nnamed, argv[i]);
		else
			params[nparams++] = argv[i];
	}
	parse_set_named_params(named, nnamed);
	int rc = compile_and_run(filename, program, nparams, params, dump, &ropts, unsafe,
				 command ? (child.pid ? child.pid : 1) : 0, true);
	free(params);
	if (child.pid > 0) {
		if (child.go_fd >= 0)
			close(child.go_fd); /* never started: it exits on EOF */
		waitpid(child.pid, NULL, 0);
	}
	if (outfile)
		fclose(svg ? ropts.svg_out : ropts.out);
	free(src);
	arena_free_all();
	return rc;
}
