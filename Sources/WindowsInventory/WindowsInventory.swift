/// The `WindowsInventory` module: what Windows is in an image — OS identity, installed updates, .NET
/// Framework, installed programs — read from the merged registry of the image's layers.
public enum WindowsInventoryModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
