desc "bpftrace's environment variables for config keys: BPFTRACE_MAX_CAT_BYTES caps cat() (builtin/cat limited output), and they win over the script's config block (config/env var takes precedence)"
environ BPFTRACE_MAX_CAT_BYTES=3 BPFTRACE_MAX_MAP_KEYS=10
prog <<'EOF2'
config = { max_map_keys = 2; max_cat_bytes = 100 }
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
