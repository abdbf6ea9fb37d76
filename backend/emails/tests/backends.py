"""SMTP stand-ins (the one thing tests may fake): a server that always fails, one that fails N times."""
from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingSMTPBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("421 simulated SMTP outage")


class FlakySMTPBackend(LocmemBackend):
    """Fails the first `failures` sends (class-wide), then delivers to mail.outbox."""

    failures = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures > 0:
            FlakySMTPBackend.failures -= 1
            raise SMTPException("451 simulated temporary failure")
        return super().send_messages(messages)
