"""Intake: content-addressed, read-only, atomic, deduplicated with a custody event; bad inputs."""

from __future__ import annotations

import io
import os
import stat
import sys
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file
from evidence_helpers import make_env

from hisab.evidence import add, files
from hisab.evidence import vault as vault_module
from hisab.evidence.errors import BadEvidenceFile, IntakeRejected
from hisab.store.models import CustodyEvent, EvidenceItem


def jpeg_bytes(seed: int = 0, size=(64, 48)) -> bytes:
    image = Image.new("RGB", size)
    image.putdata([((x * 7 + seed * 31) % 256, (y * 5) % 256, (x * y + seed) % 256)
                   for y in range(size[1]) for x in range(size[0])])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


def test_stored_by_hash_read_only_and_deduplicated(tmp_path, drop):
    (drop / "a.jpg").write_bytes(jpeg_bytes())
    (drop / "sub").mkdir()
    (drop / "sub" / "copy of a.jpg").write_bytes(jpeg_bytes())
    store, vault = make_env(tmp_path)
    result = add(store, vault, [drop], source="test", collected_by="analyst 1")
    first, second = result.items
    assert first.sha256 == second.sha256 and not first.duplicate and second.duplicate
    path = vault.object_path(first.sha256)
    assert path == tmp_path / "vault" / "sha256" / first.sha256[:2] / first.sha256[2:4] / first.sha256
    assert path.read_bytes() == jpeg_bytes() and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert list((tmp_path / "vault" / "tmp").iterdir()) == []
    with store.session() as s:
        assert s.query(EvidenceItem).count() == 1
        actions = [e.action for e in s.query(CustodyEvent).order_by(CustodyEvent.seq)]
        assert actions == ["intake", "intake-duplicate"]
    assert (drop / "a.jpg").read_bytes() == jpeg_bytes()  # the original is untouched


def test_key_created_owner_only(tmp_path, drop):
    (drop / "a.jpg").write_bytes(jpeg_bytes())
    store, vault = make_env(tmp_path)
    add(store, vault, [drop])
    key = tmp_path / "vault" / "keys" / "custody_ed25519.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_crash_during_copy_leaves_no_object(tmp_path, drop, monkeypatch):
    (drop / "a.bin").write_bytes(os.urandom(3 << 20))
    store, vault = make_env(tmp_path)
    real = vault_module._copy_and_hash

    def crash(source, target, *, fsync):
        real(source, target, fsync=fsync)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vault_module, "_copy_and_hash", crash)
    with pytest.raises(BadEvidenceFile, match="No space left"):
        add(store, vault, [drop])
    assert not any((tmp_path / "vault" / "sha256").rglob("*")) or all(
        p.is_dir() for p in (tmp_path / "vault" / "sha256").rglob("*"))
    assert list((tmp_path / "vault" / "tmp").iterdir()) == []
    with store.session() as s:
        assert s.query(EvidenceItem).count() == 0


def test_large_file_streamed_in_bounded_memory(tmp_path, drop):
    big = drop / "big.bin"
    with open(big, "wb") as handle:
        for _ in range(48):
            handle.write(os.urandom(1 << 20))
    store, vault = make_env(tmp_path)
    tracemalloc.start()
    obj = vault.put(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert obj.size == 48 << 20 and peak < 24 << 20


def test_zero_byte_file_rejected(tmp_path, drop):
    (drop / "empty.jpg").write_bytes(b"")
    store, vault = make_env(tmp_path)
    with pytest.raises(IntakeRejected, match=r"empty\.jpg: empty file \(0 bytes\)"):
        add(store, vault, [drop])


def test_bad_files_reported_together_and_nothing_stored(tmp_path, drop):
    (drop / "good.jpg").write_bytes(jpeg_bytes())
    (drop / "empty.jpg").write_bytes(b"")
    outside = tmp_path / "secret.txt"
    outside.write_text("not evidence")
    (drop / "link.txt").symlink_to(outside)
    store, vault = make_env(tmp_path)
    with pytest.raises(IntakeRejected) as info:
        add(store, vault, [drop])
    reasons = dict(info.value.problems)
    assert "empty file" in reasons[str(drop / "empty.jpg")]
    assert "symlink pointing outside the intake folder" in reasons[str(drop / "link.txt")]
    assert not any(p.is_file() for p in (tmp_path / "vault" / "sha256").rglob("*"))
    result = add(store, vault, [drop], skip_bad=True)
    assert [i.original_filename for i in result.items] == ["good.jpg"] and len(result.rejected) == 2


def test_symlink_inside_folder_is_fine(tmp_path, drop):
    (drop / "a.jpg").write_bytes(jpeg_bytes())
    (drop / "alias.jpg").symlink_to(drop / "a.jpg")
    store, vault = make_env(tmp_path)
    assert len(add(store, vault, [drop]).items) == 2


def test_unreadable_file(tmp_path, drop, monkeypatch):
    target = drop / "locked.jpg"
    target.write_bytes(jpeg_bytes())
    if os.geteuid() == 0:  # root ignores permission bits: make the open fail as it would for a user
        real = files.probe_open

        def denied(path):
            if path.name == "locked.jpg":
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(files, "probe_open", denied)
    else:
        target.chmod(0)
    store, vault = make_env(tmp_path)
    with pytest.raises(IntakeRejected, match="locked.jpg: cannot be read: Permission denied"):
        add(store, vault, [drop])


def test_missing_path_and_fifo(tmp_path, drop):
    os.mkfifo(drop / "pipe")
    store, vault = make_env(tmp_path)
    with pytest.raises(IntakeRejected) as info:
        add(store, vault, [drop, tmp_path / "nowhere"])
    reasons = dict(info.value.problems)
    assert reasons[str(drop / "pipe")].startswith("not a regular file")
    assert reasons[str(tmp_path / "nowhere")] == "no such file or folder"


def test_truncated_media_stored_with_warning(tmp_path, drop):
    data = jpeg_bytes(size=(320, 240))
    (drop / "cut.jpg").write_bytes(data[: len(data) // 3])
    store, vault = make_env(tmp_path)
    item = add(store, vault, [drop]).items[0]
    assert item.media_type == "image/jpeg"
    assert any("could not be decoded" in w for w in item.warnings)
    assert vault.object_path(item.sha256).read_bytes() == data[: len(data) // 3]


def test_wrong_extension_recorded_by_content(tmp_path, drop):
    (drop / "clip.mov").write_bytes(jpeg_bytes())
    store, vault = make_env(tmp_path)
    item = add(store, vault, [drop]).items[0]
    assert item.media_type == "image/jpeg"
    assert any("extension suggests video/quicktime but the content is image/jpeg" in w for w in item.warnings)


@pytest.mark.parametrize("name, shown", [("line\nbreak.jpg", "line\\x0abreak.jpg"),
                                         ("bell\x07.jpg", "bell\\x07.jpg"),
                                         ("dir\\evil.jpg", "dir\\evil.jpg")])
def test_names_with_control_characters_or_separators(tmp_path, drop, name, shown):
    (drop / name).write_bytes(jpeg_bytes())
    store, vault = make_env(tmp_path)
    item = add(store, vault, [drop]).items[0]
    assert item.original_filename == shown and item.warnings
    assert vault.object_path(item.sha256).is_file()


def test_undecodable_name_bytes(tmp_path, drop):
    raw = os.fsencode(drop) + b"/caf\xe9.jpg"
    with open(raw, "wb") as handle:
        handle.write(jpeg_bytes())
    store, vault = make_env(tmp_path)
    item = add(store, vault, [drop]).items[0]
    assert item.original_filename == "caf\\xe9.jpg"


def test_unknown_incident(tmp_path, drop):
    from hisab.errors import NotFound

    (drop / "a.jpg").write_bytes(jpeg_bytes())
    store, vault = make_env(tmp_path)
    with pytest.raises(NotFound, match="incident 99"):
        add(store, vault, [drop], incident_id=99)


def test_truncated_media_reported_even_after_weasyprint_switches_pillow_to_lenient(tmp_path, drop):
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES at import (the report imports it)."""
    from PIL import ImageFile

    data = jpeg_bytes(size=(320, 240))
    (drop / "cut.jpg").write_bytes(data[: len(data) // 3])
    store, vault = make_env(tmp_path)
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        item = add(store, vault, [drop]).items[0]
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous
    assert any("could not be decoded" in w for w in item.warnings)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is previous
