from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hallway.conferences.decorators import conference_view


@login_required
@conference_view
def agenda(request, conference):
    return render(request, "companion/agenda.html", {"conference": conference})
