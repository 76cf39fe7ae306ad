"""Workbench views: thin, each through ``workbench.access`` (scope, 404/403, no-store, audit)."""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

import audit
from audit.models import AuditEvent
from config import csv_cells
from printing.rendering import busy_page_on_timeout
from registry import searches
from registry.forms import ElderForm, HouseholdFormSet, NewElderForm
from registry.models import Elder
from roles.access import Action, can, elders_for_action, elders_visible_to, may, relation_to, visible_elder_count
from roles.scope import profile_of
from supervision.panels import start_page_panels

from .access import require_anywhere, with_elder, workbench_view
from .forms import ElderSearchForm, RevealForm
from .presenters import FULL, ElderFile
from .visits import elder_visits

ELDERS_PER_PAGE = 20
EXPORT_COLUMNS = ["姓名", "公民身份号码", "性别", "年龄", "乡镇(街道)", "村(社区)", "对象类别", "状态", "登记日期"]


@workbench_view
def home(request):
    profile = profile_of(request.user)
    return render(request, "workbench/home.html", {
        "nav": "home",
        "profile": profile,
        "elder_count": visible_elder_count(request.user),
        "dashboard": start_page_panels(request.user),  # officers' 月探访率 card and compact 监督看板
    })


def _search_data(request):
    """What the elder list is searched by: a kept search (``?s=``, see ``registry.searches``) or the query string."""
    if searches.TOKEN in request.GET:
        return searches.recall(request, request.GET[searches.TOKEN]) or {}
    return {name: value for name, value in request.GET.items() if name in searches.FIELDS}


def _to_kept_search(request, data):
    return redirect(f"{reverse('workbench:elder_list')}?{searches.TOKEN}={searches.remember(request, data)}")


@workbench_view
def elder_list(request):
    """The elders the user may open, searched by a posted form: the search is kept on the server and
    the list shown at ``?s=<token>``, so an ID number searched for is in no URL nor access log."""
    if request.method == "POST":
        form = ElderSearchForm(request.POST)
        if form.is_valid():
            return _to_kept_search(request, form.cleaned_data_as_text())
    elif searches.TOKEN not in request.GET and searches.carries_a_number(request.GET.get("query")):
        return _to_kept_search(request, request.GET)  # typed into the address bar: drop it from the URL
    else:
        form = ElderSearchForm(_search_data(request) or None)
    elders = elders_visible_to(request.user)
    if form.is_bound:
        elders = form.filter(elders)
    page = Paginator(elders.select_related("village__parent").prefetch_related("categories").order_by("name", "id"),
                     ELDERS_PER_PAGE).get_page(request.GET.get("page"))
    audit.record(request, "list", Elder, page=page.number, rows=len(page.object_list))
    user = request.user
    return render(request, "workbench/elder_list.html", {
        "nav": "elders", "form": form, "page": page,
        "can_export": may(user, Action.EXPORT),
        "can_register": may(user, Action.EDIT),
        # Visitors and departments never see ID numbers, not even masked ones (see presenters).
        "show_id_numbers": may(user, Action.VIEW),
    }, status=400 if form.errors else 200)


def _csv_response(filename):
    """An empty CSV download named ``filename``, in UTF-8 with the BOM Excel needs to read it as such."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response.write("\ufeff")
    return response


@workbench_view
def elder_export(request):
    require_anywhere(request, Action.EXPORT)
    elders = elders_for_action(request.user, Action.EXPORT)
    form = ElderSearchForm(_search_data(request) or None)
    if form.is_bound:
        elders = form.filter(elders)
    elders = elders.select_related("village__parent").prefetch_related("categories").order_by("name", "id")
    response = _csv_response("探访对象.csv")
    writer = csv_cells.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for elder in elders:
        writer.writerow([elder.name, elder.masked_id_number, elder.get_sex_display(), elder.age(),
                         elder.village.parent.name, elder.village.name, elder.category_names,
                         elder.get_status_display(), elder.registered_on.isoformat()])
        count += 1
    audit.record(request, "export", Elder, rows=count)
    return response


def _open_referrals(user, elder, relation):
    """Region staff see every open referral; department staff only those routed to them."""
    if relation == FULL:
        return elder.referrals.open().select_related("department")
    if relation == "referral":
        return elder.referrals.open().filter(department=user.staff_profile.department).select_related("department")
    return ()


def _detail_context(request, elder, reveal=False, reveal_form=None):
    relation = relation_to(request.user, elder)
    user = request.user
    return {
        "nav": "elders",
        "elder": elder,
        "file": ElderFile(elder, relation, reveal=reveal),
        "revealed": reveal,
        "can_reveal": relation == FULL and can(user, Action.REVEAL, elder),
        "can_edit": can(user, Action.EDIT, elder),
        "can_print": can(user, Action.PRINT, elder),
        "reveal_form": reveal_form or RevealForm(),
        "access_log": (AuditEvent.objects.for_object(elder)[:20] if can(user, Action.ACCESS_LOG, elder) else None),
        "open_referrals": _open_referrals(user, elder, relation),
        **elder_visits(user, elder, reveal=reveal),
    }


@with_elder()
def elder_detail(request, elder):
    audit.record(request, "view", elder)
    return render(request, "workbench/elder_detail.html", _detail_context(request, elder))


@require_POST
@with_elder(Action.REVEAL)
def elder_reveal(request, elder):
    form = RevealForm(request.POST)
    if not form.is_valid():
        return render(request, "workbench/elder_detail.html",
                      _detail_context(request, elder, reveal_form=form), status=400)
    audit.record(request, "reveal", elder, fields=["id_number", "phone"], reason=form.cleaned_data["reason"])
    return render(request, "workbench/elder_detail.html", _detail_context(request, elder, reveal=True))


def _elder_form_page(request, form, message):
    """The elder form with its household rows: saved on a valid POST, else shown again (400 after a POST).

    Saving a new record (status 待核实) opens its census case by itself, started by the user
    of this request (``workflows.census``); the elder and its household rows are audited likewise.
    """
    household = HouseholdFormSet(request.POST or None, instance=form.instance, prefix="household")
    if request.method == "POST" and form.is_valid() and household.is_valid():
        elder = form.save_or_error(household)
        if elder is not None:
            messages.success(request, message % {"name": elder.name})
            return redirect("workbench:elder_detail", pk=elder.pk)
    return render(request, "workbench/elder_form.html",
                  {"nav": "elders", "elder": form.instance, "form": form, "household": household},
                  status=400 if request.method == "POST" else 200)


@workbench_view
def elder_create(request):
    require_anywhere(request, Action.EDIT)
    form = NewElderForm(request.POST or None, user=request.user)
    return _elder_form_page(request, form, "已登记%(name)s，等待入户核实。")


@with_elder(Action.EDIT)
def elder_edit(request, elder):
    form = ElderForm(request.POST or None, instance=elder, user=request.user)
    return _elder_form_page(request, form, "已保存%(name)s的档案。")


@with_elder(Action.PRINT)
@busy_page_on_timeout
def elder_print(request, elder):
    """The elder's file as a PDF, masked as on screen (region staff with the print permission)."""
    from printing import elder_file_pdf, pdf_response

    pdf = elder_file_pdf(ElderFile(elder, FULL), printed_by=request.user)
    audit.record(request, "print", elder)
    return pdf_response(pdf, f"老年人档案-{elder.pk}-{timezone.localdate():%Y%m%d}.pdf")
