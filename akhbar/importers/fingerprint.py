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

The hash is xxh3 (64 bits), not a cryptographic one: hashing every shingle with blake2b was
a fifth of what the process reading a bulk import spent (docs/importing.md, "Twelfth pass"),
and MinHash needs hashes spread evenly, not hard to forge.  Signatures of the earlier hash
were computed again by migration 0004.
"""

from __future__ import annotations

import struct
from itertools import repeat
from operator import eq, mod, rshift

from xxhash import xxh3_64_intdigest

from akhbar.arabic import normalize

BINS = 48
ROWS = 3  # bins per band
BANDS = BINS // ROWS
_SHINGLE = 2
# Enough words to tell stories apart; the rest of a long article costs time, not accuracy.
_MAX_WORDS = 400
_VALUE_BYTES = 4
_EMPTY = (1 << (8 * _VALUE_BYTES)) - 1
_EMPTY_BYTES = _EMPTY.to_bytes(_VALUE_BYTES, "big")
_HASH_BITS = 64
_SIGNATURE = struct.Struct(f">{BINS}I")  # BINS values of _VALUE_BYTES


def signature(text: str) -> bytes:
    """The MinHash of `text`: BINS values of 4 bytes; b"" when it has no words."""
    # Encoded once, not shingle by shingle (a third of the hashing's cost for Arabic).
    words = " ".join(normalize(text).split()[:_MAX_WORDS]).encode().split()
    if len(words) < _SHINGLE:
        shingles = set(words)
    else:
        shingles = set(map(b" ".join, zip(*(words[i:] for i in range(_SHINGLE)), strict=False)))
    if not shingles:
        return b""
    # A shingle's bin is its hash modulo BINS, its value the hash's high bits.  Falling, each
    # bin's last value is its smallest: the dict keeps it, with no Python step per shingle.
    hashes = sorted(map(xxh3_64_intdigest, shingles), reverse=True)
    value_shift = repeat(_HASH_BITS - 8 * _VALUE_BYTES)
    smallest = dict(
        zip(map(mod, hashes, repeat(BINS)), map(rshift, hashes, value_shift), strict=True)
    )
    return _SIGNATURE.pack(*map(smallest.get, range(BINS), repeat(_EMPTY)))


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets (0 to 1); bins empty
    in both (short texts) do not count."""
    # The importer compares each new article with up to 16 others: unpacking both
    # in C and one pass over the pairs is most of what this costs.
    if len(a) == len(b) == _SIGNATURE.size and _EMPTY_BYTES not in a and _EMPTY_BYTES not in b:
        # No empty bin (any text of more than a few words; found by bytes.find, which may
        # also stop at an unaligned match and take the long way): counted in C.
        return sum(map(eq, _SIGNATURE.unpack(a), _SIGNATURE.unpack(b))) / BINS
    x_values, y_values = _values(a), _values(b)
    used = same = 0
    for x, y in zip(x_values, y_values, strict=False):
        if x != y:
            used += 1
        elif x != _EMPTY:
            used += 1
            same += 1
    return same / used if used else 0.0


def band_keys(sig: bytes) -> list[int]:
    """A signed-safe 63-bit key per band (its number and its bins) without an empty bin:
    texts sharing a key are candidates."""
    values = _values(sig)
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS]
        if rows and _EMPTY not in rows:
            data = sig[band * ROWS * _VALUE_BYTES : (band + 1) * ROWS * _VALUE_BYTES]
            keys.append(xxh3_64_intdigest(data, seed=band) >> 1)
    return keys


def _values(sig: bytes) -> tuple[int, ...]:
    if len(sig) == _SIGNATURE.size:
        return _SIGNATURE.unpack(sig)
    return struct.unpack(f">{len(sig) // _VALUE_BYTES}I", sig)
