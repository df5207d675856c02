import Foundation
import ImageLayers
import ReportKit
import TestSupport
import Testing
import WindowsImageScanner

/// The facade end to end: an image in, a report out, with its progress, as a sequence, for images that are not
/// Windows or not identifiable, and cancelled half way.
@Suite("WindowsImageScanner")
struct ScannerTests {
    /// The example image gives the 9 findings the README lists, the update layer's build and the one KB that
    /// closes 8 of them.
    @Test func exampleImageFindings() async throws {
        let scratch = try Scratch()
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)
        let report = try await ScannerFixture.scanner().scan(source, options: ScannerFixture.options)

        #expect(ScannerFixture.findings(report) == ScannerFixture.expectedFindings)
        #expect(report.findings.count == 9)
        #expect(report.windows.identified)
        #expect(report.windows.build == "10.0.20348.2340")
        #expect(report.windows.productId == "11924")
        #expect(report.remediation?.kb == "KB5075906")
        #expect(report.remediation?.fixedBuild == "10.0.20348.4773")
        #expect(report.remediation?.closes == 8)
        #expect(report.summary.critical == 3)
        #expect(report.summary.high == 5)
        #expect(report.summary.medium == 1)
        #expect(report.policy.verdict == .pass)
        #expect(report.database.isSample)
        #expect(report.warnings.contains(SampleDatabase.warning))
        #expect(report.image.reference == source.reference)
        #expect(report.image.layers.count == 2)
        // The base layer alone (build .2227) would add CVEs the update layer fixed.
        #expect(!report.findings.contains { $0.cve == "CVE-2024-21338" || $0.cve == "CVE-2024-21407" })
    }

    /// An archive listing several images, scanned without a tag: the first is scanned and the report's warnings
    /// say so; named by its tag, there is no warning.
    @Test func firstOfSeveralImagesIsAWarning() async throws {
        let scratch = try Scratch()
        let image = ScannerFixture.image()
        let path = try scratch.write("two.tar", image.dockerArchive(otherTags: ["example/other:1"]))
        let scanner = try await ScannerFixture.scanner()
        let first = try await scanner.scan(try DockerArchiveSource(path: path), options: ScannerFixture.options)
        let warning = "manifest.json lists 2 images (ltsc2022, example/other:1); took the first"
        #expect(first.warnings.contains(warning))
        #expect(ScannerFixture.findings(first) == ScannerFixture.expectedFindings)
        let named = try await scanner.scan(
            try DockerArchiveSource(path: path, tag: "example/other:1"), options: ScannerFixture.options)
        #expect(!named.warnings.contains(warning))
        #expect(named.findings == first.findings)
    }

    /// Progress: resolving, resolved (2 layers), each layer started then finished once, then the phases in
    /// order, after every layer.
    @Test func progressArrivesInOrder() async throws {
        let scratch = try Scratch()
        let fixture = ScannerFixture.image()
        let source = try ScannerFixture.dockerArchive(fixture, in: scratch)
        let log = EventLog()
        _ = try await ScannerFixture.scanner().scan(source, options: ScannerFixture.options) { log.record($0) }
        let events = log.all

        #expect(events.first == .resolving(reference: source.reference))
        let total = Int64(fixture.layers.reduce(0) { $0 + $1.count })  // docker-archive layers are uncompressed
        #expect(events.dropFirst().first == .resolved(layers: 2, compressedBytes: total))
        for index in 0..<2 {
            let started = events.firstIndex {
                if case .layerStarted(index, 2, _) = $0 { true } else { false }
            }
            let finished = events.indices.filter {
                if case .layerFinished(index, 2, _, false) = events[$0] { true } else { false }
            }
            #expect(finished.count == 1, "layer \(index): \(events)")
            #expect(started.map { start in finished.allSatisfy { start < $0 } } == true, "layer \(index): \(events)")
        }
        let phases = events.compactMap { event -> ScanPhase? in
            if case .phase(let phase) = event { phase } else { nil }
        }
        #expect(phases == [.inventory, .matching, .policy, .report])
        let lastLayer = events.lastIndex {
            if case .layerFinished = $0 { true } else { false }
        }
        let firstPhase = events.firstIndex {
            if case .phase = $0 { true } else { false }
        }
        #expect(lastLayer.flatMap { last in firstPhase.map { last < $0 } } == true, "\(events)")
    }

    /// `updates(_:options:)`: progress events, then exactly one `.finished` with the same report `scan` gives.
    @Test func updatesYieldProgressThenTheReport() async throws {
        let scratch = try Scratch()
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)
        let scanner = try await ScannerFixture.scanner()
        var progress: [ScanEvent] = []
        var reports: [ScanReport] = []
        var finishedLast = false
        for try await update in scanner.updates(source, options: ScannerFixture.options) {
            switch update {
            case .progress(let event):
                progress.append(event)
                finishedLast = false
            case .finished(let report):
                reports.append(report)
                finishedLast = true
            }
        }
        #expect(finishedLast)
        #expect(reports.count == 1)
        #expect(progress.first == .resolving(reference: source.reference))
        #expect(progress.last == .phase(.report))
        let direct = try await scanner.scan(source, options: ScannerFixture.options)
        #expect(reports.first == direct)
        #expect(reports.first.map(ScannerFixture.findings) == ScannerFixture.expectedFindings)
    }

    /// A Linux image is an outcome, not an error: unidentified, a reason that names linux, no finding.
    @Test func linuxImageIsUnidentified() async throws {
        let scratch = try Scratch()
        var fixture = ScannerFixture.image()
        fixture.os = "linux"
        let report = try await ScannerFixture.scanner().scan(
            try ScannerFixture.dockerArchive(fixture, in: scratch), options: ScannerFixture.options)
        #expect(!report.windows.identified)
        #expect(report.windows.unidentifiedReason?.contains("linux") == true, "\(report.windows)")
        #expect(report.findings.isEmpty)
        #expect(report.remediation == nil)
        #expect(report.image.platform.os == "linux")
        #expect(report.warnings.contains { $0.contains("could not identify Windows") })
    }

    /// A Windows image without a SOFTWARE hive: unidentified, and the reason says which hive is missing.
    @Test func imageWithoutSoftwareHiveIsUnidentified() async throws {
        let scratch = try Scratch()
        var tar = TarBuilder()
        tar.directory("Files")
        tar.file("Files/Windows/System32/kernel32.dll", Array(repeating: 0x4D, count: 100))
        var fixture = WindowsImageFixture(layers: [tar.build()])
        fixture.comments = ["Apply image"]
        let report = try await ScannerFixture.scanner().scan(
            try ScannerFixture.dockerArchive(fixture, in: scratch), options: ScannerFixture.options)
        #expect(!report.windows.identified)
        #expect(report.windows.unidentifiedReason?.contains("SOFTWARE") == true, "\(report.windows)")
        #expect(report.findings.isEmpty)
        #expect(report.windows.build == nil)
    }

    /// Cancelling the scanning task while a layer is being opened throws `.cancelled`.
    @Test(.timeLimit(.minutes(1))) func cancellingThrowsCancelled() async throws {
        let scratch = try Scratch()
        let (opened, signal) = AsyncStream.makeStream(of: Void.self)
        let source = BlockingSource(
            inner: try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch), opened: signal)
        let scanner = try await ScannerFixture.scanner()
        let task = Task { try await scanner.scan(source, options: ScannerFixture.options) }
        var iterator = opened.makeAsyncIterator()
        _ = await iterator.next()  // a layer is being opened: the scan is under way
        task.cancel()
        let result = await task.result
        switch result {
        case .success: Issue.record("a cancelled scan returned a report")
        case .failure(let error): #expect((error as? ScanError)?.code == .cancelled, "\(error)")
        }
    }

    /// A scan in a task cancelled before it starts throws `.cancelled`, also when every layer is in the cache
    /// (no layer stream would notice the cancellation then).
    @Test(arguments: [false, true]) func cancelledBeforeStarting(cached: Bool) async throws {
        let scratch = try Scratch()
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)
        let cache = try DiskLayerCache(directory: scratch.url.path + "/cache")
        let scanner = try await ScannerFixture.scanner(cache: cache)
        if cached { _ = try await scanner.scan(source, options: ScannerFixture.options) }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await scanner.scan(source, options: ScannerFixture.options)
        }
        switch await task.result {
        case .success: Issue.record("a cancelled scan returned a report")
        case .failure(let error): #expect((error as? ScanError)?.code == .cancelled, "\(error)")
        }
    }
}

/// A source whose blobs never open: it says when one is asked for, then waits until its task is cancelled.
struct BlockingSource: ImageSource {
    /// The source that resolves the image.
    let inner: any ImageSource
    /// Told each time a blob is asked for.
    let opened: AsyncStream<Void>.Continuation

    /// The inner source's.
    var reference: String { inner.reference }

    /// The inner source's.
    func resolve(platform: Platform) async throws(ImageLayersError) -> ResolvedImage {
        try await inner.resolve(platform: platform)
    }

    /// Waits until cancelled, then throws `.cancelled`.
    func openBlob(_ layer: LayerInfo, of image: ResolvedImage) async throws(ImageLayersError) -> any BlobReader {
        opened.yield()
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
        }
        throw ImageLayersError(.cancelled, "cancelled while opening layer \(layer.index)")
    }
}
