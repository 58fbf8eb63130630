desc "flamegraph: folded stacks to an SVG with flamegraph.pl's frames and counts, and the search and zoom script"
oneshot
# The input: a tree of stacks with kernel frames, repeated stacks, names that
# are prefixes of others (foo, foo-bar), XML specials, a name with a blank,
# UTF-8, and two junk lines. Written by the case itself, so it is exact.
if [ -n "${WORK:-}" ]; then
	python3 - "$WORK/in.folded" <<'PY'
import random, sys
R = random.Random(7)
user = ["main", "foo", "foo-bar", "foo_baz", "run<int>", "a&b", "operator new", "caf\u00e9", "Lcom/x/Y;.m"[:6],
        "std::vector<T>::push", "zz"] + ["fn%d" % i for i in range(40)]
kern = ["do_syscall_64_[k]", "vfs_read_[k]", "ext4_file_read_[k]", "schedule_[k]", "__x64_sys_read_[k]"]
stacks = []
for i in range(3000):
    base = list(R.choice(stacks)[0][:R.randint(1, 6)]) if stacks and R.random() < 0.8 else [R.choice(["app", "web", "db"])]
    depth = R.randint(len(base) + 1, 14)
    while len(base) < depth:
        base.append(R.choice(kern) if len(base) > 8 and R.random() < 0.5 else R.choice(user))
    stacks.append((base, int(R.paretovariate(1.2))))
with open(sys.argv[1], "w") as f:
    for fr, c in stacks:
        f.write("%s %d\n" % (";".join(fr), c))
    f.write("this line has no count\n# nor 1x this one\n")
PY
fi
opts flamegraph -o '{{OUT}}' in.folded
check_case() {
	[ ! -s "$STDOUT" ] || { echo "stdout is not empty with -o"; return 1; }
	grep -q 'skipped 2 lines that were not stacks' "$STDERR" || { echo "stderr does not count the 2 junk lines"; return 1; }
	python3 "$ROOT/tests/browser/flame_svg.py" "$WORK/out" --folded "$WORK/in.folded" --title "Flame Graph" --width 1200
}
