"""The coders' screens (second factor required, coders only) and the public official figures.

- queue: my open articles, and a button to take more;
- one article: its text, the machine's suggestion beside each field, accept or correct;
- agreement: Cohen's kappa per field over the double-coded sample;
- clusters: duplicate clusters the machine is unsure of — confirm, split or merge;
- figures: every official figure with its source and definition (public).

Pages that show article text are never cached and are not indexed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awaaz.core.models import User
from awaaz.core.otp import otp_required
from awaaz.evidence import selectors, services_coding
from awaaz.evidence.forms_coding import (
    OFFENCE_LABELS,
    ClusterReviewForm,
    CodingForm,
    VictimFormSet,
    check_case_report,
    coding_from_forms,
)
from awaaz.evidence.models import CodingAssignment
from awaaz.places.models import District

View = Callable[..., HttpResponse]


def coder_required(view: View) -> View:
    """Second factor first (otp_required), then the coder role; anyone else gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.is_coder(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return cast(View, never_cache(otp_required(wrapper)))


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@require_http_methods(["GET", "HEAD", "POST"])
@coder_required
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        taken = services_coding.coding_assignments_take(actor=user)
        if not taken:
            messages.info(request, _("There are no articles waiting to be coded."))
        return HttpResponseRedirect(reverse("evidence:coding_queue"))
    return render(
        request,
        "evidence/coding/queue.html",
        {
            "assignments": selectors.coding_queue(user=user),
            "done": selectors.coding_done_count(user=user),
        },
    )


def _district_for(extraction: dict[str, Any]) -> District | None:
    code, name = extraction.get("district_code"), extraction.get("district")
    if not code and not name:
        return None
    query = Q(code=code) if code else Q(name_en__iexact=name) | Q(name_ur=name)
    return District.objects.filter(query).order_by("valid_to", "pk").first()


def _initial(assignment: CodingAssignment) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    extraction = assignment.article.extraction or {}
    machine = services_coding.machine_fields(extraction)
    district = _district_for(extraction)
    initial: dict[str, Any] = {
        "offence_types": machine["offence_types"],
        "district": district.pk if district else None,
        "perpetrator_relationship": machine["perpetrator_relationship"],
        "num_accused": machine["num_accused"],
        "ppc_sections": ", ".join(machine["ppc_sections"]),
        "fir_status": machine["fir_status"],
        "arrest_made": {True: "yes", False: "no"}.get(machine["arrest_made"], ""),
    }
    if machine["is_case_report"] is not None:
        initial["is_case_report"] = "yes" if machine["is_case_report"] else "no"
    published = assignment.article.published_at
    if published is not None:
        initial["occurred_on"] = published.date()
    victims = []
    n = 1
    while f"victim{n}.gender" in machine:
        victims.append(
            {
                "gender": machine[f"victim{n}.gender"],
                "age": machine[f"victim{n}.age"],
                "age_band": machine[f"victim{n}.age_band"],
                "disability": "unknown",
            }
        )
        n += 1
    return initial, victims


@require_http_methods(["GET", "HEAD", "POST"])
@coder_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    item = selectors.coding_assignment_get(user=user, pk=pk)
    initial, victims_initial = _initial(item)
    if request.method == "POST" and item.status == "open":
        form = CodingForm(request.POST, initial=initial)
        victims = VictimFormSet(request.POST, initial=victims_initial, prefix="victims")
        if form.is_valid() and victims.is_valid() and check_case_report(form, victims):
            incidents = services_coding.coding_assignment_submit(
                actor=user, assignment=item, coding=coding_from_forms(form, victims)
            )
            messages.success(
                request,
                ngettext(
                    "Saved. The article is linked to %(count)s incident.",
                    "Saved. The article is linked to %(count)s incidents.",
                    len(incidents),
                )
                % {"count": len(incidents)},
            )
            return HttpResponseRedirect(reverse("evidence:coding_queue"))
    else:
        form = CodingForm(initial=initial)
        victims = VictimFormSet(initial=victims_initial, prefix="victims")
    return render(
        request,
        "evidence/coding/assignment.html",
        {
            "item": item,
            "article": item.article,
            "form": form,
            "rows": _rows(form, item),
            "siblings": selectors.cluster_siblings(user=user, article=item.article),
            "victims": victims,
            "has_extraction": bool(item.article.extraction),
        },
    )


def _shown(form: CodingForm, name: str, value: Any) -> str:
    """The machine's value as the coder's form would label it."""
    if value is None or value == [] or value == "":
        return "—"
    if name == "is_case_report" or name == "arrest_made":
        return _("yes") if value else _("no")
    if name == "offence_types":
        return ", ".join(str(OFFENCE_LABELS.get(o, o)) for o in value)
    if name == "ppc_sections":
        return ", ".join(value)
    field = form.fields.get(name)
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, value))


def _rows(form: CodingForm, item: CodingAssignment) -> list[tuple[Any, str]]:
    """Each field of the form with the machine's suggestion for it."""
    machine = services_coding.machine_fields(item.article.extraction or {})
    rows = []
    for name in form.fields:
        shown = _shown(form, name, machine.get(name)) if name in machine else ""
        rows.append((form[name], shown))
    return rows


@require_safe
@coder_required
def agreement(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "evidence/coding/agreement.html",
        {
            "rows": selectors.agreement_report(user=user),
            "machine": selectors.machine_accuracy(user=user),
        },
    )


@require_safe
@coder_required
def clusters(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evidence/coding/clusters.html",
        {"clusters": selectors.clusters_for_review(user=_user(request))},
    )


@require_POST
@coder_required
def cluster_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cluster = selectors.cluster_get(user=user, pk=pk)
    ids = list(cluster.articles.values_list("pk", flat=True))
    form = ClusterReviewForm(request.POST, article_ids=ids)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(reverse("evidence:coding_clusters"))
    action = form.cleaned_data["action"]
    try:
        if action == "confirm":
            services_coding.cluster_confirm(actor=user, cluster=cluster)
        elif action == "split":
            chosen = selectors.articles_in_cluster(
                user=user, cluster=cluster, ids=form.cleaned_data["articles"]
            )
            services_coding.cluster_split(actor=user, cluster=cluster, articles=chosen)
        else:
            other = selectors.cluster_get(user=user, pk=form.cleaned_data["other_cluster"])
            services_coding.cluster_merge(actor=user, into=other, others=[cluster])
    except ValueError:
        messages.error(
            request, _("That change is not possible: choose some, but not all, of the articles.")
        )
        return HttpResponseRedirect(reverse("evidence:coding_clusters"))
    messages.success(request, _("Cluster %(number)s reviewed.") % {"number": pk})
    return HttpResponseRedirect(reverse("evidence:coding_clusters"))


@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/figures/list.html", {"figures": selectors.official_figures()})
