extension RegfWriter {
    /// The size of a key node record before its name (regf spec, "Key node").
    static let keyNodeHeaderSize = 76
    /// The size of a key value record before its name (regf spec, "Key value").
    static let valueHeaderSize = 20
    /// The largest data segment of a big data record (regf spec, "Big data" → "Data segment").
    static let bigDataSegmentSize = 16344
    /// The offset value meaning "none".
    static let noOffset: UInt32 = 0xFFFF_FFFF

    /// Where a value's data ends up once `RegfValueStorage.automatic` is resolved.
    private enum Placement {
        case inline
        case cell
        case bigData
    }

    /// Writes the records of a key tree into hive bins and remembers where each landed (relative offsets).
    struct Layout {
        /// The hive bins being filled.
        var bins: HiveBins
        /// The shared `sk` cell.
        let securityCell: Int
        /// The hive's minor version, which decides whether big data records may be used.
        let minorVersion: UInt32
        /// Key path → nk cell.
        var keyOffsets: [String: Int] = [:]
        /// Value path → vk cell.
        var valueOffsets: [String: Int] = [:]
        /// Value path → data cell or db cell.
        var valueDataOffsets: [String: Int] = [:]
        /// Key path → subkey list cell.
        var subkeyListOffsets: [String: Int] = [:]
        /// Key path → leaves of its index root.
        var leafListOffsets: [String: [Int]] = [:]
        /// Key path → value list cell.
        var valueListOffsets: [String: Int] = [:]
        /// Key path → class name cell.
        var classNameOffsets: [String: Int] = [:]

        /// Creates a layout writing into `bins`.
        init(bins: HiveBins, securityCell: Int, minorVersion: UInt32) {
            self.bins = bins
            self.securityCell = securityCell
            self.minorVersion = minorVersion
        }

        /// Writes `key` into its already allocated nk `cell`, then its class name, values, subkey list and
        /// subkeys; `parent` is the parent's nk cell, `nil` for the root.
        mutating func writeKey(_ key: RegfKey, path: String, cell: Int, parent: Int?) {
            keyOffsets[path] = cell
            let name = RegfWriter.encodeName(key)

            var classCell: Int?
            var classBytes: [UInt8] = []
            if let className = key.className {
                classBytes = RegfWriter.utf16LittleEndian(Array(className.utf16))
                let allocated = bins.allocate(payloadCount: classBytes.count)
                bins.store(classBytes, cell: allocated, at: 0)
                classNameOffsets[path] = allocated
                classCell = allocated
            }

            let valueList = writeValues(key.values, keyPath: path)

            let ordered = key.sortsSubkeys ? Self.sorted(key.subkeys) : key.subkeys
            let children = ordered.map { child in
                let childName = RegfWriter.encodeName(child)
                let childCell = bins.allocate(payloadCount: RegfWriter.keyNodeHeaderSize + childName.bytes.count)
                return (key: child, name: childName, cell: childCell)
            }
            var listCell: Int?
            if !children.isEmpty {
                let entries = children.map { (cell: $0.cell, units: $0.name.units) }
                let written = writeList(key.listKind, entries: entries)
                subkeyListOffsets[path] = written.cell
                if !written.leaves.isEmpty {
                    leafListOffsets[path] = written.leaves
                }
                listCell = written.cell
            }

            var flags: UInt16 = name.isCompressed ? 0x20 : 0  // KEY_COMP_NAME
            if parent == nil {
                flags |= 0x04 | 0x08  // KEY_HIVE_ENTRY | KEY_NO_DELETE
            }
            let layered = (key.inheritClass ? 0x80 : 0) | (key.layerSemantics & 0x3)
            let largestSubkeyName = children.map(\.name.utf16ByteCount).max() ?? 0
            let largestSubkeyClass = ordered.map { ($0.className?.utf16.count ?? 0) * 2 }.max() ?? 0
            let largestValueName = key.values.map {
                RegfWriter.encodeName($0.name, $0.nameEncoding).utf16ByteCount
            }.max()
            let largestValueData = key.values.map { $0.isTombstone ? 0 : $0.data.count }.max()

            bins.store(Array("nk".utf8), cell: cell, at: 0)
            bins.store(uint16: flags, cell: cell, at: 2)
            bins.store(uint64: key.lastWritten, cell: cell, at: 4)
            bins.store([layered], cell: cell, at: 13)
            bins.store(uint32: parent.map(Self.relative) ?? RegfWriter.noOffset, cell: cell, at: 16)
            bins.store(uint32: Self.relative(children.count), cell: cell, at: 20)
            bins.store(uint32: 0, cell: cell, at: 24)  // volatile subkeys
            bins.store(uint32: listCell.map(Self.relative) ?? RegfWriter.noOffset, cell: cell, at: 28)
            bins.store(uint32: RegfWriter.noOffset, cell: cell, at: 32)  // volatile subkey list
            bins.store(uint32: Self.relative(key.values.count), cell: cell, at: 36)
            bins.store(uint32: valueList.map(Self.relative) ?? RegfWriter.noOffset, cell: cell, at: 40)
            bins.store(uint32: Self.relative(securityCell), cell: cell, at: 44)
            bins.store(uint32: classCell.map(Self.relative) ?? RegfWriter.noOffset, cell: cell, at: 48)
            bins.store(uint16: UInt16(clamping: largestSubkeyName), cell: cell, at: 52)
            bins.store(uint32: Self.relative(largestSubkeyClass), cell: cell, at: 56)
            bins.store(uint32: Self.relative(largestValueName ?? 0), cell: cell, at: 60)
            bins.store(uint32: Self.relative(largestValueData ?? 0), cell: cell, at: 64)
            bins.store(uint16: UInt16(clamping: name.bytes.count), cell: cell, at: 72)
            bins.store(uint16: UInt16(clamping: classBytes.count), cell: cell, at: 74)
            bins.store(name.bytes, cell: cell, at: RegfWriter.keyNodeHeaderSize)

            for child in children {
                let childPath = path == "\\" ? "\\" + child.key.name : path + "\\" + child.key.name
                writeKey(child.key, path: childPath, cell: child.cell, parent: cell)
            }
        }

        /// Subkeys in the order Windows stores them: by upper-cased UTF-16 name, ties kept in the given order.
        private static func sorted(_ keys: [RegfKey]) -> [RegfKey] {
            let units = keys.map { RegfWriter.encodeName($0).units }
            let order = keys.indices.sorted { lhs, rhs in
                if RegfWriter.sortsBefore(units[lhs], units[rhs]) { return true }
                if RegfWriter.sortsBefore(units[rhs], units[lhs]) { return false }
                return lhs < rhs
            }
            return order.map { keys[$0] }
        }

        /// A count or offset as a 32-bit field.
        private static func relative(_ value: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: value)
        }

        /// Writes a subkey list of the given kind over `entries` (nk cells and stored names, in order); returns
        /// the list's cell and, for an index root, its leaves' cells.
        private mutating func writeList(
            _ kind: RegfSubkeyListKind,
            entries: [(cell: Int, units: [UInt16])]
        ) -> (cell: Int, leaves: [Int]) {
            let count = UInt16(truncatingIfNeeded: entries.count)
            switch kind {
            case .li:
                let cell = bins.allocate(payloadCount: 4 + 4 * entries.count)
                bins.store(Array("li".utf8), cell: cell, at: 0)
                bins.store(uint16: count, cell: cell, at: 2)
                for (index, entry) in entries.enumerated() {
                    bins.store(uint32: Self.relative(entry.cell), cell: cell, at: 4 + 4 * index)
                }
                return (cell, [])
            case .lf, .lh:
                let isHash = kind == .lh
                let cell = bins.allocate(payloadCount: 4 + 8 * entries.count)
                bins.store(Array((isHash ? "lh" : "lf").utf8), cell: cell, at: 0)
                bins.store(uint16: count, cell: cell, at: 2)
                for (index, entry) in entries.enumerated() {
                    bins.store(uint32: Self.relative(entry.cell), cell: cell, at: 4 + 8 * index)
                    if isHash {
                        bins.store(uint32: RegfWriter.nameHash(entry.units), cell: cell, at: 8 + 8 * index)
                    } else {
                        bins.store(RegfWriter.nameHint(entry.units), cell: cell, at: 8 + 8 * index)
                    }
                }
                return (cell, [])
            case .ri(let leafCapacity, let leaf):
                let capacity = max(1, leafCapacity)
                let chunks = stride(from: 0, to: entries.count, by: capacity).map {
                    Array(entries[$0..<min($0 + capacity, entries.count)])
                }
                let cell = bins.allocate(payloadCount: 4 + 4 * chunks.count)
                bins.store(Array("ri".utf8), cell: cell, at: 0)
                bins.store(uint16: UInt16(truncatingIfNeeded: chunks.count), cell: cell, at: 2)
                var leaves: [Int] = []
                for (index, chunk) in chunks.enumerated() {
                    let leafCell = writeList(leaf, entries: chunk).cell
                    bins.store(uint32: Self.relative(leafCell), cell: cell, at: 4 + 4 * index)
                    leaves.append(leafCell)
                }
                return (cell, leaves)
            }
        }

        /// Writes a key's value list and values; returns the list's cell, `nil` when there are no values.
        private mutating func writeValues(_ values: [RegfValue], keyPath: String) -> Int? {
            guard !values.isEmpty else { return nil }
            let list = bins.allocate(payloadCount: 4 * values.count)
            valueListOffsets[keyPath] = list
            for (index, value) in values.enumerated() {
                let cell = writeValue(value, path: keyPath + ":" + value.name)
                bins.store(uint32: Self.relative(cell), cell: list, at: 4 * index)
            }
            return list
        }

        /// Writes one vk record and its data; returns the vk cell.
        private mutating func writeValue(_ value: RegfValue, path: String) -> Int {
            let name = RegfWriter.encodeName(value.name, value.nameEncoding)
            let cell = bins.allocate(payloadCount: RegfWriter.valueHeaderSize + name.bytes.count)
            valueOffsets[path] = cell
            var flags: UInt16 = name.isCompressed ? 0x1 : 0  // VALUE_COMP_NAME
            let dataSize: UInt32
            let dataField: UInt32
            let declaredSize = Self.relative(value.data.count) & 0x7FFF_FFFF
            if value.isTombstone {
                flags |= 0x2
                dataSize = 0
                dataField = RegfWriter.noOffset
            } else {
                switch placement(of: value) {
                case .inline:
                    dataSize = declaredSize | 0x8000_0000
                    dataField = value.data.prefix(4).enumerated().reduce(UInt32(0)) {
                        $0 | UInt32($1.element) << (8 * UInt32($1.offset))
                    }
                case .cell:
                    let dataCell = bins.allocate(payloadCount: value.data.count)
                    bins.store(value.data, cell: dataCell, at: 0)
                    valueDataOffsets[path] = dataCell
                    dataSize = declaredSize
                    dataField = Self.relative(dataCell)
                case .bigData:
                    let dbCell = writeBigData(value.data)
                    valueDataOffsets[path] = dbCell
                    dataSize = declaredSize
                    dataField = Self.relative(dbCell)
                }
            }
            bins.store(Array("vk".utf8), cell: cell, at: 0)
            bins.store(uint16: UInt16(clamping: name.bytes.count), cell: cell, at: 2)
            bins.store(uint32: dataSize, cell: cell, at: 4)
            bins.store(uint32: dataField, cell: cell, at: 8)
            bins.store(uint32: value.type, cell: cell, at: 12)
            bins.store(uint16: flags, cell: cell, at: 16)
            bins.store(name.bytes, cell: cell, at: RegfWriter.valueHeaderSize)
            return cell
        }

        /// Resolves a value's storage choice.
        private func placement(of value: RegfValue) -> Placement {
            switch value.storage {
            case .inline: return .inline
            case .cell: return .cell
            case .bigData: return .bigData
            case .automatic:
                if value.data.count <= 4 { return .inline }
                if value.data.count > RegfWriter.bigDataSegmentSize && minorVersion >= 4 { return .bigData }
                return .cell
            }
        }

        /// Writes a db record, its segment list and its segments (regf spec, "Big data"); returns the db cell.
        ///
        /// Each segment cell has 4 spare bytes after its data, as hivex expects of real hives.
        private mutating func writeBigData(_ data: [UInt8]) -> Int {
            let size = RegfWriter.bigDataSegmentSize
            let segments = stride(from: 0, to: data.count, by: size).map { data[$0..<min($0 + size, data.count)] }
            let dbCell = bins.allocate(payloadCount: 8)
            let list = bins.allocate(payloadCount: 4 * segments.count)
            bins.store(Array("db".utf8), cell: dbCell, at: 0)
            bins.store(uint16: UInt16(truncatingIfNeeded: segments.count), cell: dbCell, at: 2)
            bins.store(uint32: Self.relative(list), cell: dbCell, at: 4)
            for (index, segment) in segments.enumerated() {
                let segmentCell = bins.allocate(payloadCount: segment.count + 4)
                bins.store(Array(segment), cell: segmentCell, at: 0)
                bins.store(uint32: Self.relative(segmentCell), cell: list, at: 4 * index)
            }
            return dbCell
        }
    }

    /// Writes the one `sk` cell all keys share (regf spec, "Key security"): flink and blink point at itself,
    /// and its descriptor is self-relative: owner Administrators, group SYSTEM, and a DACL granting full
    /// access to SYSTEM and Administrators and read access to Everyone. Returns the cell.
    static func writeSecurity(into bins: inout HiveBins, referenceCount: Int) -> Int {
        let descriptor = securityDescriptor()
        let cell = bins.allocate(payloadCount: 20 + descriptor.count)
        let selfOffset = UInt32(truncatingIfNeeded: cell)
        bins.store(Array("sk".utf8), cell: cell, at: 0)
        bins.store(uint32: selfOffset, cell: cell, at: 4)  // flink
        bins.store(uint32: selfOffset, cell: cell, at: 8)  // blink
        bins.store(uint32: UInt32(truncatingIfNeeded: referenceCount), cell: cell, at: 12)
        bins.store(uint32: UInt32(truncatingIfNeeded: descriptor.count), cell: cell, at: 16)
        bins.store(descriptor, cell: cell, at: 20)
        return cell
    }

    /// A small valid self-relative security descriptor (SECURITY_DESCRIPTOR_RELATIVE with its SIDs and ACL).
    private static func securityDescriptor() -> [UInt8] {
        let administrators = sid(authority: 5, subauthorities: [32, 544])  // S-1-5-32-544
        let system = sid(authority: 5, subauthorities: [18])  // S-1-5-18
        let everyone = sid(authority: 1, subauthorities: [0])  // S-1-1-0
        let aces = [
            ace(mask: 0x000F_003F, sid: system),  // KEY_ALL_ACCESS
            ace(mask: 0x000F_003F, sid: administrators),
            ace(mask: 0x0002_0019, sid: everyone),  // KEY_READ
        ]
        var acl = ByteBuffer(count: 8)
        acl.store([2, 0], at: 0)  // ACL_REVISION, Sbz1
        acl.store(uint16: UInt16(8 + aces.reduce(0) { $0 + $1.count }), at: 2)
        acl.store(uint16: UInt16(aces.count), at: 4)
        for entry in aces {
            acl.append(entry)
        }
        let ownerOffset = 20
        let groupOffset = ownerOffset + administrators.count
        let daclOffset = groupOffset + system.count
        var descriptor = ByteBuffer(count: 20)
        descriptor.store([1, 0], at: 0)  // revision, Sbz1
        descriptor.store(uint16: 0x8004, at: 2)  // SE_SELF_RELATIVE | SE_DACL_PRESENT
        descriptor.store(uint32: UInt32(ownerOffset), at: 4)
        descriptor.store(uint32: UInt32(groupOffset), at: 8)
        descriptor.store(uint32: 0, at: 12)  // no SACL
        descriptor.store(uint32: UInt32(daclOffset), at: 16)
        descriptor.append(administrators)
        descriptor.append(system)
        descriptor.append(acl.bytes)
        return descriptor.bytes
    }

    /// A binary SID: revision 1, a 48-bit big-endian identifier authority, little-endian subauthorities.
    private static func sid(authority: UInt8, subauthorities: [UInt32]) -> [UInt8] {
        var bytes = ByteBuffer(count: 8)
        bytes.store([1, UInt8(subauthorities.count), 0, 0, 0, 0, 0, authority], at: 0)
        for subauthority in subauthorities {
            bytes.appendZeros(4)
            bytes.store(uint32: subauthority, at: bytes.bytes.count - 4)
        }
        return bytes.bytes
    }

    /// An ACCESS_ALLOWED_ACE with container inheritance.
    private static func ace(mask: UInt32, sid: [UInt8]) -> [UInt8] {
        var bytes = ByteBuffer(count: 8)
        bytes.store([0, 0x02], at: 0)  // ACCESS_ALLOWED_ACE_TYPE, CONTAINER_INHERIT_ACE
        bytes.store(uint16: UInt16(8 + sid.count), at: 2)
        bytes.store(uint32: mask, at: 4)
        bytes.append(sid)
        return bytes.bytes
    }
}
