desc "// table: declared maps print as tables: headers, widths (negative: left), tuple keys in columns, stats as count/avg/total, largest first, print(@m, N) keeps the first N"
prog <<'EOF2'
// table: @calls NAME:-10 COUNT:6
// table: @byproc PID:-5 COMM COUNT:4
// table: @lat NAME:-6 N:3 AVG:5 TOTAL:6
BEGIN {
	@calls["read"] = count(); @calls["write"] = count(); @calls["write"] = count(); @calls["zz"] = count();
	@byproc[7, "seven"] = count(); @byproc[12, "twelve"] = count(); @byproc[12, "twelve"] = count();
	@lat["a"] = stats(10); @lat["a"] = stats(20); @lat["b"] = stats(100);
	print(@calls, 2);
	print(@byproc);
	print(@lat);
	clear(@calls); clear(@byproc); clear(@lat);
	exit();
}
EOF2
expect <<'EOF2'
NAME        COUNT
write           2
read            1
PID   COMM COUNT
12    twelve    2
7     seven    1
NAME     N   AVG  TOTAL
b        1   100    100
a        2    15     30
EOF2
