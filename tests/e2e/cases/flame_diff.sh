desc "flamegraph --diff: widths from AFTER, deltas in the tooltips, red grew and blue shrank"
oneshot
if [ -n "${WORK:-}" ]; then
	cat >"$WORK/before.folded" <<'IN'
main;parse;lex 40
main;parse;read_[k] 20
main;eval 30
main;gc 10
IN
	cat >"$WORK/after.folded" <<'IN'
main;parse;lex 20
main;parse;read_[k] 20
main;eval 60
main;jit 15
IN
fi
opts flamegraph --diff before.folded after.folded -o '{{OUT}}'
check_case() {
	python3 "$ROOT/tests/browser/flame_svg.py" "$WORK/out" --folded "$WORK/after.folded" \
		--before "$WORK/before.folded" --title "Differential Flame Graph" || return 1
	grep -q '<title>eval (60 samples, 52.17%; +26.09%)</title>' "$WORK/out" || { echo "eval's delta is wrong"; return 1; }
	grep -q '<title>gc ' "$WORK/out" && { echo "gc has no AFTER samples but is drawn"; return 1; }
	return 0
}
