desc "heatmap: --linear --rows --step and units put events in exactly the cells expected"
oneshot
# Microseconds. Time counts from the first event: events at 0, 1.0, 1.1, 2.0
# and 2.1 s with latencies 5, 15, 15, 95 and 250 us; 10 linear rows from 0
# to 100 us (250 goes in the top row), 1 s columns.
if [ -n "${WORK:-}" ]; then
	printf '500000 5\n1500000 15\n1600000 15\n2500000 95\n2600000 250\nnot a pair\n' >"$WORK/in.txt"
fi
opts heatmap --time-unit us --latency-unit us --linear --rows 10 --step 1s --min-latency 0 --max-latency 100 \
	-o '{{OUT}}' in.txt
check_case() {
	python3 - "$WORK/out" <<'PY'
import sys, xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
cells = [g for g in root.iter(S + "g") if g.get("id") == "cells"][0].findall(S + "rect")
got = sorted(r.find(S + "title").text for r in cells)
want = sorted([
    "time 0 - 1 s, latency 0 - 10 us: 1 event",
    "time 1 s - 2 s, latency 10 us - 20 us: 2 events",
    "time 2 s - 3 s, latency 90 us - 100 us: 2 events",
])
assert got == want, got
print("ok")
PY
}
