desc "sonde sslsnoop -c COMM: 300 bytes of data are cut at 255, and END DATA says 45 bytes were lost"
tool sslsnoop
opts -c sonde_wl
workload tools_wl tls 1 "$(printf 'A%.0s' {1..300})"
stop sigint
check_case() {
	[ "$(grep -Ec '^(READ/RECV|WRITE/SEND) +[0-9]+\.[0-9]{9} [^ ]+ +[0-9]+ +300$' "$STDOUT")" = 4 ] || { echo "not 4 lines of 300 bytes"; return 1; }
	[ "$(grep -Ec '^A{255}$' "$STDOUT")" = 4 ] || { echo "the data is not cut at 255 bytes"; return 1; }
	[ "$(grep -c '^----- END DATA (TRUNCATED, 45 bytes lost) -----$' "$STDOUT")" = 4 ] || { echo "no TRUNCATED end"; return 1; }
}
