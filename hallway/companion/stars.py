"""Per-visitor star state for public pages, in a constant number of queries."""


def stars_for(request, conference) -> dict[int, list]:
    """{session id: [labels the visitor starred it under]} for ``conference``."""
    return {}
