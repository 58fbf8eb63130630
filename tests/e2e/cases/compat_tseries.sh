desc "bpftrace's runtime tests tseries_map_key_scratch_buf and tseries_scalar_map_key_scratch_buf, and stdlib.md's example of a minimum per interval"
# call: @["ok_key"] = tseries(2, 1s, 1) prints under @[ok_key]:, @ = tseries(2, 1s, 2) under @s: (its own map here).
# stdlib.md: i:ms:10 { @ = tseries(rand % 10, 100ms, 20, "min"); }: each row's value is a minimum in 0..9.
prog <<'EOF2'
BEGIN { @["ok_key"] = tseries(2, 1s, 1); @s = tseries(2, 1s, 2); }
interval:ms:10 { @m = tseries(rand % 10, 100ms, 20, "min"); }
interval:ms:350 { exit(); }
EOF2
expect_contains <<'EOF2'
@[ok_key]:
@s:
@m:
hh:mm:ss.ms  |___________________________________________________|
             v___________________________________________________v
EOF2
check_case() {
	# the one-row series are at 2: "| 2" once under each name
	[ "$(grep -c '|                         \*                         | 2$' "$STDOUT")" -eq 2 ] ||
		{ echo "want two one-row series at 2"; return 1; }
	# @m: 100 ms rows with a value from 0 to 9 (the minimum of about ten)
	local rows
	rows=$(sed -n '/^@m:$/,/v___/p' "$STDOUT" | grep -cE '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]00 [|*].*[|*] [0-9]$')
	[ "$rows" -ge 3 ] || { echo "@m: $rows rows with values, want at least 3"; return 1; }
}
