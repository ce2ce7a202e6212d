"""The JSON shapes the LLM must answer in (sent as response_format, validated on the way back).

Bounds are deliberately tight: anything outside them is rejected before the engine checks run.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftItem(_Strict):
    exercise_id: str = Field(max_length=80)
    block: str = Field(max_length=8, description="e.g. A1, A2, B1")
    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(ge=1, le=50, description="null for timed work")
    duration_s: int | None = Field(ge=5, le=1800, description="null for rep work")
    load_kg: float | None = Field(ge=0, le=500)
    effort: float = Field(ge=0, le=100, description="in the trainer's effort scale")
    rest_s: int = Field(ge=0, le=600)
    tempo: str | None = Field(max_length=12)
    cues: list[str] = Field(max_length=4)


class SessionDraft(_Strict):
    """``llm`` mode: the whole session, built only from the candidate exercises."""

    # General warm-up and drills plus up to three ramp-up sets of the first main lift.
    warmup: list[DraftItem] = Field(max_length=10)
    main: list[DraftItem] = Field(min_length=1, max_length=10)
    finisher: list[DraftItem] = Field(max_length=4)
    estimated_duration_min: int = Field(ge=5, le=240)
    rationale: list[str] = Field(max_length=8)


class CueRewrite(_Strict):
    exercise_id: str = Field(max_length=80)
    cues: list[str] = Field(min_length=2, max_length=4)  # the engine asks for two at least


class SessionVoice(_Strict):
    """``hybrid`` mode: new cues for the engine's exercises and a short note; nothing else."""

    items: list[CueRewrite] = Field(max_length=24)
    session_note: str = Field(max_length=600)


# Providers' strict structured-output modes reject several validation keywords; they are
# enforced here after the answer arrives, so the schema sent is the shape only.
_UNSENT = {"maxLength", "minLength", "minimum", "maximum", "maxItems", "minItems", "title"}


def _shape_only(node: object) -> object:
    if isinstance(node, dict):
        return {k: _shape_only(v) for k, v in node.items()
                if k not in _UNSENT or isinstance(v, dict) and k == "title"}
    if isinstance(node, list):
        return [_shape_only(v) for v in node]
    return node


def response_format(model: type[BaseModel]) -> dict[str, object]:
    """An OpenAI-style json_schema response format for ``model`` (litellm translates it)."""
    return {
        "type": "json_schema",
        "json_schema": {"name": model.__name__, "strict": True,
                        "schema": _shape_only(model.model_json_schema())},
    }
