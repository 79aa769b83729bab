import RealModule

extension LogSumExp {
    /// The vectorised kernel behind ``LogSumExp/reduce(_:rows:n:batch:temperature:lse:softmax:threads:)``:
    /// four `(row, column)` lanes at a time with ``FastExp`` (`exp` and `log` within 2 ulp), the
    /// remaining lanes by the scalar path. Lanes are consecutive in the `[rows][batch]` output, so
    /// for `B ≥ 4` they are four batch columns of one row and for `B = 1` four rows.
    ///
    /// Returns `row·batch + column` of the first lane with no finite log-sum-exp, or −1.
    /// - Complexity: O(rows · n · batch); one vector `exp` per 4 entries, one vector `log` per 4 lanes.
    @inlinable
    public static func _reduceRowsSIMD<T: FastExpScalar>(
        _ x: UnsafeBufferPointer<T>, _ rowRange: Range<Int>, n: Int, batch: Int, temperature: T,
        lse: UnsafeMutableBufferPointer<T>, softmax: UnsafeMutableBufferPointer<T>?
    ) -> Int {
        let inverseT = 1 / temperature
        let rowStride = n * batch
        var lane = rowRange.lowerBound * batch
        let end = rowRange.upperBound * batch
        @inline(__always) func offset(_ l: Int) -> Int { (l / batch) * rowStride + l % batch }
        while lane + 4 <= end {
            let (o0, o1, o2, o3) = (offset(lane), offset(lane + 1), offset(lane + 2), offset(lane + 3))
            var m = SIMD4<T>(repeating: -.infinity)
            for j in 0..<n {
                let jb = j * batch
                m = FastExp._maximum(m, SIMD4(x[o0 + jb], x[o1 + jb], x[o2 + jb], x[o3 + jb]))
            }
            var sum = SIMD4<T>(repeating: 0)
            if let p = softmax {
                for j in 0..<n {
                    let jb = j * batch
                    let e = FastExp.exp((SIMD4(x[o0 + jb], x[o1 + jb], x[o2 + jb], x[o3 + jb]) - m) * inverseT)
                    (p[o0 + jb], p[o1 + jb], p[o2 + jb], p[o3 + jb]) = (e[0], e[1], e[2], e[3])
                    sum += e
                }
                let r = 1 / sum
                for j in 0..<n {
                    let jb = j * batch
                    p[o0 + jb] *= r[0]; p[o1 + jb] *= r[1]; p[o2 + jb] *= r[2]; p[o3 + jb] *= r[3]
                }
            } else {
                for j in 0..<n {
                    let jb = j * batch
                    sum += FastExp.exp((SIMD4(x[o0 + jb], x[o1 + jb], x[o2 + jb], x[o3 + jb]) - m) * inverseT)
                }
            }
            // All −∞ gives m = −∞ and NaN sums; NaN or +∞ entries give NaN: all caught here.
            let l = m + temperature * FastExp.log(sum)
            for k in 0..<4 {
                lse[lane + k] = l[k]
                if !l[k].isFinite { return lane + k }
            }
            lane += 4
        }
        while lane < end {
            if !_reduceLane(x, offset(lane), n: n, batch: batch, temperature: temperature, inverseT: inverseT,
                            lse: &lse[lane], softmax: softmax) {
                return lane
            }
            lane += 1
        }
        return -1
    }

    /// One lane of the kernel with the scalar `exp` and `log`; `false` when it has no finite result.
    @inlinable
    static func _reduceLane<T: BLASScalar>(
        _ x: UnsafeBufferPointer<T>, _ base: Int, n: Int, batch: Int, temperature: T, inverseT: T,
        lse: inout T, softmax: UnsafeMutableBufferPointer<T>?
    ) -> Bool {
        var m = -T.infinity
        for j in 0..<n { m = Swift.max(m, x[base + j * batch]) }
        var sum: T = 0
        if let p = softmax {
            for j in 0..<n {
                let e = T.exp((x[base + j * batch] - m) * inverseT)
                p[base + j * batch] = e
                sum += e
            }
            let r = 1 / sum
            for j in 0..<n { p[base + j * batch] *= r }
        } else {
            for j in 0..<n { sum += T.exp((x[base + j * batch] - m) * inverseT) }
        }
        lse = m + temperature * T.log(sum)
        return lse.isFinite
    }
}
