desc "while with break and continue"
prog 'BEGIN { $i = 0; $s = 0; while ($i < 10) { $i++; if ($i == 3) { continue; } if ($i == 8) { break; } $s += $i; } printf("%d %d\n", $i, $s); exit(); }'
expect '8 25'
