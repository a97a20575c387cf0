"""A command's result as one line: ok with what was appended, or refused with code and message."""

from __future__ import annotations

import io
from uuid import UUID

import orjson

from application.results import Result
from infrastructure.presentation.results import result_line, show_result

ORDER_ID = UUID("0b8f3a10-5d2e-4c6b-9a7f-1e2d3c4b5a69")


class TestResultLine:
    def test_accepted_names_the_record_its_version_and_the_events(self) -> None:
        result = Result.accepted(
            aggregate_id=ORDER_ID, version=3, events=("ContractClauseReviewed", "ContractApproved")
        )
        assert result_line(result) == (
            f"ok       {ORDER_ID} v3 ContractClauseReviewed ContractApproved"
        )

    def test_refused_gives_code_and_message(self) -> None:
        result = Result.refused(code="forbidden", message="needs the role legal", details={})
        assert result_line(result) == "refused  forbidden: needs the role legal"

    def test_a_message_quoting_what_was_sent_stays_on_one_line(self) -> None:
        """One result per line, even when the refusal echoes a line break or an escape sent."""
        result = Result.refused(
            code="invalid_command", message="unknown command type 'a\nb\x1b[2J'", details={}
        )
        assert result_line(result) == "refused  invalid_command: unknown command type 'a b\\x1b[2J'"


class TestShowResult:
    def test_json_is_the_results_own_document(self) -> None:
        result = Result.refused(code="forbidden", message="no", details={"allowed_roles": ["x"]})
        out = io.StringIO()
        show_result(result, as_json=True, out=out)
        assert out.getvalue().count("\n") == 1
        assert orjson.loads(out.getvalue()) == result.to_json()
