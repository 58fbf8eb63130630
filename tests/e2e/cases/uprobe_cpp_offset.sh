desc "uprobe:BIN:cpp:NAME+OFFSET: an instruction inside one C++ function (past its frame setup, so the stack shows every caller); an offset on overloads is an error naming one to write"
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:sonde::detail::step+4 /comm == "sonde_wl" && arg0 == 2/ { printf("%s|%s", func, ustack(3)); }
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3 300
expect_regex <<'EOF2'
sonde::detail::step\(int\)\|
 {8}sonde::detail::step\(int\)\+4
 {8}int sonde::apply<int>\(int\)\+[0-9]+
 {8}sonde::Outer::run\(int\)\+[0-9]+
EOF2
check_case() {
	local err p=$PROGS/cxx
	err=$("$SONDE" -e "uprobe:$p:cpp:sonde::Counter::add+4 { exit(); }" 2>&1) && { echo "an offset on overloads accepted"; return 1; }
	printf '%s\n' "$err" | grep -qxF "stdin:1:$((${#p} + 13)): error: an offset is into one function, and 'sonde::Counter::add' names 2 in $p" ||
		{ echo "overloads+4: $err"; return 1; }
	printf '%s\n' "$err" | grep -qxF "note: give the parameters too: uprobe:$p:cpp:\"sonde::Counter::add(int)\"+4" ||
		{ echo "overloads+4, no note: $err"; return 1; }
}
