# lib.sh: the case description language of tests/kernels/cases/*.sh, shared by
# the guest (guest.sh: runs each case) and the host (run.sh: checks what it
# printed). A case is a bash file calling the functions below; see
# tests/kernels/README.md.

reset_case() {
	DESC=""
	PROG=""
	TOOL=""
	ARGS=()
	OPTS=()
	WL=()
	STOP=exit
	ONESHOT=0
	STATUS=0
	TIMEOUT=60
	EXPECT_MODE=""
	EXPECT=""
	EXPECT_STDERR=()
	EXPECT_STDERR_ABSENT=()
	unset -f check_case
}

# desc TEXT: what the case checks, shown when it fails.
desc() { DESC="$*"; }
# prog [TEXT]: the program, passed with -e (TEXT, or stdin: a quoted here-doc).
prog() { if [ $# -gt 0 ]; then PROG="$*"; else PROG=$(cat); fi; }
# tool NAME: run the shipped tool `sonde NAME OPTS... ARGS...` instead of a program;
# its first line of stdout (the header) means attached, as tools print no "Attached".
tool() { TOOL=$1; }
# args ARG...: a tool's arguments, after its options.
args() { ARGS=("$@"); }
# opts OPT...: sonde options before -e (a tool's options).
opts() { OPTS=("$@"); }
# workload PROG ARG...: run once sonde is attached (PROG in $BUILD/progs, else a command).
workload() { WL=("$@"); }
# stop exit|sigint: the script exits by itself (default), or gets SIGINT after the workload.
stop() { STOP=$1; }
# oneshot: sonde runs to completion by itself: no waiting for "Attached" (errors, iterators).
oneshot() { ONESHOT=1; }
# status N: the expected exit status (default 0).
status() { STATUS=$1; }
# timeout_s SECONDS: for attaching and, separately, for exiting (default 60: the guest is emulated).
timeout_s() { TIMEOUT=$1; }

_set_expect() { EXPECT_MODE=$1; shift; if [ $# -gt 0 ]; then EXPECT="$*"; else EXPECT=$(cat); fi; }
# expect: stdout is exactly these lines (trailing blanks and empty lines ignored).
expect() { _set_expect exact "$@"; }
# expect_regex: one extended regex per line, each matching a whole stdout line, in order.
expect_regex() { _set_expect regex "$@"; }
# expect_contains: each of these lines is a stdout line somewhere.
expect_contains() { _set_expect contains "$@"; }
# expect_stderr TEXT: some stderr line contains TEXT.
expect_stderr() { EXPECT_STDERR+=("$1"); }
# expect_stderr_absent TEXT: no stderr line contains TEXT.
expect_stderr_absent() { EXPECT_STDERR_ABSENT+=("$1"); }
# A case may define check_case: it runs last on the host with $STDOUT and
# $STDERR set, and fails the case by returning non-zero (saying why).
