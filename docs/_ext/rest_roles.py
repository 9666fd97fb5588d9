"""A griffe extension for the API reference: docstrings written for pydoc, shown as Markdown.

newsclean's docstrings use reST roles (:func:`clean`), ``::`` literal blocks and bare
``>>>`` doctest examples, which read well in ``help()`` and run under pytest. Markdown
would show the roles verbatim and turn ``>>>`` into nested quotes, so before rendering
this extension turns roles into code spans, ``::`` into ``:`` and each run of doctest
lines into a fenced ``pycon`` block.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|attr|mod|data|exc|obj):`~?([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    # "~pkg.mod.name" shows only "name", as Sphinx does.
    name = target.rsplit(".", 1)[-1] if match.group(0).count("~") else target
    return f"`{name}`"


def to_markdown(text: str) -> str:
    """Roles to code spans, ``::`` to ``:``, doctest runs to fenced pycon blocks."""
    text = _ROLE.sub(_role, text)
    out: list[str] = []
    in_example = False
    for line in text.splitlines():
        stripped = line.strip()
        if not in_example and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_example = True
        elif in_example and not stripped:
            out.append(f"{indent}```")
            in_example = False
        literal = not in_example and line.endswith("::") and not line.endswith(":::")
        out.append(line[:-1] if literal else line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)


class RestRoles(griffe.Extension):
    """Rewrite every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
