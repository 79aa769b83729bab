import Foundation
import Testing

@testable import Plots

@Suite("SVG builder")
struct SVGBuilderTests {
    @Test("numbers are compact, rounded, locale-free and never non-finite")
    func numberFormatting() {
        #expect(SVGNumber.format(12) == "12")
        #expect(SVGNumber.format(0.5) == "0.5")
        #expect(SVGNumber.format(-3.256) == "-3.26")
        #expect(SVGNumber.format(2.999) == "3")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(0.125, fractionDigits: 3) == "0.125")
        #expect(SVGNumber.format(7.04, fractionDigits: 1) == "7")
        #expect(SVGNumber.format(.nan) == "0")
        #expect(SVGNumber.format(.infinity) == "0")
        #expect(SVGNumber.format(-.infinity) == "0")
        #expect(SVGNumber.format(1e300) == "1000000000")
        #expect(SVGNumber.format(-1e300) == "-1000000000")
    }

    @Test("text and attributes escape <&>\"' and replace characters XML forbids")
    func escaping() throws {
        let element = SVGElement("text", ["data-x": .string(hostileText)], text: hostileText + "\u{1}")
        var out = ""
        element.write(to: &out)
        #expect(!out.contains("<b"))
        #expect(out.contains("&lt;b &amp; c&gt;"))
        #expect(out.contains("&quot;d&quot; &apos;e&apos;"))
        let parsed = try parseSVG(out)
        #expect(parsed.count == 1)
        #expect(parsed[0].attributes["data-x"] == hostileText)
        #expect(parsed[0].text == hostileText + "\u{FFFD}")
    }

    @Test("line breaks in attributes survive attribute-value normalisation")
    func attributeLineBreaks() throws {
        var out = ""
        SVGElement("g", ["note": "one\ntwo\tthree"]).write(to: &out)
        #expect(try parseSVG(out)[0].attributes["note"] == "one\ntwo\tthree")
    }

    @Test("a path breaks at non-finite points instead of writing them")
    func pathSkipsNonFinite() {
        var path = SVGPath()
        path.line(toX: 0, y: 0)
        path.line(toX: 1, y: 1)
        path.line(toX: .nan, y: 2)
        path.line(toX: 3, y: .infinity)
        path.line(toX: 4, y: 4)
        path.line(toX: 5.5, y: 5)
        #expect(path.data == "M0 0L1 1M4 4L5.5 5")
    }

    @Test("a document has the XML declaration, size, viewBox and a white background")
    func documentStructure() throws {
        let document = SVGDocument(
            width: 300, height: 200, title: hostileText,
            elements: [.circle(cx: 10, cy: 20, r: 5, fill: "#ff0000")])
        let text = document.render()
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        let parsed = try parseSVG(text)
        let root = try #require(parsed.first)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["viewBox"] == "0 0 300 200")
        #expect(root.number("width") == 300)
        #expect(root.number("height") == 200)
        #expect(parsed.named("title").first?.text == hostileText)
        let background = try #require(parsed.named("rect").first)
        #expect(background.attributes["fill"] == "#ffffff")
        #expect(background.number("width") == 300 && background.number("height") == 200)
        let circle = try #require(parsed.named("circle").first)
        #expect(circle.number("cx") == 10 && circle.number("cy") == 20 && circle.number("r") == 5)
    }

    @Test("setting an attribute replaces an earlier value instead of duplicating it")
    func settingReplaces() throws {
        let element = SVGElement.rect(x: 0, y: 0, width: 1, height: 1, fill: "red").setting("fill", "blue")
        #expect(element.attributes.filter { $0.name == "fill" }.count == 1)
        #expect(element.attribute("fill") == .string("blue"))
        var out = ""
        element.write(to: &out)
        _ = try parseSVG(out)  // a duplicated attribute would be ill-formed
    }
}
