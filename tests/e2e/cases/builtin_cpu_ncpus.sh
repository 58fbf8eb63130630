desc "ncpus, and cpu is below it"
prog 'BEGIN { printf("%d %d\n", ncpus, cpu < ncpus); exit(); }'
expect '{{NCPUS}} 1'
