desc "printf conversions, widths, flags and precision"
prog <<'EOF'
BEGIN {
	printf("[%5d] [%-5d] [%05d] [%x] [%X] [%o] [%c] [%u] [%%] [%+d]\n", 42, 42, 42, 255, 255, 8, 65, 7, 5);
	printf("[%s] [%10s] [%-10s] [%.3s]\n", "str", "right", "left", "abcdef");
	exit();
}
EOF
expect <<'EOF'
[   42] [42   ] [00042] [ff] [FF] [10] [A] [7] [%] [+5]
[str] [     right] [left      ] [abc]
EOF
