"""The rich consoles of the command line: user text printed literally, messages on stderr.

Kept apart from :mod:`coalitionist.cli.common` so that importing the shared helpers does not import rich
(``coalitionist validate`` prints without it; issue 12.5); ``common.err_console`` reaches this module.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console


class SafeConsole(Console):
    """A rich console for user text: no markup or emoji codes parsed, control characters made visible.

    Names and titles come from user files: ``[/b]`` in a name must print as ``[/b]`` (not raise rich's
    ``MarkupError``) and an ANSI/OSC escape must not reach the terminal (issue 18, point 5). Every string
    printed, and every string cell of a table, passes through :meth:`render_str`; styles are given with
    ``style=`` or :class:`rich.text.Text`, never as markup.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Any:
        """Render ``text`` literally, with control characters shown as escapes."""
        from coalitionist.io.safe_text import terminal_safe

        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(terminal_safe(text), **kwargs)


#: Where messages for people go (never stdout, which carries results).
err_console = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


__all__ = ["SafeConsole", "err_console"]
