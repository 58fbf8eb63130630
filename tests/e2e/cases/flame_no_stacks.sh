desc "flamegraph: input without a single stack fails (status 1) and says so"
oneshot
if [ -n "${WORK:-}" ]; then
	printf 'hello\nworld 1x\n\n' >"$WORK/in.txt"
fi
opts flamegraph -o '{{OUT}}' in.txt
status 1
expect_stderr "no stacks in the input (every line was skipped)"
