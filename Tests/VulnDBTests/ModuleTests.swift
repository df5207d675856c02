import Testing
import VulnDB

/// The module's identity.
@Suite("VulnDB module")
struct ModuleTests {
    /// The version follows CHANGELOG.md.
    @Test func version() {
        #expect(VulnDBModule.version == "0.1.0")
    }
}
