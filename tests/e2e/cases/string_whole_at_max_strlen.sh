desc "a literal, probe or func of exactly max_strlen characters, the length of a str() that was cut, is whole: no '..' trailer (regression: a checkout path of such a length made uprobe_cpp_name fail in CI)"
# uprobe:DIR/u:sonde_add with DIR chosen so that the probe name is 64 characters
DIR=/tmp/sonde-e2e-whole-probe-name-xxxxxxxxxxxxx
mkdir -p "$DIR" && ln -sfn "$PROGS/uprobes" "$DIR/u"
opts -c "$DIR/u 2"
prog <<EOF2
uprobe:$DIR/u:sonde_add { @p[probe] = count(); @f[func] = count(); }
end { @s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; printf("%s|\n", @s); }
EOF2
expect <<EOF2
aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|

@f[sonde_add]: 2
@p[uprobe:$DIR/u:sonde_add]: 2
@s: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
EOF2
