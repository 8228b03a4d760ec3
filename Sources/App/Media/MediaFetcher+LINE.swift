import Domain
import Foundation
import Storage

extension MediaFetcher {
    struct Refusal: Error {
        var reason: String
    }

    /// LINE keeps what a customer sends through LINE at `GET {api-data}/v2/bot/message/{id}/content`, read with the
    /// channel access token (platforms.md §6.1).
    func lineContent(_ fetch: MediaFetch) -> Result<(url: String, bearer: String), Refusal> {
        guard let channelToken = token(fetch.channel) else {
            return .failure(Refusal(reason: "the channel has no access token to fetch LINE content with"))
        }
        let messageID = String(fetch.source.dropFirst("line-content:".count))
        guard !messageID.isEmpty, messageID.allSatisfy(\.isNumber) else {
            return .failure(Refusal(reason: "not a LINE message id: \(messageID)"))
        }
        return .success(("\(lineDataBase)/v2/bot/message/\(messageID)/content", channelToken))
    }
}
