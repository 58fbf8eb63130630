desc "has_key, bswap, ntop"
prog 'BEGIN { @m[1, "a"] = 1; printf("%d %d %x %x %s\n", has_key(@m, 1, "a"), has_key(@m, 2, "a"), bswap((uint16)0x1234), bswap((uint32)0x11223344), ntop(0x0100007f)); clear(@m); exit(); }'
expect '1 0 3412 44332211 127.0.0.1'
