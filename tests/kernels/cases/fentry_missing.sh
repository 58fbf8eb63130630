desc "fentry on a function without BTF is an error"
oneshot
prog 'fentry:nonsense_sonde { @ = count(); }'
status 1
expect ''
expect_stderr "fentry:nonsense_sonde: no function with BTF named 'nonsense_sonde'"
