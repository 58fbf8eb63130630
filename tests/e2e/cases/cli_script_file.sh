desc "a script file with positional parameters"
script count_getppid.bt
args sonde_wl
workload syscalls getppid 3
expect '@calls[sonde_wl]: 3'
