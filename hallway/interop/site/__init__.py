"""Import a conference's website content: the Eleventy layout (DjangoCon US 2024 on) and the
Jekyll layout (2018-2023), found from the folder."""

from hallway.interop.report import ImportReport
from hallway.interop.site.errors import SiteImportError
from hallway.interop.site.reader import read_site
from hallway.interop.site.services import import_site, import_site_content

__all__ = ["ImportReport", "SiteImportError", "import_site", "import_site_content", "read_site"]
