/// A registry hive file (regf), read in place.
///
/// A `Hive` maps the file (or holds the bytes it was given) and decodes nothing up front beyond the base
/// block and the first bin: hive bins are indexed as cells in them are first used, keys and values are small
/// handles into the bytes, and names and data are decoded only when asked. Every offset, size and count read from the file is checked before use,
/// so damaged or hostile bytes give a ``HiveError`` (or, in lenient mode, a reported skip), never a trap.
///
/// ```swift
/// let hive = try Hive(contentsOf: "SOFTWARE")
/// let key = try hive.key(at: #"Microsoft\Windows NT\CurrentVersion"#)
/// let build = try key?.value(named: "CurrentBuildNumber")?.string()
/// ```
public struct Hive: Sendable {
    /// How tolerant the reader is of damage.
    public struct Options: Sendable, Hashable {
        /// When `true`, a damaged subkey list, value or bin is skipped and recorded in ``Hive/damage``
        /// (or in a walk's report) instead of failing the whole operation.
        public var isLenient: Bool
        /// When `true`, a base block checksum mismatch fails the open (in strict mode).
        public var requiresValidChecksum: Bool

        /// Creates options; the defaults are strict.
        public init(isLenient: Bool = false, requiresValidChecksum: Bool = true) {
            self.isLenient = isLenient
            self.requiresValidChecksum = requiresValidChecksum
        }

        /// Strict reading: the first problem is an error.
        public static let strict = Options()
        /// Lenient reading: damaged parts are skipped and reported.
        public static let lenient = Options(isLenient: true, requiresValidChecksum: false)
    }

    /// The storage shared by every handle into this hive.
    let storage: HiveStorage
    /// The parsed base block.
    public let baseBlock: BaseBlock
    /// The options the hive was opened with.
    public let options: Options
    /// Problems met while opening in lenient mode (a bad checksum, a truncated file, a log that could not be
    /// replayed).
    let openingDamage: [HiveError]
    /// What transaction-log recovery did, when logs were applied.
    public let recovery: TransactionLogRecovery.Result?
    /// The file offset where the usable hive bins data ends.
    let dataEnd: Int

    /// Problems with the file as a whole: what lenient opening met (a bad checksum, a truncated file, a log that
    /// could not be replayed), then one ``HiveError/Code/badBin`` per 4096-byte page that lies in no valid hive
    /// bin, anywhere in the file.
    ///
    /// Bins are indexed lazily, as cells in them are first used, so opening does not read the whole file; the
    /// first read of this property reads every bin header instead. Strict mode fails at open only for a bad
    /// first bin or root bin; elsewhere a bad bin is an error when a cell in it is used, and listed here.
    public var damage: [HiveError] { openingDamage + storage.invalidBins() }

    /// Opens the hive file at `path` by mapping it read-only.
    ///
    /// - Parameters:
    ///   - path: The hive file.
    ///   - logPaths: Its transaction logs (`.LOG1`, `.LOG2`); applied only if the hive is dirty.
    ///   - options: Strict (default) or lenient reading.
    public init(contentsOf path: String, logPaths: [String] = [], options: Options = .strict) throws(HiveError) {
        do throws(HiveError) {
            let mapped = try HiveStorage(mapping: path)
            if logPaths.isEmpty {
                try self.init(storage: mapped, options: options, recovery: nil)
            } else {
                var logs: [[UInt8]] = []
                for logPath in logPaths {
                    do throws(HiveError) {
                        logs.append(try HiveStorage.contents(of: logPath))
                    } catch {
                        throw error.attributed(to: logPath)
                    }
                }
                try self.init(primary: mapped.copy(0, mapped.count), logs: logs, options: options)
            }
        } catch {
            throw error.file == nil ? error.attributed(to: path) : error
        }
    }

    /// Reads a hive from bytes in memory (copied once into storage the hive owns).
    ///
    /// - Parameters:
    ///   - bytes: The whole hive file.
    ///   - logs: The contents of its transaction logs; applied only if the hive is dirty.
    ///   - options: Strict (default) or lenient reading.
    public init(bytes: some Collection<UInt8>, logs: [[UInt8]] = [], options: Options = .strict) throws(HiveError) {
        if logs.isEmpty {
            try self.init(storage: HiveStorage(copying: bytes), options: options, recovery: nil)
        } else {
            try self.init(primary: Array(bytes), logs: logs, options: options)
        }
    }

    /// Applies logs to a dirty primary, then opens the result.
    private init(primary: [UInt8], logs: [[UInt8]], options: Options) throws(HiveError) {
        let probe = try BaseBlock(HiveStorage(copying: primary.prefix(BaseBlock.size)))
        guard probe.isDirty else {
            try self.init(storage: HiveStorage(copying: primary), options: options, recovery: nil)
            return
        }
        let result: TransactionLogRecovery.Result
        do {
            result = try TransactionLogRecovery.recover(primary: primary, logs: logs)
        } catch {
            // A log that cannot be replayed leaves the primary as it is: lenient reading goes on without it.
            guard options.isLenient else { throw error }
            try self.init(storage: HiveStorage(copying: primary), options: options, recovery: nil, logDamage: error)
            return
        }
        try self.init(storage: HiveStorage(copying: result.bytes), options: options, recovery: result)
    }

    /// Validates the base block and prepares the (lazy) index of the hive bins.
    private init(
        storage: HiveStorage, options: Options, recovery: TransactionLogRecovery.Result?, logDamage: HiveError? = nil
    ) throws(HiveError) {
        let block = try BaseBlock(storage)
        var damage: [HiveError] = logDamage.map { [$0] } ?? []
        func problem(_ error: HiveError) throws(HiveError) {
            guard options.isLenient else { throw error }
            damage.append(error)
        }
        guard block.majorVersion == 1, (1...6).contains(block.minorVersion) else {
            throw HiveError(.unsupportedVersion, "unsupported regf version \(block.version)", offset: 20)
        }
        if !block.hasValidChecksum && options.requiresValidChecksum {
            try problem(
                HiveError(
                    .badChecksum,
                    "base block checksum 0x\(String(block.storedChecksum, radix: 16)) does not match "
                        + "0x\(String(block.computedChecksum, radix: 16))", offset: 508))
        }
        guard storage.count > BaseBlock.size else {
            throw HiveError(.truncated, "file ends after the base block: no hive bins", offset: storage.count)
        }
        var declaredEnd = BaseBlock.size + Int(block.hiveBinsDataSize)
        if block.hiveBinsDataSize == 0 || block.hiveBinsDataSize % 4096 != 0 {
            try problem(
                HiveError(
                    .badBin, "hive bins data size \(block.hiveBinsDataSize) is not a multiple of 4096", offset: 40))
            declaredEnd = storage.count
        }
        if declaredEnd > storage.count {
            try problem(
                HiveError(
                    .truncated, "file is \(storage.count) bytes but declares \(declaredEnd)", offset: storage.count))
            declaredEnd = storage.count
        }
        // Bins are indexed as cells in them are first used (HiveStorage+Bins.swift). Opening checks only the
        // first bin, where the hive bins must begin, and the root cell's bin: what every reader touches first.
        // Lenient mode lists them, with every other bad bin, in `damage`.
        try storage.configure(pageCount: (declaredEnd - BaseBlock.size) / 4096, minorVersion: block.minorVersion)
        if !options.isLenient {
            if storage.pageCount > 0, storage.bin(containing: 0) == nil {
                throw HiveError(.badBin, "invalid hive bin header", offset: BaseBlock.size)
            }
            let root = block.rootCellOffset
            if root != noCell, Int(root / 4096) < storage.pageCount, storage.bin(containing: root) == nil {
                throw HiveError(
                    .badBin, "the root cell lies in no valid hive bin", offset: BaseBlock.size + Int(root))
            }
        }
        self.storage = storage
        self.baseBlock = block
        self.options = options
        self.openingDamage = damage
        self.recovery = recovery
        self.dataEnd = declaredEnd
    }

    /// Whether the hive is dirty (its sequence numbers differ): it was left mid-write and no log made it clean,
    /// so it may lack the last writes.
    public var isDirty: Bool { baseBlock.isDirty }

    /// The root key.
    public func rootKey() throws(HiveError) -> HiveKey {
        try HiveKey(storage: storage, cell: baseBlock.rootCellOffset, options: options)
    }

    /// The key at `path`, relative to the root whatever the root's name (`"Microsoft\\Windows NT"`);
    /// components are separated by backslashes and compared case-insensitively. `nil` when absent.
    public func key(at path: String) throws(HiveError) -> HiveKey? {
        var key = try rootKey()
        for component in path.split(separator: "\\", omittingEmptySubsequences: true) {
            guard let next = try key.subkey(named: String(component)) else { return nil }
            key = next
        }
        return key
    }
}
