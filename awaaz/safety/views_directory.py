"""The public help directory: intake-style (no address kept, no-store, quick exit, no JS needed).

The filter is a GET form, so the page works in any browser and a result can be reloaded; an
invalid value shows a message and the whole directory rather than an empty page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from awaaz.safety import selectors
from awaaz.safety.forms_directory import DirectoryFilterForm
from awaaz.safety.intake_guard import intake_view, render_intake


@intake_view
@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    form.is_valid()  # a field that fails is left out (and explained); the other still filters
    who = form.cleaned_data.get("who", "")
    district = selectors.directory_district(code=form.cleaned_data.get("district", ""))
    result = selectors.directory_services(who=who, district=district)
    context = {
        "form": form,
        "result": result,
        "who_label": dict(selectors.DirectoryWho.choices).get(result.who, ""),
    }
    return render_intake(request, "safety/directory/list.html", context)
