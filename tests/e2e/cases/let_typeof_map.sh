desc "let \$x: typeof(@m) and typeof(@m[k]) declare a variable of the map's value type (integers as stored: 64 bits; strings their size)"
oneshot
prog 'begin { @m = (int16)5; let $x: typeof(@m) = -3; @k[1] = "ab"; let $y: typeof(@k[1]) = "xy"; printf("%d %d %d %s\n", sizeof($x), $x, sizeof($y), $y); clear(@m); clear(@k); exit(); }'
expect <<'EOF2'
8 -3 3 xy
EOF2
