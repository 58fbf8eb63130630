/*
 * prog.h: a compiled script, as the compiler hands it to the runtime.
 *
 * This is the contract between the front end (parse, check, lower, emit) and
 * the back end (load, attach, read events, print): maps with their layouts,
 * BPF programs with their attach points, and the formats of the events that
 * programs send through the ring buffer. Everything a user sees printed is
 * described here, so user space never needs the AST.
 */
#ifndef SONDE_PROG_H
#define SONDE_PROG_H

#include "diag.h"
#include "types.h"
#include <linux/bpf.h>
#include <stdint.h>
#include <stdbool.h>

/* ---- probes ---- */

enum probe_kind {
	PROBE_BEGIN, PROBE_END,
	PROBE_TRACEPOINT,     /* tracepoint:CAT:NAME, t: */
	PROBE_RAWTRACEPOINT,  /* rawtracepoint:NAME, rt: (BTF-typed tp_btf) */
	PROBE_INTERVAL,       /* interval:s:N, i: : one CPU */
	PROBE_PROFILE,        /* profile:hz:N, p: : every CPU */
	PROBE_SOFTWARE,       /* software:EVENT[:COUNT], s: */
	PROBE_HARDWARE,       /* hardware:EVENT[:COUNT], h: */
	PROBE_KPROBE, PROBE_KRETPROBE,
	PROBE_FENTRY, PROBE_FEXIT,
	PROBE_UPROBE, PROBE_URETPROBE, PROBE_USDT,
	PROBE_ITER, PROBE_WATCHPOINT,
	PROBE_SELF,           /* self:signal:SIGUSR1: run by sonde when it receives the signal; perf_config the signal */
	PROBE_KIND_MAX
};

struct usdt_arg;

/* One concrete attach point, after wildcards are expanded. */
struct attach_point {
	enum probe_kind kind;
	const char *name;     /* canonical, as the `probe` builtin prints it: "tracepoint:syscalls:sys_enter_read" */
	const char *target;   /* tracepoint category, binary path, software event name */
	const char *func;     /* tracepoint event name, function, usdt probe */
	const char *func_demangled; /* uprobe: func demangled (C++, Rust), NULL for a C name */
	uint64_t period;      /* interval/profile/software/hardware: ns period or sample count; 0 with freq */
	uint64_t freq;        /* profile:hz:N, interval:hz:N */
	uint64_t offset;      /* kprobe/uprobe +OFFSET or address; watchpoint: the watched address */
	uint32_t perf_type, perf_config; /* software/hardware events; watchpoint: length, HW_BREAKPOINT_* */
	struct loc loc;
	/* uprobe, uretprobe, usdt (uprobe.c): `target` is the file the probe is placed in */
	uint64_t file_offset;      /* of the probed instruction in that file */
	uint64_t ref_ctr_offset;   /* usdt: file offset of the probe's semaphore, 0 without one */
	int pid;                   /* -p: fire only in this process; 0: in every process */
	const struct usdt_arg *usdt_args; /* usdt: where this call site keeps each argN (usdt.h) */
	int usdt_nargs;
	bool optional;             /* one of a wildcard's matches: if the kernel refuses it, skip it with a warning */
	bool internal;             /* sonde's own (a syscalls dispatcher): not counted as a probe */
	/*
	 * tracepoint:syscalls:sys_{enter,exit}_X run on the raw tracepoint
	 * (syscall_tp.h): sysnr is X's number; tail_map the prog array whose
	 * slot sysnr holds the program (a dispatcher attaches), -1 when the
	 * program attaches itself and tests the number.
	 */
	bool raw_sys, sys_exit;
	int sysnr, tail_map;
	/*
	 * watchpoint:FUNC+argN:LEN:MODE (watch.c): a uprobe on FUNC (target,
	 * func, file_offset, pid as a uprobe's) arms a breakpoint on argN's
	 * value when it fires; offset is unused. async: asyncwatchpoint, the
	 * process is not stopped while the breakpoint is set.
	 */
	bool watch_func, async;
	int watch_arg;
	/* the uprobe that arms watch_of (internal, in a program of its own) */
	const struct attach_point *watch_of;
};

/* ---- maps ---- */

enum map_role {
	MAP_USER,      /* a script's @map */
	MAP_RINGBUF,   /* events to user space */
	MAP_COUNTERS,  /* an array of one value: u64 counters (COUNTER_*), added to atomically, and constants */
	MAP_SCRATCH,   /* per-CPU array of one value: room for events too big for the 512-byte stack */
	MAP_STACK,     /* BPF_MAP_TYPE_STACK_TRACE: frames of kstack/ustack values, by stack id */
	MAP_SKB,       /* BPF_MAP_TYPE_PERF_EVENT_ARRAY: skboutput()'s packets, one perf buffer per CPU */
	MAP_PROG_ARRAY,/* a syscalls dispatcher's programs, by syscall number (syscall_tp.h) */
	MAP_ZERO,      /* an array of one value, never written: the zeros a new tseries() key is inserted with */
	MAP_DWSTACK,   /* hash: dw_ustack frames by stack id (a hash of them), read as MAP_STACK's values are */
	MAP_DWROWS,    /* array of struct dw_row: the target process's unwind table (dwunwind.h), filled by sonde */
	MAP_DWFRAMES,  /* per-CPU array of one value: the frames of the dw_ustack being walked */
};

/*
 * Counters in the MAP_COUNTERS value (u64 index): programs add 1 when
 * something is lost. Most full maps are not counted here: user space counts
 * their keys (events.c), which keeps every map update free of extra code. A
 * map declared with `let @m = hash(N)` is different: being full is normal
 * for it (hash(1) holds one key), so only a failed insert says anything, and
 * its updates count failures in COUNTER_MAP_FULL(id).
 */
#define COUNTER_RINGBUF_LOST   0   /* bpf_ringbuf_output failed: event dropped */
#define COUNTER_STACK_LOST     1   /* bpf_get_stackid failed (hash collision, no memory) */
/*
 * Not a counter: user space sets it to 1 when it creates the map. A new
 * count() or hist() entry passes its address as the first value to
 * bpf_map_update_elem: one ld_imm64 instead of a store and an address.
 */
#define CONST_ONE              2
#define COUNTER_NUM            3
#define COUNTER_MAP_FULL(id)   (COUNTER_NUM + (id))  /* an insert into declared map `id` failed */

/*
 * Values that user space must interpret (all little-endian, in keys, map
 * values and event payloads alike):
 *   TY_STACK   struct sonde_stack: the id in the stack map type->stack_map
 *              (negative: the error bpf_get_stackid returned) and, for user
 *              stacks, the process (tgid) whose addresses they are
 *   TY_KSYM    u64 kernel address
 *   TY_USYM    struct sonde_usym
 *   TY_INET    struct sonde_inet: af (AF_INET: the first 4 address bytes, network order)
 *   TY_TIMESTAMP   u64 nanoseconds of CLOCK_BOOTTIME, printed with strftime(type->fmt)
 *                  (plus %f, microseconds) in local wall-clock time
 *   TY_CGROUP_PATH u64 cgroup id, printed as "HIERARCHY:PATH,..." for the
 *                  hierarchies mounted when printed (filtered by type->fmt)
 *   TY_MACADDR     6 bytes (8 in keys, values and payloads), printed "AA:BB:..."
 *   TY_USERNAME    u64 uid, printed as the user's name (the number if unknown)
 *   TY_STRERROR    u64 error number, printed as strerror's message
 *   TY_SYSCALL_NAME u64 syscall number, printed as the syscall's name (the number if unknown)
 *   TY_SIGNAL_NAME  u64 signal number, printed as the signal's name (SIGKILL; the number if unknown)
 */
struct sonde_stack { int64_t id; uint64_t pid; };
struct sonde_usym { uint64_t addr; uint64_t pid; };
struct sonde_inet { uint64_t af; uint8_t addr[16]; };

/*
 * Value layouts of aggregation maps (all per-CPU, merged in user space):
 *   AGG_COUNT, AGG_SUM        u64 / s64
 *   AGG_MIN, AGG_MAX          struct agg_minmax
 *   AGG_AVG, AGG_STATS        struct agg_avg
 *   AGG_HIST, AGG_LHIST       u64 count; the key ends with a u64 bucket index
 *   AGG_TSERIES               struct agg_tseries_bucket[ts_intervals]: a ring
 * Unkeyed maps use a u64 key of 0 (hist maps: just the bucket index).
 *
 * tseries(): the program reads CLOCK_TAI (bpf_ktime_get_tai_ns, whose
 * interval boundaries fall on wall-clock ones); epoch = t / ts_interval_ns
 * picks bucket epoch % ts_intervals. A bucket whose epoch is not the current
 * one is stale (a lap of the ring ago): it restarts with the new value.
 * `meta` is what merging the CPUs' buckets of one epoch needs: the time of
 * the write for TS_LAST (the latest CPU wins), the count for TS_AVG. Epoch 0
 * marks a bucket never written (or zeroed).
 */
struct agg_minmax { int64_t value; uint64_t set; };
struct agg_avg { int64_t total; uint64_t count; };
struct agg_tseries_bucket { int64_t value; uint64_t meta; uint64_t epoch; };

/* How tseries() combines the values of one interval: the last (the default), or as its 4th argument says. */
enum tseries_agg { TS_LAST, TS_AVG, TS_MAX, TS_MIN, TS_SUM };
#define TSERIES_MAX_INTERVALS 1000   /* n * 24 bytes stays well below the per-CPU value limit (32 KiB) */

struct map_desc {
	int id;                 /* index in prog->maps; BPF code refers to maps by id (see emit) */
	enum map_role role;
	const char *name;       /* "@x", "@" */
	enum bpf_map_type bpf_type;
	uint32_t key_size, value_size, max_entries;
	uint32_t max_keys;      /* MAP_USER: the user's keys it holds (hist maps: each with all its buckets) */
	bool declared;          /* MAP_USER: max_keys comes from `let @m = hash(N)`, not max_map_keys */
	struct type *key;       /* NULL: unkeyed; TY_TUPLE when there are several keys */
	uint32_t user_key_size; /* the bytes of key_size that are the user's key (hist: key_size - 8) */
	enum agg_kind agg;
	struct type *value;     /* AGG_NONE: the stored value's type; else the aggregated values' type */
	int hist_bits;          /* hist(n, k) */
	int64_t lhist_min, lhist_max, lhist_step;
	uint64_t ts_interval_ns; /* tseries(v, interval, n, agg) */
	uint32_t ts_intervals;
	enum tseries_agg ts_agg;
	struct loc loc;         /* first use, for messages */
	/*
	 * MAP_USER: no program's code names it (only code a constant condition
	 * ruled out wrote it): the runtime does not create it, it reads as empty
	 */
	bool unused;
	uint32_t map_flags;     /* BPF_F_*: a stack map of build ids (BPF_F_STACK_BUILD_ID) */
	int fd;                 /* the runtime's */
};

/*
 * hist() bucket of a value, as the generated code computes it:
 *   n < 0 -> 0;  n <= mask -> n + 1 (mask = 2^k - 1);
 *   else with l = floor(log2 n): ((l - k + 1) << k) + ((n >> (l - k)) & mask) + 1
 * For k = 0: 0 -> (..., 0), 1 -> [0], 2 -> [1], 3 -> [2, 4), 4 -> [4, 8), ...
 * lhist(): n < min -> 0; n >= max -> (max - min) / step + 1; else (n - min) / step + 1.
 */
int64_t hist_bucket(int64_t n, int k);
/* The value range [lo, hi) of hist bucket `index` (index >= 1). */
void hist_bucket_range(int64_t index, int k, int64_t *lo, int64_t *hi);

/* ---- events: programs -> ring buffer -> user space ---- */

enum event_kind {
	EV_PRINTF = 1,   /* id: fmt index; payload laid out by fmts[id] */
	EV_EXIT,         /* exit([status]): id is the exit status */
	EV_PRINT_MAP,    /* id: map id; payload: struct ev_print_map */
	EV_CLEAR,        /* id: map id */
	EV_ZERO,         /* id: map id */
	EV_TIME,         /* id: index in prog->strings of the strftime format */
	EV_PRINT_VALUE,  /* print(expr): id: fmt index (one arg, fmt NULL) */
	EV_ERRORF,       /* errorf(): like printf, to stderr with the probe's location */
	EV_SYSTEM,       /* system(): like printf, then run the command */
	EV_CAT,          /* cat(): like printf, then copy the file */
	EV_JOIN,         /* join(): id: fmt index (fmt: the separator; args[0]: one element's type);
			    payload: u64 count, then count elements */
	EV_WARNF,        /* warnf(): like errorf, as a warning */
	EV_UNWATCH,      /* unwatch(addr): payload: u64 the watched address */
	EV_HELPER_ERROR, /* -k: id: index in helper_sites; payload: int64 the helper's negative errno */
	EV_WATCH_ARM,    /* watchpoint:FUNC+argN fired: id: the arming program's index; payload: u64 the address */
	EV_KIND_MAX
};
/* Or'ed into the kind of what begin's programs send: after an exit(), begin's output still prints. */
#define EV_FROM_BEGIN 0x10000u

struct event_hdr {
	uint32_t kind;   /* enum event_kind */
	uint32_t id;
};

struct ev_print_map {
	int64_t top, div;
};

/* An argument of a printf-like event: its type and where it sits in the payload. */
struct fmt_arg {
	struct type *type;
	uint32_t offset;   /* from the start of the payload (after struct event_hdr) */
};

struct fmt_desc {
	int id;
	enum event_kind kind;
	const char *fmt;   /* as written, escapes decoded; NULL for print(value) */
	struct fmt_arg *args;
	int nargs;
	uint32_t size;     /* payload bytes */
	struct loc loc;
};

/* ---- programs ---- */

struct ir_func;

/*
 * A callback subprogram of a program: the body of a for ($kv : @m) loop,
 * called by bpf_for_each_map_elem, or of a for ($i : a..b) loop, called by
 * bpf_loop. Lowering builds its IR; codegen_program
 * appends its code to the program's, behind a prologue that copies the
 * element's key and value into the loop's context, and points the caller's
 * ld_imm64 at it (BPF_PSEUDO_FUNC).
 */
struct prog_callback {
	struct ir_func *ir;
	uint32_t key_off, key_size;     /* where in the context the prologue puts the key */
	uint32_t value_off, value_size; /* and the value */
	bool is_loop;                   /* bpf_loop's instead: the prologue stores the index at index_off */
	uint32_t index_off;
	struct loc loc;
};

/*
 * The kernel wants BTF describing the functions of a program with callbacks
 * (func_info). Built from the instructions (callbacks are the targets of
 * BPF_PSEUDO_FUNC loads) by lower_formap.c; the loader passes fd and info
 * with the program and frees them after: returns 1 when built, 0 when the
 * program needs none, -errno.
 */
struct bpf_func_info;
struct prog_func_btf {
	void *btf;
	struct bpf_func_info *info;
	uint32_t ninfo;
	int fd;
};
struct prog_desc;
int prog_func_btf(const struct prog_desc *d, struct prog_func_btf *out);
void prog_func_btf_free(struct prog_func_btf *f);

struct prog_desc {
	const char *name;           /* "tracepoint:syscalls:sys_enter_read" or "begin" */
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	uint32_t attach_btf_id;     /* tp_btf/fentry: the target's BTF id */
	const char *attach_btf_module; /* ... in this module's BTF; NULL: vmlinux's */
	struct attach_point *aps;
	int naps;
	struct ir_func *ir;         /* kept for -d ir */
	struct bpf_insn *insns;
	uint32_t ninsns;
	struct loc *insn_locs;      /* per instruction: the statement it came from */
	int fd;                     /* the runtime's */
	struct prog_callback *callbacks; /* lowering's, until codegen_program links them in */
	int ncallbacks;
};

/*
 * Strings up to this size live on the 512-byte BPF stack; with a larger
 * max_strlen, values over this size live in the scratch map (lower_far.c).
 */
#define PROG_STACK_STRLEN 256
/* bpftrace's default max_strlen; sonde's cap (its default is 64, see README) */
#define PROG_MAX_STRLEN 1024

/* config missing_probes: what an attach point that cannot be attached does */
enum missing_probes { MISSING_ERROR, MISSING_WARN, MISSING_IGNORE };

struct prog_config {
	uint32_t max_strlen;        /* 64 */
	uint32_t max_map_keys;      /* 4096 */
	bool print_maps_on_exit;    /* true */
	uint32_t ringbuf_size;      /* bytes, power of two */
	uint32_t stack_limit;       /* frames kept per stack */
	uint32_t max_cat_bytes;     /* 10240: what cat() prints of a file at most */
	const char *str_trunc_trailer; /* "..": printed after a string that str() truncated */
	bool no_demangle;           /* false: C++/Rust names in ustack, usym(), func demangled (cpp_demangle) */
	enum missing_probes missing_probes; /* error: what cannot be attached at run time ends the run */
};

/* What the `func` builtin prints for ap: a C++ or Rust function demangled unless cpp_demangle = false. */
static inline const char *prog_func_text(const struct attach_point *ap, const struct prog_config *c)
{
	if (ap->func_demangled && !c->no_demangle)
		return ap->func_demangled;
	return ap->func ? ap->func : "";
}

struct sonde_prog {
	const char *filename;
	const char *source;
	struct map_desc *maps;      int nmaps;
	struct prog_desc *progs;    int nprogs;
	struct fmt_desc *fmts;      int nfmts;
	const char **strings;       int nstrings;   /* time() formats, probe names, ... */
	int ringbuf_map, counters_map;              /* ids of the internal maps */
	int scratch_map;                            /* -1 when no program needs one */
	int zero_map;                               /* MAP_ZERO, -1 when no map holds tseries() */
	int nuser_maps;                             /* maps[0..nuser_maps) are the script's @maps */
	struct prog_config config;
	bool unsafe;
	/*
	 * Slots over PROG_STACK_STRLEN bytes live in the scratch map (lower_far.c):
	 * max_strlen of that or more, or a longer string[N] type
	 */
	bool far_slots;
	/* -k (bpftrace's): failed probe reads and map updates send EV_HELPER_ERROR from these places */
	bool warn_helper_errors;
	struct helper_site *helper_sites; int nhelper_sites;
	uint64_t boot_start_ns;     /* CLOCK_MONOTONIC at start: `elapsed` counts from here */
	/*
	 * bpf_get_current_comm NUL-pads the whole buffer (Linux 6.4+; 6.0-6.3
	 * leave bytes after the NUL as they were): comm needs no zeroing first.
	 */
	bool comm_padded;
	/*
	 * Read-only data the programs address in the counters map's value
	 * (BPF_PSEUDO_MAP_VALUE), after its counters: lowering appends it
	 * (the names `probe` and `func` take by attach cookie), loading writes it.
	 */
	uint8_t *consts;            uint32_t nconsts;
	int cpid;                   /* -c: the command's pid (the `cpid` builtin), 0 without -c */
	/* dw_ustack: the process whose unwind table is loaded (--dwarf-pid, -p or -c), 0: none */
	int dw_pid;
	int dw_rows_map, dw_frames_map;             /* MAP_DWROWS, MAP_DWFRAMES; -1 without dw_ustack */
	/* sonde's PID namespace (nsfs dev and inode) when it is not the initial one, else 0 */
	uint64_t pidns_dev, pidns_ino;
	/* skboutput(): pcap files; skb_map (-1: none) sends struct skb_meta and then the packet's bytes */
	const char **skb_paths;     int nskb_paths;
	int skb_map;
};

/* Where a helper whose failure -k reports is called: its name as bpftrace names it, the expression. */
struct helper_site {
	const char *helper;         /* "probe_read_user_str" */
	struct loc loc;             /* line 0: no place in the script */
};

/* skboutput()'s record before the packet: the packet is bytes [offset, offset + len) of what follows. */
struct skb_meta {
	uint32_t id;                /* index in skb_paths */
	uint32_t offset, len;
	uint32_t pad;
	uint64_t ts;                /* bpf_ktime_get_ns(), CLOCK_MONOTONIC */
};

#endif
