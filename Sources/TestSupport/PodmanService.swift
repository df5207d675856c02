import Foundation

/// Podman's Docker-compatible API service on a unix socket, with its storage in the test's scratch folder.
public final class PodmanService: @unchecked Sendable {
    /// The service process.
    public let process: ServerProcess
    /// The socket.
    public let socket: String
    /// podman's global options (storage, run and temporary folders; no systemd).
    public let globalOptions: [String]
    /// Where commands write their logs.
    public let folder: String
    /// A short folder under /tmp for the run root and the socket (podman wants a run root under 50 bytes, a
    /// unix socket path must fit in 108), removed on stop.
    public let shortFolder: String

    /// Starts `podman system service` with a fresh vfs storage.
    public init(in scratch: Scratch) async throws {
        folder = scratch.url.appendingPathComponent("podman").path
        shortFolder = "/tmp/winscan-podman-" + UUID().uuidString.prefix(8)
        for sub in [folder + "/root", folder + "/tmp", shortFolder + "/run"] {
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        }
        globalOptions = [
            "--root", folder + "/root", "--runroot", shortFolder + "/run", "--tmpdir", folder + "/tmp",
            "--storage-driver", "vfs", "--events-backend", "none", "--cgroup-manager", "cgroupfs",
        ]
        let socket = shortFolder + "/podman.sock"
        self.socket = socket
        process = try ServerProcess(
            "podman system service", executable: try Tools.require("podman"),
            arguments: globalOptions + ["system", "service", "--time=0", "unix://" + socket],
            logPath: folder + "/service.log")
        try await Readiness.wait(for: process, timeout: .seconds(30)) { FileManager.default.fileExists(atPath: socket) }
    }

    /// `podman load` of a `docker save` archive into the service's storage.
    public func load(_ archive: String) async throws {
        try await ServerProcess.run(
            try Tools.require("podman"), globalOptions + ["load", "--quiet", "--input", archive], in: folder,
            timeout: .seconds(90))
    }

    /// Stops the service and removes the short folder.
    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: shortFolder)
    }
}
