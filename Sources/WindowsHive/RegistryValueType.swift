/// A registry value's type: an opaque 32-bit number (real hives hold types such as 0xFFFF0010 and
/// 0x00200000), with names for the standard ones.
public struct RegistryValueType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stored 32-bit type.
    public let rawValue: UInt32
    /// Wraps a stored type.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `REG_NONE` (0).
    public static let none = RegistryValueType(rawValue: 0)
    /// `REG_SZ` (1): a NUL-terminated UTF-16LE string.
    public static let string = RegistryValueType(rawValue: 1)
    /// `REG_EXPAND_SZ` (2): a string with `%VARIABLE%` references.
    public static let expandString = RegistryValueType(rawValue: 2)
    /// `REG_BINARY` (3).
    public static let binary = RegistryValueType(rawValue: 3)
    /// `REG_DWORD` (4): a little-endian 32-bit number.
    public static let dword = RegistryValueType(rawValue: 4)
    /// `REG_DWORD_BIG_ENDIAN` (5).
    public static let dwordBigEndian = RegistryValueType(rawValue: 5)
    /// `REG_LINK` (6): a symbolic link target.
    public static let link = RegistryValueType(rawValue: 6)
    /// `REG_MULTI_SZ` (7): NUL-separated strings ended by an empty one.
    public static let multiString = RegistryValueType(rawValue: 7)
    /// `REG_RESOURCE_LIST` (8).
    public static let resourceList = RegistryValueType(rawValue: 8)
    /// `REG_FULL_RESOURCE_DESCRIPTOR` (9).
    public static let fullResourceDescriptor = RegistryValueType(rawValue: 9)
    /// `REG_RESOURCE_REQUIREMENTS_LIST` (10).
    public static let resourceRequirementsList = RegistryValueType(rawValue: 10)
    /// `REG_QWORD` (11): a little-endian 64-bit number.
    public static let qword = RegistryValueType(rawValue: 11)

    /// The `REG_…` name for standard types, else the number in hex.
    public var description: String {
        let names = [
            "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_LINK",
            "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST",
            "REG_QWORD",
        ]
        return rawValue < names.count ? names[Int(rawValue)] : "0x" + String(rawValue, radix: 16)
    }
}
