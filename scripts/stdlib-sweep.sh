#!/bin/bash
# stdlib-sweep.sh: runs a one-liner for each function and builtin of
# bpftrace's standard library (docs/stdlib.md) and prints NAME => what sonde
# printed (first lines, '~' for newlines), for a person to classify: works,
# missing, differs. Not a test: the e2e cases check what sonde does. Root.
# SONDE: the binary (default build/sonde). Lines below: NAME|PROGRAM.
S=${SONDE:-$(dirname "$0")/../build/sonde}
while IFS='|' read -r name prog; do
  [ -z "$name" ] && continue
  out=$(timeout 10 $S -q -e "$prog" 2>&1 | head -5 | tr '\n' '~' | cut -c1-200)
  echo "$name => $out"
done <<'LIST'
assert|BEGIN { assert(1 == 1, "ok"); printf("a\n"); exit(); }
assert_fail|BEGIN { assert(1 == 2, "bad"); exit(); }
bswap|BEGIN { printf("%x %x %x %x\n", bswap((uint8)0x12), bswap((uint16)0x1234), bswap((uint32)0x12345678), bswap((uint64)0x1122334455667788)); exit(); }
buf|BEGIN { $a = "abc"; printf("%r %rx %rh\n", buf($a, 3), buf($a, 3), buf($a,3)); exit(); }
cat|BEGIN { cat("/proc/sys/kernel/ostype"); exit(); }
cgroup|BEGIN { printf("%d\n", cgroup > 0); printf("%d\n", cgroup() > 0); exit(); }
cgroup_path|BEGIN { print(cgroup_path(cgroup)); printf("%s\n", cgroup_path(cgroup, "unified")); exit(); }
cgroupid|BEGIN { print(cgroupid("/sys/fs/cgroup")); exit(); }
comm|BEGIN { printf("%s %s\n", comm, comm()); exit(); }
comm_pid|BEGIN { printf("%s\n", comm(1)); exit(); }
cpid|BEGIN { printf("%d\n", has_cpid); exit(); }
cpu|BEGIN { printf("%d %d\n", cpu < 64, cpu() < 64); exit(); }
curtask|BEGIN { printf("%d\n", curtask != 0); printf("%d\n", curtask() != 0); exit(); }
default_str_length|BEGIN { print(default_str_length()); exit(); }
delete|BEGIN { @a[1] = 1; @s = 1; delete(@a, 1); delete(@s); $r = delete(@a, 2); print($r); exit(); }
elapsed|BEGIN { printf("%d %d\n", elapsed >= 0, elapsed() >= 0); exit(); }
errorf|BEGIN { errorf("bad %d", 1); exit(); }
exit_code|BEGIN { exit(3); }
fail|BEGIN { if (0) { fail("nope %d", 1); } printf("ok\n"); exit(); }
fail2|BEGIN { fail("nope %d", 1); exit(); }
find|BEGIN { @m[2] = 5; let $v; if (find(@m, 2, $v)) { print($v); } exit(); }
func|uprobe:/bin/true:main { printf("%s\n", func); }
getopt|BEGIN { print(getopt("x", 4)); exit(); }
gid|BEGIN { printf("%d %d\n", gid, gid()); exit(); }
globmatch|BEGIN { printf("%d %d\n", globmatch("hello", "h*o"), globmatch("hello", "x*")); exit(); }
has_cpid|BEGIN { printf("%d %d\n", has_cpid, has_cpid()); exit(); }
has_key|BEGIN { @a[1,2] = 1; printf("%d %d\n", has_key(@a, (1,2)), has_key(@a, (1,3))); exit(); }
is_array|BEGIN { printf("%d\n", is_array(1)); exit(); }
is_integer|BEGIN { printf("%d %d\n", is_integer(1), is_integer("a")); exit(); }
is_literal|BEGIN { $x = 1; printf("%d %d\n", is_literal(1), is_literal($x)); exit(); }
is_ptr|BEGIN { printf("%d %d\n", is_ptr(curtask), is_ptr(1)); exit(); }
is_str|BEGIN { printf("%d %d\n", is_str("a"), is_str(1)); exit(); }
is_unsigned_integer|BEGIN { printf("%d %d\n", is_unsigned_integer((uint8)1), is_unsigned_integer(-1)); exit(); }
jiffies|BEGIN { printf("%d %d\n", jiffies > 0, jiffies() > 0); exit(); }
join|tracepoint:syscalls:sys_enter_execve { join(args.argv); join(args.argv, ","); exit(); }
kaddr|BEGIN { printf("%x\n", kaddr("avenrun")); exit(); }
kfunc_allowed|BEGIN { print(kfunc_allowed("bpf_task_from_pid")); exit(); }
kfunc_exist|BEGIN { print(kfunc_exist("bpf_task_from_pid")); exit(); }
kptr|BEGIN { $p = kptr(curtask); printf("%d\n", $p->pid > 0); exit(); }
kstack|profile:hz:99 { @[kstack(raw, 2)] = count(); @[kstack(perf)] = count(); @[kstack(bpftrace, 3)] = count(); @[kstack(5)] = count(); exit(); }
ksym|BEGIN { printf("%s\n", ksym(0)); exit(); }
len_map|BEGIN { @a[1] = 1; @a[2] = 2; printf("%d\n", len(@a)); exit(); }
len_stack|profile:hz:99 { printf("%d\n", len(kstack) >= 0); printf("%d\n", len(ustack) >= 0); exit(); }
macaddr|BEGIN { $a = pton("1.2.3.4"); printf("%s\n", macaddr(args)); exit(); }
memcmp|BEGIN { $a = "abc"; $b = "abd"; printf("%d %d\n", memcmp($a, $b, 2), memcmp($a, $b, 3) != 0); exit(); }
ncpus|BEGIN { printf("%d %d\n", ncpus, ncpus()); exit(); }
nsecs|BEGIN { printf("%d %d %d %d %d\n", nsecs > 0, nsecs(boot) > 0, nsecs(monotonic) > 0, nsecs(tai) > 0, nsecs(sw_tai) > 0); exit(); }
ntop|BEGIN { printf("%s %s %s\n", ntop(0x0100007f), ntop(2, 0x0100007f), ntop(pton("::1"))); exit(); }
numaid|BEGIN { printf("%d %d\n", numaid, numaid()); exit(); }
offsetof|struct Foo { int a; struct { int c; } b; } BEGIN { printf("%d %d\n", offsetof(struct Foo, b.c), offsetof(struct task_struct, pid) > 0); exit(); }
offsetof_expr|BEGIN { $t = curtask; printf("%d\n", offsetof(*$t, pid) > 0); exit(); }
override|BEGIN { override(1); }
path|BEGIN { print(path(0)); }
pcomm|BEGIN { printf("%s %s %s\n", pcomm, pcomm(), pcomm(curtask)); exit(); }
percpu_kaddr|BEGIN { print(percpu_kaddr("runqueues") != 0); exit(); }
pid|BEGIN { printf("%d %d %d\n", pid > 0, pid(curr_ns) == pid, pid(init) == pid); exit(); }
ppid|BEGIN { printf("%d %d %d\n", ppid > 0, ppid() == ppid, ppid(curtask) == ppid); exit(); }
print|BEGIN { @[1] = 10; @[2] = 20; @[3] = 30; print(@, 2); print(@, 2, 10); print(123); print("abc"); print((1,"a")); clear(@); exit(); }
printf|BEGIN { printf("%d %s %x %5d|%-5s|%llu %hhu\n", 1, "a", 255, 3, "b", 5, 257); exit(); }
printf_gr|BEGIN { printf("%gr\n", 0xcc0); exit(); }
probe|BEGIN { printf("%s %s\n", probe, probe()); exit(); }
probetype|BEGIN { printf("%s %s\n", probetype, probetype()); exit(); }
pton|BEGIN { $a = pton("127.0.0.1"); printf("%d %d\n", $a[0], sizeof(pton("::1"))); exit(); }
rand|BEGIN { printf("%d %d\n", rand >= 0, rand() >= 0); exit(); }
reg|BEGIN { print(reg("ip")); exit(); }
retval|uretprobe:/bin/true:main { printf("%d\n", retval); }
signal|BEGIN { signal("SIGUSR1"); exit(); }
signal_thread|BEGIN { signal_thread(10); exit(); }
sizeof|BEGIN { printf("%d %d %d\n", sizeof(int32), sizeof(struct task_struct) > 0, sizeof(1)); exit(); }
skboutput|BEGIN { skboutput("/tmp/x.pcap", 0, 10, 0); exit(); }
socket_cookie|BEGIN { print(socket_cookie(0)); exit(); }
static_assert|BEGIN { static_assert(1 == 1, "ok"); printf("ok\n"); exit(); }
static_assert_fail|BEGIN { static_assert(1 == 2, "bad"); exit(); }
str|BEGIN { $s = "hello"; printf("%s %s\n", str($s), str($s, 3)); exit(); }
strcap|BEGIN { print(strcap("abc")); exit(); }
strcontains|BEGIN { printf("%d %d\n", strcontains("hello", "ell"), strcontains("hello", "x")); exit(); }
strerror|BEGIN { print(strerror(1)); printf("%s\n", strerror(2)); exit(); }
strftime|BEGIN { printf("%s\n", strftime("%Y", nsecs) != ""); printf("%s\n", strftime("%f", 1500)); exit(); }
strlen|BEGIN { printf("%d\n", strlen("hello")); exit(); }
strncmp|BEGIN { printf("%d %d\n", strncmp("abc", "abd", 2), strncmp("abc", "abd", 3) != 0); exit(); }
strstr|BEGIN { printf("%d %d\n", strstr("hello", "ll"), strstr("hello", "x")); exit(); }
syscall_name|BEGIN { print(syscall_name(0)); exit(); }
system|BEGIN { system("echo hi"); exit(); }
tid|BEGIN { printf("%d %d %d\n", tid > 0, tid(curr_ns) == tid, tid(init) == tid); exit(); }
time|BEGIN { time("%Y\n"); time(); exit(); }
uaddr|uprobe:/bin/true:main { print(uaddr("main")); }
uid|BEGIN { printf("%d %d\n", uid, uid()); exit(); }
unwatch|BEGIN { unwatch(0); exit(); }
uptr|BEGIN { $p = uptr((uint8 *)0); print(1); exit(); }
usermode|BEGIN { printf("%d %d\n", usermode, usermode()); exit(); }
username|BEGIN { printf("%s %s\n", username, username()); exit(); }
ustack|profile:hz:99 { @[ustack(raw, 2)] = count(); @[ustack(perf)] = count(); @[ustack(bpftrace, 3)] = count(); @[ustack(5)] = count(); exit(); }
ustack_buildid|profile:hz:99 { @[ustack(build_id)] = count(); exit(); }
usym|BEGIN { printf("%s\n", usym(0)); exit(); }
warnf|BEGIN { warnf("warn %d", 1); exit(); }
zero|BEGIN { @a = 5; zero(@a); print(@a); exit(); }
avg|BEGIN { @ = avg(2); @ = avg(4); exit(); }
count|BEGIN { @ = count(); @ = count(); printf("%d\n", (int64)@); exit(); }
hist|BEGIN { @ = hist(5); @ = hist(5, 2); exit(); }
lhist|BEGIN { @ = lhist(5, 0, 10, 1); exit(); }
max|BEGIN { @ = max(3); @ = max(33); exit(); }
min|BEGIN { @ = min(3); @ = min(33); exit(); }
stats|BEGIN { @ = stats(3); @ = stats(5); exit(); }
sum|BEGIN { @ = sum(5); @ = sum(6); printf("%d\n", (int64)@); exit(); }
tseries|BEGIN { @ = tseries(1, 100ms, 5); exit(); }
debugf|BEGIN { debugf("x %d", 1); exit(); }
builtin_pid|BEGIN { printf("%d\n", __builtin_pid == pid); exit(); }
builtin_elapsed|BEGIN { printf("%d\n", __builtin_elapsed >= 0); exit(); }
typeinfo|BEGIN { print(typeinfo(1)); exit(); }
LIST
