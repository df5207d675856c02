/// The `MSRCModel` module: the Microsoft Security Response Center's monthly CVRF documents (XML and JSON),
/// its CSAF 2.0 advisories and its `/updates` index, decoded into one set of plain values. No I/O.
public enum MSRCModelModule {
    /// The module's semantic version (see CHANGELOG.md).
    public static let version = "0.1.0"
}
