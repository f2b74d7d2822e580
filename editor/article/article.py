"""An article document: load, get and set values by dotted key, the answer, the body, dumps and save.

The article keeps its file's text. Reads go through safely constructed values; writes patch only
the changed value's text (see ``yamlpatch``), so an unchanged article dumps to identical bytes and
an edit changes only its own lines, and every edit is read back before it counts (``edit_check``).
Saving is atomic, under the file's save lock, and refuses to overwrite a file that changed on
disk since it was loaded (``disk``), or to write a file the editor would then refuse to open.
"""
from __future__ import annotations

import copy
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from yaml.nodes import MappingNode, ScalarNode

from editor.answer import codec as answer_codec
from editor.article import disk, edit_check, frontmatter, styles
from editor.article import yamlpatch
from editor.article.disk import MAX_FILE_BYTES
from editor.article.edit_check import DuplicateKey
from editor.article.frontmatter import ArticleError, ConflictError
from editor.article.schema import Schema, load_schema, relation_slot

__all__ = ["Article", "ArticleError", "ConflictError", "MISSING", "MAX_FILE_BYTES"]

MISSING: Any = object()
_ABSENT: Any = object()
_sha256 = disk.sha256


class Article:
    """One article file, as text plus its parsed front matter."""

    def __init__(self, data: bytes, parts: frontmatter.Parts, path: Path | None) -> None:
        self.path = path
        self.original_bytes = data
        self.disk_hash = _sha256(data)
        self._bom = parts.bom
        self._original_text = parts.text
        self._text = parts.text
        self._yaml_start = parts.yaml_start
        self._yaml_end = parts.yaml_end
        self._newline = parts.newline
        self._schema: Schema | None = None
        self._root: MappingNode
        self._values: dict[str, Any]
        self._reparse(check=True)
        # The file's own styles, as loaded: a value that once needed quotes (a trailing space
        # typed mid-edit) returns to the field's folded or plain style once it can.
        self._loaded_root, self._loaded_yaml = self._root, self._yaml

    # --- loading ------------------------------------------------------------------------------
    @classmethod
    def parse(cls, data: bytes, path: str | os.PathLike[str] | None = None) -> "Article":
        """An article from bytes; ArticleError for anything that is not a readable article."""
        where = Path(path) if path is not None else None
        if not isinstance(data, (bytes, bytearray)):
            raise ArticleError(where, None, "article data must be bytes")
        data = bytes(data)
        if len(data) > MAX_FILE_BYTES:
            raise ArticleError(where, None, f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        parts = frontmatter.split(data, where)
        try:
            return cls(data, parts, where)
        except ArticleError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever the bytes, only ArticleError escapes
            raise ArticleError(where, None, f"cannot read the front matter: {exc}") from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> "Article":
        """An article from a regular file (never a FIFO or device: those would hang or never end)."""
        where = Path(path)
        return cls.parse(disk.read_regular(where, MAX_FILE_BYTES), where)

    def _reparse(self, check: bool = False) -> None:
        yaml_text = self._text[self._yaml_start : self._yaml_end]
        line_offset = self._text.count("\n", 0, self._yaml_start)
        self._line_offset = line_offset
        self._root = frontmatter.compose(yaml_text, self.path, line_offset, check=check)
        self._values = frontmatter.construct(self._root, self.path, line_offset)
        self._structure: edit_check.Structure | None = None

    def _shape(self) -> edit_check.Structure:
        """Anchors, aliases, merges and duplicate keys of the current tree (worked out on demand)."""
        if self._structure is None:
            self._structure = edit_check.Structure(self._root, self._line_offset)
        return self._structure

    def duplicate_keys(self) -> list[DuplicateKey]:
        """Keys written more than once in one mapping, with their lines."""
        return self._shape().duplicates()

    # --- reading ------------------------------------------------------------------------------
    @property
    def schema(self) -> Schema:
        if self._schema is None:
            name = self._values.get("_schema")
            self._schema = load_schema(name if isinstance(name, str) else "default", self._project_folder())
        return self._schema

    def _project_folder(self) -> Path | None:
        """The content folder: the nearest parent holding an ``.article-editor`` folder, if any."""
        if self.path is None:
            return None
        for parent in Path(self.path).resolve().parents:
            if (parent / ".article-editor").is_dir():
                return parent
        return None

    @property
    def data(self) -> dict[str, Any]:
        """The front matter as plain Python values (a copy: changing it changes nothing)."""
        return copy.deepcopy(self._values)

    def get(self, key: str, default: Any = MISSING) -> Any:
        """The value of a dotted key such as ``seo.page_keywords``; KeyError if missing and no default."""
        value = self._lookup(key)
        if value is _ABSENT:
            if default is MISSING:
                raise KeyError(f"no field {key!r}" + (f" in {self.path}" if self.path else ""))
            return default
        return copy.deepcopy(value) if isinstance(value, (dict, list)) else value

    def _lookup(self, key: str) -> Any:
        value: Any = self._values
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return _ABSENT
            value = value[part]
        return value

    def has(self, key: str) -> bool:
        return self._lookup(key) is not _ABSENT

    def keys(self, prefix: str = "") -> list[str]:
        """Top-level keys in file order, or the keys of the mapping at ``prefix``."""
        if not prefix:
            return yamlpatch.mapping_keys(self._root)
        found = yamlpatch.find(self._root, prefix)
        if found is None or not isinstance(found[1], MappingNode):
            return []
        return yamlpatch.mapping_keys(found[1])

    def line_of(self, key: str) -> int | None:
        """1-based line of a key in the file, or None."""
        found = yamlpatch.find(self._root, key)
        return None if found is None else found[0].start_mark.line + self._line_offset + 1

    @property
    def answer(self) -> str:
        """The answer as markdown with real line breaks (the site's backslash-n replacement applied)."""
        stored = self._values.get("answer")
        return answer_codec.decode(stored) if isinstance(stored, str) else ""

    @answer.setter
    def answer(self, text: str) -> None:
        if text == self.answer and isinstance(self._values.get("answer"), str):
            return  # an unchanged answer is never re-encoded (real line feeds would merge)
        self.set("answer", answer_codec.encode(text))

    @property
    def body(self) -> str:
        """The markdown body after the front matter, exactly as the file has it (a post's text; an
        answer's is usually ``&nbsp;``): line ends and a missing final newline are kept."""
        return self._text[self._parts().body_start:]

    @body.setter
    def body(self, text: str) -> None:
        """Replace the body; not a character of the front matter changes (``Parts.with_body``)."""
        if text != self.body:
            self._text = self._parts().with_body(text, self._newline)

    def _parts(self) -> frontmatter.Parts:
        return frontmatter.Parts(self._bom, self._text, self._yaml_start, self._yaml_end, 0)

    @property
    def text(self) -> str:
        """The whole file as text (BOM removed), with the edits made so far."""
        return self._text

    @property
    def is_modified(self) -> bool:
        return self._text != self._original_text

    def dumps(self) -> bytes:
        if not self.is_modified:
            return self.original_bytes
        return (frontmatter.BOM if self._bom else "").encode("utf-8") + self._text.encode("utf-8")

    # --- writing ------------------------------------------------------------------------------
    def set(self, key: str, value: Any) -> None:
        """Set a dotted key. Only the value's own text changes; a new key goes where the schema
        orders it, or at the end of its mapping. The new text is read back: ArticleError (and no
        change) unless the key holds exactly ``value`` and every other value is as it was; also
        for a key written twice, or reached through an alias or merge key."""
        value = edit_check.plain(value)
        current = self._lookup(key)
        if current is not _ABSENT and edit_check.same(current, value):
            return
        self._refuse_unsafe(key)
        with self._verified({key: value}):
            self._set(key, value)

    def _set(self, key: str, value: Any) -> None:
        found = yamlpatch.find(self._root, key)
        if found is None:
            self._insert(key, value)
            return
        knode, vnode, parent = found
        if parent.flow_style:
            self._set_in_flow(key, vnode, value)
            return
        if isinstance(value, dict) and isinstance(vnode, MappingNode) and not vnode.flow_style and vnode.value:
            self._set_mapping(key, value)
            return
        if isinstance(vnode, ScalarNode) and not isinstance(value, (dict, list)) and not yamlpatch.is_empty(vnode):
            self._replace(*self._scalar_patch(key, knode, vnode, value))
            return
        self._rewrite_field(key, knode, vnode, value)

    def set_many(self, values: dict[str, Any]) -> None:
        """Set several keys at once; existing scalar fields are patched in one pass (one re-read).
        All or nothing: if one of them cannot be set, none is."""
        patches: list[tuple[int, int, str]] = []
        rest: dict[str, Any] = {}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            value = edit_check.plain(value)
            current = self._lookup(key)
            if current is not _ABSENT and edit_check.same(current, value):
                continue
            self._refuse_unsafe(key)
            changes[key] = value
            found = yamlpatch.find(self._root, key)
            if (found is None or not isinstance(found[1], ScalarNode) or yamlpatch.is_empty(found[1])
                    or found[2].flow_style or isinstance(value, (dict, list))):
                rest[key] = value
                continue
            patches.append(self._scalar_patch(key, found[0], found[1], value))
        if not changes:
            return
        with self._verified(changes):
            if patches:
                patches.sort(reverse=True)
                yaml_text = self._yaml
                for start, end, new in patches:
                    yaml_text = yaml_text[:start] + new + yaml_text[end:]
                self._replace(0, len(self._yaml), yaml_text)
            for key, value in rest.items():
                self.set(key, value)

    def _scalar_patch(self, key: str, knode: ScalarNode, vnode: ScalarNode, value: Any) -> tuple[int, int, str]:
        """(start, end, new text) that replaces a scalar value, in the style the file gave it."""
        style = self._loaded_style(key) or yamlpatch.style_of(self._yaml, knode, vnode)
        new = yamlpatch.scalar_text(value, style, knode.start_mark.column, self._newline)
        return vnode.start_mark.index, yamlpatch.value_end(self._yaml, vnode), new

    def _set_in_flow(self, key: str, vnode: Any, value: Any) -> None:
        """A value inside ``{...}`` or ``[...]``: written as one flow value, quoted for that context
        (``k1, k2`` plain would read as two entries)."""
        style = yamlpatch.style_of(self._yaml, vnode, vnode) if isinstance(vnode, ScalarNode) else yamlpatch.Style()
        try:
            new = yamlpatch.flow_text(value, style)
        except ValueError as exc:
            raise ArticleError(self.path, self.line_of(key), f"cannot set '{key}' inside a flow collection: {exc}") from None
        start, end = vnode.start_mark.index, yamlpatch.value_end(self._yaml, vnode)
        if yamlpatch.is_empty(vnode) and self._yaml[start - 1 : start] == ":":
            new = " " + new
        self._replace(start, end, new)

    # --- the checks around every edit ---------------------------------------------------------
    def _refuse_unsafe(self, key: str) -> None:
        """ArticleError when a text patch of ``key`` cannot be made safely (see ``edit_check``)."""
        reason = self._shape().refusal(key)
        if reason is not None:
            line = self.line_of(key) or self.line_of(key.split(".")[0])
            raise ArticleError(self.path, line, f"cannot edit '{key}': {reason}")

    @contextmanager
    def _verified(self, changes: dict[str, Any]) -> Iterator[None]:
        """Run an edit; then the re-read values must be the old ones with ``changes`` applied.
        Anything else (or any error on the way) puts the text back as it was and raises."""
        duplicated = {d.key for d in self._shape().duplicates()}
        saved = (self._text, self._yaml_end, self._root, self._values, self._structure, self._line_offset)
        try:
            yield
            problem = edit_check.mismatch(saved[3], self._values, changes)
            new = [d.key for d in self._shape().duplicates() if d.key not in duplicated]
            if problem is None and new:
                problem = f"it would write the key '{new[0]}' twice"
        except BaseException:
            self._text, self._yaml_end, self._root, self._values, self._structure, self._line_offset = saved
            raise
        if problem is not None:
            self._text, self._yaml_end, self._root, self._values, self._structure, self._line_offset = saved
            key = next(iter(changes))
            raise ArticleError(self.path, self.line_of(key), f"the edit of '{key}' was not made: {problem}")

    def _loaded_style(self, key: str) -> yamlpatch.Style | None:
        found = yamlpatch.find(self._loaded_root, key)
        if found is None or not isinstance(found[1], ScalarNode) or yamlpatch.is_empty(found[1]):
            return None
        return yamlpatch.style_of(self._loaded_yaml, found[0], found[1])

    def _set_mapping(self, key: str, value: dict[str, Any]) -> None:
        for child in self.keys(key):
            if child not in value:
                self.delete(f"{key}.{child}")
        for child, child_value in value.items():
            self.set(f"{key}.{child}", child_value)
        self._reorder_children(key, list(value))

    def _reorder_children(self, key: str, order: list[str]) -> None:
        """After a mapping set, children stand in the order of the given dict, moving whole lines."""
        if self.keys(key) == order:
            return
        found = yamlpatch.find(self._root, key)
        assert found is not None
        mapping = found[1]
        assert isinstance(mapping, MappingNode)
        text = self._yaml
        blocks = {knode.value: self._field_span(knode, vnode) for knode, vnode in mapping.value}
        first = min(s for s, _ in blocks.values())
        last = max(e for _, e in blocks.values())
        self._replace(first, last, "".join(text[blocks[k][0] : blocks[k][1]] for k in order))

    def delete(self, key: str) -> None:
        """Remove a dotted key and its lines; KeyError if it is missing."""
        found = yamlpatch.find(self._root, key)
        if found is None:
            raise KeyError(f"no field {key!r}")
        self._refuse_unsafe(key)
        knode, vnode, parent = found
        if parent.flow_style:
            raise ArticleError(self.path, self.line_of(key), f"cannot remove '{key}' from inside a flow collection")
        with self._verified({key: edit_check.DELETED}):
            start, end = self._field_span(knode, vnode)
            self._replace(start, end, "")

    def rename(self, old_key: str, new_key: str) -> None:
        """Rename a key in place (same mapping), keeping its value's text."""
        found = yamlpatch.find(self._root, old_key)
        if found is None:
            raise KeyError(f"no field {old_key!r}")
        parent_old, _, _ = old_key.rpartition(".")
        parent_new, _, name = new_key.rpartition(".")
        if parent_old != parent_new:
            raise ValueError("rename keeps a key in its mapping; use set and delete to move it")
        if old_key == new_key:
            return
        if self.has(new_key):
            raise ValueError(f"field {new_key!r} already exists")
        self._refuse_unsafe(old_key)
        knode = found[0]
        with self._verified({old_key: edit_check.DELETED, new_key: self._lookup(old_key)}):
            self._replace(knode.start_mark.index, knode.end_mark.index, yamlpatch.key_text(name))

    # --- text surgery -------------------------------------------------------------------------
    @property
    def _yaml(self) -> str:
        return self._text[self._yaml_start : self._yaml_end]

    def _replace(self, start: int, end: int, new: str) -> None:
        """Replace a span of the front matter's text, then re-read it; undone if the result is invalid."""
        old_text, old_end = self._text, self._yaml_end
        base = self._yaml_start
        self._text = self._text[: base + start] + new + self._text[base + end :]
        self._yaml_end += len(new) - (end - start)
        try:
            self._reparse()
        except ArticleError as exc:
            self._text, self._yaml_end = old_text, old_end
            self._reparse()
            raise ArticleError(self.path, exc.line, f"the edit would make the front matter invalid: {exc.message}")

    def _field_span(self, knode: ScalarNode, vnode: Any) -> tuple[int, int]:
        text = self._yaml
        start = yamlpatch.line_start(text, knode.start_mark.index)
        end_pos = knode.end_mark.index if yamlpatch.is_empty(vnode) else yamlpatch.value_end(text, vnode)
        return start, yamlpatch.line_end(text, max(end_pos - 1, start))

    def _rewrite_field(self, key: str, knode: ScalarNode, vnode: Any, value: Any) -> None:
        start, end = self._field_span(knode, vnode)
        name = key.rpartition(".")[2]
        text = yamlpatch.field_text(name, value, knode.start_mark.column, self._newline, self._hints(), key)
        if not self._yaml[start:end].endswith(("\n", "\r")):
            text = text.rstrip("\r\n")
        self._replace(start, end, text)

    def _insert(self, key: str, value: Any) -> None:
        parent, _, name = key.rpartition(".")
        if parent:
            found = yamlpatch.find(self._root, parent)
            if found is None:
                self.set(parent, {name: value})
                return
            mapping = found[1]
            if not isinstance(mapping, MappingNode) or mapping.flow_style or not mapping.value:
                current = self.get(parent)
                self.set(parent, {**(current if isinstance(current, dict) else {}), name: value})
                return
            order = self.schema.child_order(parent)
        else:
            mapping = self._root
            order = self.schema.order()
        column = mapping.value[0][0].start_mark.column if mapping.value else 0
        at = self._insert_position(mapping, name, order)
        text = yamlpatch.field_text(name, value, column, self._newline, self._hints(), key)
        if at == len(self._yaml) and self._yaml and not self._yaml.endswith(("\n", "\r")):
            text = self._newline + text
        self._replace(at, at, text)

    def _insert_position(self, mapping: MappingNode, name: str, order: list[str]) -> int:
        text = self._yaml
        pairs = [(k, v) for k, v in mapping.value if isinstance(k, ScalarNode)]
        if not pairs:
            return len(text)
        rank = {k: i for i, k in enumerate(order)}
        slot = relation_slot(name)
        if name in rank:
            before = [(k, v) for k, v in pairs if rank.get(k.value, -1) < rank[name] and k.value in rank]
            after = [(k, v) for k, v in pairs if rank.get(k.value, -1) > rank[name]]
            if not before and after:
                return yamlpatch.line_start(text, after[0][0].start_mark.index)
            if before:
                return self._field_span(*before[-1])[1]
        elif slot is not None:
            before = [(k, v) for k, v in pairs if 0 < (relation_slot(k.value) or 0) < slot]
            if before:
                return self._field_span(*before[-1])[1]
        return self._field_span(*pairs[-1])[1]

    def _hints(self) -> yamlpatch.StyleHints:
        return styles.hints(self._root, self._yaml, lambda: self.schema)

    # --- saving -------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str] | None = None, force: bool = False,
             overwrite_read_only: bool = False, held: disk.Locked | None = None) -> Path | None:
        """Write the article atomically. Unmodified and saved in place: writes nothing.

        Raises ConflictError when the file changed (or vanished, or became a FIFO) on disk since
        it was loaded, unless ``force``: checked under the file's save lock, once before the new
        version is written and again just before it replaces the file. Raises ArticleError when
        the new bytes are a file the editor would refuse to open (over a size limit), and
        ``editor.article.atomic.SaveError`` (an OSError) when writing fails, the original intact;
        ``ReadOnlyFileError`` for a read-only file unless ``overwrite_read_only``. ``held``: the
        file's save lock, taken with ``disk.edit_lock`` before the article was loaded.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ArticleError(None, None, "this article has no file yet; give a path to save it")
        in_place = self.path is not None and os.path.abspath(target) == os.path.abspath(self.path)
        if in_place and not self.is_modified and not force:
            return None
        data = self.dumps()
        if self.is_modified:
            self._refuse_unloadable(data, target)
        # A rebased buffer whose file did not exist has no hash: "" matches no file, so any file
        # found there (or none) is a conflict until forced.
        expected = (self.disk_hash or "") if in_place and not force else None
        disk.guarded_write(target, data, expected, overwrite_read_only=overwrite_read_only, held=held)
        self.path = target
        self.original_bytes = data
        self.disk_hash = _sha256(data)
        self._original_text = self._text
        return target

    def rebase(self, baseline: bytes | None, disk_hash: str | None) -> None:
        """Treat the current text as unsaved changes over ``baseline`` (the file as it was on disk,
        or None when it does not exist). Restoring a recovered buffer uses this: it stays
        modified until saved, and ``save()`` still refuses to overwrite a newer disk version."""
        self.original_bytes = baseline if baseline is not None else b""
        self.disk_hash = disk_hash  # type: ignore[assignment]
        try:
            text = frontmatter.decode(baseline, self.path)[1] if baseline is not None else None
        except ArticleError:
            text = None
        self._original_text = text if text is not None else "\0"  # never equal to an article text

    def _refuse_unloadable(self, data: bytes, target: Path) -> None:
        """The loader's own limits, applied to the bytes about to be written: an edit never saves a
        file the editor then refuses to open (a 2.1-million-character answer)."""
        try:
            Article.parse(data, target)
        except ArticleError as exc:
            raise ArticleError(target, exc.line, f"not saved: the edited article would be a file the editor "
                                                 f"cannot open again ({exc.message})") from None

    def disk_changed(self) -> bool:
        """True when the file on disk no longer holds the bytes this article was loaded from."""
        if self.path is None:
            return False
        try:
            return _sha256(disk.read_regular(self.path)) != self.disk_hash
        except ArticleError:
            return True
