public import Foundation

/// The result of one scan, as every renderer reads it and as `winscan` writes it in JSON (`schemaVersion` 1,
/// the contract in ARCHITECTURE.md; `Schemas/scan-report.schema.json` publishes it).
///
/// It holds only values (no references to the libraries that produced them), so a saved JSON report can be
/// decoded and rendered again in any format (`winscan convert`).
public struct ScanReport: Sendable, Hashable, Codable {
    /// The schema version this module writes.
    public static let currentSchemaVersion = 1

    /// The report's schema version.
    public let schemaVersion: Int
    /// The tool that wrote it.
    public let scanner: Scanner
    /// When the scan ran.
    public let generatedAt: Date
    /// The vulnerability database the findings come from.
    public let database: Database
    /// The image scanned.
    public let image: Image
    /// What Windows the image holds.
    public let windows: Windows
    /// The vulnerabilities found, most severe first; suppressed ones stay, marked.
    public let findings: [Finding]
    /// The one update that closes the most findings, if any finding has a fix.
    public let remediation: Remediation?
    /// The policy's verdict and what decided it.
    public let policy: Policy
    /// Counts of unsuppressed findings per severity.
    public let summary: Summary
    /// Things the reader must know (a sample database, an approximated product, an unidentified image…).
    public let warnings: [String]

    /// Creates a report; `summary` is counted from `findings`.
    public init(
        scanner: Scanner, generatedAt: Date, database: Database, image: Image, windows: Windows, findings: [Finding],
        remediation: Remediation?, policy: Policy, warnings: [String]
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.scanner = scanner
        self.generatedAt = generatedAt
        self.database = database
        self.image = image
        self.windows = windows
        self.findings = findings
        self.remediation = remediation
        self.policy = policy
        self.summary = Summary(counting: findings)
        self.warnings = warnings
    }
}

extension ScanReport {
    /// The tool that wrote a report.
    public struct Scanner: Sendable, Hashable, Codable {
        /// Its name (`winscan`).
        public let name: String
        /// Its version.
        public let version: String

        /// Creates a value.
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// The vulnerability database behind a report.
    public struct Database: Sendable, Hashable, Codable {
        /// When it was built.
        public let builtAt: Date
        /// How many MSRC documents it holds.
        public let documents: Int
        /// Its schema version.
        public let schemaVersion: Int
        /// Where it was read from.
        public let path: String?
        /// Whether it is the bundled sample database (a few facts, not Microsoft's full data).
        public let isSample: Bool

        /// Creates a value.
        public init(builtAt: Date, documents: Int, schemaVersion: Int, path: String?, isSample: Bool) {
            self.builtAt = builtAt
            self.documents = documents
            self.schemaVersion = schemaVersion
            self.path = path
            self.isSample = isSample
        }
    }

    /// The image a report is about.
    public struct Image: Sendable, Hashable, Codable {
        /// The reference as the user gave it (`docker-archive:servercore.tar`, `registry:host/repo:tag`).
        public let reference: String
        /// The manifest digest (`sha256:…`), when the source has one.
        public let digest: String?
        /// The platform from the image config.
        public let platform: Platform
        /// The layers' diff IDs, base first.
        public let layers: [String]

        /// Creates a value.
        public init(reference: String, digest: String?, platform: Platform, layers: [String]) {
            self.reference = reference
            self.digest = digest
            self.platform = platform
            self.layers = layers
        }
    }

    /// An image's platform.
    public struct Platform: Sendable, Hashable, Codable {
        /// `windows`, `linux`…
        public let os: String
        /// `amd64`, `arm64`…
        public let architecture: String
        /// The config's `os.version`, if any.
        public let osVersion: String?

        /// Creates a value.
        public init(os: String, architecture: String, osVersion: String?) {
            self.os = os
            self.architecture = architecture
            self.osVersion = osVersion
        }
    }

    /// What Windows an image holds.
    public struct Windows: Sendable, Hashable, Codable {
        /// Whether the OS was identified; when it was not, the report has no findings and says why.
        public let identified: Bool
        /// Why it was not identified.
        public let unidentifiedReason: String?
        /// The full build, e.g. `10.0.20348.2227`.
        public let build: String?
        /// The MSRC product ID matched, e.g. `11924`.
        public let productId: String?
        /// The MSRC product's name.
        public let productName: String?
        /// `Server Core`, `Server`, `Nano Server`…
        public let installationType: String?
        /// `ServerDatacenter`…
        public let editionId: String?
        /// `21H2`, `24H2`…
        public let displayVersion: String?
        /// Whether the MSRC product is an approximation (Nano Server).
        public let productApproximated: Bool
        /// Why it is an approximation.
        public let approximationReason: String?
        /// Installed KBs (`KB5034129`), sorted.
        public let kbs: [String]
        /// .NET Framework 4.x, if present.
        public let dotnet: DotNet?

        /// Creates a value.
        public init(
            identified: Bool, unidentifiedReason: String?, build: String?, productId: String?, productName: String?,
            installationType: String?, editionId: String?, displayVersion: String?, productApproximated: Bool,
            approximationReason: String?, kbs: [String], dotnet: DotNet?
        ) {
            self.identified = identified
            self.unidentifiedReason = unidentifiedReason
            self.build = build
            self.productId = productId
            self.productName = productName
            self.installationType = installationType
            self.editionId = editionId
            self.displayVersion = displayVersion
            self.productApproximated = productApproximated
            self.approximationReason = approximationReason
            self.kbs = kbs
            self.dotnet = dotnet
        }
    }

    /// .NET Framework as found in an image.
    public struct DotNet: Sendable, Hashable, Codable {
        /// The `Release` DWORD.
        public let release: Int
        /// The version it means (`4.8.1`).
        public let version: String

        /// Creates a value.
        public init(release: Int, version: String) {
            self.release = release
            self.version = version
        }
    }
}
