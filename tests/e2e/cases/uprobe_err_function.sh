desc "uprobe on a function that is not there: the error names it and suggests a near name"
oneshot
status 1
prog 'uprobe:{{PROGS}}/uprobes:sonde_ad { @ = count(); }'
expect_stderr "stdin:1:1: error: function 'sonde_ad' not found in {{PROGS}}/uprobes"
expect_stderr "note: did you mean 'sonde_add'?"
expect_stderr_absent 'Attached'
