"""Providers: the services behind generator nodes, one module per service.

Offline defaults live in ``nodes/providers/local``. A node asks for its provider by
capability and name; ``resolve`` returns an object implementing that capability's
interface from ``nodes.providers.base``.
"""
