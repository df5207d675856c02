public import ImageLayers
import WindowsHive

/// Builds an ``Inventory`` from an image's selected layer files: merges each hive's base with every later
/// layer's delta (a later full hive replaces the stack), then reads identity, updates, .NET and programs.
public enum InventoryReader {
    /// Where the registry keeps what the inventory reads (paths relative to the SOFTWARE hive's root).
    enum Paths {
        static let currentVersion = #"Microsoft\Windows NT\CurrentVersion"#
        static let serverLevels = #"Microsoft\Windows NT\CurrentVersion\Server\ServerLevels"#
        static let packages = #"Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages"#
        static let netFull = #"Microsoft\NET Framework Setup\NDP\v4\Full"#
        static let netUpdates = #"WOW6432Node\Microsoft\Updates"#
        static let uninstall = #"Microsoft\Windows\CurrentVersion\Uninstall"#
        static let uninstall32 = #"WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"#
        static let environment = #"ControlSet001\Control\Session Manager\Environment"#
    }

    /// One registry hive merged across the image's layers, with the image layer of each hive.
    struct Stack {
        /// The merged view.
        let hive: LayeredHive
        /// Image layer index of each hive in `hive.layers`.
        let imageLayers: [Int]

        /// The image layer of hive-stack layer `index`.
        func imageLayer(_ index: Int) -> Int { index < imageLayers.count ? imageLayers[index] : -1 }
    }

    /// Merges the hive named `name` (`SOFTWARE`, `SYSTEM`) across `layers`.
    static func stack(_ name: String, in layers: [LayerContents], notes: inout [String]) throws(InventoryError)
        -> Stack?
    {
        var hives: [Hive] = []
        var indices: [Int] = []
        let basePath = "Files/Windows/System32/config/" + name
        let deltaPath = "Hives/" + (name == "SOFTWARE" ? "Software" : "System") + "_Delta"
        for layer in layers {
            if let base = layer.file(at: basePath) {
                hives = [try open(base, layer: layer.index)]
                indices = [layer.index]
            }
            if let delta = layer.file(at: deltaPath) {
                guard !hives.isEmpty else {
                    notes.append(
                        "layer \(layer.index) has \(delta.path) but no earlier layer has the \(name) base hive")
                    continue
                }
                hives.append(try open(delta, layer: layer.index))
                indices.append(layer.index)
            }
        }
        guard let base = hives.first else { return nil }
        for (hive, layer) in zip(hives, indices) where hive.isDirty {
            notes.append("the \(name) hive of layer \(layer) is dirty (it may lack its last writes)")
        }
        return Stack(hive: LayeredHive(base: base, deltas: Array(hives.dropFirst())), imageLayers: indices)
    }

    /// Opens a selected hive file leniently (damage is noted, not fatal).
    static func open(_ file: SelectedFile, layer: Int) throws(InventoryError) -> Hive {
        do {
            return try Hive(bytes: file.data, options: .lenient)
        } catch {
            throw InventoryError(.badHive, error.description, context: "layer \(layer): \(file.path)")
        }
    }

    /// The inventory of an image read by ``ImageReader`` with ``EntrySelector/windowsScanning``.
    public static func inventory(of contents: ImageContents) throws(InventoryError) -> Inventory {
        var notes: [String] = []
        let config = contents.image.config
        guard let software = try stack("SOFTWARE", in: contents.layers, notes: &notes) else {
            return Inventory(
                profile: .unidentified(
                    "no SOFTWARE hive (Files/Windows/System32/config/SOFTWARE) in any layer: the Windows version "
                        + "cannot be read", configOSVersion: config.osVersion, architecture: config.architecture),
                packages: [], servicingManifests: manifests(contents.layers), dotNet: nil, dotNetUpdates: [:],
                programs: [], softwareLayers: [], notes: notes)
        }
        let system = try stack("SYSTEM", in: contents.layers, notes: &notes)
        do {
            return Inventory(
                profile: try profile(software, system: system, config: config),
                packages: try packages(software), servicingManifests: manifests(contents.layers),
                dotNet: try dotNet(software), dotNetUpdates: try dotNetUpdates(software),
                programs: try programs(software), softwareLayers: software.imageLayers, notes: notes)
        } catch {
            throw InventoryError(.badHive, error.description, context: "SOFTWARE hive")
        }
    }

    /// OS identity from `CurrentVersion`, `ServerLevels`, the SYSTEM environment and the image config.
    static func profile(_ software: Stack, system: Stack?, config: ImageConfig) throws(HiveError) -> WindowsProfile {
        guard let key = try software.hive.key(at: Paths.currentVersion) else {
            return .unidentified(
                "the SOFTWARE hive has no \(Paths.currentVersion) key", configOSVersion: config.osVersion,
                architecture: config.architecture)
        }
        var layers: [String: Int] = [:]
        func read(_ name: String) throws(HiveError) -> HiveValue? {
            guard let (value, layer) = try key.valueAndLayer(named: name) else { return nil }
            layers[name] = software.imageLayer(layer)
            return value
        }
        func text(_ name: String) throws(HiveError) -> String? { try read(name).flatMap { try? $0.string() } }
        func number(_ name: String) throws(HiveError) -> Int? { try read(name).flatMap { try? Int($0.uint32()) } }
        var build = try text("CurrentBuildNumber").flatMap { Int($0) }
        if build == nil { build = try text("CurrentBuild").flatMap { Int($0) } }
        let revision = try number("UBR")
        let installationType = try text("InstallationType")
        let major = try number("CurrentMajorVersionNumber") ?? 10
        let minor = try number("CurrentMinorVersionNumber") ?? 0
        let levels = try software.hive.key(at: Paths.serverLevels)
        let nanoLevel = try levels?.value(named: "NanoServer").flatMap { try? $0.uint32() } == 1
        let isNano = nanoLevel || installationType?.lowercased() == "nano server"
        var architecture = config.architecture
        if let environment = try system?.hive.key(at: Paths.environment),
            let value = try environment.value(named: "PROCESSOR_ARCHITECTURE"), let raw = try? value.string()
        {
            architecture = raw.lowercased() == "x86" ? "386" : raw.lowercased()
        }
        var disagreement: String?
        var identification = WindowsProfile.Identification.identified
        var product: MSRCProduct?
        if let build, let revision {
            let full = "\(major).\(minor).\(build).\(revision)"
            if let configVersion = config.osVersion, configVersion != full {
                let ubrLayer = layers["UBR"] ?? 0
                disagreement =
                    ubrLayer > (software.imageLayers.first ?? 0)
                    ? "the config says \(configVersion) (Docker copies the base image's os.version), but layer "
                        + "\(ubrLayer) updated the registry to \(full)"
                    : "the config says \(configVersion), the registry says \(full)"
            }
            product = MSRCProduct.forBuild(build, installationType: installationType, isNano: isNano)
            if product == nil {
                identification = .unidentified(
                    reason: "build \(full) is not a Windows Server build MSRC publishes security updates for")
            }
        } else {
            identification = .unidentified(
                reason: build == nil
                    ? "CurrentBuildNumber is missing from the registry" : "UBR is missing from the registry")
        }
        return WindowsProfile(
            major: major, minor: minor, build: build, revision: revision, installationType: installationType,
            editionID: try text("EditionID"), displayVersion: try text("DisplayVersion"),
            productName: try text("ProductName"), architecture: architecture, configOSVersion: config.osVersion,
            configDisagreement: disagreement, isNanoServer: isNano, msrcProduct: product,
            identification: identification, sourceLayers: layers)
    }

    /// `Package_for_…` CBS packages with their state and layer.
    static func packages(_ software: Stack) throws(HiveError) -> [InstalledPackage] {
        guard let packages = try software.hive.key(at: Paths.packages) else { return [] }
        var result: [InstalledPackage] = []
        for key in try packages.subkeys() {
            let name = key.name
            guard name.lowercased().hasPrefix("package_for_") else { continue }
            let state = try key.value(named: "CurrentState").flatMap { try? $0.uint32() }.map(
                InstalledPackage.State.init)
            result.append(InstalledPackage.parse(name: name, state: state, layer: software.imageLayer(key.topLayer)))
        }
        return result
    }

    /// .NET Framework 4.x from `NDP\v4\Full`.
    static func dotNet(_ software: Stack) throws(HiveError) -> DotNetFramework? {
        guard let key = try software.hive.key(at: Paths.netFull),
            let (value, layer) = try key.valueAndLayer(named: "Release"), let release = try? value.uint32()
        else { return nil }
        return DotNetFramework(
            release: Int(release), version: DotNetFramework.version(forRelease: Int(release)),
            fullVersion: try key.value(named: "Version").flatMap { try? $0.string() }, layer: software.imageLayer(layer)
        )
    }

    /// KBs under `WOW6432Node\Microsoft\Updates\<product>\<KB…>`.
    static func dotNetUpdates(_ software: Stack) throws(HiveError) -> [String: [String]] {
        guard let updates = try software.hive.key(at: Paths.netUpdates) else { return [:] }
        var result: [String: [String]] = [:]
        for product in try updates.subkeys() {
            let kbs = try product.subkeys().map(\.name).compactMap { name -> String? in
                guard name.uppercased().hasPrefix("KB") else { return nil }
                let digits = name.dropFirst(2).prefix { $0.isNumber }
                return digits.isEmpty ? nil : String(digits)
            }
            if !kbs.isEmpty { result[product.name] = kbs }
        }
        return result
    }

    /// Installed programs from both Uninstall views.
    static func programs(_ software: Stack) throws(HiveError) -> [InstalledProgram] {
        var result: [InstalledProgram] = []
        for (path, is32Bit) in [(Paths.uninstall, false), (Paths.uninstall32, true)] {
            guard let root = try software.hive.key(at: path) else { continue }
            for key in try root.subkeys() {
                guard let name = try key.value(named: "DisplayName").flatMap({ try? $0.string() }), !name.isEmpty
                else { continue }
                result.append(
                    InstalledProgram(
                        name: name, version: try key.value(named: "DisplayVersion").flatMap { try? $0.string() },
                        publisher: try key.value(named: "Publisher").flatMap { try? $0.string() }, is32Bit: is32Bit,
                        layer: software.imageLayer(key.topLayer)))
            }
        }
        return result
    }

    /// Servicing manifests found in any layer (`assemblyIdentity` name and version, `identifier="KB…"`).
    static func manifests(_ layers: [LayerContents]) -> [ServicingManifest] {
        layers.flatMap { layer in
            layer.files.filter { $0.path.lowercased().hasSuffix(".mum") }.map { file in
                let text = String(decoding: file.data.prefix(64 * 1024), as: UTF8.self)
                let identity = attributes(of: "assemblyIdentity", in: text)
                var kb = attributes(of: "package", in: text)["identifier"]
                if let value = kb, value.uppercased().hasPrefix("KB") { kb = String(value.dropFirst(2)) }
                return ServicingManifest(
                    path: file.path, name: identity["name"], version: identity["version"], kb: kb, layer: layer.index)
            }
        }
    }

    /// The attributes of the first `<element …>` in `text` (a tolerant scan, not an XML parser).
    static func attributes(of element: String, in text: String) -> [String: String] {
        guard let start = text.range(of: "<" + element + " ") ?? text.range(of: "<" + element + "\t"),
            let end = text[start.upperBound...].firstIndex(of: ">")
        else { return [:] }
        var result: [String: String] = [:]
        var rest = text[start.upperBound..<end]
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingCharacters(in: .whitespacesAndNewlines)
            let afterEquals = rest[rest.index(after: equals)...].drop { $0 == " " }
            guard let quote = afterEquals.first, quote == "\"" || quote == "'" else { break }
            let valueStart = afterEquals.index(after: afterEquals.startIndex)
            guard let valueEnd = afterEquals[valueStart...].firstIndex(of: quote) else { break }
            result[name] = String(afterEquals[valueStart..<valueEnd])
            rest = afterEquals[afterEquals.index(after: valueEnd)...]
        }
        return result
    }
}
