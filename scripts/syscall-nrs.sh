#!/bin/sh
# Prints the syscall numbers of the build's <asm/unistd.h> (the machine sonde
# is built for) as C table rows sorted by name, for src/syscall_tp.c. On
# x86-64, syscalls newer than the build's headers are added from the kernel's
# syscall table (arch/x86/entry/syscalls/syscall_64.tbl; the numbers are ABI).
set -e
defs=$(echo '#include <asm/unistd.h>' | ${CC:-cc} -dM -E -x c -)
{
	echo "$defs" | awk '$1 == "#define" && $2 ~ /^__NR_/ && $3 ~ /^[0-9]+$/ { sub(/^__NR_/, "", $2); print $2, $3 }'
	if echo "$defs" | grep -q '__x86_64__'; then
		cat <<'TBL'
uretprobe 335
uprobe 336
cachestat 451
fchmodat2 452
map_shadow_stack 453
futex_wake 454
futex_wait 455
futex_requeue 456
statmount 457
listmount 458
lsm_get_self_attr 459
lsm_set_self_attr 460
lsm_list_modules 461
mseal 462
setxattrat 463
getxattrat 464
listxattrat 465
removexattrat 466
open_tree_attr 467
file_getattr 468
file_setattr 469
TBL
	fi
} | LC_ALL=C sort -k1,1 -u | awk '{ printf "\t{ \"%s\", %s },\n", $1, $2 }'
