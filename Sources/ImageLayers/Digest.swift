import Crypto

/// A content digest such as `sha256:4e07…` (OCI image spec, "Digests").
public struct Digest: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The algorithm, `sha256` (the only one this reader verifies) or another registered one.
    public let algorithm: String
    /// The lowercase hexadecimal encoded value.
    public let encoded: String

    /// Parses `algorithm:encoded`; `nil` unless it is well formed (for sha256: 64 lowercase hex digits).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        let algorithm = String(parts[0])
        let encoded = String(parts[1])
        guard algorithm.allSatisfy({ $0.isLowercase || $0.isNumber || "+._-".contains($0) }) else { return nil }
        if algorithm == "sha256" {
            guard encoded.utf8.count == 64,
                encoded.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
            else { return nil }
        } else {
            guard encoded.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != 47 }) else { return nil }
        }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// A sha256 digest from its 32 raw bytes.
    init(sha256 bytes: some Sequence<UInt8>) {
        algorithm = "sha256"
        encoded = Hex.encode(bytes)
    }

    /// `algorithm:encoded`.
    public var description: String { "\(algorithm):\(encoded)" }

    /// The first 12 hex digits, as tools show layer IDs.
    public var short: String { String(encoded.prefix(12)) }

    /// Orders digests by their text.
    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    /// Decodes from the string form.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad digest"))
        }
        self = digest
    }

    /// Encodes as the string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The sha256 digest of `bytes`.
    public static func sha256(of bytes: some Sequence<UInt8>) -> Digest {
        var hasher = DigestHasher()
        hasher.update(Array(bytes))
        return hasher.finalize()
    }
}

/// A streaming sha256 (SHA-NI accelerated through swift-crypto).
struct DigestHasher {
    /// The running hash.
    private var hash = SHA256()
    /// Bytes hashed so far.
    private(set) var count = 0

    /// Hashes `bytes`.
    mutating func update(_ bytes: [UInt8]) {
        hash.update(data: bytes)
        count += bytes.count
    }

    /// Hashes `bytes`.
    mutating func update(_ bytes: ArraySlice<UInt8>) {
        hash.update(data: bytes)
        count += bytes.count
    }

    /// Hashes bytes handed over by a C library.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hash.update(bufferPointer: bytes)
        count += bytes.count
    }

    /// The digest of everything hashed.
    func finalize() -> Digest { Digest(sha256: hash.finalize()) }
}

/// Lowercase hexadecimal.
enum Hex {
    /// `bytes` as lowercase hex.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
