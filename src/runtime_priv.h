/*
 * runtime_priv.h: what the runtime's files (load.c, attach.c, events.c,
 * mapread.c) share with each other and with their kernel tests. Not part of
 * the interface the rest of sonde uses: that is runtime.h.
 */
#ifndef SONDE_RUNTIME_PRIV_H
#define SONDE_RUNTIME_PRIV_H

#include "runtime.h"
#include "util.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ring_buffer;
struct perf_event_attr;

/* Something that keeps a probe attached: a bpf link or a perf event fd. */
struct rt_attachment {
	int fd;        /* -1 once closed early (unwatch) */
	int prog;      /* index in p->progs */
	uint64_t watch_addr; /* a watchpoint's address (unwatch() closes it), else 0 */
	const struct attach_point *watch_ap; /* watchpoint:FUNC+argN: the attach point that armed it */
};

/* An address watchpoint:FUNC+argN could not watch (watch.c). */
struct rt_watch_fail {
	const struct attach_point *w;
	uint64_t addr;
};

struct runtime {
	struct sonde_prog *p;
	struct runtime_opts opts;
	FILE *out;
	int ncpus;                 /* possible CPUs: the per-CPU value count */
	VEC(struct rt_attachment) att;
	int nattached;             /* attach points, as "Attached N probes" counts them */
	struct ring_buffer *rb;
	bool stop;                 /* exit() seen */
	bool drop_events;          /* exit() seen and end not yet run: later events are dropped */
	bool begin_output;         /* reading what begin printed: an exit() does not drop it */
	int begin_err;             /* begin's run, before the other probes were attached */
	bool *multi_skipped;       /* per attach point of the program a uprobe_multi link is attaching */
	int exit_code;
	bool *full_warned;         /* per map: the "map is full" warning was printed */
	uint64_t *full_check_ns;   /* per map: when to count its keys next (events.c) */
	uint64_t *counter_buf;     /* a counters map lookup: its value's u64s */
	bool system_warned;
	/*
	 * ^C or SIGTERM: the event loop stops consuming at once (a flood of
	 * events could keep it busy for good), and system() commands still
	 * queued are not run, only counted and said.
	 */
	bool in_event_loop;
	int system_skipped;
	/* the event the loop stopped at: libbpf has consumed it, so it is kept to be handled first */
	void *held;
	size_t held_size;
	/* runtime_stacks.c */
	struct symbolizer *sym;    /* kernel and user symbols for stacks, ksym(), usym() */
	uint64_t last_pid_scan_ns; /* user stacks' pids captured (rt_stacks_scan) */
	FILE *svg_out;             /* -o x.svg: stack maps drawn here at exit; NULL otherwise */
	struct rt_skb *skb;        /* skbout.c: skboutput()'s perf buffers and pcap files */
	bool detached;             /* rt_detach ran: nothing is attached any more */
	VEC(struct rt_watch_fail) watch_fails;
};

/* skbout.c: skboutput() packets into pcap files */
int rt_skb_open(struct runtime *rt);          /* creates the files; 0 without skboutput() */
int rt_skb_fd(const struct runtime *rt);      /* to poll, or -1 */
int rt_skb_consume(struct runtime *rt);       /* packets written */
void rt_skb_close(struct runtime *rt);        /* the last packets, then the files */

/* load.c */
bool rt_map_is_percpu(const struct map_desc *m);
/* Bytes one lookup of the map returns: per-CPU maps give one rounded value per possible CPU. */
size_t rt_map_value_bytes(const struct runtime *rt, const struct map_desc *m);
/* "@x" -> "x", "@" -> "_": BPF object names are 15 chars of [A-Za-z0-9_.]. */
void rt_object_name(char dst[16], const char *name);

/* attach.c */
/* A perf event of attr for process pid (-1: all) on cpu (-1: any), the program attached to it; -errno. */
int rt_perf_attach_task(struct runtime *rt, int prog, struct perf_event_attr *attr, int pid, int cpu);
/* The same on every online CPU, or the first one only; -errno. */
int rt_attach_on_cpus(struct runtime *rt, int prog, const struct attach_point *ap, struct perf_event_attr *attr,
		      bool every_cpu);
/* Closes every link and perf event: nothing stays attached (end probes are run, never attached). */
void rt_detach(struct runtime *rt);
/* Runs every begin (or end) program once. */
int rt_run_special(struct runtime *rt, enum probe_kind kind);
/* The programs of that kind, of signal sig only when sig is not 0 (self:signal:SIGUSR1). */
int rt_run_self(struct runtime *rt, enum probe_kind kind, int sig);
/* Parses a CPU list like "0-3,5,7-8" into a malloc'd array; returns the count or -errno. */
int rt_parse_cpulist(const char *s, int **cpus);
int rt_online_cpus(int **cpus);

/* mapread.c: one map, read and merged across CPUs. */
struct mapread {
	struct map_entry *entries;
	size_t n;
	/* storage the entries point into */
	uint8_t *keys, *vals;
	size_t nraw;
	uint64_t *buckets;
};

int mapread_read(struct runtime *rt, const struct map_desc *m, struct mapread *r);
void mapread_free(struct mapread *r);
/* Reads, merges and prints a map through output_map. */
int mapread_print(struct runtime *rt, const struct map_desc *m, int64_t top, int64_t div);
/* clear(): deletes every key (array maps cannot lose keys: zeroed instead). */
int mapread_clear(struct runtime *rt, const struct map_desc *m);
/* zero(): keeps the keys, zeroes the values. */
int mapread_zero(struct runtime *rt, const struct map_desc *m);
/* Sum over CPUs of one slot of the MAP_COUNTERS map; 0 when there is none. */
uint64_t mapread_counter(struct runtime *rt, uint32_t slot);
/* How many keys the map holds (one batch lookup per few thousand); -errno. */
long mapread_count(struct runtime *rt, const struct map_desc *m);

/* runtime_stacks.c: what printing stacks and symbols needs from the runtime. */
/* Creates the symbolizer and registers the output resolver (stack maps, symbols). */
void rt_stacks_init(struct runtime *rt);
void rt_stacks_destroy(struct runtime *rt);
/*
 * Notes the processes of user stacks and usym() values in maps, so that
 * their mappings are captured while they live. Rate-limited unless force.
 */
void rt_stacks_scan(struct runtime *rt, bool force);
/* Stacks bpf_get_stackid could not store (collisions, full map): a warning at exit. */
void rt_stacks_report_lost(struct runtime *rt);
/*
 * -o x.svg: draws every map whose key holds stacks as one flame graph into
 * rt->svg_out. Returns whether a map was drawn (the caller prints the others).
 */
bool rt_stacks_write_svg(struct runtime *rt);

/* watch.c */
int rt_attach_watchpoint(struct runtime *rt, int prog, const struct attach_point *ap);
/* unwatch(ADDR): detaches the watchpoints on ADDR; the others stay. */
void rt_unwatch(struct runtime *rt, uint64_t addr);
/* EV_WATCH_ARM from arming program id: watches addr for its attach point, then resumes the process. */
void rt_watch_arm(struct runtime *rt, uint32_t id, uint64_t addr);
/* After detaching: the processes watchpoint:FUNC+argN may have stopped are resumed. */
void rt_watch_resume(struct runtime *rt);
/* At the end: how many more addresses each attach point could not watch (missing_probes = warn). */
void rt_watch_report(struct runtime *rt);

/* events.c */
int rt_event(void *ctx, void *data, size_t size);

#endif
