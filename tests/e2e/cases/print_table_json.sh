desc "-f json: a map declared as a table keeps bpftrace's JSON map shape"
oneshot
opts -f json
prog <<'EOF2'
// table: @calls NAME:-10 COUNT:6
BEGIN { @calls["read"] = count(); print(@calls); clear(@calls); exit(); }
EOF2
expect_contains <<'EOF2'
{"type": "map", "data": {"@calls": {"read": 1}}}
EOF2
