desc "bpftrace's naptime.bt runs unmodified: a struct pointer argument followed through BTF, curtask->real_parent"
prog "$(cat "$BT_TOOLS/naptime.bt")"
workload bt_tools sleep 1250
stop sigint
check_case() {
	grep -qE "^[0-9:]+ +[0-9]+ +[^ ]+ +[0-9]+ +$WL_COMM +1\.250\$" <"$STDOUT" ||
		{ echo "no 1.250 s sleep of $WL_COMM"; return 1; }
}
