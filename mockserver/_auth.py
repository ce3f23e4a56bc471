"""Authentication as each service does it, with its 401 bodies.

OpenAI: ``Authorization: Bearer <key>``. Azure: an ``api-key`` header or an
Entra ID ``Authorization: Bearer <token>``. Error messages never contain a
full key: OpenAI's shows a masked key, Azure's none at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from openai_kit.mockserver._errors import AzureGatewayError, MockAPIError

__all__ = ["bearer_credential", "check_azure", "check_openai", "mask_key"]

# the shortest key whose ends a 401 quotes
_SHOWN_FROM = 32
_NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank "
    "username) if you're accessing the API from your browser and are prompted for a username and "
    "password. You can obtain an API key from https://platform.openai.com/account/api-keys."
)
_AZURE_NO_KEY = (
    "Access denied due to missing subscription key. Make sure to include subscription key when "
    "making requests to an API."
)
_AZURE_BAD_KEY = (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
    "valid key for an active subscription and use a correct regional API endpoint for your resource."
)
_AZURE_BAD_TOKEN = (
    "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com), or have expired."
)


def mask_key(key: str) -> str:
    """The key as OpenAI quotes it in a 401: its ends around ``****``.

    A key of real length (32 characters or more; the service's are longer)
    shows its 8 leading and 4 trailing characters, as the real service does;
    a shorter one shows nothing at all, so a quoted key never gives away
    more than a small part of a key.
    """
    if len(key) >= _SHOWN_FROM:
        return f"{key[:8]}****{key[-4:]}"
    return "****"


def bearer_credential(value: str | None) -> str | None:
    """The credential of an ``Authorization`` value: "" when not ``Bearer <x>``, None without one."""
    if value is None:
        return None
    scheme, _, credential = value.strip().partition(" ")
    return credential.strip() if scheme.lower() == "bearer" else ""


def _bearer(headers: Mapping[str, str]) -> str | None:
    return bearer_credential(headers.get("authorization"))


def check_openai(headers: Mapping[str, str], accepts: Callable[[str], bool]) -> None:
    key = _bearer(headers)
    if not key:
        raise MockAPIError(401, _NO_KEY)
    if not accepts(key):
        raise MockAPIError(
            401,
            f"Incorrect API key provided: {mask_key(key)}. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            code="invalid_api_key",
        )


def check_azure(headers: Mapping[str, str], accepts: Callable[[str], bool]) -> None:
    api_key = headers.get("api-key")
    if api_key is not None and api_key.strip():
        if not accepts(api_key.strip()):
            raise AzureGatewayError(401, _AZURE_BAD_KEY)
        return
    token = _bearer(headers)
    if token is None:
        raise AzureGatewayError(401, _AZURE_NO_KEY)
    if not token or not accepts(token):
        raise AzureGatewayError(401, _AZURE_BAD_TOKEN)
