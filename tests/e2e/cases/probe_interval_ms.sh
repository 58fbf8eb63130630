desc "interval:ms:100 fires repeatedly"
prog 'interval:ms:100 { @n++; if (@n >= 3) { exit(); } }'
expect_regex '@n: [3-5]'
