"""The model names the chat API knows, for request parameters."""

from __future__ import annotations

from openai_kit.types.shared.chat_model import ChatModel as ChatModel

__all__ = ["ChatModel"]
