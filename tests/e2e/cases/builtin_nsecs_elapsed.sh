desc "nsecs grows; elapsed counts from the start"
prog <<'EOF'
BEGIN { @t = nsecs; }
interval:ms:200 {
	printf("%d %d\n", nsecs > @t, elapsed >= 100000000 && elapsed < 60000000000);
	delete(@t);
	exit();
}
EOF
expect '1 1'
