import AsyncHTTPClient
import Foundation
import NIOCore

/// What one GET of a platform file gave.
enum MediaDownload: Sendable {
    case file(Data, contentType: String?)
    /// The body (or its declared length) passed the bound: nothing was kept.
    case tooLarge
    case refused(status: Int)
    /// Nothing answered (connection refused, timeout).
    case noAnswer(String)

    /// One GET with an optional bearer token, reading at most `maxBytes`.
    typealias Get = @Sendable (_ url: String, _ bearer: String?, _ maxBytes: Int) async -> MediaDownload

    /// Over AsyncHTTPClient, bounded to a minute per file.
    static func http(_ client: HTTPClient) -> Get {
        { url, bearer, maxBytes in
            var request = HTTPClientRequest(url: url)
            if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .seconds(60))
            } catch {
                return .noAnswer("\(error)")
            }
            guard response.status.code == 200 else { return .refused(status: Int(response.status.code)) }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes { return .tooLarge }
            do {
                let body = try await response.body.collect(upTo: maxBytes)
                return .file(Data(body.readableBytesView), contentType: response.headers.first(name: "Content-Type"))
            } catch is NIOTooManyBytesError {
                return .tooLarge
            } catch {
                return .noAnswer("\(error)")
            }
        }
    }
}
