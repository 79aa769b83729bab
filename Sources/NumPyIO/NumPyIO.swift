// The NumPy .npy/.npz reader and writer live here.
