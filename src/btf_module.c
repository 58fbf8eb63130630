/*
 * btf_module.c: BTF beyond vmlinux's types: a module's split BTF (for
 * rawtracepoint:MODULE:EVENT and fentry:MODULE:FN), the kernel's BTF object
 * of a module (the fd a program's attach_btf_obj_fd names), and per-CPU
 * variables (percpu_kaddr).
 */
#include "btf.h"
#include "util.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *module_in_use;

int btf_use_module(const char *module)
{
	if (module_in_use)
		return strcmp(module_in_use, module) ? -EBUSY : 0;
	struct btf *base = btf_handle();
	if (!base)
		return -ENOENT;
	char *path = xasprintf("/sys/kernel/btf/%s", module);
	struct btf *split = strchr(module, '/') ? NULL : btf__parse_split(path, base);
	free(path);
	if (!split)
		return -ENOENT;
	int err = btf_switch(split);
	if (err) {
		btf__free(split);
		return err;
	}
	module_in_use = xstrdup(module);
	return 0;
}

int btf_foreach_module_raw_tp(const char *mod_glob, const char *glob,
			       void (*fn)(const char *module, const char *name, void *arg), void *arg)
{
	struct btf *in_use = btf_handle();
	/* with a module's BTF in use, vmlinux's is its base */
	struct btf *base = in_use && module_in_use ? (struct btf *)btf__base_btf(in_use) : in_use;
	DIR *d = base ? opendir("/sys/kernel/btf") : NULL;
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "vmlinux") || fnmatch(mod_glob, e->d_name, 0))
			continue;
		/* parsed on the side: the module in use (btf_use_module) stays as it is */
		bool used = module_in_use && !strcmp(module_in_use, e->d_name);
		char *path = xasprintf("/sys/kernel/btf/%s", e->d_name);
		struct btf *split = used ? in_use : btf__parse_split(path, base);
		free(path);
		if (!split)
			continue;
		for (uint32_t id = btf__type_cnt(base); id < btf__type_cnt(split); id++) {
			const struct btf_type *t = btf__type_by_id(split, id);
			const char *name = btf_kind(t) == BTF_KIND_TYPEDEF ? btf__name_by_offset(split, t->name_off) : NULL;
			if (!name || strncmp(name, "btf_trace_", 10) || fnmatch(glob, name + 10, 0))
				continue;
			fn(e->d_name, name + 10, arg);
			n++;
		}
		if (!used)
			btf__free(split);
	}
	closedir(d);
	return n;
}

const char *btf_module(void)
{
	return module_in_use;
}

int btf_module_fd(const char *module)
{
	uint32_t id = 0;

	/* the kernel's BTF objects, by id: the one named after the module */
	while (bpf_btf_get_next_id(id, &id) == 0) {
		int fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0)
			continue;
		char name[64] = "";
		struct bpf_btf_info info = { .name = (uint64_t)(uintptr_t)name, .name_len = sizeof(name) };
		uint32_t len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && info.kernel_btf && !strcmp(name, module))
			return fd;
		close(fd);
	}
	return -ENOENT;
}

int btf_percpu_var(const char *name)
{
	struct btf *b = btf_handle();

	if (!b)
		return -ENOENT;
	int id = btf__find_by_name_kind(b, name, BTF_KIND_VAR);
	if (id <= 0)
		return -ENOENT;
	/* The verifier hands out per-CPU pointers only for the variables of this section. */
	int sec = btf__find_by_name_kind(b, ".data..percpu", BTF_KIND_DATASEC);
	if (sec <= 0)
		return -EINVAL;
	const struct btf_type *t = btf__type_by_id(b, sec);
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	for (int i = 0; i < btf_vlen(t); i++)
		if ((int)v[i].type == id)
			return id;
	return -EINVAL;
}
