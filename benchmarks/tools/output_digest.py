"""Print a digest of what ``clean()`` makes of every dev page, to check speed work changes nothing.

    python benchmarks/tools/output_digest.py                 # digest of the current tree
    python benchmarks/tools/output_digest.py --save ref.json # also keep the per-page digests
    python benchmarks/tools/output_digest.py --against ref.json  # name the pages that differ

Every page of ``../shared/data/newsclean_dev.jsonl.gz`` (beside the repository) is cleaned
in each of its three inputs (``full``, ``main``, ``residue``) with the default settings and
with repair on and off. Two digests are printed: one of the cleaned texts (the behaviour
that must not change) and one of the explanations (which filter removed which line, and
why, and the guards' warnings), which is stricter. A speed change must leave both alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from newsclean import Config, clean_and_explain  # noqa: E402

DEV_DATA = ROOT.parent / "shared" / "data" / "newsclean_dev.jsonl.gz"
INPUTS = ("full", "main", "residue")
CONFIGS = {
    "default": Config(),
    "repair=always": dataclasses.replace(Config(), repair="always"),
    "repair=never": dataclasses.replace(Config(), repair="never"),
}


def page_digests(path: Path) -> dict[str, tuple[str, str]]:
    """(run name -> (text digest, explanation digest)) for every page, input and config."""
    out: dict[str, tuple[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for number, raw in enumerate(stream):
            record = json.loads(raw)
            for field in INPUTS:
                text = record.get(field)
                if not isinstance(text, str):
                    continue
                for name, config in CONFIGS.items():
                    result = clean_and_explain(text, config=config)
                    explained = repr((result.removed, result.warnings, result.edits))
                    out[f"{number}:{record.get('id')}:{field}:{name}"] = (
                        hashlib.sha256(result.text.encode("utf-8", "surrogatepass")).hexdigest(),
                        hashlib.sha256(explained.encode("utf-8", "surrogatepass")).hexdigest(),
                    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV_DATA)
    parser.add_argument("--save", type=Path, help="write the per-page digests to this file")
    parser.add_argument("--against", type=Path, help="compare with digests saved earlier")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no dev data at {args.data}; pass --data", file=sys.stderr)
        return 2
    digests = page_digests(args.data)
    total_text = hashlib.sha256()
    total_explained = hashlib.sha256()
    for name in sorted(digests):
        text, explained = digests[name]
        total_text.update(f"{name}={text}\n".encode())
        total_explained.update(f"{name}={explained}\n".encode())
    print(f"runs {len(digests)}")
    print(f"text        {total_text.hexdigest()[:16]}")
    print(f"explanation {total_explained.hexdigest()[:16]}")
    if args.save:
        args.save.write_text(json.dumps(digests, indent=0, sort_keys=True), encoding="utf-8")
    if args.against:
        reference = {k: tuple(v) for k, v in json.loads(args.against.read_text("utf-8")).items()}
        texts = sorted(k for k in reference if reference[k][0] != digests.get(k, ("",))[0])
        explained = sorted(k for k in reference if reference[k][1] != digests.get(k, ("", ""))[1])
        print(f"differ from {args.against.name}: text {len(texts)}, explanation {len(explained)}")
        for name in (texts or explained)[:20]:
            print(f"  {name}")
        return 1 if texts or explained else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
