"""Answers shaped like the spec for the long-running jobs areas (uploads, batches,
fine-tuning, evals), and list envelopes around them.

The object bodies are the examples the OpenAPI spec gives for each schema
(``x-oaiMeta.example``), with their trailing commas removed, the eval run's data
source shortened and the eval's data source config in its answer shape.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "BATCH",
    "EVAL",
    "EVAL_RUN",
    "FINE_TUNING_EVENT",
    "FINE_TUNING_JOB",
    "GRADER",
    "GRADER_RUN",
    "JOB_CHECKPOINT",
    "OUTPUT_ITEM",
    "PERMISSION",
    "UPLOAD",
    "UPLOAD_PART",
    "page",
    "with_status",
]

BATCH: Final[dict[str, Any]] = {
    "id": "batch_abc123",
    "object": "batch",
    "endpoint": "/v1/completions",
    "model": "gpt-5-2025-08-07",
    "errors": None,
    "input_file_id": "file-abc123",
    "completion_window": "24h",
    "status": "completed",
    "output_file_id": "file-cvaTdG",
    "error_file_id": "file-HOWS94",
    "created_at": 1711471533,
    "in_progress_at": 1711471538,
    "expires_at": 1711557933,
    "finalizing_at": 1711493133,
    "completed_at": 1711493163,
    "failed_at": None,
    "expired_at": None,
    "cancelling_at": None,
    "cancelled_at": None,
    "request_counts": {"total": 100, "completed": 95, "failed": 5},
    "usage": {
        "input_tokens": 1500,
        "input_tokens_details": {"cached_tokens": 1024},
        "output_tokens": 500,
        "output_tokens_details": {"reasoning_tokens": 300},
        "total_tokens": 2000,
    },
    "metadata": {"customer_id": "user_123456789", "batch_description": "Nightly eval job"},
}


UPLOAD: Final[dict[str, Any]] = {
    "id": "upload_abc123",
    "object": "upload",
    "bytes": 2147483648,
    "created_at": 1719184911,
    "filename": "training_examples.jsonl",
    "purpose": "fine-tune",
    "status": "completed",
    "expires_at": 1719127296,
    "file": {
        "id": "file-xyz321",
        "object": "file",
        "bytes": 2147483648,
        "created_at": 1719186911,
        "filename": "training_examples.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    },
}


UPLOAD_PART: Final[dict[str, Any]] = {
    "id": "part_def456",
    "object": "upload.part",
    "created_at": 1719186911,
    "upload_id": "upload_abc123",
}


FINE_TUNING_JOB: Final[dict[str, Any]] = {
    "object": "fine_tuning.job",
    "id": "ftjob-abc123",
    "model": "davinci-002",
    "created_at": 1692661014,
    "finished_at": 1692661190,
    "fine_tuned_model": "ft:davinci-002:my-org:custom_suffix:7q8mpxmy",
    "organization_id": "org-123",
    "result_files": ["file-abc123"],
    "status": "succeeded",
    "validation_file": None,
    "training_file": "file-abc123",
    "hyperparameters": {"n_epochs": 4, "batch_size": 1, "learning_rate_multiplier": 1.0},
    "trained_tokens": 5768,
    "integrations": [],
    "seed": 0,
    "estimated_finish": 0,
    "method": {
        "type": "supervised",
        "supervised": {
            "hyperparameters": {"n_epochs": 4, "batch_size": 1, "learning_rate_multiplier": 1.0}
        },
    },
    "metadata": {"key": "value"},
}


FINE_TUNING_EVENT: Final[dict[str, Any]] = {
    "object": "fine_tuning.job.event",
    "id": "ftevent-abc123",
    "created_at": 1677610602,
    "level": "info",
    "message": "Created fine-tuning job",
    "data": {},
    "type": "message",
}


JOB_CHECKPOINT: Final[dict[str, Any]] = {
    "object": "fine_tuning.job.checkpoint",
    "id": "ftckpt_qtZ5Gyk4BLq1SfLFWp3RtO3P",
    "created_at": 1712211699,
    "fine_tuned_model_checkpoint": "ft:gpt-4o-mini-2024-07-18:my-org:custom_suffix:9ABel2dg:ckpt-step-88",
    "fine_tuning_job_id": "ftjob-fpbNQ3H1GrMehXRf8cO97xTN",
    "metrics": {
        "step": 88,
        "train_loss": 0.478,
        "train_mean_token_accuracy": 0.924,
        "valid_loss": 10.112,
        "valid_mean_token_accuracy": 0.145,
        "full_valid_loss": 0.567,
        "full_valid_mean_token_accuracy": 0.944,
    },
    "step_number": 88,
}


PERMISSION: Final[dict[str, Any]] = {
    "object": "checkpoint.permission",
    "id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB",
    "created_at": 1712211699,
    "project_id": "proj_abGMw1llN8IrBb6SvvY5A1iH",
}


EVAL: Final[dict[str, Any]] = {
    "object": "eval",
    "id": "eval_67abd54d9b0081909a86353f6fb9317a",
    # The spec's example shows the config as sent (item_schema); an eval carries it as
    # EvalCustomDataSourceConfig describes it: the JSON schema of the run's item and sample.
    "data_source_config": {
        "type": "custom",
        "schema": {
            "type": "object",
            "properties": {
                "item": {
                    "type": "object",
                    "properties": {"label": {"type": "string"}},
                    "required": ["label"],
                },
                "sample": {"type": "object"},
            },
            "required": ["item", "sample"],
        },
    },
    "testing_criteria": [
        {
            "name": "My string check grader",
            "type": "string_check",
            "input": "{{sample.output_text}}",
            "reference": "{{item.label}}",
            "operation": "eq",
        }
    ],
    "name": "External Data Eval",
    "created_at": 1739314509,
    "metadata": {"test": "synthetics"},
}


EVAL_RUN: Final[dict[str, Any]] = {
    "object": "eval.run",
    "id": "evalrun_67e57965b480819094274e3a32235e4c",
    "eval_id": "eval_67e579652b548190aaa83ada4b125f47",
    "report_url": "https://platform.openai.com/evaluations/eval_67e579652b548190aaa83ada4b125f47?run_id=evalrun_67e57965b480819094274e3a32235e4c",
    "status": "queued",
    "model": "gpt-4o-mini",
    "name": "gpt-4o-mini",
    "created_at": 1743092069,
    "result_counts": {"total": 0, "errored": 0, "failed": 0, "passed": 0},
    "per_model_usage": None,
    "per_testing_criteria_results": None,
    "data_source": {
        "type": "completions",
        "source": {
            "type": "file_content",
            "content": [
                {
                    "item": {
                        "input": "Tech Company Launches Advanced Artificial Intelligence Platform",
                        "ground_truth": "Technology",
                    }
                },
                {
                    "item": {
                        "input": "Central Bank Increases Interest Rates Amid Inflation Concerns",
                        "ground_truth": "Markets",
                    }
                },
            ],
        },
        "input_messages": {
            "type": "template",
            "template": [
                {
                    "type": "message",
                    "role": "developer",
                    "content": {
                        "type": "input_text",
                        "text": "Categorize a given news "
                        "headline into one of "
                        "the following topics: "
                        "Technology, Markets, "
                        "World, Business, or "
                        "Sports.",
                    },
                },
                {
                    "type": "message",
                    "role": "user",
                    "content": {"type": "input_text", "text": "{{item.input}}"},
                },
            ],
        },
        "model": "gpt-4o-mini",
        "sampling_params": {
            "seed": 42,
            "temperature": 1.0,
            "top_p": 1.0,
            "max_completions_tokens": 2048,
        },
    },
    "error": None,
    "metadata": {},
}


OUTPUT_ITEM: Final[dict[str, Any]] = {
    "object": "eval.run.output_item",
    "id": "outputitem_67abd55eb6548190bb580745d5644a33",
    "run_id": "evalrun_67abd54d60ec8190832b46859da808f7",
    "eval_id": "eval_67abd54d9b0081909a86353f6fb9317a",
    "created_at": 1739314509,
    "status": "pass",
    "datasource_item_id": 137,
    "datasource_item": {
        "teacher": "To grade essays, I only check for style, content, and grammar.",
        "student": "I am a student who is trying to write the best essay.",
    },
    "results": [
        {"name": "String Check Grader", "type": "string-check-grader", "score": 1.0, "passed": True}
    ],
    "sample": {
        "input": [
            {"role": "system", "content": "You are an evaluator bot..."},
            {"role": "user", "content": "You are assessing..."},
        ],
        "output": [{"role": "assistant", "content": "The rubric is not clear nor concise."}],
        "finish_reason": "stop",
        "model": "gpt-4o-2024-08-06",
        "usage": {
            "total_tokens": 521,
            "completion_tokens": 2,
            "prompt_tokens": 519,
            "cached_tokens": 0,
        },
        "error": None,
        "temperature": 1.0,
        "max_completion_tokens": 2048,
        "top_p": 1.0,
        "seed": 42,
    },
}


GRADER: Final[dict[str, Any]] = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.label}}",
    "operation": "eq",
}

GRADER_RUN: Final[dict[str, Any]] = {
    "reward": 1.0,
    "metadata": {
        "name": "exact",
        "type": "string_check",
        "errors": {
            "formula_parse_error": False,
            "sample_parse_error": False,
            "truncated_observation_error": False,
            "unresponsive_reward_error": False,
            "invalid_variable_error": False,
            "other_error": False,
            "python_grader_server_error": False,
            "python_grader_server_error_type": None,
            "python_grader_runtime_error": False,
            "python_grader_runtime_error_details": None,
            "model_grader_server_error": False,
            "model_grader_refusal_error": False,
            "model_grader_parse_error": False,
            "model_grader_server_error_details": None,
        },
        "execution_time": 0.002,
        "scores": {},
        "token_usage": None,
        "sampled_model_name": None,
    },
    "sub_rewards": {},
    "model_grader_token_usage_per_model": {},
}


def with_status(body: dict[str, Any], status: str, **changes: Any) -> dict[str, Any]:
    """A copy of ``body`` in another status."""
    return {**body, "status": status, **changes}


def page(items: list[dict[str, Any]], *, has_more: bool = False) -> dict[str, Any]:
    """A list envelope with the ``first_id``/``last_id`` cursor fields the list answers carry."""
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": has_more,
    }
