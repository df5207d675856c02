/// An RGB colour, each component 0…1 (the `DeviceRGB` colour space, PDF 1.7 §8.6.4.3).
struct PDFColour: Sendable, Hashable {
    /// Red.
    let red: Double
    /// Green.
    let green: Double
    /// Blue.
    let blue: Double

    /// Creates a colour from 0…255 components.
    init(_ red: Int, _ green: Int, _ blue: Int) {
        self.red = Double(red) / 255
        self.green = Double(green) / 255
        self.blue = Double(blue) / 255
    }

    /// The operands of `rg`/`RG`.
    var operands: String {
        "\(PDFSyntax.number(red)) \(PDFSyntax.number(green)) \(PDFSyntax.number(blue))"
    }

    /// Black.
    static let black = PDFColour(0, 0, 0)
    /// White.
    static let white = PDFColour(255, 255, 255)
}

extension PDFColour {
    /// Body text: near black.
    static let ink = PDFColour(33, 37, 41)
    /// Secondary text: labels, footers.
    static let muted = PDFColour(100, 108, 118)
    /// Thin rules.
    static let rule = PDFColour(200, 205, 212)
    /// Section headings.
    static let heading = PDFColour(22, 60, 110)
    /// A table's header row.
    static let tableHeader = PDFColour(45, 55, 72)
    /// Every other table row.
    static let stripe = PDFColour(243, 245, 248)
    /// A pass verdict, and good news.
    static let pass = PDFColour(30, 128, 62)
    /// A warn verdict, and approximations.
    static let warn = PDFColour(214, 137, 0)
    /// A fail verdict, warnings and anything the reader must not miss.
    static let alarm = PDFColour(190, 30, 35)
    /// The light fill behind a passing box.
    static let passTint = PDFColour(231, 245, 235)
    /// The light fill behind a warn box.
    static let warnTint = PDFColour(255, 244, 220)
    /// The light fill behind an alarm box.
    static let alarmTint = PDFColour(253, 234, 234)
    /// Dark red text on a light red fill.
    static let alarmText = PDFColour(130, 15, 20)
    /// Dark amber text on a light amber fill.
    static let warnText = PDFColour(110, 70, 0)
    /// Links.
    static let link = PDFColour(20, 80, 170)

    /// The colour of a severity's badge and bar.
    static func severity(_ severity: ScanReport.Severity) -> PDFColour {
        switch severity {
        case .critical: PDFColour(140, 0, 30)
        case .high: PDFColour(218, 60, 20)
        case .medium: PDFColour(226, 150, 0)
        case .low: PDFColour(60, 120, 190)
        case .unknown: PDFColour(130, 136, 145)
        }
    }
}
