desc "a named parameter no getopt() reads is refused before anything runs, as bpftrace does (typos)"
oneshot
prog 'BEGIN { printf("ran\n"); }'
args --aa=20
status 1
expect_absent ran
expect_stderr 'unexpected command line options: aa'
