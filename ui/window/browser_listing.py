"""What the project browser lists: the project's files as entries, arranged in a tree of nodes.

A site checkout with a CMS config (``editor.site``) is shown as its CMS shows it: the headings of
``collection_groups``, each collection with its count, the subject folders inside a collection,
and "Other files" for what no collection holds. A folder without a config is shown as it always
was: one node per folder. Collections come first in the config's order (those in no group
first, then each heading's), "Other files" last; folders sort by name, articles by title.

Everything here is plain Python and runs off the GUI thread: at 35,000 entries arranging takes
longer than a frame. ``ui.window.article_tree`` presents a ``Listing`` to a QTreeView.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from editor.site import Site

ROOT, HEADING, COLLECTION, FOLDER = "root", "heading", "collection", "folder"
# Node keys: a collection's or folder's key is its folder path, which never starts with ":".
OTHER_KEY, HEADING_KEY = ":other", ":heading:"
OTHER_LABEL = "Other files"
TOP_LEVEL = "(top level)"


class Entry:
    """One file: ``folder`` and ``relpath`` relative to the project folder, ``key`` its absolute
    path as text (what the tree finds rows by). ``deleted``: a file git still has that is gone
    from the work tree (shown struck through).

    Slotted, and its ``Path`` made only when asked for: 35,000 entries are read off the GUI
    thread, but Python's garbage collector, which runs on the GUI thread (ui.common.
    garbage_collector), scans what they allocate; a Path and an instance dict per entry held
    the GUI thread 30-50 ms while a listing was read."""

    __slots__ = ("key", "_path", "title", "url", "folder", "relpath", "deleted", "haystack")

    def __init__(self, path: Path | str, title: str, url: str = "", folder: str = "", relpath: str = "",
                 deleted: bool = False) -> None:
        self.key = str(path)
        self._path = path if isinstance(path, Path) else None
        self.title, self.url, self.folder, self.deleted = title, url, folder, deleted
        self.haystack = f"{title}\n{url}".casefold()  # what the filter looks in
        if not relpath:
            name = self.key.rpartition("/")[2]
            relpath = f"{folder}/{name}" if folder else name
        self.relpath = relpath

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.key)
        return self._path

    def __repr__(self) -> str:
        return f"Entry({self.relpath!r}, {self.title!r})"

    def retitle(self, title: str) -> None:
        self.title = title
        self.haystack = f"{title}\n{self.url}".casefold()

    @property
    def order(self) -> tuple[str, str]:
        """Where the entry sorts: by folder, then by title."""
        return self.folder, self.title.casefold()


@dataclass(frozen=True)
class Place:
    """A node as the layout describes it, before any entry is in it."""

    key: str
    label: str
    kind: str
    folder: str | None  # where "New Article" puts a file; None for a heading
    rank: tuple[int, str]  # where it sorts among its siblings


@dataclass(eq=False)
class Node:
    """A heading, collection or folder row, its child nodes first, then its entries. ``uid``
    is its place in ``Listing.nodes`` (0 for the root); ``count`` the entries at any depth."""

    key: str
    label: str
    kind: str
    folder: str | None = None
    nodes: list["Node"] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    parent: "Node | None" = None
    row: int = 0
    uid: int = 0
    count: int = 0
    rank: tuple[int, str] = (0, "")

    @property
    def name(self) -> str:
        """The node's key: a folder's path (the browser's rows keep their open state by it)."""
        return self.key

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.entries)


@dataclass
class Listing:
    """What the tree shows: ``nodes`` in tree order (``nodes[0]`` the invisible root) and each
    shown path's place (``place(parent node uid, row)``, by ``Entry.key``)."""

    nodes: list[Node]
    rows: dict[str, int]
    shown: int
    by_key: dict[str, Node]

    @property
    def root(self) -> Node:
        return self.nodes[0]

    def first_entry(self) -> Entry | None:
        """The topmost article row, in tree order."""
        return next((node.entries[0] for node in self.nodes if node.entries), None)


ROW_BITS = 32


def place(uid: int, row: int) -> int:
    """A row's place as one int: 35,000 tuples would be as many objects for the collector."""
    return uid << ROW_BITS | row


def unplace(where: int) -> tuple[int, int]:
    """(parent node uid, row) of a ``place``."""
    return where >> ROW_BITS, where & ((1 << ROW_BITS) - 1)


class Layout:
    """How a project's files are grouped: by the site's collections, or by folder alone.
    ``chain(folder)`` gives the nodes above a file of that folder, outermost first."""

    def __init__(self, site: Site | None = None) -> None:
        self.site = site if site is not None and (site.config or site.project_config) else None
        self._shelves: list[tuple[Place | None, Place]] = []  # (heading, collection) in order
        self._headings: dict[str, Place] = {}
        self._chains: dict[str, tuple[Place, ...]] = {}
        if self.site is not None:
            self._read(self.site)

    @property
    def by_collection(self) -> bool:
        return self.site is not None

    def _read(self, site: Site) -> None:
        grouped = {name: group.heading for group in site.groups for name in group.collections}
        # At the top: the collections in no group, then the headings, in the config's order.
        self._headings = {group.heading: Place(HEADING_KEY + group.heading, group.heading, HEADING, None, (1, f"{i:05}"))
                          for i, group in enumerate(site.groups)}
        order = [c for c in site.collections if c.name not in grouped]
        order += [c for group in site.groups for name in group.collections if (c := site.collection(name))]
        for i, collection in enumerate(c for c in order if c.exists):
            heading = self._headings.get(grouped.get(collection.name, ""))
            self._shelves.append((heading, Place(collection.folder, collection.label, COLLECTION, collection.folder,
                                                 (0, f"{i:05}"))))

    def shelves(self) -> Iterable[tuple[Place, ...]]:
        """The chain of every collection, so that each shows even before it holds a file."""
        for heading, collection in self._shelves:
            yield (heading, collection) if heading is not None else (collection,)

    def chain(self, folder: str) -> tuple[Place, ...]:
        """The places above a file in ``folder``; worked out once per folder."""
        found = self._chains.get(folder)
        if found is None:
            found = self._chains[folder] = self._chain(folder)
        return found

    def _chain(self, folder: str) -> tuple[Place, ...]:
        if self.site is None:
            return (Place(folder, folder or TOP_LEVEL, FOLDER, folder, (0, folder)),)
        collection = self.site.collection_for(f"{folder}/x" if folder else "x")
        if collection is None:
            other = Place(OTHER_KEY, OTHER_LABEL, FOLDER, "", (2, ""))
            return (other, Place(folder, folder, FOLDER, folder, (1, folder))) if folder else (other,)
        shelf = next(((h, c) for h, c in self._shelves if c.key == collection.folder), None)
        if shelf is None:  # a collection whose folder the site says is absent: it has files after all
            shelf = (None, Place(collection.folder, collection.label, COLLECTION, collection.folder, (0, "9999")))
        heading, place = shelf
        places = (heading, place) if heading is not None else (place,)
        if folder != collection.folder:
            inner = folder[len(collection.folder) + 1:] if collection.folder else folder
            places += (Place(folder, inner, FOLDER, folder, (1, inner)),)
        return places

    def is_content(self, relpath: str) -> bool:
        """False for the site's schema templates (forms, not content)."""
        return self.site is None or not self.site.is_schema_template(relpath)


def clean_title(raw: Any, fallback: str) -> str:
    """A title as one line: folded scalars keep line breaks and runs of spaces."""
    return " ".join(raw.split()) if isinstance(raw, str) and raw.strip() else fallback


def project_entries(project: Any, layout: Layout | None = None) -> list[Entry]:
    """Every indexed file of the project as an Entry, sorted by folder then title; a site's
    schema templates are left out.

    Files that failed to load are listed too, under their file name, so the problem badge and
    the read-only view stay one click away.
    """
    root = str(project.folder)
    folders: dict[str, list[Entry]] = {}
    for relpath, raw_title, url in project.listing():
        if layout is not None and not layout.is_content(relpath):
            continue
        folder, _, name = relpath.rpartition("/")
        entries = folders.get(folder)
        if entries is None:
            entries = folders[folder] = []
        else:
            folder = entries[0].folder  # one string per folder, not one per file
        entries.append(Entry(f"{root}/{relpath}", clean_title(raw_title, name),
                             url if isinstance(url, str) else str(url or ""), folder, relpath))
    # Sorted folder by folder: one sort of 35,000 entries holds the GIL (and the GUI thread) for
    # tens of milliseconds in one C call; a folder's sort is a few.
    ordered: list[Entry] = []
    for folder in sorted(folders):
        ordered += sorted(folders[folder], key=lambda e: e.title.casefold())
    return ordered


def arrange(entries: list[Entry], words: list[str], layout: Layout | None = None, extra: Iterable[Entry] = ()) -> Listing:
    """The entries holding every one of ``words`` (casefolded) in their title or url, in the
    layout's tree; ``extra`` (deleted files, sorted) join them in order. Without words every
    collection shows, even an empty one; with words only the nodes that hold a match."""
    layout = layout or Layout()
    extra = list(extra)
    if extra:
        entries = list(heapq.merge(entries, extra, key=lambda e: e.order))
    shown = [e for e in entries if all(w in e.haystack for w in words)] if words else entries
    root = Node("", "", ROOT)
    by_key: dict[str, Node] = {}

    def node_at(places: tuple[Place, ...]) -> Node:
        parent = root
        for place in places:
            node = by_key.get(place.key)
            if node is None:
                node = by_key[place.key] = Node(place.key, place.label, place.kind, place.folder, parent=parent, rank=place.rank)
                parent.nodes.append(node)
            parent = node
        return parent

    if not words:
        for places in layout.shelves():
            node_at(places)
    last_folder, container = None, root
    for entry in shown:
        if entry.folder != last_folder:  # entries come by folder: one chain lookup per folder
            last_folder, container = entry.folder, node_at(layout.chain(entry.folder))
        container.entries.append(entry)
    return _number(root, by_key, len(shown))


def _number(root: Node, by_key: dict[str, Node], shown: int) -> Listing:
    """Sort each node's children, give every node its uid and row, count the entries below."""
    nodes: list[Node] = []
    rows: dict[str, int] = {}

    def visit(node: Node) -> int:
        node.uid = len(nodes)
        nodes.append(node)
        node.nodes.sort(key=lambda n: n.rank)
        count = len(node.entries)
        for row, child in enumerate(node.nodes):
            child.row = row
            count += visit(child)
        first = len(node.nodes)
        for row, entry in enumerate(node.entries, first):
            rows[entry.key] = place(node.uid, row)
        node.count = count
        return count

    visit(root)
    return Listing(nodes, rows, shown, by_key)
