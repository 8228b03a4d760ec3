import Foundation

/// One line of X's filtered stream, read (platforms.md §5.5): a matched tweet with the rules it matched, or
/// X's in-band errors (`operational-disconnect` and the like), after which X closes the connection.
public enum XStreamMessage: Sendable, Equatable {
    /// A tweet: its id and the tags of the rules it matched; the line itself is what gets stored.
    case tweet(id: String, tags: [String])
    case errors([Problem])
    /// Valid JSON of no known shape, or not JSON at all: logged, never stored.
    case unreadable(String)

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var title: String
        public var detail: String?
        public var disconnectType: String?

        public var description: String {
            [title, disconnectType.map { "(\($0))" }, detail].compactMap { $0 }.joined(separator: " ")
        }
    }

    public static func parse(_ line: Data) -> XStreamMessage {
        guard let object = (try? JSONSerialization.jsonObject(with: line)) as? JSONObject else {
            return .unreadable("not a JSON object (\(line.count) bytes)")
        }
        if let data = object.object("data"), let id = data.string("id") {
            return .tweet(id: id, tags: object.objects("matching_rules").compactMap { $0.string("tag") })
        }
        let problems = object.objects("errors").map { error in
            Problem(title: error.string("title") ?? error.string("message") ?? "error", detail: error.string("detail"),
                    disconnectType: error.string("disconnect_type"))
        }
        if !problems.isEmpty { return .errors(problems) }
        return .unreadable("a JSON object with neither 'data' nor 'errors' (keys: \(object.keys.sorted().joined(separator: ", ")))")
    }

    /// The delivery Parley stores for a stream tweet on the channel of `account`: shaped like an Account Activity
    /// delivery, `{"for_user_id": account, "stream_tweet_events": [line]}`, so the X splitter handles it and gives
    /// it the same dedupe key as the tweet's webhook. The line's bytes are kept as they came (ids never re-encoded).
    public static func delivery(account: String, line: Data) -> Data {
        let quoted = (try? JSONSerialization.data(withJSONObject: [account])).map { Data($0.dropFirst().dropLast()) } ?? Data("\"\"".utf8)
        var body = Data(#"{"for_user_id":"#.utf8)
        body += quoted
        body += Data(#","stream_tweet_events":["#.utf8)
        body += line
        body += Data("]}".utf8)
        return body
    }
}
