desc "errno names are known constants, as after bpftrace's --include errno.h (call/strerror): strerror(EPERM), comparisons with -ENOENT"
opts --include errno.h
prog <<'EOF3'
BEGIN {
	print(strerror(EPERM));
	print(strerror(ENOENT));
	print((EAGAIN, EWOULDBLOCK, EOPNOTSUPP, ENOTSUP, EHWPOISON));
	$ret = -2;
	if ($ret == -ENOENT) { printf("no such file\n"); }
	exit();
}
EOF3
expect <<'EOF3'
Operation not permitted
No such file or directory
(11, 11, 95, 95, 133)
no such file
EOF3
