"""A small synthetic Eleventy content folder in the DjangoCon US format, for import tests
that must run without ../shared (and that break it on purpose)."""

import io
import json
from pathlib import Path

from PIL import Image

SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#0c4b33"/></svg>'
)


def image_bytes(image_format: str, color: str = "#0c4b33") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format=image_format)
    return buffer.getvalue()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


SITE = {
    "domain": "https://2030.example.org",
    "timezone": "America/New_York",
    "conf_year": 2030,
    "phase": "active",
    "ticket_link": "https://tickets.example.org/",
    "slack_link": "",
    "social": {"mastodon": "https://fosstodon.org/@example"},
    "sponsorsOrder": ["Gold", "Community"],
}

FILES = {
    "schedule/talks/error-culture.md": """---
category: talks
start_datetime: 2030-09-23 11:30:00-04:00
end_datetime: 2030-09-23 11:55:00-04:00
permalink: /talks/error-culture/
presenter_slugs:
- ada-lovelace
room: Junior Ballroom
tags:
- career
- testing
title: Error Culture
video_url: 'https://youtu.be/abc'
track: t0
---

Alerts nobody reads.
""",
    "schedule/talks/keynote-ada-lovelace.md": """---
category: talks
start_datetime: 2030-09-23 09:15:00-04:00
end_datetime: 2030-09-23 10:00:00-04:00
difficulty: All
permalink: /talks/keynote-monday/
presenter_slugs:
- ada-lovelace
room: Junior Ballroom
title: Keynote - Engines of Thought
track: t0
---
""",
    "schedule/tutorials/first-api.md": """---
category: tutorials
start_datetime: 2030-09-22 09:30:00-04:00
end_datetime: 2030-09-22 13:00:00-04:00
permalink: /tutorials/first-api/
presenter_slugs:
- bob-babbage
- ada-lovelace
room: Meeting Room 1/2
tags: [api]
title: "path('/user/&lt;name&gt;/')"
track: t1
---

Build an API.
""",
    "schedule/sprints/sprints.11tydata.js": "module.exports = {};\n",
    "schedule/manual.yaml": """- start_datetime: 2030-09-23 12:00:00-04:00
  end_datetime: 2030-09-23 13:00:00-04:00
  permalink: /catering-menus/#monday-lunch
  room: Grand Ballroom I/II
  title: Lunch
  track: t0
- start_datetime: 2030-09-23 08:00:00-04:00
  end_datetime: 2030-09-23 17:00:00-04:00
  permalink: null
  room: In front of Junior Ballroom
  title: Registration
  track: t0
- start_datetime: 2030-09-26 09:00:00-04:00
  end_datetime: 2030-09-26 17:00:00-04:00
  permalink: null
  room: Caktus Group
  title: Contribution Sprints
  track: t0
- start_datetime: 2030-09-23 10:00:00-04:00
  end_datetime: 2030-09-23 10:30:00-04:00
  permalink: /catering-menus/#monday-morning-break
  room: Grand Ballroom I/II
  title: Break (snacks available)
  track: t0
- start_datetime: 2030-09-23 15:00:00-04:00
  end_datetime: 2030-09-23 15:30:00-04:00
  permalink: /catering-menus/#monday-afternoon-break
  room: Grand Ballroom I/II
  title: Break (snacks available)
  track: t0
- start_datetime: 2030-09-26 10:00:00-04:00
  end_datetime: 2030-09-26 12:00:00-04:00
  permalink: "/hackathon/"
  room: Caktus Group
  title: Hackathon Presentations
  track: t0
""",
    "presenters/_PRESENTERS": "Editor notes, not a presenter.\n",
    "presenters/ada-lovelace.md": """---
company: Analytical Engines
hidden: false
name: Ada Lovelace
permalink: /presenters/ada-lovelace/
photo: ada.png
social:
    bluesky: null
    github: '@ada'
    mastodon: https://fosstodon.org/@ada
    twitter: ada
    website: https://ada.example.org/
---

Writes programs for engines.
""",
    "presenters/bob-babbage.md": """---
name: Bob Babbage
photo: ''
role: Tutorials chair
social:
    github: bob
---
""",
    "organizers/carol-host.md": """---
name: carol Host
photo: carol.jpg
role: Chair, Venue
social:
    Linkedin: https://www.linkedin.com/in/carol/
---
""",
    "organizers/dan-gone.md": """---
name: Dan Gone
photo: dan.jpg
role: Volunteer
hidden: true
---
""",
    "sponsors/acme.md": """---
level: Gold
name: ACME
date: 2030-05-06
logo:
    filename: acme.svg
    orientation: landscape
hiring_url: false
url:
    target: 'https://acme.example.org/'
    label: acme.example.org
---
Makes everything.
""",
    "sponsors/hidden-co.md": """---
level: Community
name: Hidden Co
date: 2030-05-07
hidden: true
logo:
    filename: hidden.png
    orientation: portrait
hiring_url: https://hidden.example.org/jobs/
url:
    target: 'https://hidden.example.org/'
    label: hidden.example.org
---
""",
    "posts/hello-world.md": """---
author: The Team
category: General
published_datetime: 2025-03-09 06:00:00
cover:
    url: /assets/img/blog/hello.jpg
    alt: "A hello"
title: "Hello, World!"
---

First paragraph.

<!-- excerpt -->

More, with a picture: ![Crowd](/assets/img/blog/crowd.png)

[Buy a ticket]({{site.ticket_link}}) for {{ site.conf_year }}.
{% raw %}Liquid: {{ site.anything }}{% endraw %}
""",
    "places/cocoa.md": """---

name: "Cocoa"
category: coffee
hidden: false
photo: "cocoa.jpg"
location: "420 W. Geer Street"
distance: "6 blocks (0.5 miles) away"
map: "https://maps.example.org/cocoa"
website: "https://cocoa.example.org"
description: |
    Coffee, from the front matter.
---
""",
}

IMAGES = {
    "presenters/ada.png": lambda: image_bytes("JPEG"),  # lies about its type, as real files do
    "presenters/carol.jpg": lambda: image_bytes("JPEG", "#b8471a"),
    "organizers/dan.jpg": lambda: image_bytes("JPEG", "#505050"),
    "sponsors/acme.svg": lambda: SVG_LOGO.encode(),
    "sponsors/hidden.png": lambda: image_bytes("PNG"),
    "places/cocoa.jpg": lambda: image_bytes("JPEG", "#ffab7a"),
}
ASSETS = {
    "img/blog/hello.jpg": lambda: image_bytes("JPEG", "#7fd1a8"),
    "img/blog/crowd.png": lambda: image_bytes("PNG", "#1d221f"),
}

# What the synthetic site holds, per kind.
COUNTS = {
    "sessions": 9,
    "presenters": 2,
    "organizers": 2,
    "sponsors": 2,
    "posts": 1,
    "places": 1,
}
PERMALINKS = [
    "/talks/error-culture/",
    "/talks/keynote-monday/",
    "/tutorials/first-api/",
    "/presenters/ada-lovelace/",
    "/catering-menus/#monday-lunch",
    "/catering-menus/#monday-morning-break",
    "/catering-menus/#monday-afternoon-break",
    "/hackathon/",
    "/news/hello-world/",
]


def build_site(root: Path) -> Path:
    """Write the synthetic site under ``root``; return its content folder."""
    content = root / "content"
    write(content / "_data" / "site.json", json.dumps(SITE, indent=2))
    for name, text in FILES.items():
        write(content / name, text)
    for name, data in IMAGES.items():
        write_bytes(content / name, data())
    for name, data in ASSETS.items():
        write_bytes(root / "assets" / name, data())
    return content


# A small synthetic Jekyll site in the DjangoCon US 2018-2023 layout (see
# ../shared/data/djangocon-us-2023/README.md for the real one).
JEKYLL_FILES = {
    "_config.yml": """title: ExampleCon
url: "https://2029.example.org"
timezone: America/New_York
conf_year: 2029
ticket_link: https://tickets.example.org/
contact_us_email: hello@example.org
""",
    "_schedule/talks/2029-10-16-11-10-t0-old-name.md": """---
title: Powering Storage
category: talks
date: 2029-10-16 11:10:00-04:00
end_date: 2029-10-16 11:55:00-04:00
room: Junior Ballroom
track: t0
presenter_slugs: [ada]
permalink: /talks/powering-storage/
redirect_from:
- /talks/old-name/
video_url: eALdLBOaQS0
slides_url: /static/slides/ada.pdf
tags: [ORM, community]
---
The longer description.
""",
    "_schedule/talks/2029-10-16-13-20-lunch.md": """---
title: Lunch
category: talks
date: 2029-10-16 13:20:00-04:00
end_date: 2029-10-16 14:05:00-04:00
room: Grand Ballroom I-II
permalink:
link: /catering-menus/#monday-lunch
---
Grand Ballroom I-II
""",
    "_schedule/sprints/2029-10-19-09-00-sprints.md": """---
title: Sprints
category: sprints
date: 2029-10-19 09:00:00-04:00
end_date: 2028-10-19 17:00:00-04:00
room: Caktus Group
permalink: /sprints/thursday/
---
""",
    "_presenters/ada.md": """---
name: Ada Lovelace
slug: ada
permalink: /presenters/ada-lovelace/
photo_url: /static/img/presenters/ada.jpg
twitter: ada
linkedin: ada-l
---
Writes programs.
""",
    "_organizers/carol.md": """---
name: Carol Host
photo_url: /static/img/organizers/carol.png
role: Chair
github: carol
---
""",
    "_sponsors/2029-08-15-acme.md": """---
name: ACME
level: Gold
logo: /static/img/sponsors/acme.svg
logo_orientation: landscape
url_target: https://acme.example.org/
url_friendly: acme.example.org
description: |
  Makes everything.
hiring_url: false
---
""",
    "_places/cocoa.md": "---\r\nname: Cocoa\r\nphoto_url: /static/img/places/cocoa.jpg\r\n"
    "location: 420 W. Geer Street\r\ndescription: |\r\n  Coffee.\r\n---\r\n",
    "_posts/2026-06-08-Hello-World.md": """---
title: Hello
date: 2026-06-08 06:00:00
author_name: The Team
category: General
post_photo_url: /static/img/blog/hello.jpg
post_photo_alt: A hello
---
Tickets: {{ site.ticket_link }} <img src="/static/img/blog/hello.jpg" alt="">
""",
    "_pages/conduct.md": """---
title: Code of Conduct
permalink: /conduct/
redirect_from:
- /coc/
---
Be kind. Write to {{ site.contact_us_email }}.{% include contact.html %}
""",
    "_pages/talks.html": """---
permalink: /talks/
---
{% for talk in site.schedule %}{{ talk.title }}{% endfor %}
""",
    "_pages/merch.html": """---
title: Merchandise
layout: null
permalink: /merch/
---
{% if site.ticket_link != empty %}
  <meta http-equiv="refresh" content="0; url={{ site.ticket_link }}">
{% endif %}
""",
    "_pages/catering.html": """---
title: Catering
permalink: /catering-menus/
---
<h2 id="monday-lunch">Monday lunch</h2>
""",
}
JEKYLL_IMAGES = {
    "static/img/presenters/ada.jpg": lambda: image_bytes("JPEG"),
    "static/img/organizers/carol.png": lambda: image_bytes("JPEG", "#b8471a"),
    "static/img/sponsors/acme.svg": lambda: SVG_LOGO.encode(),
    "static/img/places/cocoa.jpg": lambda: image_bytes("JPEG", "#ffab7a"),
    "static/img/blog/hello.jpg": lambda: image_bytes("JPEG", "#7fd1a8"),
}
# Every address the synthetic Jekyll site had.
JEKYLL_ADDRESSES = [
    "/talks/powering-storage/",
    "/talks/old-name/",
    "/schedule/2029-10-16-13-20-lunch/",
    "/sprints/thursday/",
    "/presenters/ada-lovelace/",
    "/news/Hello-World/",
    "/conduct/",
    "/coc/",
    "/talks/",
    "/catering-menus/",
    "/merch/",
]


def build_jekyll_site(root: Path) -> Path:
    """Write the synthetic Jekyll site under ``root``; return its content folder."""
    content = root / "content"
    for name, text in JEKYLL_FILES.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    for name, data in JEKYLL_IMAGES.items():
        write_bytes(root / name, data())
    return content
