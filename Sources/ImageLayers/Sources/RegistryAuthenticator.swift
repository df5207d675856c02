import Foundation

/// A `WWW-Authenticate` challenge (RFC 9110 §11.6.1): a scheme and its parameters.
struct AuthenticationChallenge: Sendable, Hashable {
    /// The scheme, lowercased: `bearer` or `basic`.
    let scheme: String
    /// Parameters by lowercased name (`realm`, `service`, `scope`, `error`).
    let parameters: [String: String]

    /// Parses every challenge in a header value, e.g. `Bearer realm="https://auth/token",service="reg",scope="repository:a:pull,push"`.
    static func parse(_ header: String) -> [AuthenticationChallenge] {
        var challenges: [AuthenticationChallenge] = []
        var scanner = Substring(header)
        func skipSpaces() { scanner = scanner.drop { $0 == " " || $0 == "\t" || $0 == "," } }
        func token() -> String {
            let value = scanner.prefix { !" \t,=\"".contains($0) }
            scanner = scanner.dropFirst(value.count)
            return String(value)
        }
        skipSpaces()
        while !scanner.isEmpty {
            let scheme = token().lowercased()
            guard !scheme.isEmpty else { break }
            var parameters: [String: String] = [:]
            while true {
                skipSpaces()
                let saved = scanner
                let name = token()
                scanner = scanner.drop { $0 == " " || $0 == "\t" }
                guard !name.isEmpty, scanner.first == "=" else {
                    scanner = saved  // the next challenge's scheme
                    break
                }
                scanner = scanner.dropFirst().drop { $0 == " " || $0 == "\t" }
                var value = ""
                if scanner.first == "\"" {
                    scanner = scanner.dropFirst()
                    while let character = scanner.first, character != "\"" {
                        scanner = scanner.dropFirst()
                        if character == "\\", let escaped = scanner.first {
                            value.append(escaped)
                            scanner = scanner.dropFirst()
                        } else {
                            value.append(character)
                        }
                    }
                    scanner = scanner.dropFirst()
                } else {
                    value = token()
                }
                parameters[name.lowercased()] = value
            }
            challenges.append(AuthenticationChallenge(scheme: scheme, parameters: parameters))
        }
        return challenges
    }
}

/// Authenticates a registry's requests as it asks: nothing for anonymous registries, Basic credentials, or
/// Bearer tokens from the token server its `WWW-Authenticate` challenge names (Docker's token protocol:
/// `GET realm?service=…&scope=…`, with Basic credentials when there are some), cached per scope until they
/// expire and fetched again when the registry rejects one.
actor RegistryAuthenticator {
    /// What the registry asked for.
    private enum Scheme {
        /// Nothing yet: requests go out anonymous.
        case anonymous
        /// Basic credentials.
        case basic
        /// Tokens from `realm` for `service`.
        case bearer(realm: String, service: String?)
    }

    /// A token and when it stops being valid.
    private struct Token {
        /// The `Authorization` header value.
        let authorization: String
        /// When to fetch another.
        let expires: ContinuousClock.Instant
    }

    /// The registry, for messages.
    let registry: String
    /// The credentials, if any.
    let credentials: RegistryCredentials?
    /// Where the credentials came from, for messages.
    let credentialSource: String
    /// Fetches tokens.
    let fetcher: HTTPFetcher
    /// Whether credentials may go to a token realm over plain HTTP (only when the registry itself is plain HTTP).
    let allowsPlainHTTPRealm: Bool
    /// The scheme the registry asked for.
    private var scheme = Scheme.anonymous
    /// Tokens by scope.
    private var tokens: [String: Token] = [:]

    /// Creates an authenticator for `registry`.
    init(
        registry: String, credentials: RegistryCredentials?, credentialSource: String, fetcher: HTTPFetcher,
        allowsPlainHTTPRealm: Bool
    ) {
        self.registry = registry
        self.credentials = credentials
        self.credentialSource = credentialSource
        self.fetcher = fetcher
        self.allowsPlainHTTPRealm = allowsPlainHTTPRealm
    }

    /// The `Authorization` value for a request needing `scope`, fetching a fresh token if the cached one expired.
    func authorization(scope: String) async throws(ImageLayersError) -> String? {
        switch scheme {
        case .anonymous:
            return nil
        case .basic:
            return credentials?.basicAuthorization
        case .bearer(let realm, let service):
            if let token = tokens[scope], ContinuousClock.now < token.expires { return token.authorization }
            return try await fetchToken(realm: realm, service: service, scope: scope, cacheAs: scope)
        }
    }

    /// Answers a 401's challenge: learns the scheme and returns the `Authorization` value to try next.
    ///
    /// - Parameters:
    ///   - headers: the response's `WWW-Authenticate` values.
    ///   - scope: the scope the request needs (`repository:NAME:pull`), used when the challenge names none.
    func respond(to headers: [String], scope: String, url: String) async throws(ImageLayersError) -> String {
        let challenges = headers.flatMap(AuthenticationChallenge.parse)
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }), let realm = bearer.parameters["realm"] {
            let service = bearer.parameters["service"]
            scheme = .bearer(realm: realm, service: service)
            tokens[scope] = nil
            return try await fetchToken(
                realm: realm, service: service, scope: bearer.parameters["scope"] ?? scope, cacheAs: scope)
        }
        if challenges.contains(where: { $0.scheme == "basic" }) {
            scheme = .basic
            guard let credentials else { throw missingCredentials(url: url, scheme: "Basic") }
            return credentials.basicAuthorization
        }
        let offered = challenges.map(\.scheme).joined(separator: ", ")
        throw ImageLayersError(
            .network,
            "HTTP 401 Unauthorized without a usable WWW-Authenticate challenge"
                + (offered.isEmpty ? "" : " (offered: \(offered))"), context: url)
    }

    /// The error for a registry that rejected what was sent last.
    func rejected(url: String, summary: String) -> ImageLayersError {
        guard let credentials else { return missingCredentials(url: url, scheme: nil) }
        return ImageLayersError(
            .network, "\(summary): \(registry) rejected the \(credentials) (\(credentialSource))", context: url)
    }

    /// The error for a registry that needs credentials when there are none.
    private func missingCredentials(url: String, scheme: String?) -> ImageLayersError {
        let how = scheme.map { " (\($0) authentication)" } ?? ""
        return ImageLayersError(
            .network,
            "HTTP 401 Unauthorized: \(registry) requires credentials\(how) and none were given nor found in "
                + "the Docker config; pass a user name and password or log in with docker login", context: url)
    }

    /// Fetches a token from the token server and caches it under `cacheAs`.
    private func fetchToken(realm: String, service: String?, scope: String, cacheAs key: String)
        async throws(ImageLayersError) -> String
    {
        guard var components = URLComponents(string: realm), components.host != nil else {
            throw ImageLayersError(.network, "the token realm is not a URL", context: realm)
        }
        if credentials != nil, components.scheme?.lowercased() == "http", !allowsPlainHTTPRealm {
            throw ImageLayersError(
                .network, "the token realm is plain HTTP: credentials are not sent over it from an HTTPS registry",
                context: realm)
        }
        var query = components.queryItems ?? []
        if let service { query.append(URLQueryItem(name: "service", value: service)) }
        for part in scope.split(separator: " ") { query.append(URLQueryItem(name: "scope", value: String(part))) }
        components.queryItems = query
        // `+` is a space in query strings: a scope never has one, so encode the plus signs it may have.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.url?.absoluteString else {
            throw ImageLayersError(.network, "the token realm is not a URL", context: realm)
        }
        let origin = HTTPFetcher.origin(of: url)
        let response = try await fetcher.fetch(
            url, headers: [("Accept", "application/json")], authorization: credentials?.basicAuthorization,
            origin: origin, handling: .collect(limit: 1 << 20))
        switch response.status {
        case 200..<300:
            break
        case 401, 403:
            guard let credentials else { throw missingCredentials(url: url, scheme: "Bearer") }
            throw ImageLayersError(
                .network,
                "\(HTTPFetcher.summary(response)): the token server rejected the \(credentials) (\(credentialSource))",
                context: url)
        default:
            throw ImageLayersError(.network, "token server: \(HTTPFetcher.summary(response))", context: url)
        }
        struct TokenResponse: Decodable {
            /// The token (Docker's name).
            let token: String?
            /// The token (OAuth 2's name).
            let accessToken: String?
            /// Seconds it is valid for.
            let expiresIn: Int?

            /// JSON keys.
            enum CodingKeys: String, CodingKey {
                case token
                case accessToken = "access_token"
                case expiresIn = "expires_in"
            }
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(response.body)),
            let token = [decoded.token, decoded.accessToken].compactMap({ $0 }).first(where: { !$0.isEmpty })
        else {
            throw ImageLayersError(.network, "the token server's answer has no token", context: url)
        }
        // Tokens without a lifetime last 60 s (token specification); refresh a little early.
        let lifetime = max(decoded.expiresIn ?? 60, 1)
        let authorization = "Bearer " + token
        tokens[key] = Token(
            authorization: authorization,
            expires: ContinuousClock.now + .seconds(lifetime) - .seconds(min(10, lifetime / 4)))
        return authorization
    }
}
