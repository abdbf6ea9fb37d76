"""The RQ job that delivers one email (queue `high`).

It receives plain data only, so it never depends on model pickling, and it
raises when SMTP fails so that RQ retries it with backoff (see
delivery.dispatch); after the last retry RQ moves it to the failed job
registry (django-rq dashboard, /admin/rq/) and the OutboundEmail row is
marked failed.
"""
from rq import get_current_job

from emails.delivery import deliver, send_message


def deliver_email_job(subject, text, html, from_email, recipients, outbound_id=None, headers=None):
    message = {"subject": subject, "text": text, "html": html, "from_email": from_email,
               "recipients": list(recipients), "headers": dict(headers or {})}
    if outbound_id is None:
        send_message(message)
        return "sent"
    job = get_current_job()
    last_attempt = job is None or not job.retries_left
    sent = deliver(outbound_id, message, give_up_on_failure=last_attempt)
    return "sent" if sent else "already sent"
