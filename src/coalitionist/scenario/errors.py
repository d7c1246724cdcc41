"""Located validation problems and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from coalitionist.errors import InvalidInputError

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("actors", 3, "id")`` → ``actors[3].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with where it is."""

    path: Path
    message: str
    file: str = "<data>"
    line: int | None = None
    column: int | None = None

    def located(self, file: str, line: int | None, column: int | None) -> Problem:
        """The same problem at a file position."""
        return replace(self, file=file, line=line, column=column)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if not self.path:
            return f"{where}: {self.message}"
        return f"{where}: {format_path(self.path)}: {self.message}"


class ScenarioValidationError(InvalidInputError):
    """A scenario (or another input file) is invalid; carries every problem found, located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.line or 0, p.column or 0, format_path(p.path))
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    def format_message(self) -> str:
        """All problems, one per line, then a count."""
        n = len(self.problems)
        return str(self) + f"\n{n} problem{'s' if n != 1 else ''} found."
