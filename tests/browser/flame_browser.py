#!/usr/bin/env python3
"""Opens flame graphs from `sonde flamegraph` in headless Chromium and uses them.

    flame_browser.py [--sonde PATH] [--chromium PATH] [--keep DIR]

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-
pipe: JSON messages ending in NUL on fds 3 and 4), with the standard library
only. Real mouse and key events go through Input.dispatch*, and search's
prompt() is answered through Page.handleJavaScriptDialog, so the checks go
through the same paths a user's clicks do:

  hover      the details line shows the frame's name, samples and percent
  zoom       clicking a frame makes it full width, scales its descendants,
             fades its ancestors, clips the rest, rewrites the labels, shows
             Reset Zoom, and puts the frame in the URL
  search     the Search button's prompt highlights matching frames and
             reports the percent of samples they cover (nested matches
             once), computed here independently from the SVG
  case       "ic" toggles ignoring case and searches again
  reset      Reset Zoom brings every frame back
  url        loading ...svg?x=..&y=..&s=.. restores zoom and search
  heatmap    hovering over a heat map cell shows its counts

Prints one line per check and "N passed, N failed"; exits non-zero if any
check failed or Chromium could not be run.
"""
import argparse
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


class Browser:
    def __init__(self, chromium, profile, width, height):
        cmd_r, cmd_w = os.pipe()  # we write commands, Chromium reads fd 3
        ev_r, ev_w = os.pipe()    # Chromium writes fd 4, we read

        def child_fds():
            # Out of the way first, so that neither dup2 clobbers the other.
            a, b = os.dup(cmd_r), os.dup(ev_w)
            a2, b2 = os.dup2(a, 100), os.dup2(b, 101)
            os.dup2(a2, 3)
            os.dup2(b2, 4)

        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-pipe", "--allow-file-access-from-files",
                "--window-size=%d,%d" % (width, height), "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=child_fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(ev_w)
        self.w, self.r = cmd_w, ev_r
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.call("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.w)
        os.close(self.r)

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe (exit status %s)" % self.proc.poll())
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=True):
        """Sends a command; its answer is collected by result()."""
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def result(self, mid, method="", timeout=30):
        deadline = time.time() + timeout
        for i, m in enumerate(self.events):
            if m.get("id") == mid:
                self.events.pop(i)
                break
        else:
            while True:
                m = self._read_message(deadline)
                if m.get("id") == mid:
                    break
                self.events.append(m)
        if "error" in m:
            raise RuntimeError("%s: %s" % (method, m["error"]))
        return m.get("result", {})

    def call(self, method, params=None, session=True, timeout=30):
        return self.result(self.send(method, params, session), method, timeout)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def eval(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def open(self, url, width, height):
        if not self.session:
            target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
            self.call("Page.enable")
            self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def mouse(self, x, y, click=True, opens_dialog=None):
        """Moves there and clicks; a click that opens a prompt gets the answer opens_dialog."""
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        if not click:
            return
        self.call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left",
                                               "clickCount": 1})
        # The release runs the click handler; with a prompt open it answers only once the prompt is.
        mid = self.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, "button": "left",
                                                     "clickCount": 1})
        if opens_dialog is not None:
            self.answer_prompt(opens_dialog)
        self.result(mid)

    def key(self, key, code, keycode, modifiers=0, opens_dialog=None):
        mid = self.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "modifiers": modifiers,
                                                   "windowsVirtualKeyCode": keycode, "key": key, "code": code})
        if opens_dialog is not None:
            self.answer_prompt(opens_dialog)
        self.result(mid)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "modifiers": modifiers,
                                             "windowsVirtualKeyCode": keycode, "key": key, "code": code})

    def click_element(self, js_element, opens_dialog=None):
        box = self.eval("(function(){var b=%s.getBoundingClientRect();return [b.x,b.y,b.width,b.height];})()"
                        % js_element)
        self.mouse(box[0] + box[2] / 2, box[1] + box[3] / 2, opens_dialog=opens_dialog)

    def answer_prompt(self, text):
        ev = self.wait_event("Page.javascriptDialogOpening", timeout=10)
        if ev["params"].get("type") != "prompt":
            raise RuntimeError("expected a prompt, got %s" % ev["params"])
        self.call("Page.handleJavaScriptDialog", {"accept": True, "promptText": text})


def svg_frames(path):
    root = ET.parse(path).getroot()
    box = [g for g in root.iter(SVG + "g") if g.get("id") == "frames"][0]
    frames = []
    for g in box.findall(SVG + "g"):
        title = g.find(SVG + "title").text
        cut = title.rfind(" (")
        n = int(re.match(r"\(([\d,]+)", title[cut + 1:]).group(1).replace(",", ""))
        rect = g.find(SVG + "rect")
        frames.append({"name": title[:cut], "title": title, "n": n, "off": int(rect.get("x")),
                       "y": float(rect.get("y"))})
    return root, frames


def matched_pct(frames, regex, flags=0):
    """The share of all samples under frames whose names match, nested matches once."""
    spans = sorted((f["off"], f["off"] + f["n"]) for f in frames if re.search(regex, f["name"], flags))
    covered, end = 0, -1
    for s, e in spans:
        if e <= end:
            continue
        covered += e - max(s, end)
        end = e
    return "Matched: %.2f%%" % (100.0 * covered / frames[0]["n"])


def make_input(path):
    import random
    R = random.Random(5)
    names = ["main", "foo", "foo_helper", "Foo::bar", "foobar", "read_[k]", "write_[k]", "parse", "eval", "gc"] + \
        ["fn%d" % i for i in range(20)]
    with open(path, "w") as f:
        for i in range(800):
            fr = [R.choice(["app", "srv"])] + [R.choice(names) for _ in range(R.randint(1, 9))]
            f.write("%s %d\n" % (";".join(fr), R.randint(1, 40)))


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS %s" % name)
        else:
            self.failed += 1
            print("FAIL %s%s" % (name, ": " + detail if detail else ""))


def run(args, work, checks):
    folded = os.path.join(work, "in.folded")
    svg = os.path.join(work, "graph.svg")
    make_input(folded)
    r = subprocess.run([args.sonde, "flamegraph", "-q", "-o", svg, folded], capture_output=True, text=True)
    if r.returncode:
        checks.check("sonde flamegraph", False, "status %d: %s" % (r.returncode, r.stderr.strip()))
        return 1
    root, frames = svg_frames(svg)
    width, height = int(root.get("width")), int(root.get("height"))
    url = "file://" + svg

    b = Browser(args.chromium, os.path.join(work, "profile"), width, height)
    try:
        b.open(url, width, height)
        n = b.eval("fg_frames.length")
        checks.check("load: the script read every frame", n == len(frames), "%s of %d" % (n, len(frames)))
        labels0 = b.eval("document.getElementById('labels').children.length")
        transform0 = b.eval("document.getElementById('frames').getAttribute('transform')")

        # A frame to zoom into: wide, not at the root, with children and with frames outside it.
        cands = [i for i, f in enumerate(frames) if 0 < f["n"] < frames[0]["n"] // 3 and
                 any(g["off"] >= f["off"] and g["off"] + g["n"] <= f["off"] + f["n"] and g["y"] != f["y"]
                     for g in frames[1:]) and f["y"] < frames[0]["y"] - 20]
        z = max(cands, key=lambda i: frames[i]["n"])
        zf = frames[z]

        # Hover: the details line names the frame.
        box = b.eval("(function(){var b=fg_frames[%d].r.getBoundingClientRect();return [b.x,b.y,b.width,b.height];})()" % z)
        b.mouse(box[0] + box[2] / 2, box[1] + box[3] / 2, click=False)
        details = b.eval("document.getElementById('details').textContent")
        checks.check("hover: details show the frame", details == "Function: " + zf["title"], repr(details))

        b.mouse(box[0] + box[2] / 2, box[1] + box[3] / 2)

        # Where everything is on screen now: the clicked frame full width, its
        # descendants scaled with it, its ancestors faded and full width (at
        # least: the clip cuts them), everything else outside the clip.
        state = b.eval("""(function(){
            var z = fg_frames[%d], bz = z.r.getBoundingClientRect(), full = %d - 20;
            var out = {zx: bz.x, zw: bz.width, unzoom: !document.getElementById('unzoom').classList.contains('hide'),
                search: location.search, bad: [], outside: 0, parents: 0, scaled: 0, label: null};
            for (var i = 0; i < fg_frames.length; i++) {
                var f = fg_frames[i], b = f.r.getBoundingClientRect();
                var inside = f.off >= z.off && f.off + f.n <= z.off + z.n && f.y <= z.y;
                var anc = f.y > z.y && f.off <= z.off && f.off + f.n >= z.off + z.n;
                var faded = f.g.classList.contains('parent');
                if (anc) {
                    out.parents++;
                    if (!faded || b.x > 10.01 || b.x + b.width < 10 + full - 0.01) out.bad.push('ancestor ' + f.name);
                } else if (inside) {
                    var xx = 10 + (f.off - z.off) * full / z.n, ww = f.n * full / z.n;
                    if (faded || Math.abs(b.x - xx) > 0.02 || Math.abs(b.width - ww) > 0.02) out.bad.push('misplaced ' + f.name);
                    out.scaled++;
                } else {
                    if (faded || (b.x + b.width > 10.01 && b.x < 10 + full - 0.01)) out.bad.push('visible ' + f.name);
                    out.outside++;
                }
            }
            var ts = document.getElementById('labels').children;
            for (var j = 0; j < ts.length; j++)
                if (+ts[j].getAttribute('x') === 13 && +ts[j].getAttribute('y') === z.y + z.h / 2 + 3)
                    out.label = ts[j].textContent;
            out.labels = ts.length;
            return out; })()""" % (z, width))
        checks.check("zoom: the clicked frame is full width",
                     abs(state["zx"] - 10) < 0.02 and abs(state["zw"] - (width - 20)) < 0.02, str(state)[:200])
        checks.check("zoom: descendants scaled, ancestors faded, the rest clipped",
                     not state["bad"] and state["outside"] > 0 and state["parents"] >= 1 and state["scaled"] >= 2,
                     str(state)[:300])
        checks.check("zoom: labels rewritten for the new widths", state["label"] == zf["name"] and
                     state["labels"] > 0, "label %r, %d labels" % (state["label"], state["labels"]))
        checks.check("zoom: Reset Zoom is shown", state["unzoom"])
        want_q = "?x=%d&y=%s" % (zf["off"], ("%g" % zf["y"]))
        checks.check("zoom: the URL holds the frame", state["search"] == want_q, "%r, want %r" % (state["search"], want_q))

        # Search through the button and its prompt.
        b.click_element("document.getElementById('search')", opens_dialog="^foo")
        got = b.eval("document.getElementById('matched').textContent")
        want = matched_pct(frames, "^foo")
        checks.check("search: matched percent (%s)" % want, got == want, repr(got))
        lit = b.eval("fg_frames.filter(function(f){return f.r.getAttribute('fill')=='rgb(230,0,230)';}).length")
        nmatch = sum(1 for f in frames if re.search("^foo", f["name"]))
        checks.check("search: matching frames highlighted", lit == nmatch, "%s of %d" % (lit, nmatch))
        checks.check("search: the URL holds zoom and search",
                     b.eval("location.search") == want_q + "&s=%5Efoo", b.eval("location.search"))

        # Case: reset the search, search for an upper-case pattern with Ctrl-F, then toggle ic.
        b.click_element("document.getElementById('search')")
        checks.check("search: clicking Reset Search clears it",
                     b.eval("document.getElementById('matched').textContent") == " " and
                     b.eval("fg_frames.every(function(f){return f.r.getAttribute('fill')==f.fill;})"))
        b.key("f", "KeyF", 70, modifiers=2, opens_dialog="^FOO")
        got = b.eval("document.getElementById('matched').textContent")
        want = matched_pct(frames, "^FOO")
        checks.check("case: Ctrl-F searches, case-sensitive (%s)" % want, got == want, repr(got))
        b.click_element("document.getElementById('ignorecase')")
        got = b.eval("document.getElementById('matched').textContent")
        want = matched_pct(frames, "^FOO", re.I)
        checks.check("case: ic ignores case and searches again (%s)" % want, got == want, repr(got))

        # Reset Zoom.
        b.click_element("document.getElementById('unzoom')")
        state = b.eval("""({parent: fg_frames.filter(function(f){return f.g.classList.contains('parent');}).length,
            w: fg_frames[0].r.getBoundingClientRect().width, labels: document.getElementById('labels').children.length,
            transform: document.getElementById('frames').getAttribute('transform'),
            unzoom: document.getElementById('unzoom').classList.contains('hide'), search: location.search})""")
        tm = re.match(r"matrix\(([^,]+),0,0,1,([^,]+),0\)", state["transform"] or "")
        t0 = re.match(r"matrix\(([^,]+),0,0,1,([^,]+),0\)", transform0 or "")
        checks.check("reset: every frame back, Reset Zoom hidden",
                     state["parent"] == 0 and abs(state["w"] - (width - 20)) < 0.02 and state["unzoom"] and
                     tm and t0 and abs(float(tm.group(1)) - float(t0.group(1))) < 1e-12 and
                     float(tm.group(2)) == float(t0.group(2)) and state["labels"] == labels0,
                     "%s; at load %s, %d labels" % (state, transform0, labels0))
        checks.check("reset: the URL keeps only the search", state["search"] == "?s=%5EFOO&i=1", state["search"])

        # Deep zoom, through the script: the narrowest frame with children
        # (too thin to click) at full width, its children exactly in place.
        deep = min((i for i, f in enumerate(frames) if i and any(
            g["off"] >= f["off"] and g["off"] + g["n"] <= f["off"] + f["n"] and g["y"] < f["y"] for g in frames)),
            key=lambda i: frames[i]["n"])
        bad = b.eval("""(function(){ fg_zoom(%d); var z = fg_frames[%d], bad = [], full = %d - 20;
            fg_frames.forEach(function(f){
                if (f.y > z.y || f.off < z.off || f.off + f.n > z.off + z.n) return;
                var b = f.r.getBoundingClientRect(), xx = 10 + (f.off - z.off) * full / z.n;
                if (Math.abs(b.x - xx) > 0.02 || Math.abs(b.width - f.n * full / z.n) > 0.02) bad.push(f.name);
            }); fg_zoom(0); return bad; })()""" % (deep, deep, width))
        checks.check("zoom: exact at %.0fx" % (frames[0]["n"] / frames[deep]["n"]), not bad, str(bad))

        # Loading a link with state restores it.
        b.open(url + want_q + "&s=" + "%5Efoo", width, height)
        state = b.eval("""({cur: fg_cur, w: fg_frames[%d].r.getBoundingClientRect().width,
            m: document.getElementById('matched').textContent})""" % z)
        checks.check("url: zoom and search restored from the URL",
                     state["cur"] == z and abs(state["w"] - (width - 20)) < 0.02 and
                     state["m"] == matched_pct(frames, "^foo"), str(state))

        # The heat map's hover details, in the same browser.
        pairs = os.path.join(work, "pairs.txt")
        with open(pairs, "w") as f:
            for i in range(2000):
                f.write("%d %d\n" % (i * 5000000, 10000 + (i * 7919) % 90000 + (5000000 if i % 97 == 0 else 0)))
        hm = os.path.join(work, "heatmap.svg")
        r = subprocess.run([args.sonde, "heatmap", "-q", "-o", hm, pairs], capture_output=True, text=True)
        checks.check("heatmap: written", r.returncode == 0, r.stderr.strip())
        if r.returncode == 0:
            hroot = ET.parse(hm).getroot()
            b.open("file://" + hm, int(hroot.get("width")), int(hroot.get("height")))
            cell = "document.getElementById('cells').children[5]"
            b.click_element(cell)
            got = b.eval("document.getElementById('details').textContent")
            want = b.eval(cell + ".getElementsByTagName('title')[0].textContent")
            checks.check("heatmap: hover shows the cell's counts", got == want and " event" in got, repr(got))
    finally:
        b.close()
    return 1 if checks.failed else 0


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--sonde", default=os.environ.get("SONDE", os.path.join(here, "..", "..", "sonde")))
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    ap.add_argument("--keep", help="keep the work files in this directory")
    args = ap.parse_args()
    if not args.chromium:
        print("FAIL chromium is not installed (apt-get install chromium)")
        print("0 passed, 1 failed")
        return 1
    args.sonde = os.path.abspath(args.sonde)
    work = args.keep or tempfile.mkdtemp(prefix="sonde-browser.")
    os.makedirs(work, exist_ok=True)
    checks = Checks()
    try:
        run(args, work, checks)
    except Exception as e:  # Chromium would not start or answer: a failure, not a skip
        checks.check("the browser session", False, "%s: %s" % (type(e).__name__, e))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (checks.passed, checks.failed))
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
