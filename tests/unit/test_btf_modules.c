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
#include "../progs/modbtf_write.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/sonde-btf-modules-XXXXXX";

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
	CHECK_INT(write_module(base, dir, "sonde_moda", "a_first", "a_second"), 0);
	CHECK_INT(write_module(base, dir, "sonde_modb", "b_first", "b_second"), 0);
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
