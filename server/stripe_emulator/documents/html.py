"""Documents as HTML pages, through Jinja2 templates (shipped in `templates/`, autoescaped)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

ENV = Environment(loader=PackageLoader("stripe_emulator.documents", "templates"),
                  autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def page(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)
