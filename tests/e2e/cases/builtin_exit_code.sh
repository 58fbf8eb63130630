desc "exit(N) sets sonde's exit status"
prog 'BEGIN { exit(3); }'
status 3
