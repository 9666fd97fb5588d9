"""Make a large, realistic JSONL dump from the dev pages, deterministically.

Every record is a full-page text, as a crawler's text extraction gives it: the header and
footer chrome of one real page (its *site template*: menus, teasers, share rows, footer
links) around the article body of another real page. Each synthetic site keeps one
template, so boilerplate repeats across a site's documents as it does in a real crawl
(what ``newsclean learn`` needs), while bodies vary. Records carry the fields a dump has
(``id``, ``url``, ``site``, ``lang``, ``crawl_date``) besides ``text``.

The pages come from ``../shared/data/newsclean_dev.jsonl.gz`` (beside the repository), read
at run time and never copied into the repository.

    python benchmarks/make_dump.py --size-mb 200 -o benchmarks/out/dump.jsonl

The same ``--seed`` and ``--size-mb`` give byte-identical output.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_DATA = ROOT.parent / "shared" / "data" / "newsclean_dev.jsonl.gz"


def load_pages(path: Path) -> list[dict[str, str]]:
    """The dev pages with a full-page text, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [
        {"full": row["full"], "main": row["main"] or "", "lang": row["lang"] or "und"}
        for row in rows
        if row.get("full")
    ]


def split_page(page: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """Cut a full-page text into (header, body, footer) at the main content's first and
    last lines; without a match, the outer fifths count as chrome."""
    lines = page["full"].split("\n")
    main = [line for line in page["main"].split("\n") if len(line) > 20]
    start = end = -1
    if main:
        try:
            start = lines.index(main[0])
            end = len(lines) - 1 - lines[::-1].index(main[-1])
        except ValueError:
            start = end = -1
    if not 0 <= start <= end:
        fifth = max(1, len(lines) // 5)
        start, end = fifth, len(lines) - fifth - 1
    return lines[:start], lines[start : end + 1], lines[end + 1 :]


def make_dump(
    pages: list[dict[str, str]], size_bytes: int, seed: int, sites: int
) -> Iterator[bytes]:
    """Records of about ``size_bytes`` bytes in total (one JSON line each, no newline)."""
    rng = random.Random(seed)
    parts = [split_page(page) for page in pages]
    templates = [rng.randrange(len(pages)) for _ in range(sites)]
    total = 0
    number = 0
    while total < size_bytes:
        site = rng.randrange(sites)
        header, _, footer = parts[templates[site]]
        body_page = rng.randrange(len(pages))
        body = parts[body_page][1]
        text = "\n".join([*header, *body, *footer])
        digest = hashlib.sha1(f"{seed}:{number}".encode()).hexdigest()[:12]
        record = {
            "id": f"doc-{number:08d}",
            "url": f"https://www.site{site:04d}.example/{digest}.html",
            "site": f"site{site:04d}.example",
            "lang": pages[body_page]["lang"],
            "crawl_date": f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "text": text,
        }
        line = json.dumps(record, ensure_ascii=False).encode("utf-8")
        yield line
        total += len(line) + 1
        number += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "benchmarks" / "out" / "dump.jsonl"))
    parser.add_argument("--size-mb", type=float, default=200.0, help="size in MB (10^6 bytes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sites", type=int, default=300, help="synthetic sites (templates)")
    parser.add_argument("--data", default=str(DEV_DATA), help="the dev pages (gzip'd JSONL)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not data.is_file():
        print(f"make_dump: {data} is absent; pass --data or use your own dump", file=sys.stderr)
        return 1
    records = make_dump(load_pages(data), int(args.size_mb * 1e6), args.seed, args.sites)
    target = Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    count = 0
    with tmp.open("wb") as f:
        for line in records:
            f.write(line + b"\n")
            count += 1
    tmp.replace(target)
    size = target.stat().st_size
    print(f"{count} records, {size / 1e6:.1f} MB -> {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
