/// How ``RegistrySource`` talks to a registry: transport, credentials, foreign layers, timeouts and retries.
public struct RegistryOptions: Sendable, Hashable {
    /// Whether to speak plain HTTP instead of HTTPS (for a registry on 127.0.0.1; never for a remote one).
    public var plainHTTP: Bool
    /// Credentials to use; when `nil`, those `~/.docker/config.json` holds for the registry (if reading it is
    /// allowed), else anonymous access.
    public var credentials: RegistryCredentials?
    /// Whether credentials may come from the Docker config when none are given.
    public var readsDockerConfig: Bool
    /// The Docker config file to read (default: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`).
    public var dockerConfigPath: String?
    /// Hosts (`host` or `host:port`, case-insensitive) from which foreign / non-distributable layers may be
    /// fetched through their descriptors' `urls` when the registry does not hold them. Empty: none.
    public var allowedForeignHosts: Set<String>
    /// Connect and read timeouts.
    public var timeouts: HTTPTimeouts
    /// How many times a request is tried on connection errors, timeouts, 429 and 5xx answers (at least 1).
    public var maximumAttempts: Int
    /// The wait before the first retry, doubled for each further one.
    public var retryDelay: Duration
    /// The longest wait between tries, including one a server asks for with `Retry-After`.
    public var maximumRetryDelay: Duration

    /// Creates options; the defaults speak HTTPS, read the Docker config, allow no foreign host, wait 10 s to
    /// connect and 60 s for data, and try each request 3 times.
    public init(
        plainHTTP: Bool = false, credentials: RegistryCredentials? = nil, readsDockerConfig: Bool = true,
        dockerConfigPath: String? = nil, allowedForeignHosts: Set<String> = [], timeouts: HTTPTimeouts = HTTPTimeouts(),
        maximumAttempts: Int = 3, retryDelay: Duration = .milliseconds(500), maximumRetryDelay: Duration = .seconds(10)
    ) {
        self.plainHTTP = plainHTTP
        self.credentials = credentials
        self.readsDockerConfig = readsDockerConfig
        self.dockerConfigPath = dockerConfigPath
        self.allowedForeignHosts = allowedForeignHosts
        self.timeouts = timeouts
        self.maximumAttempts = maximumAttempts
        self.retryDelay = retryDelay
        self.maximumRetryDelay = maximumRetryDelay
    }

    /// The retry policy these options describe.
    var retries: HTTPRetryPolicy {
        HTTPRetryPolicy(
            maximumAttempts: max(1, maximumAttempts), firstDelay: retryDelay, maximumDelay: maximumRetryDelay)
    }
}
