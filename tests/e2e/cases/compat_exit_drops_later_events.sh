desc "exit(): what probes emit after it (an interval firing again before detaching) is not printed; end still runs (bpftrace's runtime tests call/printf, other/exit exits immediately)"
prog <<'EOF2'
interval:ms:1 { printf("hi!\n"); @n++; exit(); @n++; }
END { printf("end\n"); }
EOF2
expect_regex <<'EOF2'
hi!
end
@n: [1-9][0-9]*
EOF2
