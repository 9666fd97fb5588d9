"""Memory of corpus learning: bytes per distinct line key and peak RSS.

Two modes, both on generated data (nothing is downloaded)::

    # Full path (prepare + hash + count) on generated text: ~2 M distinct lines.
    PYTHONPATH=src python benchmarks/corpus_memory.py --mode text --distinct 2000000

    # The counter alone at the target scale: 25 M distinct keys, as 1 GB of text would give.
    PYTHONPATH=src python benchmarks/corpus_memory.py --mode keys --distinct 25000000

Each generated page has ``--lines`` lines: a few lines of its site's template (repeated on
every page of the site) and fresh lines (distinct everywhere). The report gives the bytes
the key/count arrays hold per distinct (site, key) pair, the growth of peak RSS over the
baseline per distinct key, and the peak RSS of the process (Linux ``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import resource
import string
import sys
import time
from collections.abc import Iterator

import numpy as np

from newsclean import LineCounts, count

TEMPLATE = 8  # template lines per page


def peak_rss() -> int:
    """Peak resident set size of this process, in bytes."""
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def vocabulary(rng: np.random.Generator, size: int = 20_000) -> list[str]:
    """Random letter-only words (digits would fold to 0 and make lines collide)."""
    letters = np.array(list(string.ascii_lowercase))
    return ["".join(rng.choice(letters, size=int(rng.integers(3, 10)))) for _ in range(size)]


def words(rng: np.random.Generator, vocab: list[str], n: int) -> list[str]:
    """``n`` lines of 6 to 12 random words: distinct with overwhelming probability."""
    picks = rng.integers(0, len(vocab), size=(n, 12)).tolist()
    sizes = rng.integers(6, 13, size=n).tolist()
    return [
        " ".join(vocab[i] for i in row[:k]).capitalize() + "."
        for row, k in zip(picks, sizes, strict=True)
    ]


def text_pages(
    distinct: int, lines: int, sites: int, rng: np.random.Generator
) -> Iterator[tuple[str, str]]:
    fresh_per_page = lines - TEMPLATE
    vocab = vocabulary(rng)
    templates = {
        site: [f"Menu {site_name(site)} {name}" for name in ("home", "news", "sport", "kultur")]
        + [f"Footer {site_name(site)} {name}" for name in ("impressum", "daten", "kontakt", "agb")]
        for site in range(sites)
    }
    for page in range(distinct // fresh_per_page):
        site = page % sites
        body = words(rng, vocab, fresh_per_page)
        yield "\n".join(templates[site][:4] + body + templates[site][4:]), site_name(site)


def site_name(site: int) -> str:
    return "site" + "".join(string.ascii_lowercase[int(d)] for d in str(site)) + ".example"


def count_keys(distinct: int, lines: int, sites: int, rng: np.random.Generator) -> LineCounts:
    counts = LineCounts()
    fresh_per_page = lines - TEMPLATE
    template = rng.integers(1, 2**64, size=(sites, TEMPLATE), dtype=np.uint64)
    names = [site_name(site) for site in range(sites)]
    for page in range(distinct // fresh_per_page):
        site = page % sites
        keys = np.concatenate(
            [template[site], rng.integers(1, 2**64, size=fresh_per_page, dtype=np.uint64)]
        )
        counts.add_keys(keys, names[site])
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("text", "keys"), default="keys")
    parser.add_argument("--distinct", type=int, default=2_000_000, help="fresh lines in total")
    parser.add_argument("--lines", type=int, default=48, help="lines per page")
    parser.add_argument("--sites", type=int, default=1000)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    baseline = peak_rss()
    started = time.perf_counter()
    if args.mode == "text":
        counts = count(text_pages(args.distinct, args.lines, args.sites, rng))
    else:
        counts = count_keys(args.distinct, args.lines, args.sites, rng)
    seconds = time.perf_counter() - started
    distinct = counts.distinct
    counted = peak_rss()
    model = counts.to_model()
    peak = peak_rss()
    print(f"mode={args.mode} pages={counts.docs():,} sites={len(counts.sites()):,}")
    print(f"distinct (site, key) pairs: {distinct:,}")
    print(f"array bytes per distinct key: {counts.nbytes / distinct:.1f}")
    print(
        f"peak RSS growth per distinct key: {(counted - baseline) / distinct:.1f} bytes while "
        f"counting, {(peak - baseline) / distinct:.1f} bytes with thresholding"
    )
    print(f"peak RSS: {peak / 2**20:,.0f} MiB (baseline {baseline / 2**20:,.0f} MiB)")
    print(f"counting time: {seconds:.1f} s; model: {len(model):,} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
