desc "flamegraph: --reverse turns every stack around (leaves become roots), merged again by name"
oneshot
if [ -n "${WORK:-}" ]; then
	cat >"$WORK/in.folded" <<'IN'
main;parse;read_[k] 30
main;parse;lex 20
main;eval;read_[k] 25
main;eval 5
other;read_[k] 10
main;parse;read_[k] 1
IN
fi
opts flamegraph --reverse -o '{{OUT}}' in.folded
check_case() {
	python3 "$ROOT/tests/browser/flame_svg.py" "$WORK/out" --folded "$WORK/in.folded" --reverse || return 1
	# read is the leaf of 66 samples, so the widest root.
	grep -q '<title>read (66 samples, 72.53%)</title>' "$WORK/out" || { echo "no read root of 66 samples"; return 1; }
}
