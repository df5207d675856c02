/// The `VulnMatch` module: an image's inventory matched against the vulnerability database.
public enum VulnMatchModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
