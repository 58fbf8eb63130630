desc "let @m = lruhash(N) keeps the newest N keys"
prog 'let @m = lruhash(2); BEGIN { @m[1] = 1; @m[2] = 2; @m[3] = 3; exit(); }'
expect <<'X'
@m[2]: 2
@m[3]: 3
X
