import Foundation
import Testing

@testable import IRL

/// Growth exponents and experiment tables.
@Suite("experiments: growth exponents and tables")
struct ExperimentSupportTests {
    @Test func exponentOfAnExactPowerLaw() throws {
        let x = [10.0, 20, 40, 80, 160]
        for p in [0.5, 1, 2, 2.7] {
            let fit = GrowthExponent.fit(x: x, y: x.map { 3 * Foundation.pow($0, p) })
            #expect(abs(try #require(fit.exponent) - p) < 1e-12)
            #expect(abs(try #require(fit.coefficient) - 3) < 1e-9)
            #expect(fit.usedCount == 5 && fit.excludedCount == 0)
        }
    }

    @Test func zeroNegativeAndNonFiniteGapsAreLeftOut() throws {
        let x = [1.0, 2, 4, 8, 16]
        let fit = GrowthExponent.fit(x: x, y: [0, -1, 16, .nan, 256])
        #expect(fit.usedCount == 2 && fit.excludedCount == 3)
        #expect(abs(try #require(fit.exponent) - 2) < 1e-12)
        // Rounding-level values count as zero.
        let noisy = GrowthExponent.fit(x: x, y: [1e-15, 2, 4, 8, 16])
        #expect(noisy.usedCount == 4)
        #expect(abs(try #require(noisy.exponent) - 1) < 1e-12)
        // Fewer than two usable points (or one x): no exponent.
        #expect(GrowthExponent.fit(x: x, y: [0, 0, 0, 0, 1]).exponent == nil)
        #expect(GrowthExponent.fit(x: [2, 2], y: [1, 3]).exponent == nil)
        #expect(GrowthExponent.fit(x: [], y: []).value.isNaN)
    }

    @Test func tableCSVAndText() {
        let table = ExperimentTable(columns: ["H", "gap, BC"], rows: [[10, 0.5], [20]])
        #expect(table.rows[1][1].isNaN)
        #expect(table.csv() == "H,\"gap, BC\"\n10.0,0.5\n20.0,nan\n")
        let text = table.formatted()
        #expect(text.contains("gap, BC") && text.contains("–") && text.contains("0.5000"))
        #expect(table.column("H") == [10, 20] && table.column("missing").isEmpty)
        #expect(ExperimentTable.format(1234567.0) == "1234567")
        #expect(ExperimentTable.format(0.000012345, digits: 3) == "1.23e-5")
        #expect(ExperimentTable.format(-2.5e7 + 0.5, digits: 2) == "-2.5e+7")
        #expect(ExperimentTable.format(9.99996, digits: 4) == "10.00")
    }
}
