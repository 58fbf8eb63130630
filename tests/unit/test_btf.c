/*
 * test_btf.c: kernel types from this machine's BTF (/sys/kernel/btf/vmlinux is
 * world-readable: no root needed). Offsets differ between kernels, so the
 * tests compare with what libbpf reads from the same BTF, or with facts that
 * hold on every kernel sonde supports.
 */
#include "btf.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <bpf/btf.h>
#include <errno.h>

static struct btf *raw;

/* The bit offset of member `name` of struct `sname`, read with libbpf directly; -1 if absent. */
static long raw_member_bits(const char *sname, const char *name, uint32_t *bitfield_size)
{
	int id = btf__find_by_name_kind(raw, sname, BTF_KIND_STRUCT);
	if (id < 0)
		return -1;
	const struct btf_type *t = btf__type_by_id(raw, id);
	for (int i = 0; i < btf_vlen(t); i++) {
		const char *n = btf__name_by_offset(raw, btf_members(t)[i].name_off);
		if (n && !strcmp(n, name)) {
			if (bitfield_size)
				*bitfield_size = btf_member_bitfield_size(t, i);
			return btf_member_bit_offset(t, i);
		}
	}
	return -1;
}

static struct type *record(const char *spelling)
{
	struct type *t = btf_parse_type(spelling);
	CHECK(t && t->kind == TY_RECORD);
	return t;
}

UNIT_TEST(test_load)
{
	CHECK_INT(btf_load(), 0);
	CHECK(btf_available());
	raw = btf__load_vmlinux_btf();
	CHECK(raw != NULL);
}

UNIT_TEST(test_task_struct)
{
	struct type *p = btf_parse_type("struct task_struct *");
	CHECK(p && p->kind == TY_PTR && p->size == 8);
	struct type *rec = p->elem;
	CHECK(rec->kind == TY_RECORD);
	CHECK_STR(rec->name, "struct task_struct");
	CHECK(rec->btf_id > 0);
	CHECK_INT(rec->size, btf__resolve_size(raw, btf__find_by_name_kind(raw, "task_struct", BTF_KIND_STRUCT)));
	CHECK_INT(btf_complete(rec), 0);
	CHECK(rec->nfields > 50);

	const struct field *pid = btf_member(rec, "pid");
	CHECK(pid && pid->type->kind == TY_INT && pid->type->size == 4 && pid->type->is_signed);
	CHECK_INT(pid->offset * 8, raw_member_bits("task_struct", "pid", NULL));

	/* char comm[16]: a string, as bpftrace reads it */
	const struct field *comm = btf_member(rec, "comm");
	CHECK(comm && comm->type->kind == TY_STR && comm->type->size == 16);

	/* struct task_struct *parent: a pointer back to the same record */
	const struct field *parent = btf_member(rec, "real_parent");
	CHECK(parent && parent->type->kind == TY_PTR && parent->type->elem == rec);

	CHECK(btf_member(rec, "no_such_member") == NULL);
	CHECK_STR(btf_nearest_member(rec, "commm"), "comm");
	CHECK_STR(btf_nearest_member(rec, "tgdi"), "tgid");
	CHECK(btf_nearest_member(rec, "zzzzzzzzzzzzzz") == NULL);
}

UNIT_TEST(test_same_type_everywhere)
{
	struct type *a = btf_parse_type("struct task_struct");
	/* converted types outlive the arena: only the front end's wrappers are freed */
	arena_free_all();
	struct type *b = btf_parse_type("struct task_struct");
	CHECK(a && a == b);
	struct type *p1 = btf_parse_type("struct task_struct *"), *p2 = btf_parse_type("struct task_struct*");
	CHECK(p1 && p2 && type_equal(p1, p2));
	CHECK(!type_equal(btf_parse_type("struct sock"), a));
}

UNIT_TEST(test_anonymous_members_and_bitfields)
{
	struct type *skb = record("struct sk_buff");
	/* sk_buff's first members sit in anonymous unions and structs */
	const struct field *next = btf_member(skb, "next");
	CHECK(next && next->offset == 0 && next->type->kind == TY_PTR);
	const struct field *len = btf_member(skb, "len");
	CHECK(len && len->type == &type_u32);
	CHECK_INT(len->offset * 8, raw_member_bits("sk_buff", "len", NULL));

	/* a bitfield sits in a unit of its type's size that holds all its bits */
	static const struct { const char *sname, *member; } bitfields[] = {
		{ "sk_buff", "fclone" }, { "task_struct", "sched_migrated" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bitfields); i++) {
		struct type *rec = record(arena_printf("struct %s", bitfields[i].sname));
		const struct field *f = btf_member(rec, bitfields[i].member);
		uint32_t bits = 0;
		long raw_off = raw_member_bits(bitfields[i].sname, bitfields[i].member, &bits);
		CHECK(f && raw_off >= 0 && bits > 0);
		if (!f || raw_off < 0)
			continue;
		CHECK_INT(f->bit_size, bits);
		CHECK_INT(f->offset * 8 + f->bit_offset, raw_off);
		CHECK(f->bit_offset + f->bit_size <= 8 * f->type->size);
		CHECK(f->offset % f->type->size == 0);
	}

	struct type *u = record("union bpf_attr");
	CHECK(u->is_union);
	CHECK_STR(type_str_name(u), "union bpf_attr");
}

UNIT_TEST(test_c_spellings)
{
	CHECK(btf_parse_type("unsigned long") == &type_u64);
	CHECK(btf_parse_type("long unsigned int") == &type_u64);
	CHECK(btf_parse_type("unsigned") == &type_u32);
	CHECK(btf_parse_type("short") == &type_s16);
	CHECK(btf_parse_type("long long") == &type_s64);
	CHECK(btf_parse_type("signed char") == &type_s8);
	CHECK(btf_parse_type("u64") == &type_u64);
	CHECK(btf_parse_type("u8") == &type_u8);
	CHECK(btf_parse_type("pid_t") == &type_s32);
	CHECK(btf_parse_type("bool") == &type_bool);
	CHECK(btf_parse_type("_Bool") == &type_bool);
	CHECK(btf_parse_type("void") == &type_void);

	struct type *t = btf_parse_type("const char *");
	CHECK(t && t->kind == TY_PTR && t->elem == &type_s8);
	t = btf_parse_type("struct sock **");
	CHECK(t && t->kind == TY_PTR && t->elem->kind == TY_PTR && t->elem->elem->kind == TY_RECORD);
	CHECK_STR(type_str_name(t), "struct sock * *");
	t = btf_parse_type("void *");
	CHECK(t && t->kind == TY_PTR && t->elem == &type_void);
	t = btf_parse_type("int[4]");
	CHECK(t && t->kind == TY_ARRAY && t->count == 4 && t->size == 16);
	t = btf_parse_type("enum bpf_prog_type");
	CHECK(t && t->kind == TY_INT && t->size == 4);

	errno = 0;
	CHECK(btf_parse_type("struct no_such_struct_sonde") == NULL && errno == ENOENT);
	CHECK(btf_parse_type("no_such_typedef_sonde") == NULL && errno == ENOENT);
	CHECK(btf_parse_type("struct") == NULL && errno == EINVAL);
	CHECK(btf_parse_type("") == NULL && errno == EINVAL);
	CHECK(btf_parse_type("***") == NULL);
	CHECK(btf_parse_type("struct task_struct * p") == NULL && errno == EINVAL);
	CHECK(btf_parse_type("unsigned unsigned") == NULL);
	CHECK(btf_parse_type("int [x]") == NULL);
	CHECK(btf_parse_type("char$") == NULL);
	CHECK(btf_parse_type(NULL) == NULL);
}

UNIT_TEST(test_enums)
{
	int64_t v = -1;
	struct type *t = NULL;
	CHECK(btf_enum_value("BPF_PROG_TYPE_KPROBE", &v, &t));
	CHECK_INT(v, 2);
	CHECK(t && t->kind == TY_INT && t->size == 4);
	CHECK(btf_enum_value("BPF_MAP_TYPE_HASH", &v, NULL));
	CHECK_INT(v, 1);
	CHECK(!btf_enum_value("NO_SUCH_ENUMERATOR_SONDE", &v, NULL));
}

UNIT_TEST(test_func_args)
{
	int id = 0;
	struct type *a = btf_func_args(NULL, "vfs_read", true, &id);
	CHECK(a && a->kind == TY_RECORD && id > 0);
	CHECK_INT(id, btf__find_by_name_kind(raw, "vfs_read", BTF_KIND_FUNC));
	if (!a)
		return;
	CHECK_INT(a->nfields, 5);
	CHECK_STR(a->fields[0].name, "file");
	CHECK(a->fields[0].type->kind == TY_PTR);
	CHECK_STR(type_str_name(a->fields[0].type), "struct file *");
	CHECK_STR(a->fields[2].name, "count");
	CHECK(a->fields[2].type == &type_u64);
	CHECK_INT(a->fields[2].offset, 16);
	CHECK_STR(a->fields[4].name, "$retval");
	CHECK(a->fields[4].type == &type_s64);
	CHECK_INT(a->fields[4].offset, 32);
	CHECK(btf_member(a, "pos") && btf_member(a, "pos")->offset == 24);

	struct type *b = btf_func_args(NULL, "vfs_read", false, NULL);
	CHECK(b && b->nfields == 4);
	errno = 0;
	CHECK(btf_func_args(NULL, "no_such_function_sonde", false, &id) == NULL && errno == ENOENT);
}

UNIT_TEST(test_raw_tp_args)
{
	int id = 0;
	struct type *a = btf_raw_tp_args(NULL, "sched_switch", &id);
	CHECK(a && id > 0);
	CHECK_INT(id, btf__find_by_name_kind(raw, "btf_trace_sched_switch", BTF_KIND_TYPEDEF));
	if (!a)
		return;
	const struct field *prev = btf_member(a, "prev"), *next = btf_member(a, "next");
	CHECK(prev && next && prev->type->kind == TY_PTR);
	CHECK(next && next->offset == prev->offset + 8);
	CHECK_STR(a->fields[0].name, "preempt");
	CHECK_INT(a->fields[0].offset, 0);
	CHECK(btf_raw_tp_args(NULL, "no_such_tracepoint_sonde", &id) == NULL);
}

UNIT_TEST(test_iter_ctx)
{
	int id = 0;
	struct type *ctx = btf_iter_ctx("task", &id);
	CHECK(ctx && ctx->kind == TY_PTR && id > 0);
	if (!ctx)
		return;
	CHECK_STR(ctx->elem->name, "struct bpf_iter__task");
	/* __bpf_md_ptr wraps each pointer in an anonymous union */
	const struct field *task = btf_member(ctx->elem, "task");
	CHECK(task && task->offset == 8 && task->type->kind == TY_PTR);
	CHECK_STR(type_str_name(task->type), "struct task_struct *");
	const struct field *meta = btf_member(ctx->elem, "meta");
	CHECK(meta && meta->offset == 0);

	struct type *files = btf_iter_ctx("task_file", NULL);
	CHECK(files && btf_member(files->elem, "fd") && btf_member(files->elem, "file"));
	CHECK(btf_iter_ctx("no_such_iter", NULL) == NULL);
}

static void count_cb(const char *name, void *arg)
{
	(*(int *)arg)++;
}

static void collect_cb(const char *name, void *arg)
{
	char **s = arg;
	*s = arena_printf("%s%s ", *s, name);
}

UNIT_TEST(test_foreach)
{
	int n = 0;
	CHECK(btf_foreach_func("vfs_rea*", count_cb, &n) >= 1 && n >= 1);
	n = 0;
	CHECK_INT(btf_foreach_raw_tp("sched_switch", count_cb, &n), 1);
	char *s = "";
	btf_foreach_iter("task*", collect_cb, &s);
	CHECK(strstr(s, "task ") && strstr(s, "task_file ") && strstr(s, "task_vma "));
	/* the kfuncs of open-coded iterators are not iterators */
	CHECK(!strstr(s, "destroy"));
}

static void print_vfs_read(FILE *f, void *arg)
{
	btf_print_args(f, *(enum btf_args_of *)arg, NULL, "vfs_read");
}

UNIT_TEST(test_print_args)
{
	enum btf_args_of what = BTF_ARGS_FEXIT;
	char *s = unit_capture(print_vfs_read, &what);
	CHECK_STR(s, "    struct file * file\n    char * buf\n    size_t count\n    loff_t * pos\n"
		     "    ssize_t retval\n");
	free(s);

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(btf_print_args(f, BTF_ARGS_ITER, NULL, "task"), 0);
	CHECK_INT(btf_print_args(f, BTF_ARGS_RAW_TP, NULL, "sched_switch"), 0);
	CHECK_INT(btf_print_args(f, BTF_ARGS_FENTRY, NULL, "no_such_function_sonde"), -ENOENT);
	fclose(f);
	CHECK(strstr(buf, "    struct bpf_iter_meta * meta\n    struct task_struct * task\n") == buf);
	CHECK(strstr(buf, "    bool preempt\n    struct task_struct * prev\n"));
	free(buf);
}

UNIT_MAIN()
