desc "strlen, strncmp, strcontains"
prog 'BEGIN { $s = "hello world"; printf("%d %d %d %d %d\n", strlen($s), strncmp($s, "help", 3), strncmp($s, "help", 4), strcontains($s, "lo w"), strcontains($s, "xyz")); exit(); }'
expect '11 0 1 1 0'
