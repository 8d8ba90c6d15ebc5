from __future__ import annotations

import copy
from typing import Any

from saferelease.actionplans.revisions import plan_diff


def _item(ref, **extra):
    item = {
        "ref": ref,
        "kind": "recommendation",
        "addressee": "the governor",
        "area": "Safety",
        "text": f"Text {ref}.",
        "paragraph_refs": ["1.1"],
        "repeats": [],
        "decision": "accepted",
        "decision_as_written": "Accepted",
        "response": "Done.",
        "owners": [
            {
                "function": "Head of Safety",
                "target_date": "2016-03-31",
                "target_as_written": "31 March 2016",
            }
        ],
        "source_line": 10,
    }
    item.update(extra)
    return item


OLD: dict[str, Any] = {
    "establishment": "HMP LITTLEHEY",
    "action_plan_submitted": "2015-10-16",
    "position_as_at": "October 2015",
    "stated_summary": None,
    "format": "hmip-2015-text",
    "items": [_item("5.1"), _item("5.2"), _item("5.3")],
}


def test_same_document_is_no_change_even_when_lines_or_format_move():
    new = copy.deepcopy(OLD)
    new["format"] = "docx"
    for item in new["items"]:
        item["source_line"] += 3
    diff = plan_diff(OLD, new)
    assert diff.no_changes
    assert diff.summary() == "no changes"


def test_added_removed_and_changed_by_ref():
    new = copy.deepcopy(OLD)
    new["items"] = [
        _item("5.1", decision="partially_accepted", decision_as_written="Partially Accepted"),
        _item(
            "5.2",
            owners=[
                {
                    "function": "Head of Safety",
                    "target_date": "2016-06-30",
                    "target_as_written": "30 June 2016",
                }
            ],
        ),
        _item("5.4"),
    ]
    new["position_as_at"] = "January 2016"
    diff = plan_diff(OLD, new)
    assert diff.added == ("5.4",)
    assert diff.removed == ("5.3",)
    assert [item.ref for item in diff.changed] == ["5.1", "5.2"]
    decision = diff.changed_ref("5.1")
    assert decision is not None and decision.field_names == {"decision", "decision_as_written"}
    owners = diff.changed_ref("5.2")
    assert owners is not None
    assert owners.changes[0].old == "Head of Safety: 31 March 2016"
    assert owners.changes[0].new == "Head of Safety: 30 June 2016"
    assert [(c.label, c.old, c.new) for c in diff.plan_changes] == [
        ("Position as at", "October 2015", "January 2016")
    ]
    assert diff.summary() == "1 added, 1 removed, 2 changed, 1 plan detail(s) changed"


def test_empty_and_missing_values_are_the_same():
    new = copy.deepcopy(OLD)
    new["items"][0]["area"] = None
    old = copy.deepcopy(OLD)
    old["items"][0]["area"] = ""
    assert plan_diff(old, new).no_changes
