"""A bank's size is read from the file system before any byte is: a 2 GB
sparse file in a team's bank folder is listed by ``bank list`` with its size,
and neither the reader nor the kit cache reads or hashes it
(docs/security.md, "Oversized banks").  Bound by bytes read and memory, not
by the clock."""

from __future__ import annotations

import builtins
import os
import tracemalloc

from assessor.bank import builtin_bank_dir
from assessor.cli.main import main

GIGABYTE = 1 << 30


def test_a_2_gb_sparse_bank_is_listed_unread(tmp_path, monkeypatch, capsys):
    team = tmp_path / "team"
    team.mkdir()
    (team / "flask-developer.yaml").write_bytes((builtin_bank_dir() / "flask-developer.yaml").read_bytes())
    huge = team / "huge.yaml"
    with open(huge, "wb") as out:
        out.truncate(2 * GIGABYTE)  # sparse: takes no disk space
    monkeypatch.setenv("ASSESSOR_BANK_PATH", str(team))

    read = {"bytes": 0}
    real_open = builtins.open

    def counting_open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        handle = real_open(file, mode, *args, **kwargs)
        if isinstance(file, str | os.PathLike) and os.fspath(file) == os.fspath(huge):
            real_read = handle.read

            def read_counted(n=-1):  # noqa: ANN001
                data = real_read(n)
                read["bytes"] += len(data)
                return data

            handle.read = read_counted
        return handle

    monkeypatch.setattr(builtins, "open", counting_open)
    tracemalloc.start()
    try:
        status = main(["bank", "list"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out = capsys.readouterr()
    assert status == 1  # one bank failed
    assert "huge.yaml" in out.out + out.err
    assert "2147.5 MB; a bank file may be at most 5 MB" in out.out + out.err
    assert "flask-developer" in out.out  # the other bank still lists
    assert read["bytes"] == 0  # not one byte of the huge file was read (nor hashed for the cache)
    assert peak < 200 * 1024 * 1024  # memory stays flat: far below the file's 2 GB
