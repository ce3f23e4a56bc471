"""Response and request types, at the same paths as the official package.

Each name is imported on first use: ``from openai_kit.types import Model`` loads
``openai_kit.types.model`` and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .auto_file_chunking_strategy_param import (
        AutoFileChunkingStrategyParam as AutoFileChunkingStrategyParam,
    )
    from .batch import Batch as Batch
    from .batch_create_params import BatchCreateParams as BatchCreateParams
    from .batch_error import BatchError as BatchError
    from .batch_list_params import BatchListParams as BatchListParams
    from .batch_request_counts import BatchRequestCounts as BatchRequestCounts
    from .batch_usage import BatchUsage as BatchUsage
    from .completion import Completion as Completion
    from .completion_choice import CompletionChoice as CompletionChoice
    from .completion_create_params import CompletionCreateParams as CompletionCreateParams
    from .completion_usage import CompletionUsage as CompletionUsage
    from .container_create_params import ContainerCreateParams as ContainerCreateParams
    from .container_create_response import ContainerCreateResponse as ContainerCreateResponse
    from .container_list_params import ContainerListParams as ContainerListParams
    from .container_list_response import ContainerListResponse as ContainerListResponse
    from .container_retrieve_response import ContainerRetrieveResponse as ContainerRetrieveResponse
    from .create_embedding_response import CreateEmbeddingResponse as CreateEmbeddingResponse
    from .embedding import Embedding as Embedding
    from .embedding_create_params import EmbeddingCreateParams as EmbeddingCreateParams
    from .embedding_model import EmbeddingModel as EmbeddingModel
    from .eval_create_params import EvalCreateParams as EvalCreateParams
    from .eval_create_response import EvalCreateResponse as EvalCreateResponse
    from .eval_custom_data_source_config import (
        EvalCustomDataSourceConfig as EvalCustomDataSourceConfig,
    )
    from .eval_delete_response import EvalDeleteResponse as EvalDeleteResponse
    from .eval_list_params import EvalListParams as EvalListParams
    from .eval_list_response import EvalListResponse as EvalListResponse
    from .eval_retrieve_response import EvalRetrieveResponse as EvalRetrieveResponse
    from .eval_stored_completions_data_source_config import (
        EvalStoredCompletionsDataSourceConfig as EvalStoredCompletionsDataSourceConfig,
    )
    from .eval_update_params import EvalUpdateParams as EvalUpdateParams
    from .eval_update_response import EvalUpdateResponse as EvalUpdateResponse
    from .file_chunking_strategy import FileChunkingStrategy as FileChunkingStrategy
    from .file_chunking_strategy_param import FileChunkingStrategyParam as FileChunkingStrategyParam
    from .file_content import FileContent as FileContent
    from .file_create_params import FileCreateParams as FileCreateParams
    from .file_deleted import FileDeleted as FileDeleted
    from .file_list_params import FileListParams as FileListParams
    from .file_object import FileObject as FileObject
    from .file_purpose import FilePurpose as FilePurpose
    from .image import Image as Image
    from .image_create_variation_params import (
        ImageCreateVariationParams as ImageCreateVariationParams,
    )
    from .image_edit_completed_event import ImageEditCompletedEvent as ImageEditCompletedEvent
    from .image_edit_params import ImageEditParams as ImageEditParams
    from .image_edit_partial_image_event import (
        ImageEditPartialImageEvent as ImageEditPartialImageEvent,
    )
    from .image_edit_stream_event import ImageEditStreamEvent as ImageEditStreamEvent
    from .image_gen_completed_event import ImageGenCompletedEvent as ImageGenCompletedEvent
    from .image_gen_partial_image_event import (
        ImageGenPartialImageEvent as ImageGenPartialImageEvent,
    )
    from .image_gen_stream_event import ImageGenStreamEvent as ImageGenStreamEvent
    from .image_generate_params import ImageGenerateParams as ImageGenerateParams
    from .image_model import ImageModel as ImageModel
    from .images_response import ImagesResponse as ImagesResponse
    from .model import Model as Model
    from .model_deleted import ModelDeleted as ModelDeleted
    from .moderation import Moderation as Moderation
    from .moderation_create_params import ModerationCreateParams as ModerationCreateParams
    from .moderation_create_response import ModerationCreateResponse as ModerationCreateResponse
    from .moderation_image_url_input_param import (
        ModerationImageURLInputParam as ModerationImageURLInputParam,
    )
    from .moderation_model import ModerationModel as ModerationModel
    from .moderation_multi_modal_input_param import (
        ModerationMultiModalInputParam as ModerationMultiModalInputParam,
    )
    from .moderation_text_input_param import ModerationTextInputParam as ModerationTextInputParam
    from .other_file_chunking_strategy_object import (
        OtherFileChunkingStrategyObject as OtherFileChunkingStrategyObject,
    )
    from .shared.chat_model import ChatModel as ChatModel
    from .shared.comparison_filter import ComparisonFilter as ComparisonFilter
    from .shared.compound_filter import CompoundFilter as CompoundFilter
    from .shared.custom_tool_input_format import CustomToolInputFormat as CustomToolInputFormat
    from .shared.error_object import ErrorObject as ErrorObject
    from .shared.function_definition import FunctionDefinition as FunctionDefinition
    from .shared.function_parameters import FunctionParameters as FunctionParameters
    from .shared.metadata import Metadata as Metadata
    from .shared.reasoning import Reasoning as Reasoning
    from .shared.reasoning_effort import ReasoningEffort as ReasoningEffort
    from .shared.response_format_json_object import (
        ResponseFormatJSONObject as ResponseFormatJSONObject,
    )
    from .shared.response_format_json_schema import (
        ResponseFormatJSONSchema as ResponseFormatJSONSchema,
    )
    from .shared.response_format_text import ResponseFormatText as ResponseFormatText
    from .shared.responses_model import ResponsesModel as ResponsesModel
    from .static_file_chunking_strategy import (
        StaticFileChunkingStrategy as StaticFileChunkingStrategy,
    )
    from .static_file_chunking_strategy_object import (
        StaticFileChunkingStrategyObject as StaticFileChunkingStrategyObject,
    )
    from .static_file_chunking_strategy_object_param import (
        StaticFileChunkingStrategyObjectParam as StaticFileChunkingStrategyObjectParam,
    )
    from .static_file_chunking_strategy_param import (
        StaticFileChunkingStrategyParam as StaticFileChunkingStrategyParam,
    )
    from .upload import Upload as Upload
    from .upload_complete_params import UploadCompleteParams as UploadCompleteParams
    from .upload_create_params import UploadCreateParams as UploadCreateParams
    from .vector_store import VectorStore as VectorStore
    from .vector_store_create_params import VectorStoreCreateParams as VectorStoreCreateParams
    from .vector_store_deleted import VectorStoreDeleted as VectorStoreDeleted
    from .vector_store_list_params import VectorStoreListParams as VectorStoreListParams
    from .vector_store_search_params import VectorStoreSearchParams as VectorStoreSearchParams
    from .vector_store_search_response import VectorStoreSearchResponse as VectorStoreSearchResponse
    from .vector_store_update_params import VectorStoreUpdateParams as VectorStoreUpdateParams
    from .video import Video as Video
    from .video_create_error import VideoCreateError as VideoCreateError
    from .video_create_params import VideoCreateParams as VideoCreateParams
    from .video_delete_response import VideoDeleteResponse as VideoDeleteResponse
    from .video_list_params import VideoListParams as VideoListParams
    from .video_model import VideoModel as VideoModel
    from .video_remix_params import VideoRemixParams as VideoRemixParams
    from .video_seconds import VideoSeconds as VideoSeconds
    from .video_size import VideoSize as VideoSize

_EXPORTS: dict[str, str] = {
    "AutoFileChunkingStrategyParam": ".auto_file_chunking_strategy_param",
    "Batch": ".batch",
    "BatchCreateParams": ".batch_create_params",
    "BatchError": ".batch_error",
    "BatchListParams": ".batch_list_params",
    "BatchRequestCounts": ".batch_request_counts",
    "BatchUsage": ".batch_usage",
    "ChatModel": ".shared.chat_model",
    "ComparisonFilter": ".shared.comparison_filter",
    "Completion": ".completion",
    "CompletionChoice": ".completion_choice",
    "CompletionCreateParams": ".completion_create_params",
    "CompletionUsage": ".completion_usage",
    "CompoundFilter": ".shared.compound_filter",
    "ContainerCreateParams": ".container_create_params",
    "ContainerCreateResponse": ".container_create_response",
    "ContainerListParams": ".container_list_params",
    "ContainerListResponse": ".container_list_response",
    "ContainerRetrieveResponse": ".container_retrieve_response",
    "CreateEmbeddingResponse": ".create_embedding_response",
    "CustomToolInputFormat": ".shared.custom_tool_input_format",
    "Embedding": ".embedding",
    "EmbeddingCreateParams": ".embedding_create_params",
    "EmbeddingModel": ".embedding_model",
    "ErrorObject": ".shared.error_object",
    "EvalCreateParams": ".eval_create_params",
    "EvalCreateResponse": ".eval_create_response",
    "EvalCustomDataSourceConfig": ".eval_custom_data_source_config",
    "EvalDeleteResponse": ".eval_delete_response",
    "EvalListParams": ".eval_list_params",
    "EvalListResponse": ".eval_list_response",
    "EvalRetrieveResponse": ".eval_retrieve_response",
    "EvalStoredCompletionsDataSourceConfig": ".eval_stored_completions_data_source_config",
    "EvalUpdateParams": ".eval_update_params",
    "EvalUpdateResponse": ".eval_update_response",
    "FileChunkingStrategy": ".file_chunking_strategy",
    "FileChunkingStrategyParam": ".file_chunking_strategy_param",
    "FileContent": ".file_content",
    "FileCreateParams": ".file_create_params",
    "FileDeleted": ".file_deleted",
    "FileListParams": ".file_list_params",
    "FileObject": ".file_object",
    "FilePurpose": ".file_purpose",
    "FunctionDefinition": ".shared.function_definition",
    "FunctionParameters": ".shared.function_parameters",
    "Image": ".image",
    "ImageCreateVariationParams": ".image_create_variation_params",
    "ImageEditCompletedEvent": ".image_edit_completed_event",
    "ImageEditParams": ".image_edit_params",
    "ImageEditPartialImageEvent": ".image_edit_partial_image_event",
    "ImageEditStreamEvent": ".image_edit_stream_event",
    "ImageGenCompletedEvent": ".image_gen_completed_event",
    "ImageGenPartialImageEvent": ".image_gen_partial_image_event",
    "ImageGenStreamEvent": ".image_gen_stream_event",
    "ImageGenerateParams": ".image_generate_params",
    "ImageModel": ".image_model",
    "ImagesResponse": ".images_response",
    "Metadata": ".shared.metadata",
    "Model": ".model",
    "ModelDeleted": ".model_deleted",
    "Moderation": ".moderation",
    "ModerationCreateParams": ".moderation_create_params",
    "ModerationCreateResponse": ".moderation_create_response",
    "ModerationImageURLInputParam": ".moderation_image_url_input_param",
    "ModerationModel": ".moderation_model",
    "ModerationMultiModalInputParam": ".moderation_multi_modal_input_param",
    "ModerationTextInputParam": ".moderation_text_input_param",
    "OtherFileChunkingStrategyObject": ".other_file_chunking_strategy_object",
    "Reasoning": ".shared.reasoning",
    "ReasoningEffort": ".shared.reasoning_effort",
    "ResponseFormatJSONObject": ".shared.response_format_json_object",
    "ResponseFormatJSONSchema": ".shared.response_format_json_schema",
    "ResponseFormatText": ".shared.response_format_text",
    "ResponsesModel": ".shared.responses_model",
    "StaticFileChunkingStrategy": ".static_file_chunking_strategy",
    "StaticFileChunkingStrategyObject": ".static_file_chunking_strategy_object",
    "StaticFileChunkingStrategyObjectParam": ".static_file_chunking_strategy_object_param",
    "StaticFileChunkingStrategyParam": ".static_file_chunking_strategy_param",
    "Upload": ".upload",
    "UploadCompleteParams": ".upload_complete_params",
    "UploadCreateParams": ".upload_create_params",
    "VectorStore": ".vector_store",
    "VectorStoreCreateParams": ".vector_store_create_params",
    "VectorStoreDeleted": ".vector_store_deleted",
    "VectorStoreListParams": ".vector_store_list_params",
    "VectorStoreSearchParams": ".vector_store_search_params",
    "VectorStoreSearchResponse": ".vector_store_search_response",
    "VectorStoreUpdateParams": ".vector_store_update_params",
    "Video": ".video",
    "VideoCreateError": ".video_create_error",
    "VideoCreateParams": ".video_create_params",
    "VideoDeleteResponse": ".video_delete_response",
    "VideoListParams": ".video_list_params",
    "VideoModel": ".video_model",
    "VideoRemixParams": ".video_remix_params",
    "VideoSeconds": ".video_seconds",
    "VideoSize": ".video_size",
}

__all__ = [
    "AutoFileChunkingStrategyParam",
    "Batch",
    "BatchCreateParams",
    "BatchError",
    "BatchListParams",
    "BatchRequestCounts",
    "BatchUsage",
    "ChatModel",
    "ComparisonFilter",
    "Completion",
    "CompletionChoice",
    "CompletionCreateParams",
    "CompletionUsage",
    "CompoundFilter",
    "ContainerCreateParams",
    "ContainerCreateResponse",
    "ContainerListParams",
    "ContainerListResponse",
    "ContainerRetrieveResponse",
    "CreateEmbeddingResponse",
    "CustomToolInputFormat",
    "Embedding",
    "EmbeddingCreateParams",
    "EmbeddingModel",
    "ErrorObject",
    "EvalCreateParams",
    "EvalCreateResponse",
    "EvalCustomDataSourceConfig",
    "EvalDeleteResponse",
    "EvalListParams",
    "EvalListResponse",
    "EvalRetrieveResponse",
    "EvalStoredCompletionsDataSourceConfig",
    "EvalUpdateParams",
    "EvalUpdateResponse",
    "FileChunkingStrategy",
    "FileChunkingStrategyParam",
    "FileContent",
    "FileCreateParams",
    "FileDeleted",
    "FileListParams",
    "FileObject",
    "FilePurpose",
    "FunctionDefinition",
    "FunctionParameters",
    "Image",
    "ImageCreateVariationParams",
    "ImageEditCompletedEvent",
    "ImageEditParams",
    "ImageEditPartialImageEvent",
    "ImageEditStreamEvent",
    "ImageGenCompletedEvent",
    "ImageGenPartialImageEvent",
    "ImageGenStreamEvent",
    "ImageGenerateParams",
    "ImageModel",
    "ImagesResponse",
    "Metadata",
    "Model",
    "ModelDeleted",
    "Moderation",
    "ModerationCreateParams",
    "ModerationCreateResponse",
    "ModerationImageURLInputParam",
    "ModerationModel",
    "ModerationMultiModalInputParam",
    "ModerationTextInputParam",
    "OtherFileChunkingStrategyObject",
    "Reasoning",
    "ReasoningEffort",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
    "ResponsesModel",
    "StaticFileChunkingStrategy",
    "StaticFileChunkingStrategyObject",
    "StaticFileChunkingStrategyObjectParam",
    "StaticFileChunkingStrategyParam",
    "Upload",
    "UploadCompleteParams",
    "UploadCreateParams",
    "VectorStore",
    "VectorStoreCreateParams",
    "VectorStoreDeleted",
    "VectorStoreListParams",
    "VectorStoreSearchParams",
    "VectorStoreSearchResponse",
    "VectorStoreUpdateParams",
    "Video",
    "VideoCreateError",
    "VideoCreateParams",
    "VideoDeleteResponse",
    "VideoListParams",
    "VideoModel",
    "VideoRemixParams",
    "VideoSeconds",
    "VideoSize",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
