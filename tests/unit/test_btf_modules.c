/*
 * test_btf_modules.c: two modules' BTF at once. This machine's kernel has no
 * modules, so two made-up ones are written as the kernel writes a module's
 * BTF (split over vmlinux's, its own ids starting after vmlinux's last) to a
 * folder $SONDE_MODULE_BTF names. Both number their own types alike, so a
 * cache by id alone would hand one module's struct to the other.
 */
#include "btf.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/sonde-btf-modules-XXXXXX";

/*
 * MODULE's BTF: struct sonde_rec with the members given (int, then long),
 * function sonde_fn(struct sonde_rec *rec, struct task_struct *task) and the
 * raw tracepoint sonde_ev(struct sonde_rec *rec).
 */
static int write_module(struct btf *base, const char *module, const char *m1, const char *m2)
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
	int tp_proto = btf__add_func_proto(b, 0);
	btf__add_func_param(b, "__data", void_ptr);
	btf__add_func_param(b, "rec", rec_ptr);
	int tp_ptr = btf__add_ptr(b, tp_proto);
	btf__add_typedef(b, "btf_trace_sonde_ev", tp_ptr);
	btf__add_func(b, "__bpf_trace_sonde_ev", BTF_FUNC_STATIC, tp_proto);

	uint32_t size;
	const void *data = btf__raw_data(b, &size);
	char *path = xasprintf("%s/%s", dir, module);
	FILE *f = data ? fopen(path, "w") : NULL;
	int err = f && fwrite(data, 1, size, f) == size ? 0 : -EIO;
	if (f)
		fclose(f);
	free(path);
	btf__free(b);
	return err;
}

static struct type *rec_of(struct type *args)
{
	CHECK(args && args->nfields >= 1 && args->fields[0].type->kind == TY_PTR);
	if (!args || args->nfields < 1 || args->fields[0].type->kind != TY_PTR)
		return NULL;
	return args->fields[0].type->elem;
}

static void on_func(const char *module, const char *name, void *arg)
{
	char **seen = arg, *s = xasprintf("%s%s:%s ", *seen, module, name);

	free(*seen);
	*seen = s;
}

UNIT_TEST(test_two_modules)
{
	struct btf *base = btf__load_vmlinux_btf();
	CHECK(base != NULL);
	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(write_module(base, "sonde_moda", "a_first", "a_second"), 0);
	CHECK_INT(write_module(base, "sonde_modb", "b_first", "b_second"), 0);
	btf__free(base);
	setenv("SONDE_MODULE_BTF", dir, 1);

	int ida = 0, idb = 0;
	struct type *a = btf_func_args("sonde_moda", "sonde_fn", true, &ida);
	struct type *b = btf_func_args("sonde_modb", "sonde_fn", true, &idb);
	CHECK(a && b);
	/* the same id in both modules' numbering: what attach_btf_id gets, with each module's BTF object */
	CHECK(ida > 0 && ida == idb);
	struct type *ra = rec_of(a), *rb = rec_of(b);
	CHECK(ra && rb && ra != rb);
	if (!ra || !rb)
		return;
	CHECK_INT(ra->btf_id, rb->btf_id);
	CHECK(ra->btf_obj != rb->btf_obj);
	CHECK(!type_equal(ra, rb));
	CHECK(btf_member(ra, "a_second") && btf_member(ra, "a_second")->offset == 8);
	CHECK(btf_member(ra, "b_first") == NULL);
	CHECK(btf_member(rb, "b_first") && btf_member(rb, "a_first") == NULL);
	/* a module's reference to a vmlinux type is vmlinux's one struct type */
	CHECK(a->nfields == 3 && a->fields[1].type->kind == TY_PTR);
	CHECK(a->fields[1].type->elem == btf_parse_type("struct task_struct"));
	CHECK(b->fields[1].type->elem == a->fields[1].type->elem);
	CHECK_STR(a->fields[2].name, "$retval");

	/* raw tracepoints: each module's own, typed from its own BTF */
	struct type *ta = btf_raw_tp_args("sonde_moda", "sonde_ev", NULL);
	struct type *tb = btf_raw_tp_args("sonde_modb", "sonde_ev", NULL);
	CHECK(ta && tb && rec_of(ta) == ra && rec_of(tb) == rb);
	CHECK(btf_raw_tp_args("sonde_moda", "sched_switch", NULL) == NULL);
	CHECK(btf_func_args("sonde_modb", "vfs_read", false, NULL) == NULL);
	CHECK(btf_func_args(NULL, "sonde_fn", false, NULL) == NULL);

	/* casts: vmlinux's types first, then the modules in use, in the order they came in */
	CHECK(btf_parse_type("struct sonde_rec") == NULL);
	CHECK_INT(btf_use_module("sonde_modb"), 0);
	CHECK_INT(btf_use_module("sonde_moda"), 0);
	CHECK(btf_parse_type("struct sonde_rec") == rb);
	CHECK_INT(btf_use_module("sonde_no_such_module"), -ENOENT);

	char *seen = xstrdup("");
	CHECK_INT(btf_foreach_module_func("sonde_mod*", "sonde_*", on_func, &seen), 2);
	CHECK(strstr(seen, "sonde_moda:sonde_fn ") && strstr(seen, "sonde_modb:sonde_fn "));
	free(seen);
	seen = xstrdup("");
	CHECK_INT(btf_foreach_module_raw_tp("*_modb", "sonde_e?", on_func, &seen), 1);
	CHECK_STR(seen, "sonde_modb:sonde_ev ");
	free(seen);
	for (const char *const *m = (const char *const[]){ "sonde_moda", "sonde_modb", NULL }; *m; m++) {
		char *path = xasprintf("%s/%s", dir, *m);
		remove(path);
		free(path);
	}
	rmdir(dir);
}

UNIT_MAIN()
