/// The `WindowsHive` module: a zero-copy reader for Windows registry hive files (regf) and a merged
/// view of layered (differencing) hives as Windows container images carry them.
public enum WindowsHiveModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
