import ArgumentParser
import ImageLayers
import WindowsInventory
import WinscanShared

/// `winscan image`: look inside an image without scanning it.
struct ImageCommand: ParsableCommand {
    /// The subcommands.
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Look inside an image: its platform, layers and the Windows files a scan reads.",
        subcommands: [ImageInspect.self]
    )
}

/// `winscan image inspect SOURCE [--json]`: resolve the image, stream every layer, list what a scan keeps.
struct ImageInspect: AsyncParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Resolve an image, read every layer (verifying digests) and list the files a Windows scan keeps.",
        discussion: """
            SOURCE is docker-archive:PATH, oci-archive:PATH[:TAG], oci-dir:PATH[:TAG], registry:REF, daemon:REF, or a
            bare path or registry reference.
            """
    )

    /// The image.
    @Argument(
        help: "The image: docker-archive:PATH, oci-archive:PATH[:TAG], oci-dir:PATH[:TAG], registry:REF, daemon:REF.")
    var source: String

    /// Platform to resolve indexes to.
    @Option(help: "The platform to take from a multi-platform index.")
    var platform = "windows/amd64"

    /// JSON output.
    @Flag(help: "Print JSON.")
    var json = false

    /// Plain HTTP for registries (meant for 127.0.0.1).
    @Flag(help: "Talk to the registry over plain HTTP (for a local registry on 127.0.0.1).")
    var plainHTTP = false

    /// Hosts foreign layers may be fetched from.
    @Option(help: "A host foreign (non-distributable) layers may be fetched from; repeatable.")
    var allowForeignHost: [String] = []

    /// The daemon socket.
    @Option(help: "The Docker-compatible API for daemon: sources (unix:///path/to.sock; default $DOCKER_HOST).")
    var host: String?

    /// Read layers whose digests do not verify, saying so.
    @Flag(help: "Read layers whose digest or diff-id does not match (each mismatch is listed as a note).")
    var noVerify = false

    /// Runs the inspection.
    func run() async throws {
        guard let wanted = Platform(platform) else { throw CommandFailure("bad --platform \(platform): use os/arch") }
        let contents: ImageContents
        do {
            let options = RegistryOptions(
                plainHTTP: plainHTTP, allowedForeignHosts: Set(allowForeignHost))
            let source = try SourceReference(parsing: source).open(registry: options, daemonHost: host)
            var reader = ImageReader(platform: wanted)
            reader.verification = noVerify ? .reportOnly : .enforce
            contents = try await reader.read(source)
        } catch {
            throw CommandFailure(error.description)
        }
        let inventory: Inventory
        do {
            inventory = try InventoryReader.inventory(of: contents)
        } catch {
            throw CommandFailure(error.description)
        }
        json ? printJSON(contents, inventory) : printText(contents, inventory)
    }

    /// The human-readable listing.
    private func printText(_ contents: ImageContents, _ inventory: Inventory) {
        let image = contents.image
        let out = Output.standard
        out.line("image      \(image.reference)")
        if let digest = image.manifestDigest { out.line("manifest   \(digest)") }
        out.line("config     \(image.configDigest)")
        out.line("platform   \(image.platform)  os.version \(image.config.osVersion ?? "-")")
        for note in image.notes { out.line("note       \(note)") }
        for (info, layer) in zip(image.layers, contents.layers) {
            out.line(
                "layer \(layer.index)    \(layer.digest.short)  diff-id \(layer.diffID.short)  "
                    + "\(layer.compressedSize) → \(layer.uncompressedSize) bytes, \(layer.entryCount) entries"
                    + (info.comment.map { "  (\($0))" } ?? ""))
            for file in layer.files {
                out.line(
                    "  \(file.path)  \(file.data.count) bytes" + (file.linkedFrom.map { "  (link to \($0))" } ?? ""))
            }
            for deletion in layer.deletions { out.line("  deleted \(deletion)") }
            for note in layer.notes { out.line("  note: \(note)") }
        }
        let profile = inventory.profile
        switch profile.identification {
        case .identified:
            out.line(
                "windows    \(profile.fullBuild ?? "?") \(profile.installationType ?? "") \(profile.editionID ?? "")"
                    + " (\(profile.architecture ?? "?"))")
        case .unidentified(let reason):
            out.line("windows    UNIDENTIFIED: \(reason)")
        }
        if let product = profile.msrcProduct {
            out.line(
                "msrc       product \(product.id) \(product.name)"
                    + (product.isApproximation ? " (approximation: \(product.reason ?? ""))" : ""))
        }
        if let disagreement = profile.configDisagreement { out.line("note       \(disagreement)") }
        if let rollup = inventory.latestRollup {
            out.line("update     \(rollup.name) (layer \(rollup.layer))")
        }
        out.line("packages   \(inventory.packages.count) servicing packages, \(inventory.presentKBs.count) KBs present")
        if let dotNet = inventory.dotNet { out.line(".net       \(dotNet.version) (release \(dotNet.release))") }
        for note in inventory.notes { out.line("note       \(note)") }
    }

    /// One JSON object.
    private func printJSON(_ contents: ImageContents, _ inventory: Inventory) {
        let image = contents.image
        var layers: [String] = []
        for (info, layer) in zip(image.layers, contents.layers) {
            let files = layer.files.map { file in
                "{\"path\":\(JSONText.quoted(file.path)),\"size\":\(file.data.count)}"
            }
            layers.append(
                "{\"index\":\(layer.index),\"mediaType\":\(JSONText.quoted(info.descriptor.mediaType)),"
                    + "\"digest\":\"\(layer.digest)\",\"diffID\":\"\(layer.diffID)\","
                    + "\"size\":\(layer.compressedSize),\"uncompressedSize\":\(layer.uncompressedSize),"
                    + "\"entries\":\(layer.entryCount),\"comment\":\(info.comment.map(JSONText.quoted) ?? "null"),"
                    + "\"files\":[\(files.joined(separator: ","))],"
                    + "\"deletions\":[\(layer.deletions.map(JSONText.quoted).joined(separator: ","))],"
                    + "\"notes\":[\(layer.notes.map(JSONText.quoted).joined(separator: ","))]}")
        }
        Output.standard.line(
            "{\"reference\":\(JSONText.quoted(image.reference)),"
                + "\"manifestDigest\":\(image.manifestDigest.map { "\"\($0)\"" } ?? "null"),"
                + "\"configDigest\":\"\(image.configDigest)\","
                + "\"platform\":{\"os\":\(JSONText.quoted(image.config.os)),"
                + "\"architecture\":\(JSONText.quoted(image.config.architecture)),"
                + "\"osVersion\":\(image.config.osVersion.map(JSONText.quoted) ?? "null")},"
                + "\"layers\":[\(layers.joined(separator: ","))],"
                + "\"windows\":{\"build\":\(inventory.profile.fullBuild.map(JSONText.quoted) ?? "null"),"
                + "\"productId\":\(inventory.profile.msrcProduct.map { JSONText.quoted($0.id) } ?? "null"),"
                + "\"installationType\":\(inventory.profile.installationType.map(JSONText.quoted) ?? "null"),"
                + "\"productApproximated\":\(inventory.profile.msrcProduct?.isApproximation ?? false),"
                + "\"kbs\":[\(inventory.presentKBs.sorted().map(JSONText.quoted).joined(separator: ","))]}}")
    }
}
