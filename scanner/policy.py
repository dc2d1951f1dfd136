"""Verdict and approval routing, read from a policy file (``lexicons/policy.yaml``).

No rule lives here: this module only evaluates the file.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BaomiError
from .model import Finding
from .rules import Versioned, default_dir, load_yaml

ORDER = ("not_publishable", "escalate", "on_request_only", "publish_after_redaction", "publish")


@dataclass
class Decision:
    verdict: str
    reason: str
    steps: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Policy:
    data: dict[str, Any]

    @staticmethod
    def load(path: Path | None, reg: Versioned) -> "Policy":
        path = Path(path) if path else default_dir() / "policy.yaml"
        if not path.exists():
            raise BaomiError("policy", f"{path} 不存在")
        data = load_yaml(path, reg, code="policy")
        if not isinstance(data, dict) or "rules" not in data:
            raise BaomiError("policy", f"{path} 应包含 rules 列表")
        return Policy(data)

    def decide(self, findings: list[Finding], *, channel: str, document: Any = None) -> Decision:
        active = [f for f in findings if not f.suppressed]
        verdict, reason, steps = "publish", self.data.get("publish_reason", ""), []
        for rule in self.data["rules"]:
            when = rule.get("when", {})
            matched = [f for f in active if _matches(f, when)]
            if matched and ORDER.index(rule["verdict"]) < ORDER.index(verdict):
                verdict, reason = rule["verdict"], rule.get("reason", "")
        steps = list(self.data.get("routing", {}).get(verdict, self.data.get("routing", {}).get("default", [])))
        return Decision(verdict, reason, steps)


def _matches(f: Finding, when: dict[str, Any]) -> bool:
    if "type" in when and not fnmatch.fnmatch(f.type, when["type"]):
        return False
    if "severity" in when and f.severity not in when["severity"]:
        return False
    return True
