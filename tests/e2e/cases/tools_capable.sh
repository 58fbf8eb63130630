desc "sonde capable -n -x: the workload's setuid() checks CAP_SETUID (allowed for root); AUDIT is said missing"
tool capable
opts -n sonde_wl -x
workload tools_wl setuid 1000
stop sigint
expect_stderr "the AUDIT column is missing"
check_case() {
	head -n 1 "$STDOUT" | grep -Eq '^TIME     UID    PID     TID     COMM             CAP  NAME                 VERDICT$' ||
		{ echo "bad header"; return 1; }
	grep -Eq "^[0-9:]{8} 0 +[0-9]+ +[0-9]+ +$WL_COMM +7    CAP_SETUID +allow$" "$STDOUT" ||
		{ echo "no CAP_SETUID row"; return 1; }
}
