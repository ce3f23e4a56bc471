"""The URL table: every operation once, mounted under the three route families.

- OpenAI: ``/v1`` + path.
- Azure classic: ``/openai/deployments/{deployment}`` + path for operations
  that run on a deployment, ``/openai`` + path for the others;
  ``api-version`` required: without it the answer is Azure's 404
  ``{"error": {"code": "404", "message": "Resource not found"}}`` (what the
  service answers a URL it cannot route), and a value that is not a
  ``YYYY-MM-DD[-preview]`` date is a 400 ``API version not supported``. An
  unknown deployment is a 404 ``DeploymentNotFound``.
- Azure v1: ``/openai/v1`` + path; ``api-version`` optional, the body's
  ``model`` names the deployment.

Azure serves neither moderations nor model deletion; those paths get its
404. Every other operation has the same name on all three families.
"""

from __future__ import annotations

from openai_kit.mockserver._journal import Style
from openai_kit.mockserver._pipeline import Operation
from openai_kit.mockserver.routes import conversations, files, inference, models, responses

__all__ = ["OPERATIONS", "OPERATION_NAMES", "url_table"]

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "chat.completions.create",
        "POST",
        "/chat/completions",
        inference.chat_completions_create,
        body="json",
        deployment=True,
    ),
    Operation(
        "completions.create",
        "POST",
        "/completions",
        inference.completions_create,
        body="json",
        deployment=True,
    ),
    Operation(
        "embeddings.create",
        "POST",
        "/embeddings",
        inference.embeddings_create,
        body="json",
        deployment=True,
    ),
    Operation(
        "moderations.create",
        "POST",
        "/moderations",
        inference.moderations_create,
        body="json",
        azure=False,
    ),
    Operation("models.list", "GET", "/models", models.models_list),
    Operation("models.retrieve", "GET", "/models/{model}", models.models_retrieve),
    Operation("models.delete", "DELETE", "/models/{model}", models.models_delete, azure=False),
    Operation("files.create", "POST", "/files", files.files_create, body="multipart"),
    Operation("files.list", "GET", "/files", files.files_list),
    Operation("files.retrieve", "GET", "/files/{file_id}", files.files_retrieve),
    Operation("files.delete", "DELETE", "/files/{file_id}", files.files_delete),
    Operation("files.content", "GET", "/files/{file_id}/content", files.files_content),
    *responses.OPERATIONS,
    *conversations.OPERATIONS,
)

OPERATION_NAMES = frozenset(op.name for op in OPERATIONS)


def url_table() -> list[tuple[Style, str, dict[str, Operation]]]:
    """``(style, path pattern, {method: operation})`` for every served path."""
    table: dict[tuple[Style, str], dict[str, Operation]] = {}
    for op in OPERATIONS:
        mounts: list[tuple[Style, str]] = [("openai", "/v1" + op.path)]
        if op.azure:
            classic = "/openai/deployments/{deployment}" if op.deployment else "/openai"
            mounts += [("azure", classic + op.path), ("azure_v1", "/openai/v1" + op.path)]
        for key in mounts:
            table.setdefault(key, {})[op.method] = op
    return [(style, path, methods) for (style, path), methods in table.items()]
