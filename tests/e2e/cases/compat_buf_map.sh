desc "buffers as map keys (alone and with other keys) and values, copied at aligned offsets the verifier accepts; == and != on buffers"
prog 'BEGIN { @ = buf("ok_value", 8); @k[buf("ok_key", 6)] = 1; @h[buf("ok_key", 8), 1] = count(); $a = buf("hi", 2); $b = buf("bye", 3); $c = buf("hiX", 2); printf("%d %d %d %d\n", $a == $a, $a != $b, $a == $c, $a == $b); exit(); }'
expect <<'EOF2'
1 1 1 0
@: ok_value
@h[ok_key\x00\x00, 1]: 1
@k[ok_key]: 1
EOF2
