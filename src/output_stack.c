/*
 * output_stack.c: printing the values that need more than their bytes:
 * kstack/ustack (frames from the runtime's stack maps, names from the
 * symbolizer), ksym()/usym() and ntop(); and maps keyed by stacks as folded
 * stacks (-f folded) or flame graphs (-o x.svg).
 *
 * Text follows current bpftrace: a stack is "\n" then one line per frame,
 * leaf first: bpftrace mode "        func+off" (8 spaces), perf mode
 * "\tADDR func+off" (user frames add " (module)"), raw mode "ADDR". Kernel
 * addresses without a symbol print as 0x-prefixed hex; user ones too, or
 * "[unknown] (module)" when a mapping is known but no symbol covers them.
 */
#include "output_priv.h"
#include "render.h"
#include "symbolize.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define STACK_INDENT "        "
/* bpf_get_stackid never returns more than this (PERF_MAX_STACK_DEPTH is 127; sysctl can raise it) */
#define MAX_FRAMES 1024
/* words of a build_id mode frame (struct bpf_stack_build_id) */
#define BUILD_ID_WORDS (sizeof(struct bpf_stack_build_id) / 8)

static struct output_resolver resolver;
static bool have_resolver;

void output_set_resolver(const struct output_resolver *r)
{
	have_resolver = r != NULL;
	if (r)
		resolver = *r;
	else
		memset(&resolver, 0, sizeof(resolver));
}

/* ---- symbols ---- */

struct frame_sym {
	struct sym_info si;
	bool found;
};

static void resolve(const struct type *t, uint64_t pid, uint64_t ip, struct frame_sym *fs)
{
	memset(fs, 0, sizeof(*fs));
	if (!have_resolver || !resolver.sym)
		return;
	if (t->stack_user)
		fs->found = symbolizer_user(resolver.sym, (int)pid, ip, &fs->si);
	else
		fs->found = symbolizer_kernel(resolver.sym, ip, &fs->si);
}

static bool user_addr_known_module(const struct frame_sym *fs)
{
	return !fs->found && fs->si.module;
}

/* One frame's symbol text (without the address column of perf mode). */
static void frame_text(struct sbuf *b, const struct type *t, uint64_t ip, const struct frame_sym *fs, bool perf)
{
	if (fs->found) {
		sb_printf(b, "%s+%" PRIu64, fs->si.name, fs->si.offset);
		if (perf && t->stack_user)
			sb_printf(b, " (%s)", fs->si.module ? fs->si.module : "[unknown]");
		return;
	}
	if (t->stack_user && (perf || user_addr_known_module(fs))) {
		sb_printf(b, "[unknown] (%s)", fs->si.module ? fs->si.module : "[unknown]");
		return;
	}
	sb_printf(b, "0x%" PRIx64, ip);
}

/* ---- stacks ---- */

static const char *stack_error(int64_t id)
{
	switch (-id) {
	case EEXIST:
		return "[stack lost: hash collision in the stack map]";
	case ENOMEM:
		return "[stack lost: the stack map is full]";
	case ENOENT:
		return "[stack lost: not in the stack map]";
	default:
		return NULL;
	}
}

static void lost_line(struct sbuf *b, const struct type *t, const char *why, int64_t err)
{
	const char *indent = t->stack_mode == STACK_PERF ? "\t" : t->stack_mode == STACK_RAW ? "" : STACK_INDENT;

	if (why)
		sb_printf(b, "%s%s\n", indent, why);
	else
		sb_printf(b, "%s[stack lost: error %" PRId64 "]\n", indent, err);
}

/*
 * dw_ustack's frames are addresses, unwound in BPF: in build_id mode they
 * become the frames the kernel's build id stack maps hold, from the files
 * the process maps (the address alone where none has a build id). In
 * place, last frame first: frame i's words start at i * 4, past the
 * addresses not yet read.
 */
static void dw_build_ids(const struct sonde_stack *st, uint64_t *ips, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		struct bpf_stack_build_id f = { .status = BPF_STACK_BUILD_ID_IP, .ip = ips[i] };
		uint64_t off;
		if (resolver.sym && symbolizer_user_build_id(resolver.sym, (int)st->pid, ips[i], f.build_id, &off)) {
			f.status = BPF_STACK_BUILD_ID_VALID;
			f.offset = off;
		}
		memcpy(ips + i * BUILD_ID_WORDS, &f, sizeof(f));
	}
}

/*
 * The frames of a stack value; the count (0: an empty stack), or a negative
 * errno meaning the stack is lost (its text says why).
 */
static int stack_frames(const struct type *t, const struct sonde_stack *st, uint64_t *ips, int max)
{
	if (st->id < 0)
		return (int)(st->id < -4095 ? -EINVAL : st->id);
	if (!have_resolver || !resolver.stack_frames)
		return -ENOSYS;
	int n = resolver.stack_frames(resolver.ctx, t, st->id, ips, max);
	if (n < 0)
		return n;
	/* the map zero-fills stacks shorter than the limit (a build id frame: BPF_STACK_BUILD_ID_EMPTY) */
	size_t per = t->stack_mode == STACK_BUILD_ID && !t->stack_dwarf ? BUILD_ID_WORDS : 1;
	for (int i = 0; i < n; i++)
		if (ips[i * per] == 0) {
			n = i;
			break;
		}
	if (t->stack_dwarf && t->stack_mode == STACK_BUILD_ID)
		dw_build_ids(st, ips, n);
	return n;
}

/*
 * A build_id mode frame as bpftrace prints it: the build id in hex and the
 * file offset, or the bare address when the kernel found no build id.
 */
static void build_id_frame(struct sbuf *b, const uint64_t *words)
{
	struct bpf_stack_build_id f;

	memcpy(&f, words, sizeof(f));
	if (f.status == BPF_STACK_BUILD_ID_VALID) {
		for (int i = 0; i < BPF_BUILD_ID_SIZE; i++)
			sb_printf(b, "%02x", f.build_id[i]);
		sb_printf(b, " 0x%02llx", (unsigned long long)f.offset);
	} else {
		sb_printf(b, "%llx", (unsigned long long)f.ip);
	}
}

static int frame_limit(const struct type *t)
{
	return t->stack_limit > 0 && t->stack_limit < MAX_FRAMES ? t->stack_limit : MAX_FRAMES;
}

void output_stack_text(struct sbuf *b, const struct type *t, const uint8_t *data)
{
	struct sonde_stack st;
	uint64_t ips[MAX_FRAMES * BUILD_ID_WORDS];

	memcpy(&st, data, sizeof(st));
	sb_putc(b, '\n');
	int n = stack_frames(t, &st, ips, frame_limit(t));
	/* -EFAULT: no stack of that kind here (a kernel thread's user stack): nothing to show */
	if (n == -EFAULT)
		return;
	if (n == -ENOSYS) {
		lost_line(b, t, "[stack lost: no stack map]", 0);
		return;
	}
	if (n < 0) {
		lost_line(b, t, stack_error(n), n);
		return;
	}
	if (t->stack_user && n > 0 && t->stack_mode != STACK_RAW && t->stack_mode != STACK_BUILD_ID && have_resolver)
		symbolizer_stack_hint(resolver.sym, (int)st.pid, ips[0]);
	for (int i = 0; i < n; i++) {
		struct frame_sym fs;
		switch (t->stack_mode) {
		case STACK_BUILD_ID:
			build_id_frame(b, ips + i * BUILD_ID_WORDS);
			sb_putc(b, '\n');
			continue;
		case STACK_RAW:
			sb_printf(b, "%" PRIx64 "\n", ips[i]);
			continue;
		case STACK_PERF:
			resolve(t, st.pid, ips[i], &fs);
			sb_printf(b, "\t%" PRIx64 " ", ips[i]);
			frame_text(b, t, ips[i], &fs, true);
			break;
		case STACK_BPFTRACE:
		default:
			resolve(t, st.pid, ips[i], &fs);
			sb_puts(b, STACK_INDENT);
			frame_text(b, t, ips[i], &fs, false);
			break;
		}
		sb_putc(b, '\n');
	}
}

void output_ksym_text(struct sbuf *b, const uint8_t *data)
{
	uint64_t addr;
	struct sym_info si;

	memcpy(&addr, data, sizeof(addr));
	if (have_resolver && resolver.sym && symbolizer_kernel(resolver.sym, addr, &si)) {
		sb_puts(b, si.name);
		return;
	}
	sb_printf(b, "0x%" PRIx64, addr);
}

void output_usym_text(struct sbuf *b, const uint8_t *data)
{
	struct sonde_usym u;
	struct sym_info si;

	memcpy(&u, data, sizeof(u));
	if (have_resolver && resolver.sym && symbolizer_user(resolver.sym, (int)u.pid, u.addr, &si)) {
		sb_puts(b, si.name);
		return;
	}
	sb_printf(b, "0x%" PRIx64, u.addr);
}

void output_inet_text(struct sbuf *b, const uint8_t *data)
{
	struct sonde_inet in;
	char text[INET6_ADDRSTRLEN];

	memcpy(&in, data, sizeof(in));
	/* bpftrace prints nothing for an unknown address family */
	if ((in.af == AF_INET || in.af == AF_INET6) && inet_ntop((int)in.af, in.addr, text, sizeof(text)))
		sb_puts(b, text);
}

/* ---- folded stacks ---- */

static bool type_has_stack(const struct type *t)
{
	if (!t)
		return false;
	if (t->kind == TY_STACK)
		return true;
	if (t->kind == TY_TUPLE)
		for (int i = 0; i < t->nfields; i++)
			if (t->fields[i].type && t->fields[i].type->kind == TY_STACK)
				return true;
	return false;
}

/* Maps whose values are sample counts: count(), sum(), min(), max() and plain integers. */
bool output_map_has_stacks(const struct map_desc *m)
{
	if (!m || m->agg == AGG_HIST || m->agg == AGG_LHIST || m->agg == AGG_STATS || m->agg == AGG_AVG)
		return false;
	if (m->agg == AGG_NONE && !(m->value && m->value->kind == TY_INT))
		return false;
	return type_has_stack(m->key);
}

/* The frames of one key, root first, as names and lengths into one buffer. */
struct folded {
	struct sbuf text;
	VEC(size_t) starts;
	VEC(size_t) lens;
};

static void folded_reset(struct folded *fd)
{
	sb_reset(&fd->text);
	fd->starts.len = 0;
	fd->lens.len = 0;
}

static void folded_free(struct folded *fd)
{
	sb_free(&fd->text);
	vec_free(&fd->starts);
	vec_free(&fd->lens);
}

/* Adds a frame name, with the characters that would break a folded line replaced. */
static void folded_push(struct folded *fd, const char *s, size_t n, const char *suffix)
{
	size_t start = fd->text.len;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		sb_putc(&fd->text, c == ';' || c == '\n' || c == '\r' ? '_' : c);
	}
	if (suffix)
		sb_puts(&fd->text, suffix);
	vec_push(&fd->starts, start);
	vec_push(&fd->lens, fd->text.len - start);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* A stack's frames, root first. */
static void folded_stack(struct folded *fd, const struct type *t, const uint8_t *data)
{
	struct sonde_stack st;
	uint64_t ips[MAX_FRAMES * BUILD_ID_WORDS];
	const char *ksuffix = t->stack_user ? NULL : "_[k]";

	memcpy(&st, data, sizeof(st));
	int n = stack_frames(t, &st, ips, frame_limit(t));
	if (n == -EFAULT || n == 0)
		return;
	if (n < 0) {
		const char *lost = "[stack lost]";
		folded_push(fd, lost, strlen(lost), ksuffix);
		return;
	}
	char buf[64];
	for (int i = n - 1; i >= 0; i--) {
		struct frame_sym fs;
		if (t->stack_mode == STACK_BUILD_ID) {
			struct sbuf fb = { 0 };
			build_id_frame(&fb, ips + i * BUILD_ID_WORDS);
			folded_push(fd, fb.s ? fb.s : "", fb.len, NULL);
			sb_free(&fb);
			continue;
		}
		resolve(t, st.pid, ips[i], &fs);
		if (fs.found) {
			bool jit = fs.si.module && !strcmp(fs.si.module, "[perf-map]");
			folded_push(fd, fs.si.name, strlen(fs.si.name), jit ? "_[j]" : ksuffix);
		} else if (fs.si.module && t->stack_user) {
			/* stackcollapse-perf's convention: the module, in brackets */
			snprintf(buf, sizeof(buf), "[%s]", base_name(fs.si.module));
			folded_push(fd, buf, strlen(buf), NULL);
		} else {
			folded_push(fd, "[unknown]", 9, ksuffix);
		}
	}
}

/* Other key fields (comm, pid, ...) as root frames, in key order. */
static void folded_plain(struct folded *fd, const struct type *t, const uint8_t *data)
{
	struct sbuf tmp = { 0 };

	value_text(&tmp, t, data);
	folded_push(fd, tmp.s ? tmp.s : "", tmp.len, NULL);
	sb_free(&tmp);
}

static void folded_key(struct folded *fd, const struct map_desc *m, const uint8_t *key, const char *root)
{
	const struct type *k = m->key;

	folded_reset(fd);
	if (root)
		folded_push(fd, root, strlen(root), NULL);
	if (!k || !key)
		return;
	if (k->kind == TY_STACK) {
		folded_stack(fd, k, key);
		return;
	}
	if (k->kind != TY_TUPLE) {
		folded_plain(fd, k, key);
		return;
	}
	for (int i = 0; i < k->nfields; i++)
		if (k->fields[i].type && k->fields[i].type->kind != TY_STACK)
			folded_plain(fd, k->fields[i].type, key + k->fields[i].offset);
	/* user frames sit below the kernel frames they called into */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < k->nfields; i++) {
			const struct type *ft = k->fields[i].type;
			if (ft && ft->kind == TY_STACK && ft->stack_user == (pass == 0))
				folded_stack(fd, ft, key + k->fields[i].offset);
		}
}

static bool entry_count(const struct map_desc *m, const struct map_entry *e, int64_t div, uint64_t *count)
{
	struct agg_value av;

	if (m->agg == AGG_NONE && !(m->value && m->value->kind == TY_INT))
		return false;
	output_agg_value(m, e, div, &av);
	if (av.is_signed && av.v < 0)
		return false;
	*count = (uint64_t)av.v;
	return true;
}

/* Entries in ascending order already (output_map sorted them). */
void output_map_folded(FILE *f, const struct map_desc *m, struct map_entry *entries, size_t n, int64_t div)
{
	struct folded fd = { 0 };
	struct sbuf line = { 0 };

	for (size_t i = 0; i < n; i++) {
		uint64_t count;
		if (!entry_count(m, &entries[i], div, &count))
			continue;
		folded_key(&fd, m, entries[i].key, NULL);
		sb_reset(&line);
		for (size_t j = 0; j < fd.starts.len; j++) {
			if (j)
				sb_putc(&line, ';');
			sb_put(&line, fd.text.s + fd.starts.data[j], fd.lens.data[j]);
		}
		/* flame graph tools need a frame: a key without one is still a sample */
		if (!fd.starts.len)
			sb_puts(&line, "[empty]");
		sb_printf(&line, " %" PRIu64 "\n", count);
		fwrite(line.s, 1, line.len, f);
	}
	sb_free(&line);
	folded_free(&fd);
}

size_t output_map_flame(struct flame *fl, const struct map_desc *m, struct map_entry *entries, size_t n,
			const char *root)
{
	struct folded fd = { 0 };
	VEC(const char *) names = { 0 };
	size_t added = 0;

	if (!output_map_has_stacks(m))
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t count;
		if (!entry_count(m, &entries[i], 1, &count) || !count)
			continue;
		folded_key(&fd, m, entries[i].key, root);
		if (!fd.starts.len)
			folded_push(&fd, "[empty]", 7, NULL);
		names.len = 0;
		for (size_t j = 0; j < fd.starts.len; j++)
			vec_push(&names, fd.text.s + fd.starts.data[j]);
		flame_add(fl, names.data, fd.lens.data, fd.starts.len, count, FLAME_AFTER);
		added++;
	}
	vec_free(&names);
	folded_free(&fd);
	return added;
}
