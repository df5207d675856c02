/// The KB supersedence graph: which KBs each KB replaces, as MSRC's `Supercedence` fields state it (both
/// directions of the chain are incomplete in MSRC data: prefer build comparison where there is a build).
public struct SupersedenceGraph: Sendable, Hashable, Codable {
    /// KB → the KBs it supersedes directly, ascending.
    public let edges: [Int: [Int]]

    /// Creates a graph from its edges.
    public init(edges: [Int: [Int]]) { self.edges = edges }

    /// The KBs `kb` supersedes directly.
    public func superseded(by kb: Int) -> [Int] { edges[kb] ?? [] }

    /// Every KB `kb` supersedes, directly or through others (never `kb` itself).
    public func supersededTransitively(by kb: Int) -> Set<Int> {
        var seen: Set<Int> = []
        var pending = superseded(by: kb)
        while let next = pending.popLast() {
            guard next != kb, seen.insert(next).inserted else { continue }
            pending += superseded(by: next)
        }
        return seen
    }

    /// How many edges the graph has.
    public var edgeCount: Int { edges.values.reduce(0) { $0 + $1.count } }
}
