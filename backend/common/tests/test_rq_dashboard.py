"""The RQ dashboard (/admin/rq/) on the test Redis: superusers only, 404 for what does not exist."""
import django_rq
import pytest
from django_rq.settings import get_queues_map

pytestmark = pytest.mark.django_db

JOB = "emails.tasks.deliver_email_job"


@pytest.fixture
def queued_job(test_redis):
    return django_rq.get_queue("high", commit_mode="auto").enqueue(JOB, kwargs={"outbound_id": 1})


def _pages(job):
    """Every kind of dashboard page, the job's own and its actions included."""
    queue = get_queues_map()["high"]
    base = "/admin/rq/"
    return [base, f"{base}stats.json", f"{base}queues/{queue}/", f"{base}queues/{queue}/details/",
            f"{base}queues/{queue}/failed/", f"{base}queues/{queue}/finished/", f"{base}workers/{queue}/",
            f"{base}queues/{queue}/{job.id}/", f"{base}queues/{queue}/{job.id}/delete/",
            f"{base}queues/{queue}/{job.id}/requeue/", f"{base}queues/{queue}/empty/"]


@pytest.fixture
def plain_staff_client(client, django_user_model):
    """A staff account with no permission at all."""
    user = django_user_model.objects.create_user("clerk", "clerk@example.com", "pw", is_staff=True)
    client.force_login(user)
    return client


def test_staff_without_superuser_get_403_on_every_page_and_change_nothing(plain_staff_client, queued_job):
    for url in _pages(queued_job):
        assert plain_staff_client.get(url).status_code == 403, url
        assert plain_staff_client.post(url).status_code == 403, url
    assert django_rq.get_queue("high").job_ids == [queued_job.id]


def test_anonymous_visitors_are_sent_to_the_login(client, queued_job):
    for url in _pages(queued_job):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


def test_a_superuser_sees_the_job(staff_client, queued_job):
    queue = get_queues_map()["high"]
    response = staff_client.get(f"/admin/rq/queues/{queue}/{queued_job.id}/")
    assert response.status_code == 200 and queued_job.id in response.content.decode()
    assert staff_client.get("/admin/rq/").status_code == 200


@pytest.mark.parametrize("path", [
    "queues/99/", "queues/99/details/", "workers/99/", "queues/99/failed/",
    "queues/0/no-such-job/", "queues/0/no-such-job/delete/", "queues/0/no-such-job/requeue/",
    "workers/0/no-such-worker/", "workers/0/rq:worker:gone/",
])
def test_what_does_not_exist_is_a_404(staff_client, test_redis, path):
    assert staff_client.get(f"/admin/rq/{path}").status_code == 404
