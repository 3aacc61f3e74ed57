"""Desktop notifications after a refresh (`settings.notify`): what to say, and saying it."""

from .desktop import send_desktop
from .notice import Notice, RefreshNotifier, notice_of

__all__ = ["Notice", "RefreshNotifier", "notice_of", "send_desktop"]
