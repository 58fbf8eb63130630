desc "two modules' BTF in one run (made up by tests/progs/modbtf, read through SONDE_MODULE_BTF: this kernel has no modules): -lv lists each module's functions and raw tracepoints with its own types, a raw tracepoint pattern reaches both, and args.NAME of each is typed from its own module's struct although both number it with the same id; "did you mean" names the module's own"
oneshot
opts -l 'fentry:sonde_mod*:*'
status 1
expect_stderr "no probes match 'fentry:sonde_mod*:*'"
check_case() {
	local dir=$WORK/btf out want
	mkdir -p "$dir" && "$PROGS/modbtf" "$dir" || return 1
	out=$(SONDE_MODULE_BTF=$dir "$SONDE" -lv 'fentry:sonde_mod*:sonde_*') || return 1
	want='fentry:sonde_moda:sonde_fn
    struct sonde_rec * rec
    struct task_struct * task
fentry:sonde_modb:sonde_fn
    struct sonde_rec * rec
    struct task_struct * task'
	[ "$out" = "$want" ] || { printf 'fentry listed:\n%s\n' "$out"; return 1; }
	out=$(SONDE_MODULE_BTF=$dir "$SONDE" -l 'rawtracepoint:sonde_ev') || return 1
	want='rawtracepoint:sonde_moda:sonde_ev
rawtracepoint:sonde_modb:sonde_ev'
	[ "$out" = "$want" ] || { printf 'raw tracepoints listed:\n%s\n' "$out"; return 1; }
	# one script over both modules: moda's sonde_rec has a long a_second, modb's an int b_first
	out=$(SONDE_MODULE_BTF=$dir "$SONDE" -d types -e '
rawtracepoint:*:sonde_ev { @[probe] = count(); }
rawtracepoint:sonde_moda:sonde_ev { @a = args.rec->a_second; }
fentry:sonde_modb:sonde_fn { @b = args.rec->b_first; @pid = args.task->pid; }' 2>&1) || { echo "$out"; return 1; }
	for want in '   field ->a_second :: int64' '   field ->b_first :: int32' '   field ->pid :: int32'; do
		grep -qxF -- "$want" <<<"$out" || { printf 'no "%s" in:\n%s\n' "$want" "$out"; return 1; }
	done
	out=$(SONDE_MODULE_BTF=$dir "$SONDE" -d types -e 'rawtracepoint:sonde_moda:sonde_ev { @ = args.rec->b_first; }' 2>&1)
	want="stdin:1:41: error: struct sonde_rec has no member 'b_first'; did you mean 'a_first'?"
	grep -qxF -- "$want" <<<"$out" || { printf 'moda typed with modb'"'"'s struct:\n%s\n' "$out"; return 1; }
	# a misspelt name of a module: "did you mean" one of that module's
	out=$(SONDE_MODULE_BTF=$dir "$SONDE" -e 'fentry:sonde_modb:sonde_fm { }' 2>&1)
	want="stdin:1:1: error: fentry:sonde_modb:sonde_fm: no function with BTF named 'sonde_fm'; did you mean 'sonde_fn'?"
	grep -qxF -- "$want" <<<"$out" || { printf 'misspelt function:\n%s\n' "$out"; return 1; }
}
