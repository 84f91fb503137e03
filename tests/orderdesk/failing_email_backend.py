from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    """An SMTP server that refuses the connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server refused the connection")
