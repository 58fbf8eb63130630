desc "-o profile.svg: stack maps become a flame graph (well-formed XML, the hot function widest), other maps print"
opts -o '{{OUT}}.svg'
prog <<'EOF2'
profile:hz:99 /comm == "sonde_wl"/ { @[kstack, ustack, comm] = count(); @samples = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload hot 1000
expect_regex '@samples: [0-9]+'
check_case() {
	python3 - "$WORK/out.svg" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
titles = [t.text or "" for t in root.iter() if t.tag.endswith("title")]
def samples(name):
    best = 0
    for t in titles:
        m = re.match(r"^(.*) \(([0-9,]+) samples?", t)
        if m and m.group(1) == name:
            best = max(best, int(m.group(2).replace(",", "")))
    return best
hot, cold, total = samples("hot_spin"), samples("cold_spin"), samples("all")
assert hot > 0, "no hot_spin frame: %r" % titles[:20]
assert hot > cold, "hot_spin %d <= cold_spin %d" % (hot, cold)
if total:
    assert hot * 2 >= total, "hot_spin %d of %d" % (hot, total)
print("ok: hot_spin %d, cold_spin %d, all %d" % (hot, cold, total))
PY
}
