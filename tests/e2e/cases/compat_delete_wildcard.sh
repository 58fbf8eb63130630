desc "delete(@m[k, *]) removes every element whose key has the given parts ('*' any), as bpftrace's delete_wildcard runtime tests: in a map written later in the script too, string parts, a per-CPU count map, a variable part; a for loop's key \$kv.0 names all of a key's parts"
prog <<'EOF2'
END { delete(@late[10, *]); }
BEGIN {
	@map[10, 10] = 1; @map[2, 20] = 2; @map[10, 11] = 1;
	delete(@map[10, *]);
	print(@map);
	@four[10, 0, 1241, 0xcafe] = 1; @four[2, 20, 12, 0] = 2; @four[10, 192, 23, 0xcafe] = 1;
	delete(@four[*, *, *, 0xcafe]);
	@s["a", 1, "x"] = 1; @s["b", 1, "y"] = 2; @s["a", 2, "x"] = 3;
	$k = "a";
	delete(@s[$k, *, "x"]);
	@c[1, 2] = count(); @c[2, 2] = count(); @c[2, 3] = count();
	delete(@c[*, 2]);
	@one[1] = 1; @one[2] = 2;
	delete(@one[*]);
	@late[10, 20] = 1; @late[20, 10] = 2;
	@u[1, 2] = 1; @u[3, 4] = 2;
	for ($kv : @u) { if ($kv.0.0 == 1) { delete(@u, $kv.0); } }
	exit();
}
EOF2
expect <<'EOF2'
@map[2, 20]: 2
@c[2, 3]: 1
@four[2, 20, 12, 0]: 2
@late[20, 10]: 2
@map[2, 20]: 2
@s[b, 1, y]: 2
@u[3, 4]: 2
EOF2
