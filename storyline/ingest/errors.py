"""The one error type for inputs that cannot become articles."""

from __future__ import annotations


class InputError(Exception):
    """An input (file, archive member, line or URL) that cannot be read, and why."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.message}
