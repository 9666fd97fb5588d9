"""Counts of a cleaning run: mergeable, so workers count apart and a parent adds them up."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .pipeline import Cleaned

__all__ = ["Report"]


@dataclass
class Report:
    """Counters over many cleaned documents.

    ``a.merge(b)`` adds ``b``'s counts to ``a``; merging is associative and commutative, so
    counting per worker and merging gives the same report as counting in one process.

    >>> from newsclean import clean_and_explain
    >>> report = Report()
    >>> report.add(clean_and_explain("Ein Satz über den Haushalt.\\nTeilen"))
    >>> report.removed_by_filter
    Counter({'patterns': 1})
    """

    documents: int = 0
    lines_in: int = 0
    lines_out: int = 0
    chars_in: int = 0
    chars_out: int = 0
    emptied: int = 0
    removed_by_filter: Counter[str] = field(default_factory=Counter)
    rejected_by_reason: Counter[str] = field(default_factory=Counter)
    bytes_in: int = 0
    reencoded: int = 0
    seconds: float = 0.0

    def add(self, cleaned: Cleaned) -> None:
        """Count one cleaned document."""
        self.documents += 1
        lines_in = cleaned.lines_in
        self.lines_in += lines_in
        self.lines_out += lines_in - len(cleaned.removed)
        self.chars_in += sum(map(len, cleaned.lines))
        self.chars_out += len(cleaned.text)
        if cleaned.emptied:
            self.emptied += 1
        self.removed_by_filter.update(removal.filter for removal in cleaned.removed)

    def reject(self, reason: str) -> None:
        """Count one record that could not be cleaned."""
        self.rejected_by_reason[reason] += 1

    @property
    def rejected(self) -> int:
        """Records rejected, all reasons together."""
        return sum(self.rejected_by_reason.values())

    @property
    def records(self) -> int:
        """Records read: cleaned plus rejected."""
        return self.documents + self.rejected

    @property
    def mb_per_s(self) -> float:
        """Input megabytes (10^6 bytes) per second of wall time; 0 before ``seconds`` is set."""
        return self.bytes_in / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def merge(self, other: Report) -> Report:
        """Add ``other``'s counts to this report and return it."""
        self.documents += other.documents
        self.lines_in += other.lines_in
        self.lines_out += other.lines_out
        self.chars_in += other.chars_in
        self.chars_out += other.chars_out
        self.emptied += other.emptied
        self.removed_by_filter.update(other.removed_by_filter)
        self.rejected_by_reason.update(other.rejected_by_reason)
        self.bytes_in += other.bytes_in
        self.reencoded += other.reencoded
        # Wall time is not additive across parallel workers: the run sets it once.
        self.seconds = max(self.seconds, other.seconds)
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, keys sorted for stable output."""
        return {
            "records": self.records,
            "documents": self.documents,
            "rejected": self.rejected,
            "lines_in": self.lines_in,
            "lines_out": self.lines_out,
            "chars_in": self.chars_in,
            "chars_out": self.chars_out,
            "emptied": self.emptied,
            "removed_by_filter": dict(sorted(self.removed_by_filter.items())),
            "rejected_by_reason": dict(sorted(self.rejected_by_reason.items())),
            "reencoded": self.reencoded,
            "bytes_in": self.bytes_in,
            "seconds": round(self.seconds, 3),
            "mb_per_s": round(self.mb_per_s, 2),
            "docs_per_s": round(self.documents / self.seconds, 1) if self.seconds > 0 else 0.0,
        }

    def summary(self) -> str:
        """One short paragraph for a person."""
        kept = self.lines_out / self.lines_in if self.lines_in else 1.0
        parts = [
            f"{self.documents} documents cleaned, {self.rejected} rejected; "
            f"{self.lines_out}/{self.lines_in} lines kept ({kept:.1%})"
        ]
        if self.seconds > 0:
            parts[0] += (
                f"; {self.bytes_in / 1e6:.1f} MB in {self.seconds:.1f} s ({self.mb_per_s:.1f} MB/s)"
            )
        if self.removed_by_filter:
            top = ", ".join(
                f"{name} {count}" for name, count in self.removed_by_filter.most_common()
            )
            parts.append(f"removed by filter: {top}")
        if self.rejected_by_reason:
            reasons = ", ".join(f"{r} {c}" for r, c in sorted(self.rejected_by_reason.items()))
            parts.append(f"rejected: {reasons}")
        if self.reencoded:
            parts.append(f"decoded with the fallback encoding: {self.reencoded}")
        return "\n".join(parts)
