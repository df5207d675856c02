/// The `ImageLayers` module: reads container images from registries, `docker save` archives and OCI layouts,
/// streams each layer once (digest verified, inflated, tar walked) and keeps only the files a caller selects.
public enum ImageLayersModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
