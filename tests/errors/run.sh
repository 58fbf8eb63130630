#!/bin/bash
# Bad-input tests: sonde must refuse each case with a precise diagnostic.
#
#   tests/errors/run.sh [-v] [PATTERN...]
#
# Each case is tests/errors/cases/NAME.bt: a script whose leading `//!` lines
# say what to expect (they are removed before sonde sees the script, so line
# numbers count from the first line after them):
#
#   //! loc: 1:16          where the error is, LINE:COL; alternatives with
#                          `|` where the spot is a matter of taste (the
#                          expression vs. its operator); `none` for errors
#                          that are not about the script (options, pids):
#                          then only the status and the keyword are checked
#   //! keyword: unterm    the message contains one of these words
#                          (`|`-separated, case-insensitive)
#   //! mode: e            pass the script with -e (the default; FILE is
#                          `stdin`) or as a file (`file`; FILE is its path)
#   //! opts: -p 999999    options before the program ({{ROOT}}: the repository)
#   //! args: 1 2          arguments after it
#   //! noprog             no program at all (the options are the input)
#   //! file: PATH         the error is in another file the script reads
#                          (an import; {{ROOT}}: the repository): the message
#                          names PATH and shows its line
#
# For a script error the checks are: a non-zero exit status that is not a
# crash (no signal), no "Attached" message, and stderr starting with
#   FILE:LINE:COL: error: MESSAGE      (MESSAGE has the keyword)
#   <line LINE of the script, verbatim>
#   <a caret line whose '^' is at column COL>
# Message wording is the compiler writers' choice; location and caret are not.
# Environment: SONDE (default ./sonde). Ends with "N passed, N failed".
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SONDE=${SONDE:-$ROOT/sonde}
case $SONDE in /*) ;; *) SONDE=$ROOT/$SONDE ;; esac
CASEDIR=$ROOT/tests/errors/cases

VERBOSE=0
if [ "${1:-}" = -v ]; then
	VERBOSE=1
	shift
fi

TOP=$(mktemp -d /tmp/sonde-errors.XXXXXX)
trap 'rm -rf "$TOP"' EXIT

# Prints "why" and returns 1 when the case fails.
check_case() {
	local f=$1 name=$2 work=$3
	local loc="" keyword="" mode=e opts="" args="" noprog=0 errfile=""
	local line key val

	while IFS= read -r line; do
		case $line in
		'//!'*) ;;
		*) break ;;
		esac
		line=${line#//!}
		line=${line# }
		key=${line%%:*}
		val=${line#*:}
		val=${val# }
		case $key in
		loc) loc=$val ;;
		keyword) keyword=$val ;;
		mode) mode=$val ;;
		opts) opts=${val//\{\{ROOT\}\}/$ROOT} ;;
		args) args=$val ;;
		noprog) noprog=1 ;;
		file) errfile=${val//\{\{ROOT\}\}/$ROOT} ;;
		*) echo "bad header line in $f: //! $line"; return 1 ;;
		esac
	done <"$f"
	if [ -z "$loc" ] || [ -z "$keyword" ]; then
		echo "case $f lacks //! loc: or //! keyword:"
		return 1
	fi

	local script=$work/$name.bt
	grep -v '^//!' "$f" >"$script"

	local cmd=("$SONDE")
	# Options and arguments are split on white space: cases keep them simple.
	# shellcheck disable=SC2206
	cmd+=($opts)
	local file=stdin
	if [ $noprog = 0 ]; then
		if [ "$mode" = file ]; then
			cmd+=("$script")
			file=$script
		else
			cmd+=(-e "$(cat "$script")")
		fi
	fi
	# shellcheck disable=SC2206
	cmd+=($args)
	local srcfile=$script
	if [ -n "$errfile" ]; then
		file=$errfile
		srcfile=$errfile
	fi

	(cd "$work" && exec timeout -k 1 10 "${cmd[@]}") >"$work/stdout" 2>"$work/stderr" </dev/null
	local rc=$?
	local ok=1 first
	first=$(head -n 1 "$work/stderr")

	if [ $rc = 0 ]; then
		echo "sonde accepted it (exit status 0)"
		ok=0
	elif [ $rc = 124 ] || [ $rc = 137 ]; then
		echo "sonde did not finish within 10s"
		ok=0
	elif [ $rc -ge 128 ]; then
		echo "sonde crashed (exit status $rc: signal $((rc - 128)))"
		ok=0
	fi
	if grep -q '^Attached' "$work/stderr"; then
		echo "sonde attached probes for a bad input"
		ok=0
	fi
	if ! printf '%s\n' "$first" | grep -Eqi -- "$keyword"; then
		echo "the first stderr line does not mention any of: $keyword"
		ok=0
	fi

	if [ "$loc" = none ]; then
		# Not about the script: no location to check, only status and keyword.
		:
	else
		# FILE:LINE:COL: error: ... with LINE:COL among the alternatives.
		local got_loc="" want
		case $first in
		"$file:"*) got_loc=${first#"$file:"} ;;
		esac
		got_loc=$(printf '%s\n' "$got_loc" | sed -n 's/^\([0-9]*:[0-9]*\): error: .*/\1/p')
		if [ -z "$got_loc" ]; then
			echo "the first stderr line is not '$file:LINE:COL: error: ...'"
			ok=0
		else
			local found=0
			IFS='|' read -ra want <<<"$loc"
			for w in "${want[@]}"; do
				[ "$w" = "$got_loc" ] && found=1
			done
			if [ $found = 0 ]; then
				echo "error reported at $got_loc, expected $loc"
				ok=0
			fi
			local lno=${got_loc%%:*} col=${got_loc#*:}
			local src_line caret_line want_src caret_at
			src_line=$(sed -n 2p "$work/stderr")
			caret_line=$(sed -n 3p "$work/stderr")
			want_src=$(sed -n "${lno}p" "$srcfile")
			if [ "$src_line" != "$want_src" ]; then
				echo "stderr line 2 is not line $lno of the script:"
				echo "    got:  '$src_line'"
				echo "    want: '$want_src'"
				ok=0
			fi
			caret_at=${caret_line%%^*}
			if [ "$caret_at" = "$caret_line" ]; then
				echo "stderr line 3 has no caret: '$caret_line'"
				ok=0
			elif [ $((${#caret_at} + 1)) != "$col" ]; then
				echo "the caret is at column $((${#caret_at} + 1)), the message says $col"
				ok=0
			elif [ -n "$(printf '%s' "$caret_at" | tr -d ' \t')" ]; then
				echo "the caret line has more than blanks before the '^'"
				ok=0
			fi
		fi
	fi
	[ $ok = 1 ]
}

cases=()
for f in "$CASEDIR"/*.bt; do
	name=$(basename "$f" .bt)
	if [ $# -gt 0 ]; then
		keep=0
		for p in "$@"; do case $name in *"$p"*) keep=1 ;; esac; done
		[ $keep = 0 ] && continue
	fi
	cases+=("$f")
done

pass=0
failed=0
failures=()
for f in "${cases[@]}"; do
	name=$(basename "$f" .bt)
	work=$TOP/$name
	mkdir -p "$work"
	if [ ! -x "$SONDE" ]; then
		printf 'FAIL %-32s sonde is not built (%s)\n' "$name" "$SONDE"
		failed=$((failed + 1))
		failures+=("$name")
		continue
	fi
	if check_case "$f" "$name" "$work" >"$work/why" 2>&1; then
		pass=$((pass + 1))
		printf 'PASS %s\n' "$name"
		[ $VERBOSE = 1 ] && sed 's/^/    /' "$work/stderr"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL %s\n' "$name"
		sed 's/^/  /' "$work/why"
		echo "  --- script:"
		grep -v '^//!' "$f" | sed 's/^/    /'
		echo "  --- stderr:"
		head -n 8 "$work/stderr" | sed 's/^/    /'
	fi
done

[ $failed -gt 0 ] && echo "error-test failures: ${failures[*]}"
echo "$pass passed, $failed failed"
[ $failed = 0 ]
