desc "a USDT probe that is not there: the error names it and says how to list the probes"
oneshot
status 1
prog 'usdt:{{PROGS}}/usdt:sonde:nosuch { }'
expect_stderr "stdin:1:1: error: usdt probe 'sonde:nosuch' not found in {{PROGS}}/usdt"
expect_stderr "note: sonde -l 'usdt:{{PROGS}}/usdt:*' lists its probes"
expect_stderr_absent 'Attached'
