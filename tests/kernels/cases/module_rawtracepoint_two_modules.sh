desc "raw tracepoints of two modules in one script: the pattern rawtracepoint:*:*_r*eq reaches 9pnet's 9p_client_req and netfs's netfs_rreq, and args.NAME of each comes from its own module's BTF"
prog <<'EOF2'
rawtracepoint:*:*_r*eq /comm == "cat"/ { @any[probe] = 1; }
rawtracepoint:9pnet:9p_client_req /comm == "cat"/ { @msize = args.clnt->msize; }
rawtracepoint:netfs:netfs_read /comm == "cat"/ {
	@rreq[args.rreq->start == args.start && args.rreq->len == args.len && args.rreq->inode->i_size > 0] = 1;
}
interval:ms:2500 { exit(); }
EOF2
workload cat /etc/os-release
expect_contains <<'EOF2'
@any[rawtracepoint:9pnet:9p_client_req]: 1
@any[rawtracepoint:netfs:netfs_rreq]: 1
@msize: 512000
@rreq[true]: 1
EOF2
expect_stderr_absent "skipped"
check_case() {
	# netfs's request as its own BTF lays it out: where it starts and how long it is, as the tracepoint says
	! grep -q '^@rreq\[false\]' "$STDOUT" || { echo "netfs_io_request's start/len differ from netfs_read's"; return 1; }
}
