"""Update links: signed, expiring links that let one person act on one action without an account."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from uuid import UUID

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

LINK_DAYS = 30


class LinkError(Exception):
    """Raised when an update link cannot be used; the message says why, for the person who followed it."""


class TamperedLinkError(LinkError):
    """Raised when a link was altered or was never one of ours."""


class ExpiredLinkError(LinkError):
    """Raised when a link is older than LINK_DAYS; carries whom and what it was for, to help them get a new one."""

    def __init__(self, message: str, claim: LinkClaim | None) -> None:
        super().__init__(message)
        self.claim = claim


@dataclass(frozen=True)
class LinkClaim:
    """What a valid link says: this person may update this action; it was issued then, to that address."""

    person_id: UUID
    reference: str
    issued_at: datetime
    address: str = ""  # a fingerprint of the e-mail address it was sent to ("" if none was given)

    def sent_to(self, email: str) -> bool:
        """True if the link was sent to this address (so a corrected address ends the old links)."""
        return not self.address or self.address == address_fingerprint(email)


def address_fingerprint(email: str) -> str:
    """A short, one-way fingerprint of an e-mail address, so a link need not carry the address itself."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


class UpdateLinks:
    """Makes and reads update links. SECRET_KEY signs them; PUBLIC_BASE_URL starts them."""

    salt = "update-link"

    def __init__(self, secret_key: str, base_url: str, *, days: int = LINK_DAYS) -> None:
        self.serializer = URLSafeTimedSerializer(secret_key, salt=self.salt)
        self.base_url = base_url.rstrip("/")
        self.max_age = days * 24 * 3600

    def token(self, person_id: UUID | str, reference: str, email: str = "") -> str:
        """A token for one person and one action, sent to one address, saying to the microsecond when it was
        made (the signer's own timestamp, in whole seconds, only decides expiry): a link made just after the
        clerk withdrew the earlier ones must work, and one made just before must not."""
        made = datetime.now(timezone.utc).isoformat()
        payload = {"p": str(person_id), "a": reference.upper(), "t": made}
        if email:
            payload["e"] = address_fingerprint(email)
        return self.serializer.dumps(payload)

    def url(self, person_id: UUID | str, reference: str, email: str = "") -> str:
        """The whole link, as an e-mail carries it."""
        return f"{self.base_url}/update/{self.token(person_id, reference, email)}"

    def read(self, token: str) -> LinkClaim:
        """What a token claims, if it is ours and not expired; raises a LinkError otherwise."""
        try:
            payload, issued = self.serializer.loads(token, max_age=self.max_age, return_timestamp=True)
        except SignatureExpired as e:
            claim = None
            if e.payload is not None:
                try:
                    claim = _claim(self.serializer.load_payload(e.payload), e.date_signed)
                except (BadSignature, LinkError):
                    claim = None
            raise ExpiredLinkError(
                f"This link has expired: links in reminder e-mails work for {self.max_age // 86400} days.", claim
            ) from None
        except BadSignature:
            raise TamperedLinkError("This link is not complete or has been changed, so it cannot be used.") from None
        return _claim(payload, issued)


def _claim(payload: object, issued: datetime | None) -> LinkClaim:
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), str):
        raise TamperedLinkError("This link is not complete or has been changed, so it cannot be used.")
    try:
        person = UUID(str(payload.get("p")))
    except ValueError:
        raise TamperedLinkError("This link is not complete or has been changed, so it cannot be used.") from None
    try:
        moment = datetime.fromisoformat(payload["t"]) if isinstance(payload.get("t"), str) else issued
    except ValueError:
        raise TamperedLinkError("This link is not complete or has been changed, so it cannot be used.") from None
    moment = moment or datetime.now(timezone.utc)
    return LinkClaim(person, payload["a"], moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc),
                     str(payload.get("e", "")))
