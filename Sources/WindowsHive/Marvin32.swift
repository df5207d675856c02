/// Marvin32, the seeded 64-bit hash that protects new-format transaction log entries.
///
/// regf specification, "New format" → "Log entries", notes 1–3: *Hash-1* covers an entry from its first dirty
/// page reference to its end, *Hash-2* covers the entry's first 32 bytes (Hash-1 included), and both use the
/// seed `82 EF 4D 88 7A 4E 55 C5`. The 64-bit result is the high state word followed by the low one, as in
/// .NET's `Marvin.ComputeHash`.
enum Marvin32 {
    /// The seed Windows uses for log entry hashes (regf §New format, note 3).
    static let logEntrySeed: UInt64 = 0x82EF_4D88_7A4E_55C5

    /// The Marvin32 hash of `bytes` under `seed`.
    static func hash(_ bytes: ArraySlice<UInt8>, seed: UInt64 = logEntrySeed) -> UInt64 {
        var state = State(low: UInt32(truncatingIfNeeded: seed), high: UInt32(truncatingIfNeeded: seed >> 32))
        var index = bytes.startIndex
        while bytes.endIndex - index >= 4 {
            let word =
                UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
                | UInt32(bytes[index + 3]) << 24
            state.mix(word)
            index += 4
        }
        // The 0–3 trailing bytes are packed below a 0x80 marker byte, most significant first.
        var tail: UInt32 = 0x80
        var cursor = bytes.endIndex
        while cursor > index {
            cursor -= 1
            tail = tail << 8 | UInt32(bytes[cursor])
        }
        state.mix(tail)
        state.mix(0)
        return UInt64(state.high) << 32 | UInt64(state.low)
    }

    /// The two 32-bit words of Marvin's running state.
    private struct State {
        var low: UInt32
        var high: UInt32

        /// Folds one 32-bit little-endian word into the state.
        mutating func mix(_ word: UInt32) {
            low &+= word
            high ^= low
            low = rotated(low, by: 20) &+ high
            high = rotated(high, by: 9) ^ low
            low = rotated(low, by: 27) &+ high
            high = rotated(high, by: 19)
        }

        /// `value` rotated left by `count` bits.
        private func rotated(_ value: UInt32, by count: UInt32) -> UInt32 {
            value << count | value >> (32 - count)
        }
    }
}
