/// A rough width estimate for sans-serif text, used only for layout (margins, legends).
///
/// Without a font engine the widths are averages per character class of Helvetica/Arial; they
/// err on the wide side so labels are not clipped.
enum TextMetrics {
    static func width(of text: String, fontSize: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for character in text {
            if "il.,:;'|!Ijtf()[] ".contains(character) {
                ems += 0.3
            } else if "mwMW@".contains(character) {
                ems += 0.86
            } else if character.isUppercase {
                ems += 0.68
            } else {
                ems += 0.57
            }
        }
        return ems * fontSize * (bold ? 1.08 : 1)
    }

    /// The largest font size, at most `preferred` and at least `minimum`, at which `text` fits in `width`.
    static func fittingFontSize(_ text: String, preferred: Double, minimum: Double, width: Double, bold: Bool = false)
        -> Double
    {
        let natural = self.width(of: text, fontSize: preferred, bold: bold)
        guard natural > width, natural > 0 else { return preferred }
        return max(minimum, preferred * width / natural)
    }
}
