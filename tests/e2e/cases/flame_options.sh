desc "flamegraph: --title --width --inverted --countname --colors --minwidth shape the SVG"
oneshot
if [ -n "${WORK:-}" ]; then
	python3 - "$WORK/in.folded" <<'PY'
import random, sys
R = random.Random(11)
names = ["Ljava/lang/Thread;.run", "java/util/HashMap.get", "JVM::gc", "Interpreter_[j]", "write_[k]",
         "main", "x", "y", "z"] + ["m%d" % i for i in range(30)]
with open(sys.argv[1], "w") as f:
    for i in range(1500):
        fr = [R.choice(names[:5])] + [R.choice(names) for _ in range(R.randint(1, 10))]
        f.write("%s %d\n" % (";".join(fr), R.randint(1, 50)))
PY
fi
opts flamegraph --title 'Allocations <by> size' --width 800 --inverted --countname bytes --colors java \
	--minwidth 2 -o '{{OUT}}' in.folded
check_case() {
	python3 "$ROOT/tests/browser/flame_svg.py" "$WORK/out" --folded "$WORK/in.folded" --inverted \
		--title 'Allocations <by> size' --width 800 --countname bytes --minwidth 2
}
