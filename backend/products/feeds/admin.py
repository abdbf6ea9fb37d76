"""The admin's feed upload: staff holding `products.import_feed` upload a feed, the RQ worker
imports it (products/feeds/jobs.py), and the run's page shows its progress (refreshed every
few seconds until it ends) and its report. Runs are records: nobody edits or deletes one."""
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.admin import ShopModelAdmin
from common.languages import shop_languages
from products.feeds.models import FeedImport
from products.feeds.runs import fail_stale_imports
from products.feeds.uploads import fail_lost_queued_imports, start_feed_import, upload_limit_bytes

UPLOAD_FIELDS = ["file", "format", "language", "dry_run", "sync_removals"]
RUN_FIELDS = ["file_name", "format", "language", "dry_run", "sync_removals", "status", "progress", "created",
              "updated", "unchanged", "skipped", "unpublished", "report", "error", "created_by", "created_at",
              "started_at", "heartbeat_at", "finished_at"]


class FeedUploadForm(forms.ModelForm):
    class Meta:
        model = FeedImport
        fields = UPLOAD_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            self.fields["language"] = forms.ChoiceField(
                label=capfirst(_("language")), choices=[(code, code) for code in shop_languages()])
        if "file" in self.fields:  # the upload (a run's page shows its fields read-only)
            self.fields["file"].required = True
            self.fields["file"].help_text = _("At most %(limit)s MB.") % {
                "limit": upload_limit_bytes() // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > upload_limit_bytes():
            raise ValidationError(
                _("The file has %(size)s; a feed of at most %(limit)s MB can be uploaded."),
                code="too_large", params={"size": filesizeformat(upload.size),
                                          "limit": upload_limit_bytes() // (1024 * 1024)})
        return upload


@admin.register(FeedImport)
class FeedImportAdmin(ShopModelAdmin):
    form = FeedUploadForm
    list_display = ["created_at", "file_name", "format", "language", "status", "progress", "created", "updated",
                    "unchanged", "skipped", "created_by"]
    list_filter = ["status", "format", "language"]
    list_select_related = ["created_by"]

    def _may_import(self, request):
        return request.user.has_perm("products.import_feed")

    def has_add_permission(self, request):
        return self._may_import(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._may_import(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return UPLOAD_FIELDS if obj is None else RUN_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else RUN_FIELDS

    def changelist_view(self, request, extra_context=None):
        fail_stale_imports()
        fail_lost_queued_imports()
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        fail_stale_imports()
        fail_lost_queued_imports()
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data["file"]
        obj.created_by, obj.file_name, obj.bytes_total = request.user, upload.name[:255], upload.size
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """To the run's page; the job is queued once the run and its file are committed."""
        transaction.on_commit(partial(self._start, request, obj))
        return HttpResponseRedirect(reverse("admin:products_feedimport_change", args=[obj.pk]))

    def _start(self, request, run):
        if start_feed_import(run):
            self.message_user(request, gettext("The feed “%(name)s” was accepted; this page shows the import's "
                                               "progress, then its report.") % {"name": run.file_name},
                              messages.SUCCESS)
        else:
            self.message_user(request, gettext("The feed “%(name)s” was not imported: the task queue (Redis) is "
                                               "unreachable. Upload it again later.") % {"name": run.file_name},
                              messages.ERROR)

    @admin.display(description=_("progress"))
    def progress(self, run):
        if run.status == FeedImport.Status.DONE:
            return gettext("%(items)s items, all read") % {"items": run.items_read}
        percent = 100 * run.bytes_read // run.bytes_total if run.bytes_total else 0
        return gettext("%(items)s items read, %(read)s of %(total)s (%(percent)s %%)") % {
            "items": run.items_read, "read": filesizeformat(run.bytes_read),
            "total": filesizeformat(run.bytes_total), "percent": percent}

    @admin.display(description=_("report"))
    def report(self, run):
        if not run.finished:
            return gettext("The report follows when the import ends.")
        summary = gettext("%(dry)screated %(created)s, updated %(updated)s, unchanged %(unchanged)s, skipped "
                          "%(skipped)s, unpublished %(unpublished)s.") % {
            "dry": gettext("Dry run (nothing written): ") if run.dry_run else "", "created": run.created,
            "updated": run.updated, "unchanged": run.unchanged, "skipped": run.skipped,
            "unpublished": run.unpublished}
        if not run.problems:
            return summary
        listed = format_html_join("", "<li>{}</li>", ((line,) for line in run.problems))
        return format_html('{}<p>{}</p><ol class="feed-problems">{}</ol>', summary,
                           gettext("Skipped items (position in the file, SKU, reason):"), listed)
