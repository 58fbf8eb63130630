desc "positional parameters in attach points: a whole attach point, part of a probe name, an interval's rate (bpftrace's runtime tests other/positional attachpoint*)"
prog <<'EOF2'
$1 { printf("one\n"); }
BEG$2 { printf("two\n"); }
interval:ms:$3 { printf("three\n"); exit(); }
EOF2
args 'BEGIN' 'IN' '1'
expect_sorted <<'EOF2'
one
two
three
EOF2
