"""File e-mail backend that can hang once mid-send, so a test can kill the worker at that moment."""

import os
import time
from pathlib import Path

from django.core.mail.backends import filebased


def _take_hang_token(folder: Path) -> bool:
    try:
        os.remove(folder / "hang-once")  # only the one sender that removes the token hangs
    except FileNotFoundError:
        return False
    return True


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        control = Path(self.file_path).parent
        for message in email_messages:
            if "[hang]" in message.subject and _take_hang_token(control):
                (control / "send-started").write_text(message.subject)
                time.sleep(600)
        return super().send_messages(email_messages)
