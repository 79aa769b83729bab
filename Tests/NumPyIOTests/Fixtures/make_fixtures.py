#!/usr/bin/env python3
"""Writes the .npy/.npz fixtures that NumPyIOTests reads, using NumPy itself.

Run from anywhere:  python3 Tests/NumPyIOTests/Fixtures/make_fixtures.py
The files are small and committed; rerun only to change them.

Element values follow fixed rules so the Swift tests can recompute them from the flat C-order
index i:  floats  i * 0.25 - 1.0;  integers  i * 1000000007 - 5 (int32: i * 1009 - 5);
booleans  i % 3 == 0.
"""
import os
import zipfile

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))


def values(dtype, shape):
    n = int(np.prod(shape, dtype=np.int64))
    i = np.arange(n, dtype=np.int64)
    kind = np.dtype(dtype).kind
    if kind == "f":
        flat = i * 0.25 - 1.0
    elif kind == "b":
        flat = i % 3 == 0
    elif np.dtype(dtype).itemsize == 4:
        flat = i * 1009 - 5
    else:
        flat = i * 1000000007 - 5
    return flat.astype(dtype).reshape(shape)


def save(name, array, version=None):
    with open(os.path.join(HERE, name), "wb") as f:
        npformat.write_array(f, array, version=version, allow_pickle=False)


def main():
    # Version 1.0 (what np.save writes), every dtype, 0-d, empty and 3-d.
    save("v1_f8_2x3.npy", values("<f8", (2, 3)))
    save("v1_f4_4.npy", values("<f4", (4,)))
    save("v1_i4_2x2.npy", values("<i4", (2, 2)))
    save("v1_i8_5.npy", values("<i8", (5,)))
    save("v1_b1_2x3.npy", values("?", (2, 3)))
    save("v1_f8_scalar.npy", np.array(3.25, dtype="<f8"))
    save("v1_f8_empty_0x3.npy", values("<f8", (0, 3)))
    save("v1_f4_2x3x4.npy", values("<f4", (2, 3, 4)))
    # Versions 2.0 and 3.0, forced.
    save("v2_f8_2x3.npy", values("<f8", (2, 3)), version=(2, 0))
    save("v3_i4_3.npy", values("<i4", (3,)), version=(3, 0))
    # Big-endian.
    save("be_f8_2x3.npy", values(">f8", (2, 3)))
    save("be_f4_4.npy", values(">f4", (4,)))
    save("be_i4_2x2.npy", values(">i4", (2, 2)))
    save("be_i8_5.npy", values(">i8", (5,)))
    # Fortran order: same logical values, column-major bytes, 'fortran_order': True.
    save("fortran_f8_2x3.npy", np.asfortranarray(values("<f8", (2, 3))))
    save("fortran_i4_2x3x4.npy", np.asfortranarray(values("<i4", (2, 3, 4))))
    save("fortran_b1_3x2.npy", np.asfortranarray(values("?", (3, 2))))
    # Non-finite values.
    nan = values("<f8", (2, 3))
    nan[1, 2] = np.nan
    save("nan_f8_2x3.npy", nan)
    neginf = values("<f4", (2, 3))
    neginf[0, 1] = -np.inf
    save("neginf_f4_2x3.npy", neginf)
    # Archives: stored (np.savez) and deflated (np.savez_compressed).
    members = {
        "rewards": values("<f8", (2, 3)),
        "states": values("<i8", (5,)),
        "mask": values("?", (2, 3)),
        "scalar": np.array(3.25, dtype="<f8"),
    }
    np.savez(os.path.join(HERE, "savez_stored.npz"), **members)
    np.savez_compressed(os.path.join(HERE, "savez_compressed.npz"), **members)
    # A valid ZIP whose member broken.npy is a .npy with its data cut short, and a non-.npy member.
    with open(os.path.join(HERE, "v1_f8_2x3.npy"), "rb") as f:
        good = f.read()
    with zipfile.ZipFile(os.path.join(HERE, "bad_member.npz"), "w") as z:
        for name, content in [("good.npy", good), ("broken.npy", good[:170]), ("notes.txt", b"not an array")]:
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)


if __name__ == "__main__":
    main()
