import DenseTensors
import IRL

/// A random small gridworld with walls, terminals and slip, from a seed.
///
/// Width in `1…maxSide`, height in `2…maxSide`, 4 or 5 actions, slip one of 0, 0.1, 0.35, 1; each
/// cell is a wall with probability 0.15 and a terminal with probability 0.1, except the corner
/// `(0, 0)`, which stays open and non-terminal so a uniform start is well defined.
/// - Parameters:
///   - seed: equal seeds give equal gridworlds.
///   - maxSide: the largest width and height.
/// - Returns: the gridworld.
/// - Complexity: `O(maxSide²)`.
public func randomGridworld(seed: UInt64, maxSide: Int = 6) -> Gridworld {
    var rng = SplitMix64(seed: seed)
    let width = Int.random(in: 1...maxSide, using: &rng)
    let height = Int.random(in: 2...maxSide, using: &rng)
    let actions = Bool.random(using: &rng) ? 4 : 5
    let slip = [0, 0.1, 0.35, 1][Int.random(in: 0..<4, using: &rng)]
    var walls: [(row: Int, column: Int)] = []
    var terminals: [(row: Int, column: Int)] = []
    for row in 0..<height {
        for column in 0..<width {
            let u = Double.random(in: 0..<1, using: &rng)
            if u < 0.15 { walls.append((row, column)) } else if u < 0.25 { terminals.append((row, column)) }
        }
    }
    walls.removeAll { $0 == (0, 0) }
    terminals.removeAll { $0 == (0, 0) }
    return try! Gridworld(width: width, height: height, actionCount: actions, slip: slip, walls: walls, terminals: terminals)
}
