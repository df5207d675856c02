/// An error met while reading a registry hive, with the byte offset where it was found.
///
/// Every check the reader makes on bytes from outside ends here rather than in a trap: a wrong
/// signature, an offset outside the hive bins, a cell that overruns its bin, a list that recurses.
public struct HiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem the reader met.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file could not be opened, sized or mapped.
        case fileUnreadable
        /// The bytes do not start with a `regf` base block.
        case notAHive
        /// The file ends before a structure it declares.
        case truncated
        /// The base block's XOR-32 checksum does not match (regf §base block, offset 508).
        case badChecksum
        /// The format version is outside 1.1–1.6.
        case unsupportedVersion
        /// A hive bin header is missing or inconsistent.
        case badBin
        /// A cell's size is zero, not a multiple of 8, free where an allocated one is needed, or overruns its bin.
        case badCell
        /// An offset points outside the hive bins data or into the middle of a cell.
        case badOffset
        /// A record does not carry the signature its referrer expects (`nk`, `vk`, `sk`, `lf`…).
        case badRecord
        /// A subkey list is malformed (bad count, unknown kind, an `ri` inside an `ri`).
        case badList
        /// The key tree loops back on itself.
        case cycle
        /// The key tree is deeper than the reader's cap.
        case tooDeep
        /// A count or size exceeds what the hive can hold.
        case tooLarge
        /// A value's data cannot be read or does not decode as the asked type.
        case badValueData
        /// A transaction log (`.LOG1`/`.LOG2`) is malformed or does not belong to the hive.
        case badLog
        /// A layered (differencing) hive stack is inconsistent.
        case badLayer
    }

    /// What kind of problem this is.
    public let code: Code
    /// A one-line, human-readable explanation.
    public let message: String
    /// The file offset (from the start of the hive file) where the problem was found, if any.
    public let offset: Int?
    /// The file the hive was read from, if it was read from a file.
    public let file: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, offset: Int? = nil, file: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.file = file
    }

    /// The same error, attributed to `file`.
    public func attributed(to file: String) -> HiveError {
        HiveError(code, message, offset: offset, file: file)
    }

    /// `file: message (at offset 0x…)`, on one line.
    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        text += message
        if let offset { text += " (at file offset 0x\(String(offset, radix: 16)))" }
        return text
    }
}
