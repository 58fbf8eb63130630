desc "--version"
oneshot
opts --version
expect_regex 'sonde v?[0-9]+\.[0-9]+\.[0-9]+.*'
