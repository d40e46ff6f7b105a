"""The one error a message client raises."""

from __future__ import annotations


class MessageSendError(Exception):
    """A message was not sent, or may not have been.

    `retryable`: sending the same message again later may work (a network
    failure, the provider busy or misconfigured). False when it never will
    (an invalid number, a recipient who texted STOP, an address refused).

    `outcome_unknown`: the request may have reached the provider before the
    connection failed, so the message may have been sent. The worker never
    sends such a message again by itself: a person checks first.

    `code` is the provider's error code, if it gave one. The text never holds
    the message body or the recipient's address, so it is safe to log.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        outcome_unknown: bool = False,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable and not outcome_unknown
        self.outcome_unknown = outcome_unknown
        self.code = code
