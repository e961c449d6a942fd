"""The one YAML loader for dialog and configuration files: safe, and bounded on any input.

`yaml.safe_load` is safe (no objects are built) but not bounded: a 531-byte "billion laughs"
file of nested aliases expands to ~10^9 nodes for whoever walks the result, and a 5,000-digit
integer raises deep inside PyYAML. Here the file is first composed into its node graph (linear
in its size: an alias is a shared node, not a copy), and that graph is checked before anything
is built from it: nesting depth, the size the aliases would expand to, cycles, and the length of
numbers. A refusal names the line and the field; nothing is expanded to find it.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64  # the bundled dialog nests 9 deep
MAX_EXPANDED_NODES = 500_000  # the bundled dialog is ~60,000 nodes with its aliases expanded
MAX_NUMBER_CHARS = 40  # a plausible number is far shorter; Python's own limit is 4300 digits

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


class YamlError(ValueError):
    """A YAML text that cannot be used; `line` is 1-based, `field` a dotted path or ''."""

    def __init__(self, line: int, message: str, field: str = "") -> None:
        super().__init__(f"{line}: {field + ': ' if field else ''}{message}")
        self.line, self.field, self.message = line, field, message


def _loader() -> type[yaml.SafeLoader]:
    # The C loader is several times faster where PyYAML was built with libyaml.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _key(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "?"


def check_node(root: yaml.Node | None) -> None:
    """Raise YamlError if `root` nests too deep, expands too far, loops, or holds a huge number.

    Linear in the number of distinct nodes: each node's expanded size is computed once.
    """
    if root is None:
        return
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    # Iterative depth-first walk: (node, depth, field, children visited?)
    stack: list[tuple[yaml.Node, int, str, bool]] = [(root, 1, "", False)]
    while stack:
        node, depth, field, done = stack.pop()
        nid = id(node)
        if done:
            on_path.discard(nid)
            children = _children(node)
            size = 1 + sum(sizes[id(c)] for _, c in children)
            if size > MAX_EXPANDED_NODES:
                raise YamlError(_line(node), f"aliases would expand to more than "
                                f"{MAX_EXPANDED_NODES} nodes (refused)", field)
            sizes[nid] = size
            continue
        if nid in sizes:
            continue  # an alias of a node already checked: its size is known
        if nid in on_path:
            raise YamlError(_line(node), "an alias refers to itself (recursive structure)", field)
        if depth > MAX_DEPTH:
            raise YamlError(_line(node), f"nested more than {MAX_DEPTH} levels deep", field)
        if isinstance(node, yaml.ScalarNode):
            if node.tag in (_INT, _FLOAT) and len(str(node.value)) > MAX_NUMBER_CHARS:
                raise YamlError(_line(node), f"number too long ({len(str(node.value))} "
                                f"characters, at most {MAX_NUMBER_CHARS})", field)
            sizes[nid] = 1
            continue
        on_path.add(nid)
        stack.append((node, depth, field, True))
        for name, child in _children(node):
            sub = f"{field}.{name}" if field and not name.startswith("[") else field + name
            stack.append((child, depth + 1, sub, False))


def _children(node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        out: list[tuple[str, yaml.Node]] = []
        for k, v in node.value:
            out.append((_key(k), k))
            out.append((_key(k), v))
        return out
    if isinstance(node, yaml.SequenceNode):
        return [(f"[{i}]", c) for i, c in enumerate(node.value)]
    return []


def load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """(data, node graph) of a YAML text, checked by `check_node`; raises YamlError."""
    try:
        node = yaml.compose(text, Loader=_loader())
        check_node(node)
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        raise YamlError(mark.line + 1 if mark else 1, f"YAML syntax: {e.problem}") from e
    except yaml.YAMLError as e:
        raise YamlError(1, f"not valid YAML: {e}") from e
    except (ValueError, RecursionError) as e:  # a number PyYAML cannot convert, or the like
        if isinstance(e, YamlError):
            raise
        raise YamlError(1, f"cannot be read: {type(e).__name__}") from e
    return data, node
