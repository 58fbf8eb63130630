desc "username == username compares the uids, as bpftrace's macro runtime test 'builtin wrapper username' does (__builtin_username == username())"
prog 'begin { if (__builtin_username == username() && !(username != username)) { printf("same %s\n", username); } }'
expect 'same root'
