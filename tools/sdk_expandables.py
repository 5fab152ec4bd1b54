"""Regenerate `server/stripe_emulator/api/sdk_expandables.json` from the installed `stripe`
package: for every object, the dotted `expand[]` paths its SDK class types as
`ExpandableField` (through nested objects, arrays of them and embedded lists), and the object
names each path may expand to.

    python tools/sdk_expandables.py      # with the pinned stripe (16.1.0) installed

The SDK's classes are generated from Stripe's OpenAPI document at the pinned version, so this
is Stripe's own list of what expands; the expansion code reads it to accept exactly those paths.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import stripe
import stripe._object_classes as oc

OUT = Path(__file__).resolve().parents[1] / "server/stripe_emulator/api/sdk_expandables.json"
_TREES: dict[str, ast.Module] = {}
# Class name -> object name. Names repeat across namespaces (`Account` is also
# financial_connections.account): the top-level object wins, as the SDK's modules import it.
_BY_CLASS = {cls: name for name, (_, cls) in
             sorted(oc.OBJECT_CLASSES.items(), key=lambda kv: ("." not in kv[0], kv[0]))}
_BY_CLASS["CardResource"] = "card"  # an alias some modules import the Card class under


def _class_node(module_name: str, qualname: str) -> ast.ClassDef:
    if module_name not in _TREES:
        path = importlib.import_module(module_name).__file__
        _TREES[module_name] = ast.parse(Path(path).read_text())
    node: ast.AST = _TREES[module_name]
    for part in qualname.split("."):
        node = next(n for n in node.body if isinstance(n, ast.ClassDef) and n.name == part)
    return node


def _targets(annotation: str) -> list[str]:
    inner = annotation[annotation.index("ExpandableField"):]
    names = re.findall(r"['\"](\w+)['\"]", inner) or re.findall(r"\[(\w+)\]", inner)
    return sorted({_BY_CLASS[n] for n in names if n in _BY_CLASS})


def paths(module_name: str, qualname: str, prefix: str = "", depth: int = 0) -> dict:
    node = _class_node(module_name, qualname)
    nested = {n.name for n in node.body if isinstance(n, ast.ClassDef)}
    out: dict[str, list[str]] = {}
    for item in node.body:
        if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
            continue
        field, text = item.target.id, ast.unparse(item.annotation)
        if "ExpandableField" in text:
            out[prefix + field] = _targets(text)
        elif depth < 3 and (m := re.search(r"ListObject\[['\"](\w+)['\"]\]", text)):
            name = _BY_CLASS.get(m.group(1))
            if name is not None:
                mod, cls = oc.OBJECT_CLASSES[name]
                out |= paths(mod, cls, f"{prefix}{field}.data.", depth + 1)
        elif depth < 3:
            for word in re.findall(r"\b([A-Z]\w*)\b", text):
                if word in nested:
                    out |= paths(module_name, f"{qualname}.{word}", f"{prefix}{field}.",
                                 depth + 1)
    return out


def main() -> None:
    table = {"stripe_python": stripe.VERSION, "objects": {}}
    for name, (mod, cls) in sorted(oc.OBJECT_CLASSES.items()):
        found = paths(mod, cls)
        if found:
            table["objects"][name] = dict(sorted(found.items()))
    OUT.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    print(f"{OUT}: {sum(map(len, table['objects'].values()))} paths")


if __name__ == "__main__":
    main()
