/*
 * uprobe_dwarf: a target for args.NAME in uprobes, typed from DWARF.
 *
 *   uprobe_dwarf [N]
 *
 * Calls sonde_typed("sonde", -k, k / 2.0, k, k * 10^12, k % 3, -2k) for
 * k = 1..N (default 10), which returns -k (an int), then
 * sonde_function1(&13, 'x') and sonde_function2(&{123, "hello", {1, 2, 3}})
 * and sonde_bar(&{{&foo, &foo2}}) (foo2 = {456, "world", {4, 5, 6}}) (the
 * shapes of bpftrace's uprobe_test), sonde_v_short(-7) and
 * sonde_v_long(-5000000000) (one parameter name, two types),
 * sonde_fill(buf) on "-------" (printing "sonde_fill: BUF" if a probe wrote
 * to it: write_user), then sonde_dwarf_done().
 * sonde_alias_of_function1 is another ELF name of sonde_function1, which DWARF
 * describes under its own name only (as glibc's malloc is __libc_malloc).
 * The double travels in an SSE register, so the parameters after it still
 * take the next general registers: name rdi, neg rsi, small rdx, big rcx,
 * color r8, shrt r9. The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

enum sonde_color { SONDE_RED, SONDE_GREEN, SONDE_BLUE };

__attribute__((noinline, used)) int sonde_typed(const char *name, int neg, double ratio, unsigned char small,
						long big, enum sonde_color color, short shrt)
{
	__asm__ volatile("" ::: "memory");
	return name[0] == 's' && ratio > 0 && small && big && color <= SONDE_BLUE && shrt ? neg : 0;
}

struct Foo {
	int a;
	char b[10];
	int c[3];
};

__attribute__((noinline, used)) int sonde_function1(int *n, char c)
{
	__asm__ volatile("" ::: "memory");
	return *n + c;
}

int sonde_alias_of_function1(int *n, char c) __attribute__((alias("sonde_function1")));

__attribute__((noinline, used)) int sonde_function2(struct Foo *foo1)
{
	__asm__ volatile("" ::: "memory");
	return foo1->a;
}

struct Bar {
	struct Foo *foos[2];
};

__attribute__((noinline, used)) int sonde_bar(struct Bar *bar)
{
	__asm__ volatile("" ::: "memory");
	return bar->foos[1]->a;
}

__attribute__((noinline, used)) int sonde_v_short(short v)
{
	__asm__ volatile("" ::: "memory");
	return v < 0;
}

__attribute__((noinline, used)) int sonde_v_long(long v)
{
	__asm__ volatile("" ::: "memory");
	return v < 0;
}

__attribute__((noinline, used)) void sonde_fill(char *buf)
{
	__asm__ volatile("" : : "r"(buf) : "memory");
}

__attribute__((noinline, used)) void sonde_dwarf_done(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 10;
	long total = 0;

	prctl(PR_SET_NAME, comm && *comm ? comm : "sonde_wl", 0, 0, 0);
	for (long k = 1; k <= n; k++)
		total += sonde_typed("sonde", (int)-k, k / 2.0, (unsigned char)k, k * 1000000000000L,
				     (enum sonde_color)(k % 3), (short)(-2 * k));
	int thirteen = 13;
	struct Foo foo = { 123, "hello", { 1, 2, 3 } };
	sonde_function1(&thirteen, 'x');
	sonde_function2(&foo);
	struct Foo foo2 = { 456, "world", { 4, 5, 6 } };
	struct Bar bar = { { &foo, &foo2 } };
	sonde_bar(&bar);
	sonde_v_short(-7);
	sonde_v_long(-5000000000L);
	char buf[8] = "-------";
	sonde_fill(buf);
	if (strcmp(buf, "-------"))
		printf("sonde_fill: %s\n", buf);
	sonde_dwarf_done();
	return total == -n * (n + 1) / 2 ? 0 : 1;
}
