"""BENCHMARKS.md: each benchmark owns one section, replaced in place on every run."""
from pathlib import Path

PATH = Path(__file__).resolve().parents[2] / "BENCHMARKS.md"
HEAD = ("# Benchmarks\n\nEach figure comes from the command shown with it; ratios are against a baseline "
        "measured in the same run. Machine: 2 cores, 24 GiB (the project's standard machine).\n\n")


def write_section(title: str, body: str) -> None:
    marker = f"## {title}"
    section = f"{marker}\n\n{body.strip()}\n"
    text = PATH.read_text(encoding="utf-8") if PATH.exists() else HEAD
    if marker in text:
        start = text.index(marker)
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end:] if end != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    PATH.write_text(text, encoding="utf-8")
