/// A complete, standalone SVG document: a size, a `viewBox`, a white background and content.
///
/// ``render()`` produces text that opens directly in a browser or an SVG viewer. Every chart
/// in this module turns itself into an `SVGDocument` (see ``Figure``); the document itself is
/// also a ``Figure``, so hand-built drawings can be written the same way.
public struct SVGDocument: Sendable, Hashable {
    /// The rectangle of user space that is shown: `minX minY width height`.
    public struct ViewBox: Sendable, Hashable {
        /// Left edge in user units.
        public var minX: Double
        /// Top edge in user units.
        public var minY: Double
        /// Width in user units.
        public var width: Double
        /// Height in user units.
        public var height: Double

        /// Creates a view box.
        /// - Parameters:
        ///   - minX: left edge.
        ///   - minY: top edge.
        ///   - width: width.
        ///   - height: height.
        public init(minX: Double = 0, minY: Double = 0, width: Double, height: Double) {
            self.minX = minX
            self.minY = minY
            self.width = width
            self.height = height
        }
    }

    /// The displayed width in CSS pixels.
    public var width: Double
    /// The displayed height in CSS pixels.
    public var height: Double
    /// The user-space rectangle; by default `0 0 width height`.
    public var viewBox: ViewBox
    /// The background fill, drawn under everything; `nil` for transparent.
    public var background: RGBColor?
    /// A `title` for the document (shown by browsers as the tab or tooltip text).
    public var title: String?
    /// Reusable definitions (gradients, clip paths), written inside `defs`.
    public var definitions: [SVGElement]
    /// The drawn content, back to front.
    public var elements: [SVGElement]

    /// Creates a document.
    /// - Parameters:
    ///   - width: displayed width in pixels.
    ///   - height: displayed height in pixels.
    ///   - viewBox: the user-space rectangle; `nil` means `0 0 width height`.
    ///   - background: background fill; white by default.
    ///   - title: optional document title.
    ///   - definitions: elements for `defs`.
    ///   - elements: the content.
    public init(
        width: Double, height: Double, viewBox: ViewBox? = nil, background: RGBColor? = .white,
        title: String? = nil, definitions: [SVGElement] = [], elements: [SVGElement] = []
    ) {
        self.width = width
        self.height = height
        self.viewBox = viewBox ?? ViewBox(width: width, height: height)
        self.background = background
        self.title = title
        self.definitions = definitions
        self.elements = elements
    }

    /// The document as SVG text, starting with the XML declaration.
    /// - Returns: well-formed XML in UTF-8-compatible text.
    /// - Complexity: O(number of elements).
    public func render() -> String {
        var root = SVGElement(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "version": "1.1", "width": .number(width),
                "height": .number(height),
                "viewBox": .string(
                    [viewBox.minX, viewBox.minY, viewBox.width, viewBox.height].map { SVGNumber.format($0) }
                        .joined(separator: " ")),
                "font-family": "Helvetica, Arial, sans-serif",
            ])
        if let title { root.children.append(.title(title)) }
        if !definitions.isEmpty { root.children.append(SVGElement("defs", children: definitions)) }
        if let background {
            root.children.append(
                .rect(x: viewBox.minX, y: viewBox.minY, width: viewBox.width, height: viewBox.height, fill: background.hex)
            )
        }
        root.children += elements
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root.write(to: &output)
        return output
    }
}
