desc "positional parameters \$1 \$# str(\$N), missing ones empty"
prog 'BEGIN { printf("%d %d %s [%s] %d\n", $1, $#, str($2), str($3), $1 + $1); exit(); }'
args 42 hello
expect '42 2 hello [] 84'
