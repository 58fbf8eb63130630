desc "i:ms:N is interval:ms:N"
prog 'i:ms:100 { printf("alias\n"); exit(); }'
expect 'alias'
