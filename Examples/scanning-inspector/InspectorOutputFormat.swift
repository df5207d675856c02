import ArgumentParser
import ReportKit

/// The legacy `-f` values: the report's format.
enum InspectorOutputFormat: String, CaseIterable, ExpressibleByArgument {
    /// winscan's JSON report (`schemaVersion` 1).
    case json
    /// ReportKit's PDF report.
    case pdf

    /// Parses a `-f` value, in any case as the legacy tool took it.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// The ReportKit format that renders it.
    var reportFormat: ReportFormat {
        switch self {
        case .json: .json
        case .pdf: .pdf
        }
    }
}
