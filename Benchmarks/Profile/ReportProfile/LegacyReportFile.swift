// ReportKit's `ReportFile.stage` as it was before the `json-speed` work (ReportKit 7716ed6), for a regular file:
// kept here only so ReportProfile can time it against the current one in the same run.

import Foundation
import ReportKit

#if canImport(Glibc)
import Glibc
#endif

enum LegacyReportFile {
    /// Writes `bytes` to a temporary beside `path` and returns the temporary's path (the caller removes it).
    static func stage(_ bytes: [UInt8], for path: String) throws(ReportKitError) -> String {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw ReportKitError(.writeFailed, "not a regular file", context: path)
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportKitError(.writeFailed, "cannot write the report (\(error.localizedDescription))", context: path)
        }
        return temporary.path
    }
}
