desc "config() and config: the settings in force (config block, then BPFTRACE_* environment) as a record, as bpftrace's config builtin (builtin/config builtin reads integer, string, and boolean); fields, print, a variable, a map value; unstable_dw_ustack among them, as bpftrace 0.26"
environ BPFTRACE_STACK_MODE=perf
prog <<'EOF3'
config = { max_strlen = 128; missing_probes = "warn"; unstable_dw_ustack = enable }
BEGIN {
	printf("%d %s %d\n", config().max_strlen, config().stack_mode, config().cpp_demangle);
	print(config);
	$c = config();
	print(($c.missing_probes, $c.print_maps_on_exit, config.str_trunc_trailer));
	@c = config().max_map_keys;
	exit();
}
EOF3
expect <<'EOF3'
128 perf 1
{ .cpp_demangle = true, .max_cat_bytes = 10240, .max_map_keys = 4096, .max_strlen = 128, .missing_probes = warn, .print_maps_on_exit = true, .stack_mode = perf, .str_trunc_trailer = .., .unstable_dw_ustack = enable }
(warn, true, ..)
@c: 4096
EOF3
