desc "bpftrace's runtime tests license, the allowed parts: str() with no license said, config license GPL (a warning: no effect), an SPDX GPL comment, a config license over an SPDX comment"
prog <<'EOF2'
// SPDX-License-Identifier: Some-unknown-GPL-compatible-license
config = { license = "GPL" }
BEGIN { printf("\"%s\"\n", str(0)); exit(); }
EOF2
expect <<'EOF2'
""
EOF2
expect_stderr "warning: config license has no effect in sonde"
