"""The ``bahth`` command."""
import os

# NumPy's OpenBLAS starts a thread for each core as NumPy is imported, which
# every cold command would wait for; Bahth's arrays are masks, counts and sums,
# never linear algebra, so one thread is all it uses. A value already set is
# kept; `bahth serve` passes it on to its workers, which use none either.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
