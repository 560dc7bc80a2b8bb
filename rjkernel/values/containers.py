"""The .NET collections runbooks build results in: ``System.Collections.ArrayList``,
``System.Collections.Generic.List[T]``, ``HashSet[T]``, ``Dictionary[K,V]``, and the
``Queue``/``Stack`` pairs, with ``[StringComparer]`` for case-insensitive sets and keys.

The sequences are Python lists underneath, so they enumerate in pipelines and
``foreach``, index, count and display exactly as arrays do — as PowerShell treats any
IEnumerable. A Stack keeps its top first, the order it enumerates in. Dictionary is a
:class:`Hashtable` (not enumerated by a pipeline, displayed as pairs) whose keys compare
as .NET's default comparer does: case-sensitively, unless a comparer says otherwise.

What each method returns is .NET's, which is what runbooks lean on: ``ArrayList.Add``
returns the new index (hence ``[void]$list.Add(…)`` and ``| Out-Null``), ``List[T].Add``
returns nothing, ``HashSet[T].Add`` and ``List[T].Remove`` a bool. A generic collection
converts what it is given to its element type, failing with PowerShell's
``Cannot convert argument "item", with value: …`` (reference: learn.microsoft.com,
System.Collections.ArrayList, System.Collections.Generic.List`1, HashSet`1,
Dictionary`2, Queue`1, Stack`1).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from rjkernel.errors import PSError
from rjkernel.values import types
from rjkernel.values.conversion import value_text
from rjkernel.values.membertable import (
    ArgumentConversionFault,
    StaticMembers,
    TypeMembers,
    register_members,
    register_statics,
)
from rjkernel.values.objects import ArrayList, Hashtable
from rjkernel.values.operators import equals, order, to_number
from rjkernel.values.reference import out_argument
from rjkernel.values.strings import MethodFault

_GENERIC = "System.Collections.Generic."


# ---------------------------------------------------------------------- comparers


class StringComparer:
    """``[StringComparer]::OrdinalIgnoreCase`` and its siblings: what a set or a
    dictionary is built with to compare its string keys without case."""

    type_names = ("System.StringComparer", "System.Object")

    def __init__(self, name: str) -> None:
        self.name = name
        self.ignore_case = name.endswith("IgnoreCase")

    def __str__(self) -> str:
        return f"System.{self.name}Comparer"


_COMPARERS = ("Ordinal", "OrdinalIgnoreCase", "CurrentCulture", "CurrentCultureIgnoreCase",
              "InvariantCulture", "InvariantCultureIgnoreCase")
types.register(types.PSType("System.StringComparer", (),
                            lambda v: isinstance(v, StringComparer), lambda v: v))
register_statics("System.StringComparer", StaticMembers(
    properties={name: functools.partial(StringComparer, name) for name in _COMPARERS},
    methods={}))


# ---------------------------------------------------------------------- the collections


def _convert(element: types.PSType | None, value: Any, parameter: str = "item") -> Any:
    """``value`` as an element of a collection of ``element`` (None: any object)."""
    if element is None or element.full_name == "System.Object" or element.check(value):
        return value
    try:
        return types.cast(element.full_name, value)
    except PSError as exc:
        raise ArgumentConversionFault(parameter, value, element.full_name,
                                      exc.record.message) from None


def _items(value: Any) -> list[Any]:
    """A constructor's or AddRange's collection argument as a list."""
    if value is None:
        raise MethodFault("Value cannot be null. (Parameter 'collection')")
    if isinstance(value, Hashtable):
        return value.entries()
    return list(value) if isinstance(value, (list, tuple)) else [value]


class GenericList(list[Any]):
    """``System.Collections.Generic.List[T]``."""

    def __init__(self, element: types.PSType, items: Iterable[Any] = ()) -> None:
        super().__init__(_convert(element, item) for item in items)
        self.element = element
        self.type_names = (types.generic_name(_GENERIC + "List", (element,)), "System.Object")


class HashSet(list[Any]):
    """``System.Collections.Generic.HashSet[T]``: unique elements in the order they came,
    found through a set of their keys (string keys folded when the comparer ignores case)."""

    def __init__(self, element: types.PSType, items: Iterable[Any] = (),
                 ignore_case: bool = False) -> None:
        super().__init__()
        self.element = element
        self.ignore_case = ignore_case
        self.type_names = (types.generic_name(_GENERIC + "HashSet", (element,)),
                           "System.Object")
        self._keys: set[Any] = set()
        for item in items:
            self.add(item)

    def key(self, value: Any) -> Any:
        if self.ignore_case and isinstance(value, str):
            return value.lower()
        return value if getattr(type(value), "__hash__", None) else id(value)

    def add(self, value: Any) -> bool:
        value = _convert(self.element, value)
        key = self.key(value)
        if key in self._keys:
            return False
        self._keys.add(key)
        self.append(value)
        return True

    def has(self, value: Any) -> bool:
        return self.key(value) in self._keys

    def remove_item(self, value: Any) -> bool:
        key = self.key(value)
        if key not in self._keys:
            return False
        self._keys.discard(key)
        del self[next(i for i, item in enumerate(self) if self.key(item) == key)]
        return True

    def clear(self) -> None:
        super().clear()
        self._keys.clear()


class Queue(list[Any]):
    """``System.Collections.Queue`` / ``Generic.Queue[T]``: first in, first out."""

    def __init__(self, element: types.PSType | None, items: Iterable[Any] = ()) -> None:
        super().__init__(_convert(element, item) for item in items)
        self.element = element
        self.type_names = (("System.Collections.Queue" if element is None else
                            types.generic_name(_GENERIC + "Queue", (element,))),
                           "System.Object")


class Stack(list[Any]):
    """``System.Collections.Stack`` / ``Generic.Stack[T]``: the top first, which is the
    order .NET enumerates it in."""

    def __init__(self, element: types.PSType | None, items: Iterable[Any] = ()) -> None:
        super().__init__(_convert(element, item) for item in reversed(list(items)))
        self.element = element
        self.type_names = (("System.Collections.Stack" if element is None else
                            types.generic_name(_GENERIC + "Stack", (element,))),
                           "System.Object")


class KeyValuePair:
    """One entry of a generic Dictionary as enumeration yields it (Key, Value): a
    Dictionary displays as a Key/Value table where a Hashtable shows Name/Value."""

    def __init__(self, key: Any, value: Any, type_name: str) -> None:
        self.key = key
        self.value = value
        self.type_names = (type_name, "System.ValueType", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return {"Key": self.key, "Value": self.value}

    def __str__(self) -> str:
        return f"[{value_text(self.key)}, {value_text(self.value)}]"


class Dictionary(Hashtable):
    """``System.Collections.Generic.Dictionary[K,V]``: keys and values converted to their
    types; string keys compare case-sensitively unless built with an ignore-case comparer."""

    def __init__(self, key_type: types.PSType, value_type: types.PSType,
                 items: Iterable[tuple[Any, Any]] = (), ignore_case: bool = False) -> None:
        self.key_type = key_type
        self.value_type = value_type
        self.ignore_case = ignore_case
        self.type_names = (types.generic_name(_GENERIC + "Dictionary", (key_type, value_type)),
                           "System.Object")
        super().__init__(items)

    def _fold(self, key: Any) -> Any:
        try:
            key = _convert(self.key_type, key, "key")
        except ArgumentConversionFault:
            return key
        return key.lower() if self.ignore_case and isinstance(key, str) else key

    def __setitem__(self, key: Any, value: Any) -> None:
        if key is None:
            raise MethodFault("Value cannot be null. (Parameter 'key')")
        super().__setitem__(_convert(self.key_type, key, "key"),
                            _convert(self.value_type, value, "value"))

    def entries(self) -> list[Any]:
        pair = "System.Collections.Generic.KeyValuePair`2[" + \
            f"{self.key_type.full_name},{self.value_type.full_name}]"
        return [KeyValuePair(k, v, pair) for k, v in self.items()]


# ---------------------------------------------------------------------- members


def _index(items: list[Any], value: Any, start: int = 0) -> int:
    return next((i for i in range(start, len(items)) if equals(items[i], value, True)), -1)


def _int(value: Any) -> int:
    return int(to_number(value))


def _at(items: list[Any], index: Any) -> int:
    """A position inside the list, or .NET's ArgumentOutOfRange text."""
    position = _int(index)
    if not 0 <= position < len(items):
        raise MethodFault("Index was out of range. Must be non-negative and less than the "
                          "size of the collection. (Parameter 'index')")
    return position


def _insert(items: list[Any], index: Any, value: Any) -> None:
    position = _int(index)
    if not 0 <= position <= len(items):
        raise MethodFault("Index must be within the bounds of the List. (Parameter 'index')")
    items.insert(position, _convert(getattr(items, "element", None), value))


def _remove_at(items: list[Any], index: Any) -> None:
    del items[_at(items, index)]


def _remove(items: list[Any], value: Any) -> bool:
    position = _index(items, value)
    if position >= 0:
        del items[position]
    return position >= 0


def _remove_quietly(items: list[Any], value: Any) -> None:
    _remove(items, value)


def _range(items: list[Any], index: Any, count: Any) -> tuple[int, int]:
    start, size = _int(index), _int(count)
    if start < 0 or size < 0:
        raise MethodFault("Non-negative number required. (Parameter "
                          f"'{'index' if start < 0 else 'count'}')")
    if start + size > len(items):
        raise MethodFault("Offset and length were out of bounds for the array or count is "
                          "greater than the number of elements from index to the end of the "
                          "source collection.")
    return start, start + size


def _remove_range(items: list[Any], index: Any, count: Any) -> None:
    start, end = _range(items, index, count)
    del items[start:end]


def _get_range(items: list[Any], index: Any, count: Any) -> list[Any]:
    start, end = _range(items, index, count)
    part = items[start:end]
    return GenericList(items.element, part) if isinstance(items, GenericList) else \
        ArrayList(part)


def _add_range(items: list[Any], values: Any) -> None:
    element = getattr(items, "element", None)
    items.extend(_convert(element, v) for v in _items(values))


def _sort(items: list[Any]) -> None:
    try:
        items.sort(key=functools.cmp_to_key(order))
    except (TypeError, PSError):
        raise MethodFault("Failed to compare two elements in the array.") from None


def _reverse(items: list[Any], *range_: Any) -> None:
    start, end = _range(items, *range_) if range_ else (0, len(items))
    items[start:end] = items[start:end][::-1]


def _last_index(items: list[Any], value: Any) -> int:
    return next((i for i in range(len(items) - 1, -1, -1) if equals(items[i], value, True)),
                -1)


_SEQUENCE_PROPERTIES = {
    "Count": (len, "int Count {get;}"),
    "Capacity": (len, "int Capacity {get;set;}"),
    "IsFixedSize": (lambda a: False, "bool IsFixedSize {get;}"),
    "IsReadOnly": (lambda a: False, "bool IsReadOnly {get;}"),
    "IsSynchronized": (lambda a: False, "bool IsSynchronized {get;}"),
}
_LIST_METHODS: dict[str, tuple[Callable[..., Any], str]] = {
    "AddRange": (_add_range, "void AddRange(System.Collections.ICollection c)"),
    "Clear": (list.clear, "void Clear()"),
    "Contains": (lambda a, v: _index(a, v) >= 0, "bool Contains(System.Object item)"),
    "GetRange": (_get_range, "System.Collections.IList GetRange(int index, int count)"),
    "IndexOf": (lambda a, v, start=0: _index(a, v, _int(start)),
                "int IndexOf(System.Object value), int IndexOf(System.Object value, "
                "int startIndex)"),
    "Insert": (_insert, "void Insert(int index, System.Object value)"),
    "LastIndexOf": (_last_index, "int LastIndexOf(System.Object value)"),
    "RemoveAt": (_remove_at, "void RemoveAt(int index)"),
    "RemoveRange": (_remove_range, "void RemoveRange(int index, int count)"),
    "Reverse": (_reverse, "void Reverse(), void Reverse(int index, int count)"),
    "Sort": (_sort, "void Sort()"),
    "ToArray": (list, "System.Object[] ToArray()"),
}

_ARRAY_LIST = TypeMembers(
    properties=_SEQUENCE_PROPERTIES,
    methods={
        **_LIST_METHODS,
        "Add": (lambda a, v: (a.append(v), len(a) - 1)[1], "int Add(System.Object value)"),
        "Clone": (ArrayList, "System.Object Clone()"),
        "Remove": (_remove_quietly, "void Remove(System.Object obj)"),
    },
)

_GENERIC_LIST = TypeMembers(
    properties=_SEQUENCE_PROPERTIES,
    methods={
        **_LIST_METHODS,
        "Add": (lambda a, v: a.append(_convert(a.element, v)), "void Add(T item)"),
        "Remove": (_remove, "bool Remove(T item)"),
    },
)

def _in(other: Any, like: HashSet, value: Any) -> bool:
    return HashSet(like.element, _items(other), like.ignore_case).has(value)


def _union_with(target: HashSet, other: Any) -> None:
    for value in _items(other):
        target.add(value)


def _except_with(target: HashSet, other: Any) -> None:
    for value in _items(other):
        target.remove_item(value)


def _intersect_with(target: HashSet, other: Any) -> None:
    keep = HashSet(target.element, _items(other), target.ignore_case)
    for value in list(target):
        if not keep.has(value):
            target.remove_item(value)


_HASH_SET = TypeMembers(
    properties={"Count": (len, "int Count {get;}")},
    methods={
        "Add": (HashSet.add, "bool Add(T item)"),
        "Clear": (HashSet.clear, "void Clear()"),
        "Contains": (HashSet.has, "bool Contains(T item)"),
        "ExceptWith": (_except_with,
                       "void ExceptWith(System.Collections.Generic.IEnumerable[T] other)"),
        "IntersectWith": (_intersect_with,
                          "void IntersectWith(System.Collections.Generic.IEnumerable[T] "
                          "other)"),
        "IsSubsetOf": (lambda s, other: all(_in(other, s, v) for v in s),
                       "bool IsSubsetOf(System.Collections.Generic.IEnumerable[T] other)"),
        "IsSupersetOf": (lambda s, other: all(s.has(v) for v in _items(other)),
                         "bool IsSupersetOf(System.Collections.Generic.IEnumerable[T] other)"),
        "Overlaps": (lambda s, other: any(s.has(v) for v in _items(other)),
                     "bool Overlaps(System.Collections.Generic.IEnumerable[T] other)"),
        "Remove": (HashSet.remove_item, "bool Remove(T item)"),
        "SetEquals": (lambda s, other: all(s.has(v) for v in _items(other)) and
                      all(_in(other, s, v) for v in s),
                      "bool SetEquals(System.Collections.Generic.IEnumerable[T] other)"),
        "UnionWith": (_union_with,
                      "void UnionWith(System.Collections.Generic.IEnumerable[T] other)"),
    },
)


def _take(items: list[Any], empty: str, remove: bool) -> Any:
    if not items:
        raise MethodFault(empty)
    return items.pop(0) if remove else items[0]


def _queue_or_stack(name: str, add: tuple[str, Callable[..., Any], str],
                    take: str) -> TypeMembers:
    """Queue and Stack: both take from their front (a Stack keeps its top there)."""
    empty = f"{name} empty."
    return TypeMembers(
        properties={"Count": (len, "int Count {get;}")},
        methods={
            "Clear": (list.clear, "void Clear()"),
            "Contains": (lambda c, v: _index(c, v) >= 0, "bool Contains(System.Object obj)"),
            "Peek": (lambda c: _take(c, empty, False), "System.Object Peek()"),
            take: (lambda c: _take(c, empty, True), f"System.Object {take}()"),
            add[0]: (add[1], add[2]),
            "ToArray": (list, "System.Object[] ToArray()"),
        },
    )


_QUEUE = _queue_or_stack("Queue", ("Enqueue", lambda q, v: q.append(_convert(q.element, v)),
                                   "void Enqueue(System.Object obj)"), "Dequeue")
_STACK = _queue_or_stack("Stack", ("Push", lambda s, v: s.insert(0, _convert(s.element, v)),
                                   "void Push(System.Object obj)"), "Pop")


def _dictionary_add(d: Dictionary, key: Any, value: Any) -> None:
    if key is None:
        raise MethodFault("Value cannot be null. (Parameter 'key')")
    if key in d:
        raise MethodFault(f"An item with the same key has already been added. Key: "
                          f"{value_text(key)}")
    d[key] = value


def _try_get_value(d: Dictionary, key: Any, result: Any) -> bool:
    """TryGetValue(key, [ref]$value): the value, or the value type's default."""
    box = out_argument(result, 2)
    found = key in d
    box.value = d[key] if found else (types.cast(d.value_type.full_name, None)
                                      if d.value_type.value_type else None)
    return found


def _dictionary_remove(d: Dictionary, key: Any) -> bool:
    if key not in d:
        return False
    del d[key]
    return True


_DICTIONARY = TypeMembers(
    properties={
        "Count": (len, "int Count {get;}"),
        "Keys": (lambda d: list(d.keys()), "KeyCollection Keys {get;}"),
        "Values": (lambda d: list(d.values()), "ValueCollection Values {get;}"),
    },
    methods={
        "Add": (_dictionary_add, "void Add(TKey key, TValue value)"),
        "Clear": (Dictionary.clear, "void Clear()"),
        "ContainsKey": (lambda d, k: k in d, "bool ContainsKey(TKey key)"),
        "ContainsValue": (lambda d, v: _index(list(d.values()), v) >= 0,
                          "bool ContainsValue(TValue value)"),
        "GetEnumerator": (Dictionary.entries, "Enumerator GetEnumerator()"),
        "Remove": (_dictionary_remove, "bool Remove(TKey key)"),
        "TryGetValue": (_try_get_value, "bool TryGetValue(TKey key, [ref] TValue value)"),
    },
)

for _cls, _table in ((ArrayList, _ARRAY_LIST), (GenericList, _GENERIC_LIST),
                     (HashSet, _HASH_SET), (Queue, _QUEUE), (Stack, _STACK),
                     (Dictionary, _DICTIONARY)):
    register_members(_cls, _table)


# ---------------------------------------------------------------------- types and constructors


def _comparer(args: tuple[Any, ...]) -> tuple[tuple[Any, ...], bool]:
    """A constructor's arguments without a trailing comparer, and whether it ignores case."""
    if args and isinstance(args[-1], StringComparer):
        return args[:-1], args[-1].ignore_case
    return args, False


def _contents(args: tuple[Any, ...]) -> list[Any]:
    """The collection a constructor copies: none, a capacity (nothing) or a collection."""
    if len(args) > 1:
        raise TypeError("too many arguments")
    if not args or (isinstance(args[0], int) and not isinstance(args[0], bool)):
        return []
    return _items(args[0])


def _sequence_type(full_name: str, cls: type[list[Any]],
                   element: types.PSType | None, new: Callable[..., Any]) -> types.PSType:
    def check(value: Any) -> bool:
        if not isinstance(value, cls):
            return False
        mine = getattr(value, "element", None)
        return mine is element or (mine is not None and element is not None and
                                   mine.full_name == element.full_name)

    def convert(value: Any) -> Any:
        if value is None or check(value):
            return value
        return new(value if isinstance(value, (list, tuple)) else [value])

    return types.PSType(full_name, (), check, convert, new=new, collection=True)


types.register(_sequence_type("System.Collections.ArrayList", ArrayList, None,
                              lambda *args: ArrayList(_contents(args))))
for _name, _cls in (("Queue", Queue), ("Stack", Stack)):
    types.register(_sequence_type(
        f"System.Collections.{_name}", _cls, None,
        (lambda cls: lambda *args: cls(None, _contents(args)))(_cls)))


def _generic_sequence(name: str, cls: type[GenericList | Queue | Stack]
                  ) -> Callable[[tuple[types.PSType, ...]], types.PSType]:
    def close(args: tuple[types.PSType, ...]) -> types.PSType:
        (element,) = args
        return _sequence_type(types.generic_name(_GENERIC + name, args), cls, element,
                              lambda *a: cls(element, _contents(a)))

    return close


def _hash_set_type(args: tuple[types.PSType, ...]) -> types.PSType:
    (element,) = args

    def new(*given: Any) -> HashSet:
        rest, ignore_case = _comparer(given)
        return HashSet(element, _contents(rest), ignore_case)

    return _sequence_type(types.generic_name(_GENERIC + "HashSet", args), HashSet, element,
                          new)


def _dictionary_type(args: tuple[types.PSType, ...]) -> types.PSType:
    key_type, value_type = args
    full_name = types.generic_name(_GENERIC + "Dictionary", args)

    def new(*given: Any) -> Dictionary:
        rest, ignore_case = _comparer(given)
        source = _contents(rest)
        if source and not isinstance(rest[0], Hashtable):
            raise TypeError("not a dictionary")
        return Dictionary(key_type, value_type, ((e.key, e.value) for e in source),
                          ignore_case)

    def check(value: Any) -> bool:
        return isinstance(value, Dictionary) and value.type_names[0] == full_name

    def convert(value: Any) -> Any:
        if value is None or check(value):
            return value
        if isinstance(value, Hashtable):
            return Dictionary(key_type, value_type, value.items())
        raise types.CastFailure()

    return types.PSType(full_name, (), check, convert, new=new)


types.register_generic(_GENERIC + "List", 1, _generic_sequence("List", GenericList))
types.register_generic(_GENERIC + "Queue", 1, _generic_sequence("Queue", Queue))
types.register_generic(_GENERIC + "Stack", 1, _generic_sequence("Stack", Stack))
types.register_generic(_GENERIC + "HashSet", 1, _hash_set_type)
types.register_generic(_GENERIC + "Dictionary", 2, _dictionary_type)
