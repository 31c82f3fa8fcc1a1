class SiteImportError(Exception):
    """Content that cannot be imported: which file, which key, and what is wrong with it.

    Rendered as ``<path>[:<line>]: <key>: <message>``, with the path relative to the content
    folder, so an organizer can open the file and fix it.
    """

    def __init__(self, path: str, key: str, message: str, *, line: int | None = None):
        self.path = path
        self.key = key
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
