desc "integer casts truncate and sign-extend"
prog 'BEGIN { $x = 0x1ff; printf("%d %d %d %u\n", (uint8)$x, (int8)$x, (int16)0x18000, (uint32)-1); exit(); }'
expect '255 -1 -32768 4294967295'
