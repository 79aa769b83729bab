extension LogSumExp {
    /// The kernel behind ``LogSumExp/reduce(_:rows:n:batch:temperature:lse:softmax:threads:)``,
    /// in blocks of about 4096 entries: the maxima and the shifted arguments `(x − m)/α` in
    /// unit-stride loops over the batch axis, then one call of the array ``FastExp`` kernels
    /// (AVX2 + FMA where the CPU has them) for the whole block, the sums, the normalisation, and
    /// one array `log` for the block's sums. The exponentials are written straight into the
    /// softmax output when there is one (which may alias the input), else into a scratch block.
    ///
    /// Returns `row·batch + column` of the first lane (in row order) with no finite
    /// log-sum-exp, or −1.
    /// - Complexity: O(rows · n · batch); one `exp` per entry and one `log` per lane.
    @inlinable
    public static func _reduceRowsBlocked<T: FastExpScalar>(
        _ x: UnsafeBufferPointer<T>, _ rowRange: Range<Int>, n: Int, batch: Int, temperature: T,
        lse: UnsafeMutableBufferPointer<T>, softmax: UnsafeMutableBufferPointer<T>?
    ) -> Int {
        guard !rowRange.isEmpty, batch > 0 else { return -1 }
        // No entries: the log-sum-exp of nothing is −∞, not finite.
        guard n > 0, let input = x.baseAddress, let output = lse.baseAddress else { return rowRange.lowerBound * batch }
        let inverseT = 1 / temperature
        let rowLength = n * batch
        let blockRows = max(1, 4096 / rowLength)
        let exponentialsCount = softmax == nil ? blockRows * rowLength : 0
        return withUnsafeTemporaryAllocation(of: T.self, capacity: exponentialsCount + blockRows * batch) { scratch in
            let sums = scratch.baseAddress! + exponentialsCount
            var row = rowRange.lowerBound
            while row < rowRange.upperBound {
                let rows = min(blockRows, rowRange.upperBound - row)
                let xs = input + row * rowLength
                let es = softmax?.baseAddress.map { $0 + row * rowLength } ?? scratch.baseAddress!
                let ms = output + row * batch   // the maxima, until the log-sum-exp replaces them
                _shiftedArguments(xs, into: es, maxima: ms, rows: rows, n: n, batch: batch, inverseT: inverseT)
                T._exp(es, es, rows * rowLength)
                _sums(es, into: sums, rows: rows, n: n, batch: batch, normalise: softmax != nil)
                T._log(sums, sums, rows * batch)
                for k in 0..<(rows * batch) {
                    // All −∞ gives m = −∞ and NaN; NaN or +∞ entries give NaN: all caught here.
                    let l = ms[k] + temperature * sums[k]
                    ms[k] = l
                    if !l.isFinite { return row * batch + k }
                }
                row += rows
            }
            return -1
        }
    }

    /// `m[i, b] = max_j x[i, j, b]` and `e[i, j, b] = (x[i, j, b] − m[i, b])/α` (`e` may be `x`).
    /// A NaN entry may be skipped by the maximum; its shifted argument is NaN all the same.
    @inlinable @inline(__always)
    static func _shiftedArguments<T: FastExpScalar>(
        _ x: UnsafePointer<T>, into e: UnsafeMutablePointer<T>, maxima m: UnsafeMutablePointer<T>,
        rows: Int, n: Int, batch: Int, inverseT: T
    ) {
        let rowLength = n * batch
        if batch == 1 {
            for i in 0..<rows {
                let xi = x + i * n, ei = e + i * n
                var mi = xi[0]
                for j in 1..<max(n, 1) where xi[j] > mi { mi = xi[j] }
                for j in 0..<n { ei[j] = (xi[j] - mi) * inverseT }
                m[i] = mi
            }
            return
        }
        for i in 0..<rows {
            let xi = x + i * rowLength, ei = e + i * rowLength, mi = m + i * batch
            mi.update(from: xi, count: batch)
            for j in 1..<max(n, 1) {
                let xj = xi + j * batch
                for b in 0..<batch { mi[b] = xj[b] > mi[b] ? xj[b] : mi[b] }
            }
            for j in 0..<n {
                let xj = xi + j * batch, ej = ei + j * batch
                for b in 0..<batch { ej[b] = (xj[b] - mi[b]) * inverseT }
            }
        }
    }

    /// `s[i, b] = Σ_j e[i, j, b]`, and with `normalise` also `e[i, j, b] /= s[i, b]`.
    @inlinable @inline(__always)
    static func _sums<T: FastExpScalar>(
        _ e: UnsafeMutablePointer<T>, into s: UnsafeMutablePointer<T>, rows: Int, n: Int, batch: Int, normalise: Bool
    ) {
        let rowLength = n * batch
        for i in 0..<rows {
            let ei = e + i * rowLength, si = s + i * batch
            si.update(from: ei, count: batch)
            for j in 1..<max(n, 1) {
                let ej = ei + j * batch
                for b in 0..<batch { si[b] += ej[b] }
            }
            guard normalise else { continue }
            for j in 0..<n {
                let ej = ei + j * batch
                for b in 0..<batch { ej[b] /= si[b] }
            }
        }
    }
}
