desc "-d types prints what the checker decided: map layouts, variables, and a type on every expression"
oneshot
opts -d types
prog 'tracepoint:syscalls:sys_enter_read { $x = args.count; @a[comm, pid] = count(); @h = hist($x); @s = comm; }'
expect <<'EOF2'
maps
  @a: [(string[16], uint64)] count of uint64  (percpu_hash, key 24 bytes, value 8 bytes, 4096 entries)
  @h: hist of uint64  (percpu_hash, key 8 bytes, value 8 bytes, 66 entries)
  @s: string[16]  (hash, key 8 bytes, value 16 bytes, 1 entries)
variables of probe 1 (tracepoint:syscalls:sys_enter_read)
  $x: uint64
probe tracepoint:syscalls:sys_enter_read
 body
  assign = :: void
   var $x :: uint64
   field .count :: uint64
    builtin args :: struct syscalls_sys_enter_read_args
  assign = :: void
   map @a :: void
    builtin comm :: string[16]
    builtin pid :: uint32
   call count :: void
  assign = :: void
   map @h :: void
   call hist :: void
    var $x :: uint64
  assign = :: void
   map @s :: string[16]
   builtin comm :: string[16]
EOF2
