#!/usr/bin/env python3
"""Checks a flame graph SVG written by `sonde flamegraph` against its input.

    flame_svg.py SVG --folded REFERENCE [options]

REFERENCE is the input in folded form ("a;b;c 12" lines; the e2e cases write
one next to bpftrace or perf input). The expected numbers come from a model of
what flamegraph.pl draws, written here from the format's definition: lines
sorted, consecutive equal frames merged, and each frame's width its samples.
flamegraph.pl may draw one frame path as several rectangles (its whole-line
sort splits `foo` from `foo-bar`); the samples per frame path are what must
agree, and sonde draws each path once.

Checks: the file is XML; every drawn frame's samples, percentage, width and
position (rectangles are in samples, mapped to pixels by the transform on
#frames); that every path at least --minwidth pixels wide is drawn and no
narrower one is; that siblings are in name order; that exactly the frames
wide enough carry labels, fitted to their width; the title; and that the interactive script and its controls
are there. Prints "ok: ..." and exits 0, or lists what is wrong and exits 1.
"""
import argparse
import bisect
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
FG = "{urn:x-sonde:flamegraph}"
XPAD = 10
ANNOT = re.compile(r"_\[[kjiw]\]$")


def read_folded(path, reverse=False):
    """Stacks as (frames, count) in input order; reversal as --reverse does it."""
    stacks = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            line = line.rstrip("\r\n")
            m = re.match(r"^(.*\S)\s+(\d+)$", line)
            if not m:
                continue
            frames = m.group(1).split(";")
            if reverse:
                frames.reverse()
            stacks.append((frames, int(m.group(2))))
    return stacks


def flamegraph_pl_model(stacks):
    """Frames as flamegraph.pl builds them: [(path, start, end)], path a tuple of names.

    Lines sorted as strings; walking them in order, a frame stays open while
    the following lines share it (the same names up to it), and closes when
    one differs.
    """
    lines = sorted((";".join(f), f, c) for f, c in stacks)
    frames, open_ = [], []  # open_: [name, start] per depth
    t = 0
    prev = []
    for _, fr, c in lines:
        same = 0
        while same < len(prev) and same < len(fr) and prev[same] == fr[same]:
            same += 1
        for d in range(len(open_) - 1, same - 1, -1):
            path = tuple(x[0] for x in open_[: d + 1])
            frames.append((path, open_[d][1], t))
        del open_[same:]
        for d in range(same, len(fr)):
            open_.append([fr[d], t])
        t += c
        prev = fr
    for d in range(len(open_) - 1, -1, -1):
        path = tuple(x[0] for x in open_[: d + 1])
        frames.append((path, open_[d][1], t))
    return frames, t


def path_totals(stacks):
    """Samples per frame path, summed over flamegraph.pl's (possibly split) frames."""
    frames, total = flamegraph_pl_model(stacks)
    totals = {}
    for path, s, e in frames:
        key = tuple(ANNOT.sub("", n) for n in path)
        totals[key] = totals.get(key, 0) + (e - s)
    return totals, total


def parse_svg(path):
    """The frames, with their pixel geometry from the #frames transform, and the labels."""
    tree = ET.parse(path)
    root = tree.getroot()
    box = labels = None
    for g in root.iter(SVG + "g"):
        if g.get("id") == "frames":
            box = g
        elif g.get("id") == "labels":
            labels = g
    frames = []
    if box is None:
        return root, frames, [], None
    m = re.match(r"matrix\(([^,]+),0,0,1,([^,]+),0\)$", box.get("transform", ""))
    a, b = (float(m.group(1)), float(m.group(2))) if m else (None, None)
    for g in box.findall(SVG + "g"):
        title = g.find(SVG + "title").text
        rect = g.find(SVG + "rect")
        cut = title.rfind(" (")
        m = re.match(r"\(([\d,]+) (\S+), ([\d.]+)%(?:; ([+-][\d.]+)%)?\)$", title[cut + 1:])
        off, n = int(rect.get("x")), int(rect.get("width"))
        frames.append({
            "name": title[:cut],
            "samples": int(m.group(1).replace(",", "")),
            "countname": m.group(2),
            "pct": float(m.group(3)),
            "delta": float(m.group(4)) if m.group(4) else None,
            "off": off,
            "n": n,
            "x": a * off + b if a else None,
            "y": float(rect.get("y")),
            "h": float(rect.get("height")),
            "w": a * n if a else None,
            "fill": rect.get("fill"),
        })
    texts = [(float(t.get("x")), float(t.get("y")), t.text) for t in labels.findall(SVG + "text")] \
        if labels is not None else []
    return root, frames, texts, (a, b)


def fit(name, w, fontsize):
    """The label the frame should carry: the name, cut with "..", or none."""
    chars = int(w / (fontsize * 0.59))
    if chars < 3:
        return None
    return name if len(name) <= chars else name[:chars - 2] + ".."


def build_paths(frames, inverted):
    """Depth from y, then each frame's parent: the frame one row nearer the root covering it."""
    root = frames[0]
    fh = None
    for f in frames[1:]:
        d = abs(f["y"] - root["y"])
        if d and (fh is None or d < fh):
            fh = d
    fh = fh or 16
    for f in frames:
        f["depth"] = int(round((f["y"] - root["y"]) / fh)) * (1 if inverted else -1)
    by_depth = {}
    for f in frames:
        by_depth.setdefault(f["depth"], []).append(f)
    errors = []
    root["path"] = ()
    for d in by_depth:
        by_depth[d].sort(key=lambda f: f["off"])
    for d in sorted(by_depth):
        if d == 0:
            continue
        if d < 0:
            errors.append("frame %r below the root" % by_depth[d][0]["name"])
            continue
        ups = by_depth.get(d - 1, [])
        offs = [p["off"] for p in ups]
        for f in by_depth[d]:
            i = bisect.bisect_right(offs, f["off"]) - 1
            p = ups[i] if i >= 0 else None
            if p is None or f["off"] + f["samples"] > p["off"] + p["samples"]:
                errors.append("frame %r at depth %d has no parent" % (f["name"], d))
                f["path"] = (f["name"],)
                continue
            f["parent"] = p
            f["path"] = p["path"] + (f["name"],)
    return errors


def check(args):
    errors = []
    root, frames, labels, transform = parse_svg(args.svg)
    if not frames:
        print("FAIL: no frames in %s" % args.svg)
        return 1
    if transform[0] is None:
        print("FAIL: #frames has no matrix(a,0,0,1,b,0) transform from samples to pixels")
        return 1
    script = "".join(s.text or "" for s in root.iter(SVG + "script"))
    for fn in ("function init(", "function fg_zoom(", "function fg_find(", "function fg_toggle_case(",
               "history.replaceState", "prompt("):
        if fn not in script:
            errors.append("the script has no %s" % fn)
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for i in ("title", "details", "unzoom", "search", "ignorecase", "matched", "frames"):
        if i not in ids:
            errors.append("no element with id %s" % i)
    title = next(e for e in root.iter(SVG + "text") if e.get("id") == "title").text
    if args.title is not None and title != args.title:
        errors.append("title %r, expected %r" % (title, args.title))
    width = float(root.get("width"))
    if args.width and width != args.width:
        errors.append("width %g, expected %d" % (width, args.width))

    errors += build_paths(frames, args.inverted)
    stacks = read_folded(args.folded, args.reverse)
    if args.before:
        before = read_folded(args.before, args.reverse)
        btot, _ = path_totals(before)
    totals, total = path_totals(stacks)
    if args.negate:
        totals, btot = btot, totals
        total = sum(c for _, c in before)
    root_f = frames[0]
    if root_f["name"] != "all" or root_f["samples"] != total:
        errors.append("root %r has %d samples, expected all with %d" % (root_f["name"], root_f["samples"], total))
    scale = (width - 2 * XPAD) / total
    if abs(transform[0] - scale) > 1e-9 * scale or transform[1] != XPAD:
        errors.append("transform %s, expected matrix(%r,0,0,1,%d,0)" % (transform, scale, XPAD))
    drawn = {}
    for f in frames[1:]:
        p = f["path"]
        if p in drawn:
            errors.append("path %s drawn twice" % ";".join(p))
        drawn[p] = f
        want = totals.get(p)
        if want is None:
            errors.append("path %s is not in the input" % ";".join(p))
            continue
        if f["samples"] != want:
            errors.append("%s: %d samples, expected %d" % (";".join(p), f["samples"], want))
        if f["n"] != f["samples"]:
            errors.append("%s: rectangle %d samples wide, title says %d" % (";".join(p), f["n"], f["samples"]))
        if f["countname"] != args.countname:
            errors.append("%s: count name %r" % (";".join(p), f["countname"]))
        if abs(f["pct"] - 100.0 * want / total) > 0.006:
            errors.append("%s: %.2f%%, expected %.2f%%" % (";".join(p), f["pct"], 100.0 * want / total))
        if abs(f["w"] - want * scale) > 0.001:
            errors.append("%s: width %.3f, expected %.3f" % (";".join(p), f["w"], want * scale))
        if args.before:
            after_n = (btot if args.negate else totals).get(p, 0)
            before_n = (totals if args.negate else btot).get(p, 0)
            delta = 100.0 * (after_n - before_n) / total
            if f["delta"] is None or abs(f["delta"] - delta) > 0.006:
                errors.append("%s: delta %s, expected %+.2f%%" % (";".join(p), f["delta"], delta))
            r, g, b = map(int, re.findall(r"\d+", f["fill"]))
            if (after_n > before_n and not (r == 255 and b < 255)) or \
               (after_n < before_n and not (b == 255 and r < 255)):
                errors.append("%s: colour %s for %d -> %d" % (";".join(p), f["fill"], before_n, after_n))
    # Completeness: what is wide enough is drawn, what is not is not.
    min_samples = args.minwidth / scale
    for p, n in totals.items():
        if n and n >= min_samples and p not in drawn:
            errors.append("%s (%d samples) is wide enough but not drawn" % (";".join(p), n))
    for p, f in drawn.items():
        if f["samples"] < min_samples:
            errors.append("%s (%d samples) is narrower than the minimum but drawn" % (";".join(p), f["samples"]))
    # Sibling order: by name, bytewise.
    kids = {}
    for f in frames[1:]:
        kids.setdefault(id(f.get("parent", root_f)), []).append(f)
    for group in kids.values():
        group.sort(key=lambda f: f["off"])
        names = [f["name"].encode("utf-8", "surrogateescape") for f in group]
        if names != sorted(names):
            errors.append("siblings out of order: %s" % [n.decode() for n in names])
        prev_end = group[0]["off"]
        for f in group:
            if f["off"] < prev_end:
                errors.append("%s overlaps its sibling" % f["name"])
            prev_end = f["off"] + f["samples"]

    # Labels: exactly the frames wide enough, each fitted to its width.
    fontsize = int(re.search(r"fontsize: (\d+)", script).group(1))
    want_labels = {}
    for f in frames:
        t = fit(f["name"], f["w"], fontsize)
        if t is not None:
            want_labels[(round(f["x"] + 3, 1), f["y"] + f["h"] / 2 + 3)] = t
    got_labels = {(x, y): t for x, y, t in labels}
    for k, t in want_labels.items():
        if got_labels.get(k) != t:
            errors.append("label at %s is %r, expected %r" % (k, got_labels.get(k), t))
    for k in got_labels:
        if k not in want_labels:
            errors.append("label %r at %s belongs to no frame wide enough" % (got_labels[k], k))

    if errors:
        for e in errors[:40]:
            print("FAIL:", e)
        if len(errors) > 40:
            print("... and %d more" % (len(errors) - 40))
        return 1
    print("ok: %d frames drawn, %d labels, %d paths, %d samples, title %r" %
          (len(frames) - 1, len(labels), len(totals), total, title))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("svg")
    ap.add_argument("--folded", required=True, help="the input, folded (AFTER for a differential graph)")
    ap.add_argument("--before", help="differential: the BEFORE profile, folded")
    ap.add_argument("--negate", action="store_true")
    ap.add_argument("--reverse", action="store_true")
    ap.add_argument("--inverted", action="store_true")
    ap.add_argument("--minwidth", type=float, default=0.1)
    ap.add_argument("--width", type=int, default=0)
    ap.add_argument("--title")
    ap.add_argument("--countname", default="samples")
    args = ap.parse_args()
    try:
        return check(args)
    except ET.ParseError as e:
        print("FAIL: %s is not XML: %s" % (args.svg, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
