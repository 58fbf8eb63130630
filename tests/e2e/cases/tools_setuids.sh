desc "sonde setuids: the workload's child calling setuid(1000) as root"
tool setuids
workload tools_wl setuid 1000
stop sigint
check_case() {
	grep -Eq "^[0-9:]{8} [0-9]+ +$WL_COMM +0 +setuid    uid=1000 \(0\)$" "$STDOUT" ||
		{ echo "no setuid row for the workload"; return 1; }
}
