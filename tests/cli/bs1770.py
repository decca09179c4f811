"""bs1770 — an independent reference for integrated loudness (ITU-R BS.1770-4).

Written from the recommendation itself, not from libebur128, so that the
clip library's figures are checked against a second implementation: the
K-weighting filter with the 48 kHz coefficients of BS.1770-4 tables 1 and
2, 400 ms blocks with 75 % overlap, the -70 LUFS absolute gate and the
-10 LU relative gate. Pure Python (no numpy on the test machines), so keep
the inputs to a few seconds. Reads 16-bit PCM WAV at 48 kHz only.
"""
import math
import struct
import wave

# BS.1770-4 table 1 (pre-filter, a high shelf) and table 2 (RLB high-pass), 48 kHz.
SHELF = (1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585)
HPF = (1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621)


def _biquad(x, c):
    b0, b1, b2, a1, a2 = c
    y = [0.0] * len(x)
    x1 = x2 = y1 = y2 = 0.0
    for i, v in enumerate(x):
        o = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1, y2, y1 = x1, v, y1, o
        y[i] = o
    return y


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getframerate() != 48000:
            raise ValueError("bs1770.py reads 16-bit 48 kHz WAV only: %s" % path)
        ch, n = w.getnchannels(), w.getnframes()
        raw = struct.unpack("<%dh" % (n * ch), w.readframes(n))
    return [[s / 32768.0 for s in raw[c::ch]] for c in range(ch)]


def integrated_loudness(channels, rate=48000):
    """LUFS of a list of channel sample lists (L, R[, C...]); weights 1.0 for L, R, C.
    A single channel counts twice (dual mono), as loa measures mono clips."""
    weighted = [_biquad(_biquad(ch, SHELF), HPF) for ch in channels]
    gains = [2.0] if len(channels) == 1 else [1.0] * len(channels)
    n = len(weighted[0])
    block, step = int(0.4 * rate), int(0.1 * rate)
    # Prefix sums of squares make each block's mean square O(1).
    sums = []
    for ch in weighted:
        acc, s = [0.0], 0.0
        for v in ch:
            s += v * v
            acc.append(s)
        sums.append(acc)
    powers = []
    j = 0
    while j * step + block <= n:
        a, b = j * step, j * step + block
        z = sum(g * (acc[b] - acc[a]) / block for g, acc in zip(gains, sums))
        powers.append(z)
        j += 1

    def lufs(z):
        return -0.691 + 10 * math.log10(z) if z > 0 else float("-inf")

    abs_gated = [z for z in powers if lufs(z) > -70]
    if not abs_gated:
        return float("-inf")
    rel = lufs(sum(abs_gated) / len(abs_gated)) - 10
    gated = [z for z in abs_gated if lufs(z) > rel]
    return lufs(sum(gated) / len(gated))
