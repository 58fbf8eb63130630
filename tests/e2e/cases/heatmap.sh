desc "heatmap: time/latency pairs to an SVG heat map; every event in exactly one cell, log rows by decade"
oneshot
# Two latency modes (about 20 us and 1 ms) and a burst of 50 ms outliers in
# the middle: what a histogram would hide. Nanoseconds, as nsecs prints them.
if [ -n "${WORK:-}" ]; then
	python3 - "$WORK/in.txt" <<'PY'
import random, sys
R = random.Random(3)
t = 5 * 10**9
with open(sys.argv[1], "w") as f:
    f.write("Attaching 1 probe...\n")
    for i in range(5000):
        t += R.randint(100000, 2000000)
        lat = R.lognormvariate(10, 0.4) if R.random() < 0.7 else R.lognormvariate(13.8, 0.3)
        if 2000 <= i < 2300:
            lat = R.uniform(4e7, 6e7)
        f.write("%d %d\n" % (t, lat))
PY
fi
opts heatmap --title 'read() latency' -o '{{OUT}}' in.txt
check_case() {
	grep -q 'skipped 1 line' "$STDERR" || { echo "stderr does not count the skipped line"; return 1; }
	python3 - "$WORK/out" "$WORK/in.txt" <<'PY'
import re, sys, xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
events = [tuple(map(int, l.split())) for l in open(sys.argv[2]) if l[0].isdigit()]
title = [e.text for e in root.iter(S + "text") if e.get("id") == "title"][0]
assert title == "read() latency", title
cells = [g for g in root.iter(S + "g") if g.get("id") == "cells"][0].findall(S + "rect")
total, slow = 0, 0
for r in cells:
    m = re.match(r"time (\S+ \S+|0) - (\S+ \S+), latency (\S+ \S+) - (\S+ \S+): (\d+) events?$", r.find(S + "title").text)
    assert m, r.find(S + "title").text
    total += int(m.group(5))
    if m.group(3).endswith(" ms") and float(m.group(3).split()[0]) >= 25:
        slow += int(m.group(5))
assert total == len(events), (total, len(events))
# The 300 outliers (40-60 ms) land in rows starting at 25 ms or more (a decade has 10 rows: 1.26x steps).
assert slow == 300, slow
labels = [e.text for e in root.iter(S + "text") if e.get("class") == "ylab"]
assert labels[0] == "1 us" and "100 ms" in labels and "1 ms" in labels, labels
assert "function init(" in "".join(s.text for s in root.iter(S + "script"))
print("ok: %d cells, %d events" % (len(cells), total))
PY
}
