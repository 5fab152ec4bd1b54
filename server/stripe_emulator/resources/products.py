"""Products: `/v1/products`, the catalogue's goods and services that prices are for.

A product with prices cannot be deleted (archive it with `active=false` instead, as Stripe
advises); `default_price_data` on create makes its first price and names it the default.
"""

from __future__ import annotations

from typing import Any

from .. import messages as M
from ..api.expand import Ref
from ..api.metadata import merge_metadata, updated
from ..api.params import (
    Bool,
    Created,
    Enum,
    Expand,
    List,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Number,
    Params,
    Pattern,
    Str,
)
from ..api.resource import Resource, declare
from ..api.search import SearchField, flag
from ..errors import InvalidRequestError
from ..store.indexes import MetadataIndex
from ..store.memory import Account
from .price_params import InlinePriceParams

KIND = "product"
PRICE_KIND = "price"


class MarketingFeatureParams(Params):
    name = Str(max_length=80, required=True)


class PackageDimensionsParams(Params):
    height = Number(minimum=0, required=True)
    length = Number(minimum=0, required=True)
    weight = Number(minimum=0, required=True)
    width = Number(minimum=0, required=True)


class ProductUpdateParams(Params):
    active = Bool()
    default_price = Str(max_length=5000)
    description = Str(max_length=40000, unsettable=True)
    images = List(Str(max_length=2048), max_items=8, unsettable=True)
    marketing_features = List(Nested(MarketingFeatureParams), max_items=15, unsettable=True)
    metadata = Metadata()
    name = Str(max_length=5000)
    package_dimensions = Nested(PackageDimensionsParams, unsettable=True)
    shippable = Bool()
    statement_descriptor = Str(max_length=22)
    tax_code = Pattern(r"txcd_\d{8}", M.INVALID_TAX_CODE, unsettable=True)
    tax_details = NotYet()
    unit_label = Str(max_length=12, unsettable=True)
    url = Str(max_length=5000, unsettable=True)
    expand = Expand()


class ProductCreateParams(ProductUpdateParams):
    id = Pattern(r"[A-Za-z0-9_\-]{1,255}", M.INVALID_OBJECT_ID)
    name = Str(max_length=5000, required=True)
    default_price = NotYet()  # not a create param: `default_price_data` makes one
    default_price_data = Nested(InlinePriceParams)
    type = Enum("good", "service")


class ProductListParams(ListParams):
    active = Bool()
    created = Created()
    ids = List(Str(max_length=5000))
    shippable = Bool()
    type = Enum("good", "service")
    url = Str(max_length=5000)


def _dimensions(p: dict | None) -> dict | None:
    return None if p is None else {k: float(v) for k, v in p.items()}


def _features(items: list[dict] | None) -> list[dict]:
    return [{"name": f["name"]} for f in items or []]


def new_product(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    if "id" in p:
        coll = account.collections[KIND]
        if p["id"] in coll.objects or p["id"] in coll.deleted:
            raise InvalidRequestError(M.ID_TAKEN.format(object="product", id=p["id"]),
                                      code="resource_already_exists", param="id")
    product_id = p.get("id") or PRODUCTS.new_id(account)
    now = account.now()
    return {
        "id": product_id,
        "object": "product",
        "active": p.get("active", True),
        "created": now,
        "default_price": None,
        "description": p.get("description"),
        "images": p.get("images") or [],
        "livemode": account.livemode,
        "marketing_features": _features(p.get("marketing_features")),
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "name": p["name"],
        "package_dimensions": _dimensions(p.get("package_dimensions")),
        "shippable": p.get("shippable"),
        "statement_descriptor": p.get("statement_descriptor"),
        "tax_code": p.get("tax_code"),
        "tax_details": None,
        "type": p.get("type", "service"),
        "unit_label": p.get("unit_label"),
        "updated": now,
        "url": p.get("url"),
    }


def after_create(account: Account, product: dict, p: dict[str, Any]) -> dict:
    """`default_price_data`: the product's first price, named its default."""
    if "default_price_data" not in p:
        return product
    from .prices import make_price  # prices name their product: the two refer to each other

    price = make_price(account, {**p["default_price_data"], "product": product["id"]},
                       within_param="default_price_data")
    return account.update(KIND, product, {**product, "default_price": price["id"]})


def check_default_price_data(p: dict[str, Any]) -> None:
    """Refusals of `default_price_data` come before the product exists (nothing half made)."""
    if "default_price_data" in p:
        from .prices import check_inline

        check_inline(p["default_price_data"], "default_price_data")


def _new_product_checked(account: Account, p: dict[str, Any], parent: dict | None) -> dict:
    check_default_price_data(p)
    return new_product(account, p, parent)


def update_product(account: Account, old: dict, p: dict[str, Any]) -> dict:
    new = updated(old, p, ("active", "description", "images", "name", "shippable",
                           "statement_descriptor", "tax_code", "unit_label", "url"))
    if "images" in p:
        new["images"] = p["images"] or []
    if "marketing_features" in p:
        new["marketing_features"] = _features(p["marketing_features"])
    if "package_dimensions" in p:
        new["package_dimensions"] = _dimensions(p["package_dimensions"])
    if "default_price" in p:
        price = account.collections[PRICE_KIND].get(p["default_price"])
        if price is None or price["product"] != old["id"]:
            raise InvalidRequestError(M.DEFAULT_PRICE_NOT_OF_PRODUCT.format(
                price=p["default_price"], product=old["id"]), param="default_price")
        if not price["active"]:
            raise InvalidRequestError(M.PRICE_INACTIVE.format(id=price["id"]),
                                      param="default_price")
        new["default_price"] = price["id"]
    if new != old:
        new["updated"] = account.now()
    return new


def before_delete(account: Account, product: dict) -> None:
    if account.collections[PRICE_KIND].indexes["product"].ids(product["id"]):
        raise InvalidRequestError(M.PRODUCT_HAS_PRICES)


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    if "ids" in p and ("starting_after" in p or "ending_before" in p):
        raise InvalidRequestError(M.IDS_WITH_CURSOR, param="ids")
    coll = account.collections[KIND]
    candidates = None
    if "ids" in p:
        candidates = [i for i in dict.fromkeys(p["ids"]) if i in coll.objects]
    tests = [(name, p[name]) for name in ("active", "shippable", "type", "url") if name in p]
    if not tests:
        return candidates, None
    return candidates, lambda o: all(o[name] == value for name, value in tests)


SEARCH_FIELDS = {
    "active": SearchField("token", flag("active")),
    "description": SearchField("string", lambda o: o["description"]),
    "metadata": SearchField("token", lambda o: o["metadata"]),
    "name": SearchField("string", lambda o: o["name"]),
    "shippable": SearchField("token", flag("shippable")),
    "url": SearchField("token", lambda o: o["url"]),
}

PRODUCTS = declare(Resource(
    object_name="product",
    kind=KIND,
    path="/v1/products",
    prefix="prod",
    id_length=14,
    indexes=lambda: {"metadata": MetadataIndex()},
    expandable={"default_price": Ref("price")},
    example={"name": "Gold plan"},
    events={"created": "product.created", "updated": "product.updated",
            "deleted": "product.deleted"},
))
PRODUCTS.operations = [
    PRODUCTS.search(SEARCH_FIELDS),  # before /{id}: a static route wins
    PRODUCTS.create(ProductCreateParams, _new_product_checked, after_create),
    PRODUCTS.retrieve(),
    PRODUCTS.update(ProductUpdateParams, update_product),
    PRODUCTS.delete(before_delete),
    PRODUCTS.list(ProductListParams, narrow_list),
]
