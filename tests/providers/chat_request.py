"""A script request shared by provider tests."""

from nodes.providers.base import ScriptRequest

REQUEST = ScriptRequest(premise="A courier finds her own name on a parcel", seed=5)
