desc "sonde writeback: the workload's sync() starts writeback with reason sync"
tool writeback
workload tools_wl sync
stop sigint
check_case() {
	sed -n 2p "$STDOUT" | grep -qx 'TIME      DEVICE   PAGES    REASON           ms' || { echo "bad header"; return 1; }
	grep -Eq '^[0-9:]{8}  [^ ]+ +[0-9]+ +sync +[0-9]+\.[0-9]{3}$' "$STDOUT" || { echo "no sync writeback row"; return 1; }
}
