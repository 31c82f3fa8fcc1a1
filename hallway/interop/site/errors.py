from hallway.interop.errors import ImportDataError


class SiteImportError(ImportDataError):
    """Content that cannot be imported: which file, which key, and what is wrong with it.

    Rendered as ``<path>[:<line>]: <key>: <message>``, with the path relative to the content
    folder, so an organizer can open the file and fix it. The same error type as a schedule
    file's (:class:`hallway.interop.errors.ImportDataError`), with the argument order the site
    readers use.
    """

    def __init__(self, path: str, key: str, message: str, *, line: int | None = None):
        super().__init__(message, path=path, key=key, line=line)
