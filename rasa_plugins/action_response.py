"""The Rasa server checks the action server's responses with a validator built once.

Rasa 3.6 checks every response of the action server against its JSON schema with
``jsonschema.validate``, which first checks the schema itself against the meta-schema and
builds a new validator, on every call: 10 % of the Rasa server's busy time under film
questions (py-spy), 2.7 ms a response against 1.2 ms with a validator built once
(docs/benchmarks.md, "Cost of a turn"). :func:`install` makes ``RemoteAction`` use one. A valid
response is accepted as before; an invalid one goes to Rasa's own check, which fails with the
same error as always.

Installed when the Rasa server imports this package (for the NLU components of ``config.yml``
or the tracker store of the endpoints); the schema is Rasa's own and does not change.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Dict

from rasa.core.actions.action import RemoteAction

_RASA_CHECK: Callable[[RemoteAction, Dict[str, Any]], bool] = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    if _validator().is_valid(result):
        return True
    return _RASA_CHECK(self, result)  # raises Rasa's ValidationError, with its explanation


def install() -> None:
    """Make every ``RemoteAction`` check responses with the validator built once."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
