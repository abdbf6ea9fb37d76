"""The RQ job that delivers one email (queue `high`).

It receives the OutboundEmail row's id only: the row holds the rendered
message, so Redis (and the RQ dashboard) never hold an address, a link or a
body. It raises when SMTP fails so that RQ retries it with backoff (see
delivery.dispatch); after the last retry RQ moves it to the failed job
registry (django-rq dashboard, /admin/rq/) and the row is marked failed.
"""
from rq import get_current_job

from emails.delivery import deliver
from emails.models import OutboundEmail


def deliver_email_job(outbound_id, **_queued_by_an_earlier_release):
    """Jobs queued before the id-only jobs also carried the message: the row is what is sent."""
    outbound = OutboundEmail.objects.filter(id=outbound_id).first()
    if outbound is None:
        return "no such email"
    job = get_current_job()
    last_attempt = job is None or not job.retries_left
    sent = deliver(outbound.id, outbound.message_data(), give_up_on_failure=last_attempt)
    return "sent" if sent else "already sent"
