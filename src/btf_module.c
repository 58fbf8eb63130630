/*
 * btf_module.c: BTF beyond vmlinux's types: modules' split BTF (for
 * rawtracepoint:MODULE:EVENT and fentry:MODULE:FN), the kernel's BTF object
 * of a module (the fd a program's attach_btf_obj_fd names), and per-CPU
 * variables (percpu_kaddr).
 */
#include "btf.h"
#include "btf_src.h"
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

int btf_use_module(const char *module)
{
	struct btf_src *s = btf_src_module(module);

	if (!s)
		return -ENOENT;
	btf_src_use(s);
	return 0;
}

struct module_walk {
	const char *module;
	void (*fn)(const char *module, const char *name, void *arg);
	void *arg;
};

static void on_name(const char *name, void *arg)
{
	struct module_walk *w = arg;

	w->fn(w->module, name, w->arg);
}

/* Each module with BTF matching mod_glob: its own types of that kind named prefix + glob. */
static int foreach_module(const char *mod_glob, int kind, const char *prefix, const char *glob,
			  void (*fn)(const char *module, const char *name, void *arg), void *arg)
{
	DIR *d = btf_available() ? opendir(btf_module_dir()) : NULL;
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "vmlinux") || fnmatch(mod_glob, e->d_name, 0))
			continue;
		struct btf_src *s = btf_src_module(e->d_name);
		struct module_walk w = { .module = e->d_name, .fn = fn, .arg = arg };
		if (s)
			n += btf_src_foreach_named(s, kind, prefix, glob, on_name, &w);
	}
	closedir(d);
	return n;
}

int btf_foreach_module_raw_tp(const char *mod_glob, const char *glob,
			       void (*fn)(const char *module, const char *name, void *arg), void *arg)
{
	return foreach_module(mod_glob, BTF_KIND_TYPEDEF, "btf_trace_", glob, fn, arg);
}

int btf_foreach_module_func(const char *mod_glob, const char *glob,
			    void (*fn)(const char *module, const char *name, void *arg), void *arg)
{
	return foreach_module(mod_glob, BTF_KIND_FUNC, "", glob, fn, arg);
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
	/* vmlinux's variables: a module's would need its BTF object beside the id */
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
