desc "-d ast shows a macro's use as written, -d types the use expanded, its own variable renamed"
oneshot
opts -d ast -d types
prog 'macro inc($x) { $y = $x + 1; $y } BEGIN { $a = 1; @r = inc($a); exit(); }'
check_case() {
	grep -q '^   call inc$' "$STDOUT" || { echo "-d ast does not show the call as written"; return 1; }
	grep -q '^   block_expr :: int64$' "$STDOUT" || { echo "-d types does not show the expansion"; return 1; }
	grep -q '^  \$inc:y#1: int64$' "$STDOUT" || { echo "-d types does not list the renamed variable"; return 1; }
}
