desc "let declarations are scoped to their block"
prog 'BEGIN { let $x: int32 = 5; if (1) { let $y = 7; $x += $y; } if (1) { let $y = "s"; printf("%s ", $y); } printf("%d\n", $x); exit(); }'
expect 's 12'
