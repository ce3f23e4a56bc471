"""Handlers of the models operations (Azure routes answer with Azure's model shape)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.models.store import ModelsStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["models_delete", "models_list", "models_retrieve"]


def models_list(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.state.get(ModelsStore).models_list(azure=call.azure))


def models_retrieve(core: ServerCore, call: Call) -> Reply:
    store = core.state.get(ModelsStore)
    return JSONReply(store.models_retrieve(call.path_params["model"], azure=call.azure))


def models_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.state.get(ModelsStore).models_delete(call.path_params["model"]))
