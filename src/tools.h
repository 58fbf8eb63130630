/*
 * tools.h: the classic performance tools, shipped as sonde scripts.
 *
 * Each tool is a readable script in tools/NAME.bt, compiled into the binary.
 * Its header comments declare what the command line offers, so that sonde,
 * not each script, parses options and prints help:
 *
 *   // tool: execsnoop
 *   // area: CPU and scheduler
 *   // summary: Trace new processes via exec() syscalls
 *   // option: -T --timestamp TIMESTAMP        include a time column
 *   // option: -p --pid PID=0                  trace this process only
 *   // option: -n --name NAME=""               only commands whose name is NAME
 *   // arg: interval=0                         seconds between summaries
 *   // example: sonde execsnoop -T             # with timestamps
 *   // note: free text for the help's end
 *
 * An option without `=` is a flag: its macro is 1 when given, else 0. With
 * `=DEFAULT` it takes a value (a number, or a "string" when the default is
 * quoted). Options and args become `#define NAME VALUE` lines the script uses
 * as plain identifiers; args are also the positional parameters $1, $2, ...
 * (for attach points such as interval:s:$1).
 *
 * An arg can name what to trace, as bcc's funccount, stackcount and trace do:
 *
 *   // probe-arg: PATTERN uprobe tracepoint kprobe
 *
 * says PATTERN takes those kinds, spelled t:CAT:NAME, u:LIB:FN or LIB:FN,
 * p::FN or FN (and the long provider names). Its $N is then the attach
 * point's target without the provider (the script writes `tracepoint:$1`),
 * its #define stays the text as given, and only the sections of its kind
 * remain in the script:
 *
 *   // if probe: uprobe
 *   uprobe:$1 { @[func] = count(); }
 *   // if probe: tracepoint
 *   tracepoint:$1 { @[probe] = count(); }
 *   // endif
 */
#ifndef SONDE_TOOLS_H
#define SONDE_TOOLS_H

#include <stdbool.h>
#include <stdio.h>

struct tool {
	const char *name;
	const char *script;   /* the whole script text */
};

enum tool_probe_kind {
	TOOL_PROBE_UPROBE,
	TOOL_PROBE_TRACEPOINT,
	TOOL_PROBE_KPROBE,
	TOOL_PROBE_NKINDS,
};

const struct tool *tools_find(const char *name);
/* `sonde tools`: every tool with its one-line summary, grouped by area. */
void tools_list(FILE *out);

struct tool_run {
	char *script;         /* the script with its option #defines appended (malloc'd) */
	char **params;        /* positional parameters (malloc'd array of malloc'd strings) */
	int nparams;
	int pid;              /* -p/--pid given: also the -p PID of the run (0: none) */
	bool folded;          /* a FOLDED flag was given: print stack maps as folded stacks */
	bool bpftrace_maps;   /* --bpftrace: maps as bpftrace prints them, not the script's bcc tables */
	double duration_s;    /* -d/--duration: stop after this long (0: until ^C or exit()) */
	bool help;            /* --help was printed: nothing to run */
};

/*
 * Parses a tool's command line (argv[0] is the tool name) against its
 * declared options. Prints a message and returns -EINVAL on a bad command
 * line; with --help prints the help and sets run->help.
 */
int tools_parse_args(const struct tool *t, int argc, char **argv, struct tool_run *run);
void tools_run_free(struct tool_run *run);

/* tools_probe.c */
const char *tools_probe_kind_name(enum tool_probe_kind k);
/* The kind a word names ("uprobe", ...), or -EINVAL. */
int tools_probe_kind_parse(const char *s, size_t len);
/* Splits a bcc-style spec into its kind and target (malloc'd); -EINVAL if malformed. */
int tools_probe_classify(const char *spec, enum tool_probe_kind *kind, char **target);
/*
 * The script with the `// if probe:` sections of other kinds blanked (line
 * numbers kept; malloc'd). A section ends at `// endif` or the next
 * `// if probe:`. *bad_line is the first malformed directive's line (an
 * unmatched endif, an unknown kind, a section left open), else 0.
 */
char *tools_probe_sections(const char *script, enum tool_probe_kind kind, int *bad_line);

#endif
