"""Offline defaults: every capability works with no account and no network."""

from app.core.providers import register_provider
from nodes.providers.local.espeak import EspeakVoice
from nodes.providers.local.music import ProceduralScore
from nodes.providers.local.script_writer import LocalScriptWriter
from nodes.providers.local.storyboard import StoryboardRenderer

register_provider("chat", "local", LocalScriptWriter)
register_provider("image", "local", StoryboardRenderer)
register_provider("music", "local", ProceduralScore)
register_provider("speech", "local", EspeakVoice)

import nodes.providers.local.kenburns  # noqa: E402,F401  (registers "video"/"local")
from nodes.providers.local.lipsync import MouthLipSync  # noqa: E402

register_provider("lipsync", "local", MouthLipSync)
