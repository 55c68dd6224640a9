"""E-mail backends for tests (SMTP itself is outside our control)."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    """Fails ``failures`` times (class-wide), then delivers to ``mail.outbox`` like locmem."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise ConnectionError("SMTP server unavailable (test)")
        return super().send_messages(messages)


class FileEmailBackend(EmailBackend):
    """For worker subprocesses: appends one line per e-mail to ``$TEST_EMAIL_FILE``.

    With ``$TEST_EMAIL_HANG_MARKER`` set it instead creates that file and hangs (an SMTP server
    that stops answering mid-send), so a test can SIGKILL the worker at exactly that point.
    """

    def send_messages(self, messages):
        import os
        import time

        marker = os.environ.get("TEST_EMAIL_HANG_MARKER")
        if marker:
            with open(marker, "a") as f:
                f.write("sending\n")
            time.sleep(600)  # until the test kills this process
        with open(os.environ["TEST_EMAIL_FILE"], "a") as f:
            for message in messages:
                what = message.body.splitlines()[2]  # the notification's message (see emails/notification/)
                f.write(f"{','.join(message.to)}|{message.subject}|{what}\n")
            f.flush()
            os.fsync(f.fileno())
        return len(messages)
