/*
 * events.c: the event loop. Programs send events through one ring buffer;
 * this reads them, dispatches on their kind and watches for the reasons to
 * stop: exit(), SIGINT/SIGTERM, or the end of the process given with -p.
 */
#include "dwunwind.h"
#include "runtime_priv.h"
#include "kernel_probe.h"
#include "diag.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define POLL_MS 100
/* full maps: counted every second, and a second more per 16384 keys they hold */
#define FULL_CHECK_NS 1000000000ull
#define FULL_CHECK_NS_PER_KEY (FULL_CHECK_NS / 16384)
/* cat() copies at most this much, like bpftrace's max_cat_bytes. */
#define CAT_MAX_BYTES 10240
/* system() output is held in memory before printing: bound it. */
#define SYSTEM_MAX_BYTES (16u << 20)

static volatile sig_atomic_t stop_signal;
/* SIGUSR1, SIGUSR2 received: self:signal probes to run (or, for SIGUSR1 without one, the maps to print) */
static volatile sig_atomic_t usr1_pending, usr2_pending;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void on_user_signal(int sig)
{
	if (sig == SIGUSR1)
		usr1_pending = 1;
	else
		usr2_pending = 1;
}

static void print_maps(struct runtime *rt);
static void handle_user_signals(struct runtime *rt);

static const struct fmt_desc *event_fmt(struct runtime *rt, uint32_t id)
{
	return id < (uint32_t)rt->p->nfmts ? &rt->p->fmts[id] : NULL;
}

static const struct map_desc *event_map(struct runtime *rt, uint32_t id)
{
	return id < (uint32_t)rt->p->nmaps ? &rt->p->maps[id] : NULL;
}

static char *format_event(struct runtime *rt, const struct event_hdr *h, const void *payload, size_t len)
{
	const struct fmt_desc *fd = event_fmt(rt, h->id);
	if (!fd || len < fd->size)
		return NULL;
	return output_format_event(fd, payload, len);
}

/* Reads a stream into a malloc'd string, at most `max` bytes. */
static char *slurp(FILE *f, size_t max)
{
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap + 1);

	while (len < max) {
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		size_t want = cap - len < max - len ? cap - len : max - len;
		size_t n = fread(buf + len, 1, want, f);
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	return buf;
}

static void run_system(struct runtime *rt, const char *cmd)
{
	if (!rt->p->unsafe) {
		if (!rt->system_warned)
			diag_runtime_warn("system() needs --unsafe: not running \"%s\"", cmd);
		rt->system_warned = true;
		return;
	}
	if (stop_signal) {
		rt->system_skipped++;
		return;
	}
	/* The command's output goes where printf's does (-o FILE, JSON), in order. */
	fflush(rt->out);
	FILE *f = popen(cmd, "r");
	if (!f) {
		diag_runtime_warn("system(\"%s\") failed: %s", cmd, strerror(errno));
		return;
	}
	char *text = slurp(f, SYSTEM_MAX_BYTES);
	pclose(f);
	output_message(rt->out, rt->opts.format, OUTPUT_MSG_SYSTEM, text);
	free(text);
}

static void run_cat(struct runtime *rt, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		/* bpftrace's words; the program goes on */
		fprintf(stderr, "ERROR: failed to open file '%s' (%s)\n", path, strerror(errno));
		return;
	}
	char *text = slurp(f, rt->p->config.max_cat_bytes ? rt->p->config.max_cat_bytes : CAT_MAX_BYTES);
	fclose(f);
	output_message(rt->out, rt->opts.format, OUTPUT_MSG_CAT, text);
	free(text);
}

static void errorf_event(struct runtime *rt, const struct event_hdr *h, const char *msg)
{
	const struct fmt_desc *fd = event_fmt(rt, h->id);
	size_t len = strlen(msg);

	while (len && msg[len - 1] == '\n')
		len--;
	fflush(rt->out);
	if (h->kind == EV_WARNF)
		diag_warn(fd ? &fd->loc : NULL, "%.*s", (int)len, msg);
	else
		diag_error(fd ? &fd->loc : NULL, "%.*s", (int)len, msg);
}

int rt_event(void *ctx, void *data, size_t size)
{
	struct runtime *rt = ctx;
	struct event_hdr h;

	if (size < sizeof(h))
		return 0;
	/* stop consuming: this event and the rest are handled once the loop is left */
	if (stop_signal && rt->in_event_loop) {
		free(rt->held);
		rt->held = xmalloc(size);
		memcpy(rt->held, data, size);
		rt->held_size = size;
		return -EINTR;
	}
	memcpy(&h, data, sizeof(h));
	bool from_begin = h.kind & EV_FROM_BEGIN;
	h.kind &= ~EV_FROM_BEGIN;
	const uint8_t *payload = (const uint8_t *)data + sizeof(h);
	size_t len = size - sizeof(h);
	/* the process waits for it, also after exit() */
	if (h.kind == EV_WATCH_ARM) {
		uint64_t addr;
		if (len >= sizeof(addr)) {
			memcpy(&addr, payload, sizeof(addr));
			rt_watch_arm(rt, h.id, addr);
		}
		return 0;
	}
	/*
	 * As bpftrace: what probes emit after exit() (an interval firing again
	 * before the probes are detached) is not printed; begin's output is,
	 * also a second begin block's after the first one's exit().
	 */
	if (rt->drop_events && !(from_begin && rt->begin_output))
		return 0;

	switch ((enum event_kind)h.kind) {
	case EV_PRINTF:
	case EV_ERRORF:
	case EV_WARNF:
	case EV_SYSTEM:
	case EV_CAT: {
		char *s = format_event(rt, &h, payload, len);
		if (!s)
			break;
		if (h.kind == EV_PRINTF)
			output_message(rt->out, rt->opts.format, OUTPUT_MSG_PRINTF, s);
		else if (h.kind == EV_ERRORF || h.kind == EV_WARNF)
			errorf_event(rt, &h, s);
		else if (h.kind == EV_SYSTEM)
			run_system(rt, s);
		else
			run_cat(rt, s);
		free(s);
		break;
	}
	case EV_UNWATCH: {
		uint64_t addr;
		if (len >= sizeof(addr)) {
			memcpy(&addr, payload, sizeof(addr));
			rt_unwatch(rt, addr);
		}
		break;
	}
	case EV_HELPER_ERROR: {
		/* -k: bpftrace's words, at the expression that read */
		int64_t err;
		const struct helper_site *hs = h.id < (uint32_t)rt->p->nhelper_sites ? &rt->p->helper_sites[h.id] : NULL;
		if (!hs || len < sizeof(err))
			break;
		memcpy(&err, payload, sizeof(err));
		if (rt->opts.format == OUT_JSON) {
			if (!diag_no_warnings())
				output_helper_error(rt->out, hs->helper, err, diag_source_name(hs->loc.file), hs->loc.line, hs->loc.col);
			break;
		}
		fflush(rt->out);
		const struct loc *at = hs->loc.line ? &hs->loc : NULL;
		if (!strcmp(hs->helper, "map_lookup_elem") || !strcmp(hs->helper, "map_delete_elem"))
			diag_warn(at, "Can't %s map element because it does not exist. Additional Info - helper: %s, "
				  "retcode: %lld", hs->helper[4] == 'l' ? "lookup" : "delete", hs->helper, (long long)err);
		else
			diag_warn(at, "Failed to %s: %s (%lld)", hs->helper, strerror((int)-err), (long long)err);
		break;
	}
	case EV_EXIT:
		rt->stop = true;
		/*
		 * After exit() nothing more prints, but begin's output always
		 * does (its events are marked EV_FROM_BEGIN): every begin block
		 * runs, before the other probes are attached.
		 */
		rt->drop_events = true;
		rt->exit_code = (int)h.id;
		break;
	case EV_PRINT_MAP: {
		const struct map_desc *m = event_map(rt, h.id);
		struct ev_print_map pm = { 0, 0 };
		if (!m)
			break;
		if (len >= sizeof(pm))
			memcpy(&pm, payload, sizeof(pm));
		mapread_print(rt, m, pm.top, pm.div);
		break;
	}
	case EV_CLEAR: {
		const struct map_desc *m = event_map(rt, h.id);
		if (m)
			mapread_clear(rt, m);
		break;
	}
	case EV_ZERO: {
		const struct map_desc *m = event_map(rt, h.id);
		if (m)
			mapread_zero(rt, m);
		break;
	}
	case EV_TIME:
		if (h.id < (uint32_t)rt->p->nstrings && rt->p->strings[h.id]) {
			char *s = output_time_str(rt->p->strings[h.id]);
			output_message(rt->out, rt->opts.format, OUTPUT_MSG_TIME, s);
			free(s);
		}
		break;
	case EV_PRINT_VALUE: {
		const struct fmt_desc *fd = event_fmt(rt, h.id);
		if (!fd || fd->nargs < 1 || len < fd->size || fd->args[0].offset > len)
			break;
		output_print_value(rt->out, rt->opts.format, fd->args[0].type, payload + fd->args[0].offset);
		break;
	}
	case EV_JOIN: {
		const struct fmt_desc *fd = event_fmt(rt, h.id);
		uint64_t n;
		if (!fd || fd->nargs < 1 || len < sizeof(n))
			break;
		memcpy(&n, payload, sizeof(n));
		uint32_t each = fd->args[0].type->size; /* a multiple of 8, as lowering steps */
		char *buf = NULL;
		size_t blen = 0;
		FILE *f = open_memstream(&buf, &blen);
		for (uint64_t i = 0; i < n && sizeof(n) + (i + 1) * each <= len; i++) {
			const char *s = (const char *)payload + sizeof(n) + i * each;
			fprintf(f, "%s%.*s", i ? fd->fmt : "", (int)strnlen(s, each), s);
		}
		/* a line of its own in text; JSON's record holds only the joined words, as bpftrace's */
		if (rt->opts.format != OUT_JSON)
			fputc('\n', f);
		fclose(f);
		output_message(rt->out, rt->opts.format, OUTPUT_MSG_JOIN, buf);
		free(buf);
		break;
	}
	case EV_WATCH_ARM:
	case EV_KIND_MAX:
		break;
	}
	return 0;
}

/*
 * Maps whose inserts can fail: hash maps with keys (an unkeyed map holds its
 * one key; LRU maps evict instead).
 */
static bool map_can_fill(const struct map_desc *m)
{
	return m->role == MAP_USER && m->user_key_size > 0 &&
	       (m->bpf_type == BPF_MAP_TYPE_HASH || m->bpf_type == BPF_MAP_TYPE_PERCPU_HASH);
}

/*
 * Warns once per map that is full: the kernel refuses its new keys, and
 * programs do not check (lower_map.c). Counting a map's keys costs a batch
 * lookup per few thousand, so a large map is counted less often: the check
 * costs about the same whatever the size.
 */
static void check_full_maps(struct runtime *rt, bool force)
{
	struct sonde_prog *p = rt->p;
	uint64_t now = now_ns(CLOCK_MONOTONIC);

	for (int i = 0; i < p->nmaps; i++) {
		const struct map_desc *m = &p->maps[i];
		if (!map_can_fill(m) || rt->full_warned[i] || (!force && now < rt->full_check_ns[i]))
			continue;
		if (m->declared) {
			/* full is normal for it: only a failed insert counts (prog.h) */
			rt->full_check_ns[i] = now + FULL_CHECK_NS;
			if (!mapread_counter(rt, COUNTER_MAP_FULL(i)))
				continue;
		} else {
			long n = mapread_count(rt, m);
			rt->full_check_ns[i] = now + FULL_CHECK_NS + (n > 0 ? (uint64_t)n * FULL_CHECK_NS_PER_KEY : 0);
			if (n < (long)m->max_entries)
				continue;
		}
		rt->full_warned[i] = true;
		fflush(rt->out);
		if (m->declared)
			diag_runtime_warn("map %s is full (%u key%s, as declared): new keys are being dropped",
				m->name, m->max_keys, m->max_keys == 1 ? "" : "s");
		else
			diag_runtime_warn("map %s is full (max_map_keys %u): new keys are being dropped",
				m->name, m->max_keys);
	}
}

static int consume(struct runtime *rt)
{
	int n = 0;

	if (rt->rb)
		n = ring_buffer__consume(rt->rb);
	n += rt_skb_consume(rt);
	fflush(rt->out);
	return n;
}

static int open_pidfd(int pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static bool pid_gone(int pid)
{
	return kill(pid, 0) < 0 && errno == ESRCH;
}

static void install_signals(struct sigaction *old_int, struct sigaction *old_term)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must return on ^C. */
	sa.sa_flags = 0;
	stop_signal = 0;
	sigaction(SIGINT, &sa, old_int);
	sigaction(SIGTERM, &sa, old_term);
}

static void event_loop(struct runtime *rt)
{
	struct pollfd pfd[3];
	int npfd = 0, pidfd = -1, watch = rt->opts.exit_pid;

	if (rt->opts.on_start)
		rt->opts.on_start(rt->opts.on_start_arg);
	uint64_t deadline = rt->opts.duration_ms ? now_ns(CLOCK_MONOTONIC) + rt->opts.duration_ms * 1000000 : 0;
	if (rt->rb)
		pfd[npfd++] = (struct pollfd){ .fd = ring_buffer__epoll_fd(rt->rb), .events = POLLIN };
	if (rt_skb_fd(rt) >= 0)
		pfd[npfd++] = (struct pollfd){ .fd = rt_skb_fd(rt), .events = POLLIN };
	if (watch > 0) {
		pidfd = open_pidfd(watch);
		if (pidfd < 0 && errno == ESRCH)
			return;
		if (pidfd >= 0)
			pfd[npfd++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
	}
	rt->in_event_loop = true;
	while (!rt->stop && !stop_signal) {
		int n = poll(pfd, npfd, POLL_MS);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "sonde: poll: %s\n", strerror(errno));
			break;
		}
		if (stop_signal)
			break;
		if (deadline && now_ns(CLOCK_MONOTONIC) >= deadline)
			break;
		consume(rt);
		handle_user_signals(rt);
		check_full_maps(rt, false);
		rt_stacks_scan(rt, false);
		dwunwind_refresh(rt->p);
		if (pidfd >= 0 && n > 0 && (pfd[npfd - 1].revents & (POLLIN | POLLHUP)))
			break;
		if (watch > 0 && pidfd < 0 && pid_gone(watch))
			break;
	}
	rt->in_event_loop = false;
	if (rt->held) {
		void *held = rt->held;
		rt->held = NULL;
		rt_event(rt, held, rt->held_size);
		free(held);
	}
	if (pidfd >= 0)
		close(pidfd);
}

static int compare_map_names(const void *a, const void *b)
{
	const struct map_desc *x = *(const struct map_desc *const *)a, *y = *(const struct map_desc *const *)b;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static void print_maps(struct runtime *rt)
{
	struct sonde_prog *p = rt->p;
	const struct map_desc **sorted = xcalloc(p->nmaps + 1, sizeof(*sorted));
	int n = 0;

	for (int i = 0; i < p->nmaps; i++)
		if (p->maps[i].role == MAP_USER)
			sorted[n++] = &p->maps[i];
	qsort(sorted, n, sizeof(*sorted), compare_map_names);
	/* -o x.svg: the maps holding stacks become the flame graph; the others print */
	bool drawn = rt_stacks_write_svg(rt);
	for (int i = 0; i < n; i++)
		if (!drawn || !output_map_has_stacks(sorted[i]))
			mapread_print(rt, sorted[i], 0, 0);
	free(sorted);
}

static void report_lost(struct runtime *rt)
{
	uint64_t lost = mapread_counter(rt, COUNTER_RINGBUF_LOST);

	if (!lost)
		return;
	fflush(rt->out);
	output_lost_events(rt->opts.format == OUT_JSON ? rt->out : stderr, rt->opts.format, lost);
}

/* Whether the program has a probe of that kind (of signal sig, unless 0). */
static bool has_probe(const struct sonde_prog *p, enum probe_kind kind, int sig)
{
	for (int i = 0; i < p->nprogs; i++)
		for (int j = 0; j < p->progs[i].naps; j++)
			if (p->progs[i].aps[j].kind == kind &&
			    (!sig || p->progs[i].aps[j].perf_config == (uint32_t)sig))
				return true;
	return false;
}

/*
 * SIGUSR1 and SIGUSR2 in the event loop: a self:signal probe runs; SIGUSR1
 * without one prints the maps, as bpftrace does. SIGUSR2 keeps its default
 * (ending sonde) unless a probe takes it.
 */
static void install_user_signals(const struct sonde_prog *p, struct sigaction *old1, struct sigaction *old2)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_user_signal;
	sigemptyset(&sa.sa_mask);
	usr1_pending = usr2_pending = 0;
	sigaction(SIGUSR1, &sa, old1);
	sigaction(SIGUSR2, has_probe(p, PROBE_SELF, SIGUSR2) ? &sa : NULL, old2);
}

static void handle_user_signals(struct runtime *rt)
{
	if (usr1_pending) {
		usr1_pending = 0;
		if (has_probe(rt->p, PROBE_SELF, SIGUSR1))
			rt_run_self(rt, PROBE_SELF, SIGUSR1);
		else
			print_maps(rt);
	}
	if (usr2_pending) {
		usr2_pending = 0;
		rt_run_self(rt, PROBE_SELF, SIGUSR2);
	}
}

int runtime_run(struct runtime *rt)
{
	struct sonde_prog *p = rt->p;
	struct sigaction old_int, old_term, old_usr1, old_usr2;

	if (!rt->rb && p->ringbuf_map >= 0 && p->ringbuf_map < p->nmaps && p->maps[p->ringbuf_map].fd >= 0) {
		rt->rb = ring_buffer__new(p->maps[p->ringbuf_map].fd, rt_event, rt, NULL);
		if (!rt->rb) {
			int err = errno;
			diag_error(NULL, "cannot read the ring buffer: %s", strerror(err));
			rt_detach(rt);
			return 1;
		}
	}
	if (rt_skb_open(rt) < 0) {
		rt_skb_close(rt);
		rt_detach(rt);
		return 1;
	}
	install_signals(&old_int, &old_term);
	install_user_signals(p, &old_usr1, &old_usr2);
	runtime_announce(rt);

	int err = rt->begin_err;
	/*
	 * begin ran before the other probes were attached (runtime_attach): its
	 * output first; without a begin probe, an exit() among the others' events
	 * drops what follows it.
	 */
	rt->begin_output = has_probe(rt->p, PROBE_BEGIN, 0);
	consume(rt);
	rt->begin_output = false;
	if (rt->stop)
		rt->drop_events = true;
	/*
	 * As bpftrace (0.24): a program of begin and end probes only ends after
	 * begin, unless -p or -d gives it something to wait for.
	 */
	if (!err && rt->att.len == 0 && !rt->opts.exit_pid && !rt->opts.duration_ms && !has_probe(p, PROBE_SELF, 0))
		rt->stop = true;
	if (!err && !rt->stop) {
		int it = kernel_iter_run(rt);
		if (it < 0)
			err = it;
		if (it == 0)
			event_loop(rt);
	}
	/* Detaching many probes takes seconds: a second ^C must still end sonde. */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGUSR1, &old_usr1, NULL);
	sigaction(SIGUSR2, &old_usr2, NULL);

	/* The last look at live processes whose user stacks the maps hold. */
	rt_stacks_scan(rt, true);
	/* Stop the probes first so that end sees final values and nothing races the printing. */
	rt_detach(rt);
	rt_watch_report(rt);
	if (rt->drop_events)
		consume(rt);
	rt->drop_events = false;
	if (!err)
		err = rt_run_special(rt, PROBE_END);
	while (consume(rt) > 0)
		;
	if (rt->system_skipped)
		diag_runtime_warn("%d system() command%s queued when sonde was stopped not run", rt->system_skipped,
				  rt->system_skipped == 1 ? "" : "s");
	rt_skb_close(rt);
	check_full_maps(rt, true);
	report_lost(rt);
	rt_stacks_report_lost(rt);
	output_end(rt->out, rt->opts.format);
	if (p->config.print_maps_on_exit)
		print_maps(rt);
	fflush(rt->out);
	if (err)
		return 1;
	return rt->exit_code;
}
