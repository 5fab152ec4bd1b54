"""The API layer: param schemas, lists, search, expansion, the resource declaration.

marshmallow is imported here first, through `marshmallow_import`, so that its start-up cost
is paid only for what this server uses.
"""

from . import marshmallow_import  # noqa: F401
