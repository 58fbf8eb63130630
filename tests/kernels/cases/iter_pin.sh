desc "iter:NAME:PIN pins the iterator in bpffs instead of running it; reading the pin runs it"
oneshot
prog 'iter:task:sonde_pin { printf("%s\n", comm); }'
expect 'Program pinned to /sys/fs/bpf/sonde_pin'
