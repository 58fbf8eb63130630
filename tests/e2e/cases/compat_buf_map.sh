desc "buffers as map keys (alone and with other keys) and values: copied at aligned offsets the verifier accepts"
prog 'BEGIN { @ = buf("ok_value", 8); @k[buf("ok_key", 6)] = 1; @h[buf("ok_key", 8), 1] = count(); exit(); }'
expect <<'EOF2'
@: ok_value
@h[ok_key\x00\x00, 1]: 1
@k[ok_key]: 1
EOF2
