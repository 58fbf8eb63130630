/*
 * runtime.h: from a compiled program to running probes and printed results.
 *
 *   runtime_load -> runtime_attach -> runtime_run -> runtime_destroy
 *
 * Load creates the maps, patches map ids to fds in the instructions (ld_imm64
 * with BPF_PSEUDO_MAP_FD carries the map id until then) and loads every
 * program; a verifier rejection is reported against the script line the
 * failing instruction came from. Attach uses bpf links and perf event fds the
 * process owns, so everything detaches when it exits, however it exits.
 */
#ifndef SONDE_RUNTIME_H
#define SONDE_RUNTIME_H

#include "output.h"
#include "prog.h"
#include <stdio.h>

struct runtime;

struct runtime_opts {
	FILE *out;                 /* maps and printf output (stdout or -o FILE) */
	enum output_format format;
	bool quiet;                /* -q: no "Attached" message */
	bool dry_run;              /* --dry-run: load and attach, then stop before begin runs */
	bool verbose;              /* -v */
	bool dump_verifier;        /* -d verifier: print the verifier log of every program */
	int exit_pid;              /* -p: stop when this process exits (0: none) */
	/*
	 * -o x.svg: maps whose keys hold stacks are drawn as a flame graph into
	 * this file at exit instead of printed; everything else goes to `out`.
	 */
	FILE *svg_out;
	uint64_t duration_ms;      /* tools' -d: stop after this long (0: no limit) */
	/* Called once begin probes have run, before events are read (-c starts its command here). */
	void (*on_start)(void *arg);
	void *on_start_arg;
};

int runtime_load(struct sonde_prog *p, const struct runtime_opts *opts, struct runtime **out);
/* Attaches every program. */
int runtime_attach(struct runtime *rt);
/* The "Attached N probes" message (unless -q): what scripts and users wait for to begin. */
void runtime_announce(struct runtime *rt);
/*
 * Prints the "Attached N probes" message once its signal handlers are in
 * place (a SIGUSR1 sent on seeing it must find them), reads events until
 * exit(), SIGINT/SIGTERM or the watched process ends, runs end probes,
 * prints the maps (unless config says not to) and the lost-event counts.
 * Returns the process exit status.
 */
int runtime_run(struct runtime *rt);
void runtime_destroy(struct runtime *rt);

/*
 * ---- tracefs: tracepoints and their formats ----
 * Mounts tracefs at /sys/kernel/tracing when it is not mounted and we are root;
 * otherwise fails with a message that says how.
 */
const char *tracefs_dir(void);
/* The tracepoint's fields (without common_*), as a TY_RECORD "struct CAT_NAME_args". NULL, errno = ENOENT when absent. */
struct type *tracefs_tp_format(const char *cat, const char *name);
/* Parses the text of a tracepoint's format file into the same record (cat "syscalls": user pointers). */
struct type *tracefs_parse_format(const char *text, const char *cat);
/* The tracepoint's perf event id; -errno on failure (-ENOENT: no such tracepoint). */
int tracefs_tp_id(const char *cat, const char *name);
/* Calls fn for every tracepoint whose CAT and NAME match the globs; returns how many matched. */
int tracefs_tp_foreach(const char *cat_glob, const char *name_glob,
		       void (*fn)(const char *cat, const char *name, void *arg), void *arg);

/* -l [PATTERN]: prints matching probes, one a line. */
int list_probes(FILE *out, const char *pattern);
/* -lv: the same, with each tracepoint's fields ("    int dfd") under its name. */
int list_probes_verbose(FILE *out, const char *pattern, bool verbose);

#endif
