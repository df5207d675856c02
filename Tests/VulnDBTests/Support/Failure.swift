import Testing
import VulnDB

/// Runs `body`, which must fail with a ``VulnDBError``, and returns the error (recording an issue when it
/// succeeds or fails otherwise).
func failure<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> VulnDBError? {
    do {
        _ = try await body()
        Issue.record("expected a VulnDBError", sourceLocation: sourceLocation)
    } catch let error as VulnDBError {
        return error
    } catch {
        Issue.record("expected a VulnDBError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
