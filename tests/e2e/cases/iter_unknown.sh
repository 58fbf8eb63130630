desc "iter: an iterator the kernel does not have is an error listing those it has"
oneshot
prog 'iter:nonsense { @ = count(); }'
status 1
expect_stderr "stdin:1:1: error: iter:nonsense: this kernel has no iterator 'nonsense'"
expect_stderr 'note: its iterators: '
