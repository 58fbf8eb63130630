desc "-k says when delete() or a map read finds no such key, at the expression, in bpftrace's words (its other runtime tests runtime_error_check_delete and _lookup); the read gives 0, delete() false; without -k nothing is said"
prog 'interval:ms:1 { @[1] = 1; printf("%d %d\n", @[2], delete(@, 3)); delete(@, 1); exit(); }'
opts -k
expect '0 0'
expect_stderr "stdin:1:45: warning: Can't lookup map element because it does not exist. Additional Info - helper: map_lookup_elem, retcode: 0"
expect_stderr "stdin:1:51: warning: Can't delete map element because it does not exist. Additional Info - helper: map_delete_elem, retcode: -2"
check_case() {
	local err
	err=$("$SONDE" -e 'interval:ms:1 { @[1] = 1; printf("%d %d\n", @[2], delete(@, 3)); exit(); }' 2>&1 >/dev/null)
	case $err in
	*"does not exist"*) echo "warned without -k: $err"; return 1 ;;
	esac
	# a key that is there: no warning
	err=$("$SONDE" -k -e 'interval:ms:1 { @[1] = 1; printf("%d\n", @[1]); delete(@, 1); exit(); }' 2>&1 >/dev/null)
	case $err in
	*"does not exist"*) echo "warned for a key that is there: $err"; return 1 ;;
	esac
	return 0
}
