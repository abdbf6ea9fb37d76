"""Running the email queue's worker in tests, as search/tests/test_tasks.py does for sync."""
from django.core.management import call_command

FAILING_SMTP = "emails.tests.backends.FailingSMTPBackend"


def run_email_worker(**options):
    """A burst worker in this process: works the `high` queue until it is empty."""
    call_command("rqworker", "high", burst=True, worker_class="rq.worker.SimpleWorker", **options)
