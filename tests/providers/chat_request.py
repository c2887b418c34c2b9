"""A script request shared by provider tests."""

from app.core.providers import ScriptRequest

REQUEST = ScriptRequest(premise="A courier finds her own name on a parcel", seed=5)
