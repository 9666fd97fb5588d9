"""Adapters for data tools: Hugging Face ``datasets`` and datatrove.

Each adapter is its own module, imported on demand, so ``import newsclean`` never pulls in
a data library:

* :mod:`newsclean.integrations.hf` — :func:`~newsclean.integrations.hf.clean_batch` for
  ``Dataset.map(..., batched=True)``; needs no library itself (install ``newsclean[hf]``
  for ``datasets``).
* :mod:`newsclean.integrations.datatrove` — ``NewscleanFormatter``, a datatrove pipeline
  step (install ``newsclean[datatrove]``).

pandas needs no adapter: ``df["text"].map(newsclean.clean)`` is the whole recipe.
"""

from __future__ import annotations

__all__: list[str] = []
