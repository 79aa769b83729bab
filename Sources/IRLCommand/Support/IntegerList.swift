import ArgumentParser

/// A comma-separated list of positive integers, e.g. `10,20,40`.
struct IntegerList: ExpressibleByArgument, Sendable {
    let values: [Int]

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        values = parts.compactMap { $0 }
    }

    init(_ values: [Int]) {
        self.values = values
    }

    var defaultValueDescription: String { values.map(String.init).joined(separator: ",") }
}
