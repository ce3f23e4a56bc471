"""The verdict of the moderation models on one input.

Keys on the wire carry slashes and dashes (``self-harm/intent``); the
attributes use underscores and keep the wire name as their alias, so dumps
with ``by_alias=True`` (the default of ``to_dict``) give the API's names.

The spec marks ``illicit`` and ``illicit/violent`` and the applied-input-type
map as always present, but the service omits them for the older
``text-moderation-*`` models, so they are optional here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from openai_kit._models import BaseModel

__all__ = ["Categories", "CategoryAppliedInputTypes", "CategoryScores", "Moderation"]


class Categories(BaseModel):
    """Whether each category was flagged."""

    harassment: bool
    harassment_threatening: bool = Field(alias="harassment/threatening")
    hate: bool
    hate_threatening: bool = Field(alias="hate/threatening")
    illicit: bool | None = None
    illicit_violent: bool | None = Field(default=None, alias="illicit/violent")
    self_harm: bool = Field(alias="self-harm")
    self_harm_instructions: bool = Field(alias="self-harm/instructions")
    self_harm_intent: bool = Field(alias="self-harm/intent")
    sexual: bool
    sexual_minors: bool = Field(alias="sexual/minors")
    violence: bool
    violence_graphic: bool = Field(alias="violence/graphic")


class CategoryAppliedInputTypes(BaseModel):
    """Which kinds of input (text, image) each category's score was computed from."""

    harassment: list[Literal["text"]]
    harassment_threatening: list[Literal["text"]] = Field(alias="harassment/threatening")
    hate: list[Literal["text"]]
    hate_threatening: list[Literal["text"]] = Field(alias="hate/threatening")
    illicit: list[Literal["text"]] | None = None
    illicit_violent: list[Literal["text"]] | None = Field(default=None, alias="illicit/violent")
    self_harm: list[Literal["text", "image"]] = Field(alias="self-harm")
    self_harm_instructions: list[Literal["text", "image"]] = Field(alias="self-harm/instructions")
    self_harm_intent: list[Literal["text", "image"]] = Field(alias="self-harm/intent")
    sexual: list[Literal["text", "image"]]
    sexual_minors: list[Literal["text"]] = Field(alias="sexual/minors")
    violence: list[Literal["text", "image"]]
    violence_graphic: list[Literal["text", "image"]] = Field(alias="violence/graphic")


class CategoryScores(BaseModel):
    """The model's confidence, between 0 and 1, for each category."""

    harassment: float
    harassment_threatening: float = Field(alias="harassment/threatening")
    hate: float
    hate_threatening: float = Field(alias="hate/threatening")
    illicit: float | None = None
    illicit_violent: float | None = Field(default=None, alias="illicit/violent")
    self_harm: float = Field(alias="self-harm")
    self_harm_instructions: float = Field(alias="self-harm/instructions")
    self_harm_intent: float = Field(alias="self-harm/intent")
    sexual: float
    sexual_minors: float = Field(alias="sexual/minors")
    violence: float
    violence_graphic: float = Field(alias="violence/graphic")


class Moderation(BaseModel):
    """The result for one input: overall flag, per-category flags and scores."""

    categories: Categories
    category_applied_input_types: CategoryAppliedInputTypes | None = None
    category_scores: CategoryScores
    flagged: bool
