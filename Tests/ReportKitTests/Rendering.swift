import Foundation
import ReportKit

/// Helpers that render a report and read the result back.
enum Rendering {
    /// Why a rendered document could not be read.
    struct ReadError: Error, CustomStringConvertible {
        /// What went wrong.
        let description: String
    }

    /// `report` rendered by `renderer`, as text.
    static func text(
        _ renderer: some ReportRenderer, _ report: ScanReport, options: RenderOptions = RenderOptions()
    ) throws -> String {
        String(decoding: try renderer.render(report, options: options), as: UTF8.self)
    }

    /// `report` rendered by `renderer`, parsed as a JSON object.
    static func object(_ renderer: some ReportRenderer, _ report: ScanReport) throws -> [String: Any] {
        let bytes = try renderer.render(report, options: RenderOptions())
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw ReadError(description: "\(renderer.format) output is not a JSON object")
        }
        return object
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The object at `key`, or an empty one.
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }

    /// The array of objects at `key`, or an empty one.
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }

    /// The string at `key`.
    func string(_ key: String) -> String? { self[key] as? String }
}
