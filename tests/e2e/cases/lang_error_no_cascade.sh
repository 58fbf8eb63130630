desc "a variable whose value has an error is still defined: its later uses add no 'undefined variable' errors"
oneshot
prog 'BEGIN { $a = kaddr("sonde_no_such_symbol"); $b = *$a; printf("%d\n", $b + $a); exit(); }'
status 1
expect_stderr "stdin:1:20: error: kaddr(): no kernel symbol 'sonde_no_such_symbol'"
expect_stderr_absent 'undefined variable'
# a kernel without CONFIG_KALLSYMS_ALL lists no variables at all: kaddr() says so
if ! grep -q ' jiffies$' /proc/kallsyms; then
	expect_stderr "note: this kernel's /proc/kallsyms lists functions only (built without CONFIG_KALLSYMS_ALL)"
fi
