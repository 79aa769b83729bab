import DenseTensors
import Foundation
import IRL
import NumPyIO

/// Reading the command's input arrays, with errors that name the option.
enum ArrayFiles {
    /// A float array from a `.npy` file, converted to `Double` (integer files are accepted when
    /// exact). NaN and +∞ are refused; −∞ only where `allowNegativeInfinity` (rewards: a
    /// forbidden action).
    static func tensor(_ path: String, option: String, allowNegativeInfinity: Bool = false) throws -> Tensor<Double> {
        do {
            return try NumPyFile.readTensor(
                contentsOf: URL(fileURLWithPath: path), as: Double.self, convertingIntegers: true,
                options: NumPyReadOptions(allowNonFinite: false, allowNegativeInfinity: allowNegativeInfinity))
        } catch {
            throw CommandFailure("\(option): \(error)")
        }
    }

    /// Demonstrations from a `.npz` archive with `states` `[N, H+1]` (or `[N, H]`) and
    /// `actions` `[N, H]`, integer arrays. Indices are checked against the MDP by ``Demonstrations``.
    static func demonstrations(_ path: String, option: String, stateCount: Int, actionCount: Int) throws -> Demonstrations<Double> {
        let states: [Int], actions: [Int], stateShape: [Int], actionShape: [Int]
        do {
            let archive = try NumPyArchive.read(contentsOf: URL(fileURLWithPath: path))
            let s = try archive.array(named: "states")
            let a = try archive.array(named: "actions")
            (stateShape, actionShape) = (s.shape, a.shape)
            states = try s.indices()
            actions = try a.indices()
        } catch {
            throw CommandFailure("\(option): \(error)")
        }
        guard actionShape.count == 2, actionShape[0] >= 1, actionShape[1] >= 1 else {
            throw CommandFailure("\(option): actions must have shape [N, H] with N, H ≥ 1, got \(actionShape)")
        }
        let (n, h) = (actionShape[0], actionShape[1])
        guard stateShape.count == 2, stateShape[0] == n, stateShape[1] == h || stateShape[1] == h + 1 else {
            throw CommandFailure(
                "\(option): states must have shape [\(n), \(h + 1)] or [\(n), \(h)] to match actions \(actionShape), got \(stateShape)")
        }
        let width = stateShape[1]
        let trajectories = (0..<n).map { i in
            Trajectory(states: Array(states[(i * width)..<((i + 1) * width)]), actions: Array(actions[(i * h)..<((i + 1) * h)]))
        }
        return try Demonstrations(trajectories: trajectories, stateCount: stateCount, actionCount: actionCount)
    }
}
