import Foundation
import NIOHTTP1

/// When and how long to wait before trying a request again.
struct HTTPRetryPolicy: Sendable, Hashable {
    /// Tries in all, at least 1.
    let maximumAttempts: Int
    /// The wait before the second try; doubled for each further one.
    let firstDelay: Duration
    /// The longest wait, including one a server asks for.
    let maximumDelay: Duration

    /// Statuses worth trying again: timeouts, rate limits, server errors.
    static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// The wait after failed try number `attempt` (1-based): the server's `Retry-After` if it gave one, else
    /// exponential back-off; never more than `maximumDelay`.
    func delay(after attempt: Int, retryAfter: String?) -> Duration {
        if let retryAfter, let asked = HTTPRetryPolicy.parseRetryAfter(retryAfter) {
            return min(asked, maximumDelay)
        }
        var delay = firstDelay
        for _ in 1..<max(1, attempt) where delay < maximumDelay { delay *= 2 }
        return min(delay, maximumDelay)
    }

    /// `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3).
    static func parseRetryAfter(_ value: String) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSinceNow * 1000)))
    }
}

/// GETs with retries and redirects: tries again on connection errors, timeouts, 429 and 5xx (bounded, with
/// back-off, honouring `Retry-After` up to a cap) and follows redirects, sending the `Authorization` header
/// only to the origin it is meant for (never to blob storage on another host).
struct HTTPFetcher: Sendable {
    /// Timeouts for each try.
    let timeouts: HTTPTimeouts
    /// Retries.
    let retries: HTTPRetryPolicy
    /// Redirects followed at most.
    static let maximumRedirects = 10

    /// Fetches `url`: the first answer that is neither a redirect nor worth retrying (any status).
    ///
    /// - Parameters:
    ///   - authorization: the `Authorization` header value, sent only while the URL's origin is `origin`.
    func fetch(
        _ url: String, headers: [(String, String)] = [], authorization: String? = nil, origin: String? = nil,
        handling: HTTPTransport.BodyHandling
    ) async throws(ImageLayersError) -> HTTPResponse {
        var current = url
        var redirects = 0
        var attempt = 1
        while true {
            var sent = headers
            if let authorization, let origin, HTTPFetcher.origin(of: current) == origin {
                sent.append(("Authorization", authorization))
            }
            let response: HTTPResponse
            do {
                response = try await HTTPTransport.send(
                    url: current, headers: sent, handling: handling, timeouts: timeouts)
            } catch {
                let (_, retryable) = HTTPTransport.describe(error)
                guard error.code == .network, retryable, attempt < retries.maximumAttempts else {
                    throw attempt > 1
                        ? ImageLayersError(
                            error.code, error.message + " (after \(attempt) tries)", context: error.context) : error
                }
                try await HTTPFetcher.pause(retries.delay(after: attempt, retryAfter: nil), url: current)
                attempt += 1
                continue
            }
            switch response.status {
            case 301, 302, 303, 307, 308:
                guard let location = response.header("Location"),
                    let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString
                else {
                    throw ImageLayersError(
                        .network, "HTTP \(response.status) redirect without a usable Location", context: current)
                }
                redirects += 1
                guard redirects <= HTTPFetcher.maximumRedirects else {
                    throw ImageLayersError(
                        .network, "more than \(HTTPFetcher.maximumRedirects) redirects", context: current)
                }
                current = next
            case let status where HTTPRetryPolicy.retryableStatuses.contains(status):
                guard attempt < retries.maximumAttempts else {
                    throw ImageLayersError(
                        .network, HTTPFetcher.summary(response) + " (after \(attempt) tries)", context: current)
                }
                try await HTTPFetcher.pause(
                    retries.delay(after: attempt, retryAfter: response.header("Retry-After")), url: current)
                attempt += 1
            default:
                return response
            }
        }
    }

    /// Sleeps before another try; cancellation ends the wait with an error.
    private static func pause(_ delay: Duration, url: String) async throws(ImageLayersError) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw ImageLayersError(.cancelled, "cancelled", context: url)
        }
    }

    /// `scheme://host:port` of a URL, lowercased, default ports made explicit; `nil` if it has no host.
    static func origin(of url: String) -> String? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            let host = parsed.host?.lowercased()
        else { return nil }
        let port = parsed.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }

    /// `HTTP 404 (MANIFEST_UNKNOWN: manifest unknown)`: the status and, when the body is a registry error
    /// document (Distribution API, "Errors") or a daemon's `{"message": …}`, its first error; one line.
    static func summary(_ response: HTTPResponse) -> String {
        var text = "HTTP \(response.status)"
        let reason = HTTPResponseStatus(statusCode: response.status).reasonPhrase
        if !reason.isEmpty, !reason.hasPrefix("<") { text += " " + reason }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            return text
        }
        if let errors = object["errors"] as? [[String: Any]], let first = errors.first {
            let code = first["code"] as? String ?? ""
            let message = first["message"] as? String ?? ""
            let detail = [code, message].filter { !$0.isEmpty }.joined(separator: ": ")
            if !detail.isEmpty { text += " (\(HTTPTransport.oneLine(detail, limit: 160)))" }
        } else if let message = object["message"] as? String, !message.isEmpty {
            text += " (\(HTTPTransport.oneLine(message, limit: 160)))"
        }
        return text
    }
}
