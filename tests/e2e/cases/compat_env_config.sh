desc "bpftrace's environment variables for config keys: BPFTRACE_MAX_CAT_BYTES caps cat() (builtin/cat limited output), and a config block overrides them"
environ BPFTRACE_MAX_CAT_BYTES=3 BPFTRACE_MAX_MAP_KEYS=2
prog <<'EOF2'
config = { max_map_keys = 10 }
BEGIN {
	cat("/proc/self/status");
	printf("\n");
	@[1] = 1; @[2] = 2; @[3] = 3;
}
EOF2
expect <<'EOF2'
Nam
@[1]: 1
@[2]: 2
@[3]: 3
EOF2
expect_stderr_absent 'full'
