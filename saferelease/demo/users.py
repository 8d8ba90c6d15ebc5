"""Demo sign-ins: one user for each role at the right establishments, and each demo
prison's team of POMs (who cannot sign in). All fictional."""

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


#: POMs in each demo prison's offender management unit, counting the sign-in POMs above:
#: about one for every 85 men, so a POM's caseload is the size a real one is.
POM_TEAM_SIZES: dict[str, int] = {"LTI": 14, "SFI": 9, "DAI": 8, "PBI": 4, "NMI": 4}

_TEAM_GIVEN = ("Alex", "Bea", "Cal", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jas", "Kit")
_TEAM_FAMILY = ("Standin", "Mockup", "Lookalike", "Pseudonym", "Placeholder", "Proxy", "Stub")


def _slug(code: str) -> str:
    """The name the sign-in POM's username uses for a prison: "littlehey" for LTI."""
    for user in DEMO_USERS:
        if user.role == "caseworker" and user.establishments == (code,):
            return user.username.split(".", 1)[1]
    raise LookupError(f"No demo POM signs in at {code}")


def _pom_team() -> tuple[DemoUser, ...]:
    """The POMs who make up each team beyond the sign-in POMs: `pom03.littlehey`... They
    have no usable password (nobody signs in as them); they hold caseloads."""
    team: list[DemoUser] = []
    for code, size in POM_TEAM_SIZES.items():
        signing_in = sum(
            1 for u in DEMO_USERS if u.role == "caseworker" and u.establishments == (code,)
        )
        for number in range(signing_in + 1, size + 1):
            index = len(team)
            team.append(
                DemoUser(
                    f"pom{number:02d}.{_slug(code)}",
                    "caseworker",
                    (code,),
                    _TEAM_GIVEN[index % len(_TEAM_GIVEN)],
                    _TEAM_FAMILY[index % len(_TEAM_FAMILY)],
                )
            )
    return tuple(team)


#: Each demo prison's other POMs (no sign-in).
DEMO_POM_TEAM: tuple[DemoUser, ...] = _pom_team()
