"""Field tables from the `stripe` npm package's TypeScript declarations.

Stripe's declarations say what a response may carry: `field?: T` may be left out of the JSON,
`field: T | null` is always there and may be null, `field?: T` without `| null` is never null.
This script turns the declarations of the objects the emulator serves into one JSON table per
object under tests/shapes/, which tests/test_shapes.py checks the emulator's JSON against.

    npm pack stripe@23.1.0 && tar xzf stripe-23.1.0.tgz    # unpacks to ./package
    python tools/stripe_types.py package [--out tests/shapes]

Both layouts of the package are read: since v19, one ES module per resource
(`cjs/resources/Customers.d.ts` with `import`s, `export interface Customer`, `export declare
namespace Customer`); before it, `types/Customers.d.ts` inside `declare module 'stripe' {
namespace Stripe { … } }`, where every name is global and written `Stripe.X`.

A table maps each field path to {"optional", "nullable", "kind", …}: nested interfaces are
followed (`invoice_settings.footer`), array elements are `field[]`, map values `field.*`; a
field typed as another top-level object (one with an `object: '…'` literal) is a leaf naming
it in "resources", with "expandable" when a string id may stand in its place.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Table name -> (declaration file stem, interface names to try). The objects the emulator serves
# (server/stripe_emulator/resources/*.py: every `declare(Resource(object_name=…))`, the deleted
# stubs its deletes answer, the includable `cash_balance`), and the list envelopes; a test
# (tests/test_shapes.py) fails when the server declares an object with no table here.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Account": ("Accounts", ("Account",)),
    "Balance": ("Balance", ("Balance",)),
    "Customer": ("Customers", ("Customer",)),
    "DeletedCustomer": ("Customers", ("DeletedCustomer",)),
    "CashBalance": ("CashBalances", ("CashBalance",)),
    "CustomerBalanceTransaction": ("CustomerBalanceTransactions", ("CustomerBalanceTransaction",)),
    "TaxId": ("TaxIds", ("TaxId",)),
    "DeletedTaxId": ("TaxIds", ("DeletedTaxId",)),
    "TaxRate": ("TaxRates", ("TaxRate",)),
    "PaymentMethod": ("PaymentMethods", ("PaymentMethod",)),
    "Source": ("Sources", ("Source",)),  # a customer's legacy sources (always none here)
    "InvoiceItem": ("InvoiceItems", ("InvoiceItem",)),
    "DeletedInvoiceItem": ("InvoiceItems", ("DeletedInvoiceItem",)),
    "Invoice": ("Invoices", ("Invoice",)),
    "DeletedInvoice": ("Invoices", ("DeletedInvoice",)),
    "InvoiceLineItem": ("InvoiceLineItems", ("InvoiceLineItem",)),
    "Event": ("Events", ("EventBase", "Event")),  # v19+: `type Event = …Event | …`
    "WebhookEndpoint": ("WebhookEndpoints", ("WebhookEndpoint",)),
    "DeletedWebhookEndpoint": ("WebhookEndpoints", ("DeletedWebhookEndpoint",)),
    "Product": ("Products", ("Product",)),
    "DeletedProduct": ("Products", ("DeletedProduct",)),
    "Price": ("Prices", ("Price",)),
    "TestClock": ("TestHelpers/TestClocks", ("TestClock",)),
    "DeletedTestClock": ("TestHelpers/TestClocks", ("DeletedTestClock",)),
    "Subscription": ("Subscriptions", ("Subscription",)),
    "SubscriptionItem": ("SubscriptionItems", ("SubscriptionItem",)),
    "DeletedSubscriptionItem": ("SubscriptionItems", ("DeletedSubscriptionItem",)),
    "Plan": ("Plans", ("Plan",)),
    "PaymentIntent": ("PaymentIntents", ("PaymentIntent",)),
    "Charge": ("Charges", ("Charge",)),
    "Refund": ("Refunds", ("Refund",)),
    "SetupIntent": ("SetupIntents", ("SetupIntent",)),
    "InvoicePayment": ("InvoicePayments", ("InvoicePayment",)),
    "CreditNote": ("CreditNotes", ("CreditNote",)),
    "CreditNoteLineItem": ("CreditNoteLineItems", ("CreditNoteLineItem",)),
    "Coupon": ("Coupons", ("Coupon",)),
    "DeletedCoupon": ("Coupons", ("DeletedCoupon",)),
    "PromotionCode": ("PromotionCodes", ("PromotionCode",)),
    "Discount": ("Discounts", ("Discount",)),
    "DeletedDiscount": ("Discounts", ("DeletedDiscount",)),
    "ApiList": ("lib", ("ApiList",)),
    "ApiSearchResult": ("lib", ("ApiSearchResult",)),
}
MAX_DEPTH = 16  # nesting deeper than any declared object; a guard against runaway recursion

# Tokens and parsing ---------------------------------------------------------------------------

TOKEN = re.compile(r"""
    (?P<skip>\s+|/\*.*?\*/|//[^\n]*)
  | (?P<str>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`)
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<id>[A-Za-z_$][\w$]*)
  | (?P<p>=>|\.\.\.|.)
""", re.S | re.X)


def tokenize(text: str) -> list[str]:
    """Identifiers, punctuation, numbers and quoted strings (quotes kept); no comments."""
    return [m.group() for m in TOKEN.finditer(text) if m.lastgroup != "skip"]


# Type expressions are tuples: ("ref", "A.B", [args]), ("lit", value), ("prim", name),
# ("union", [..]), ("inter", [..]), ("array", elem), ("obj", [Member]), ("any",).


@dataclass
class Member:
    name: str  # "*" for an index signature `[key: string]: T`
    optional: bool
    type: tuple


@dataclass
class Decl:
    kind: str  # "interface", "alias" or "class"
    name: str  # qualified in its module: "Customer.InvoiceSettings"
    module: Module
    scope: tuple[str, ...]  # the namespaces it is declared in
    params: list[str] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    extends: list[tuple] = field(default_factory=list)
    type: tuple = ("any",)  # an alias's


@dataclass
class Module:
    path: Path
    prefix: str  # names a top-level object outside this module: "TestHelpers." for its folder
    decls: dict[str, Decl] = field(default_factory=dict)
    imports: dict[str, tuple[Path, str | None]] = field(default_factory=dict)  # None: `* as`
    exports: dict[str, tuple[Path, str]] = field(default_factory=dict)  # `export {X} from`


class Parser:
    """Just enough TypeScript declaration syntax for the generated .d.ts files."""

    def __init__(self, module: Module, text: str, transparent: frozenset[str]):
        self.module, self.toks, self.i = module, tokenize(text), 0
        self.transparent = transparent  # wrapper namespaces not part of names ("Stripe")

    def peek(self, k: int = 0) -> str:
        return self.toks[self.i + k] if self.i + k < len(self.toks) else ""

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if not tok:
            raise SyntaxError(f"{self.module.path}: unexpected end")
        if expected is not None and tok != expected:
            raise SyntaxError(f"{self.module.path}: expected {expected!r}, got {tok!r}")
        self.i += 1
        return tok

    def skip_statement(self) -> None:
        """Up to the `;` (or the `{…}` block) that ends this statement."""
        depth = 0
        while self.peek():
            tok = self.take()
            if tok in ("(", "[", "{"):
                depth += 1
            elif tok in (")", "]", "}"):
                depth -= 1
                if depth == 0 and tok == "}" and self.peek() != ".":
                    if self.peek() == ";":
                        self.take()
                    return
            elif tok == ";" and depth == 0:
                return

    def statements(self, scope: tuple[str, ...]) -> None:
        while self.peek() and self.peek() != "}":
            start = self.i
            try:
                self.statement(scope)
            except SyntaxError:  # syntax this reader does not know: skip the statement
                self.i = start
                self.skip_statement()

    def statement(self, scope: tuple[str, ...]) -> None:
        while self.peek() in ("export", "declare", "default"):
            self.take()
        tok = self.peek()
        if tok == "import":
            self.import_(scope)
        elif tok == "{":
            self.export_list(scope)
        elif tok in ("namespace", "module"):
            self.take()
            name = self.take()
            while self.peek() == ".":
                self.take()
                name += "." + self.take()
            self.take("{")
            inner = scope if name in self.transparent or name[0] in "'\"" else (
                *scope, *name.split("."))
            self.statements(inner)
            self.take("}")
        elif tok == "interface":
            self.interface(scope)
        elif tok == "type" and self.peek(2) in ("=", "<"):
            self.take()
            name, params = self.take(), self.type_params()
            self.take("=")
            self.add(Decl("alias", name, self.module, scope, params, type=self.union()))
            if self.peek() == ";":
                self.take()
        elif tok == "class":
            self.take()
            self.add(Decl("class", self.take(), self.module, scope))
            self.skip_statement()
        else:  # const, function, enum, `export =`, …: nothing a response field is typed with
            self.skip_statement()

    def add(self, decl: Decl) -> None:
        qualified = ".".join((*decl.scope, decl.name))
        decl.name = qualified
        self.module.decls.setdefault(qualified, decl)

    def target(self, spec: str) -> Path:
        rel = spec.strip("'\"")
        rel = rel[:-3] if rel.endswith(".js") else rel
        return (self.module.path.parent / (rel + ".d.ts")).resolve()

    def import_(self, scope: tuple[str, ...]) -> None:
        self.take("import")
        if self.peek(1) == "=":  # `import X = A.B;` inside a namespace: an alias
            name = self.take()
            self.take("=")
            self.add(Decl("alias", name, self.module, scope, type=self.union()))
        elif self.peek() == "*":  # `import * as N from './x.js';`
            self.take()
            self.take("as")
            local = self.take()
            self.take("from")
            self.module.imports[local] = (self.target(self.take()), None)
        elif self.peek() == "{":  # `import { A, B as C } from './x.js';`
            pairs = self.names()
            self.take("from")
            source = self.target(self.take())
            for name, local in pairs:
                self.module.imports[local] = (source, name)
        self.skip_statement()

    def names(self) -> list[tuple[str, str]]:
        """`{ A, B as C }` -> [(A, A), (B, C)], leaving the position after `}`."""
        self.take("{")
        out = []
        while self.peek() != "}":
            name = self.take()
            if name == "type":  # `import { type X }`
                name = self.take()
            local = name
            if self.peek() == "as":
                self.take()
                local = self.take()
            out.append((name, local))
            if self.peek() == ",":
                self.take()
        self.take("}")
        return out

    def export_list(self, scope: tuple[str, ...]) -> None:
        """`export { A, B as C } from './x.js';`, or `export { A };` in a namespace (v19+'s
        index files: `namespace Issuing { export { Card }; }` makes `Issuing.Card`)."""
        pairs = self.names()
        if self.peek() == "from":
            self.take()
            source = self.target(self.take())
            for name, exported in pairs:
                self.module.exports[exported] = (source, name)
        elif scope:
            for name, exported in pairs:  # resolved from the top: never the alias itself
                qualified = ".".join((*scope, exported))
                self.module.decls.setdefault(qualified, Decl(
                    "alias", qualified, self.module, (), type=("ref", name, [])))
        if self.peek() == ";":
            self.take()

    def type_params(self) -> list[str]:
        params: list[str] = []
        if self.peek() == "<":
            self.take()
            while self.peek() != ">":
                params.append(self.take())
                if self.peek() in ("extends", "="):  # a constraint or default: not needed
                    self.take()
                    self.union()
                if self.peek() == ",":
                    self.take()
            self.take(">")
        return params

    def interface(self, scope: tuple[str, ...]) -> None:
        self.take("interface")
        decl = Decl("interface", self.take(), self.module, scope)
        decl.params = self.type_params()
        if self.peek() == "extends":
            self.take()
            decl.extends.append(self.postfix())
            while self.peek() == ",":
                self.take()
                decl.extends.append(self.postfix())
        decl.members = self.members()
        self.add(decl)

    def members(self) -> list[Member]:
        """`{ a?: T; [key: string]: U; m(…): V; }`; methods and call signatures are skipped."""
        self.take("{")
        out = []
        while self.peek() != "}":
            if self.peek() == "readonly" and self.peek(1) not in (":", "?", "("):
                self.take()
            if self.peek() == "[" and self.peek(2) == "]":  # a computed key: `[__brand]: T`
                self.i += 3
                if self.peek() == "?":
                    self.take()
                self.take(":")
                self.union()
            elif self.peek() == "[":  # an index signature
                self.take()
                self.take()
                self.take(":")
                self.union()
                self.take("]")
                self.take(":")
                out.append(Member("*", True, self.union()))
            else:
                name = self.take().strip("'\"")
                optional = self.peek() == "?"
                if optional:
                    self.take()
                if self.peek() == ":":
                    self.take()
                    out.append(Member(name, optional, self.union()))
                else:  # a method: skip its signature
                    self.skip_member()
            while self.peek() in (";", ","):
                self.take()
        self.take("}")
        return out

    def skip_member(self) -> None:
        depth = 0
        while self.peek():
            if self.peek() in ("(", "[", "{", "<"):
                depth += 1
            elif self.peek() in (")", "]", "}", ">") and depth:
                depth -= 1
            elif self.peek() == "}" or (self.peek() == ";" and depth == 0):
                return
            self.take()

    def union(self) -> tuple:
        if self.peek() == "|":
            self.take()
        alts = [self.intersection()]
        while self.peek() == "|":
            self.take()
            alts.append(self.intersection())
        return alts[0] if len(alts) == 1 else ("union", alts)

    def intersection(self) -> tuple:
        parts = [self.postfix()]
        while self.peek() == "&":
            self.take()
            parts.append(self.postfix())
        return parts[0] if len(parts) == 1 else ("inter", parts)

    def postfix(self) -> tuple:
        t = self.primary()
        while self.peek() == "[" and self.peek(1) == "]":
            self.take()
            self.take()
            t = ("array", t)
        return t

    def primary(self) -> tuple:
        tok = self.peek()
        if tok and tok[0] in "'\"`":
            return ("lit", self.take()[1:-1])
        if re.fullmatch(r"-?\d+(\.\d+)?", tok):
            return ("lit", float(self.take()))
        if tok in ("true", "false"):
            return ("lit", self.take() == "true")
        if tok == "{":
            return ("obj", self.members())
        if tok == "(":  # a parenthesized type or a function type: `(a: T) => U`
            start = self.i
            try:
                self.take()
                inner = self.union()
                self.take(")")
                if self.peek() != "=>":
                    return inner
            except SyntaxError:
                pass
            self.i = start
            self.skip_member()
            return ("any",)
        if tok in ("keyof", "typeof", "unique", "readonly"):
            self.take()
            self.postfix()
            return ("any",)
        name = self.take()
        while self.peek() == "." and re.fullmatch(r"[A-Za-z_$][\w$]*", self.peek(1)):
            self.take()
            name += "." + self.take()
        if name in ("string", "number", "boolean", "bigint", "null", "undefined", "void",
                    "any", "unknown", "never", "object", "symbol"):
            return ("prim", name)
        args = []
        if self.peek() == "<":
            self.take()
            args.append(self.union())
            while self.peek() == ",":
                self.take()
                args.append(self.union())
            self.take(">")
        return ("ref", name, args)


# Resolution -----------------------------------------------------------------------------------


class Package:
    """The package's declarations, loaded a module at a time as names lead to them."""

    def __init__(self, root: Path):
        self.root = root
        self.modules: dict[Path, Module] = {}
        self.types_dir = root / "types"
        self.global_mode = self.types_dir.is_dir()  # the pre-v19 layout
        if self.global_mode:
            self.base = self.types_dir
            self.world = Module(self.types_dir, "")
            for path in sorted(self.types_dir.rglob("*.d.ts")):
                self.parse_into(self.world, path)
        else:
            self.base = next(d for d in (root / "cjs", root / "esm") if d.is_dir())

    def parse_into(self, module: Module, path: Path) -> None:
        try:
            Parser(module, path.read_text(encoding="utf-8"),
                   frozenset({"Stripe"})).statements(())
        except (SyntaxError, IndexError) as exc:
            print(f"warning: {path}: {exc}", file=sys.stderr)

    def module(self, path: Path) -> Module | None:
        if self.global_mode:
            return self.world
        path = path.resolve()
        if path not in self.modules:
            if not path.is_file():
                return None
            resources = (self.base / "resources").resolve()
            parts = path.parent.relative_to(resources).parts if path.is_relative_to(
                resources) else ()
            self.modules[path] = Module(path, "".join(p + "." for p in parts))
            self.parse_into(self.modules[path], path)
        return self.modules[path]

    def file_of(self, stem: str) -> Path:
        if self.global_mode:
            return self.types_dir / f"{stem}.d.ts"
        resource = self.base / "resources" / f"{stem}.d.ts"
        return resource if resource.is_file() else self.base / f"{stem}.d.ts"

    def lookup(self, module: Module, scope: tuple[str, ...], name: str,
               depth: int = 0) -> Decl | None:
        """A name as TypeScript resolves it where it is written: the enclosing namespaces
        outwards, then the module's imports (in the old layout, `Stripe.` is the root)."""
        parts = name.split(".")
        if self.global_mode and parts[0] == "Stripe" and len(parts) > 1:
            parts = parts[1:]
        for i in range(len(scope), -1, -1):
            decl = module.decls.get(".".join((*scope[:i], *parts)))
            if decl is not None:
                return decl
        if depth > 8:
            return None
        for table in (module.imports, module.exports):
            if parts[0] in table:
                path, imported = table[parts[0]]
                target = self.module(path)
                if target is None:
                    return None
                rest = parts[1:] if imported is None else [imported, *parts[1:]]
                return self.lookup(target, (), ".".join(rest), depth + 1) if rest else None
        return None


# Tables ---------------------------------------------------------------------------------------

@dataclass
class Alt:
    """One alternative of a field's type."""

    kind: str  # string number boolean literal decimal object array map resource null void any
    value: Any = None  # a literal's value, a resource's name, an object's declaration key
    open: bool = False  # a literal union that also admits other strings (`| OtherString`)
    members: list | None = None  # an object's (Member, module, scope, bindings); None: recursive
    inner: tuple | None = None  # (type, module, scope, bindings) of an array's element / map value
    partial: bool = False  # `Partial<T>`


class TableBuilder:
    def __init__(self, package: Package):
        self.package = package
        self.warnings: set[str] = set()

    def is_resource(self, decl: Decl) -> bool:
        """A top-level object of the API: one declaring its `object: '…'` name."""
        if decl.kind != "interface" or decl.params:
            return False
        if decl.scope and not self.package.global_mode:  # nested in its resource's namespace
            return False
        return any(m.name == "object" and m.type[0] == "lit" for m in decl.members)

    def members_of(self, decl: Decl, bindings: dict, active: frozenset[str]) -> list:
        """An interface's members with those it extends (its own win)."""
        own = [(m, decl.module, decl.scope, bindings) for m in decl.members]
        seen = {m.name for m in decl.members}
        for base in decl.extends:
            for alt in self.alternatives(base, decl.module, decl.scope, bindings, active, True):
                for entry in alt.members or []:
                    if entry[0].name not in seen:
                        seen.add(entry[0].name)
                        own.append(entry)
        return own

    def alternatives(self, t: tuple, module: Module, scope: tuple[str, ...], bindings: dict,
                     active: frozenset[str], root: bool = False) -> list[Alt]:
        """A type expression as the alternatives a JSON value may take. `active`: the
        declarations being expanded (a type containing itself stops there); `root`: the
        object a table is for, expanded even though it is a resource."""
        tag = t[0]
        if tag == "union":
            return [a for part in t[1]
                    for a in self.alternatives(part, module, scope, bindings, active, root)]
        if tag == "lit":
            return [Alt("literal", t[1])]
        if tag == "prim":
            kind = {"string": "string", "number": "number", "bigint": "number",
                    "boolean": "boolean", "null": "null", "undefined": "void",
                    "void": "void", "never": "never"}.get(t[1], "any")
            return [] if kind == "never" else [Alt(kind)]
        if tag == "array":
            return [Alt("array", inner=(t[1], module, scope, bindings))]
        if tag == "obj":
            return [object_of([(m, module, scope, bindings) for m in t[1]])]
        if tag == "inter":
            # `string & Record<never, never>` (OtherString): any string besides the literals
            if ("prim", "string") in t[1]:
                return [Alt("literal", open=True)]
            members = [e for p in t[1]
                       for a in self.alternatives(p, module, scope, bindings, active, root)
                       for e in a.members or []]
            return [Alt("object", members=members)]
        if tag == "ref":
            return self.reference(t, module, scope, bindings, active, root)
        return [Alt("any")]

    def reference(self, t: tuple, module: Module, scope: tuple[str, ...], bindings: dict,
                  active: frozenset[str], root: bool) -> list[Alt]:
        _, name, args = t
        if name in bindings:  # a type parameter
            arg, arg_module, arg_scope, arg_bindings = bindings[name]
            return self.alternatives(arg, arg_module, arg_scope, arg_bindings, active, root)
        short = name.removeprefix("Stripe.")
        if short in ("Array", "ReadonlyArray") and args:
            return [Alt("array", inner=(args[0], module, scope, bindings))]
        if short == "Record" and len(args) == 2:
            return [Alt("map", inner=(args[1], module, scope, bindings))]
        if short == "Partial" and args:
            alts = self.alternatives(args[0], module, scope, bindings, active, root)
            for alt in alts:
                alt.partial = True
            return alts
        decl = self.package.lookup(module, scope, name)
        if decl is None:
            self.warnings.add(f"unresolved type {name} in {module.path.name}")
            return [Alt("any", name)]
        if decl.name == "OtherString":
            return [Alt("literal", open=True)]
        if decl.name == "Decimal":  # a decimal number, sent as a JSON string
            return [Alt("decimal")]
        if decl.kind == "class":
            return [Alt("any", name)]
        bound = {p: (a, module, scope, bindings) for p, a in zip(decl.params, args, strict=False)}
        for p in decl.params[len(args):]:
            bound[p] = (("any",), module, scope, {})
        key = f"{decl.module.path}:{decl.name}"
        if key in active:  # a type that contains itself: not expanded again
            return [Alt("object", key, members=None)]
        inner = active | {key}
        if decl.kind == "alias":
            return self.alternatives(decl.type, decl.module, decl.scope, bound, inner, root)
        if self.is_resource(decl) and not root:
            return [Alt("resource", decl.module.prefix + decl.name)]
        return [object_of(self.members_of(decl, bound, inner), key)]

    def table(self, decl: Decl) -> dict[str, dict]:
        fields: dict[str, dict] = {}
        key = f"{decl.module.path}:{decl.name}"
        unbound = {p: (("any",), decl.module, (), {}) for p in decl.params}  # ApiList<T>
        self.walk_members(self.members_of(decl, unbound, frozenset({key})), "", fields,
                          frozenset({key}))
        return fields

    def walk_members(self, members: list, prefix: str, fields: dict,
                     active: frozenset[str]) -> None:
        for member, module, scope, bindings in members:
            self.walk(prefix + member.name, member.type, member.optional or member.name == "*",
                      module, scope, bindings, fields, active)

    def walk(self, path: str, t: tuple, optional: bool, module: Module, scope: tuple[str, ...],
             bindings: dict, fields: dict, active: frozenset[str]) -> None:
        """Record `path` and, for objects, arrays and maps, what lies under it."""
        alts = self.alternatives(t, module, scope, bindings, active)
        entry = describe(alts, optional, render(t))
        fields[path] = merge(fields[path], entry) if path in fields else entry
        if path.count(".") + path.count("[]") >= MAX_DEPTH:
            return
        objects = [a for a in alts if a.kind == "object" and a.members]
        for alt in alts:
            if alt.kind == "object" and alt.members:
                self.walk_members(alt.members, path + ".", fields,
                                  active | ({alt.value} if alt.value else set()))
            elif alt.kind in ("array", "map") and alt.inner is not None:
                elem, m, s, b = alt.inner
                sub = path + ("[]" if alt.kind == "array" else ".*")
                self.walk(sub, elem, alt.kind == "map", m, s, b, fields, active)
        if len(objects) > 1:  # a union of objects: a field that only some declare may be absent
            names = [{m.name for m, *_ in a.members} for a in objects]
            for name in set().union(*names) - set.intersection(*names):
                fields[f"{path}.{name}"]["optional"] = True


def object_of(members: list, key: str | None = None) -> Alt:
    """An object from its (Member, module, scope, bindings); `{ [key: string]: T }` alone is
    a map."""
    if members and all(m.name == "*" for m, *_ in members):
        return Alt("map", inner=(members[0][0].type, *members[0][1:]))
    return Alt("object", key, members=members)


def describe(alts: list[Alt], optional: bool, declared: str) -> dict[str, Any]:
    kinds = sorted({a.kind for a in alts} - {"null"})
    entry: dict[str, Any] = {"optional": optional,
                             "nullable": any(a.kind == "null" for a in alts),
                             "kind": kinds, "declared": declared}
    if "literal" in kinds:
        literals = [a.value for a in alts if a.kind == "literal" and not a.open]
        if literals:
            entry["literals"] = literals
            entry["open"] = any(a.open for a in alts)
        else:  # `OtherString` alone: a plain string
            entry["kind"] = sorted((set(kinds) - {"literal"}) | {"string"})
    resources = sorted({a.value for a in alts if a.kind == "resource"})
    if resources:
        entry["resources"] = resources
        entry["expandable"] = "string" in kinds
    if any(a.partial for a in alts):
        entry["partial"] = True
    objects = [a for a in alts if a.kind == "object"]
    if any(a.members == [] for a in objects):
        entry["open_object"] = True  # `{}`: any object, with no declared fields
    if any(a.members is None for a in objects):
        entry["recursive"] = True  # the same type as an enclosing field: see there
    return entry


def merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The same path from two alternatives (a union of objects)."""
    out = dict(a)
    out["optional"] = a["optional"] or b["optional"]
    out["nullable"] = a["nullable"] or b["nullable"]
    out["kind"] = sorted(set(a["kind"]) | set(b["kind"]))
    for key in ("literals", "resources"):
        if key in a or key in b:
            out[key] = sorted(set(a.get(key, [])) | set(b.get(key, [])), key=str)
    return out


def render(t: tuple) -> str:
    """A type expression written back, for the tables' readers."""
    tag = t[0]
    if tag == "union":
        return " | ".join(render(p) for p in t[1])
    if tag == "inter":
        return " & ".join(render(p) for p in t[1])
    if tag == "lit":
        return f"'{t[1]}'" if isinstance(t[1], str) else json.dumps(t[1])
    if tag == "prim":
        return t[1]
    if tag == "array":
        return f"{render(t[1])}[]"
    if tag == "obj":
        return "{" + "; ".join(f"{m.name}{'?' if m.optional else ''}: {render(m.type)}"
                               for m in t[1]) + "}"
    if tag == "ref":
        args = f"<{', '.join(render(a) for a in t[2])}>" if t[2] else ""
        return t[1] + args
    return "any"


def event_types(builder: TableBuilder, module: Module) -> dict[str, list[str]]:
    """Each event type's `data.object` (v19+: the `…Event extends EventBase` interfaces)."""
    out: dict[str, list[str]] = {}
    for decl in module.decls.values():
        members = {m.name: m for m in decl.members}
        if decl.kind != "interface" or "type" not in members or "data" not in members:
            continue
        if members["type"].type[0] != "lit" or not decl.extends:
            continue
        data = builder.alternatives(members["data"].type, module, decl.scope, {}, frozenset())
        for alt in data:
            for member, m, s, b in alt.members or []:
                if member.name == "object":
                    kinds = builder.alternatives(member.type, m, s, b, frozenset())
                    out[members["type"].type[1]] = sorted(a.value for a in kinds
                                                          if a.kind == "resource")
    return dict(sorted(out.items()))


def versions(package: Package) -> tuple[str, str]:
    version = json.loads((package.root / "package.json").read_text())["version"]
    api = ""
    for name in ("apiVersion.d.ts", "apiVersion.js", "lib.d.ts"):
        path = package.base / name
        if path.is_file():
            found = re.search(r"(?:ApiVersion|LatestApiVersion)\s*=\s*['\"]([^'\"]+)",
                              path.read_text())
            if found:
                api = found.group(1)
                break
    return version, api


def dump(table: dict[str, Any]) -> str:
    """One field per line, so that a new package version reads as a small diff."""
    head = {k: v for k, v in table.items() if k not in ("fields", "event_types")}
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    for key in ("event_types", "fields"):
        if key in table:
            body = [f"    {json.dumps(p)}: {json.dumps(e, sort_keys=True)}"
                    for p, e in table[key].items()]
            lines.append(f'  "{key}": {{\n' + ",\n".join(body) + "\n  },")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="the unpacked npm package (its package/)")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "tests" / "shapes")
    args = parser.parse_args(argv)
    package = Package(args.package.resolve())
    builder = TableBuilder(package)
    version, api = versions(package)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (stem, candidates) in TABLES.items():
        path = package.file_of(stem)
        module = package.module(path)
        decl = next((module.decls[c] for c in candidates if module and c in module.decls), None)
        if decl is None:
            print(f"error: no {' or '.join(candidates)} in {path}", file=sys.stderr)
            return 1
        fields = builder.table(decl)
        obj = next((m.type[1] for m in decl.members if m.name == "object"
                    and m.type[0] == "lit"), None)
        table: dict[str, Any] = {
            "resource": name, "interface": decl.name,
            "source": str(path.relative_to(package.root)),
            "package": f"stripe@{version}", "package_version": version, "api_version": api,
            "object": obj, "deleted": fields.get("deleted", {}).get("literals") == [True],
        }
        if name == "Event":
            table["event_types"] = event_types(builder, module)
        table["fields"] = fields
        (args.out / f"{name}.json").write_text(dump(table), encoding="utf-8")
        print(f"{name}: {len(fields)} paths")
    for warning in sorted(builder.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
