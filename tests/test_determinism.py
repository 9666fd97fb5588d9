"""Determinism: the same input gives byte-identical output in every process.

Cleaning must not depend on the process (``PYTHONHASHSEED`` changes the order of sets and
the hash of strings), on which documents were cleaned before, or on their order. Each
check runs newsclean in fresh interpreters and compares a digest of every result: the
cleaned text and the full explanation (removed lines, filters, details, edits, warnings).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from newsclean import clean_and_explain

from .strategies import sample_documents

DOCUMENTS = sample_documents(60, seed=7)

# Run in a child interpreter: read documents as JSON on stdin, print one digest per document
# and one of the whole run, in the order given.
_CHILD = """
import hashlib, json, sys
from newsclean import clean_and_explain

def digest(result):
    return hashlib.sha256(repr(result).encode("utf-8", "surrogatepass")).hexdigest()

docs = json.load(sys.stdin)
digests = [digest(clean_and_explain(doc)) for doc in docs]
json.dump(digests, sys.stdout)
"""


def _digests_in_child(documents: list[str], hash_seed: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(documents),
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        capture_output=True,
        text=True,
        check=True,
    )
    digests: list[str] = json.loads(result.stdout)
    return digests


def _digest(text: str) -> str:
    return hashlib.sha256(
        repr(clean_and_explain(text)).encode("utf-8", "surrogatepass")
    ).hexdigest()


def test_explanations_are_identical_across_processes_hash_seeds_and_order() -> None:
    # Two fresh interpreters (each start costs ~0.5 s): different hash seeds, and the second
    # one gets the documents in reverse order; every document must get the same result.
    here = [_digest(doc) for doc in DOCUMENTS]
    assert _digests_in_child(DOCUMENTS, "0") == here, "PYTHONHASHSEED=0"
    assert _digests_in_child(DOCUMENTS[::-1], "4242")[::-1] == here, "reversed, seed 4242"


def test_the_documents_exercise_the_filters() -> None:
    # Guard against a vacuous comparison: the sample must make every filter fire.
    fired = {r.filter for doc in DOCUMENTS for r in clean_and_explain(doc).removed}
    assert fired >= {"patterns", "duplicates", "sections"}
    assert any(clean_and_explain(doc).edits for doc in DOCUMENTS)  # mojibake repaired
