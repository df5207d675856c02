/// A Component Based Servicing package (`…\Component Based Servicing\Packages\<name>`; DOMAIN.md §3).
public struct InstalledPackage: Sendable, Hashable, Codable {
    /// The servicing state (`CurrentState`).
    public enum State: Sendable, Hashable, Codable {
        /// 0x70: installed.
        case installed
        /// 0x80: permanent.
        case permanent
        /// 0x50: superseded (its fixes are still present through the superseding package).
        case superseded
        /// 0x40: staged, not installed.
        case staged
        /// Any other state, raw.
        case other(UInt32)

        /// Maps a `CurrentState` value.
        public init(_ raw: UInt32) {
            switch raw {
            case 0x70: self = .installed
            case 0x80: self = .permanent
            case 0x50: self = .superseded
            case 0x40: self = .staged
            default: self = .other(raw)
            }
        }

        /// Whether the package's fixes are on the system (installed, permanent or superseded).
        public var isPresent: Bool {
            switch self {
            case .installed, .permanent, .superseded: return true
            case .staged, .other: return false
            }
        }
    }

    /// The full package name, e.g. `Package_for_KB5034127~31bf3856ad364e35~amd64~~17763.5329.1.10`.
    public let name: String
    /// The KB number in the name, if any (`5034127`).
    public let kb: String?
    /// The version field (`17763.5329.1.10`).
    public let version: String?
    /// Whether this is the latest cumulative update (`Package_for_RollupFix`; its version's second field is
    /// the UBR).
    public let isRollup: Bool
    /// The state; `nil` when the key has no `CurrentState`.
    public let state: State?
    /// The image layer the package key comes from.
    public let layer: Int

    /// Creates a value.
    public init(name: String, kb: String?, version: String?, isRollup: Bool, state: State?, layer: Int) {
        self.name = name
        self.kb = kb
        self.version = version
        self.isRollup = isRollup
        self.state = state
        self.layer = layer
    }

    /// Parses a CBS package key name (`Package_for_KB5034127~31bf3856ad364e35~amd64~~17763.5329.1.10`).
    public static func parse(name: String, state: State?, layer: Int) -> InstalledPackage {
        let parts = name.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        let identity = parts.first ?? name
        let version = parts.count >= 5 && !parts[4].isEmpty ? parts[4] : nil
        var kb: String?
        if let range = identity.range(of: "KB", options: .caseInsensitive) {
            let digits = identity[range.upperBound...].prefix { $0.isNumber }
            if !digits.isEmpty { kb = String(digits) }
        }
        let isRollup = identity.lowercased().hasPrefix("package_for_rollupfix")
        return InstalledPackage(name: name, kb: kb, version: version, isRollup: isRollup, state: state, layer: layer)
    }

    /// The UBR a RollupFix package's version carries (`20348.2227.1.5` → 2227).
    public var rollupRevision: Int? {
        guard isRollup, let version else { return nil }
        let fields = version.split(separator: ".")
        return fields.count >= 2 ? Int(fields[1]) : nil
    }
}

/// A servicing manifest (`Files/Windows/servicing/Packages/*.mum`) found in a layer.
public struct ServicingManifest: Sendable, Hashable, Codable {
    /// The file's path in the layer.
    public let path: String
    /// The assembly identity's name.
    public let name: String?
    /// The assembly identity's version.
    public let version: String?
    /// The KB the manifest names (`identifier="KB4601060"`), if any.
    public let kb: String?

    /// Creates a value.
    public init(path: String, name: String?, version: String?, kb: String?, layer: Int) {
        self.path = path
        self.name = name
        self.version = version
        self.kb = kb
        self.layer = layer
    }
    /// The image layer it was found in.
    public let layer: Int
}

/// .NET Framework 4.x (`NDP\v4\Full`).
public struct DotNetFramework: Sendable, Hashable, Codable {
    /// The `Release` DWORD, e.g. 528449.
    public let release: Int
    /// The version it denotes, e.g. `4.8`.
    public let version: String
    /// The `Version` string, e.g. `4.8.04161`.
    public let fullVersion: String?
    /// The image layer the `Release` value comes from.
    public let layer: Int

    /// Creates a value.
    public init(release: Int, version: String, fullVersion: String?, layer: Int) {
        self.release = release
        self.version = version
        self.fullVersion = fullVersion
        self.layer = layer
    }

    /// The .NET Framework version a `Release` value denotes (Microsoft's published minimums).
    public static func version(forRelease release: Int) -> String {
        let table: [(Int, String)] = [
            (533_320, "4.8.1"), (528_040, "4.8"), (461_808, "4.7.2"), (461_308, "4.7.1"), (460_798, "4.7"),
            (394_802, "4.6.2"), (394_254, "4.6.1"), (393_295, "4.6"), (379_893, "4.5.2"), (378_675, "4.5.1"),
            (378_389, "4.5"),
        ]
        return table.first { release >= $0.0 }?.1 ?? "4.x"
    }
}

/// An installed program (`…\CurrentVersion\Uninstall\*`).
public struct InstalledProgram: Sendable, Hashable, Codable {
    /// `DisplayName`.
    public let name: String
    /// `DisplayVersion`.
    public let version: String?
    /// `Publisher`.
    public let publisher: String?
    /// Whether it is in the 32-bit (`WOW6432Node`) view.
    public let is32Bit: Bool

    /// Creates a value.
    public init(name: String, version: String?, publisher: String?, is32Bit: Bool, layer: Int) {
        self.name = name
        self.version = version
        self.publisher = publisher
        self.is32Bit = is32Bit
        self.layer = layer
    }
    /// The image layer the key comes from.
    public let layer: Int
}
