/// The MSRC product an image's OS is matched against, decided from the build number and installation type
/// (never from `ProductName`, which nanoserver images get wrong; DOMAIN.md §5).
public struct MSRCProduct: Sendable, Hashable, Codable {
    /// The MSRC product ID, e.g. `11924`.
    public let id: String
    /// The product's name, e.g. `Windows Server 2022 (Server Core installation)`.
    public let name: String
    /// Whether this is an approximation (Nano Server has no MSRC product of its own).
    public let isApproximation: Bool
    /// Why, when it is an approximation.
    public let reason: String?

    /// Creates a value.
    public init(id: String, name: String, isApproximation: Bool, reason: String?) {
        self.id = id
        self.name = name
        self.isApproximation = isApproximation
        self.reason = reason
    }

    /// The product for `build` and `installationType`, or `nil` when the build is not a known server line.
    public static func forBuild(_ build: Int, installationType: String?, isNano: Bool) -> MSRCProduct? {
        let type = (installationType ?? "").lowercased()
        let core = type.contains("core")
        let full = type == "server"
        func product(_ id: String, _ name: String) -> MSRCProduct {
            MSRCProduct(id: id, name: name, isApproximation: false, reason: nil)
        }
        func nano(_ id: String, _ name: String) -> MSRCProduct {
            MSRCProduct(
                id: id, name: name, isApproximation: true,
                reason: "Nano Server has no MSRC product of its own; matched as \(name)")
        }
        switch build {
        case 17763:
            if isNano { return nano("11572", "Windows Server 2019 (Server Core installation)") }
            return full
                ? product("11571", "Windows Server 2019")
                : product("11572", "Windows Server 2019 (Server Core installation)")
        case 20348:
            if isNano { return nano("11924", "Windows Server 2022 (Server Core installation)") }
            return full
                ? product("11923", "Windows Server 2022")
                : product("11924", "Windows Server 2022 (Server Core installation)")
        case 25398:
            if isNano { return nano("12244", "Windows Server 2022, 23H2 Edition (Server Core installation)") }
            return product("12244", "Windows Server 2022, 23H2 Edition (Server Core installation)")
        case 26100:
            if isNano { return nano("12437", "Windows Server 2025 (Server Core installation)") }
            return full
                ? product("12436", "Windows Server 2025")
                : product("12437", "Windows Server 2025 (Server Core installation)")
        case 19041:
            let name = "Windows Server, version 2004 (Server Core installation)"
            return isNano || !core
                ? MSRCProduct(id: "11769", name: name, isApproximation: true, reason: "matched as \(name)")
                : product("11769", name)
        case 19042:
            let name = "Windows Server, version 20H2 (Server Core Installation)"
            return isNano || !core
                ? MSRCProduct(id: "11803", name: name, isApproximation: true, reason: "matched as \(name)")
                : product("11803", name)
        default:
            return nil
        }
    }
}
