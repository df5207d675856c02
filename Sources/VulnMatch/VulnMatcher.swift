import Foundation
import MSRCModel
public import VulnDB
public import WindowsInventory

/// Matches an image's inventory against the vulnerability database: for every CVE known to affect the image's
/// MSRC product (and the .NET Framework products on it), decides whether the image still lacks the fix.
///
/// The rules, in order (DOMAIN.md §6):
/// 1. **Build rule**, where the product's Vendor Fix rows carry a FixedBuild on the image's build line
///    (major.minor.build): the image is vulnerable iff its build is below the *smallest* such FixedBuild.
///    Cumulative updates, hotpatches (whose builds are lower than their month's cumulative update) and
///    re-released fixes all count: a build at or above any of them contains that fix. The one real re-release
///    in the history (CVE-2025-54100 in 2025-Dec: KB5074353 → 10.0.20348.4467 beside the cumulative KB5071547
///    → 10.0.20348.4529, and KB5074204 → 10.0.26100.7392 beside KB5072033 → 10.0.26100.7462) is a separate
///    earlier build that fixes the CVE, so the smallest build decides; the fix *recommended* is the earliest
///    non-hotpatch cumulative update at or above it.
/// 2. **KB rule**, where no row has a FixedBuild on the line (pre-2021 data, .NET): fixed iff a fix KB is
///    installed or covered — covered meaning superseded, transitively, by an installed KB. Installed KBs are the
///    present CBS packages, the `WOW6432Node\Microsoft\Updates` KBs, and every cumulative update the build
///    implies (the product's rows with FixedBuild ≤ the build). Alternatives (Monthly Rollup / Security Only)
///    are OR: any one fixes.
/// 3. Known affected with no fix row: status ``Finding/Status/noFix``, reported.
///
/// FixedBuilds known to name the wrong build line are corrected first (``FixedBuildCorrection/known``).
public struct VulnMatcher: Sendable {
    /// The FixedBuild corrections applied.
    public let corrections: [FixedBuildCorrection]

    /// Creates a matcher applying `corrections`.
    public init(corrections: [FixedBuildCorrection] = FixedBuildCorrection.known) {
        self.corrections = corrections
    }

    /// Matches `inventory` against `database`, loading what affects the image's product.
    public func match(_ inventory: Inventory, in database: VulnDatabase) throws(VulnMatchError) -> MatchResult {
        guard let product = inventory.profile.msrcProduct, case .identified = inventory.profile.identification else {
            return match(inventory, advisories: nil)
        }
        do {
            return match(inventory, advisories: try database.advisories(affecting: [product.id]))
        } catch {
            throw VulnMatchError(.databaseUnreadable, error.message, context: error.context ?? database.path)
        }
    }

    /// Matches `inventory` against `advisories` (loaded for the image's product with its compound products).
    /// With `nil` advisories, only an unidentified outcome can result.
    public func match(_ inventory: Inventory, advisories: ProductAdvisories?) -> MatchResult {
        let profile = inventory.profile
        if case .unidentified(let reason) = profile.identification {
            return .unidentified(reason, build: profile.fullBuild)
        }
        guard let product = profile.msrcProduct, let fullBuild = profile.fullBuild else {
            return .unidentified(
                "the Windows build \(profile.fullBuild ?? "(unknown)") is not one MSRC publishes data for",
                build: profile.fullBuild)
        }
        guard let advisories, advisories.products.contains(where: { $0.id == product.id }) else {
            return .unidentified(
                "the database holds no data for MSRC product \(product.id) (\(product.name)); "
                    + "update it with `winscan db update`", build: fullBuild)
        }
        var run = MatchRun(
            inventory: inventory, product: product, build: BuildVersion(fullBuild), advisories: advisories,
            corrections: corrections)
        return run.result()
    }
}

extension MatchResult {
    /// An unidentified outcome.
    static func unidentified(_ reason: String, build: String?) -> MatchResult {
        MatchResult(
            outcome: .unidentified(reason: reason), productIDs: [], build: build, findings: [], remediation: nil,
            installedUpdate: nil, newestUpdate: nil, effectiveKBs: [], notes: [])
    }
}
