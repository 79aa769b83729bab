/// One SVG element: a name, ordered attributes, child elements and optional text content.
///
/// A value type: build it with the initialiser or the shape factories, adjust it with
/// ``setting(_:_:)`` and ``appending(_:)``, and render it through an ``SVGDocument``.
/// Attribute values and text are XML-escaped when written, so any string is safe to pass.
public struct SVGElement: Sendable, Hashable {
    /// One `name="value"` pair.
    public struct Attribute: Sendable, Hashable {
        /// The attribute name, e.g. `fill`; written as given (it is never user data).
        public var name: String
        /// The value, escaped when written.
        public var value: SVGValue

        /// Creates an attribute.
        /// - Parameters:
        ///   - name: the attribute name.
        ///   - value: its value.
        public init(_ name: String, _ value: SVGValue) {
            self.name = name
            self.value = value
        }
    }

    /// The element name, e.g. `rect` or `g`.
    public var name: String
    /// The attributes, written in this order.
    public var attributes: [Attribute]
    /// The child elements, written after ``text``.
    public var children: [SVGElement]
    /// Character content (for `text`, `title`, …), escaped when written.
    public var text: String?

    /// Creates an element.
    /// - Parameters:
    ///   - name: the element name.
    ///   - attributes: attribute names and values, in writing order.
    ///   - text: optional character content.
    ///   - children: child elements.
    public init(
        _ name: String, _ attributes: KeyValuePairs<String, SVGValue> = [:], text: String? = nil,
        children: [SVGElement] = []
    ) {
        self.name = name
        self.attributes = attributes.map { Attribute($0.key, $0.value) }
        self.text = text
        self.children = children
    }

    /// Returns a copy with the attribute `name` set to `value`, replacing any earlier value.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - value: the new value.
    /// - Returns: the modified element.
    public func setting(_ name: String, _ value: SVGValue) -> SVGElement {
        var copy = self
        if let i = copy.attributes.firstIndex(where: { $0.name == name }) {
            copy.attributes[i].value = value
        } else {
            copy.attributes.append(Attribute(name, value))
        }
        return copy
    }

    /// Returns a copy with `children` appended.
    /// - Parameters:
    ///   - children: the elements to add at the end.
    /// - Returns: the modified element.
    public func appending(_ children: [SVGElement]) -> SVGElement {
        var copy = self
        copy.children += children
        return copy
    }

    /// The value of the attribute `name`, if present.
    /// - Parameters:
    ///   - name: the attribute name.
    /// - Returns: the value, or `nil`.
    public func attribute(_ name: String) -> SVGValue? {
        attributes.first(where: { $0.name == name })?.value
    }

    /// Writes the element as XML, indented by `depth` levels of two spaces.
    /// - Parameters:
    ///   - output: the string to append to.
    ///   - depth: the nesting depth, for indentation.
    /// - Complexity: O(size of the subtree).
    public func write(to output: inout String, depth: Int = 0) {
        let indent = String(repeating: "  ", count: depth)
        output += indent + "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + XMLEscaping.escapedAttribute(attribute.value.text) + "\""
        }
        if text == nil && children.isEmpty {
            output += "/>\n"
            return
        }
        output += ">"
        if let text { output += XMLEscaping.escapedText(text) }
        if !children.isEmpty {
            output += "\n"
            for child in children { child.write(to: &output, depth: depth + 1) }
            output += indent
        }
        output += "</" + name + ">\n"
    }
}
