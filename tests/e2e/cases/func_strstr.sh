desc "strstr(): index of the first occurrence, -1 when absent, 0 for an empty needle"
prog 'BEGIN { $s = "hello world"; printf("%d %d %d %d %d\n", strstr($s, "lo"), strstr($s, "xyz"), strstr($s, ""), strstr($s, "worldx"), strstr($s, "o")); exit(); }'
expect '3 -1 0 -1 4'
