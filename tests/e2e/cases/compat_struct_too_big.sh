desc "a record too large to copy (over 8 KiB) is refused before loading, saying what to do"
oneshot
status 1
prog 'struct big { char b[9000]; } BEGIN { $t = *(struct big *)0; exit(); }'
expect_stderr "struct big is 9000 bytes, too large to copy (at most 8192): keep a pointer to it, or the members you need"
