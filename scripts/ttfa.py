#!/usr/bin/env python3
"""Time to first audio at the OS boundary: wall time from launching a player to the
first non-silent sample it writes into ALSA. ALSA's default PCM is a `file` tap in
front of the null device, which never blocks, so every ALSA client is measured the
same way and no sound server's buffering enters the figure.

A copy of the workplace's shared tools/ttfa.py, kept here so the repo stands alone, with one change:
the tap's size is sampled every half millisecond and the first loud sample's byte
offset is mapped back to the moment the file grew past it. The original reads and
scans up to 64 MB per poll, so a player that writes fast into the never-blocking
null device (oto's ALSA thread does) is charged the scanner's own time.

usage: ttfa.py [--runs N] [--format s16|f32] -- CMD ARGS...
"""
import argparse, array, os, subprocess, sys, tempfile, time, statistics

CONF = """
pcm.!default {{ type file; slave.pcm "null"; file "{tap}"; format "raw" }}
"""

def first_loud(path, threshold, off, fmt):
    """Byte offset of the first loud sample at or after off, or None; and the new offset."""
    try:
        with open(path, "rb") as f:
            f.seek(off)
            data = f.read(1 << 20)
    except FileNotFoundError:
        return None, off
    size = 4 if fmt == "f32" else 2
    data = data[: len(data) - len(data) % size]
    a = array.array("f" if fmt == "f32" else "h")
    a.frombytes(data)
    lim = threshold / 32768.0 if fmt == "f32" else threshold
    for i, v in enumerate(a):
        if v > lim or -v > lim:
            return off + i * size, off + len(data)
    return None, off + len(data)

def measure(cmd, threshold, timeout, env, fmt):
    tap = env["CIRRUS_TAP"]
    if os.path.exists(tap):
        os.remove(tap)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
    growth = []  # (seconds since launch, size)
    found, off = None, 0
    while time.monotonic() - t0 < timeout and found is None:
        try:
            size = os.stat(tap).st_size
        except FileNotFoundError:
            size = 0
        now = time.monotonic() - t0
        if not growth or size != growth[-1][1]:
            growth.append((now, size))
        if size > off:
            found, off = first_loud(tap, threshold, off, fmt)
        else:
            time.sleep(0.0005)
    p.terminate()
    try: p.wait(3)
    except subprocess.TimeoutExpired: p.kill()
    if found is None:
        return None
    for t, size in growth:
        if size > found:
            return t
    return None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threshold", type=int, default=300)
    ap.add_argument("--timeout", type=float, default=15)
    ap.add_argument("--format", choices=["s16", "f32"], default="s16",
                    help="sample format the player writes (oto writes f32, mpv s16 through ALSA's plug)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    d = tempfile.mkdtemp(prefix="ttfa")
    tap = os.path.join(d, "tap.raw")
    base = open("/usr/share/alsa/alsa.conf").read()
    i = base.index("@hooks [")
    j = base.index("\n]", i) + 2
    conf = os.path.join(d, "asound.conf")
    with open(conf, "w") as f:
        f.write(base[:i] + base[j:] + CONF.format(tap=tap))
    env = dict(os.environ, ALSA_CONFIG_PATH=conf, CIRRUS_TAP=tap)
    xs = [measure(cmd, a.threshold, a.timeout, env, a.format) for _ in range(a.runs)]
    ok = [x for x in xs if x is not None]
    print("runs:", " ".join("%.0fms" % (x * 1000) if x is not None else "none" for x in xs))
    print("ttfa_median_ms %s" % ("%.0f" % (statistics.median(ok) * 1000) if ok else "none"))
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
