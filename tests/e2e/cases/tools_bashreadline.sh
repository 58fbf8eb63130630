desc "sonde bashreadline: the lines typed into an interactive bash on a pseudo-terminal"
tool bashreadline
workload tools_wl bash "echo sonde-readline-$$"
stop sigint
check_case() {
	grep -Eq "^[0-9:]{8}  [0-9]+ +echo sonde-readline-$$\$" "$STDOUT" || { echo "the typed line is missing"; return 1; }
	grep -Eq '^[0-9:]{8}  [0-9]+ +exit$' "$STDOUT" || { echo "the exit line is missing"; return 1; }
}
