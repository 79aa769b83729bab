import Foundation
import Plots

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One element of a parsed SVG file, with its attributes, direct text and parent.
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    var text: String
    var parent: Int?

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
}

struct XMLParseFailure: Error, CustomStringConvertible {
    var description: String
}

/// Collects every element in document order.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [ParsedElement] = []
    var stack: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(ParsedElement(name: elementName, attributes: attributes, text: "", parent: stack.last))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let top = stack.last { elements[top].text += string }
    }
}

/// Parses SVG text with Foundation's `XMLParser`; throws when it is not well-formed XML.
func parseSVG(_ text: String) throws -> [ParsedElement] {
    let parser = XMLParser(data: Data(text.utf8))
    let collector = ElementCollector()
    parser.delegate = collector
    guard parser.parse() else {
        throw XMLParseFailure(description: "not well-formed: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
    }
    return collector.elements
}

extension Array where Element == ParsedElement {
    func withClass(_ name: String) -> [ParsedElement] { filter { $0.classes.contains(name) } }
    func named(_ name: String) -> [ParsedElement] { filter { $0.name == name } }

    /// The text of the `title` child of the element at `index`, if any.
    func tooltip(of index: Int) -> String? {
        firstIndex(where: { $0.parent == index && $0.name == "title" }).map { self[$0].text }
    }
}

func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    Swift.abs(a - b) <= tolerance * max(1, Swift.abs(a), Swift.abs(b))
}

func areClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, tolerance: tolerance) }
}

/// A string that needs every XML escape.
let hostileText = #"a<b & c>"d" 'e' </svg>"#
