/// The `PolicyKit` module: policies, suppressions and the verdict a pipeline gates on.
public enum PolicyKitModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
