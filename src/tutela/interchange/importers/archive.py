"""Zip archives: how Shapefiles travel. One dataset inside, unpacked safely, read by its own
importer.

A zip from elsewhere is untrusted input. Before anything is written it is checked against
limits that a zip bomb or a crafted archive breaks: the number of entries, the total size they
declare, each entry's compression ratio, names that would escape the folder (``..``, absolute
paths, drive letters) and links. While unpacking, the bytes actually written are counted
too, because the sizes an entry declares may lie. Each refusal says which file and what to do;
nothing reaches the database because nothing has been read yet.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from django.conf import settings

from tutela.interchange.importers.base import Importer
from tutela.interchange.records import Problem, Row, UnreadableFile

MAX_ENTRIES = 1000
# deflate reaches ~1,030:1 on runs of one byte; real Shapefiles, GeoPackages and CSVs compress
# 2-30:1. An entry above this ratio (and above 1 MiB unpacked) is treated as a bomb.
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 1 << 20
# What a dataset inside may be, in the order of preference when looking for it.
DATASET_ENDINGS = (".shp", ".gpkg", ".geojson", ".json", ".csv", ".tsv", ".osm.pbf", ".pbf")


class ArchiveImporter(Importer):
    """Unpacks a .zip and hands every call on to the importer of the dataset inside."""

    format: ClassVar[str] = "zip"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inner: Importer | None = None
        self._folder: Path | None = None

    # The inner format's nature, once it is known.
    @property
    def unit(self) -> str:  # type: ignore[override]  # a ClassVar on other importers
        return self.inner.unit if self.inner else "feature"

    @property
    def has_geometry(self) -> bool:  # type: ignore[override]  # a ClassVar on other importers
        return self.inner.has_geometry if self.inner else True

    def refuse(self, message: str) -> UnreadableFile:
        return UnreadableFile(self.where(), message)

    def limit_bytes(self) -> int:
        return int(settings.TUTELA_IMPORT_MAX_UNZIPPED_MB) * 1024 * 1024

    def check(self) -> None:
        super().check()
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as error:
            raise self.refuse(
                f"it is not a zip archive, or it is damaged ({error}). Copy or download it again."
            ) from None
        with archive:
            entries = self._checked_entries(archive)
            self._folder = Path(tempfile.mkdtemp(prefix="tutela-unzip-"))
            self._unpack(archive, entries)
        dataset = self._dataset(entries)
        from tutela.interchange.importers import importer_for

        self.inner = importer_for(self._folder / dataset, self.options)
        # Problems name the file inside the archive: "places.zip/places.shp, feature 3".
        self.inner.name = f"{self.name}/{dataset}"
        # An archive takes on its inner file's format once open: the one importer whose
        # format is not fixed by its class.
        self.format = self.inner.format  # type: ignore[misc]
        self.inner.check()

    def _checked_entries(self, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise self.refuse(
                f"it holds {len(entries):,} entries, more than the {MAX_ENTRIES:,} a dataset "
                "needs; it is not unpacked. Zip only the dataset's files (a Shapefile is 4-6)."
            )
        limit = self.limit_bytes()
        total = 0
        for entry in entries:
            self._check_name(entry)
            total += entry.file_size
            if entry.file_size > RATIO_CHECKED_ABOVE and entry.file_size > MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise self.refuse(
                    f"{entry.filename} would unpack from {entry.compress_size:,} to "
                    f"{entry.file_size:,} bytes ({entry.file_size // max(entry.compress_size, 1):,}"
                    f":1), which no real dataset does; it looks like a zip bomb and is not "
                    "unpacked. Ask the sender for the dataset itself."
                )
        if total > limit:
            raise self.refuse(
                f"it would unpack to {total / 2**20:,.0f} MB, more than the "
                f"{limit / 2**20:,.0f} MB allowed (TUTELA_IMPORT_MAX_UNZIPPED_MB); it is not "
                "unpacked. Unzip it yourself and import the dataset, or raise the limit."
            )
        return entries

    def _check_name(self, entry: zipfile.ZipInfo) -> None:
        name = entry.filename.replace("\\", "/")
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
            raise self.refuse(
                f'the entry "{entry.filename}" would be written outside the folder it is '
                "unpacked into; the archive is not unpacked. Ask the sender for an archive of "
                "the dataset's files alone."
            )
        mode = entry.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise self.refuse(
                f'the entry "{entry.filename}" is a link, which Tutela does not follow; the '
                "archive is not unpacked. Zip the files themselves."
            )

    def _unpack(self, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
        if self._folder is None:
            raise RuntimeError("the archive's folder is made before it is unpacked")
        budget = self.limit_bytes()
        for entry in entries:
            target = self._folder.joinpath(*PurePosixPath(entry.filename.replace("\\", "/")).parts)
            if entry.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            try:
                with archive.open(entry) as source, target.open("wb") as out:
                    while chunk := source.read(1 << 20):
                        written += len(chunk)
                        budget -= len(chunk)
                        # zipfile stops at the declared size and checks the CRC, but a
                        # declared size is the sender's word: count what is written.
                        if written > entry.file_size or budget < 0:
                            raise self.refuse(
                                f"{entry.filename} unpacks to more than it declares or than "
                                "TUTELA_IMPORT_MAX_UNZIPPED_MB allows; the archive is not "
                                "used. Ask the sender for the dataset itself."
                            )
                        out.write(chunk)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
                raise self.refuse(
                    f"{entry.filename} cannot be unpacked ({error}); the archive is damaged. "
                    "Copy or download it again."
                ) from None
            except NotImplementedError as error:  # an unsupported compression method
                raise self.refuse(f"{entry.filename} cannot be unpacked: {error}.") from None
            except RuntimeError as error:  # an encrypted entry
                raise self.refuse(
                    f"{entry.filename} is encrypted ({error}); zip it again without a password."
                ) from None

    def _dataset(self, entries: list[zipfile.ZipInfo]) -> str:
        names = [
            entry.filename
            for entry in entries
            if not entry.is_dir()
            # macOS adds resource forks under __MACOSX/ and ._ files beside each file.
            and not entry.filename.startswith("__MACOSX/")
            and not PurePosixPath(entry.filename).name.startswith(".")
        ]
        for ending in DATASET_ENDINGS:
            found = [name for name in names if name.lower().endswith(ending)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise self.refuse(
                    f"it holds {len(found)} datasets ({', '.join(found[:10])}); Tutela imports "
                    "one at a time. Zip each one alone, or unzip and import each file."
                )
        shown = ", ".join(names[:20]) or "nothing"
        raise self.refuse(
            f"it holds no dataset Tutela reads (a .shp with its .dbf, .shx and .prj, a .gpkg, "
            f".geojson, .csv or .osm.pbf); it holds: {shown}."
        )

    def files(self) -> list[Path]:
        # The archive as received first: its SHA-256 is the one the import is recorded with.
        return [self.path, *(self.inner.files() if self.inner else [])]

    def columns(self) -> list[str]:
        return self._unpacked().columns()

    def estimate(self) -> int | None:
        return self.inner.estimate() if self.inner else None

    def rows(self) -> Iterator[Row]:
        yield from self._unpacked().rows()

    def _unpacked(self) -> Importer:
        if self.inner is None:
            raise RuntimeError("check() unpacks the archive before its rows are read")
        return self.inner

    def where(self, number: int | None = None, field: str = "") -> Any:
        if self.inner is not None:
            return self.inner.where(number, field)
        return super().where(number, field)

    def notes(self) -> list[Problem]:
        return self.inner.notes() if self.inner else []

    def builtin_mapping(self) -> Any:
        return self.inner.builtin_mapping() if self.inner else None

    def source_defaults(self) -> dict[str, str]:
        return self.inner.source_defaults() if self.inner else {}

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
