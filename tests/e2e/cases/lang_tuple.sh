desc "tuples: elements, printing, as map values"
prog 'BEGIN { $t = (1, "two", -3); printf("%d %s %d\n", $t.0, $t.1, $t.2); print($t); @t = (7, "x"); exit(); }'
expect <<'X'
1 two -3
(1, two, -3)
@t: (7, x)
X
