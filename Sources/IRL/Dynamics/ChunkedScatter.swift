import DenseTensors

/// `out = Σ_chunks scatter(rows of the chunk) + β·out` for a push written as a scatter-add
/// (`scatter(range, into: acc)` adds the contributions of `range` into `acc`, `[S][B]`): one
/// chunk writes straight into `out`; several chunks each fill their own zeroed partial array on
/// their own thread, and the partials are added in chunk order, so the result depends on the
/// chunk count but never on timing.
/// - Complexity: O(scatter work + chunks · count).
@inline(__always)
func chunkedScatter<Scalar: BLASScalar>(
    rows: Int, chunks: Int, count sb: Int, beta: Scalar, into out: UnsafeMutableBufferPointer<Scalar>,
    _ scatter: (Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void
) {
    if chunks == 1 {
        if beta == 0 {
            for i in 0..<sb { out[i] = 0 }
        } else if beta != 1 {
            for i in 0..<sb { out[i] *= beta }
        }
        scatter(0..<rows, out)
        return
    }
    let partial = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: chunks * sb)
    defer { partial.deallocate() }
    partial.initialize(repeating: 0)
    parallelChunks(count: chunks, threads: chunks, minimumChunk: 1) { range in
        for c in range {
            scatter(
                (rows * c / chunks)..<(rows * (c + 1) / chunks),
                UnsafeMutableBufferPointer(rebasing: partial[(c * sb)..<((c + 1) * sb)]))
        }
    }
    for i in 0..<sb {
        var total: Scalar = 0
        for c in 0..<chunks { total += partial[c * sb + i] }
        out[i] = beta == 0 ? total : total + beta * out[i]
    }
}
