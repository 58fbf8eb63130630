desc "for over a range, and unroll"
prog 'BEGIN { $s = 0; for ($j : 0..5) { $s += $j; } $u = 0; unroll(4) { $u += 3; } printf("%d %d\n", $s, $u); exit(); }'
expect '10 12'
