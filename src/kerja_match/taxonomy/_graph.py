"""Graph helpers of a concept hierarchy (or any directed graph given as node -> linked nodes)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


def find_cycles(links: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Cycles of a directed graph given as node -> linked nodes, one per back edge found.

    An iterative depth-first search in the mapping's order (deep hierarchies such as ESCO's would
    overflow recursion); a cycle is listed from the node it closes on. Links to unknown nodes are
    ignored: callers report those separately.
    """
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    cycles: list[list[str]] = []
    for start in links:
        if start in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(links[start]))]
        state[start] = 1
        while stack:
            node, rest = stack[-1]
            nxt = next(rest, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                path = [n for n, _ in stack]
                cycles.append(path[path.index(nxt) :])
            elif nxt not in state and nxt in links:
                state[nxt] = 1
                stack.append((nxt, iter(links[nxt])))
    return cycles
