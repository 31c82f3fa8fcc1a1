// Admin forms whose dates and times are in the conference's own time zone (each field says
// "In America/New_York time"). Django's date-time widgets would add "You are 5 hours ahead of
// server time" beside them, comparing the browser's clock with the zone the page was drawn in:
// here that zone is the conference's, not the server's, so the note only confuses. It is
// shown only when <body> carries data-admin-utc-offset; DateTimeShortcuts reads it on "load",
// after this runs on DOMContentLoaded.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  delete document.body.dataset.adminUtcOffset;
});
