import PolicyKit
import Testing

@Suite struct PolicyKitModuleTests {
    @Test func versionIsSemantic() {
        let parts = PolicyKitModule.version.split(separator: ".")
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { Int($0) != nil })
    }
}
