"""Import and source nodes: text typed in, and image, video or audio files brought in.

Imported files are untrusted: each is checked to exist, to decode, and to stay within
size limits before a copy goes into the project. A "video" must have moving pictures (a
text file or a still image is refused, not imported as a 0x0 clip), and a phone clip's
display rotation is reported with its upright size. Meta keeps the file's base name only,
never the folder it came from.

A file setting names a file inside the project (a file chosen from elsewhere is copied
into the media store when it is chosen); one outside is read only when the creator
allowed it (``RunContext.resolve_file`` applies that rule).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.lazy import lazy_module
from app.core.node_api import MediaOut, NodeError, NodeType, Port, RunContext
from app.core.types import Audio, Image, Text, Video

# Pillow, ffprobe's wrapper and the store behind it load when a file is first imported,
# not when the registry lists these nodes (the editor's start).
pil_image = lazy_module("PIL.Image")
convert = lazy_module("app.media.convert")

MAX_IMAGE_PIXELS = 80_000_000
MAX_VIDEO_S = 10 * 60
MAX_AUDIO_S = 30 * 60
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "BMP": "bmp", "TIFF": "tiff"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi"}
# Demuxers and codecs that read one picture (or text drawn as one), never a clip.
STILL_FORMATS = ("image2", "_pipe", "tty")
STILL_CODECS = {"png", "mjpeg", "bmp", "tiff", "webp", "gif", "ansi", "jpeg2000", "jpegls",
                "pam", "pbm", "pgm", "ppm", "qoi", "sgi", "targa", "xbm", "xpm", "xwd"}


def source_file(raw: str, what: str, ctx: RunContext | None = None) -> Path:
    """The file the creator picked, or a ``NodeError`` naming it when it is not there
    (or, in a project, when it lies outside the project folder and that was not allowed)."""
    if not raw.strip():
        raise NodeError(f"no {what} chosen: pick one in the node's properties")
    if ctx is not None and ctx.resolve_file is not None:
        path = ctx.resolve_file(raw)
    else:
        path = Path(raw).expanduser()
    if not path.is_file():
        raise NodeError(f"cannot find the {what} {path.name!r} (looked for {raw})")
    return path


def source_name(path: Path, ctx: RunContext | None = None) -> str:
    """The name the creator knows a file by: a copy in the media store (named by its
    hash) keeps the name it was chosen with."""
    if ctx is not None and ctx.resolve_media is not None and len(path.stem) == 64:
        try:
            name = ctx.resolve_media(path.stem).meta.get("source_name")
        except (FileNotFoundError, OSError):
            name = None
        if isinstance(name, str) and name:
            return name
    return path.name


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_meta(path: Path, ctx: RunContext | None = None) -> dict[str, Any]:
    """Provenance of an imported file: base name and content hash, never its folder."""
    return {"imported": True, "source_name": source_name(path, ctx), "sha256": sha256_file(path)}


def import_image(path: Path, ctx: RunContext) -> MediaOut:
    """A checked copy of an image file."""
    pil_image.MAX_IMAGE_PIXELS = None  # we apply our own limit, with a clearer message
    meta = import_meta(path, ctx)
    name = meta["source_name"]
    try:
        with pil_image.open(path) as image:
            width, height, fmt = image.width, image.height, image.format
            if width * height > MAX_IMAGE_PIXELS:
                raise NodeError(f"{name} is {width}x{height}, more than the 80 MP limit")
            image.load()  # decodes every pixel: catches truncated files
    except NodeError:
        raise
    except Exception as exc:
        raise NodeError(f"{name} is not a readable image ({exc})") from None
    if fmt not in IMAGE_FORMATS:
        raise NodeError(f"{name} is a {fmt} image; use PNG, JPEG, WebP, BMP or TIFF")
    out = ctx.temp_path(f"imported.{IMAGE_FORMATS[fmt]}")
    shutil.copyfile(path, out)
    return MediaOut(out, {**meta, "width": width, "height": height})


def check_video(path: Path, name: str = "") -> Any:
    """The probe of a real video clip, or a ``NodeError`` saying what the file is instead.

    Refuses text files and still images (ffmpeg would read them as a one-frame "video"),
    pictures without a size, and clips over the length or size limits. The probe's
    ``rotation`` and ``upright_size`` say how a phone clip is shown.
    """
    name = name or path.name
    info = _probe(path, "video", name)
    codec = (info.video_codec or "").lower()
    if not info.has_video:
        raise NodeError(f"{name} has no video stream")
    if info.format_name == "tty" or codec == "ansi":
        raise NodeError(f"{name} is a text file, not a video")
    single = info.duration <= 0 if info.frames is None else info.frames <= 1
    if info.format_name.endswith(STILL_FORMATS) or (codec in STILL_CODECS and single):
        raise NodeError(f"{name} is a still image, not a video: use an Import image node")
    width, height = info.upright_size
    if not width or not height:
        raise NodeError(f"{name} has a video stream without a picture size; it cannot be used")
    if single:
        raise NodeError(f"{name} holds a single picture, not a moving clip")
    if info.duration > MAX_VIDEO_S:
        raise NodeError(f"{name} is {info.duration / 60:.1f} min long; the limit is 10 min")
    if width * height > MAX_IMAGE_PIXELS:
        raise NodeError(f"{name} is {width}x{height}, too large a frame")
    return info


def import_video(path: Path, ctx: RunContext) -> MediaOut:
    """A checked copy of a video file; meta has its upright size and display rotation."""
    meta = import_meta(path, ctx)
    info = check_video(path, meta["source_name"])
    suffix = path.suffix.lower() if path.suffix.lower() in VIDEO_SUFFIXES else ".mp4"
    out = ctx.temp_path(f"imported{suffix}")
    shutil.copyfile(path, out)
    width, height = info.upright_size
    return MediaOut(
        out,
        {
            **meta,
            "duration": info.duration,
            "width": width,
            "height": height,
            "rotation": info.rotation,
        },
    )


def import_audio(
    path: Path, ctx: RunContext, channels: int = 2, name: str = "imported.wav"
) -> MediaOut:
    """An audio file (or a video's sound) decoded to a 48 kHz 16-bit WAV."""
    meta = import_meta(path, ctx)
    info = _probe(path, "audio", meta["source_name"])
    if not info.has_audio:
        raise NodeError(f"{meta['source_name']} has no audio stream")
    if info.duration > MAX_AUDIO_S:
        raise NodeError(f"{meta['source_name']} is {info.duration / 60:.1f} min long; the limit is 30 min")
    out = ctx.temp_path(name)
    try:
        convert.to_wav(path, out, rate=48000, channels=channels)
    except convert.MediaFileError as exc:
        raise NodeError(f"could not decode the audio in {meta['source_name']}: {exc}") from None
    return MediaOut(out, {**meta, "duration": info.duration})


def _probe(path: Path, what: str, name: str = "") -> Any:
    try:
        return convert.probe(path)
    except convert.MediaFileError as exc:
        raise NodeError(f"{name or path.name} is not a readable {what} file ({exc})") from None


class TextParams(BaseModel):
    """Params of the Text node."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(default="", max_length=20000, json_schema_extra={"ui": "multiline"})


class TextSource(NodeType):
    """Text typed into the node."""

    type_id = "io.text"
    runs_on_driver = True  # reads the project's files or derived cache
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
    runs_on_driver = True  # reads the project's files or derived cache
    title = "Import image"
    category = "io"
    description = "Brings in a PNG, JPEG, WebP, BMP or TIFF image."
    outputs = (Port("image", Image),)
    Params = FileParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, FileParams)
        return {"image": import_image(source_file(params.file, "image file", ctx), ctx)}


class ImportVideo(NodeType):
    """A video file from disk (up to 10 minutes)."""

    type_id = "io.video"
    runs_on_driver = True  # reads the project's files or derived cache
    title = "Import video"
    category = "io"
    description = "Brings in a video clip (MP4, MOV, MKV, WebM…), up to 10 minutes."
    outputs = (Port("video", Video),)
    Params = FileParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, FileParams)
        return {"video": import_video(source_file(params.file, "video file", ctx), ctx)}


class ImportAudio(NodeType):
    """An audio file from disk (up to 30 minutes), as a 48 kHz stereo WAV."""

    type_id = "io.audio"
    runs_on_driver = True  # reads the project's files or derived cache
    title = "Import audio"
    category = "io"
    description = "Brings in any audio ffmpeg reads (WAV, MP3, M4A, FLAC…), up to 30 minutes."
    outputs = (Port("audio", Audio),)
    Params = FileParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, FileParams)
        return {"audio": import_audio(source_file(params.file, "audio file", ctx), ctx)}
