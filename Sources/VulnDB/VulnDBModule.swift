/// The `VulnDB` module: the embedded SQLite store of MSRC data the scanner matches against, and its
/// operations (build, update, import, status) and queries.
public enum VulnDBModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
