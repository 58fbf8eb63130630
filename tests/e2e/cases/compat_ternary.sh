desc "?: with statements in both branches, buffers, tuples whose strings differ in length, and pointers"
prog <<'EOF2'
BEGIN {
	nsecs ? printf("yes\n") : printf("no\n");
	$a = nsecs ? buf("hi", 2) : buf("bye", 3);
	print($a);
	$t = nsecs ? ("hellolongstr", "a") : ("b", "hellolongstr");
	print($t);
	$x = (1, "a");
	$x = (2, "longer");
	print($x);
	exit();
}
EOF2
expect <<'EOF2'
yes
hi
(hellolongstr, a)
(2, longer)
EOF2
