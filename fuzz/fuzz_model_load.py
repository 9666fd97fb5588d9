"""Coverage-guided fuzz target for loading model files (atheris / libFuzzer).

Run from the repository root (see docs/robustness.md)::

    pip install ".[fuzz]"   # atheris
    mkdir -p fuzz/corpus/model_load
    PYTHONPATH=src:. python fuzz/fuzz_model_load.py fuzz/corpus/model_load \\
        fuzz/seeds/model_load -max_total_time=300 -timeout=5 -rss_limit_mb=1024

The first input byte is a mode, the rest is the file. With the mode's low bit set, the
file's checksum is recomputed before loading, so mutations get past the checksum and
reach the header and table checks (as a crafted file would). Loading must either succeed
or raise ``ModelError``; anything else is a finding. A model that loads must clean
documents (its own site names included), describe itself, and survive ``to_bytes`` and
pickling unchanged. ``python fuzz/fuzz_model_load.py --write-seeds`` rewrites the seeds
from a freshly learned model (after a format change).
"""

from __future__ import annotations

import pickle
import struct
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["newsclean"]):
    import newsclean.modelfile  # noqa: F401  # imported lazily by corpus: instrument it now
    from newsclean import BoilerplateModel, ModelError, clean_and_explain, learn

import xxhash
from tests.strategies import sample_documents

SEEDS = Path(__file__).parent / "seeds" / "model_load"
DOCUMENTS = sample_documents(6, seed=3)


def _model_bytes() -> bytes:
    pairs = [(doc, ("a.example", "b.example")[i % 2]) for i, doc in enumerate(sample_documents(40))]
    return learn(pairs).to_bytes()


def _reseal(data: bytes) -> bytes:
    if len(data) < 8:
        return data
    body = data[:-8]
    return body + struct.pack("<Q", xxhash.xxh3_64_intdigest(body))


def test_one_input(data: bytes) -> None:
    """Load one fuzzed model file; use it if it loads."""
    if not data:
        return
    blob = _reseal(data[1:]) if data[0] & 1 else data[1:]
    try:
        model = BoilerplateModel.from_bytes(blob, source="fuzzed")
    except ModelError:
        return
    sites = [None, *list(model.sites)[:3]]
    for doc in DOCUMENTS:
        for site in sites:
            clean_and_explain(doc, site=site, model=model)
    model.describe(top=5)
    if BoilerplateModel.from_bytes(model.to_bytes()) != model:
        raise AssertionError("a loaded model does not survive to_bytes()")
    if pickle.loads(pickle.dumps(model)) != model:
        raise AssertionError("a loaded model does not survive pickling")


def main() -> None:
    """Hand the target to libFuzzer, or (``--write-seeds``) write the seed files."""
    if sys.argv[1:] == ["--write-seeds"]:
        SEEDS.mkdir(parents=True, exist_ok=True)
        good = _model_bytes()
        (SEEDS / "intact.bin").write_bytes(b"\x00" + good)
        (SEEDS / "resealed.bin").write_bytes(b"\x01" + good)
        return
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
