/// Everything a scan needs to know about the Windows inside an image, each fact with the layer it came from.
public struct Inventory: Sendable, Hashable, Codable {
    /// OS identity.
    public let profile: WindowsProfile
    /// CBS packages named `Package_for_…` (KBs, RollupFix, .NET rollups, servicing stacks).
    public let packages: [InstalledPackage]
    /// Servicing manifests found in the layers.
    public let servicingManifests: [ServicingManifest]
    /// .NET Framework 4.x, if present.
    public let dotNet: DotNetFramework?
    /// KBs listed under `WOW6432Node\Microsoft\Updates` (.NET updates), by product.
    public let dotNetUpdates: [String: [String]]
    /// Installed programs, both views.
    public let programs: [InstalledProgram]
    /// The image layers whose hives were merged for SOFTWARE, base first.
    public let softwareLayers: [Int]
    /// Remarks (a dirty hive, a delta without a base…).
    public let notes: [String]

    /// Creates a value.
    public init(
        profile: WindowsProfile, packages: [InstalledPackage], servicingManifests: [ServicingManifest],
        dotNet: DotNetFramework?, dotNetUpdates: [String: [String]], programs: [InstalledProgram],
        softwareLayers: [Int], notes: [String]
    ) {
        self.profile = profile
        self.packages = packages
        self.servicingManifests = servicingManifests
        self.dotNet = dotNet
        self.dotNetUpdates = dotNetUpdates
        self.programs = programs
        self.softwareLayers = softwareLayers
        self.notes = notes
    }

    /// The installed cumulative update (the present RollupFix package with the highest revision).
    public var latestRollup: InstalledPackage? {
        packages.filter { $0.isRollup && ($0.state?.isPresent ?? false) }
            .max { ($0.rollupRevision ?? 0) < ($1.rollupRevision ?? 0) }
    }

    /// KB numbers of present (installed, permanent or superseded) packages.
    public var presentKBs: Set<String> {
        Set(packages.filter { $0.state?.isPresent ?? false }.compactMap(\.kb))
    }
}
