/// The `ReportKit` module: the scan report model and its renderers.
public enum ReportKitModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
