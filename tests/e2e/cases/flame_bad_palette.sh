desc "flamegraph: an unknown --colors palette is a usage error (status 2) naming the palettes"
oneshot
opts flamegraph --colors chartreuse /dev/null
status 2
expect_stderr "unknown palette 'chartreuse'"
expect_stderr "java"
