desc "flamegraph: a file that cannot be read fails (status 1) with its name and why"
oneshot
opts flamegraph /nonexistent/stacks.folded
status 1
expect_stderr "cannot read /nonexistent/stacks.folded: No such file or directory"
