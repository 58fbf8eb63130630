desc "-f json as bpftrace's runtime tests json-output: scalars, strings with escapes, multi-part keys, histograms (zeroed too), stats, tuples, print with top/div, printf escaping, pointers as numbers, enums unsymbolized, bools"
opts -f json
oneshot
prog <<'EOF2'
enum { FOO = 333 };
begin {
	@scalar = 5;
	@scalar_str = "a b \n d e";
	@complex["x", 2] = 5;
	@hist = hist(2); @hist = hist(1025);
	@hz = hist(2); zero(@hz);
	@lh = lhist(2, 0, 100, 10); @lh = lhist(50, 0, 100, 10); @lh = lhist(1000, 0, 100, 10);
	@stats["curl"] = stats(2); @stats["zsh"] = stats(10);
	@tuple = (1, 2, "string with \"quotes\"", (4, 5));
	@ptr = (int16 *)0x32;
	@a["a"] = avg(10); @a["b"] = avg(20); @a["c"] = avg(30); @a["d"] = avg(40);
	print(@a, 2, 10);
	printf("test \r \n \t \\ \" bar");
	$f = FOO;
	print($f);
	print((true, false));
	print(strerror(7));
}
EOF2
expect <<'EOF2'
{"type": "attached_probes", "count": 1, "data": {"probes": 1}}
{"type": "stats", "data": {"@a": {"c": 3, "d": 4}}}
{"type": "printf", "data": "test \r \n \t \\ \" bar"}
{"type": "value", "data": 333}
{"type": "value", "data": [true,false]}
{"type": "value", "data": "Argument list too long"}
{"type": "stats", "data": {"@a": {"a": 10, "b": 20, "c": 30, "d": 40}}}
{"type": "map", "data": {"@complex": {"x,2": 5}}}
{"type": "hist", "data": {"@hist": [{"min": 2, "max": 3, "count": 1},{"min": 4, "max": 7, "count": 0},{"min": 8, "max": 15, "count": 0},{"min": 16, "max": 31, "count": 0},{"min": 32, "max": 63, "count": 0},{"min": 64, "max": 127, "count": 0},{"min": 128, "max": 255, "count": 0},{"min": 256, "max": 511, "count": 0},{"min": 512, "max": 1023, "count": 0},{"min": 1024, "max": 2047, "count": 1}]}}
{"type": "hist", "data": {"@hz": []}}
{"type": "hist", "data": {"@lh": [{"min": 0, "max": 9, "count": 1},{"min": 10, "max": 19, "count": 0},{"min": 20, "max": 29, "count": 0},{"min": 30, "max": 39, "count": 0},{"min": 40, "max": 49, "count": 0},{"min": 50, "max": 59, "count": 1},{"min": 60, "max": 69, "count": 0},{"min": 70, "max": 79, "count": 0},{"min": 80, "max": 89, "count": 0},{"min": 90, "max": 99, "count": 0},{"min": 100, "count": 1}]}}
{"type": "map", "data": {"@ptr": 50}}
{"type": "map", "data": {"@scalar": 5}}
{"type": "map", "data": {"@scalar_str": "a b \n d e"}}
{"type": "stats", "data": {"@stats": {"curl": {"count": 1, "average": 2, "total": 2}, "zsh": {"count": 1, "average": 10, "total": 10}}}}
{"type": "map", "data": {"@tuple": [1,2,"string with \"quotes\"",[4,5]]}}
EOF2
