desc "integer literal spellings"
prog 'BEGIN { printf("%d %d %d %d\n", 1_000_000, 0x10, 0, 123456789012); exit(); }'
expect '1000000 16 0 123456789012'
