import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer: status, the validators, and the body.
struct HTTPReply: Sendable {
    /// The status code.
    let status: Int
    /// `ETag`, if given.
    let etag: String?
    /// `Last-Modified`, if given.
    let lastModified: String?
    /// The body.
    let body: [UInt8]
}
