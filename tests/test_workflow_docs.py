"""The publisher's documents and command line: the guides, README and publishing notes
link to files that exist and name repository paths that exist; the nginx example sends
the site's own CSP; the GitHub Pages workflow checks, builds and uploads the output;
every command's help says what it does with an example; `portal --version` works."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli.main import build_parser, main, version
from generator.serve.static import CSP, SEARCH_CSP

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "docs/guide.en.md", "docs/guide.zh.md", "docs/publishing.md"]
_LINK = re.compile(r"\]\(([^)#:]+)(#[^)]*)?\)")
_REPO_PATH = re.compile(r"(?<![\w./-])((?:docs|scripts|tests|generator|schema|templates|"
                        r"site_src|locales|benchmarks|\.ci)/[\w./-]*)")


@pytest.mark.parametrize("doc", DOCS)
def test_links_and_paths_exist(doc: str) -> None:
    path = ROOT / doc
    text = path.read_text("utf-8")
    for target, _ in _LINK.findall(text):
        assert (path.parent / target).exists(), f"{doc}: broken link {target}"
    for rel in _REPO_PATH.findall(text):
        rel = rel.rstrip(".")
        assert (ROOT / rel).exists(), f"{doc}: no {rel} in the repository"


def test_readme_first_commands_use_a_virtual_environment() -> None:
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    assert block is not None
    commands = [line for line in block[1].splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    for command in commands:
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert commands[0].endswith("pip install -e . && portal build")
    assert commands[1].endswith("bash scripts/test.sh")


def test_ci_passes_its_arguments_on() -> None:
    run = (ROOT / ".ci" / "run").read_text("utf-8")
    assert 'exec bash scripts/test.sh "$@"' in run
    assert 'python -m pytest -n auto --dist worksteal "$@"' in \
        (ROOT / "scripts" / "test.sh").read_text("utf-8")


def test_the_nginx_example_sends_the_sites_csp() -> None:
    text = (ROOT / "docs" / "publishing.md").read_text("utf-8")
    headers = re.findall(r'add_header Content-Security-Policy "([^"]*)" always;', text)
    assert headers == [CSP, SEARCH_CSP]  # the site; the search pages
    assert f"```\n{CSP}\n```" in text
    nginx = re.search(r"```nginx\n(.*?)```", text, re.S)
    assert nginx is not None and nginx[1].count("{") == nginx[1].count("}")


def test_the_pages_workflow_checks_builds_and_uploads() -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-pages.yml")
                              .read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    script = next(s["run"] for s in steps if "run" in s)
    assert re.search(r"^portal check$", script, re.M)
    assert re.search(r"^portal build .*--base-url ", script, re.M)
    upload = next(s for s in steps if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output"
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def _commands() -> list[tuple[str, str]]:
    """(name, help text) of `portal` and of every sub-command, nested ones included."""
    out = []

    def visit(parser: object, name: str) -> None:
        out.append((name, parser.format_help()))  # type: ignore[attr-defined]
        for action in parser._actions:  # type: ignore[attr-defined]
            choices = getattr(action, "choices", None)
            if isinstance(choices, dict):  # a sub-command's parsers, by name
                for sub_name, sub in choices.items():
                    visit(sub, f"{name} {sub_name}")

    visit(build_parser(), "portal")
    return out


def test_every_command_says_what_it_does_with_an_example() -> None:
    commands = _commands()
    names = [name for name, _ in commands]
    assert {"portal check", "portal build", "portal new unit", "portal new year",
            "portal serve"} <= set(names)
    for name, text in commands:
        assert re.search(r"^examples?:$", text, re.M) or "step by step" in text, name
        example = re.search(r"^  (portal [^\n]+)", text, re.M)
        assert example is not None and example[1].startswith(name.split(" ")[0]), name
        assert "leftover" not in text and "Command line:" not in text, name


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"portal {version()}\n"
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+.*", version())
    shown = subprocess.run([sys.executable, "-m", "generator", "--version"], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == f"portal {version()}"
