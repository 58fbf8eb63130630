desc "uprobe:BIN:cpp:NAME that matches nothing: the error names it, suggests the nearest demangled name, or the overloads for NAME(PARAMS); a C name only C++ has points to cpp:"
oneshot
status 1
prog 'uprobe:{{PROGS}}/cxx:cpp:sonde::Counter::ad { @ = count(); }'
expect_stderr "error: no C++ function 'sonde::Counter::ad' in {{PROGS}}/cxx"
expect_stderr "note: did you mean 'sonde::Counter::add'?"
expect_stderr_absent 'Attached'
check_case() {
	local err p=$PROGS/cxx prefix="uprobe:$PROGS/cxx:cpp:"
	# the caret is under the function's name, after the prefix
	grep -qxF "stdin:1:$((${#prefix} + 1)): error: no C++ function 'sonde::Counter::ad' in $p" "$STDERR" ||
		{ echo "not at the function's column:"; cat "$STDERR"; return 1; }
	grep -qx "$(printf '%*s' ${#prefix} '')^~*" "$STDERR" || { echo "no caret under the function:"; cat "$STDERR"; return 1; }
	err=$("$SONDE" -e "uprobe:$p:cpp:\"sonde::Counter::add(short)\" { exit(); }" 2>&1) && { echo "add(short) accepted"; return 1; }
	printf '%s\n' "$err" | grep -qxF "note: its overloads here: sonde::Counter::add(int), sonde::Counter::add(long)" ||
		{ echo "no overloads note: $err"; return 1; }
	err=$("$SONDE" -e "BEGIN { } uprobe:$p:leaf { exit(); }" 2>&1) && { echo "leaf accepted"; return 1; }
	printf '%s\n' "$err" | grep -qxF "stdin:1:11: error: function 'leaf' not found in $p" || { echo "leaf: $err"; return 1; }
	printf '%s\n' "$err" | grep -qxF "note: did you mean the C++ function uprobe:$p:cpp:\"sonde::detail::leaf\"?" ||
		{ echo "leaf: no C++ suggestion: $err"; return 1; }
	# a C++ name without cpp: (bpftrace's older spelling) is matched the same way
	err=$("$SONDE" -e "uprobe:$p:sonde::Counter::ad { exit(); }" 2>&1) && { echo "sonde::Counter::ad accepted"; return 1; }
	printf '%s\n' "$err" | grep -qxF "stdin:1:$((${#prefix} - 3)): error: no C++ function 'sonde::Counter::ad' in $p" ||
		{ echo "a C++ name without cpp: $err"; return 1; }
	return 0
}
