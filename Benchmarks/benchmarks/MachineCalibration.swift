import DenseTensors
import Foundation

/// What this machine can do, measured at the start of the same run as the scenarios: the
/// OpenBLAS GEMM rate on a large square problem and the STREAM-style memory bandwidth. (The GEMM
/// rate on each scenario's own shape is measured by the scenario, next to its passes.)
struct MachineCalibration: Sendable {
    /// The sizes used to calibrate.
    struct Sizes: Sendable {
        /// `n` of the square `n × n × n` GEMM.
        let gemmSize: Int
        /// Bytes per STREAM array (three are used).
        let streamArrayBytes: Int
        let samples: Int

        /// 2048³ GEMM, 3 × 64 MB arrays: large enough to leave every cache.
        static let standard = Sizes(gemmSize: 2048, streamArrayBytes: 64 << 20, samples: 5)
        /// Tiny sizes for `--smoke` (numbers not meaningful; only the code path is exercised).
        static let smoke = Sizes(gemmSize: 256, streamArrayBytes: 4 << 20, samples: 1)
    }

    let sizes: Sizes
    /// GFLOP/s of the square GEMM, median, by ``BLASScalar/scalarName``.
    let squareGEMMRates: [String: Double]
    let bandwidth: StreamBandwidth
    /// The worker threads of the library's own kernels and of the bandwidth test.
    let threads: Int

    /// The square-GEMM rate of a scalar type.
    func squareGEMM<Scalar: BLASScalar>(_: Scalar.Type) -> Double {
        squareGEMMRates[Scalar.scalarName] ?? .nan
    }

    /// Runs the calibration.
    /// - Complexity: about 3 s and 200 MB with the standard sizes.
    static func measure(_ sizes: Sizes) throws -> MachineCalibration {
        let threads = defaultThreadCount
        let bandwidth = StreamBandwidth.measure(arrayBytes: sizes.streamArrayBytes, samples: 2 * sizes.samples,
                                                threads: threads)
        func rate<Scalar: BLASScalar>(_: Scalar.Type) throws -> (String, Double) {
            (Scalar.scalarName, try GEMMRate.square(Scalar.self, size: sizes.gemmSize, samples: sizes.samples).median)
        }
        let rates = Dictionary(uniqueKeysWithValues: [try rate(Double.self), try rate(Float.self)])
        return MachineCalibration(sizes: sizes, squareGEMMRates: rates, bandwidth: bandwidth, threads: threads)
    }

    /// The header lines describing the machine and the calibration.
    func headerLines() -> [String] {
        let environment = ProcessInfo.processInfo.environment
        let n = sizes.gemmSize
        let mb = Double(bandwidth.arrayBytes) / 1e6
        return [
            "machine: \(Self.processorName()), \(ProcessInfo.processInfo.activeProcessorCount) cores; "
                + "OPENBLAS_NUM_THREADS=\(environment["OPENBLAS_NUM_THREADS"] ?? "unset"), library threads \(threads)",
            "GEMM \(n)×\(n)×\(n): Double \(Format.fixed(squareGEMM(Double.self), 1)) GFLOP/s, "
                + "Float \(Format.fixed(squareGEMM(Float.self), 1)) GFLOP/s (median of \(sizes.samples))",
            "memory bandwidth (3 × \(Format.fixed(mb, 0)) MB arrays, median of \(2 * sizes.samples)): "
                + "read \(Format.fixed(bandwidth.readGBs, 1)), copy \(Format.fixed(bandwidth.copyGBs, 1)), "
                + "triad \(Format.fixed(bandwidth.triadGBs, 1)) GB/s; ceiling used: \(Format.fixed(bandwidth.bestGBs, 1)) GB/s",
        ]
    }

    /// The CPU model from `/proc/cpuinfo`, or "unknown CPU".
    private static func processorName() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        for line in info.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown CPU"
    }
}
