desc "bpftrace's sslsnoop.bt: libssl's handshakes by uprobes and uretprobes; the libcrypto internals a stripped library lacks are skipped with warnings"
prog "$(cat "$BT_TOOLS/sslsnoop.bt")"
workload bt_tools ssl 2
stop sigint
lib=$(ldconfig -p | awk '$1 == "libcrypto.so.3" { print $NF; exit }')
if [ -n "$lib" ] && ! nm "$lib" 2>/dev/null | grep -q ' rsa_ossl_public_encrypt$'; then
	expect_stderr "warning: no function 'rsa_ossl_public_encrypt' in $lib: skipped"
fi
check_case() {
	grep -qx 'TIME(us)   TID      COMM     LAT(us)   RET FUNC' <"$STDOUT" || { echo "no header line"; return 1; }
	local n
	n=$(grep -cE "^[0-9]+ +[0-9]+ +$WL_COMM +[0-9]+ +-?[0-9]+ SSL_do_handshake\$" <"$STDOUT")
	[ "$n" = 2 ] || { echo "expected 2 SSL_do_handshake lines of $WL_COMM, got $n"; cat "$STDOUT"; return 1; }
}
