"""Import a conference's Eleventy website content (the DjangoCon US site format)."""

from hallway.interop.site.errors import SiteImportError
from hallway.interop.site.reader import read_site
from hallway.interop.site.services import ImportReport, import_site, import_site_content

__all__ = ["ImportReport", "SiteImportError", "import_site", "import_site_content", "read_site"]
