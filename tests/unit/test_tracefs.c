/* test_tracefs.c: tracepoint format parsing, on format files copied from a 6.18 kernel. */
#include "runtime.h"
#include "types.h"
#include "unit.h"
#include "util.h"

static const char openat_fmt[] =
	"name: sys_enter_openat\n"
	"ID: 782\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"dfd: 0x%08lx, filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx\", "
	"((unsigned long)(REC->dfd)), ((unsigned long)(REC->filename)), ((unsigned long)(REC->flags)), "
	"((unsigned long)(REC->mode))\n";

static const char sched_switch_fmt[] =
	"name: sched_switch\n"
	"ID: 372\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
	"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d "
	"next_prio=%d\", REC->prev_comm, REC->prev_pid, REC->prev_prio, REC->next_comm, REC->next_pid, "
	"REC->next_prio\n";

static const char block_rq_complete_fmt[] =
	"name: block_rq_complete\n"
	"ID: 2107\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:sector_t sector;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned int nr_sector;\toffset:24;\tsize:4;\tsigned:0;\n"
	"\tfield:int error;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned short ioprio;\toffset:32;\tsize:2;\tsigned:0;\n"
	"\tfield:char rwbs[10];\toffset:34;\tsize:10;\tsigned:0;\n"
	"\tfield:__data_loc char[] cmd;\toffset:44;\tsize:4;\tsigned:0;\n"
	"\n"
	"print fmt: \"%d,%d %s (%s) %llu + %u %s,%u,%u [%d]\", REC->rwbs, __get_str(cmd)\n";

static const char raw_sys_enter_fmt[] =
	"name: sys_enter\n"
	"ID: 443\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n"
	"\n"
	"print fmt: \"NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)\", REC->id, REC->args[0]\n";

static const char execve_fmt[] =
	"name: sys_enter_execve\n"
	"ID: 862\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:const char * filename;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char *const * argv;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:const char *const * envp;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"filename: 0x%08lx, argv: 0x%08lx, envp: 0x%08lx\"\n";

static const char ipi_fmt[] =
	"name: ipi_send_cpumask\n"
	"ID: 353\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:__data_loc cpumask_t cpumask;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:void * callsite;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:void * callback;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"cpumask=%s callsite=%pS callback=%pS\"\n";

static const char arm_event_fmt[] =
	"name: arm_event\n"
	"ID: 2205\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:u64 mpidr;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:u8 affinity;\toffset:32;\tsize:1;\tsigned:0;\n"
	"\tfield:__data_loc u8[] pei_buf;\toffset:40;\tsize:4;\tsigned:0;\n"
	"\tfield:struct robust_list_head * * head_ptr;\toffset:48;\tsize:8;\tsigned:0;\n"
	"\tfield:u8 mac[6];\toffset:56;\tsize:6;\tsigned:0;\n";

static const struct field *field(const struct type *t, const char *name)
{
	for (int i = 0; t && i < t->nfields; i++)
		if (!strcmp(t->fields[i].name, name))
			return &t->fields[i];
	fprintf(stderr, "no field %s\n", name);
	return NULL;
}

#define CHECK_INT_FIELD(t, nm, off, sz, sg)                                 \
	do {                                                                \
		const struct field *f_ = field(t, nm);                      \
		CHECK(f_ != NULL);                                          \
		if (f_) {                                                   \
			CHECK_INT(f_->offset, off);                         \
			CHECK_INT(f_->type->kind, TY_INT);                  \
			CHECK_INT(f_->type->size, sz);                      \
			CHECK_INT(f_->type->is_signed, sg);                 \
			CHECK(!f_->data_loc);                               \
		}                                                           \
	} while (0)

UNIT_TEST(openat_syscall_args)
{
	struct type *t = tracefs_parse_format(openat_fmt, "syscalls");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(t->kind, TY_RECORD);
	CHECK_STR(t->name, "struct syscalls_sys_enter_openat_args");
	CHECK_INT(t->nfields, 5);
	CHECK_INT(t->size, 48);
	CHECK_STR(t->fields[0].name, "__syscall_nr");
	CHECK_INT_FIELD(t, "__syscall_nr", 8, 4, true);
	/*
	 * Syscall arguments fill 8-byte slots with whole registers, whose upper
	 * half a caller passing an int need not set: an int is its 4 bytes,
	 * signed (bpftrace reads `int dfd` as -100 for AT_FDCWD).
	 */
	CHECK_INT_FIELD(t, "dfd", 16, 4, true);
	CHECK_INT_FIELD(t, "flags", 32, 4, true);
	CHECK_INT_FIELD(t, "mode", 40, 8, false);
	const struct field *f = field(t, "filename");
	CHECK(f && f->offset == 24);
	CHECK(f && f->type->kind == TY_PTR && f->type->is_user && f->type->size == 8);
	CHECK(f && f->type->elem && f->type->elem->kind == TY_INT && f->type->elem->size == 1);
	arena_free_all();
}

UNIT_TEST(sched_switch_strings)
{
	struct type *t = tracefs_parse_format(sched_switch_fmt, "sched");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_STR(t->name, "struct sched_sched_switch_args");
	CHECK_INT(t->nfields, 7);
	CHECK_INT(t->size, 64);
	const struct field *f = field(t, "prev_comm");
	CHECK(f && f->offset == 8 && f->type->kind == TY_STR && f->type->size == 16);
	f = field(t, "next_comm");
	CHECK(f && f->offset == 40 && f->type->kind == TY_STR && f->type->size == 16);
	CHECK_INT_FIELD(t, "prev_pid", 24, 4, true);
	CHECK_INT_FIELD(t, "prev_state", 32, 8, true);
	CHECK_INT_FIELD(t, "next_prio", 60, 4, true);
	arena_free_all();
}

UNIT_TEST(block_rq_complete_data_loc)
{
	struct type *t = tracefs_parse_format(block_rq_complete_fmt, "block");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(t->nfields, 7);
	CHECK_INT(t->size, 48);
	CHECK_INT_FIELD(t, "dev", 8, 4, false);
	CHECK_INT_FIELD(t, "sector", 16, 8, false);
	CHECK_INT_FIELD(t, "error", 28, 4, true);
	CHECK_INT_FIELD(t, "ioprio", 32, 2, false);
	const struct field *f = field(t, "rwbs");
	CHECK(f && f->offset == 34 && f->type->kind == TY_STR && f->type->size == 10 && !f->data_loc);
	f = field(t, "cmd");
	CHECK(f && f->offset == 44 && f->data_loc && f->type->kind == TY_STR && f->type->size == 64);
	arena_free_all();
}

UNIT_TEST(raw_syscalls_array)
{
	struct type *t = tracefs_parse_format(raw_sys_enter_fmt, "raw_syscalls");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(t->nfields, 2);
	CHECK_INT_FIELD(t, "id", 8, 8, true);
	const struct field *f = field(t, "args");
	CHECK(f && f->offset == 16 && f->type->kind == TY_ARRAY);
	if (f && f->type->kind == TY_ARRAY) {
		CHECK_INT(f->type->count, 6);
		CHECK_INT(f->type->size, 48);
		CHECK(f->type->elem->kind == TY_INT && f->type->elem->size == 8 && !f->type->elem->is_signed);
	}
	arena_free_all();
}

UNIT_TEST(execve_pointer_to_pointer)
{
	struct type *t = tracefs_parse_format(execve_fmt, "syscalls");
	CHECK(t != NULL);
	if (!t)
		return;
	const struct field *f = field(t, "argv");
	CHECK(f && f->offset == 24 && f->type->kind == TY_PTR && f->type->is_user);
	if (f && f->type->kind == TY_PTR) {
		const struct type *e = f->type->elem;
		CHECK(e && e->kind == TY_PTR);
		CHECK(e && e->elem && e->elem->kind == TY_INT && e->elem->size == 1);
	}
	arena_free_all();
}

UNIT_TEST(kernel_pointers_and_data_loc_arrays)
{
	struct type *t = tracefs_parse_format(ipi_fmt, "ipi");
	CHECK(t != NULL);
	if (!t)
		return;
	const struct field *f = field(t, "callsite");
	/* Outside syscalls, pointers are kernel pointers. */
	CHECK(f && f->type->kind == TY_PTR && !f->type->is_user && f->type->elem->kind == TY_VOID);
	f = field(t, "cpumask");
	CHECK(f && f->data_loc && f->type->kind == TY_ARRAY && f->type->elem->size == 1);

	t = tracefs_parse_format(arm_event_fmt, "ras");
	CHECK(t != NULL);
	if (!t)
		return;
	f = field(t, "pei_buf");
	CHECK(f && f->data_loc && f->type->kind == TY_ARRAY && f->type->elem->kind == TY_INT &&
	      f->type->elem->size == 1);
	f = field(t, "head_ptr");
	CHECK(f && f->type->kind == TY_PTR && f->type->elem->kind == TY_PTR &&
	      f->type->elem->elem->kind == TY_RECORD);
	if (f && f->type->elem->elem)
		CHECK_STR(f->type->elem->elem->name, "struct robust_list_head");
	f = field(t, "mac");
	/* u8 arrays are bytes, not strings: only char arrays print as text. */
	CHECK(f && f->type->kind == TY_ARRAY && f->type->count == 6);
	CHECK_INT_FIELD(t, "affinity", 32, 1, false);
	arena_free_all();
}

UNIT_TEST(bad_input)
{
	CHECK(tracefs_parse_format("", "x") == NULL);
	CHECK(tracefs_parse_format("garbage\n\n\x01\xff", "x") == NULL);
	/* Broken lines are skipped, good ones kept. */
	struct type *t = tracefs_parse_format("name: e\n"
					      "\tfield:int;\toffset:8;\tsize:4;\tsigned:1;\n"
					      "\tfield:int a\toffset:8;\n"
					      "\tfield:int b;\toffset:-4;\tsize:4;\tsigned:1;\n"
					      "\tfield:[] c;\toffset:8;\tsize:4;\tsigned:1;\n"
					      "\tfield:char d[;\toffset:8;\tsize:4;\tsigned:1;\n"
					      "\tfield:int ok;\toffset:12;\tsize:4;\tsigned:1;\n",
					      NULL);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->nfields, 1);
		CHECK_INT_FIELD(t, "ok", 12, 4, true);
		CHECK_STR(t->name, "struct e_args");
	}
	/* A long line must not overflow anything. */
	char *big = xmalloc(5000);
	memset(big, 'a', 4999);
	big[4999] = '\0';
	memcpy(big, "\tfield:", 7);
	tracefs_parse_format(big, "x");
	free(big);
	arena_free_all();
}

UNIT_MAIN()
