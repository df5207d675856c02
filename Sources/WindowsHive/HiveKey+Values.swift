extension HiveKey {
    /// The file offset and length of the key's value list, checked against its cell.
    func valueList() throws(HiveError) -> (start: Int, count: Int) {
        let count = valueCount
        guard count > 0 else { return (0, 0) }
        let offset = storage.u32(cell.start + Field.valueList)
        let list = try storage.cell(offset, for: "value list")
        guard count <= list.length / 4 else {
            throw HiveError(.badList, "value list of \(count) values overruns its cell", offset: list.start)
        }
        return (list.start, count)
    }

    /// The key's values, in stored order.
    ///
    /// In strict mode every `vk` record is checked here, so iteration cannot fail; in lenient mode a damaged
    /// list or record is skipped and listed in ``Values/damage``.
    public func values() throws(HiveError) -> Values {
        guard !options.isLenient else { return leniently() }
        // Strict: the first problem throws, so there is no damage to collect.
        let list = try valueList()
        for index in 0..<list.count {
            _ = try HiveValue.checkedCell(storage.u32(list.start + 4 * index), in: storage)
        }
        // A value listed twice would be read (and its data copied) twice per listing: refuse the list.
        if list.count > 1 && Self.hasRepeat(storage: storage, list: list) {
            throw HiveError(.badList, "a value is listed twice in one value list", offset: list.start)
        }
        return Values(storage: storage, start: list.start, count: list.count, damage: [], isLenient: false)
    }

    /// ``values()`` in lenient mode: the same checks, with a damaged list or record skipped and listed.
    @inline(never)
    private func leniently() -> Values {
        let list: (start: Int, count: Int)
        do {
            list = try valueList()
        } catch {
            return Values(storage: storage, start: 0, count: 0, damage: [error], isLenient: true)
        }
        var damage: [HiveError] = []
        for index in 0..<list.count {
            do {
                _ = try HiveValue.checkedCell(storage.u32(list.start + 4 * index), in: storage)
            } catch {
                damage.append(error)
            }
        }
        if list.count > 1 && Self.hasRepeat(storage: storage, list: list) {
            let error = HiveError(.badList, "a value is listed twice in one value list", offset: list.start)
            return Values(storage: storage, start: 0, count: 0, damage: damage + [error], isLenient: true)
        }
        return Values(storage: storage, start: list.start, count: list.count, damage: damage, isLenient: true)
    }

    /// Whether an offset appears twice in the value list at `list`: compared pairwise for the short lists
    /// nearly every key has (no allocation), sorted for long ones.
    static func hasRepeat(storage: HiveStorage, list: (start: Int, count: Int)) -> Bool {
        let span = storage.bytes.extracting(list.start..<(list.start + 4 * list.count))
        if list.count <= 16 {
            for later in 1..<list.count {
                let offset = span.unsafeLoadUnaligned(fromByteOffset: 4 * later, as: UInt32.self)
                for earlier in 0..<later
                where span.unsafeLoadUnaligned(fromByteOffset: 4 * earlier, as: UInt32.self) == offset {
                    return true
                }
            }
            return false
        }
        var offsets = (0..<list.count).map { storage.u32(list.start + 4 * $0) }
        offsets.sort()
        return offsets.indices.dropFirst().contains { offsets[$0] == offsets[$0 - 1] }
    }

    /// The value named `name` (case-insensitive; `""` is the default value), or `nil`.
    public func value(named name: String) throws(HiveError) -> HiveValue? {
        let list = try valueList()
        for index in 0..<list.count {
            let value: HiveValue
            do {
                value = try HiveValue(storage: storage, cell: storage.u32(list.start + 4 * index))
            } catch {
                guard options.isLenient else { throw error }
                continue
            }
            if value.hasName(name) { return value }
        }
        return nil
    }
}

/// The values of a key, as a lazy sequence of handles in stored order.
public struct Values: Sequence, Sendable {
    /// The hive's storage.
    @usableFromInline let storage: HiveStorage
    /// File offset of the value list's first element.
    @usableFromInline let start: Int
    /// Number of elements in the list.
    @usableFromInline let count: Int
    /// Records skipped because they were damaged (lenient mode only; always empty in strict mode).
    public let damage: [HiveError]
    /// Whether the key was read leniently (elements are then checked again while iterating).
    @usableFromInline let isLenient: Bool

    /// Iterates the values, skipping any record that failed validation.
    ///
    /// Inlinable, like ``Values/makeIterator()``, so that a loop over a key's values compiles into its caller:
    /// each handle then borrows the storage the iterator holds instead of retaining it.
    public struct Iterator: IteratorProtocol {
        /// The hive's storage.
        @usableFromInline let storage: HiveStorage
        /// File offset of the value list's first element.
        @usableFromInline let start: Int
        /// Number of elements in the list.
        @usableFromInline let count: Int
        /// Whether each record is checked again (lenient reading, or a list with damage); otherwise every record
        /// was checked when the sequence was made.
        @usableFromInline let checksAgain: Bool
        /// The next list element.
        @usableFromInline var index = 0

        /// An iteration of the `count` elements from file offset `start`.
        @inlinable
        init(storage: HiveStorage, start: Int, count: Int, checksAgain: Bool) {
            self.storage = storage
            self.start = start
            self.count = count
            self.checksAgain = checksAgain
        }

        /// The next value, or `nil` at the end.
        @inlinable
        public mutating func next() -> HiveValue? {
            while index < count {
                let offset = storage.u32(start + 4 * index)
                index += 1
                if !checksAgain { return HiveValue(validated: offset, storage: storage) }
                if let value = Self.checked(offset, storage) { return value }
            }
            return nil
        }

        /// The value at `offset` if its record passes the checks, else `nil` (kept out of the fast path).
        @usableFromInline @inline(never)
        static func checked(_ offset: UInt32, _ storage: HiveStorage) -> HiveValue? {
            try? HiveValue(storage: storage, cell: offset)
        }
    }

    /// Starts an iteration.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(storage: storage, start: start, count: count, checksAgain: isLenient || !damage.isEmpty)
    }

    /// The number of values in the list (damaged ones included, in lenient mode).
    public var underestimatedCount: Int { Swift.max(count - damage.count, 0) }
}
