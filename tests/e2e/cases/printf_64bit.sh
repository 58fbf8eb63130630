desc "printf of 64-bit values with length modifiers"
prog 'BEGIN { printf("%ld %lu %llx %lld %d\n", -1, -1, 0xdeadbeefcafe, 9223372036854775807, -2147483649); exit(); }'
expect '-1 18446744073709551615 deadbeefcafe 9223372036854775807 -2147483649'
