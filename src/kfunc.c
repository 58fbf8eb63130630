/*
 * kfunc.c: kernel functions called from generated programs (see kfunc.h).
 */
#include "kfunc.h"
#include "bpf_insn.h"
#include "btf.h"
#include "kernel_probe.h"
#include "util.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kfunc_btf_id(const char *name)
{
	int id = 0;

	if (btf_load() < 0 || !btf_func_args(NULL, name, false, &id) || id <= 0)
		return -ENOENT;
	return id;
}

/* tp_btf on sys_enter: the tracing program that loads on any kernel with BTF. */
static int tracing_attach(enum bpf_attach_type *attach)
{
	int id = 0;

	if (!btf_raw_tp_args(NULL, "sys_enter", &id) || id <= 0)
		return -ENOENT;
	*attach = BPF_TRACE_RAW_TP;
	return id;
}

/*
 * Loads `call name; exit` (arguments all 0) as `type`. The verifier checks
 * that the type may call the function before it looks at the arguments, so a
 * rejection for anything else (a NULL task, a reference left unreleased)
 * still says yes.
 */
static bool probe_allowed(int id, enum bpf_prog_type type)
{
	struct bpf_insn insns[] = {
		bpf_mov64_imm(BPF_REG_1, 0), bpf_mov64_imm(BPF_REG_2, 0), bpf_mov64_imm(BPF_REG_3, 0),
		bpf_mov64_imm(BPF_REG_4, 0), bpf_mov64_imm(BPF_REG_5, 0), bpf_call_kfunc(id),
		bpf_mov64_imm(BPF_REG_0, 0), bpf_exit_insn(),
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	size_t size = 16384;
	char *log = xmalloc(size);

	log[0] = '\0';
	o.log_buf = log;
	o.log_size = size;
	o.log_level = 1;
	if (type == BPF_PROG_TYPE_TRACING) {
		int btf_id = tracing_attach(&o.expected_attach_type);
		if (btf_id < 0) {
			free(log);
			return false;
		}
		o.attach_btf_id = btf_id;
	}
	int fd = bpf_prog_load(type, "sonde_kfunc", "GPL", insns, ARRAY_SIZE(insns), &o);
	int err = errno;
	bool ok = fd >= 0;
	if (fd >= 0)
		close(fd);
	else if (!log[0])
		/* refused before the verifier ran: no privileges, which loading reports better than we can */
		ok = err == EPERM;
	else
		ok = !strstr(log, "is not allowed") && !strstr(log, "sleepable") && !strstr(log, "destructive") &&
		     !strstr(log, "not supported");
	free(log);
	return ok;
}

bool kfunc_allowed(const char *name, enum bpf_prog_type type)
{
	static struct { const char *name; enum bpf_prog_type type; bool ok; } cache[32];
	static int ncache;

	for (int i = 0; i < ncache; i++)
		if (cache[i].type == type && !strcmp(cache[i].name, name))
			return cache[i].ok;
	int id = kfunc_btf_id(name);
	bool ok = id > 0 && probe_allowed(id, type);
	if (ncache < (int)ARRAY_SIZE(cache))
		cache[ncache++] = (typeof(cache[0])){ xstrdup(name), type, ok };
	return ok;
}

enum bpf_prog_type kfunc_prog_type(enum probe_kind kind)
{
	int id = 0;

	if (kind == PROBE_RAWTRACEPOINT && btf_raw_tp_args(NULL, "sys_enter", &id) &&
	    kernel_tracing_error(BPF_TRACE_RAW_TP, id) == 0)
		return BPF_PROG_TYPE_TRACING;
	return probe_info(kind)->prog_type;
}

void kfunc_allowed_kinds(const char *name, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < PROBE_KIND_MAX; k++) {
		const struct probe_info *pi = probe_info(k);
		if (!pi || !pi->name || k == PROBE_BEGIN || k == PROBE_END || !kfunc_allowed(name, kfunc_prog_type(k)))
			continue;
		int w = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", pi->name);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += w;
	}
}
