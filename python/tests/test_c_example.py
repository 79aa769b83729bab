"""The C example in docs/CABI.md compiles against include/imitation_game.h and runs."""

import pathlib
import re
import shutil
import subprocess

import numpy as np
import pytest

import imitation_game as ig

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_c_example_from_the_docs(tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        pytest.skip("no C compiler")
    text = (ROOT / "docs" / "CABI.md").read_text()
    source = re.search(r"```c\n(.*?)```", text, re.S).group(1)
    (tmp_path / "example.c").write_text(source)
    lib = ig.library_path()
    subprocess.run([cc, "-std=c11", "-Wall", "-Werror", "-I", str(ROOT / "include"), str(tmp_path / "example.c"),
                    "-L", str(lib.parent), "-limitationgame", "-Wl,-rpath," + str(lib.parent), "-o",
                    str(tmp_path / "example")], check=True)
    out = subprocess.run([str(tmp_path / "example")], check=True, capture_output=True, text=True).stdout
    # The same problem through the Python package.
    P = np.array([1, 0, 0, 1, 0, 1, 1, 0], float).reshape(2, 2, 2)
    res = ig.soft_value_iteration(P, np.array([[0, 0], [1, 1]], float), horizon=3, initial_distribution=[1, 0])
    assert out.strip() == f"V_0 = ({res.values[0, 0]:g}, {res.values[0, 1]:g}), mass of mu = {res.occupancy.sum():g}"
