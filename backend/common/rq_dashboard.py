"""The django-rq dashboard (/admin/rq/), for superusers only, answering 404 for what does not exist.

Its pages show queued jobs with their arguments and let the viewer delete or
requeue them; django-rq lets in any staff account. Here every page (the JSON
stats too: this project sets no RQ_API_TOKEN) requires a superuser: anonymous
visitors go to the admin login, other staff get 403. A queue, worker or job
that does not exist is a 404, where django-rq would fail with a 500.
"""
import functools

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_rq.queues import get_queue_by_index
from django_rq.settings import get_queues_list
from django_rq.urls import get_admin_urlpatterns, get_api_urlpatterns
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.worker import Worker

INDEXES = ("queue_index", "scheduler_index")


def _require_existing(kwargs) -> None:
    """Raises Http404 for a queue index, job id or worker key that names nothing."""
    for name in INDEXES:
        if name in kwargs and not 0 <= kwargs[name] < len(get_queues_list()):
            raise Http404("No such queue.")
    if "queue_index" not in kwargs:
        return
    connection = get_queue_by_index(kwargs["queue_index"]).connection
    if "job_id" in kwargs and not Job.exists(kwargs["job_id"], connection=connection):
        raise Http404("No such job.")
    if "key" in kwargs and not _worker_exists(kwargs["key"], connection):
        raise Http404("No such worker.")


def _worker_exists(key, connection) -> bool:
    try:
        return Worker.find_by_key(key, connection=connection) is not None
    except ValueError:  # not even shaped like a worker's key
        return False


def superuser_view(view):
    @staff_member_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied("The job queues are for superusers only.")
        _require_existing(kwargs)
        try:
            return view(request, *args, **kwargs)
        except NoSuchJobError as error:  # removed between the check and the view
            raise Http404("No such job.") from error

    return wrapped


app_name = "django_rq"  # the dashboard's templates reverse "django_rq:…"
urlpatterns = [
    *get_admin_urlpatterns(view_wrapper=superuser_view),
    *[type(pattern)(pattern.pattern, superuser_view(pattern.callback), pattern.default_args, pattern.name)
      for pattern in get_api_urlpatterns()],
]
