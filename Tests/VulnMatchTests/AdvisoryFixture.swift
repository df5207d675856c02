import Foundation
import MSRCModel
import VulnDB
import WindowsInventory

/// Builds ``ProductAdvisories`` by hand: products, CVEs known to affect them, fix rows and supersedence.
struct AdvisoryFixture {
    var products: [Product] = [Product(id: "11924", name: "Windows Server 2022 (Server Core installation)")]
    var vulnerabilities: [VulnerabilityRecord] = []
    var statuses: [ProductStatusRecord] = []
    var remediations: [RemediationRecord] = []
    var edges: [Int: [Int]] = [:]

    /// Patch Tuesday of `month` (1-based) in `year`, at 07:00 UTC — shaped like VulnDB's release dates.
    static func patchTuesday(_ year: Int, _ month: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        var day = 1
        var tuesdays = 0
        while true {
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 7)) ?? Date()
            if calendar.component(.weekday, from: date) == 3 {
                tuesdays += 1
                if tuesdays == 2 { return date }
            }
            day += 1
        }
    }

    /// A CVE known to affect `products`.
    mutating func cve(
        _ id: String, severity: String = "Important", products: [String] = ["11924"], exploitStatus: String? = nil,
        baseScore: Double? = 7.8, title: String? = nil
    ) {
        vulnerabilities.append(
            VulnerabilityRecord(
                cve: id, title: title ?? "Title of \(id)", description: nil, flags: VulnerabilityFlags(rawValue: 0),
                published: nil, revised: nil, exploitStatus: exploitStatus.map(ExploitStatus.init), cwes: [],
                tags: [], cnas: [], documentID: "2024-Jan"))
        for product in products {
            statuses.append(
                ProductStatusRecord(
                    cve: id, productID: product, status: .knownAffected, severity: Severity(rawValue: severity),
                    impact: "Remote Code Execution", baseScore: baseScore, temporalScore: baseScore.map { $0 - 0.6 },
                    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", documentID: "2024-Jan"))
        }
    }

    /// A Vendor Fix row.
    mutating func fix(
        _ cve: String, kb: Int, build: String?, products: [String] = ["11924"], subType: String = "Security Update",
        hotpatch: Bool = false, released: Date = patchTuesday(2024, 1), supersedes: [Int] = []
    ) {
        remediations.append(
            RemediationRecord(
                id: Int64(remediations.count + 1), cve: cve, type: .vendorFix, description: String(kb), kb: kb,
                subType: subType, isHotpatch: hotpatch, fixedBuild: build.map(BuildVersion.init),
                url: "https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB\(kb)", restartRequired: nil,
                supersedence: supersedes.isEmpty
                    ? nil : Supersedence(supersedes.map(String.init).joined(separator: ",")),
                released: released, productIDs: products, documentID: "2024-Jan"))
        for superseded in supersedes { edges[kb, default: []].append(superseded) }
    }

    /// The advisories, sorted as VulnDB returns them.
    var advisories: ProductAdvisories {
        ProductAdvisories(
            requestedProductIDs: [products.first?.id ?? ""], products: products.sorted { $0.id < $1.id },
            vulnerabilities: vulnerabilities.sorted { $0.cve < $1.cve },
            statuses: statuses.sorted { ($0.cve, $0.productID) < ($1.cve, $1.productID) },
            remediations: remediations, supersedence: SupersedenceGraph(edges: edges.mapValues { $0.sorted() }))
    }
}

/// An inventory of a described Windows (not read from an image).
func describedInventory(
    build: String = "10.0.20348.2227", installationType: String = "Server Core", nano: Bool = false, kbs: [Int] = [],
    dotNetRelease: Int? = nil, packages: [String] = [], identification: WindowsProfile.Identification = .identified
) -> Inventory {
    let parts = build.split(separator: ".").compactMap { Int($0) }
    let product =
        parts.count == 4 ? MSRCProduct.forBuild(parts[2], installationType: installationType, isNano: nano) : nil
    let profile = WindowsProfile(
        major: parts.first, minor: parts.count > 1 ? parts[1] : nil, build: parts.count > 2 ? parts[2] : nil,
        revision: parts.count > 3 ? parts[3] : nil, installationType: installationType, editionID: "ServerDatacenter",
        displayVersion: nil, productName: nil, architecture: "amd64", configOSVersion: nil, configDisagreement: nil,
        isNanoServer: nano, msrcProduct: product, identification: identification, sourceLayers: [:])
    let installed =
        kbs.map { "Package_for_KB\($0)~31bf3856ad364e35~amd64~~20348.1.1.1" } + packages
    return Inventory(
        profile: profile,
        packages: installed.map { InstalledPackage.parse(name: $0, state: .installed, layer: 0) },
        servicingManifests: [],
        dotNet: dotNetRelease.map {
            DotNetFramework(release: $0, version: DotNetFramework.version(forRelease: $0), fullVersion: nil, layer: 0)
        },
        dotNetUpdates: [:], programs: [], softwareLayers: [0], notes: [])
}
