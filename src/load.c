/*
 * load.c: creates the maps of a compiled program and loads its BPF programs,
 * reporting verifier rejections against the script line they came from.
 */
#include "dwunwind.h"
#include "runtime_priv.h"
#include "diag.h"
#include "btf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Big enough for the tail of any log we parse: the kernel keeps the end when it overflows. */
#define VERIFIER_LOG_SIZE (4u << 20)
/* -d verifier prints whole logs; the kernel refuses buffers above UINT32_MAX >> 2. */
#define VERIFIER_DUMP_LOG_SIZE (64u << 20)

static bool libbpf_verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf's own chatter duplicates our messages; keep it for -v. */
	if (!libbpf_verbose || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

bool rt_map_is_percpu(const struct map_desc *m)
{
	switch (m->bpf_type) {
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return true;
	default:
		return false;
	}
}

size_t rt_map_value_bytes(const struct runtime *rt, const struct map_desc *m)
{
	if (rt_map_is_percpu(m))
		return (size_t)ALIGN_UP(m->value_size, 8) * rt->ncpus;
	return m->value_size;
}

void rt_object_name(char dst[16], const char *name)
{
	size_t n = 0;

	if (name[0] == '@' && name[1])
		name++;
	for (; *name && n < 15; name++) {
		unsigned char c = *name;
		dst[n++] = isalnum(c) || c == '_' || c == '.' ? c : '_';
	}
	dst[n] = '\0';
}

static bool is_permission_error(int err)
{
	return err == EPERM || err == EACCES;
}

static void report_permission(const char *what)
{
	diag_error(NULL, "cannot %s: permission denied: sonde needs to run as root (or with CAP_BPF and "
			 "CAP_PERFMON)", what);
}

static int create_map(struct runtime *rt, struct map_desc *m)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = m->map_flags);
	struct sonde_prog *p = rt->p;
	uint32_t key_size = m->key_size, value_size = m->value_size, max = m->max_entries;
	enum bpf_map_type type = m->bpf_type;
	char name[16];

	switch (m->role) {
	case MAP_RINGBUF:
		type = BPF_MAP_TYPE_RINGBUF;
		key_size = value_size = 0;
		max = p->config.ringbuf_size ? p->config.ringbuf_size : max;
		if (!max)
			max = 1u << 20;
		break;
	case MAP_COUNTERS:
		/*
		 * One value holding the COUNTER_* u64s: programs add to them
		 * atomically through its address (BPF_PSEUDO_MAP_VALUE).
		 */
		type = BPF_MAP_TYPE_ARRAY;
		key_size = 4;
		if (value_size < 8 * COUNTER_NUM)
			value_size = 8 * COUNTER_NUM;
		/* lowering's constants follow the counters (lower_const) */
		value_size += p->nconsts;
		max = 1;
		break;
	case MAP_STACK:
		type = BPF_MAP_TYPE_STACK_TRACE;
		key_size = 4;
		break;
	case MAP_DWSTACK:
		type = BPF_MAP_TYPE_HASH;
		key_size = 4;
		break;
	case MAP_DWROWS:
		/* sized to the target's table (dwunwind.h) */
		type = BPF_MAP_TYPE_ARRAY;
		key_size = 4;
		max = dwunwind_map_entries(p);
		break;
	case MAP_DWFRAMES:
		type = BPF_MAP_TYPE_PERCPU_ARRAY;
		key_size = 4;
		max = 1;
		break;
	case MAP_ZERO:
		type = BPF_MAP_TYPE_ARRAY;
		key_size = 4;
		max = 1;
		break;
	case MAP_SCRATCH:
		type = BPF_MAP_TYPE_PERCPU_ARRAY;
		key_size = 4;
		max = 1;
		break;
	case MAP_PROG_ARRAY:
		type = BPF_MAP_TYPE_PROG_ARRAY;
		key_size = value_size = 4;
		break;
	case MAP_SKB: {
		/* one perf buffer per possible CPU: bpf_skb_output writes to the current CPU's */
		int ncpus = libbpf_num_possible_cpus();
		type = BPF_MAP_TYPE_PERF_EVENT_ARRAY;
		key_size = value_size = 4;
		max = ncpus > 0 ? (uint32_t)ncpus : 1;
		break;
	}
	case MAP_USER:
		/*
		 * Hash maps stay preallocated. BPF_F_NO_PREALLOC would save about
		 * 0.1 ms and 280 KiB of kernel memory per 4096-key map at start-up,
		 * but updates then take elements from per-CPU caches that irq_work
		 * refills: a probe running with interrupts off (sched_switch) that
		 * adds a few keys at once empties them, and its updates fail as if
		 * the map were full (measured on 6.18: 4 of 3000 keys stored).
		 */
		break;
	}
	m->bpf_type = type;
	m->key_size = key_size;
	m->value_size = value_size;
	m->max_entries = max;

	rt_object_name(name, m->name ? m->name : "map");
	int fd = bpf_map_create(type, name, key_size, value_size, max, &o);
	if (fd < 0) {
		int err = errno;
		if (is_permission_error(err)) {
			report_permission("create BPF maps");
		} else if (m->role == MAP_USER) {
			diag_error(&m->loc, "cannot create map %s (%u keys of %u bytes, values of %u bytes): %s",
				   m->name, max, key_size, value_size, strerror(err));
		} else {
			diag_error(NULL, "cannot create the %s map: %s",
				   m->role == MAP_RINGBUF ? "ring buffer" : m->role == MAP_SCRATCH ? "scratch" :
				   m->role == MAP_ZERO ? "zero" : "counters",
				   strerror(err));
			if (m->role == MAP_RINGBUF && err == EINVAL)
				diag_note("the ring buffer size must be a power of two and a multiple of the "
					  "page size");
		}
		return -err;
	}
	m->fd = fd;
	/* the -c command's rows come when it reaches its entry point (main.c) */
	if (m->role == MAP_DWROWS && p->dw_pid != p->cpid)
		dwunwind_map_load(p);
	if (m->role == MAP_COUNTERS) {
		uint64_t *init = xcalloc(value_size / 8, sizeof(uint64_t));
		uint32_t key = 0;
		init[CONST_ONE] = 1;
		if (p->nconsts)
			memcpy((uint8_t *)init + value_size - p->nconsts, p->consts, p->nconsts);
		int err = bpf_map_update_elem(fd, &key, init, BPF_ANY) < 0 ? -errno : 0;
		free(init);
		if (err) {
			diag_error(NULL, "cannot set up the counters map: %s", strerror(-err));
			return err;
		}
	}
	return 0;
}

/* ld_imm64 with BPF_PSEUDO_MAP_FD/VALUE carries a map id until here; the kernel wants the fd. */
static int patch_map_fds(struct runtime *rt, struct prog_desc *pd, struct bpf_insn *insns)
{
	for (uint32_t i = 0; i < pd->ninsns; i++) {
		struct bpf_insn *in = &insns[i];
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (i + 1 >= pd->ninsns) {
			diag_error(NULL, "internal error: %s: truncated ld_imm64 at instruction %u", pd->name, i);
			return -EINVAL;
		}
		if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE) {
			int id = in->imm;
			if (id < 0 || id >= rt->p->nmaps || rt->p->maps[id].fd < 0) {
				diag_error(NULL, "internal error: %s: instruction %u uses unknown map %d",
					   pd->name, i, id);
				return -EINVAL;
			}
			in->imm = rt->p->maps[id].fd;
		}
		i++;
	}
	return 0;
}

/* "123: (85) call ..." -> 123; -1 for other lines. */
static long log_insn_index(const char *line)
{
	const char *s = line;
	long n = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s))
		n = n * 10 + (*s++ - '0');
	if (s[0] != ':' || s[1] != ' ' || s[2] != '(')
		return -1;
	return n;
}

static bool log_is_noise(const char *line, size_t len)
{
	static const char *const prefixes[] = {
		"processed ", "verification time", "stack depth", "-- END", "Validating ",
	};
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	if (len == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(line, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/*
 * The verifier ends its log with the reason, after the instruction it was
 * looking at: the last meaningful line is the reason, the last "N: (..)" line
 * before it is the instruction.
 */
static void parse_verifier_log(const char *log, char *reason, size_t reason_size, long *insn)
{
	const char *line = log, *reason_line = NULL;
	size_t reason_len = 0;

	*insn = -1;
	reason[0] = '\0';
	/* Pass 1: the reason. */
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (!log_is_noise(line, len) && log_insn_index(line) < 0) {
			reason_line = line;
			reason_len = len;
		}
		line = end ? end + 1 : line + len;
	}
	if (!reason_line)
		return;
	/* Pass 2: the last instruction line before it. */
	for (line = log; line < reason_line;) {
		const char *end = strchr(line, '\n');
		long n = log_insn_index(line);
		if (n >= 0)
			*insn = n;
		if (!end)
			break;
		line = end + 1;
	}
	while (reason_len && isspace((unsigned char)reason_line[reason_len - 1]))
		reason_len--;
	if (reason_len >= reason_size)
		reason_len = reason_size - 1;
	memcpy(reason, reason_line, reason_len);
	reason[reason_len] = '\0';
}

static int load_with_log(struct prog_desc *pd, const char *name, const struct bpf_insn *insns,
			 uint32_t level, char **logp, size_t size)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = pd->expected_attach_type,
		    .attach_btf_id = pd->attach_btf_id);
	char *log = NULL;
	struct prog_func_btf funcs;

	if (level) {
		log = xmalloc(size);
		log[0] = '\0';
		o.log_buf = log;
		o.log_size = size;
		o.log_level = level;
	}
	/* a module's function or raw tracepoint: its id is one of the module's BTF object */
	int obj_fd = pd->attach_btf_module ? btf_module_fd(pd->attach_btf_module) : -1;
	if (obj_fd >= 0)
		o.attach_btf_obj_fd = obj_fd;
	/* programs with callbacks (for over maps) need BTF for their functions */
	if (prog_func_btf(pd, &funcs) > 0) {
		o.prog_btf_fd = funcs.fd;
		o.func_info = funcs.info;
		o.func_info_cnt = funcs.ninfo;
		o.func_info_rec_size = sizeof(*funcs.info);
	}
	int fd = bpf_prog_load(pd->type, name, "GPL", insns, pd->ninsns, &o);
	int err = errno;
	if (obj_fd >= 0)
		close(obj_fd);
	prog_func_btf_free(&funcs);
	if (logp)
		*logp = log;
	else
		free(log);
	errno = err;
	return fd;
}

/*
 * percpu_kaddr(): the kernel finds a BTF variable's address through kallsyms,
 * which lists only functions unless it is built with CONFIG_KALLSYMS_ALL. It
 * resolves the ld_imm64s in order, so the first one is the one that failed.
 */
static void report_kernel_var(struct prog_desc *pd, const char *reason)
{
	const struct loc *loc = pd->naps > 0 ? &pd->aps[0].loc : NULL;
	const char *q = strchr(reason, '\'');
	int len = q && strchr(q + 1, '\'') ? (int)(strchr(q + 1, '\'') - q - 1) : 0;

	for (uint32_t i = 0; i + 1 < pd->ninsns; i++) {
		if (pd->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) && pd->insns[i].src_reg == BPF_PSEUDO_BTF_ID) {
			if (pd->insn_locs)
				loc = &pd->insn_locs[i];
			break;
		}
	}
	diag_error(loc, "this kernel cannot give the address of the per-CPU variable '%.*s': it finds kernel "
		   "variables through kallsyms, which lists only functions here (CONFIG_KALLSYMS_ALL is off)",
		   len, q ? q + 1 : "");
}

static void report_rejection(struct prog_desc *pd, int first_err, const char *log)
{
	char reason[512];
	long insn;

	parse_verifier_log(log, reason, sizeof(reason), &insn);
	if (!reason[0]) {
		if (is_permission_error(first_err)) {
			report_permission("load BPF programs");
			return;
		}
		diag_error(NULL, "cannot load the program of %s: %s", pd->name, strerror(first_err));
		return;
	}
	if (!strncmp(reason, "ldimm64 failed to find the address for kernel symbol", 52)) {
		report_kernel_var(pd, reason);
		return;
	}
	const struct loc *loc = NULL;
	if (insn >= 0 && (uint64_t)insn < pd->ninsns && pd->insn_locs)
		loc = &pd->insn_locs[insn];
	else if (pd->naps > 0)
		loc = &pd->aps[0].loc;
	diag_error(loc, "BPF verifier rejected the program: %s", reason);
	if (insn >= 0)
		diag_note("in %s, at BPF instruction %ld; run with -d verifier for the whole log",
			  pd->name, insn);
	else
		diag_note("in %s; run with -d verifier for the whole log", pd->name);
}

static int load_prog(struct runtime *rt, struct prog_desc *pd)
{
	char name[16];
	char *log = NULL;
	int fd, err;

	if (!pd->insns || pd->ninsns == 0) {
		diag_error(NULL, "internal error: %s has no instructions", pd->name);
		return -EINVAL;
	}
	struct bpf_insn *insns = xmalloc(sizeof(*insns) * pd->ninsns);
	memcpy(insns, pd->insns, sizeof(*insns) * pd->ninsns);
	err = patch_map_fds(rt, pd, insns);
	if (err) {
		free(insns);
		return err;
	}
	rt_object_name(name, pd->name ? pd->name : "prog");

	if (rt->opts.dump_verifier) {
		/* Level 1|2: every instruction with the state the verifier saw; 4: statistics. */
		size_t size = VERIFIER_DUMP_LOG_SIZE;
		fd = load_with_log(pd, name, insns, 1 | 2 | 4, &log, size);
		err = errno;
		fprintf(stderr, "--- verifier log: %s ---\n%s", pd->name, log ? log : "");
		if (log && log[0] && log[strlen(log) - 1] != '\n')
			fputc('\n', stderr);
		if (fd < 0 && err == ENOSPC) {
			fprintf(stderr, "(log truncated to its last %zu bytes)\n", size);
			free(log);
			log = NULL;
			fd = load_with_log(pd, name, insns, 0, NULL, 0);
			err = errno;
		}
	} else {
		fd = load_with_log(pd, name, insns, 0, NULL, 0);
		err = errno;
	}
	if (fd < 0) {
		int first = err;
		free(log);
		/*
		 * Load again for the verifier's log. It may fail differently
		 * (ENOSPC when the log overflows: the kernel keeps its tail,
		 * which is what we read), or succeed if the first failure was
		 * transient.
		 */
		fd = load_with_log(pd, name, insns, 1, &log, VERIFIER_LOG_SIZE);
		if (fd < 0) {
			report_rejection(pd, first, log ? log : "");
			free(log);
			free(insns);
			return -first;
		}
	}
	free(log);
	free(insns);
	pd->fd = fd;
	return 0;
}

static int count_possible_cpus(void)
{
	int n = libbpf_num_possible_cpus();
	return n > 0 ? n : 1;
}

int runtime_load(struct sonde_prog *p, const struct runtime_opts *opts, struct runtime **out)
{
	struct runtime *rt = xcalloc(1, sizeof(*rt));
	int err = 0;

	*out = NULL;
	rt->p = p;
	rt->opts = *opts;
	rt->out = opts->out ? opts->out : stdout;
	rt->ncpus = count_possible_cpus();
	rt->full_warned = xcalloc(p->nmaps + 1, sizeof(bool));
	rt->full_check_ns = xcalloc(p->nmaps + 1, sizeof(uint64_t));
	if (p->counters_map >= 0 && p->counters_map < p->nmaps)
		rt->counter_buf = xcalloc((p->maps[p->counters_map].value_size + p->nconsts) / 8 + COUNTER_NUM,
					  sizeof(uint64_t));
	libbpf_verbose = opts->verbose;
	libbpf_set_print(libbpf_print);

	/*
	 * Kernels since 5.11 charge BPF memory to the cgroup, and raising the
	 * limit may be forbidden (containers): try, and carry on if it fails.
	 */
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_MEMLOCK, &rl);
	/* Every attach point holds an fd: wildcards over syscalls need more than 1024. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	for (int i = 0; i < p->nmaps; i++)
		p->maps[i].fd = -1;
	for (int i = 0; i < p->nprogs; i++)
		p->progs[i].fd = -1;
	for (int i = 0; i < p->nmaps && !err; i++) {
		if (!p->maps[i].unused)
			err = create_map(rt, &p->maps[i]);
		else if (opts->verbose)
			fprintf(stderr, "sonde: map %s is not created: no program's code uses it\n", p->maps[i].name);
	}
	for (int i = 0; i < p->nprogs && !err; i++)
		err = load_prog(rt, &p->progs[i]);
	if (err) {
		runtime_destroy(rt);
		return err;
	}
	rt_stacks_init(rt);
	output_set_strings(p->config.max_strlen, p->config.str_trunc_trailer);
	*out = rt;
	return 0;
}

void runtime_destroy(struct runtime *rt)
{
	if (!rt)
		return;
	rt_detach(rt);
	vec_free(&rt->att);
	vec_free(&rt->watch_fails);
	if (rt->rb)
		ring_buffer__free(rt->rb);
	rt_skb_close(rt);
	for (int i = 0; i < rt->p->nprogs; i++) {
		if (rt->p->progs[i].fd >= 0)
			close(rt->p->progs[i].fd);
		rt->p->progs[i].fd = -1;
	}
	for (int i = 0; i < rt->p->nmaps; i++) {
		if (rt->p->maps[i].fd >= 0)
			close(rt->p->maps[i].fd);
		rt->p->maps[i].fd = -1;
	}
	if (rt->sym)
		rt_stacks_destroy(rt);
	free(rt->full_warned);
	free(rt->multi_skipped);
	free(rt->full_check_ns);
	free(rt->counter_buf);
	free(rt);
}
