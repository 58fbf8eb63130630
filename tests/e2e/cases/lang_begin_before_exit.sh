desc "begin's output prints even when a probe attached before it runs calls exit() first (regression: it was dropped)"
prog <<'EOF2'
interval:us:20 { exit(); }
BEGIN { printf("begin\n"); }
EOF2
oneshot
expect <<'EOF2'
begin
EOF2
