public import MSRCModel

/// A FixedBuild that MSRC data states on the wrong build line, and the build it means.
///
/// The matcher compares an image's build with FixedBuild only on the same build line (major.minor.build), so a
/// FixedBuild on another line silently turns the build rule off for that row. The known cases are listed in
/// ``known``; each names its source. Rows whose FixedBuild is on another line and that no correction covers
/// fall back to the KB rule and are reported as undecided when the KB is absent.
public struct FixedBuildCorrection: Sendable, Hashable, Codable {
    /// The product the row names.
    public let productID: String
    /// The row's KB.
    public let kb: Int
    /// The FixedBuild as MSRC writes it.
    public let stated: BuildVersion
    /// The build the update actually brings.
    public let corrected: BuildVersion
    /// Why the correction is right.
    public let source: String

    /// Creates a correction.
    public init(productID: String, kb: Int, stated: String, corrected: String, source: String) {
        self.productID = productID
        self.kb = kb
        self.stated = BuildVersion(stated)
        self.corrected = BuildVersion(corrected)
        self.source = source
    }

    /// The corrections known from the real MSRC history (2016-Apr … 2026-Jul).
    ///
    /// - KB5060842 (June 2025 cumulative update for Windows Server 2025 and Windows 11 24H2, OS build
    ///   26100.4349): its row for CVE-2025-49735 (2025-Jul) on Windows Server 2025 (12436) and its Server Core
    ///   (12437) says `10.0.26200.4349`, the Windows 11 25H2 line; every other row of the KB for those products
    ///   says `10.0.26100.4349`.
    public static let known: [FixedBuildCorrection] = [
        FixedBuildCorrection(
            productID: "12436", kb: 5_060_842, stated: "10.0.26200.4349", corrected: "10.0.26100.4349",
            source: "KB5060842 is OS build 26100.4349; the KB's other Windows Server 2025 rows say so"),
        FixedBuildCorrection(
            productID: "12437", kb: 5_060_842, stated: "10.0.26200.4349", corrected: "10.0.26100.4349",
            source: "KB5060842 is OS build 26100.4349; the KB's other Windows Server 2025 rows say so"),
    ]
}
