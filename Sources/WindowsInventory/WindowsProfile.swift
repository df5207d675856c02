/// Which Windows an image runs: read from the merged registry (hive first, image config second).
public struct WindowsProfile: Sendable, Hashable, Codable {
    /// Whether the image was identified well enough to match against MSRC data.
    public enum Identification: Sendable, Hashable, Codable {
        /// Build, revision and MSRC product are known.
        case identified
        /// Something needed is missing or unknown; the reason says what. Never "no vulnerabilities".
        case unidentified(reason: String)
    }

    /// Major version (`CurrentMajorVersionNumber`, 10).
    public let major: Int?
    /// Minor version (`CurrentMinorVersionNumber`, 0).
    public let minor: Int?
    /// Build (`CurrentBuildNumber`, e.g. 20348).
    public let build: Int?
    /// Update build revision (`UBR`, e.g. 5499).
    public let revision: Int?
    /// `InstallationType`: "Server Core", "Nano Server", "Server", "Client".
    public let installationType: String?
    /// `EditionID`, e.g. "ServerDatacenter".
    public let editionID: String?
    /// `DisplayVersion`, e.g. "21H2".
    public let displayVersion: String?
    /// `ProductName`, informational only (nanoserver ltsc2022 says "Windows Server 2016 Datacenter").
    public let productName: String?
    /// CPU architecture (`amd64`, `arm64`): the SYSTEM hive's, else the image config's.
    public let architecture: String?
    /// The image config's `os.version`.
    public let configOSVersion: String?
    /// Why the config's `os.version` differs from the registry's build, when it does.
    public let configDisagreement: String?
    /// Whether this is Nano Server (`Server\ServerLevels\NanoServer = 1` or the installation type).
    public let isNanoServer: Bool
    /// The MSRC product to match against.
    public let msrcProduct: MSRCProduct?
    /// Whether the image was identified.
    public let identification: Identification
    /// The image layer each fact was read from, by registry value name (`UBR` → 1).
    public let sourceLayers: [String: Int]

    /// Creates a value.
    public init(
        major: Int?, minor: Int?, build: Int?, revision: Int?, installationType: String?, editionID: String?,
        displayVersion: String?, productName: String?, architecture: String?, configOSVersion: String?,
        configDisagreement: String?, isNanoServer: Bool, msrcProduct: MSRCProduct?, identification: Identification,
        sourceLayers: [String: Int]
    ) {
        self.major = major
        self.minor = minor
        self.build = build
        self.revision = revision
        self.installationType = installationType
        self.editionID = editionID
        self.displayVersion = displayVersion
        self.productName = productName
        self.architecture = architecture
        self.configOSVersion = configOSVersion
        self.configDisagreement = configDisagreement
        self.isNanoServer = isNanoServer
        self.msrcProduct = msrcProduct
        self.identification = identification
        self.sourceLayers = sourceLayers
    }

    /// `10.0.20348.5499`, when all four parts are known.
    public var fullBuild: String? {
        guard let major, let minor, let build, let revision else { return nil }
        return "\(major).\(minor).\(build).\(revision)"
    }

    /// A profile for an image whose registry could not be read at all.
    static func unidentified(_ reason: String, configOSVersion: String?, architecture: String?) -> WindowsProfile {
        WindowsProfile(
            major: nil, minor: nil, build: nil, revision: nil, installationType: nil, editionID: nil,
            displayVersion: nil, productName: nil, architecture: architecture, configOSVersion: configOSVersion,
            configDisagreement: nil, isNanoServer: false, msrcProduct: nil,
            identification: .unidentified(reason: reason),
            sourceLayers: [:])
    }
}
