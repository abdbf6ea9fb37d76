"""One feed staff uploaded in the admin and its import by the RQ worker: what was asked
(file, format, language, options), how far the worker got (bytes read, items, a heartbeat
so a killed worker's run is not taken for running for ever) and what it reported."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedImport(models.Model):
    class Format(models.TextChoices):
        HEUREKA = "heureka", "Heureka XML"
        GOOGLE = "google", "Google Merchant"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    file = models.FileField(_("feed file"), upload_to="feeds/%Y/%m/", max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    language = models.CharField(_("language"), max_length=8)  # a shop language: the upload form offers those
    dry_run = models.BooleanField(_("dry run"), default=False,
                                  help_text=_("Read and check everything, write nothing."))
    sync_removals = models.BooleanField(
        _("sync removals"), default=False,
        help_text=_("Unpublish published products the feed does not list (and publish the listed ones)."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    bytes_total = models.BigIntegerField(_("size (bytes)"), default=0)
    bytes_read = models.BigIntegerField(_("bytes read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    unpublished = models.PositiveIntegerField(_("unpublished"), default=0)
    # "item 3 (SKU-1): no price", one line per skipped item (the first 1 000).
    problems = models.JSONField(_("skipped items"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("feed import")
        verbose_name_plural = _("feed imports")
        ordering = ["-created_at", "-id"]
        # Runs are records: staff with `import_feed` upload, those with `view` read; none edits one.
        default_permissions = ("view",)
        permissions = [("import_feed", _("Can import a catalog feed"))]

    def __str__(self):
        return f"{self.file_name or self.file.name} ({self.get_status_display()})"

    @property
    def items_read(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
