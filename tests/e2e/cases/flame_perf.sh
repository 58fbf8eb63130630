desc "flamegraph: perf script output (headers, frames with offsets and modules) gives the expected frames"
oneshot
if [ -n "${WORK:-}" ]; then
	cat >"$WORK/in.txt" <<'IN'
swapper     0 [000] 12345.678901:     250000 cpu-clock:pppH: 
	ffffffff81234567 native_safe_halt+0x7 ([kernel.kallsyms])
	ffffffff81234568 default_idle+0x9 ([kernel.kallsyms])
	ffffffff81234569 cpu_startup_entry+0x1d ([kernel.kallsyms])

python3 1234/1235 [001] 12345.679000:     250000 cpu-clock:pppH: 
	    7f1234567890 _PyEval_EvalFrameDefault+0x123 (/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0)
	    7f1234567891 [unknown] (/usr/lib/x86_64-linux-gnu/libc.so.6)
	    55555555 main (/usr/bin/python3.11)

python3 1234/1235 [001] 12345.680000:     250000 cpu-clock:pppH: 
	    7f0000000001 LazyCompile:~run /app/x.js (/tmp/perf-1234.map)
	    55555555 main+0x10 (/usr/bin/python3.11)

swapper     0 [000] 12345.688901:     250000 cpu-clock:pppH: 
	ffffffff81234567 native_safe_halt+0x9 ([kernel.kallsyms])
	ffffffff81234568 default_idle+0x9 ([kernel.kallsyms])
	ffffffff81234569 cpu_startup_entry+0x1d ([kernel.kallsyms])
IN
	cat >"$WORK/ref.folded" <<'IN'
swapper;cpu_startup_entry_[k];default_idle_[k];native_safe_halt_[k] 2
python3;main;[libc.so.6];_PyEval_EvalFrameDefault 1
python3;main;LazyCompile:~run /app/x.js_[j] 1
IN
fi
opts flamegraph --colors js -o '{{OUT}}' in.txt
check_case() {
	grep -q 'skipped' "$STDERR" && { echo "stderr says lines were skipped"; return 1; }
	python3 "$ROOT/tests/browser/flame_svg.py" "$WORK/out" --folded "$WORK/ref.folded"
}
