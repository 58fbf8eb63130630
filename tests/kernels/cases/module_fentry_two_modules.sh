desc "fentry on two modules in one script: the wildcard fentry:9p*:*read* reaches 9p's and 9pnet's functions, and args/retval come from each module's own BTF (9p's and 9pnet's struct p9_fid and p9_client are copies with overlapping ids)"
prog <<'EOF2'
fentry:9p*:*read* /comm == "cat"/ { @wild[probe] = 1; }
fentry:9pnet:p9_client_read /comm == "cat"/ { @msize_9pnet = args.fid->clnt->msize; @fid_9pnet = args.fid != 0; }
fexit:9p:v9fs_fid_lookup /comm == "cat" && retval != 0/ { @msize_9p = retval->clnt->msize; }
fentry:9p:v9fs_issue_read /comm == "cat"/ { @sublen[args.subreq->len > 0] = 1; }
interval:ms:2500 { exit(); }
EOF2
workload cat /etc/os-release
expect_contains <<'EOF2'
@wild[fentry:9p:v9fs_file_read_iter]: 1
@wild[fentry:9p:v9fs_issue_read]: 1
@wild[fentry:9pnet:p9_client_read]: 1
@wild[fentry:9pnet:p9_client_read_once]: 1
@fid_9pnet: true
@msize_9pnet: 512000
@msize_9p: 512000
@sublen[true]: 1
EOF2
expect_stderr_absent "skipped"
expect_stderr_absent "error"
