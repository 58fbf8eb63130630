/*
 * modbtf_write.h: writes a made-up kernel module's BTF, as the kernel shows
 * a module's (split over vmlinux's, its own ids numbered after vmlinux's
 * last), for tests/progs/modbtf.c and tests/unit/test_btf_modules.c.
 *
 * DIR/MODULE: struct sonde_rec with the members given (int m1 at 0, long m2
 * at 8), the function int sonde_fn(struct sonde_rec *rec, struct
 * task_struct *task) and the raw tracepoint sonde_ev(struct sonde_rec *rec).
 * Two modules written so number these alike: their ids overlap.
 */
#ifndef SONDE_MODBTF_WRITE_H
#define SONDE_MODBTF_WRITE_H

#include <bpf/btf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

static int write_module(struct btf *base, const char *dir, const char *module, const char *m1, const char *m2)
{
	struct btf *b = btf__new_empty_split(base);
	if (!b)
		return -errno;
	int task = btf__find_by_name_kind(base, "task_struct", BTF_KIND_STRUCT);
	int i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	int i64 = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	int rec = btf__add_struct(b, "sonde_rec", 16);
	btf__add_field(b, m1, i32, 0, 0);
	btf__add_field(b, m2, i64, 64, 0);
	int rec_ptr = btf__add_ptr(b, rec);
	int task_ptr = btf__add_ptr(b, task);
	int proto = btf__add_func_proto(b, i32);
	btf__add_func_param(b, "rec", rec_ptr);
	btf__add_func_param(b, "task", task_ptr);
	btf__add_func(b, "sonde_fn", BTF_FUNC_GLOBAL, proto);
	int void_ptr = btf__add_ptr(b, 0);
	/* a prototype's parameters follow it at once */
	int tp_proto = btf__add_func_proto(b, 0);
	btf__add_func_param(b, "__data", void_ptr);
	btf__add_func_param(b, "rec", rec_ptr);
	int tp_ptr = btf__add_ptr(b, tp_proto);
	btf__add_typedef(b, "btf_trace_sonde_ev", tp_ptr);
	btf__add_func(b, "__bpf_trace_sonde_ev", BTF_FUNC_STATIC, tp_proto);

	uint32_t size;
	const void *data = btf__raw_data(b, &size);
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, module);
	FILE *f = data ? fopen(path, "w") : NULL;
	int err = !data ? -EINVAL : !f ? -errno : fwrite(data, 1, size, f) == size ? 0 : -EIO;
	if (f && fclose(f))
		err = -EIO;
	btf__free(b);
	return err;
}

#endif
