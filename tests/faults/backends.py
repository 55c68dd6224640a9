"""E-mail backends for worker subprocesses in fault tests (SMTP is outside our control)."""

import os

from django.core.mail.backends.base import BaseEmailBackend


class SwitchableEmailBackend(BaseEmailBackend):
    """Appends one line per e-mail to ``$TEST_EMAIL_FILE``; while the file named by
    ``$TEST_SMTP_DOWN`` exists, every send fails like an SMTP server that refuses connections."""

    def send_messages(self, messages):
        down = os.environ.get("TEST_SMTP_DOWN")
        if down and os.path.exists(down):
            raise ConnectionRefusedError("SMTP server unavailable (test)")
        with open(os.environ["TEST_EMAIL_FILE"], "a") as f:
            for message in messages:
                f.write(f"{','.join(message.to)}|{message.subject}|{message.extra_headers.get('Message-ID', '')}\n")
            f.flush()
            os.fsync(f.fileno())
        return len(messages)
