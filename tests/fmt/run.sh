#!/bin/bash
# --fmt round trip: every script the project has (the e2e cases' programs,
# tools/*.bt, bpftrace's own tools in $BUILD/bpftrace-tools,
# tests/e2e/scripts, examples, and tests/fmt/cases/*.bt, messy on purpose)
# is formatted, and
#   - formatting succeeds and the result formats to itself (idempotence);
#   - `sonde -d ast` of the formatted text prints the same tree as the
#     original's, and `-d bpf` the same code where the script compiles on
#     this machine: the formatted script means the same;
#   - the comments survive: as many // and /* */ in both.
#
#   tests/fmt/run.sh [-v]
#
# The -d bpf comparison needs root; the rest does not. Ends with "N passed, N failed".
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
SONDE=${SONDE:-$BUILD/sonde}
case $SONDE in /*) ;; *) SONDE=$ROOT/$SONDE ;; esac
VERBOSE=0
[ "${1:-}" = -v ] && VERBOSE=1

WORK=$(mktemp -d /tmp/sonde-fmt.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

pass=0
fail=0
nbpf=0
failed() {
	echo "FAIL $1: $2"
	fail=$((fail + 1))
}

# comments: the number of // and /* in a script, strings aside (close enough for these scripts)
comments() {
	sed -e 's/"\([^"\\]\|\\.\)*"//g' "$1" | grep -o '//\|/\*' | wc -l
}

# the programs of the e2e cases (`prog '...'` or `prog <<EOF`), each case sourced with the DSL stubbed
mkdir -p "$WORK/e2e"
for c in tests/e2e/cases/*.sh; do
	(
		set +u
		out=$WORK/e2e/$(basename "$c" .sh).bt
		prog() { if [ $# -gt 0 ]; then printf '%s\n' "$1"; else cat; fi >"$out"; }
		for fn in desc script tool args opts wrap environ workload workload_first stop oneshot status \
			  timeout_s expect expect_sorted expect_regex expect_contains expect_absent expect_stderr \
			  expect_stderr_absent compare_file; do
			eval "$fn() { :; }"
		done
		. "$c"
	) >/dev/null 2>&1 </dev/null
done
# tool_* cases read bpftrace's tools from $BT_TOOLS: those come below as files
find "$WORK/e2e" -name '*.bt' -size -2c -delete

shopt -s nullglob
for f in "$WORK"/e2e/*.bt tools/*.bt "$BUILD"/bpftrace-tools/*.bt tests/e2e/scripts/*.bt tests/e2e/scripts/*/*.bt \
	 examples/*.bt tests/fmt/cases/*.bt; do
	# tool templates (// if probe: lines) and test templates ({{PROGS}}) are no scripts yet
	grep -q '^// if \|{{' "$f" && continue
	name=${f#"$ROOT"/}
	name=${name#"$WORK"/}
	dir=$(dirname "$f")
	# an e2e case's program: its headers and imports are found from the scripts directory
	case $f in "$WORK"/*) dir=tests/e2e/scripts ;; esac
	if ! "$SONDE" --fmt "$f" >"$WORK/a.bt" 2>"$WORK/err"; then
		failed "$name" "--fmt failed: $(head -n 1 "$WORK/err")"
		continue
	fi
	"$SONDE" --fmt "$WORK/a.bt" >"$WORK/b.bt" 2>/dev/null
	if ! cmp -s "$WORK/a.bt" "$WORK/b.bt"; then
		failed "$name" "not idempotent: $(diff "$WORK/a.bt" "$WORK/b.bt" | head -n 5 | tr '\n' ' ')"
		continue
	fi
	# the formatted copy next to the original, for its #include and import paths
	copy=$dir/.sonde-fmt-$$.bt
	cp "$WORK/a.bt" "$copy"
	"$SONDE" -I "$dir" -d ast "$f" abcdef 12 xyz >"$WORK/ast1" 2>/dev/null
	"$SONDE" -I "$dir" -d ast "$copy" abcdef 12 xyz >"$WORK/ast2" 2>/dev/null
	# the BPF code too, where the script compiles here (as root, with this kernel's probes)
	bpf_same=1
	# the boot time is a constant of each compile; `file` and `line` are where the copy is
	if ! grep -qw 'file\|line' "$f" &&
	   "$SONDE" -I "$dir" -d bpf "$f" abcdef 12 xyz >"$WORK/bpf1" 2>/dev/null && [ -s "$WORK/bpf1" ]; then
		"$SONDE" -I "$dir" -d bpf "$copy" abcdef 12 xyz >"$WORK/bpf2" 2>/dev/null
		sed -i -E 's/0x[0-9a-f]{9,} ll/BIG ll/' "$WORK/bpf1" "$WORK/bpf2"
		cmp -s "$WORK/bpf1" "$WORK/bpf2" || bpf_same=0
		nbpf=$((nbpf + 1))
	fi
	rm -f "$copy"
	if [ ! -s "$WORK/ast1" ]; then
		# a case's program that needs the case's options (-I DIR, --include) is checked for
		# idempotence and comments only
		case $f in
		"$WORK"/*) ;;
		*) failed "$name" "-d ast printed nothing for the original"; continue ;;
		esac
	fi
	if ! cmp -s "$WORK/ast1" "$WORK/ast2"; then
		failed "$name" "the tree differs: $(diff "$WORK/ast1" "$WORK/ast2" | head -n 5 | tr '\n' ' ')"
		continue
	fi
	if [ $bpf_same = 0 ]; then
		failed "$name" "the BPF code differs: $(diff "$WORK/bpf1" "$WORK/bpf2" | head -n 5 | tr '\n' ' ')"
		continue
	fi
	if [ "$(comments "$f")" != "$(comments "$WORK/a.bt")" ]; then
		failed "$name" "comments lost: $(comments "$f") before, $(comments "$WORK/a.bt") after"
		continue
	fi
	[ $VERBOSE = 1 ] && echo "ok $name"
	pass=$((pass + 1))
done
echo "(the BPF code compared for $nbpf of the scripts: the others need probes this machine lacks)"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
