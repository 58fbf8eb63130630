desc "Rust names, legacy (_ZN...17h<hash>E) and v0 (_R...): uprobe:BIN:rust:NAME attaches by demangled name, func and ustack print them as c++filt and bpftrace do (no hash)"
prog <<'EOF2'
uprobe:{{PROGS}}/rustsyms:rust:sonde_rs::v0::leaf /comm == "sonde_wl" && arg0 == 2/ { printf("%s|%s", func, ustack(3)); }
uprobe:{{PROGS}}/rustsyms:rust:"sonde_rs::outer" /comm == "sonde_wl"/ { @[func] = sum(arg0); }
uprobe:{{PROGS}}/rustsyms:sonde_rs_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload rustsyms 3 300
expect_regex <<'EOF2'
sonde_rs::v0::leaf\|
 {8}sonde_rs::v0::leaf\+0
 {8}sonde_rs::outer\+[0-9]+
 {8}main\+[0-9]+
@\[sonde_rs::outer\]: 6
EOF2
check_case() {
	local out p=$PROGS/rustsyms
	# bpftrace's listing of Rust functions: uprobe:BIN:rust:"crate::path"
	out=$("$SONDE" -l "uprobe:$p:rust:sonde_rs::*")
	[ "$out" = "$(printf 'uprobe:%s:rust:"%s"\nuprobe:%s:rust:"%s"' "$p" 'sonde_rs::v0::leaf' "$p" 'sonde_rs::outer')" ] ||
		{ echo "rust:sonde_rs::* listed: $out"; return 1; }
}
