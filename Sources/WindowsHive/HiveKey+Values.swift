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
        let list: (start: Int, count: Int)
        do {
            list = try valueList()
        } catch {
            guard options.isLenient else { throw error }
            return Values(storage: storage, start: 0, count: 0, damage: [error], isLenient: true)
        }
        var damage: [HiveError] = []
        for index in 0..<list.count {
            do {
                _ = try HiveValue(storage: storage, cell: storage.u32(list.start + 4 * index))
            } catch {
                guard options.isLenient else { throw error }
                damage.append(error)
            }
        }
        // A value listed twice would be read (and its data copied) twice per listing: refuse the list.
        if list.count > 1 && Self.hasRepeat(storage: storage, list: list) {
            let error = HiveError(.badList, "a value is listed twice in one value list", offset: list.start)
            guard options.isLenient else { throw error }
            return Values(storage: storage, start: 0, count: 0, damage: damage + [error], isLenient: true)
        }
        return Values(
            storage: storage, start: list.start, count: list.count, damage: damage, isLenient: options.isLenient)
    }

    /// Whether an offset appears twice in the value list at `list`: compared pairwise for the short lists
    /// nearly every key has (no allocation), sorted for long ones.
    static func hasRepeat(storage: HiveStorage, list: (start: Int, count: Int)) -> Bool {
        if list.count <= 16 {
            for later in 1..<list.count {
                let offset = storage.u32(list.start + 4 * later)
                for earlier in 0..<later where storage.u32(list.start + 4 * earlier) == offset { return true }
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
    let storage: HiveStorage
    /// File offset of the value list's first element.
    let start: Int
    /// Number of elements in the list.
    let count: Int
    /// Records skipped because they were damaged (lenient mode only; always empty in strict mode).
    public let damage: [HiveError]
    /// Whether the key was read leniently (elements are then checked again while iterating).
    let isLenient: Bool

    /// Iterates the values, skipping any record that failed validation.
    public struct Iterator: IteratorProtocol {
        /// The sequence being iterated.
        let values: Values
        /// The next list element.
        var index = 0

        /// The next value, or `nil` at the end.
        public mutating func next() -> HiveValue? {
            while index < values.count {
                let offset = values.storage.u32(values.start + 4 * index)
                index += 1
                if values.damage.isEmpty && !values.isLenient {
                    return HiveValue(validated: offset, storage: values.storage)
                }
                if let value = try? HiveValue(storage: values.storage, cell: offset) { return value }
            }
            return nil
        }
    }

    /// Starts an iteration.
    public func makeIterator() -> Iterator { Iterator(values: self) }

    /// The number of values in the list (damaged ones included, in lenient mode).
    public var underestimatedCount: Int { Swift.max(count - damage.count, 0) }
}
