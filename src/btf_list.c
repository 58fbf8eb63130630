/*
 * btf_list.c: what -l and -lv show of BTF: the functions, raw tracepoints
 * and iterators of vmlinux or a module, and their arguments as C spells them.
 */
#include "btf.h"
#include "btf_src.h"
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <string.h>

/* Deep enough for any real chain of typedefs, qualifiers and pointers. */
#define MAX_DEPTH 32

int btf_src_foreach_named(struct btf_src *s, int kind, const char *prefix, const char *glob,
			  void (*fn)(const char *name, void *arg), void *arg)
{
	size_t plen = strlen(prefix);
	int n = 0;

	if (!s)
		return 0;
	/* s's own: a module's base is vmlinux's */
	for (uint32_t id = s->first; id < s->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);
		if (btf_kind(t) != kind || !t->name_off)
			continue;
		const char *name = btf_src_name(s, t->name_off);
		if (strncmp(name, prefix, plen))
			continue;
		name += plen;
		/* bpf_iter_task_destroy and friends are kfuncs of open-coded iterators, not iterators */
		if (kind == BTF_KIND_FUNC && plen && !btf_src_find(s, arena_printf("bpf_iter__%s", name), BTF_KIND_STRUCT))
			continue;
		if (*name && fnmatch(glob, name, 0) == 0) {
			fn(name, arg);
			n++;
		}
	}
	return n;
}

int btf_foreach_func(const char *glob, void (*fn)(const char *name, void *arg), void *arg)
{
	return btf_src_foreach_named(btf_src_vmlinux(), BTF_KIND_FUNC, "", glob, fn, arg);
}

int btf_foreach_raw_tp(const char *glob, void (*fn)(const char *name, void *arg), void *arg)
{
	return btf_src_foreach_named(btf_src_vmlinux(), BTF_KIND_TYPEDEF, "btf_trace_", glob, fn, arg);
}

int btf_foreach_iter(const char *glob, void (*fn)(const char *name, void *arg), void *arg)
{
	return btf_src_foreach_named(btf_src_vmlinux(), BTF_KIND_FUNC, "bpf_iter_", glob, fn, arg);
}

/* The C name of a BTF type: "struct sock *", "unsigned int", "u64". */
static const char *c_name(const struct btf_src *s, uint32_t id, int depth)
{
	const struct btf_type *t = id ? btf__type_by_id(s->btf, id) : NULL;

	if (!t)
		return "void";
	if (depth > MAX_DEPTH)
		return "?";
	switch (btf_kind(t)) {
	case BTF_KIND_PTR: {
		const char *inner = c_name(s, t->type, depth + 1);
		size_t n = strlen(inner);
		return arena_printf("%s%s*", inner, n && inner[n - 1] == '*' ? "" : " ");
	}
	case BTF_KIND_CONST:
		return arena_printf("const %s", c_name(s, t->type, depth + 1));
	case BTF_KIND_VOLATILE:
		return arena_printf("volatile %s", c_name(s, t->type, depth + 1));
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return c_name(s, t->type, depth + 1);
	case BTF_KIND_STRUCT:
		return arena_printf("struct %s", t->name_off ? btf_src_name(s, t->name_off) : "(anon)");
	case BTF_KIND_UNION:
		return arena_printf("union %s", t->name_off ? btf_src_name(s, t->name_off) : "(anon)");
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return arena_printf("enum %s", t->name_off ? btf_src_name(s, t->name_off) : "(anon)");
	case BTF_KIND_FWD:
		return arena_printf("%s %s", btf_kflag(t) ? "union" : "struct", btf_src_name(s, t->name_off));
	case BTF_KIND_ARRAY:
		return arena_printf("%s[%u]", c_name(s, btf_array(t)->type, depth + 1), btf_array(t)->nelems);
	case BTF_KIND_FUNC_PROTO:
		return "void (*)()";
	default:
		return t->name_off ? btf_src_name(s, t->name_off) : "?";
	}
}

static void print_params(FILE *out, const struct btf_src *s, const struct btf_type *proto, const struct btf_type *names, int skip)
{
	int n = btf_vlen(proto);
	const struct btf_param *p = btf_params(proto);
	const struct btf_param *np = names && btf_vlen(names) == n ? btf_params(names) : p;

	for (int i = skip; i < n && p[i].type; i++) {
		const char *name = btf_src_name(s, np[i].name_off);
		fprintf(out, "    %s %s\n", c_name(s, p[i].type, 0), name && *name ? name : arena_printf("arg%d", i - skip));
	}
}

/*
 * An iterator's context, as bpftrace lists it: its members, each pointer
 * wrapped in an anonymous union by __bpf_md_ptr listed by its own name.
 */
static void print_ctx_members(FILE *out, const struct btf_src *s, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++) {
		uint32_t id = m[i].type, name_off = m[i].name_off;
		const struct btf_type *mt = btf__type_by_id(s->btf, id);
		if (!name_off && btf_is_composite(mt) && btf_vlen(mt) > 0) {
			id = btf_members(mt)[0].type;
			name_off = btf_members(mt)[0].name_off;
		}
		const char *name = btf_src_name(s, name_off);
		fprintf(out, "    %s %s\n", c_name(s, id, 0), name && *name ? name : "?");
	}
}

int btf_print_args(FILE *out, enum btf_args_of what, const char *module, const char *name)
{
	const struct btf_type *proto = NULL, *named = NULL;
	struct btf_src *s = name ? btf_src_of(module) : NULL;
	uint32_t id = 0;
	int skip = 0;

	if (!s)
		return -ENOENT;
	switch (what) {
	case BTF_ARGS_FENTRY:
	case BTF_ARGS_FEXIT:
		id = btf_src_find(s, name, BTF_KIND_FUNC);
		proto = id ? btf_src_func_proto(s, id) : NULL;
		break;
	case BTF_ARGS_RAW_TP:
		proto = btf_src_raw_tp_proto(s, name, &id);
		id = btf_src_find(s, arena_printf("__bpf_trace_%s", name), BTF_KIND_FUNC);
		named = id ? btf_src_func_proto(s, id) : NULL;
		skip = 1;
		break;
	case BTF_ARGS_ITER: {
		uint32_t sid = btf_src_find(s, arena_printf("bpf_iter__%s", name), BTF_KIND_STRUCT);
		if (!sid)
			return -ENOENT;
		print_ctx_members(out, s, btf__type_by_id(s->btf, sid));
		return 0;
	}
	}
	if (!proto)
		return -ENOENT;
	print_params(out, s, proto, named, skip);
	if (what == BTF_ARGS_FEXIT && proto->type)
		fprintf(out, "    %s retval\n", c_name(s, proto->type, 0));
	return 0;
}

