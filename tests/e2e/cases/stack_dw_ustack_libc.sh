desc "dw_ustack through Debian's libc, built without frame pointers: qsort's comparator called from inside libc (msort_with_tmp, qsort_r) back to main; ustack stops at the comparator"
opts -c "{{PROGS}}/nofp 0 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp:nofp_cmp { printf("%s---%s", ustack(3), dw_ustack(5)); exit(); }
EOF2
expect_regex <<'EOF2'
 {8}nofp_cmp\+0
---
 {8}nofp_cmp\+0
 {8}msort_with_tmp[.a-z0-9]*\+[1-9][0-9]*
 {8}(__)?qsort_r\+[1-9][0-9]*
 {8}main\+[1-9][0-9]*
 {8}__libc_start_call_main\+[1-9][0-9]*
EOF2
