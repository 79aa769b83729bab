import Foundation

/// Anything that can be drawn as a standalone SVG document: every chart in this module, and
/// ``SVGDocument`` itself.
public protocol Figure: Sendable {
    /// The figure as an SVG document.
    /// - Returns: the document, ready to render.
    func svgDocument() -> SVGDocument
}

extension Figure {
    /// The figure as SVG text.
    /// - Returns: a complete SVG file's contents.
    public func svgText() -> String {
        svgDocument().render()
    }

    /// Writes the figure to `url` atomically and returns the text written.
    ///
    /// The text goes to a temporary file in the destination's directory, which is then renamed
    /// over the destination, so a reader never sees a half-written file. The directory must exist.
    /// - Parameters:
    ///   - url: a file URL for the `.svg` file.
    /// - Returns: the SVG text that was written.
    /// - Throws: ``PlotError/writeFailed(path:reason:)`` naming `url`'s path when the file cannot
    ///   be written or renamed into place.
    @discardableResult
    public func write(to url: URL) throws(PlotError) -> String {
        let text = svgText()
        try AtomicFile.write(Data(text.utf8), to: url)
        return text
    }

    /// Writes the figure to a file path atomically and returns the text written.
    /// - Parameters:
    ///   - path: the destination path.
    /// - Returns: the SVG text that was written.
    /// - Throws: ``PlotError/writeFailed(path:reason:)`` naming `path` on failure.
    @discardableResult
    public func write(toPath path: String) throws(PlotError) -> String {
        try write(to: URL(fileURLWithPath: path))
    }
}

extension SVGDocument: Figure {
    /// The document itself.
    /// - Returns: `self`.
    public func svgDocument() -> SVGDocument { self }
}
