"""Controls that apps above the notes add beside each sentence of the article page.

The timeline offers "add this sentence to an event"; the article page must not know the
timeline exists, so the timeline registers its control here (from its AppConfig.ready) and
the page includes whatever is registered for the signed-in user's permissions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SentenceTool:
    """A control beside every sentence, and a dock rendered once per page, for a permission.

    `control` and `dock` are template names (with their #partial); each is rendered with the
    page's context (`sentence`, `article`).
    """

    permission: str
    control: str
    dock: str = ""


_tools: list[SentenceTool] = []


def sentence_tool_add(tool: SentenceTool) -> None:
    """Offer `tool` beside every sentence to users who hold its permission."""
    if tool not in _tools:
        _tools.append(tool)


def sentence_tools_for(user) -> list[SentenceTool]:
    """The registered tools this user may use, in registration order."""
    return [tool for tool in _tools if user.has_perm(tool.permission)]
