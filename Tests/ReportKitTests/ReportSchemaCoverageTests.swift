import Foundation
import ReportKit
import Testing

/// The published schema accepts unknown keys (later versions may add some), so validation alone would not
/// notice a model field the schema forgot; this walks every key the JSON report writes and looks it up.
@Suite("The report schema describes every field")
struct ReportSchemaCoverageTests {
    /// `Schemas/scan-report.schema.json`, parsed.
    let schema: [String: Any]

    init() throws {
        let url = SchemaValidator.packageRoot.appendingPathComponent("Schemas/scan-report.schema.json")
        schema = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    /// `node` with a local `$ref` (`#/$defs/name`) followed.
    private func resolved(_ node: [String: Any]) -> [String: Any] {
        guard let reference = node.string("$ref"), reference.hasPrefix("#/$defs/") else { return node }
        return schema.object("$defs").object(String(reference.dropFirst("#/$defs/".count)))
    }

    /// The JSON paths in `value` that `node` does not describe.
    private func undescribed(_ value: Any, _ node: [String: Any], at path: String) -> [String] {
        let node = resolved(node)
        if let object = value as? [String: Any] {
            let properties = node.object("properties")
            return object.keys.sorted().flatMap { key -> [String] in
                guard let property = properties[key] as? [String: Any] else { return ["\(path).\(key)"] }
                return undescribed(object[key] as Any, property, at: "\(path).\(key)")
            }
        }
        if let array = value as? [Any] {
            let items = node.object("items")
            return array.flatMap { undescribed($0, items, at: "\(path)[]") }
        }
        return []
    }

    @Test("every key is in the schema", arguments: SampleReports.names)
    func everyKeyIsDescribed(name: String) throws {
        let bytes = try JSONRenderer().render(SampleReports.named(name), options: RenderOptions())
        let report = try JSONSerialization.jsonObject(with: Data(bytes))
        #expect(Set(undescribed(report, schema, at: "$")).sorted() == [])
    }

    @Test func everyRequiredTopLevelKeyOfTheContractIsRequired() {
        let required = Set(schema["required"] as? [String] ?? [])
        let contract = ["schemaVersion", "scanner", "database", "image", "windows", "findings", "policy", "summary"]
        #expect(required.isSuperset(of: contract))
    }
}
