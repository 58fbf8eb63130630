desc "len(dw_ustack) counts the frames the walk found: 8 at nofp_d (nofp_d..nofp_a, main, two libc frames, _start), capped by the limit, where len(ustack) finds 1; 7 from qsort's comparator (nofp_cmp, msort_with_tmp, qsort_r, main, two libc frames, _start)"
opts -c "{{PROGS}}/nofp 1 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp:nofp_d { printf("%d %d %d\n", len(dw_ustack), len(dw_ustack(3)), len(ustack)); }
uprobe:{{PROGS}}/nofp:nofp_cmp { printf("%d\n", len(dw_ustack)); exit(); }
EOF2
expect <<'EOF2'
8 3 1
7
EOF2
