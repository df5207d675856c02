/// A version as MSRC writes it in `FixedBuild` (`10.0.20348.1487`, .NET's `4.8.1.09294.01`), comparable
/// by its numeric components, keeping the text it was read from.
///
/// A version is *numeric* when its text (without surrounding whitespace) is one or more dot-separated
/// runs of ASCII digits; only then does it have ``components``. Real `FixedBuild` values also include
/// package versions (`1.2.3-4.cm2`), URLs and prose; those keep their text and compare after every numeric
/// version, by text. Ordering is total and agrees with `==`: numeric components first (as sequences, so
/// `10.0` < `10.0.0`), then the text (so `4.8.1.09294.01` and `4.8.1.9294.1` are ordered but distinct).
public struct BuildVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The text as it was written.
    public let rawValue: String
    /// The numeric components (`[10, 0, 20348, 1487]`), or empty when the text is not a numeric version.
    public let components: [UInt64]

    /// Reads a version from `text`; never fails (see ``isNumeric``).
    public init(_ text: String) {
        rawValue = text
        components = BuildVersion.numericComponents(of: text) ?? []
    }

    /// Whether the text is a dotted numeric version.
    public var isNumeric: Bool { !components.isEmpty }

    /// The third component, which on Windows is the OS build (`20348`), if there is one.
    public var build: UInt64? { components.count > 2 ? components[2] : nil }

    /// The fourth component, which on Windows is the update build revision, UBR (`1487`), if there is one.
    public var revision: UInt64? { components.count > 3 ? components[3] : nil }

    /// Orders numeric versions by their components, before every non-numeric one; ties fall back to the text.
    public static func < (lhs: BuildVersion, rhs: BuildVersion) -> Bool {
        if lhs.isNumeric != rhs.isNumeric { return lhs.isNumeric }
        if lhs.components != rhs.components {
            for (left, right) in zip(lhs.components, rhs.components) where left != right { return left < right }
            return lhs.components.count < rhs.components.count
        }
        return lhs.rawValue < rhs.rawValue
    }

    /// The text as it was written.
    public var description: String { rawValue }

    /// Decodes the text form and reads it again.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The components of a dotted numeric version, or `nil`. Each run holds 1–18 digits (fits in 64 bits).
    static func numericComponents(of text: String) -> [UInt64]? {
        var result: [UInt64] = []
        var value: UInt64 = 0
        var digits = 0
        var started = false
        var trailingSpace = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if trailingSpace || digits == 18 { return nil }
                value = value &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
                started = true
            case UInt8(ascii: "."):
                if digits == 0 || trailingSpace { return nil }
                result.append(value)
                value = 0
                digits = 0
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if started { trailingSpace = true }
            default:
                return nil
            }
        }
        if digits == 0 { return nil }
        result.append(value)
        return result
    }
}
