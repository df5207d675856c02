#if canImport(Glibc)
import Glibc
#endif

/// Reads an image's layers: resolves the image, then streams every layer once (several at a time), keeping
/// the selected files and verifying every digest.
public struct ImageReader: Sendable {
    /// Which files to keep.
    public var selector: EntrySelector
    /// The platform to resolve indexes to.
    public var platform: Platform
    /// Whether an image whose config says another OS is refused (``ImageLayersError/Code/notWindows``).
    public var requiresWindows: Bool
    /// How many layers decode at once (default: one per core).
    public var concurrency: Int
    /// Whether digest mismatches fail a layer (the default) or are only reported.
    public var verification: DigestVerification = .enforce

    /// Creates a reader; defaults fit a Windows scan.
    public init(
        selector: EntrySelector = .windowsScanning, platform: Platform = .windowsAMD64, requiresWindows: Bool = true,
        concurrency: Int = ImageReader.processorCount
    ) {
        self.selector = selector
        self.platform = platform
        self.requiresWindows = requiresWindows
        self.concurrency = max(1, concurrency)
    }

    /// The number of online processors.
    public static var processorCount: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }

    /// Resolves the image without reading any layer.
    public func resolve(_ source: any ImageSource) async throws(ImageLayersError) -> ResolvedImage {
        let image = try await source.resolve(platform: platform)
        if requiresWindows, image.config.os.lowercased() != "windows" {
            throw ImageLayersError(
                .notWindows, "image is for \(image.config.os)/\(image.config.architecture), not Windows",
                context: source.reference)
        }
        return image
    }

    /// Resolves the image and reads every layer.
    public func read(_ source: any ImageSource) async throws(ImageLayersError) -> ImageContents {
        let image = try await resolve(source)
        let layers = try await readLayers(image.layers, of: image, from: source)
        return ImageContents(image: image, layers: layers)
    }

    /// Reads `layers` of `image`, `concurrency` at a time; results in layer order. `started` hears each layer as
    /// its stream opens, `finished` each layer's contents as soon as that layer is read (in completion order).
    public func readLayers(
        _ layers: [LayerInfo], of image: ResolvedImage, from source: any ImageSource,
        started: (@Sendable (LayerInfo) -> Void)? = nil, finished: (@Sendable (LayerContents) async -> Void)? = nil
    ) async throws(ImageLayersError) -> [LayerContents] {
        let selector = selector
        let verification = verification
        do {
            return try await withThrowingTaskGroup(of: LayerContents.self) { group in
                var results: [LayerContents] = []
                var next = 0
                func start() {
                    guard next < layers.count else { return }
                    let layer = layers[next]
                    next += 1
                    started?(layer)
                    group.addTask {
                        let contents = try await ImageReader.readLayer(
                            layer, of: image, from: source, selector: selector, verification: verification)
                        await finished?(contents)
                        return contents
                    }
                }
                for _ in 0..<min(concurrency, layers.count) { start() }
                while let finished = try await group.next() {
                    results.append(finished)
                    start()
                }
                return results.sorted { $0.index < $1.index }
            }
        } catch let error as ImageLayersError {
            throw error
        } catch is CancellationError {
            throw ImageLayersError(.cancelled, "cancelled", context: source.reference)
        } catch {
            throw ImageLayersError(.unreadable, "\(error)", context: source.reference)
        }
    }

    /// Reads one layer; a second pass fetches the targets of selected hard links.
    static func readLayer(
        _ layer: LayerInfo, of image: ResolvedImage, from source: any ImageSource, selector: EntrySelector,
        verification: DigestVerification
    ) async throws(ImageLayersError) -> LayerContents {
        let label = "layer \(layer.index) (\(layer.descriptor.digest.short))"
        do {
            let first = try LayerScanner.scanUnlabelled(
                try await source.openBlob(layer, of: image), layer: layer, selector: selector, extraPaths: [],
                verification: verification)
            guard !first.unresolvedLinks.isEmpty else { return first.contents }
            let targets = Set(first.unresolvedLinks.map { $0.target.lowercased() })
            let second = try LayerScanner.scanUnlabelled(
                try await source.openBlob(layer, of: image), layer: layer, selector: selector, extraPaths: targets,
                verification: verification)
            return LayerScanner.resolvingLinks(second.contents, links: first.unresolvedLinks, selector: selector)
        } catch {
            throw error.within(label)
        }
    }
}

extension LayerScanner {
    /// The second pass's contents with each selected hard link given its target's data, and the targets that
    /// were fetched only for that purpose removed.
    static func resolvingLinks(
        _ contents: LayerContents, links: [(path: String, target: String)], selector: EntrySelector
    )
        -> LayerContents
    {
        var files = contents.files.filter { selector.selects($0.path) }
        var notes = contents.notes
        for link in links where !files.contains(where: { $0.path == link.path }) {
            // The second pass resolves a link itself when its target now comes first; add only what it could not.
            if let target = contents.file(at: link.target) {
                files.append(
                    SelectedFile(path: link.path, data: target.data, modified: target.modified, linkedFrom: target.path)
                )
            } else {
                notes.append("selected path \(link.path) is a hard link to \(link.target), which the layer lacks")
            }
        }
        return LayerContents(
            index: contents.index, digest: contents.digest, diffID: contents.diffID,
            compressedSize: contents.compressedSize, uncompressedSize: contents.uncompressedSize,
            entryCount: contents.entryCount, files: files, deletions: contents.deletions, notes: notes)
    }
}

/// An image and the selected contents of its layers.
public struct ImageContents: Sendable, Hashable {
    /// The resolved image.
    public let image: ResolvedImage

    /// Creates a value (readers make these; caches and tests rebuild them).
    public init(image: ResolvedImage, layers: [LayerContents]) {
        self.image = image
        self.layers = layers
    }
    /// The layers, base first.
    public let layers: [LayerContents]
}
