desc "& | ^ ~ << >>"
prog 'BEGIN { printf("%d %d %d %d %d %d\n", 0xF0 & 0x3C, 0xF0 | 0x0F, 0xFF ^ 0x0F, ~0, 1 << 10, 1024 >> 3); exit(); }'
expect '48 255 240 -1 1024 128'
