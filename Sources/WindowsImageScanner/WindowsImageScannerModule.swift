/// The `WindowsImageScanner` module: one call to scan a Windows container image.
public enum WindowsImageScannerModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"

    /// The version of what is read from a layer (the files selected and how they are interpreted). Cached layer
    /// facts carry it; a change here makes every cached layer a miss, so bump it whenever the selection or the
    /// reading of layer files changes.
    public static let analyzerVersion = "1"
}
