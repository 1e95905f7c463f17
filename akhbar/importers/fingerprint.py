"""Near-duplicate fingerprints: a MinHash of an article's two-word shingles as search folds
them, with LSH bands for lookups.

Wire copy reaches a news site many times, lightly rewritten (another intro, a sentence cut,
numbers in digits, hamza spelled or not).  On our own test pairs (tests/fixtures/importers/
near_duplicates.json, numbers in docs/importing.md) a 64-bit SimHash put such rewrites 6 to
14 bits apart, beyond what four 16-bit bands can find (3 bits), while the shingle sets'
Jaccard similarity stays above 0.6 for rewrites and below 0.15 for different stories on the
same topic.  So the fingerprint estimates that similarity instead: one-permutation MinHash
(each shingle hashed once, the smallest hash kept in each of 48 bins, no numpy needed), and
16 bands of 3 bins each; two texts that share a band are compared on all 48 bins.
"""

from __future__ import annotations

from hashlib import blake2b

from akhbar.arabic import normalize

BINS = 48
ROWS = 3  # bins per band
BANDS = BINS // ROWS
_SHINGLE = 2
# Enough words to tell stories apart; the rest of a long article costs time, not accuracy.
_MAX_WORDS = 400
_VALUE_BYTES = 4
_EMPTY = (1 << (8 * _VALUE_BYTES)) - 1


def signature(text: str) -> bytes:
    """The MinHash of `text`: BINS values of 4 bytes; b"" when it has no words."""
    words = normalize(text).split()[:_MAX_WORDS]
    shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(max(len(words) - 1, 1))}
    shingles.discard("")
    if not shingles:
        return b""
    mins = [_EMPTY] * BINS
    for shingle in shingles:
        value = int.from_bytes(blake2b(shingle.encode(), digest_size=8).digest(), "big")
        slot, value = value % BINS, (value // BINS) & _EMPTY
        if value < mins[slot]:
            mins[slot] = value
    return b"".join(value.to_bytes(_VALUE_BYTES, "big") for value in mins)


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets (0 to 1); bins empty
    in both (short texts) do not count."""
    pairs = list(zip(_values(a), _values(b), strict=False))
    used = [(x, y) for x, y in pairs if x != _EMPTY or y != _EMPTY]
    return sum(x == y for x, y in used) / len(used) if used else 0.0


def band_keys(sig: bytes) -> list[int]:
    """A signed-safe 63-bit key per band (its number and its bins) without an empty bin:
    texts sharing a key are candidates."""
    values = _values(sig)
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS]
        if rows and _EMPTY not in rows:
            data = (
                bytes([band]) + sig[band * ROWS * _VALUE_BYTES : (band + 1) * ROWS * _VALUE_BYTES]
            )
            keys.append(int.from_bytes(blake2b(data, digest_size=8).digest(), "big") >> 1)
    return keys


def _values(sig: bytes) -> list[int]:
    size = _VALUE_BYTES
    return [int.from_bytes(sig[i : i + size], "big") for i in range(0, len(sig), size)]
