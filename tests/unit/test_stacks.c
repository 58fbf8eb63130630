/*
 * test_stacks.c: kstack/ustack, ksym(), usym() and ntop() values as text and
 * JSON, stack-keyed maps as bpftrace prints them and as folded stacks
 * (-f folded), and flame graphs built from such maps. A fake stack map and
 * a kallsyms fixture stand in for the kernel; user frames are functions of
 * this test binary, resolved through this process's own mappings.
 */
#include "output.h"
#include "render.h"
#include "symbolize.h"
#include "types.h"
#include "unit.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

static const char kallsyms_text[] =
	"ffffffff81000000 T entry_SYSCALL_64\n"
	"ffffffff81000100 T do_syscall_64\n"
	"ffffffff81000200 T __schedule\n"
	"ffffffff81000300 T schedule\n";

__attribute__((noinline)) int stacktest_leaf(int x)
{
	return x + 7;
}

__attribute__((noinline)) int stacktest_main(int x)
{
	return stacktest_leaf(x) * 2;
}

/* The fake stack map: id -> frames, leaf first, zero-terminated. */
static uint64_t fake_stacks[4][8];

static int fake_frames(void *ctx, const struct type *t, int64_t id, uint64_t *ips, int max)
{
	(void)ctx;
	(void)t;
	if (id < 0 || id >= 4)
		return -ENOENT;
	int n = max < 8 ? max : 8;
	memcpy(ips, fake_stacks[id], (size_t)n * sizeof(*ips));
	return n;
}

static struct symbolizer *sym;

static void setup(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	const char *path = "/tmp/sonde-stacktest-kallsyms";
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(kallsyms_text, f);
		fclose(f);
	}
	struct symbolizer_opts o = { .kallsyms = path };
	sym = symbolizer_new(&o);
	/* make sure kallsyms is read before the fixture file goes */
	struct sym_info si;
	symbolizer_kernel(sym, 0xffffffff81000000, &si);
	unlink(path);
	/* kernel stack 0: __schedule+16 <- schedule+4 <- do_syscall_64+32 <- entry_SYSCALL_64+8 */
	uint64_t k0[] = { 0xffffffff81000210, 0xffffffff81000304, 0xffffffff81000120, 0xffffffff81000008, 0 };
	memcpy(fake_stacks[0], k0, sizeof(k0));
	/* user stack 1: stacktest_leaf+1 <- stacktest_main+2 */
	uint64_t u1[] = { (uint64_t)(uintptr_t)stacktest_leaf + 1, (uint64_t)(uintptr_t)stacktest_main + 2, 0 };
	memcpy(fake_stacks[1], u1, sizeof(u1));
	/* kernel stack 2: an address no symbol covers */
	uint64_t k2[] = { 0xffffffff80000010, 0 };
	memcpy(fake_stacks[2], k2, sizeof(k2));
	/* user stack 3: no mapping */
	uint64_t u3[] = { 0x10, 0 };
	memcpy(fake_stacks[3], u3, sizeof(u3));
	struct output_resolver r = { .ctx = NULL, .stack_frames = fake_frames, .sym = sym };
	output_set_resolver(&r);
}

static struct type *stack_type(bool user, enum stack_mode mode)
{
	struct type *t = type_new(TY_STACK);
	t->size = sizeof(struct sonde_stack);
	t->align = 8;
	t->stack_user = user;
	t->stack_mode = mode;
	t->stack_limit = 127;
	t->stack_map = 0;
	return t;
}

static char *value_str(enum output_format fmt, const struct type *t, const void *data)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	output_value(f, fmt, t, data);
	fclose(f);
	return buf;
}

UNIT_TEST(kstack_bpftrace_mode)
{
	setup();
	struct sonde_stack st = { 0, 0 };
	char *s = value_str(OUT_TEXT, stack_type(false, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n        __schedule+16\n        schedule+4\n        do_syscall_64+32\n"
		     "        entry_SYSCALL_64+8\n");
	free(s);
}

UNIT_TEST(kstack_perf_and_raw_modes)
{
	setup();
	struct sonde_stack st = { 0, 0 };
	char *s = value_str(OUT_TEXT, stack_type(false, STACK_PERF), &st);
	CHECK_STR(s, "\n\tffffffff81000210 __schedule+16\n\tffffffff81000304 schedule+4\n"
		     "\tffffffff81000120 do_syscall_64+32\n\tffffffff81000008 entry_SYSCALL_64+8\n");
	free(s);
	s = value_str(OUT_TEXT, stack_type(false, STACK_RAW), &st);
	CHECK_STR(s, "\nffffffff81000210\nffffffff81000304\nffffffff81000120\nffffffff81000008\n");
	free(s);
}

UNIT_TEST(kstack_unknown_frame_is_an_address)
{
	setup();
	struct sonde_stack st = { 2, 0 };
	char *s = value_str(OUT_TEXT, stack_type(false, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n        0xffffffff80000010\n");
	free(s);
}

UNIT_TEST(ustack_modes)
{
	setup();
	struct sonde_stack st = { 1, (uint64_t)getpid() };
	char *s = value_str(OUT_TEXT, stack_type(true, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n        stacktest_leaf+1\n        stacktest_main+2\n");
	free(s);
	s = value_str(OUT_TEXT, stack_type(true, STACK_PERF), &st);
	char *exe = realpath("/proc/self/exe", NULL);
	char *want = xasprintf("\n\t%lx stacktest_leaf+1 (%s)\n\t%lx stacktest_main+2 (%s)\n",
			       (unsigned long)(uintptr_t)stacktest_leaf + 1, exe,
			       (unsigned long)(uintptr_t)stacktest_main + 2, exe);
	CHECK_STR(s, want);
	free(want);
	free(exe);
	free(s);
	/* no mapping: the address, as bpftrace; perf mode says unknown */
	struct sonde_stack st3 = { 3, (uint64_t)getpid() };
	s = value_str(OUT_TEXT, stack_type(true, STACK_BPFTRACE), &st3);
	CHECK_STR(s, "\n        0x10\n");
	free(s);
	s = value_str(OUT_TEXT, stack_type(true, STACK_PERF), &st3);
	CHECK_STR(s, "\n\t10 [unknown] ([unknown])\n");
	free(s);
}

UNIT_TEST(stack_lost)
{
	setup();
	struct sonde_stack st = { -EEXIST, 0 };
	char *s = value_str(OUT_TEXT, stack_type(false, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n        [stack lost: hash collision in the stack map]\n");
	free(s);
	st.id = -ENOMEM;
	s = value_str(OUT_TEXT, stack_type(false, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n        [stack lost: the stack map is full]\n");
	free(s);
	/* an id the map does not have */
	st.id = 99;
	s = value_str(OUT_TEXT, stack_type(false, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n        [stack lost: not in the stack map]\n");
	free(s);
	/* -EFAULT: no stack of that kind (a kernel thread's user stack): empty */
	st.id = -EFAULT;
	s = value_str(OUT_TEXT, stack_type(true, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n");
	free(s);
}

UNIT_TEST(stack_json)
{
	setup();
	struct sonde_stack st = { 2, 0 };
	char *s = value_str(OUT_JSON, stack_type(false, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\"\\n        0xffffffff80000010\\n\"");
	free(s);
}

UNIT_TEST(ksym_usym_values)
{
	setup();
	struct type *kt = type_new(TY_KSYM);
	kt->size = 8;
	uint64_t a = 0xffffffff81000305;
	char *s = value_str(OUT_TEXT, kt, &a);
	CHECK_STR(s, "schedule");
	free(s);
	a = 0x1234;
	s = value_str(OUT_TEXT, kt, &a);
	CHECK_STR(s, "0x1234");
	free(s);
	struct type *ut = type_new(TY_USYM);
	ut->size = sizeof(struct sonde_usym);
	struct sonde_usym u = { (uint64_t)(uintptr_t)stacktest_main + 3, (uint64_t)getpid() };
	s = value_str(OUT_TEXT, ut, &u);
	CHECK_STR(s, "stacktest_main");
	free(s);
	u.addr = 1;
	s = value_str(OUT_TEXT, ut, &u);
	CHECK_STR(s, "0x1");
	free(s);
	s = value_str(OUT_JSON, ut, &u);
	CHECK_STR(s, "\"0x1\"");
	free(s);
}

UNIT_TEST(inet_values)
{
	struct type *t = type_new(TY_INET);
	t->size = sizeof(struct sonde_inet);
	struct sonde_inet in = { .af = AF_INET, .addr = { 127, 0, 0, 1 } };
	char *s = value_str(OUT_TEXT, t, &in);
	CHECK_STR(s, "127.0.0.1");
	free(s);
	memset(&in, 0, sizeof(in));
	in.af = AF_INET6;
	in.addr[15] = 1;
	s = value_str(OUT_TEXT, t, &in);
	CHECK_STR(s, "::1");
	free(s);
	in.af = 99;
	s = value_str(OUT_TEXT, t, &in);
	CHECK_STR(s, "");
	free(s);
}

/* ---- maps ---- */

struct smap {
	struct map_desc m;
	struct map_entry e[4];
	uint8_t keys[4][64];
	size_t n;
};

/* A (kstack, ustack, comm) key, as the checker lays it out. */
static struct type *tuple_key(void)
{
	struct type *t = type_new(TY_TUPLE);
	t->nfields = 3;
	t->fields = arena_alloc(3 * sizeof(*t->fields));
	t->fields[0].type = stack_type(false, STACK_BPFTRACE);
	t->fields[0].offset = 0;
	t->fields[1].type = stack_type(true, STACK_BPFTRACE);
	t->fields[1].offset = 16;
	t->fields[2].type = type_str(16);
	t->fields[2].offset = 32;
	t->size = 48;
	return t;
}

static void smap_add(struct smap *sm, const void *key, int64_t v)
{
	memcpy(sm->keys[sm->n], key, sm->m.user_key_size);
	sm->e[sm->n].key = sm->keys[sm->n];
	sm->e[sm->n].v = v;
	sm->n++;
}

static char *map_str(struct smap *sm, enum output_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	output_map(f, fmt, &sm->m, sm->e, sm->n, 0, 0);
	fclose(f);
	return buf;
}

static void tuple_map(struct smap *sm)
{
	memset(sm, 0, sizeof(*sm));
	sm->m.name = "@";
	sm->m.agg = AGG_COUNT;
	sm->m.key = tuple_key();
	sm->m.user_key_size = 48;
	uint8_t key[48] = { 0 };
	struct sonde_stack k = { 0, 0 }, u = { 1, (uint64_t)getpid() };
	memcpy(key, &k, 16);
	memcpy(key + 16, &u, 16);
	strcpy((char *)key + 32, "worker");
	smap_add(sm, key, 5);
	/* a kernel thread: no user stack */
	struct sonde_stack none = { -EFAULT, 0 };
	memcpy(key + 16, &none, 16);
	strcpy((char *)key + 32, "kworker/0:1");
	smap_add(sm, key, 2);
}

UNIT_TEST(stack_map_text)
{
	setup();
	struct smap sm;
	memset(&sm, 0, sizeof(sm));
	sm.m.name = "@";
	sm.m.agg = AGG_COUNT;
	sm.m.key = stack_type(false, STACK_BPFTRACE);
	sm.m.user_key_size = 16;
	struct sonde_stack st = { 2, 0 };
	smap_add(&sm, &st, 3);
	char *s = map_str(&sm, OUT_TEXT);
	CHECK_STR(s, "@[\n        0xffffffff80000010\n]: 3\n");
	free(s);
	tuple_map(&sm);
	s = map_str(&sm, OUT_TEXT);
	CHECK_STR(s, "@[\n        __schedule+16\n        schedule+4\n        do_syscall_64+32\n"
		     "        entry_SYSCALL_64+8\n, \n, kworker/0:1]: 2\n"
		     "@[\n        __schedule+16\n        schedule+4\n        do_syscall_64+32\n"
		     "        entry_SYSCALL_64+8\n, \n        stacktest_leaf+1\n        stacktest_main+2\n"
		     ", worker]: 5\n");
	free(s);
}

UNIT_TEST(stack_map_folded)
{
	setup();
	struct smap sm;
	tuple_map(&sm);
	char *s = map_str(&sm, OUT_FOLDED);
	/* comm, then user frames, then kernel frames, each root first */
	CHECK_STR(s, "kworker/0:1;entry_SYSCALL_64_[k];do_syscall_64_[k];schedule_[k];__schedule_[k] 2\n"
		     "worker;stacktest_main;stacktest_leaf;entry_SYSCALL_64_[k];do_syscall_64_[k];"
		     "schedule_[k];__schedule_[k] 5\n");
	free(s);
}

UNIT_TEST(folded_unknown_frames)
{
	setup();
	struct smap sm;
	memset(&sm, 0, sizeof(sm));
	sm.m.name = "@";
	sm.m.agg = AGG_SUM;
	sm.m.key = stack_type(true, STACK_BPFTRACE);
	sm.m.user_key_size = 16;
	struct sonde_stack st = { 3, (uint64_t)getpid() };
	smap_add(&sm, &st, 9);
	struct sonde_stack lost = { -EEXIST, (uint64_t)getpid() };
	smap_add(&sm, &lost, 1);
	char *s = map_str(&sm, OUT_FOLDED);
	CHECK_STR(s, "[stack lost] 1\n[unknown] 9\n");
	free(s);
}

UNIT_TEST(folded_other_maps_are_text)
{
	setup();
	struct smap sm;
	memset(&sm, 0, sizeof(sm));
	sm.m.name = "@n";
	sm.m.agg = AGG_COUNT;
	sm.m.key = &type_s64;
	sm.m.user_key_size = 8;
	int64_t k = 42;
	smap_add(&sm, &k, 1);
	char *s = map_str(&sm, OUT_FOLDED);
	CHECK_STR(s, "@n[42]: 1\n");
	free(s);
}

UNIT_TEST(stack_map_flame)
{
	setup();
	struct smap sm;
	tuple_map(&sm);
	struct flame_opts o;
	flame_opts_init(&o);
	struct flame *fl = flame_new(&o);
	CHECK_INT(output_map_flame(fl, &sm.m, sm.e, sm.n, NULL), 2);
	struct flame_stats st;
	flame_stats(fl, &st);
	CHECK_INT(st.stacks, 2);
	CHECK_INT(st.samples, 7);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(flame_write_svg(fl, f) == 0);
	fclose(f);
	CHECK(buf && strstr(buf, "<svg") && strstr(buf, "stacktest_leaf") && strstr(buf, "__schedule"));
	free(buf);
	flame_free(fl);
	CHECK(output_map_has_stacks(&sm.m));
	sm.m.agg = AGG_HIST;
	CHECK(!output_map_has_stacks(&sm.m));
}

UNIT_TEST(no_resolver)
{
	setup();
	output_set_resolver(NULL);
	struct sonde_stack st = { 0, 0 };
	char *s = value_str(OUT_TEXT, stack_type(false, STACK_BPFTRACE), &st);
	CHECK_STR(s, "\n        [stack lost: no stack map]\n");
	free(s);
	struct output_resolver r = { .ctx = NULL, .stack_frames = fake_frames, .sym = sym };
	output_set_resolver(&r);
	CHECK(stacktest_main(1) == 16);
}

UNIT_MAIN()
