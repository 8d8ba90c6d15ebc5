"""Demo sign-ins: one user for each role at the right establishments. All fictional."""

from __future__ import annotations

from dataclasses import dataclass

# Printed at start and shown in the README: demo data only, never a real account.
DEMO_PASSWORD = "fictional-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    establishments: tuple[str, ...]
    first_name: str
    last_name: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("pom.littlehey", "caseworker", ("LTI",), "Priya", "Fictional"),
    DemoUser("pom2.littlehey", "caseworker", ("LTI",), "Tom", "Madeup"),
    DemoUser("omu.littlehey", "omu_manager", ("LTI",), "Olu", "Example"),
    DemoUser("governor.littlehey", "governor", ("LTI",), "Grace", "Sample"),
    DemoUser("pom.stafford", "caseworker", ("SFI",), "Sam", "Invented"),
    DemoUser("omu.stafford", "omu_manager", ("SFI",), "Sunita", "Pretend"),
    DemoUser("governor.stafford", "governor", ("SFI",), "Gary", "Notreal"),
    DemoUser("pom.dartmoor", "caseworker", ("DAI",), "Dan", "Imaginary"),
    DemoUser("governor.dartmoor", "governor", ("DAI",), "Dee", "Synthetic"),
    DemoUser("omu.dartmoor", "omu_manager", ("DAI",), "Derek", "Contrived"),
    DemoUser("pom.peterborough", "caseworker", ("PBI",), "Pat", "Nominal"),
    DemoUser("pom.nottingham", "caseworker", ("NMI",), "Nina", "Hypothetical"),
    DemoUser("regional.manager", "regional_manager", (), "Rita", "Fabricated"),
    DemoUser("national.manager", "national_manager", (), "Nadia", "Unreal"),
    DemoUser("inspector", "inspector", (), "Ian", "Fictitious"),
    DemoUser("admin", "admin", (), "Ada", "Placeholder"),
)
