#!/usr/bin/env python3
"""Checks WAV files for scripts/test-install (16-bit PCM only).

  wavcheck.py sound FILE MIN_SECONDS   FILE holds at least MIN_SECONDS of sound
                                       (RMS over -30 dBFS in 100 ms windows)
  wavcheck.py tones FILE MIN_SECONDS   the same, and its loudest stretch has a
                                       pitch of 250-1100 Hz (the demo catalogue's
                                       Test Tones: 300 to 1000 Hz)
  wavcheck.py same A B                 A and B hold the same samples: exactly,
                                       else within 1 LSB, and say which
"""
import array
import math
import sys
import wave


def samples(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            sys.exit(f"{path}: {8 * w.getsampwidth()}-bit, want 16-bit PCM")
        rate, ch = w.getframerate(), w.getnchannels()
        a = array.array("h")
        a.frombytes(w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        a.byteswap()
    mono = [sum(a[i:i + ch]) / ch / 32768.0 for i in range(0, len(a) - ch + 1, ch)]
    return rate, ch, a, mono


def sound(path, min_seconds, tones):
    rate, _, _, mono = samples(path)
    win = rate // 10
    loud, best, best_rms = 0, None, 0.0
    for i in range(0, len(mono) - win + 1, win):
        seg = mono[i:i + win]
        rms = math.sqrt(sum(x * x for x in seg) / win)
        if rms > 10 ** (-30 / 20):
            loud += 1
        if rms > best_rms:
            best, best_rms = seg, rms
    secs = loud / 10
    if secs < min_seconds:
        sys.exit(f"{path}: {secs:.1f} s of sound, want at least {min_seconds}")
    crossings = sum(1 for a, b in zip(best, best[1:]) if (a < 0) != (b < 0))
    pitch = crossings / 2 / (len(best) / rate)
    if tones and not 250 <= pitch <= 1100:
        sys.exit(f"{path}: loudest stretch at {pitch:.0f} Hz, want a test tone (300-1000 Hz)")
    print(f"{path}: {secs:.1f} s of sound of {len(mono) / rate:.1f} s, loudest {20 * math.log10(best_rms):.1f} dBFS at ~{pitch:.0f} Hz")


def same(a_path, b_path):
    ra, ca, a, _ = samples(a_path)
    rb, cb, b, _ = samples(b_path)
    if (ra, ca) != (rb, cb):
        sys.exit(f"formats differ: {ra} Hz x{ca} vs {rb} Hz x{cb}")
    if len(a) != len(b):
        sys.exit(f"lengths differ: {len(a) // ca} vs {len(b) // cb} frames")
    diff = max((abs(x - y) for x, y in zip(a, b)), default=0)
    if diff > 1:
        sys.exit(f"samples differ by up to {diff}")
    print(f"{a_path} and {b_path}: {len(a) // ca} frames, " + ("identical" if diff == 0 else "within 1 LSB"))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("sound", "tones"):
        sound(sys.argv[2], float(sys.argv[3]), sys.argv[1] == "tones")
    elif len(sys.argv) == 4 and sys.argv[1] == "same":
        same(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
