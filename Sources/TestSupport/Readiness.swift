import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Waiting for servers to be ready, bounded.
public enum Readiness {
    /// A free TCP port on 127.0.0.1 (the kernel's pick; free when this returns).
    public static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServerError(description: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socket, raw, length) == 0 && getsockname(socket, raw, &length) == 0
            }
        }
        guard bound else { throw ServerError(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    public static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                connect(socket, raw, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until `ready` holds, the server died, or `timeout` passed.
    public static func wait(
        for server: ServerProcess, timeout: Duration = .seconds(20), _ ready: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !ready() {
            guard server.isRunning else {
                throw ServerError(description: "\(server.name) exited early: \(server.output)")
            }
            guard ContinuousClock.now < deadline else {
                throw ServerError(description: "\(server.name) not ready within \(timeout): \(server.output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
