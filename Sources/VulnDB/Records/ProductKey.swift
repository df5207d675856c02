/// MSRC product IDs: plain (`11923`) or compound (`12079-11923`, ".NET Framework 3.5 AND 4.8.1 on Windows
/// Server 2022": component `12079` on platform `11923`). The database keys per-product rows by platform so
/// that "everything affecting 11923" also finds the compound products installed on it.
public enum ProductKey {
    /// The platform part of a compound ID (`11923` for `12079-11923`), or `nil` for any other ID.
    public static func compoundPlatform(of id: String) -> String? {
        split(id)?.platform
    }

    /// The component part of a compound ID (`12079` for `12079-11923`), or `nil` for any other ID.
    public static func compoundComponent(of id: String) -> String? {
        split(id)?.component
    }

    /// The key per-product rows are stored under: the platform of a compound ID, else the ID itself.
    public static func platform(of id: String) -> String {
        compoundPlatform(of: id) ?? id
    }

    /// Splits `digits-digits`; anything else (CSAF-qualified IDs, text) is not compound.
    private static func split(_ id: String) -> (component: String, platform: String)? {
        let utf8 = id.utf8
        guard let dash = utf8.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        let component = utf8[..<dash]
        let platform = utf8[utf8.index(after: dash)...]
        guard !component.isEmpty, !platform.isEmpty, component.allSatisfy(isDigit), platform.allSatisfy(isDigit)
        else { return nil }
        return (String(decoding: component, as: UTF8.self), String(decoding: platform, as: UTF8.self))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
