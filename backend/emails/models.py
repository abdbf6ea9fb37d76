"""Emails kept in PostgreSQL: the outbox of every message, and back-in-stock subscriptions.

An email is a row before it is anything else, written in the transaction of
the change that caused it: a rolled-back change sends nothing, a committed
one cannot lose its email even if Redis or SMTP is down (see delivery.py).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from products.models import LanguageField, Product


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=50, help_text=_("template name, e.g. back_in_stock"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    from_email = models.CharField(_("sender"), max_length=254)
    recipients = models.JSONField(_("recipients"), default=list)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    # Extra message headers, e.g. List-Unsubscribe on alerts.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set once an RQ job holds the email; send_pending_emails leaves such rows to the worker for a while.
    enqueued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        indexes = [models.Index(fields=["status", "created_at"], name="emails_outbound_status_idx")]

    def __str__(self):
        return f"{self.kind} to {', '.join(self.recipients)} ({self.status})"

    def message_data(self):
        """The plain data an RQ job or a direct send needs (no model instance crosses Redis)."""
        return {
            "subject": self.subject,
            "text": self.text_body,
            "html": self.html_body,
            "from_email": self.from_email,
            "recipients": list(self.recipients),
            "headers": dict(self.headers or {}),
        }


class BackInStockSubscription(models.Model):
    product = models.ForeignKey(Product, related_name="back_in_stock_subscriptions", on_delete=models.CASCADE,
                                verbose_name=_("product"))
    email = models.EmailField(_("email"))
    language = LanguageField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Double opt-in: alerts go only to confirmed, not unsubscribed subscriptions.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("back-in-stock subscription")
        verbose_name_plural = _("back-in-stock subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["product", "email"], name="uniq_back_in_stock_product_email")
        ]

    def __str__(self):
        return f"{self.email} waits for product {self.product_id}"
