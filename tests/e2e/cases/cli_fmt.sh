desc "--fmt prints a messy script in canonical form: comments kept in place, one blank line at most, literals as written"
oneshot
opts --fmt
prog <<'PROG'
// counts opens
config = {max_strlen=64}
tracepoint:syscalls:sys_enter_openat,tracepoint:syscalls:sys_enter_open,tracepoint:syscalls:sys_enter_openat2,tracepoint:syscalls:sys_enter_creat
/ ( comm == "bash" ) && ((args.flags & 0x1) != 0) /   {
  @opens [ comm ] = count( ) ; // per command



    /* how long */ @ns = hist( ( nsecs - @start ) / 1_000 ); if ($1 > 5ms) {  if(pid==1){printf("init\t%d\n",pid);}else{ @other++; } }
}
BEGIN{@start=nsecs} END { for ($kv : @opens) { print((($kv.0), -(-$kv.1))); } }
PROG
FORMATTED=$(cat <<'OUT'
// counts opens
config = { max_strlen = 64 }

tracepoint:syscalls:sys_enter_openat,
tracepoint:syscalls:sys_enter_open,
tracepoint:syscalls:sys_enter_openat2,
tracepoint:syscalls:sys_enter_creat
/comm == "bash" && (args.flags & 0x1) != 0/
{
	@opens[comm] = count(); // per command

	/* how long */
	@ns = hist((nsecs - @start) / 1_000);
	if ($1 > 5ms) {
		if (pid == 1) {
			printf("init\t%d\n", pid);
		} else {
			@other++;
		}
	}
}

BEGIN
{
	@start = nsecs;
}

END
{
	for ($kv : @opens) {
		print(($kv.0, - -$kv.1));
	}
}
OUT
)
expect "$FORMATTED"
check_case() {
	# the comparison above drops blank lines: these must be exactly where they are
	diff <(printf '%s\n' "$FORMATTED") "$STDOUT" || { echo "blank lines differ"; return 1; }
}
