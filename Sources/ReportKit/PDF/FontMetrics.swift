/// How wide text is in one of the standard fonts, and how to fit it to a width: wrapped at spaces, or cut with
/// an ellipsis. It measures what is drawn: the WinAnsi bytes of the text (``WinAnsiEncoding``), so a character
/// the fonts lack is measured as the `?` that stands for it.
struct FontMetrics: Sendable, Hashable {
    /// The font measured.
    let font: PDFFont

    /// Metrics of `font`.
    init(_ font: PDFFont) {
        self.font = font
    }

    /// The advance width of one WinAnsi code, in 1/1000 em.
    func advance(_ code: UInt8) -> Int {
        guard code >= 32 else { return 0 }
        switch font {
        case .courier: return 600
        case .helvetica: return Self.helveticaWidths[Int(code) - 32]
        case .helveticaBold: return Self.helveticaBoldWidths[Int(code) - 32]
        }
    }

    /// The width of `text` at `size` points, in points.
    func width(of text: String, size: Double) -> Double {
        width(ofBytes: WinAnsiEncoding.bytes(text), size: size)
    }

    /// The width of WinAnsi `bytes` at `size` points, in points.
    func width(ofBytes bytes: some Sequence<UInt8>, size: Double) -> Double {
        Double(bytes.reduce(0) { $0 + advance($1) }) * size / 1000
    }

    /// `text` if it fits in `width` points, otherwise its longest start that fits followed by `…`.
    func truncated(_ text: String, size: Double, width: Double) -> String {
        WinAnsiEncoding.string(truncated(bytes: WinAnsiEncoding.bytes(text), size: size, width: width))
    }

    /// `text` cut to its first `maxLines` lines of at most `width` points, broken at spaces (a word longer than a
    /// line is broken where it must); when text is left over, the last line ends with `…`.
    func lines(wrapping text: String, size: Double, width: Double, maxLines: Int = .max) -> [String] {
        lines(wrapping: WinAnsiEncoding.bytes(text), size: size, width: width, maxLines: maxLines)
            .map(WinAnsiEncoding.string)
    }

    /// ``truncated(_:size:width:)`` on WinAnsi bytes.
    func truncated(bytes: [UInt8], size: Double, width: Double) -> [UInt8] {
        guard self.width(ofBytes: bytes, size: size) > width else { return bytes }
        return ellipsized(bytes, size: size, width: width)
    }

    /// The longest start of `bytes` that fits in `width` points with `…` after it, trailing spaces dropped.
    private func ellipsized(_ bytes: [UInt8], size: Double, width: Double) -> [UInt8] {
        let budget = width * 1000 / size - Double(advance(WinAnsiEncoding.ellipsis))
        var used = 0
        var count = 0
        for byte in bytes {
            let next = used + advance(byte)
            if Double(next) > budget { break }
            used = next
            count += 1
        }
        var kept = Array(bytes.prefix(count))
        while kept.last == UInt8(ascii: " ") { kept.removeLast() }
        return kept + [WinAnsiEncoding.ellipsis]
    }

    /// ``lines(wrapping:size:width:maxLines:)`` on WinAnsi bytes.
    func lines(wrapping bytes: [UInt8], size: Double, width: Double, maxLines: Int = .max) -> [[UInt8]] {
        let budget = max(0, width * 1000 / size)
        let space = advance(UInt8(ascii: " "))
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var currentWidth = 0
        for word in bytes.split(separator: UInt8(ascii: " ")) {
            let wordWidth = word.reduce(0) { $0 + advance($1) }
            if !current.isEmpty {
                if Double(currentWidth + space + wordWidth) <= budget {
                    current += [UInt8(ascii: " ")] + word
                    currentWidth += space + wordWidth
                    continue
                }
                lines.append(current)
            }
            current = []
            currentWidth = 0
            for byte in word {
                let glyph = advance(byte)
                if !current.isEmpty, Double(currentWidth + glyph) > budget {
                    lines.append(current)
                    current = []
                    currentWidth = 0
                }
                current.append(byte)
                currentWidth += glyph
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines, maxLines > 0 else { return lines }
        let rest = lines[(maxLines - 1)...].joined(separator: [UInt8(ascii: " ")])
        return Array(lines.prefix(maxLines - 1)) + [ellipsized(Array(rest), size: size, width: width)]
    }
}
