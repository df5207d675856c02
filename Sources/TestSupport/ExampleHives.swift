/// Windows-shaped hives for examples and tests: a Server Core ltsc2022 base SOFTWARE hive and the update
/// layer's differencing hive, shaped like Microsoft's two-layer servercore image (DOMAIN.md §1, §3).
public enum ExampleHives {
    /// The `CurrentVersion` key of a Windows Server 2022 Server Core image at revision `ubr`.
    public static func currentVersion(ubr: UInt32) -> RegfKey {
        RegfKey(
            "CurrentVersion",
            values: [
                .string("CurrentBuild", "20348"),
                .string("CurrentBuildNumber", "20348"),
                .dword("UBR", ubr),
                .string("InstallationType", "Server Core"),
                .string("EditionID", "ServerDatacenter"),
                .string("ProductName", "Windows Server 2022 Datacenter"),
                .string("DisplayVersion", "21H2"),
                .dword("CurrentMajorVersionNumber", 10),
                .dword("CurrentMinorVersionNumber", 0),
                .string("ReleaseId", "2009"),
            ])
    }

    /// A CBS package key such as `Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.4294.1.10`.
    public static func package(_ name: String, state: UInt32) -> RegfKey {
        RegfKey(name, values: [.dword("CurrentState", state), .string("InstallName", name + ".mum")])
    }

    /// The base layer's full SOFTWARE hive (build 10.0.20348.`ubr`, 4294 by default).
    public static func baseSoftware(ubr: UInt32 = 4294) -> RegfWriter {
        let packages = RegfKey(
            "Packages",
            subkeys: [
                package("Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.\(ubr).1.10", state: 0x70),
                package("Package_for_KB5012170~31bf3856ad364e35~amd64~~20348.1.1.1", state: 0x70),
                package("Package_for_ServicingStack_4290~31bf3856ad364e35~amd64~~20348.4290.1.1", state: 0x70),
            ])
        let root = RegfKey(
            "CMI-CreateHive{199DAFC2-6F16-4946-BF90-5A3FC3A60902}",
            subkeys: [
                RegfKey(
                    "Microsoft",
                    subkeys: [
                        RegfKey(
                            "NET Framework Setup",
                            subkeys: [
                                RegfKey(
                                    "NDP",
                                    subkeys: [
                                        RegfKey(
                                            "v4",
                                            subkeys: [
                                                RegfKey(
                                                    "Full",
                                                    values: [
                                                        .dword("Release", 528_449), .string("Version", "4.8.04161"),
                                                    ])
                                            ])
                                    ])
                            ]),
                        RegfKey(
                            "Windows",
                            subkeys: [
                                RegfKey(
                                    "CurrentVersion",
                                    subkeys: [RegfKey("Component Based Servicing", subkeys: [packages])])
                            ]),
                        RegfKey("Windows NT", subkeys: [currentVersion(ubr: ubr)]),
                    ])
            ])
        return RegfWriter(root: root)
    }

    /// The update layer's differencing hive: UBR `ubr` (5499 by default), a new RollupFix package, the base's
    /// (`base`, 4294 by default) superseded.
    public static func updateDelta(from base: UInt32 = 4294, to ubr: UInt32 = 5499) -> RegfWriter {
        var cbs = RegfKey(
            "Component Based Servicing",
            subkeys: [
                RegfKey(
                    "Packages",
                    subkeys: [
                        package("Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.\(base).1.10", state: 0x50),
                        package("Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.\(ubr).1.7", state: 0x70),
                    ])
            ])
        cbs.inheritClass = true
        var currentVersion = RegfKey("CurrentVersion", values: [.dword("UBR", ubr)])
        currentVersion.inheritClass = true
        let root = RegfKey(
            "ROOT",
            subkeys: [
                RegfKey(
                    "Microsoft",
                    subkeys: [
                        RegfKey("Windows", subkeys: [RegfKey("CurrentVersion", subkeys: [cbs])]),
                        RegfKey("Windows NT", subkeys: [currentVersion]),
                    ])
            ])
        return RegfWriter.differencing(root: root)
    }
}
