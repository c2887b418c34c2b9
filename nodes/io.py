"""Import and source nodes: text typed in, and image, video or audio files brought in.

Imported files are untrusted: each is checked to exist, to decode, and to stay within
size limits before a copy goes into the project. Meta keeps the file's base name only,
never the folder it came from.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import MediaOut, NodeError, NodeType, Port, RunContext
from app.core.types import Audio, Image, Text, Video
from app.media.convert import MediaFileError, probe, to_wav

MAX_IMAGE_PIXELS = 80_000_000
MAX_VIDEO_S = 10 * 60
MAX_AUDIO_S = 30 * 60
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "BMP": "bmp", "TIFF": "tiff"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi"}


def source_file(raw: str, what: str) -> Path:
    """The file the creator picked, or a ``NodeError`` naming it when it is not there."""
    if not raw.strip():
        raise NodeError(f"no {what} chosen: pick one in the node's properties")
    path = Path(raw).expanduser()
    if not path.is_file():
        raise NodeError(f"cannot find the {what} {path.name!r} (looked for {raw})")
    return path


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_meta(path: Path) -> dict[str, Any]:
    """Provenance of an imported file: base name and content hash, never its folder."""
    return {"imported": True, "source_name": path.name, "sha256": sha256_file(path)}


def import_image(path: Path, ctx: RunContext) -> MediaOut:
    """A checked copy of an image file."""
    PILImage.MAX_IMAGE_PIXELS = None  # we apply our own limit, with a clearer message
    try:
        with PILImage.open(path) as image:
            width, height, fmt = image.width, image.height, image.format
            if width * height > MAX_IMAGE_PIXELS:
                raise NodeError(f"{path.name} is {width}x{height}, more than the 80 MP limit")
            image.load()  # decodes every pixel: catches truncated files
    except NodeError:
        raise
    except Exception as exc:
        raise NodeError(f"{path.name} is not a readable image ({exc})") from None
    if fmt not in IMAGE_FORMATS:
        raise NodeError(f"{path.name} is a {fmt} image; use PNG, JPEG, WebP, BMP or TIFF")
    out = ctx.temp_path(f"imported.{IMAGE_FORMATS[fmt]}")
    shutil.copyfile(path, out)
    return MediaOut(out, {**import_meta(path), "width": width, "height": height})


def import_video(path: Path, ctx: RunContext) -> MediaOut:
    """A checked copy of a video file."""
    info = _probe(path, "video")
    if not info.has_video:
        raise NodeError(f"{path.name} has no video stream")
    if info.duration > MAX_VIDEO_S:
        raise NodeError(f"{path.name} is {info.duration / 60:.1f} min long; the limit is 10 min")
    if (info.width or 0) * (info.height or 0) > MAX_IMAGE_PIXELS:
        raise NodeError(f"{path.name} is {info.width}x{info.height}, too large a frame")
    suffix = path.suffix.lower() if path.suffix.lower() in VIDEO_SUFFIXES else ".mp4"
    out = ctx.temp_path(f"imported{suffix}")
    shutil.copyfile(path, out)
    return MediaOut(
        out,
        {
            **import_meta(path),
            "duration": info.duration,
            "width": info.width,
            "height": info.height,
        },
    )


def import_audio(
    path: Path, ctx: RunContext, channels: int = 2, name: str = "imported.wav"
) -> MediaOut:
    """An audio file (or a video's sound) decoded to a 48 kHz 16-bit WAV."""
    info = _probe(path, "audio")
    if not info.has_audio:
        raise NodeError(f"{path.name} has no audio stream")
    if info.duration > MAX_AUDIO_S:
        raise NodeError(f"{path.name} is {info.duration / 60:.1f} min long; the limit is 30 min")
    out = ctx.temp_path(name)
    try:
        to_wav(path, out, rate=48000, channels=channels)
    except MediaFileError as exc:
        raise NodeError(f"could not decode the audio in {path.name}: {exc}") from None
    return MediaOut(out, {**import_meta(path), "duration": info.duration})


def _probe(path: Path, what: str) -> Any:
    try:
        return probe(path)
    except MediaFileError as exc:
        raise NodeError(f"{path.name} is not a readable {what} file ({exc})") from None


class TextParams(BaseModel):
    """Params of the Text node."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(default="", max_length=20000, json_schema_extra={"ui": "multiline"})


class TextSource(NodeType):
    """Text typed into the node."""

    type_id = "io.text"
    title = "Text"
    category = "io"
    description = "A piece of text typed in, e.g. a premise or a line."
    outputs = (Port("text", Text),)
    Params = TextParams
    cheap = True

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, TextParams)
        return {"text": params.text}


class FileParams(BaseModel):
    """Params of an import node: the file to bring in."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(default="", max_length=4096, json_schema_extra={"ui": "file"})


class ImportImage(NodeType):
    """An image file from disk (up to 80 MP)."""

    type_id = "io.image"
    title = "Import image"
    category = "io"
    description = "Brings in a PNG, JPEG, WebP, BMP or TIFF image."
    outputs = (Port("image", Image),)
    Params = FileParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, FileParams)
        return {"image": import_image(source_file(params.file, "image file"), ctx)}


class ImportVideo(NodeType):
    """A video file from disk (up to 10 minutes)."""

    type_id = "io.video"
    title = "Import video"
    category = "io"
    description = "Brings in a video clip (MP4, MOV, MKV, WebM…), up to 10 minutes."
    outputs = (Port("video", Video),)
    Params = FileParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, FileParams)
        return {"video": import_video(source_file(params.file, "video file"), ctx)}


class ImportAudio(NodeType):
    """An audio file from disk (up to 30 minutes), as a 48 kHz stereo WAV."""

    type_id = "io.audio"
    title = "Import audio"
    category = "io"
    description = "Brings in any audio ffmpeg reads (WAV, MP3, M4A, FLAC…), up to 30 minutes."
    outputs = (Port("audio", Audio),)
    Params = FileParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, FileParams)
        return {"audio": import_audio(source_file(params.file, "audio file"), ctx)}
