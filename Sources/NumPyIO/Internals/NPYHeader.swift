/// The parsed preamble of a `.npy` file: what the header dictionary says about the data.
///
/// Layout (NumPy's `numpy.lib.format`): the 6-byte magic `\x93NUMPY`, major and minor version
/// bytes, the header length (little-endian `UInt16` for 1.0, `UInt32` for 2.0 and 3.0), then the
/// header: a Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`,
/// Latin-1 for 1.0 / 2.0 and UTF-8 for 3.0, padded with spaces and a final `'\n'` so the data
/// starts at a multiple of 64 bytes.
struct NPYHeader: Equatable {
    var dtype: NumPyDType
    var byteOrder: NumPyByteOrder
    var fortranOrder: Bool
    var shape: [Int]

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// NumPy aligns the start of the data to this many bytes.
    static let alignment = 64
    /// NumPy leaves room for the first axis to grow to this many digits (`GROWTH_AXIS_MAX_DIGITS`).
    static let growthAxisDigits = 21

    // MARK: - Reading

    /// Parses the preamble at the start of `bytes`.
    /// - Returns: The header and the offset of the first data byte.
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String?) throws(NumPyError) -> (NPYHeader, dataOffset: Int) {
        let available = bytes.count
        let magicLength = magic.count
        guard available >= magicLength, Array(bytes[0..<magicLength]) == magic else {
            let found = Array(bytes.prefix(magicLength))
            if found == Array(magic.prefix(found.count)) {
                throw NumPyError(file: file, .truncatedData(expectedBytes: magicLength + 4, actualBytes: available))
            }
            throw NumPyError(file: file, .badMagic(found: found))
        }
        guard available >= magicLength + 2 else {
            throw NumPyError(file: file, .truncatedData(expectedBytes: magicLength + 4, actualBytes: available))
        }
        let major = bytes[magicLength]
        let minor = bytes[magicLength + 1]
        let lengthFieldSize: Int
        switch (major, minor) {
        case (1, 0): lengthFieldSize = 2
        case (2, 0), (3, 0): lengthFieldSize = 4
        default: throw NumPyError(file: file, .unsupportedVersion(major: major, minor: minor))
        }
        let headerStart = magicLength + 2 + lengthFieldSize
        guard available >= headerStart else {
            throw NumPyError(file: file, .truncatedData(expectedBytes: headerStart, actualBytes: available))
        }
        var headerLength = 0
        for i in 0..<lengthFieldSize {  // little-endian
            headerLength |= Int(bytes[magicLength + 2 + i]) << (8 * i)
        }
        // headerLength < 2³² and headerStart is 12, so this cannot overflow a 64-bit Int.
        let (dataOffset, overflow) = headerStart.addingReportingOverflow(headerLength)
        guard !overflow, available >= dataOffset else {
            throw NumPyError(
                file: file,
                .truncatedData(
                    expectedBytes: overflow ? Int.max : dataOffset, actualBytes: available))
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[headerStart..<dataOffset])
        let text: String
        if major == 3 {
            guard let utf8 = String(validating: headerBytes, as: UTF8.self) else {
                throw NumPyError(file: file, .malformedHeader("a version 3.0 header must be UTF-8, and this one is not"))
            }
            text = utf8
        } else {
            // Latin-1: each byte is the Unicode scalar of the same value.
            text = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        }
        return (try parse(text: text, file: file), dataOffset)
    }

    /// Interprets the header text (the dict literal).
    static func parse(text: String, file: String?) throws(NumPyError) -> NPYHeader {
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(text)
        } catch {
            throw NumPyError(file: file, .malformedHeader(error.message))
        }
        guard case .dictionary(let entries) = literal else {
            throw NumPyError(file: file, .malformedHeader("the header is \(literal.kindName), not a dict"))
        }
        var fields: [String: PythonLiteral] = [:]
        for (key, value) in entries {
            guard case .string(let name) = key else {
                throw NumPyError(file: file, .malformedHeader("a key is \(key.kindName) (\(key.pythonRepr)), not a string"))
            }
            guard ["descr", "fortran_order", "shape"].contains(name) else {
                throw NumPyError(
                    file: file,
                    .malformedHeader(
                        "unexpected key '\(name)' (the keys are 'descr', 'fortran_order' and 'shape')"))
            }
            guard fields[name] == nil else {
                throw NumPyError(file: file, .malformedHeader("key '\(name)' appears more than once"))
            }
            fields[name] = value
        }
        for name in ["descr", "fortran_order", "shape"] where fields[name] == nil {
            throw NumPyError(file: file, .malformedHeader("missing key '\(name)'"))
        }
        guard case .string(let descr)? = fields["descr"] else {
            // A list here is a structured dtype, e.g. [('x', '<f8'), ('y', '<i4')].
            throw NumPyError(file: file, .unsupportedDType(fields["descr"]?.pythonRepr ?? "?"))
        }
        let (dtype, byteOrder) = try parseDescr(descr, file: file)
        guard case .boolean(let fortranOrder)? = fields["fortran_order"] else {
            let found = fields["fortran_order"]?.pythonRepr ?? "?"
            throw NumPyError(file: file, .malformedHeader("'fortran_order' must be True or False, found \(found)"))
        }
        guard case .tuple(let extents)? = fields["shape"] else {
            let found = fields["shape"].map { "\($0.kindName) \($0.pythonRepr)" } ?? "?"
            throw NumPyError(file: file, .malformedHeader("'shape' must be a tuple of integers, found \(found)"))
        }
        var shape: [Int] = []
        for extent in extents {
            guard case .integer(let n) = extent else {
                throw NumPyError(
                    file: file,
                    .malformedHeader(
                        "'shape' must be a tuple of integers, found \(extent.kindName) \(extent.pythonRepr) in it"))
            }
            shape.append(n)
        }
        return NPYHeader(dtype: dtype, byteOrder: byteOrder, fortranOrder: fortranOrder, shape: shape)
    }

    /// `'<f8'`, `'>i4'`, `'|b1'`, `'?'`, …: an optional byte-order character (`<` little, `>` big,
    /// `=` or `|` native) and a type code.
    static func parseDescr(_ descr: String, file: String?) throws(NumPyError) -> (NumPyDType, NumPyByteOrder) {
        var code = Substring(descr)
        var byteOrder = NumPyByteOrder.native
        switch code.first {
        case "<": byteOrder = .littleEndian; code = code.dropFirst()
        case ">": byteOrder = .bigEndian; code = code.dropFirst()
        case "=", "|": code = code.dropFirst()
        default: break
        }
        switch code {
        case "f4": return (.float32, byteOrder)
        case "f8": return (.float64, byteOrder)
        case "i4": return (.int32, byteOrder)
        case "i8": return (.int64, byteOrder)
        case "b1", "?": return (.bool, byteOrder)
        default: throw NumPyError(file: file, .unsupportedDType("'\(descr)'"))
        }
    }

    // MARK: - Writing

    /// The preamble NumPy writes for this header: version 1.0 when the padded header fits its
    /// 16-bit length field, else 2.0 (the text is ASCII, so 3.0 is never needed).
    func encoded(file: String?) throws(NumPyError) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let fortran = fortranOrder ? "True" : "False"
        var text = "{'descr': '\(dtype.descr(byteOrder: byteOrder))', 'fortran_order': \(fortran), 'shape': \(shapeText), }"
        if let growthAxis = fortranOrder ? shape.last : shape.first {
            text += String(repeating: " ", count: max(0, Self.growthAxisDigits - String(growthAxis).count))
        }
        let body = Array(text.utf8)
        for (version, lengthFieldSize, limit) in [(UInt8(1), 2, Int(UInt16.max)), (UInt8(2), 4, Int(UInt32.max))] {
            let unpadded = Self.magic.count + 2 + lengthFieldSize + body.count + 1  // + '\n'
            let padding = Self.alignment - unpadded % Self.alignment
            let headerLength = body.count + padding + 1
            guard headerLength <= limit else { continue }
            var out = Self.magic + [version, 0]
            for i in 0..<lengthFieldSize { out.append(UInt8(truncatingIfNeeded: headerLength >> (8 * i))) }
            out += body
            out += [UInt8](repeating: 0x20, count: padding)
            out.append(0x0A)
            return out
        }
        throw NumPyError(file: file, .malformedHeader("a header of \(body.count) bytes exceeds the 4 GiB limit of format 2.0"))
    }
}

extension PythonLiteral {
    /// The literal written back in Python syntax, for error messages.
    var pythonRepr: String {
        switch self {
        case .string(let s): return "'" + s.map { $0 == "'" ? "\\'" : String($0) }.joined() + "'"
        case .integer(let n): return String(n)
        case .boolean(let b): return b ? "True" : "False"
        case .none: return "None"
        case .tuple(let items):
            return items.count == 1 ? "(\(items[0].pythonRepr),)" : "(" + items.map(\.pythonRepr).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            return "{" + entries.map { "\($0.key.pythonRepr): \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
        }
    }
}
